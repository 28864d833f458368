"""Query budgets of the public pages and the API, whatever the number of rows shown."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test.utils import CaptureQueriesContext

from tests.factories import CallFactory, PostFactory, SectionFactory, VacancyFactory
from vacancies import caching
from vacancies.caching import cached_page
from vacancies.models import Post, Regime, Vacancy

pytestmark = pytest.mark.django_db
# The content version, the counts, the page's posts in two: their ids, then their cards
# (listing/cards.py, whose SQL is written once), and one more at most.
LIST_BUDGET = 5
# A post: the content version, the post with its sections, its advertisements with their
# vacancies.
DETAIL_BUDGET = 3
# The post page also lists the other posts of its call (one query) and similar open posts
# (two: their ids, ranked, then the posts). The page cache serves it again until the
# content changes.
POST_PAGE_BUDGET = DETAIL_BUDGET + 3
# A search by words also marks them in the page's posts, and first asks the planner how many
# posts the words match (facets.surely_too_many): two queries more.
SEARCH_BUDGET = LIST_BUDGET + 2


@pytest.fixture(params=[3, 40], ids=["few", "many"])
def posts(request):
    """Posts in two calls with vacancies, sections and a re-advertisement."""
    first, second = CallFactory(), CallFactory()
    made = []
    for n in range(request.param):
        post = PostFactory(
            call=first if n % 2 else second,
            ref=f"EK {n}",
            regime=Regime.SECONDED,
            open_to_third_states=True,
        )
        VacancyFactory(post=post)
        VacancyFactory(post=post, status=Vacancy.Status.PENDING)
        SectionFactory(post=post)
        made.append(post)
    PostFactory(call=first, ref="EK 0", regime=Regime.SECONDED)  # EK 0 advertised twice
    return made


@pytest.mark.parametrize(
    "url, budget",
    [
        ("/", LIST_BUDGET),
        ("/calls/", LIST_BUDGET),
        ("/posts/", LIST_BUDGET),
        ("/posts/?status=all", LIST_BUDGET),
        (
            "/posts/?status=all&eligible_for=third_state&clearance=secret&location=pristina",
            LIST_BUDGET,
        ),
        ("/posts/?q=monitor&status=all", SEARCH_BUDGET),
        ("/posts/?status=all&mission=eutm-0&sort=title&page=2", LIST_BUDGET),
        ("/api/posts/?status=all", LIST_BUDGET),
        ("/api/posts/?q=monitor&regime=seconded&page_size=100", LIST_BUDGET),
    ],
)
def test_lists_stay_within_budget(client, posts, url, budget, django_assert_max_num_queries):
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code in (200, 404)  # page 2 of few posts does not exist


def test_post_page_stays_within_budget(client, posts, django_assert_max_num_queries):
    post = Post.objects.get(ref="EK 0", call__in=[p.call for p in posts[:1]])
    for url, budget in [
        (post.get_absolute_url(), POST_PAGE_BUDGET),
        (f"/api/posts/{post.pk}/", DETAIL_BUDGET),
    ]:
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/", "/posts/?status=all", "/posts/?q=monitor&status=all", "/api/posts/?status=all"],
)
def test_no_page_reads_the_search_vectors(client, posts, url):
    """Searched in SQL, never shown: the vectors (about 2.7 kB a post, out of line) stay in
    Postgres."""
    post = posts[0]
    with CaptureQueriesContext(connection) as queries:
        for page in (url, post.get_absolute_url(), f"/api/posts/{post.pk}/"):
            assert client.get(page).status_code == 200
    # A column of the SELECT list; the rank's vacancies_search_rank(search_vector, ...) is
    # computed in Postgres.
    column = re.compile(r'(SELECT|,) "vacancies_post"\."search_vector"')
    assert queries.captured_queries
    assert not [q["sql"] for q in queries.captured_queries if column.search(q["sql"])]


def test_pages_are_cached_until_the_content_changes(client, posts, django_assert_max_num_queries):
    first = client.get("/posts/?status=all")
    count = first.context["paginator"].count
    with django_assert_max_num_queries(1):  # the content version; the page comes from the cache
        again = client.get("/posts/?status=all")
    assert again.content == first.content
    PostFactory(call=posts[0].call)
    assert client.get("/posts/?status=all").context["paginator"].count == count + 1


def test_counts_are_cached_apart_from_the_page(client, posts, django_assert_max_num_queries):
    count = client.get("/posts/?status=all").context["paginator"].count
    # The content version and the page of posts: their ids, then their cards.
    with django_assert_max_num_queries(3):
        assert client.get("/posts/?status=all&page=1").context["paginator"].count == count


def page_key(rf, path: str) -> str:
    return caching.page_key(rf.get(path))


def test_pages_with_a_csrf_token_or_a_cookie_are_never_shared(rf):
    def form_page(request):
        return HttpResponse(get_token(request))

    def cookie_page(request):
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    for path, view in [("/form/", form_page), ("/cookie/", cookie_page)]:
        cached_page(view)(rf.get(path))
        assert cache.get(page_key(rf, path)) is None


def test_a_page_the_same_for_everyone_is_shared(rf):
    cached_page(lambda request: HttpResponse("hello"))(rf.get("/same/"))
    assert cache.get(page_key(rf, "/same/")).content == b"hello"
