"""One factory per thing, with a trait per state (open, closed, draft...)."""

from datetime import timedelta

import factory
from django.utils import timezone

from vacancies.models import Call, Mission, Organisation, Post, Regime, Section, Vacancy


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
        closed = factory.Trait(deadline=factory.LazyFunction(lambda: timezone.now() - timedelta(days=3)))
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
