"""The functions and triggers of migrations 0003 to 0010, now run from vacancies/db/,
where each is written once, as it currently is.

Nothing changes in a database at 0012: the files hold the definitions those migrations
left, to the byte. So going back to 0012 has nothing to undo (further back, the older
migrations drop what they made).
"""

from django.db import migrations

from vacancies.db import RunFiles


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0012_clean_text_glyphs")]

    operations = [
        RunFiles(
            {
                "search.sql": "236058cc4bf0",
                "call_copies.sql": "5b9026bc2e02",
                "content_version.sql": "0aeecb7323d9",
                "post_counts.sql": "d49afbcf95ee",
            },
            reverse_sql=migrations.RunSQL.noop,
        )
    ]
