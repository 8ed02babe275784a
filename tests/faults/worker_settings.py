"""Settings for the worker subprocesses the fault tests start: the test settings on the
test database (DATABASE_URL) and a private Redis (CELERY_BROKER_URL), real task execution,
and mail written to files the test counts (``tests.faults.mail``)."""

import os

from symphony.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = False
MAILERS = {
    "default": {
        "BACKEND": "tests.faults.mail.PausingFileBackend",
        "OPTIONS": {"file_path": os.environ["FAULT_MAIL_DIR"]},
    }
}
# Redis re-delivers an unacknowledged message after this many seconds. Production keeps an
# hour (above the longest task); here one worker runs at a time, so a short timeout only
# makes the restarted worker pick up the killed worker's message within the test's wait.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("FAULT_VISIBILITY_TIMEOUT", "3600")),
    # Look for such messages every second (kombu's default is every ~100 s).
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
