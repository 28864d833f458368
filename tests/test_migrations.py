"""Data migrations, run on rows written as they were before them."""

from importlib import import_module

import pytest
from django.apps import apps

from tests.factories import SectionFactory
from vacancies.models import Call, CallPart, Post, Section

pytestmark = pytest.mark.django_db
clean_text_glyphs = import_module("vacancies.migrations.0012_clean_text_glyphs")


def test_0012_cleans_the_glyphs_of_existing_rows_and_keeps_their_dates():
    section = SectionFactory(items=["To monitor."])
    post, call = section.post, section.post.call
    part = CallPart.objects.create(call=call, heading="Conditions", text="Seconded only.")
    # As rows were written before text was cleaned: straight into the database.
    Call.objects.filter(pk=call.pk).update(
        how_to_apply="\uf0b7 Apply\ufffd online",
        application_urls=["https://goalkeeper.example.org/\ue000"],
    )
    Post.objects.filter(pk=post.pk).update(
        title="Justice\U000f0001 Monitor", duty_station="Pristina\ufffd"
    )
    Section.objects.filter(pk=section.pk).update(
        items=["\uf0a7 To monitor.", "\uf0d8To report\ue123."]
    )
    CallPart.objects.filter(pk=part.pk).update(heading="\uf0fc Conditions")
    edited = Call.objects.get(pk=call.pk).updated_at

    clean_text_glyphs.clean_rows(apps, schema_editor=None)

    for row in [call, post, section, part]:
        row.refresh_from_db()
    assert call.how_to_apply == "• Apply online"
    assert call.application_urls == ["https://goalkeeper.example.org/"]
    assert (post.title, post.duty_station) == ("Justice Monitor", "Pristina")
    assert section.items == ["▪ To monitor.", "➢To report."]
    assert part.heading == "✓ Conditions"
    assert call.updated_at == edited  # the date of the last edit, not of the migration


def test_0012_is_reversible_as_a_no_op():
    operation = clean_text_glyphs.Migration.operations[0]
    assert operation.reversible and operation.reverse_code.__name__ == "noop"
