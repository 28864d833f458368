"""Existing rows cleaned as text typed into the admin now is (vacancies.importer.glyphs):
Word's private-use bullet glyphs become the bullets they draw, other private-use
characters and U+FFFD are dropped. Only the rows holding such a character are read.

No history records: a migration's historical models do not write them, and the text keeps
its meaning. Reversing does nothing: the dropped characters only ever showed as boxes.
"""

from django.db import migrations, models
from django.db.models import F, Func, Q, Value

from vacancies.importer.glyphs import NOT_TEXT, clean

# Each model's text fields, and its lists of texts.
FIELDS = {
    "Call": (
        ["reference", "title", "how_to_apply", "contact", "contact_email"],
        ["application_urls"],
    ),
    "CallPart": (["heading", "text"], []),
    "Post": (
        ["ref", "title", "grade", "post_category", "location", "duty_station", "component"],
        [],
    ),
    "Section": (["heading"], ["items"]),
}


def as_text(name: str) -> Func:
    return Func(F(name), Value("\n"), function="array_to_string", output_field=models.TextField())


def clean_rows(apps, schema_editor):
    # The bullet glyphs are private-use characters too: NOT_TEXT finds every row to clean,
    # and Postgres's regular expressions read the same character class.
    for model_name, (texts, lists) in FIELDS.items():
        model = apps.get_model("vacancies", model_name)
        rows = model.objects.alias(**{f"{name}_text": as_text(name) for name in lists})
        where = Q()
        for name in [*texts, *(f"{name}_text" for name in lists)]:
            where |= Q(**{f"{name}__regex": NOT_TEXT.pattern})
        for row in rows.filter(where).iterator():
            changed = {name: clean(getattr(row, name)) for name in texts}
            changed.update({name: [clean(item) for item in getattr(row, name)] for name in lists})
            # update(), not save(): updated_at stays the time of the row's last real edit.
            model.objects.filter(pk=row.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0011_call_publication_date_portal_sections")]

    operations = [migrations.RunPython(clean_rows, migrations.RunPython.noop)]
