"""The crowd's URLs: thousands of different addresses of each kind, each asked once, so
that nearly every request misses the cache, as when many people look at the site at once
(issue 15). Values are drawn from the bench database; the filters' choices from the code.

Each kind gets two disjoint lists, one for the saturated load and one for the half load,
so that the second never asks what the first has cached.
"""

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from devtools.serving import manage

from .db import connect

URLS_PER_LIST = 12_000
WARM_URLS = 300
WORD = re.compile(r"[a-z]{3,}")


@dataclass
class Crowd:
    name: str
    kind: str  # "list" or "search": which share of the hello world it must reach
    saturated_file: str
    half_file: str
    warm_file: str  # asked before the load: the code and the tables warm, not these pages
    example: str


def choices(env: dict) -> dict:
    """The filters' options, as the code defines them (not copied here, where they would
    age): options_from_code, run in the bench's Django settings."""
    code = (
        "import json; from bench.harness.crowd import options_from_code;"
        " print(json.dumps(options_from_code()))"
    )
    output = manage("shell", "--no-imports", "-c", code, env=env, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def options_from_code() -> dict:
    """Inside Django: the options of the facets, the orders and the nationalities."""
    from vacancies.listing.facets import FACETS
    from vacancies.listing.filterset import SORT_CHOICES
    from vacancies.listing.params import DEFAULTS
    from vacancies.nationality import nationality_choices

    return {
        "facets": {name: [o.value for o in f.options] for name, f in FACETS.items() if f.options},
        "sort": [value for value, _ in SORT_CHOICES],
        "nationality": [value for value, _ in nationality_choices()],
        "defaults": dict(DEFAULTS),
    }


def data_values(url: str, rng: random.Random) -> dict:
    """Posts, missions, countries, places and words of the generated data: the same for the
    same data and ``rng`` (samples REPEATABLE, every list in an order), so that two runs of
    the crowd on one database ask the same URLs."""
    seed = rng.randrange(2**31)
    with connect(url) as conn:
        posts = conn.execute(
            """SELECT p.id, p.slug FROM vacancies_post p TABLESAMPLE BERNOULLI (5) REPEATABLE (%s)
               JOIN vacancies_call c ON c.id = p.call_id WHERE c.status = 'published'
               ORDER BY p.id""",
            [seed],
        ).fetchall()
        missions = [r[0] for r in conn.execute("SELECT slug FROM vacancies_mission ORDER BY slug")]
        countries = [
            r[0]
            for r in conn.execute("SELECT DISTINCT country FROM vacancies_post ORDER BY country")
            if r[0]
        ]
        places = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT duty_station FROM vacancies_post WHERE duty_station <> ''"
                " ORDER BY duty_station"
            )
        ]
        text = " ".join(
            r[0]
            for r in conn.execute(
                """SELECT p.title || ' ' || array_to_string(s.items, ' ')
                   FROM vacancies_post p TABLESAMPLE BERNOULLI (0.2) REPEATABLE (%s)
                   JOIN vacancies_section s ON s.post_id = p.id
                   ORDER BY p.id, s."order", s.id""",
                [seed],
            )
        )
    return {
        "posts": posts,
        "missions": missions,
        "countries": countries,
        "places": places,
        "words": (words := WORD.findall(text.lower())),
        "distinct": sorted(set(words)),
    }


def facet_query(rng: random.Random, options: dict, values: dict) -> dict:
    """One to four filters, as a visitor combines them, sometimes a later page or an order."""
    facets = options["facets"]
    candidates = {
        **{name: values_ for name, values_ in facets.items() if name != "status"},
        "mission": values["missions"],
        "country": values["countries"],
        "location": values["places"],
        "nationality": options["nationality"],
        "closing_within": ["7", "14", "30", "60"],
        "deadline_after": [f"20{y:02}-{m:02}-01" for y in range(16, 27) for m in (1, 4, 7, 10)],
    }
    # As a visitor's browser sends them: the defaults (open posts, by relevance) left out,
    # which the site would otherwise answer with a redirect to the tidy URL.
    query = {"status": rng.choice(facets["status"])}
    for name in rng.sample(sorted(candidates), rng.randint(1, 4)):
        query[name] = rng.choice(candidates[name])
    if rng.random() < 0.3:
        query["sort"] = rng.choice(options["sort"])
    if rng.random() < 0.2:
        query["page"] = str(rng.randint(2, 5))
    return {name: value for name, value in query.items() if options["defaults"].get(name) != value}


