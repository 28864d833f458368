"""`manage.py check --deploy` with production settings reports nothing, and `make run`
(DJANGO_DEBUG=1) still works over plain HTTP."""

import secrets
import subprocess

from devtools.serving import PYTHON, ROOT, manage, production_env


def test_check_deploy_reports_nothing_with_production_settings():
    env = production_env(
        "postgres://app@db.example.org/missionjobs",
        ALLOWED_HOSTS="jobs.example.org",
        SITE_URL="https://jobs.example.org",
    )
    del env["SECURE_SSL_REDIRECT"]  # the production default
    env["SECRET_KEY"] = secrets.token_urlsafe(64)

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_asks_for_site_url():
    env = production_env(
        "postgres://app@db.example.org/missionjobs", ALLOWED_HOSTS="jobs.example.org"
    )
    env.pop("SITE_URL", None)

    result = manage("check", "--deploy", env=env)

    assert "missionjobs.W001" in result.stdout + result.stderr


def test_debug_mode_serves_plain_http_without_secure_cookies_or_hsts():
    env = production_env("postgres://app@db.example.org/missionjobs", DJANGO_DEBUG="1")
    del env["SECRET_KEY"], env["SECURE_SSL_REDIRECT"]
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )

    assert result.stdout.split() == ["False", "False", "False", "0"], result.stderr


NO_SECRET_KEY = "SECRET_KEY is not set: set it in the environment (DJANGO_DEBUG=1 for development)."


def test_without_secret_key_in_production_manage_py_refuses_to_run():
    env = production_env("postgres://app@db.example.org/missionjobs")
    del env["SECRET_KEY"]

    result = manage("check", env=env)

    assert result.returncode != 0
    assert result.stderr.strip() == f"manage.py: {NO_SECRET_KEY}"  # one line, no traceback


def test_without_secret_key_in_production_the_server_refuses_to_start():
    env = production_env("postgres://app@db.example.org/missionjobs", GUNICORN_WORKERS="1")
    del env["SECRET_KEY"]
    env["GUNICORN_BIND"] = "127.0.0.1:0"

    result = subprocess.run(
        [PYTHON, "-m", "gunicorn", "missionjobs.wsgi", "--config", "python:missionjobs.gunicorn"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert f"gunicorn: {NO_SECRET_KEY}" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr  # refused by the master, before any worker
