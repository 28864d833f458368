"""`manage.py check --deploy` with production settings reports nothing, and `make run`
(DJANGO_DEBUG=1) still works over plain HTTP."""

import secrets
import subprocess

from devtools.serving import PYTHON, ROOT, manage, production_env


def test_check_deploy_reports_nothing_with_production_settings():
    env = production_env(
        "postgres://app@db.example.org/missionjobs", ALLOWED_HOSTS="jobs.example.org"
    )
    del env["SECURE_SSL_REDIRECT"]  # the production default
    env["SECRET_KEY"] = secrets.token_urlsafe(64)

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


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
