"""The rows of a batch of planned calls, as lines of COPY text, written in one transaction.

Each call draws from random generators of its own, seeded by the seed and the call's place
in the plan: the data depends on the seed alone, not on how the calls are cut into batches.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from django.db import connection, transaction
from django.utils.text import slugify

from vacancies.importer.places import country_of
from vacancies.models import Call, CallPart, Clearance, Mission, Post, Regime, Section, Vacancy

from .bulk import CopyTable, copy_item, copy_rows, copy_text
from .domains import DOMAINS, OSCE_DOMAIN_WEIGHTS
from .plan import Batch, CallPlan, weighted
from .wording import (
    DEGREES,
    DESIRABLE_AREA,
    DESIRABLE_FIELD,
    DESIRABLE_QUALIFICATIONS,
    DESIRABLE_SKILLS,
    EU_HOW_TO_APPLY,
    EU_PARTS,
    EU_SECTIONS,
    EU_URLS,
    EXPERIENCE,
    EXTRA_GENERAL_TASKS,
    FIELD_EXPERIENCE,
    FIELD_SKILL,
    GENERAL_TASKS,
    LANGUAGE_SKILL,
    MAIN_TASKS,
    OSCE_COMPETENCE,
    OSCE_GRADES,
    OSCE_HOW_TO_APPLY,
    OSCE_MINIMUM,
    OSCE_SECTIONS,
    OSCE_URLS,
    POST_CATEGORIES,
    REGION_SKILL,
    SKILLS,
    SUPERIORS,
)
from .world import MISSIONS, MissionSpec


@cache
def country_at(station: str, mission: int) -> str:
    """The country the importer would give a post at ``station`` (a few dozen stations:
    cached, out of the hot loop)."""
    spec = MISSIONS[mission]
    return country_of(station, spec.region, spec.name, spec.country)


# The columns the generator fills, per table; the database or the model's defaults fill the rest.
COLUMNS = {
    Call: [
        "id",
        "mission_id",
        "reference",
        "title",
        "slug",
        "kind",
        "deadline",
        "published_at",
        "how_to_apply",
        "application_urls",
        "contact",
        "contact_email",
        "source_document",
        "status",
    ],
    CallPart: ["id", "call_id", "order", "heading", "text"],
    Post: [
        "id",
        "call_id",
        "ref",
        "title",
        "slug",
        "grade",
        "regime",
        "post_category",
        "location",
        "duty_station",
        "country",
        "component",
        "clearance",
        "open_to_third_states",
        "pending_deployment_acceptance",
        "order",
    ],
    Vacancy: ["id", "post_id", "status", "availability", "order"],
    Section: ["id", "post_id", "kind", "heading", "order", "items"],
}

# Derived once, at import: the hot loops only pick from these.
SLUGS = {title: slugify(title)[:80] or "post" for domain in DOMAINS for title in domain.titles}
EU_DOMAIN_CUMULATIVE = weighted([(i, d.weight) for i, d in enumerate(DOMAINS)])[1]
GRADES = {regime: weighted(grades) for regime, grades in OSCE_GRADES.items()}
CATEGORIES = weighted(POST_CATEGORIES)
GENERAL_ITEMS = [copy_item(s) for s in GENERAL_TASKS]
EXTRA_GENERAL_ITEMS = [copy_item(s) for s in EXTRA_GENERAL_TASKS]
DEGREE_ITEMS = [copy_item(s) for s in DEGREES]
OSCE_MINIMUM_ITEMS = [copy_item(s) for s in OSCE_MINIMUM]
OSCE_COMPETENCE_ITEMS = [copy_item(s.format(years=y)) for s in OSCE_COMPETENCE for y in (2, 4, 6)]


@dataclass
class Pools:
    """Every sentence a job description can hold, escaped for COPY once, by field of work."""

    reporting: dict = field(default_factory=dict)  # title -> [lines]
    main: list = field(default_factory=list)  # per domain
    qualifications: list = field(default_factory=list)
    skills: list = field(default_factory=list)
    desirable_qualifications: list = field(default_factory=list)
    desirable_skills: list = field(default_factory=list)
    osce_expertise: list = field(default_factory=list)
    osce_mandatory: list = field(default_factory=list)
    osce_desirable: list = field(default_factory=list)
    mission_skills: list = field(default_factory=list)  # per mission


def build_pools() -> Pools:
    pools = Pools()
    years = (3, 5, 6, 8, 10)
    for domain in DOMAINS:
        for title in domain.titles:
            pools.reporting[title] = [
                copy_item(f"The {title} reports to the {boss}.") for boss in SUPERIORS
            ]
        main = [
            t.format(area=a, counterpart=c)
            for t in MAIN_TASKS
            for a in domain.areas
            for c in domain.counterparts
        ]
        pools.main.append([copy_item(s) for s in main + list(domain.tasks) * 8])
        pools.qualifications.append(
            [copy_item(EXPERIENCE.format(years=y)) for y in years]
            + [
                copy_item(FIELD_EXPERIENCE.format(years=y, area=a))
                for y in years
                for a in domain.areas
            ]
        )
        skills = (
            list(SKILLS)
            + [FIELD_SKILL.format(area=a) for a in domain.areas]
            + list(domain.skills) * 3
        )
        pools.skills.append([copy_item(s) for s in skills])
        pools.desirable_qualifications.append(
            [copy_item(s) for s in DESIRABLE_QUALIFICATIONS]
            + [copy_item(DESIRABLE_FIELD.format(degree=domain.degree))] * 2
            + [copy_item(DESIRABLE_AREA.format(area=a)) for a in domain.areas]
        )
        pools.desirable_skills.append([copy_item(s) for s in DESIRABLE_SKILLS + domain.skills])
        pools.osce_expertise.append(
            [copy_item(f"First-level university degree in {domain.degree} or a related field;")] * 3
            + [
                copy_item(FIELD_EXPERIENCE.format(years=y, area=a))
                for y in years
                for a in domain.areas
            ]
            + [copy_item(s) for s in domain.skills]
        )
        pools.osce_mandatory.append(
            [copy_item(s) for s in SKILLS + domain.skills]
            + [copy_item(FIELD_SKILL.format(area=a)) for a in domain.areas]
        )
        pools.osce_desirable.append(
            [copy_item(s) for s in DESIRABLE_QUALIFICATIONS + DESIRABLE_SKILLS]
        )
    for mission in MISSIONS:
        pools.mission_skills.append(
            [
                copy_item(REGION_SKILL.format(country=mission.country)),
                copy_item(LANGUAGE_SKILL.format(languages=mission.languages)),
            ]
        )
    return pools


class BatchWriter:
    """Writes the planned calls' rows, a batch at a time, with the ids the plan reserved."""

    def __init__(self, seed: int, now: datetime, missions: dict[int, Mission]):
        self.seed, self.now, self.missions = seed, now, missions
        self.pools = build_pools()
        self.tables = {model: CopyTable(model, columns) for model, columns in COLUMNS.items()}

    def write(self, batch: Batch) -> int:
        """One transaction. Sections go in before their posts (the foreign keys are checked
        at commit), so that a trigger computing a post's search document on insert sees them."""
        ids = dict(batch.first_ids)
        call_lines, part_lines, post_lines, vacancy_lines, posts = [], [], [], [], []
        for call in batch.calls:
            self.rng = rng = self.random(call, "rows")
            spec = MISSIONS[call.mission]
            eu = spec.organisation == "EEAS"
            call_id = ids[Call]
            ids[Call] += 1
            published = call.deadline - timedelta(days=rng.randint(14, 40), hours=rng.randint(0, 8))
            if published > self.now:  # an open call with a far deadline: published lately
                published = self.now - timedelta(seconds=rng.uniform(3600, 14 * 86400))
            stamp = copy_text(published)
            call_posts = self.posts_of(call, spec, ids[Post])
            ids[Post] += len(call_posts)
            if eu:
                extraordinary = "Extraordinary " if rng.random() < 0.1 else ""
                title = f"{call.reference} {extraordinary}Call for Contributions"
            else:
                title = f"{call_posts[0]['title']} ({call_posts[0]['grade']})"
            call_lines.append(
                self.tables[Call].line(
                    [
                        str(call_id),
                        str(self.missions[call.mission].pk),
                        copy_text(call.reference),
                        copy_text(title),
                        slugify(title)[:80] or "call",
                        Call.Kind.CALL_FOR_CONTRIBUTIONS if eu else Call.Kind.VACANCY_NOTICE,
                        copy_text(call.deadline),
                        r"\N" if call.status == Call.Status.DRAFT else stamp,
                        copy_text(EU_HOW_TO_APPLY if eu else OSCE_HOW_TO_APPLY),
                        copy_text(EU_URLS if eu else OSCE_URLS),
                        copy_text("Civilian Operations Headquarters (CivOpsHQ)" if eu else ""),
                        copy_text(
                            f"CIVOPSHQ-HR-{slugify(spec.acronym)}@eeas.europa.eu" if eu else ""
                        ),
                        "",
                        call.status,
                    ],
                    stamp,
                )
            )
            if eu:
                for order, (heading, text) in enumerate(EU_PARTS):
                    part_lines.append(
                        self.tables[CallPart].line(
                            [
                                str(ids[CallPart]),
                                str(call_id),
                                str(order),
                                copy_text(heading),
                                copy_text(text),
                            ],
                            stamp,
                        )
                    )
                    ids[CallPart] += 1
            for post, vacancies in zip(
                call_posts, call.vacancies or [0] * len(call_posts), strict=True
            ):
                post["call"], post["call_plan"], post["stamp"] = call_id, call, stamp
                post_lines.append(self.post_line(post))
                posts.append(post)
                for order in range(vacancies):
                    vacancy_lines.append(self.vacancy_line(ids[Vacancy], post, call, order))
                    ids[Vacancy] += 1
        # Every row is ready before the transaction starts: writers take turns on the row
        # that vacancies/db/content_version.sql bumps, so the Python work overlaps another batch's.
        section_lines = list(self.section_lines(posts, ids[Section]))
        with transaction.atomic(), connection.cursor() as cursor:
            # The statement triggers' transition tables hold a batch's rows (about 40 MB of
            # posts and sections): in memory, not spilled to disk at the default 4 MB.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            copy_rows(cursor, self.tables[Call], call_lines)
            copy_rows(cursor, self.tables[CallPart], part_lines)
            copy_rows(cursor, self.tables[Section], section_lines)
            copy_rows(cursor, self.tables[Post], post_lines)
            copy_rows(cursor, self.tables[Vacancy], vacancy_lines)
        return len(posts)

    def random(self, call: CallPlan, use: str) -> random.Random:
        """Each call has its own generators: the data depends on the seed alone, not on how
        the calls are cut into batches or on which process writes them."""
        seed = (self.seed << 40) + (call.index << 1) + (use == "sections")
        return random.Random(seed)  # noqa: S311 - seeded, for reproducible generated data

    def posts_of(self, call: CallPlan, spec: MissionSpec, first_id: int) -> list[dict]:
        rng = self.rng
        eu = spec.organisation == "EEAS"
        stations, station_weights = weighted(spec.duty_stations)
        domains = rng.choices(
            range(len(DOMAINS)),
            weights=OSCE_DOMAIN_WEIGHTS if not eu else None,
            cum_weights=EU_DOMAIN_CUMULATIVE if eu else None,
            k=call.posts,
        )
        refs = rng.sample(range(60000, 70000), call.posts) if eu else []
        refs.sort()
        posts, seconded = [], []
        for order, domain_index in enumerate(domains):
            domain = DOMAINS[domain_index]
            post = {
                "id": first_id + order,
                "order": order,
                "eu": eu,
                "mission": call.mission,
                "domain": domain_index,
                "title": rng.choice(domain.titles),
                "station": rng.choices(stations, cum_weights=station_weights)[0]
                if eu or rng.random() < 0.9
                else "",
                "component": rng.choice(domain.components) if eu or rng.random() < 0.5 else "",
            }
            draw = rng.random()
            if eu:
                post["regime"] = (
                    Regime.SECONDED
                    if draw < 0.80
                    else Regime.SECONDED_CONTRACTED
                    if draw < 0.95
                    else Regime.CONTRACTED
                )
                post["ref"], post["grade"] = f"{spec.ref_prefix} {refs[order]}", ""
                if post["regime"] == Regime.SECONDED_CONTRACTED and seconded and rng.random() < 0.2:
                    # Seed 001: the same post advertised as seconded and as seconded/contracted.
                    twin = seconded.pop(rng.randrange(len(seconded)))
                    for name in ("ref", "title", "domain", "station", "component"):
                        post[name] = twin[name]
                elif post["regime"] == Regime.SECONDED:
                    seconded.append(post)
            else:
                post["regime"] = regime = Regime.SECONDED if draw < 0.8 else Regime.CONTRACTED
                post["ref"] = ""
                post["grade"] = rng.choices(GRADES[regime][0], cum_weights=GRADES[regime][1])[0]
            posts.append(post)
        return posts

    def post_line(self, post: dict) -> str:
        rng = self.rng
        spec = MISSIONS[post["mission"]]
        if post["eu"]:
            draw = rng.random()
            clearance = (
                Clearance.NOT_REQUIRED
                if draw < 0.58
                else Clearance.EU_SECRET
                if draw < 0.86
                else Clearance.EU_CONFIDENTIAL
                if draw < 0.94
                else Clearance.EU_RESTRICTED
                if draw < 0.97
                else Clearance.EU_TOP_SECRET
                if draw < 0.98
                else None
            )
            third_states = rng.random() < 0.5
            pending = rng.random() < 0.05
        else:
            clearance = third_states = None  # OSCE notices state neither
            pending = False
        category = ""
        if post["regime"] != Regime.SECONDED and post["eu"]:
            category = rng.choices(CATEGORIES[0], cum_weights=CATEGORIES[1])[0]
        return self.tables[Post].line(
            [
                str(post["id"]),
                str(post["call"]),
                post["ref"],
                copy_text(post["title"]),
                SLUGS[post["title"]],
                post["grade"],
                post["regime"],
                copy_text(category),
                copy_text(spec.region),
                copy_text(post["station"]),
                country_at(post["station"], post["mission"]),
                copy_text(post["component"]),
                copy_text(None if clearance is None else int(clearance)),
                copy_text(third_states),
                copy_text(pending),
                str(post["order"]),
            ],
            post["stamp"],
        )

    def vacancy_line(self, vacancy_id: int, post: dict, call: CallPlan, order: int) -> str:
        rng = self.rng
        status = Vacancy.Status.PENDING if rng.random() < 0.1 else Vacancy.Status.CONFIRMED
        available = None
        if rng.random() >= 0.65:  # else as soon as possible
            available = call.deadline.date() + timedelta(days=rng.randint(20, 150))
        return self.tables[Vacancy].line(
            [str(vacancy_id), str(post["id"]), status, copy_text(available), str(order)],
            post["stamp"],
        )

    def section_lines(self, posts: list[dict], first_id: int):
        pools, table = self.pools, self.tables[Section]
        section_id, call = first_id, None
        for post in posts:
            if post["call_plan"] is not call:
                call = post["call_plan"]
                rng = self.random(call, "sections")
                sample, randint = rng.sample, rng.randint
            d = post["domain"]
            if post["eu"]:
                mission = pools.mission_skills[post["mission"]]
                general = list(GENERAL_ITEMS)
                if rng.random() < 0.2:
                    general.insert(3, sample(EXTRA_GENERAL_ITEMS, 1)[0])
                desirable = sample(pools.desirable_skills[d], randint(1, 5))
                if rng.random() < 0.6:
                    desirable += mission
                items = (
                    [rng.choice(pools.reporting[post["title"]])],
                    sample(pools.main[d], randint(6, 16)),
                    general,
                    [rng.choice(DEGREE_ITEMS), *sample(pools.qualifications[d], randint(1, 3))],
                    sample(pools.skills[d], randint(2, 8)),
                    sample(pools.desirable_qualifications[d], randint(1, 5)),
                    desirable,
                )
                sections = EU_SECTIONS
            else:
                items = (
                    sample(OSCE_MINIMUM_ITEMS, 4),
                    sample(pools.osce_expertise[d], randint(3, 6)),
                    sample(OSCE_COMPETENCE_ITEMS, randint(2, 4)),
                    sample(pools.osce_mandatory[d], randint(4, 14)),
                    sample(pools.osce_desirable[d], randint(2, 4)),
                    sample(pools.main[d], randint(6, 12)),
                )
                sections = OSCE_SECTIONS
            for order, ((kind, heading, _, _), chosen) in enumerate(
                zip(sections, items, strict=True)
            ):
                yield table.line(
                    [
                        str(section_id),
                        str(post["id"]),
                        kind,
                        heading,
                        str(order),
                        "{" + ",".join(chosen) + "}",
                    ],
                    post["stamp"],
                )
                section_id += 1

    # After the load -----------------------------------------------------------------------
