# The site's image: gunicorn for the web, `manage.py qcluster` for the worker (same image).
# Build: docker build -t cop .   (compose.yaml does this for you)
FROM python:3.11.14-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    COP_VAR_DIR=/data \
    STATIC_ROOT=/app/static-collected \
    DJANGO_SETTINGS_MODULE=cop.settings.production

# pg_dump and pg_restore for `manage.py backup` and `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 cop \
    && mkdir -p /data /app \
    && chown cop:cop /data /app

WORKDIR /app
COPY requirements.in constraints.txt ./
RUN pip install -r requirements.in -c constraints.txt
COPY --chown=cop:cop . .

USER cop
# Static files are gathered at build time; the values below exist only for this step.
RUN SECRET_KEY=build-only-$(python -c "import secrets; print(secrets.token_hex(32))") \
    ALLOWED_HOSTS=build.invalid SITE_URL=https://build.invalid EMAIL_URL=console:// \
    COP_VAR_DIR=/tmp/build-var python manage.py collectstatic --noinput -v0

VOLUME ["/data"]
EXPOSE 8000
# exec form: gunicorn (or qcluster) is PID 1 and gets `docker stop`'s SIGTERM itself.
CMD ["gunicorn", "cop.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*", "--no-control-socket"]
