"""Request counters of the rate limits (missionjobs.middleware.RateLimitMiddleware).

UNLOGGED: counters are not worth a write-ahead log; after a crash Postgres empties the
table, which forgives every client once. No Django model: nothing but the middleware's
one statement reads or writes it.
"""

from django.db import migrations

CREATE = """
CREATE UNLOGGED TABLE vacancies_ratelimit (
    key text PRIMARY KEY,
    expires_at timestamptz NOT NULL,
    hits integer NOT NULL
);
CREATE INDEX vacancies_ratelimit_expires_at ON vacancies_ratelimit (expires_at);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("vacancies", "0007_history"),
    ]

    operations = [migrations.RunSQL(CREATE, "DROP TABLE vacancies_ratelimit;")]
