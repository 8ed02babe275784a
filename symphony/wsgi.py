import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symphony.settings.production")

try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:  # one clear line in the server log, not a traceback
    sys.exit(f"Symphony cannot start: {exc}")
