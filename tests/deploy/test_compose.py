"""compose.yaml, read as Docker Compose reads it (tests/deploy/compose.py; no Docker here):
the default set and the scale profile, what each service is given, and the files it mounts.
The settings are loaded with an app server's interpolated environment, as in its container."""

import json
import os
import re
import subprocess
from urllib.parse import urlsplit

import pytest

from devtools.serving import PYTHON, ROOT

from .compose import load

REQUIRED = {
    "POSTGRES_PASSWORD": "db-password",
    "SECRET_KEY": "a-secret-key-for-the-compose-tests",
    "SITE_URL": "https://jobs.example.org",
}
SCALE = {**REQUIRED, "COMPOSE_PROFILES": "scale"}
APP_SERVERS = ("web", "web2")
PROFILE = {"web2", "cache", "replica"}


@pytest.fixture(scope="module")
def scaled() -> dict:
    return load(SCALE)["services"]


@pytest.fixture(scope="module")
def single() -> dict:
    return load(REQUIRED)["services"]


def in_profile(service: dict) -> bool:
    return "scale" in service.get("profiles", [])


def test_the_default_set_is_the_database_an_app_server_the_worker_and_the_proxy(single):
    assert {name for name, s in single.items() if not s.get("profiles")} == {
        "db",
        "web",
        "worker",
        "proxy",
    }


def test_the_scale_profile_adds_a_second_app_server_the_cache_and_a_replica(scaled):
    assert {name for name, service in scaled.items() if in_profile(service)} == PROFILE


def settings_of(environment: dict) -> dict:
    """The cache and databases the settings make of a container's environment."""
    code = (
        "import json; from django.conf import settings as s;"
        "print(json.dumps({'cache': s.CACHES['default'], 'databases': {alias: {k: d[k] for k in"
        " ('HOST', 'PORT', 'NAME', 'USER', 'PASSWORD')} for alias, d in s.DATABASES.items()}}))"
    )
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "missionjobs.settings",
        **{key: str(value) for key, value in environment.items()},
    }
    done = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_with_the_profile_every_app_server_reads_through_the_cache_and_the_replica(scaled):
    environments = [scaled[name]["environment"] for name in (*APP_SERVERS, "worker")]
    assert all(environment == environments[0] for environment in environments)

    settings = settings_of(environments[0])

    assert settings["cache"]["BACKEND"] == "missionjobs.cache.RedisCache"
    assert urlsplit(settings["cache"]["LOCATION"])[:2] == ("redis", "cache:6379")
    primary, replica = settings["databases"]["default"], settings["databases"]["replica1"]
    assert (replica["HOST"], replica["PORT"]) == ("replica", 5432)
    assert {k: replica[k] for k in ("NAME", "USER", "PASSWORD")} == {
        k: primary[k] for k in ("NAME", "USER", "PASSWORD")
    }
    assert set(settings["databases"]) == {"default", "replica1"}


def test_without_the_profile_the_app_server_keeps_its_files_and_the_primary(single):
    settings = settings_of(single["web"]["environment"])

    assert settings["cache"]["BACKEND"] == "missionjobs.cache.FileBasedCache"
    assert set(settings["databases"]) == {"default"}


def test_the_cache_and_the_replica_are_the_profiles_services_on_their_default_ports(scaled):
    assert scaled["cache"]["command"][0] == "valkey-server"
    assert "--port" not in scaled["cache"]["command"]  # 6379, as in CACHE_URL
    assert scaled["replica"]["image"] == scaled["db"]["image"]
    assert scaled["replica"]["environment"]["PRIMARY_HOST"] == "db"
    password = scaled["db"]["environment"]["REPLICATION_PASSWORD"]
    assert scaled["replica"]["environment"]["REPLICATION_PASSWORD"] == password == "db-password"


def test_the_replica_copies_into_a_directory_under_its_volume(scaled):
    replica = scaled["replica"]
    (data,) = [v.split(":")[1] for v in replica["volumes"] if not v.startswith("./")]
    assert replica["environment"]["PGDATA"].startswith(data + "/")
    script = next(v.split(":")[1] for v in replica["volumes"] if v.startswith("./"))
    assert replica["entrypoint"] == ["sh", script]
    assert replica["user"] == "postgres"  # the image's; Postgres refuses root


def test_only_web_migrates_and_the_others_wait_until_it_answers(scaled):
    commands = {name: " ".join(map(str, [s.get("command", "")])) for name, s in scaled.items()}

    assert [name for name, command in commands.items() if "migrate" in command] == ["web"]
    for name in ("web2", "worker"):
        assert scaled[name]["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_worker_runs_the_task_queue_in_the_default_set(single):
    assert single["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert "profiles" not in single["worker"]


def test_the_second_app_server_answers_to_the_name_the_proxy_balances_over(scaled):
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    (name,) = re.findall(r"^\s*server (\w+):8000 resolve;$", config, re.MULTILINE)

    assert name in scaled and name in scaled["web2"]["networks"]["default"]["aliases"]
    # Docker's own name server, asked again every few seconds.
    assert re.search(r"^\s*resolver 127\.0\.0\.11 valid=\d+s", config, re.MULTILINE)


def test_the_default_set_starts_without_the_profiles_services(single):
    for name, service in single.items():
        for target, condition in service.get("depends_on", {}).items():
            assert target in single, (name, target)
            if in_profile(single[target]) and not in_profile(service):
                assert condition["required"] is False, (name, target)


def test_every_file_compose_mounts_exists(scaled):
    mounts = [
        volume.split(":")[0]
        for service in scaled.values()
        for volume in service.get("volumes", [])
        if volume.startswith("./")
    ]

    assert len(mounts) == 3  # nginx.conf and the two Postgres scripts
    assert all((ROOT / mount).is_file() for mount in mounts), mounts
    assert (ROOT / "Dockerfile").is_file()


def test_the_second_app_server_refuses_to_start_without_the_cache():
    # Started with --profile scale and not COMPOSE_PROFILES: CACHE_URL is empty.
    command = load({**REQUIRED, "CACHE_URL": ""})["services"]["web2"]["command"]
    assert command.startswith("sh -c ")
    script = command.removeprefix("sh -c ").strip().strip("'")

    done = subprocess.run(
        ["/bin/sh", "-c", script],
        env={"CACHE_URL": ""},
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 1
    assert "COMPOSE_PROFILES=scale docker compose up" in done.stderr
