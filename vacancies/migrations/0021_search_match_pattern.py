"""The search's snippets are written from the job description's items that may hold a
searched word (vacancies_match_pattern), not from the whole of it: ts_headline parses all
that it is given."""

from django.db import migrations

from vacancies.db import RunFiles


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0020_post_mission_country_deadline")]

    operations = [RunFiles({"search.sql": "e63047c65fd8"}, reverse_sql=migrations.RunSQL.noop)]
