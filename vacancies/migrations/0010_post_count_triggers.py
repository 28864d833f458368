"""The triggers that keep PostCount in step with the posts, whatever writes them.

Statement triggers with transition tables: a COPY of 10,000 posts makes one upsert of its
grouped rows, not 10,000. Before each change the trigger folds the rows whose deadline has
passed into the CLOSED_DEADLINE row of their group; it counts a post under its deadline
while the post is open and under CLOSED_DEADLINE once it is not, so a count is taken back
under the key it was added to, and the archive stays a few hundred rows.

A migration of its own: the unique index the upserts need is made at the end of the
migration that creates the table (0009).
"""

from django.db import migrations

CLOSED = "'0001-01-01 00:00+00'::timestamptz"  # PostCount.CLOSED_DEADLINE
KEY = "mission_id, call_status, regime, clearance, open_to_third_states"


def add_counts(changes: str) -> str:
    """Add up ``changes`` (rows of posts, with n = +1 or -1) into PostCount."""
    return f"""
        INSERT INTO vacancies_postcount AS counted ({KEY}, deadline, posts)
        SELECT {KEY}, CASE WHEN deadline > now() THEN deadline ELSE {CLOSED} END, sum(n)
        FROM ({changes}) changes
        GROUP BY {KEY}, 6 HAVING sum(n) <> 0
        ON CONFLICT ({KEY}, deadline) DO UPDATE SET posts = counted.posts + EXCLUDED.posts;"""


COUNTS = f"""
CREATE FUNCTION vacancies_fold_closed_post_counts() RETURNS void
LANGUAGE sql AS $$
    WITH closed AS (
        DELETE FROM vacancies_postcount WHERE deadline <= now() AND deadline > {CLOSED}
        RETURNING {KEY}, posts
    )
    INSERT INTO vacancies_postcount AS counted ({KEY}, deadline, posts)
    SELECT {KEY}, {CLOSED}, sum(posts) FROM closed GROUP BY {KEY}
    ON CONFLICT ({KEY}, deadline) DO UPDATE SET posts = counted.posts + EXCLUDED.posts;
$$;

CREATE FUNCTION vacancies_post_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM vacancies_postcount;
        RETURN NULL;
    END IF;
    PERFORM vacancies_fold_closed_post_counts();
    IF TG_OP = 'INSERT' THEN
        {add_counts(f"SELECT {KEY}, deadline, 1 AS n FROM new_posts")}
    ELSIF TG_OP = 'DELETE' THEN
        {add_counts(f"SELECT {KEY}, deadline, -1 AS n FROM old_posts")}
    ELSE
        {
    add_counts(
        f"SELECT {KEY}, deadline, 1 AS n FROM new_posts "
        f"UNION ALL SELECT {KEY}, deadline, -1 FROM old_posts"
    )
}
    END IF;
    DELETE FROM vacancies_postcount WHERE posts = 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER vacancies_post_count_insert
    AFTER INSERT ON vacancies_post REFERENCING NEW TABLE AS new_posts
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_post_count();
CREATE TRIGGER vacancies_post_count_update
    AFTER UPDATE ON vacancies_post REFERENCING OLD TABLE AS old_posts NEW TABLE AS new_posts
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_post_count();
CREATE TRIGGER vacancies_post_count_delete
    AFTER DELETE ON vacancies_post REFERENCING OLD TABLE AS old_posts
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_post_count();
CREATE TRIGGER vacancies_post_count_truncate
    AFTER TRUNCATE ON vacancies_post
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_post_count();

-- The posts that exist already.
{add_counts(f"SELECT {KEY}, deadline, 1 AS n FROM vacancies_post")}
"""

COUNTS_DROP = """
DROP TRIGGER vacancies_post_count_truncate ON vacancies_post;
DROP TRIGGER vacancies_post_count_delete ON vacancies_post;
DROP TRIGGER vacancies_post_count_update ON vacancies_post;
DROP TRIGGER vacancies_post_count_insert ON vacancies_post;
DROP FUNCTION vacancies_post_count();
DROP FUNCTION vacancies_fold_closed_post_counts();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("vacancies", "0009_post_counts"),
    ]

    operations = [migrations.RunSQL(COUNTS, COUNTS_DROP)]
