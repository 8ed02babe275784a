"""A file mail backend for the worker subprocesses: one file per message (``send_mail``
opens one connection per call, and each connection here gets its own uniquely named file;
Django's own names can repeat within a second).

With ``FAULT_PAUSE_AFTER=N`` it stops before handing over message N+1, writes its process
id to ``FAULT_MARKER`` and sleeps, so the test can kill the worker at a known point: in
the middle of a reminder run, with that reminder's row locked and its transaction open.
The pause happens once (the marker stays), so the restarted worker runs straight through.
"""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class PausingFileBackend(EmailBackend):
    def _get_filename(self):
        if self._fname is None:
            self._fname = os.path.join(self.file_path, f"{uuid.uuid4().hex}.log")
        return self._fname

    def send_messages(self, email_messages):
        pause_after = os.environ.get("FAULT_PAUSE_AFTER")
        marker = Path(os.environ["FAULT_MARKER"])
        sent = len(list(Path(self.file_path).glob("*.log")))
        if pause_after and not marker.exists() and sent >= int(pause_after):
            marker.write_text(str(os.getpid()))
            time.sleep(600)  # killed here by the test
        return super().send_messages(email_messages)
