"""Search words: a slash or a hyphen between letters splits words, in the posts' search
vectors and in queries, and British and American spellings find each other
(vacancies/db/search.sql). The vectors of the posts already stored are computed again.
"""

from django.db import migrations

from vacancies.db import RunFiles

# One statement, however many posts; only the rows whose vector changes are written (a
# title or job description with a slash or hyphen between letters).
RECOMPUTE_SEARCH_VECTORS = """
    UPDATE vacancies_post post SET search_vector = recomputed.document
    FROM (SELECT id, vacancies_post_document(p) AS document FROM vacancies_post p) recomputed
    WHERE recomputed.id = post.id AND post.search_vector IS DISTINCT FROM recomputed.document
"""


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0014_places")]

    operations = [
        RunFiles({"search.sql": "99664a40a542"}, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(RECOMPUTE_SEARCH_VECTORS, reverse_sql=migrations.RunSQL.noop),
    ]
