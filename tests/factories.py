"""One factory per thing, with a trait per state (open, closed, draft...)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from vacancies.importer.model import (
    ParsedCall,
    ParsedPart,
    ParsedPost,
    ParsedSection,
    ParsedVacancy,
)
from vacancies.models import Alert, Call, Mission, Organisation, Post, Regime, Section, Vacancy


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = "European External Action Service"
    acronym = "EEAS"


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"European Union Test Mission {n} in Kosovo")
    acronym = factory.Sequence(lambda n: f"EUTM{n}")
    country = "Kosovo"
    slug = factory.Sequence(lambda n: f"eutm-{n}")


class CallFactory(factory.django.DjangoModelFactory):
    """A published call, open for another 30 days."""

    class Meta:
        model = Call

    mission = factory.SubFactory(MissionFactory)
    reference = factory.Sequence(lambda n: f"{n}-2026")
    title = factory.LazyAttribute(lambda call: f"{call.reference} Call for Contributions")
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    status = Call.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        closed = factory.Trait(
            deadline=factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
        )
        draft = factory.Trait(status=Call.Status.DRAFT, published_at=None)
        withdrawn = factory.Trait(status=Call.Status.WITHDRAWN)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    call = factory.SubFactory(CallFactory)
    ref = factory.Sequence(lambda n: f"EK {60000 + n}")
    title = "Justice Monitor"
    regime = Regime.SECONDED
    location = "Western Balkans Region (Kosovo)"
    duty_station = "Pristina"
    component = "Operations Department"
    clearance = None
    open_to_third_states = False


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    post = factory.SubFactory(PostFactory)
    status = Vacancy.Status.CONFIRMED
    availability = None


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    post = factory.SubFactory(PostFactory)
    kind = Section.Kind.MAIN_TASKS
    heading = "2. Main Tasks and Responsibilities:"
    items = factory.LazyFunction(lambda: ["To monitor cases.", "To report on findings."])


class AlertFactory(factory.django.DjangoModelFactory):
    """A confirmed alert for all open posts."""

    class Meta:
        model = Alert

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    search = factory.LazyFunction(dict)
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    confirmation_sent_at = factory.LazyAttribute(lambda alert: alert.confirmed_at)

    class Params:
        unconfirmed = factory.Trait(
            confirmed_at=None, confirmation_sent_at=factory.LazyFunction(timezone.now)
        )


# What the importer reads from a document, without a document: for the preview and the save.


def parsed_post(ref="EK 1", regime="seconded", **fields) -> ParsedPost:
    """A seconded post as the parser returns it: one confirmed and one pending vacancy."""
    defaults = {
        "title": "Justice Monitor",
        "location": "Western Balkans Region (Kosovo)",
        "duty_station": "Pristina",
        "component": "Operations Department",
        "clearance": "EU SECRET",
        "open_to_third_states": True,
        "vacancies": [
            ParsedVacancy("confirmed", None),
            ParsedVacancy("pending", date(2031, 1, 23)),
        ],
        "sections": [
            ParsedSection("reporting_line", "1. Reporting Line:", ["Reports to the Head."]),
            ParsedSection("main_tasks", "2. Main Tasks:", ["To monitor.", "To report."]),
        ],
    }
    return ParsedPost(ref=ref, regime=regime, **{**defaults, **fields})


def parsed_call(*posts, **fields) -> ParsedCall:
    """A call for contributions as the parser returns it, open until Friday 14 June 2030."""
    defaults = {
        "organisation": "European External Action Service",
        "mission": "European Union Rule of Law Mission in Kosovo",
        "mission_acronym": "EULEX",
        "reference": "3-2030",
        "title": "3-2030 Call for Contributions",
        "kind": "call_for_contributions",
        "deadline": datetime(2030, 6, 14, 17, 0, tzinfo=ZoneInfo("Europe/Brussels")),
        "application_urls": ["https://goalkeeper.example.org/"],
        "contact_email": "hr@example.org",
        "how_to_apply": "Apply through Goalkeeper.",
        "contact": "Civilian Operations Headquarters",
        "parts": [ParsedPart("Seconded personnel", "Only official nominations.")],
    }
    return ParsedCall(posts=list(posts) or [parsed_post()], **{**defaults, **fields})
