"""The cache on Redis (CACHE_URL) or in files: pages cached, sites kept apart, an outage
survived; the file cache's add atomic."""

import logging
import pickle
import shutil
import subprocess
import threading
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.core.cache.backends import filebased

from missionjobs import cache as backends
from tests.factories import PostFactory
from tests.redis_server import free_port, running_redis
from tests.test_caching import production_cache


def redis_caches(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "missionjobs.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "tests",
        }
    }


@pytest.fixture
def redis_cache(settings, redis_server):
    """The site's cache on the run's private Redis, emptied."""
    redis.Redis.from_url(redis_server).flushdb()
    settings.CACHES = redis_caches(redis_server)
    return redis_server


@pytest.fixture(autouse=True)
def redis_thought_available(monkeypatch):
    """Each test starts with no server remembered as down."""
    monkeypatch.setattr(backends, "_unavailable_until", {})


# Settings --------------------------------------------------------------------------------


# What the production settings make of the environment: the backend's class and location.
BACKEND = "from django.core.cache import caches; c = caches['default']; print(type(c), c._servers)"


@pytest.mark.parametrize(
    "url",
    [
        "redis://cache.internal:6379/0",
        "rediss://:secret@cache.internal:6380/2",
        "unix:///run/redis/redis.sock?db=1",
    ],
)
def test_cache_url_puts_the_cache_on_redis(tmp_path, url):
    assert production_cache(tmp_path, BACKEND, CACHE_URL=url) == (
        f"<class 'missionjobs.cache.RedisCache'> ['{url}']"
    )


def test_without_cache_url_the_cache_is_files_in_cache_dir(tmp_path):
    statement = BACKEND.replace("c._servers", "c._dir")
    assert production_cache(tmp_path, statement) == (
        f"<class 'missionjobs.cache.FileBasedCache'> {tmp_path}"
    )


def test_a_cache_url_that_is_not_redis_is_refused_at_start(tmp_path):
    with pytest.raises(subprocess.CalledProcessError) as refused:
        production_cache(tmp_path, "pass", CACHE_URL="memcached://cache.internal:11211")
    assert "CACHE_URL: not a Redis address" in refused.value.stderr


# Redis -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_are_cached_in_redis(client, redis_cache, django_assert_max_num_queries):
    post = PostFactory()
    first = client.get(post.get_absolute_url())
    assert redis.Redis.from_url(redis_cache).keys("tests:1:page:*")
    with django_assert_max_num_queries(1):  # the content version, no page queries
        again = client.get(post.get_absolute_url())
    assert again.status_code == 200 and again.content == first.content


@pytest.mark.parametrize(
    "other_site",
    [
        {"DATABASE_URL": "postgres://unused@127.0.0.1:1/staging"},
        {"SITE_URL": "https://staging.example.org"},
    ],
)
def test_two_sites_sharing_a_redis_database_never_read_each_others_pages(
    tmp_path, redis_server, other_site
):
    redis.Redis.from_url(redis_server).flushdb()
    statement = "cache.set('page:1-0-20261205:x', 'production', 60)"
    production_cache(tmp_path, statement, CACHE_URL=redis_server)

    read = "print(cache.get('page:1-0-20261205:x'))"
    assert production_cache(tmp_path, read, CACHE_URL=redis_server, **other_site) == "None"
    assert production_cache(tmp_path, read, CACHE_URL=redis_server) == "production"


@pytest.mark.django_db
def test_a_site_whose_redis_is_down_answers_from_the_database(client, settings, caplog):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens
    post = PostFactory(title="Rule of Law Adviser")
    with caplog.at_level(logging.WARNING, logger="missionjobs.cache"):
        pages = [client.get(post.get_absolute_url()) for _ in range(3)]
    assert [page.status_code for page in pages] == [200, 200, 200]
    assert "Rule of Law Adviser" in pages[-1].content.decode()
    assert [record.message.split(":")[0] for record in caplog.records] == [
        "The cache is unavailable, pages are rendered from the database"
    ]


