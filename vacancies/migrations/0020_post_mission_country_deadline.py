"""The open posts of one mission and of one country, for the similar posts of a post page,
read as an index range: along the deadlines' index, a post page read past some 1,600 open
posts of the other missions for each (bench/LOAD.md, "Similar posts by index").
Built without locking out writes."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("vacancies", "0019_post_published_title_deadline")]

    operations = [
        AddIndexConcurrently(
            model_name="post",
            index=models.Index(
                condition=models.Q(("call_status", "published")),
                fields=["mission", "deadline"],
                name="post_mission_deadline",
            ),
        ),
        AddIndexConcurrently(
            model_name="post",
            index=models.Index(
                condition=models.Q(("call_status", "published")),
                fields=["country", "deadline"],
                name="post_country_deadline",
            ),
        ),
    ]
