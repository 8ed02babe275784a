"""Settings for the benchmarks: production-like (DEBUG off, cached templates, Django's
default PBKDF2 password hasher) on the dedicated benchmark database, with mail kept in
memory, tasks run inline, files in memory and one extra bare view in the URL conf.

``benchmarks.__main__`` sets ``DATABASE_URL`` (from ``BENCH_DATABASE_URL``) before this is
imported, so the project's own settings read it exactly as in production.
"""

import os

os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789")

from symphony.settings.base import *  # noqa: E402,F403

ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "level": "ERROR"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
