# The production image: gunicorn serves the portal; the same image runs Celery.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# WeasyPrint needs Pango and HarfBuzz's subsetter; fonts for the PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN DJANGO_SETTINGS_MODULE=symphony.settings.production SECRET_KEY=build-only \
    ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    CELERY_BROKER_URL=memory:// EMAIL_HOST=build \
    python manage.py collectstatic --noinput \
    && useradd --create-home --uid 1000 symphony && mkdir -p /app/var && chown symphony /app/var
USER symphony

ENV DJANGO_SETTINGS_MODULE=symphony.settings.production
EXPOSE 8000
CMD ["gunicorn", "symphony.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
