"""``make run`` on a newcomer's machine: DEBUG on, SQLite, embedded broker, mail to files."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403
