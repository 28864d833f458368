"""What Postgres writes: rows its triggers keep, never saved by Django.

PostCount is kept by the statement triggers of vacancies/db/post_counts.sql, ContentVersion
by those of vacancies/db/content_version.sql. (The columns Postgres writes on Post are
commented where Post declares them.)
"""

from datetime import UTC, datetime

from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.models import Q
from django.utils import timezone

from missionjobs.plans import plan_once

from .calls import Call, Mission
from .choices import CallStatus


class PostCount(models.Model):
    """How many posts share each combination of the fields the list counts by.

    Postgres keeps the rows (the statement triggers of vacancies/db/post_counts.sql, so a
    COPY of a million posts updates a few thousand rows), and the facet counts of the list
    read them instead of a million posts. A post whose deadline had passed when its row was
    written counts under ``CLOSED_DEADLINE``, far in the past: closed is all that is ever
    asked of it, so the archive folds into a few hundred rows. The field names are Post's,
    so the same ``q_*`` conditions filter both.
    """

    CLOSED_DEADLINE = datetime(1, 1, 1, tzinfo=UTC)

    mission = models.ForeignKey(Mission, on_delete=models.DO_NOTHING, related_name="+")
    call_status = models.CharField(max_length=20)
    regime = models.CharField(max_length=30)
    clearance = models.PositiveSmallIntegerField(null=True)
    open_to_third_states = models.BooleanField(null=True)
    country = models.CharField(max_length=2, default="", db_default="")
    deadline = models.DateTimeField()
    posts = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "mission",
                    "call_status",
                    "regime",
                    "clearance",
                    "open_to_third_states",
                    "country",
                    "deadline",
                ],
                nulls_distinct=False,
                name="post_count_key",
            ),
        ]

    def __str__(self):
        return f"{self.posts} posts"


class ContentVersion(models.Model):
    """One row that Postgres triggers bump whenever published content may have changed.

    Cached counts and pages, and the ETag/Last-Modified of public pages, are keyed on it
    (and on the last deadline passed, see ``current``), so a cache is never older than the
    data (vacancies/db/content_version.sql has the triggers).
    """

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="content_version_single_row")]

    def __str__(self):
        return f"version {self.number} of {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def current(cls, using: str | None = None) -> "ContentVersion":
        """The version, with ``last_deadline_passed``: when the latest published call to
        close closed (None before any has), read backwards on the (status, deadline) index;
        and ``next_deadline``, the earliest still ahead (None when none is open), read
        forwards on it: how long a public page stays true (its Cache-Control).

        Plain SQL: every public request asks, even a cache hit, and compiling the same
        query through the ORM took seven times as long as running it.

        From the database the request reads its posts from (missionjobs/db_router.py): on a
        replica, the replica's own version, which matches the rows it holds however far it
        lags, so a page is never cached under a newer version than the data it shows.
        """
        with connections[using or router.db_for_read(cls)].cursor() as cursor:
            now = timezone.now()
            cursor.execute(
                CURRENT_VERSION_SQL, [CallStatus.PUBLISHED, now, CallStatus.PUBLISHED, now]
            )
            row = cursor.fetchone()
        if row is None:  # migration 0006 makes the row; a flushed test database has none
            cls.objects.get_or_create(id=1)
            return cls.current(using=DEFAULT_DB_ALIAS)  # a replica may not have it yet
        number, changed_at, passed, ahead = row
        version = cls(id=1, number=number, changed_at=changed_at)
        version.last_deadline_passed = passed
        version.next_deadline = ahead
        return version


# Table names from the models' Meta; the values are parameters.
CURRENT_VERSION_SQL = plan_once(f"""
SELECT number, changed_at, (
    SELECT deadline FROM {Call._meta.db_table}
    WHERE status = %s AND deadline <= %s ORDER BY deadline DESC LIMIT 1
), (
    SELECT deadline FROM {Call._meta.db_table}
    WHERE status = %s AND deadline > %s ORDER BY deadline LIMIT 1
) FROM {ContentVersion._meta.db_table} WHERE id = 1
""")  # noqa: S608
