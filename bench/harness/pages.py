"""The URL sets: the pages of the load benchmark (issue 5), with values taken from the
generated data, and the soak test's mix of the whole public surface."""

import http.client
import json
import math
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from devtools.serving import HOST, PROXY_HEADERS

from .db import connect

POST_PAGES = 1000  # the post page is loaded over this many different posts


@dataclass
class Page:
    name: str
    path: str
    kind: str  # "hello", "list", "post", "search": which goal applies
    paths_file: str | None = None  # requested in turn instead of path


HELLO = Page("hello world", "/bench/hello/", "hello")


def pages(url: str, work: Path) -> list[Page]:
    """The pages of issue 5, with values taken from the generated data; the post pages'
    paths are written to a file in ``work``."""
    with connect(url) as conn:
        conn.execute("SELECT setseed(0.5)")
        posts = [
            f"/posts/{pk}/{slug}/"
            for pk, slug in conn.execute(
                """SELECT p.id, p.slug
                   FROM vacancies_post p JOIN vacancies_call c ON c.id = p.call_id
                   WHERE c.status = 'published' ORDER BY random() LIMIT %s""",
                [POST_PAGES],
            )
        ]
        (published,) = conn.execute(
            """SELECT count(*) FROM vacancies_post p JOIN vacancies_call c ON c.id = p.call_id
               WHERE c.status = 'published'"""
        ).fetchone()
    paths_file = work / "post-paths.txt"
    paths_file.write_text("\n".join(posts) + "\n")
    deep = max(1, math.ceil(published / 20) // 2)
    year_ago = datetime.now().astimezone().date() - timedelta(days=365)  # the local date
    return [
        Page("home", "/", "list"),
        Page("list", "/posts/", "list"),
        Page("regime", "/posts/?regime=seconded", "list"),
        Page("clearance", "/posts/?clearance=secret", "list"),
        Page("third states", "/posts/?third_states=yes", "list"),
        Page("location", "/posts/?location=pristina", "list"),
        Page("mission", "/posts/?mission=generated-eulex", "list"),
        Page("closed", "/posts/?status=closed", "list"),
        Page("deadline", f"/posts/?status=all&deadline_after={year_ago}", "list"),
        Page(
            "combined",
            "/posts/?regime=seconded&clearance=secret&third_states=yes&location=pristina",
            "list",
        ),
        Page(
            "combined, archive",
            "/posts/?status=closed&regime=contracted&clearance=confidential&sort=-published",
            "list",
        ),
        Page("search, selective", "/posts/?q=forensic", "search"),
        Page("search, common", "/posts/?q=police", "search"),
        Page("search, common, all", "/posts/?status=all&q=police", "search"),
        Page("deep page", f"/posts/?status=all&page={deep}", "list"),  # see deepest_page()
        Page("post", posts[0], "post", str(paths_file)),
        Page("API", "/api/posts/", "list"),
        Page("feed", "/posts/feed/", "list"),
    ]


def deepest_page(base: str, page_list: list[Page]) -> None:
    """The deep page is the last one the site offers ("Page 1 of N"): it caps the depth."""
    deep = next(page for page in page_list if page.name == "deep page")
    request = urllib.request.Request(base + "/posts/?status=all", headers=PROXY_HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            text = response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, TimeoutError):
        return
    if match := re.search(r"Page 1 of ([\d,]+)", text):
        deep.path = f"/posts/?status=all&page={match.group(1).replace(',', '')}"


# (weight, path, expected statuses): the soak's mix of the public surface, as visitors,
# crawlers, feed readers and API clients use it, with some nonsense. {post}, {call},
# {mission} and {api_post} stand for addresses of real ones (discover()).
MIX = [
    (10, "/", {200}),
    (12, "/posts/", {200}),
    (6, "/posts/?status=all&sort=title&page=2", {200}),
    (6, "/posts/?eligible_for=third_state&clearance=secret", {200}),
    (6, "/posts/?status=all&q=monitor", {200}),
    (4, "/posts/?status=all&q=%22close+protection%22+-deputy", {200}),
    (4, "/posts/?status=all&location=pristina&regime=contracted", {200}),
    (3, "/posts/?closing_within=30&third_states=yes", {200}),
    (3, "/posts/?clearance=cosmic&closing_within=-4", {200}),  # form errors, shown on the page
    (14, "{post}", {200}),
    (4, "/calls/", {200}),
    (4, "{call}", {200}),
    (3, "{mission}", {200}),
    (6, "/api/posts/?status=all&page_size=50", {200}),
    (3, "/api/posts/?q=officer&regime=seconded", {200}),
    (6, "{api_post}", {200}),
    (2, "/api/posts/?clearance=cosmic", {400}),
    (2, "/posts/feed/?status=all", {200}),
    (1, "/posts.csv?status=all", {200}),
    (1, "/posts.ics", {200}),
    (1, "/posts.csv?deadline_after=not-a-date", {400}),
    (1, "/sitemap.xml", {200}),
    (1, "/robots.txt", {200}),
    (2, "/healthz", {200}),
    (3, "/static/css/site.css", {200}),
    (1, "/alerts/new/?regime=seconded", {200}),
    (2, "/no-such-page/", {404}),
    (1, "/posts/999999999/nothing/", {404}),
    (1, "/api/openapi.json", {200}),
]


def discover(port: int) -> dict[str, list[str]]:
    """Addresses of real posts, calls and missions, from the API and the call list."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", "/api/posts/?status=all&page_size=100")
    posts = json.loads(connection.getresponse().read())["results"]
    connection.request("GET", "/calls/")
    calls = re.findall(r'href="(/calls/\d+/[^"]+/)"', connection.getresponse().read().decode())
    connection.close()

    def strip(url: str) -> str:  # an absolute URL's path
        return "/" + url.split("/", 3)[3]

    return {
        "post": [strip(p["url"]) for p in posts],
        "api_post": [f"/api/posts/{p['id']}/" for p in posts],
        "mission": sorted({strip(p["mission"]["url"]) for p in posts}),
        "call": calls or ["/calls/"],
    }
