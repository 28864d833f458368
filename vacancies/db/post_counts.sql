-- PostCount: how many posts share each key (mission_id, call_status, regime, clearance,
-- open_to_third_states, country) and deadline. The list's facet counts add up these few thousand
-- rows instead of a million posts; the key is the fields of listing.facets.FACETS.
-- A post is counted under its deadline while it is open and under PostCount.CLOSED_DEADLINE
-- ('0001-01-01 00:00+00') once it is not: before each change, rows whose deadline has
-- passed are folded into the closed row of their key, so a count is taken back under the
-- key it was added to, and the archive stays a few hundred rows.
-- Statement triggers with transition tables: a COPY of 10,000 posts makes one upsert of its
-- grouped rows, not 10,000. The upserts need the unique index post_count_key.

-- plpgsql, not sql: its body is checked when it runs, not when it is created, so that
-- migration 0013, which runs today's file, can create it before 0014 adds the country.
CREATE OR REPLACE FUNCTION vacancies_fold_closed_post_counts() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    WITH closed AS (
        DELETE FROM vacancies_postcount WHERE deadline <= now() AND deadline > '0001-01-01 00:00+00'::timestamptz
        RETURNING mission_id, call_status, regime, clearance, open_to_third_states, country, posts
    )
    INSERT INTO vacancies_postcount AS counted (mission_id, call_status, regime, clearance, open_to_third_states, country, deadline, posts)
    SELECT mission_id, call_status, regime, clearance, open_to_third_states, country, '0001-01-01 00:00+00'::timestamptz, sum(posts) FROM closed GROUP BY mission_id, call_status, regime, clearance, open_to_third_states, country
    ON CONFLICT (mission_id, call_status, regime, clearance, open_to_third_states, country, deadline) DO UPDATE SET posts = counted.posts + EXCLUDED.posts;
END
$$;

-- The body is as migration 0010 generated it from one template, three times over (hence
-- its long lines and blank lines): rewriting it means a migration, like any change here.
CREATE OR REPLACE FUNCTION vacancies_post_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM vacancies_postcount;
        RETURN NULL;
    END IF;
    PERFORM vacancies_fold_closed_post_counts();
    IF TG_OP = 'INSERT' THEN
        
        INSERT INTO vacancies_postcount AS counted (mission_id, call_status, regime, clearance, open_to_third_states, country, deadline, posts)
        SELECT mission_id, call_status, regime, clearance, open_to_third_states, country, CASE WHEN deadline > now() THEN deadline ELSE '0001-01-01 00:00+00'::timestamptz END, sum(n)
        FROM (SELECT mission_id, call_status, regime, clearance, open_to_third_states, country, deadline, 1 AS n FROM new_posts) changes
        GROUP BY mission_id, call_status, regime, clearance, open_to_third_states, country, 7 HAVING sum(n) <> 0
        ON CONFLICT (mission_id, call_status, regime, clearance, open_to_third_states, country, deadline) DO UPDATE SET posts = counted.posts + EXCLUDED.posts;
    ELSIF TG_OP = 'DELETE' THEN
        
        INSERT INTO vacancies_postcount AS counted (mission_id, call_status, regime, clearance, open_to_third_states, country, deadline, posts)
        SELECT mission_id, call_status, regime, clearance, open_to_third_states, country, CASE WHEN deadline > now() THEN deadline ELSE '0001-01-01 00:00+00'::timestamptz END, sum(n)
        FROM (SELECT mission_id, call_status, regime, clearance, open_to_third_states, country, deadline, -1 AS n FROM old_posts) changes
        GROUP BY mission_id, call_status, regime, clearance, open_to_third_states, country, 7 HAVING sum(n) <> 0
        ON CONFLICT (mission_id, call_status, regime, clearance, open_to_third_states, country, deadline) DO UPDATE SET posts = counted.posts + EXCLUDED.posts;
    ELSE
        
        INSERT INTO vacancies_postcount AS counted (mission_id, call_status, regime, clearance, open_to_third_states, country, deadline, posts)
        SELECT mission_id, call_status, regime, clearance, open_to_third_states, country, CASE WHEN deadline > now() THEN deadline ELSE '0001-01-01 00:00+00'::timestamptz END, sum(n)
        FROM (SELECT mission_id, call_status, regime, clearance, open_to_third_states, country, deadline, 1 AS n FROM new_posts UNION ALL SELECT mission_id, call_status, regime, clearance, open_to_third_states, country, deadline, -1 FROM old_posts) changes
        GROUP BY mission_id, call_status, regime, clearance, open_to_third_states, country, 7 HAVING sum(n) <> 0
        ON CONFLICT (mission_id, call_status, regime, clearance, open_to_third_states, country, deadline) DO UPDATE SET posts = counted.posts + EXCLUDED.posts;
    END IF;
    DELETE FROM vacancies_postcount WHERE posts = 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER vacancies_post_count_insert
    AFTER INSERT ON vacancies_post REFERENCING NEW TABLE AS new_posts
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_post_count();
CREATE OR REPLACE TRIGGER vacancies_post_count_update
    AFTER UPDATE ON vacancies_post REFERENCING OLD TABLE AS old_posts NEW TABLE AS new_posts
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_post_count();
CREATE OR REPLACE TRIGGER vacancies_post_count_delete
    AFTER DELETE ON vacancies_post REFERENCING OLD TABLE AS old_posts
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_post_count();
CREATE OR REPLACE TRIGGER vacancies_post_count_truncate
    AFTER TRUNCATE ON vacancies_post
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_post_count();
