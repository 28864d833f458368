"""The open posts of one title, for the similar posts of a post page, read as an index
range: with only (title, id), a title shared by thousands of closed posts read them all.
Built without locking out writes."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("vacancies", "0018_post_published_by_title")]

    operations = [
        AddIndexConcurrently(
            model_name="post",
            index=models.Index(
                condition=models.Q(("call_status", "published")),
                fields=["title", "deadline"],
                name="post_published_title_deadline",
            ),
        ),
    ]
