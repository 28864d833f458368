# Production image: gunicorn behind whatever terminates TLS, static files from whitenoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MEDIA_ROOT=/data/media \
    CACHE_DIR=/data/cache

WORKDIR /app
COPY pyproject.toml README.md ./
COPY missionjobs ./missionjobs
COPY vacancies ./vacancies
# The project without extras: no test tools, no embedded Postgres (DATABASE_URL is required).
RUN pip install . && useradd --system --uid 10001 --home /app missionjobs

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
