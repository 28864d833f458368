"""Generated data is marked, so that it, and only it, can be cleared: a generated mission's
slug starts with "generated-" and its name ends in "(generated)". Its rows, with real
organisations, are created, completed after the load, and cleared here."""

from collections.abc import Callable

from django.contrib.postgres.search import SearchVectorField
from django.db import connection, transaction
from django.db.models import F
from django.utils.text import slugify

from vacancies.models import Call, CallPart, Mission, Organisation, Post, Section, Vacancy

from .bulk import delete_cascading
from .world import MISSIONS, ORGANISATIONS

GENERATED_SLUG_PREFIX = "generated-"
GENERATED_NAME_SUFFIX = " (generated)"


def generated_missions():
    return Mission.objects.filter(
        slug__startswith=GENERATED_SLUG_PREFIX, name__endswith=GENERATED_NAME_SUFFIX
    )


def generated_posts():
    return Post.objects.filter(call__mission__in=generated_missions())


def clear_generated() -> int:
    """Delete the generated missions and everything under them, set-based; return the number
    of posts deleted. Real missions, their calls and the organisations are left alone."""
    count = generated_posts().count()
    missions = list(generated_missions().values_list("pk", flat=True))
    if not missions:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        delete_cascading(
            cursor, Call, f"{Call._meta.get_field('mission').column} = ANY(%s)", [missions]
        )
        delete_cascading(cursor, Mission, "id = ANY(%s)", [missions])
    return count


def create_missions(indexes: list[int]) -> dict[int, Mission]:
    """The missions of MISSIONS at ``indexes``, marked, under the real organisations."""
    organisations = {
        key: Organisation.objects.get_or_create(name=name, defaults={"acronym": key})[0]
        for key, name in ORGANISATIONS.items()
    }
    missions = Mission.objects.bulk_create(
        Mission(
            organisation=organisations[MISSIONS[i].organisation],
            name=MISSIONS[i].name + GENERATED_NAME_SUFFIX,
            acronym=MISSIONS[i].acronym,
            country=MISSIONS[i].country,
            slug=GENERATED_SLUG_PREFIX + slugify(MISSIONS[i].acronym),
        )
        for i in indexes
    )
    return dict(zip(indexes, missions, strict=True))


def fill_derived_columns(progress: Callable[[str], None], warn: Callable[[str], None]) -> None:
    """Search vectors are computed by the database on insert (vacancies/db/search.sql).
    Should a vector still be empty (a trigger that no longer fires on insert), have the
    database compute it once, set-based, by touching the post: its update trigger does."""
    for f in Post._meta.concrete_fields:
        if not isinstance(f, SearchVectorField):
            continue
        empty = generated_posts().filter(**{f"{f.attname}__isnull": True})
        if not empty.exists():
            continue
        updated = empty.update(title=F("title"))
        if empty.exists():
            warn(
                f"Post.{f.name} is still empty on generated posts: nothing in the database "
                "fills it on insert or update. Teach generate_posts how to compute it."
            )
        else:
            progress(f"Filled Post.{f.name} of {updated:,} posts.")


def analyze() -> None:
    """Fresh statistics for the planner: a million new rows would otherwise be invisible."""
    with connection.cursor() as cursor:
        for model in (Organisation, Mission, Call, CallPart, Post, Vacancy, Section):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
