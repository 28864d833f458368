"""Databases of the security and operations tests: the test database as a DATABASE_URL for
subprocesses, and a throwaway server's stop and start (serving is devtools/serving.py)."""

from urllib.parse import quote


def database_url(settings_dict: dict, name: str | None = None) -> str:
    """A DATABASE_URL for Django's connection settings (a socket directory as host too)."""
    user = quote(settings_dict.get("USER") or "postgres", safe="")
    password = settings_dict.get("PASSWORD")
    credentials = f"{user}:{quote(password, safe='')}" if password else user
    host = quote(settings_dict.get("HOST") or "", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{quote(name or settings_dict['NAME'], safe='')}"


def stop_postgres(server) -> None:
    """Stop a throwaway_postgres() (devtools.serving) as an outage would: fast, not deleted."""
    from pgserver._commands import pg_ctl

    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=server.pgdata, user=server.system_user)


def start_postgres(server) -> None:
    with server._lock:
        server.ensure_postgres_running()