@pytest.mark.django_db
def test_after_an_outage_pages_are_cached_again(
    client, settings, tmp_path, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(backends, "RETRY_AFTER", 0)
    port = free_port()
    post = PostFactory()
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{port}/0")
    with running_redis(tmp_path, port):
        assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get(post.get_absolute_url()).status_code == 200  # Redis is gone

    with running_redis(tmp_path, port):
        client.get(post.get_absolute_url())
        with django_assert_max_num_queries(1):
            assert client.get(post.get_absolute_url()).status_code == 200


def test_an_unreachable_redis_is_left_alone_for_a_while(settings, monkeypatch):
    from django.core.cache import cache

    settings.CACHES = redis_caches(f"redis://127.0.0.1:{free_port()}/0")
    attempts = []
    real_get = backends.django_redis.RedisCache.get
    monkeypatch.setattr(
        backends.django_redis.RedisCache,
        "get",
        lambda *args: attempts.append(1) or real_get(*args),
    )
    assert [cache.get("a", "miss") for _ in range(5)] == ["miss"] * 5
    assert len(attempts) == 1


# Files -----------------------------------------------------------------------------------


def file_cache(directory):
    return backends.FileBasedCache(str(directory), {})


def test_of_processes_adding_one_key_to_the_file_cache_at_once_one_wins(tmp_path):
    # Threads stand for the workers: each its own cache object, as each process has.
    keys = [f"lock-{n}" for n in range(30)]
    start = threading.Barrier(8)

    def add_all(worker):
        cache = file_cache(tmp_path)
        start.wait()
        return [key for key in keys if cache.add(key, worker, 10)]

    with ThreadPoolExecutor(8) as pool:
        won = [key for keys_won in pool.map(add_all, range(8)) for key in keys_won]
    assert sorted(won) == sorted(keys)


def test_the_file_cache_refuses_an_add_whose_key_appeared_after_the_check(tmp_path, monkeypatch):
    # Django's add checks and then writes: the other worker's entry lands in between.
    cache = file_cache(tmp_path)
    file_cache(tmp_path).set("lock", "other worker", 10)
    monkeypatch.setattr(cache, "has_key", lambda *args: False)
    assert cache.add("lock", "this worker", 10) is False
    assert cache.get("lock") == "other worker"


def test_the_file_cache_adds_over_an_expired_entry(tmp_path):
    cache = file_cache(tmp_path)
    cache.set("lock", "died", 0)  # written, already expired
    assert cache.add("lock", "alive", 10) is True
    assert cache.get("lock") == "alive"


def test_the_file_cache_counts_its_entries_at_most_once_a_cull_interval(tmp_path, monkeypatch):
    """Culling lists the whole directory: once a second, not on every write."""
    clock = [1000.0]
    monkeypatch.setattr(backends.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(backends, "_next_cull", {})
    cache = backends.FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 4}})
    listed = []
    real_list = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listed.append(1) or real_list())
    for n in range(10):
        cache.set(f"page-{n}", n, 60)
    assert len(listed) == 1  # the first write looked; the other nine did not
    assert len(list(tmp_path.iterdir())) == 10  # past MAX_ENTRIES until the next look
    clock[0] += backends.CULL_INTERVAL
    cache.add("lock", "worker", 10)
    assert len(listed) == 2
    assert len(list(tmp_path.iterdir())) < 10  # culled
    assert cache.get("lock") == "worker"


def test_the_file_cache_compresses_at_zlibs_fastest_level_and_reads_back(tmp_path):
    """A cold page is written by the request that rendered it: the fastest compression."""
    cache = file_cache(tmp_path)
    page = "<li>EK 60004 Police Adviser, Pristina</li>\n" * 1_000
    cache.set("page", page, 60)
    (entry,) = tmp_path.iterdir()
    with entry.open("rb") as stored:
        pickle.load(stored)  # noqa: S301 - the expiry, as the test itself wrote it
        compressed = stored.read()
    assert compressed == zlib.compress(pickle.dumps(page, pickle.HIGHEST_PROTOCOL), 1)
    assert len(compressed) < len(page) // 20
    assert cache.get("page") == page
    # What Django's own file cache wrote (zlib's default level) reads back too.
    django_cache = filebased.FileBasedCache(str(tmp_path), {})
    django_cache.set("old", page, 60)
    assert cache.get("old") == page


def test_the_file_cache_makes_its_directory_again_when_it_is_gone(tmp_path):
    cache = file_cache(tmp_path / "cache")
    cache.set("page", "first", 60)
    shutil.rmtree(tmp_path / "cache")
    cache.set("page", "second", 60)
    assert cache.add("lock", "worker", 10) is True
    assert (cache.get("page"), cache.get("lock")) == ("second", "worker")
