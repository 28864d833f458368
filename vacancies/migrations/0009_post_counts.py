"""Each post carries its call's mission (kept by the copy triggers of migration 0005, now
extended), and the PostCount table, which migration 0010's triggers fill.

The facet counts of the list (how many posts each option would show) grouped a million
posts, joined to their calls for the mission, on every request; they now add up a few
thousand PostCount rows.
"""

import django.db.models.deletion
from django.db import migrations, models

COPIES = """
-- Fill the copies before the trigger learns of mission_id: one pass, no per-row lookups.
UPDATE vacancies_post post SET mission_id = call.mission_id
FROM vacancies_call call WHERE call.id = post.call_id;

CREATE OR REPLACE FUNCTION vacancies_post_copy_call() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT call.status, call.deadline, call.published_at, call.mission_id
    INTO NEW.call_status, NEW.deadline, NEW.published_at, NEW.mission_id
    FROM vacancies_call call WHERE call.id = NEW.call_id;
    RETURN NEW;
END
$$;

DROP TRIGGER vacancies_post_copy_call ON vacancies_post;
CREATE TRIGGER vacancies_post_copy_call
    BEFORE INSERT OR UPDATE OF call_id, call_status, deadline, published_at, mission_id
    ON vacancies_post FOR EACH ROW EXECUTE FUNCTION vacancies_post_copy_call();

CREATE OR REPLACE FUNCTION vacancies_call_copy_to_posts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE vacancies_post SET call_status = NEW.status, deadline = NEW.deadline,
                              published_at = NEW.published_at, mission_id = NEW.mission_id
    WHERE call_id = NEW.id;
    RETURN NULL;
END
$$;

DROP TRIGGER vacancies_call_copy_to_posts ON vacancies_call;
CREATE TRIGGER vacancies_call_copy_to_posts
    AFTER UPDATE OF status, deadline, published_at, mission_id ON vacancies_call FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.deadline IS DISTINCT FROM NEW.deadline
          OR OLD.published_at IS DISTINCT FROM NEW.published_at
          OR OLD.mission_id IS DISTINCT FROM NEW.mission_id)
    EXECUTE FUNCTION vacancies_call_copy_to_posts();
"""

COPIES_DROP = """
DROP TRIGGER vacancies_call_copy_to_posts ON vacancies_call;
CREATE OR REPLACE FUNCTION vacancies_call_copy_to_posts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE vacancies_post SET call_status = NEW.status, deadline = NEW.deadline,
                              published_at = NEW.published_at
    WHERE call_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER vacancies_call_copy_to_posts
    AFTER UPDATE OF status, deadline, published_at ON vacancies_call FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.deadline IS DISTINCT FROM NEW.deadline
          OR OLD.published_at IS DISTINCT FROM NEW.published_at)
    EXECUTE FUNCTION vacancies_call_copy_to_posts();

DROP TRIGGER vacancies_post_copy_call ON vacancies_post;
CREATE OR REPLACE FUNCTION vacancies_post_copy_call() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT call.status, call.deadline, call.published_at
    INTO NEW.call_status, NEW.deadline, NEW.published_at
    FROM vacancies_call call WHERE call.id = NEW.call_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER vacancies_post_copy_call
    BEFORE INSERT OR UPDATE OF call_id, call_status, deadline, published_at
    ON vacancies_post FOR EACH ROW EXECUTE FUNCTION vacancies_post_copy_call();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("vacancies", "0008_rate_limit_counters"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="mission",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="vacancies.mission",
            ),
        ),
        migrations.RunSQL(COPIES, COPIES_DROP),
        migrations.CreateModel(
            name="PostCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("call_status", models.CharField(max_length=20)),
                ("regime", models.CharField(max_length=30)),
                ("clearance", models.PositiveSmallIntegerField(null=True)),
                ("open_to_third_states", models.BooleanField(null=True)),
                ("deadline", models.DateTimeField()),
                ("posts", models.IntegerField()),
                (
                    "mission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="vacancies.mission",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "mission",
                            "call_status",
                            "regime",
                            "clearance",
                            "open_to_third_states",
                            "deadline",
                        ),
                        name="post_count_key",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
    ]
