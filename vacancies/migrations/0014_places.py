"""Places: each post's country, the place keys the location filter compares, and PostCount
keyed by country too (so the country facet is counted from it).

The existing posts get their country the way the importer gives it
(vacancies.importer.places.country_of); PostCount follows by its triggers.
"""

from django.db import migrations, models

import vacancies.models.conditions
from vacancies.db import RunFiles


def set_countries(apps, schema_editor):
    # Imported here: a later change to the vocabulary must not change what this migration
    # is, only what it finds; it is data, like the documents the posts came from.
    from vacancies.importer.places import country_of  # noqa: PLC0415

    post_model = apps.get_model("vacancies", "Post")
    # One UPDATE per distinct place, not per post: a million posts share a few hundred.
    places = (
        post_model.objects.order_by()
        .values_list("duty_station", "location", "call__mission__name")
        .distinct()
    )
    for duty_station, location, mission in places.iterator():
        if country := country_of(duty_station, location, mission):
            post_model.objects.filter(
                duty_station=duty_station, location=location, call__mission__name=mission
            ).update(country=country)


COUNTRY = models.CharField(
    blank=True,
    db_default="",
    default="",
    help_text="ISO 3166-1 code of the duty station's country (XK: Kosovo). Set on import.",
    max_length=2,
)


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0013_functions_and_triggers_from_vacancies_db")]

    operations = [
        RunFiles({"places.sql": "35c09fc3430e"}, reverse_sql=migrations.RunSQL.noop),
        migrations.RemoveConstraint(model_name="postcount", name="post_count_key"),
        migrations.RemoveIndex(model_name="post", name="post_duty_station_upper"),
        migrations.RemoveIndex(model_name="post", name="post_location_upper"),
        migrations.AddField(model_name="historicalpost", name="country", field=COUNTRY),
        migrations.AddField(model_name="post", name="country", field=COUNTRY),
        migrations.AddField(
            model_name="postcount",
            name="country",
            field=models.CharField(db_default="", default="", max_length=2),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                vacancies.models.conditions.PlaceKey("duty_station"),
                name="post_duty_station_place",
            ),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                vacancies.models.conditions.PlaceKey("location"), name="post_location_place"
            ),
        ),
        migrations.AddIndex(
            model_name="post", index=models.Index(fields=["country"], name="post_country")
        ),
        migrations.AddConstraint(
            model_name="postcount",
            constraint=models.UniqueConstraint(
                fields=(
                    "mission",
                    "call_status",
                    "regime",
                    "clearance",
                    "open_to_third_states",
                    "country",
                    "deadline",
                ),
                name="post_count_key",
                nulls_distinct=False,
            ),
        ),
        RunFiles({"post_counts.sql": "a0c96de46998"}, reverse_sql=migrations.RunSQL.noop),
        migrations.RunPython(set_countries, migrations.RunPython.noop),
    ]
