"""The scale-out benchmark's crowd when no URL list is given (bench/scaleout.py --urls):
thousands of different addresses, half post pages, half filter combinations, each asked
once, so that nearly every request misses the shared cache. Values are drawn from the bench
database; the filters' options from the code."""

import json
import random
from pathlib import Path
from urllib.parse import urlencode

from devtools.serving import manage

from .db import connect

SEED = 15
FILTER_OPTIONS = (
    "import json\n"
    "from vacancies.listing.facets import FACETS\n"
    "from vacancies.listing.filterset import SORT_CHOICES\n"
    "from vacancies.listing.params import DEFAULTS\n"
    "print(json.dumps({'facets': {n: [o.value for o in f.options]"
    " for n, f in FACETS.items() if f.options}, 'sort': [v for v, _ in SORT_CHOICES],"
    " 'defaults': DEFAULTS}))"
)


def write_crowd(url: str, env: dict, path: Path, count: int) -> Path:
    """``count`` different URLs (or as many as the data gives), shuffled, to ``path``."""
    rng = random.Random(SEED)  # noqa: S311 - the same URLs for the same data, not secrets
    output = manage("shell", "--no-imports", "-c", FILTER_OPTIONS, env=env, check=True)
    options = json.loads(output.stdout.strip().splitlines()[-1])
    posts, values = data_values(url, count // 2)
    seen = dict.fromkeys(posts)
    for _ in range(20 * count):
        if len(seen) >= count:
            break
        seen.setdefault("/posts/?" + urlencode(filter_query(rng, options, values)))
    urls = list(seen)
    rng.shuffle(urls)
    path.write_text("\n".join(urls) + "\n")
    return path


def data_values(url: str, posts: int) -> tuple[list[str], dict]:
    """Post pages of published posts, and the missions and places to filter on."""
    with connect(url) as conn:
        conn.execute("SELECT setseed(0.15)")
        pages = [
            f"/posts/{pk}/{slug}/"
            for pk, slug in conn.execute(
                """SELECT p.id, p.slug FROM vacancies_post p
                   JOIN vacancies_call c ON c.id = p.call_id
                   WHERE c.status = 'published' ORDER BY random() LIMIT %s""",
                [posts],
            )
        ]
        missions = [r[0] for r in conn.execute("SELECT slug FROM vacancies_mission")]
        places = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT duty_station FROM vacancies_post WHERE duty_station <> ''"
            )
        ]
    return pages, {"mission": missions, "location": places}


def filter_query(rng: random.Random, options: dict, values: dict) -> dict:
    """One to four filters, open or archived posts, sometimes an order or a later page."""
    facets = options["facets"]
    candidates = {
        **{name: choices for name, choices in facets.items() if name != "status"},
        **{name: choices for name, choices in values.items() if choices},
    }
    query = {"status": rng.choice(facets["status"])}
    for name in rng.sample(sorted(candidates), rng.randint(1, min(4, len(candidates)))):
        query[name] = rng.choice(candidates[name])
    if rng.random() < 0.3:
        query["sort"] = rng.choice(options["sort"])
    if rng.random() < 0.2:
        query["page"] = str(rng.randint(2, 3))
    # A default in the URL is redirected to the URL without it: a redirect, not a page.
    return {name: value for name, value in query.items() if options["defaults"].get(name) != value}