def search_query(rng: random.Random, words: list[str], distinct: list[str]) -> dict:
    """One or two words over the whole archive: half drawn from the ``distinct`` words (most
    of them rare), half as often as they occur in the text (common ones)."""

    def word() -> str:
        return rng.choice(distinct) if rng.random() < 0.5 else rng.choice(words)

    terms = [word() for _ in range(rng.randint(1, 2))]
    return {"status": "all", "q": " ".join(terms)}


def api_query(rng: random.Random, options: dict, values: dict) -> dict:
    """A facet combination, a third with words; the first page (past the last one the API
    answers 404, where the list page shows the nearest)."""
    query = facet_query(rng, options, values)
    query.pop("page", None)
    if rng.random() < 0.3:
        query.update(search_query(rng, values["words"], values["distinct"]))
    if rng.random() < 0.3:
        query["page_size"] = str(rng.choice([10, 50, 100]))
    return query


def crowds(url: str, env: dict, work: Path, seed: int = 15) -> list[Crowd]:
    """The four crowds of issue 15, their URL lists written to ``work``."""
    rng = random.Random(seed)  # noqa: S311 - the same URLs for the same seed
    options, values = choices(env), data_values(url, rng)
    rng.shuffle(values["posts"])
    makers = {
        "post pages": ("list", lambda: "/posts/{}/{}/".format(*rng.choice(values["posts"]))),
        "facet combinations": (
            "list",
            lambda: "/posts/?" + urlencode(facet_query(rng, options, values)),
        ),
        "API queries": (
            "list",
            lambda: "/api/posts/?" + urlencode(api_query(rng, options, values)),
        ),
        "searches, archive": (
            "search",
            lambda: "/posts/?" + urlencode(search_query(rng, values["words"], values["distinct"])),
        ),
    }
    result = []
    for name, (kind, make) in makers.items():
        urls = unique(make, 2 * URLS_PER_LIST + WARM_URLS)
        lists = {
            "saturated": urls[:URLS_PER_LIST],
            "half": urls[URLS_PER_LIST : 2 * URLS_PER_LIST],
            "warm": urls[2 * URLS_PER_LIST :],
        }
        files = []
        for part, part_urls in lists.items():
            path = work / f"crowd-{name.split()[0].lower()}-{part}.txt"
            path.write_text("\n".join(part_urls) + "\n")
            files.append(str(path))
        result.append(Crowd(name, kind, *files, example=urls[0]))
    return result


def mixed_crowd(url: str, env: dict, path: Path, count: int, seed: int = 15) -> Path:
    """The scale-out benchmark's crowd (bench/scaleout.py without --urls): ``count``
    different URLs, half post pages, half facet combinations, shuffled, to ``path``."""
    rng = random.Random(seed)  # noqa: S311 - the same URLs for the same seed
    options, values = choices(env), data_values(url, rng)
    urls = unique(lambda: "/posts/{}/{}/".format(*rng.choice(values["posts"])), count // 2)
    urls += unique(lambda: "/posts/?" + urlencode(facet_query(rng, options, values)), count // 2)
    rng.shuffle(urls)
    path.write_text("\n".join(urls) + "\n")
    return path


def unique(make, count: int) -> list[str]:
    """``count`` different URLs (or as many as 20 times the tries give)."""
    seen: dict[str, None] = {}
    for _ in range(20 * count):
        seen.setdefault(make(), None)
        if len(seen) == count:
            break
    return list(seen)
