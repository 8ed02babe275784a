import os

from celery import Celery

# Production unless told otherwise, as symphony/wsgi.py and asgi.py: importing the package
# (which gunicorn does before wsgi.py) must not choose the development settings. manage.py
# and scripts/run-dev ask for development; pytest for the test settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symphony.settings.production")

app = Celery("symphony")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
