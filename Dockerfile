# Production image: gunicorn behind whatever terminates TLS, static files from whitenoise.
# gunicorn listens on all of the container's addresses, for the proxy's container
# (compose.yaml, deploy/nginx.conf): publish the proxy's port, never this one.
# The same image runs the task queue's worker, in a container of its own, with the web's
# environment: `python manage.py db_worker` (it waits for `migrate`, then runs the tasks).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MEDIA_ROOT=/data/media \
    CACHE_DIR=/data/cache \
    GUNICORN_BIND=0.0.0.0:8000

WORKDIR /app
# The production lock (`make lock`): every package pinned, each checked against its hashes; no
# extras, so no test tools and no embedded Postgres (DATABASE_URL is required).
COPY requirements/production.txt ./requirements/
RUN pip install --require-hashes -r requirements/production.txt
COPY pyproject.toml README.md ./
COPY missionjobs ./missionjobs
COPY vacancies ./vacancies
# Then the project alone, built with the locked setuptools.
RUN pip install --no-deps --no-build-isolation . && useradd --system --uid 10001 --home /app missionjobs

COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY samples ./samples
# collectstatic needs settings but no database or secret of the deployment.
RUN DATABASE_URL=postgres://build@localhost/build SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && mkdir -p /data/media /data/cache && chown missionjobs /data/media /data/cache

USER missionjobs
EXPOSE 8000
CMD ["gunicorn", "missionjobs.wsgi", "--config", "python:missionjobs.gunicorn"]
