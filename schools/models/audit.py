"""The audit trail: who did what, when (UTC), to which school. Rows are written
by ``schools.audit`` only; the portal has no way to edit or delete one (the admin site
shows them read-only), and only the retention job removes rows past their age."""

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):
        raise PermissionError("Audit events are removed only by the retention job.")

    def purge_before(self, moment) -> int:
        """The retention job's way out: remove events older than ``moment``."""
        old = self.filter(at__lt=moment)
        count = old.count()
        # QuerySet.delete is refused above; this is the one deliberate path.
        models.QuerySet.delete(old)
        return count


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Failed sign-in"
        LOGOUT = "logout", "Signed out"
        REFUSED = "refused", "Access refused"
        UPLOAD = "upload", "Upload"
        EXPORT = "export", "Export or download"
        CATEGORY_DECISION = "category_decision", "Category decision"
        MEETING_ATTENDANCE = "meeting_attendance", "Risk meeting: who was present"
        CATEGORY_LETTER = "category_letter", "Category letter sent"
        SCC_MOVE = "scc_move", "SCC level move"
        SCC_INVOLVEMENT = "scc_involvement", "SCC external involvement"
        SCHOOL_ISSUE = "school_issue", "Staffing or premises issue"
        TDG_DEPLOYMENT = "tdg_deployment", "TDG support deployed"
        REVIEW_PUBLISHED = "review_published", "Review published"
        SUBMISSION_ACCEPTED = "submission_accepted", "Termly data accepted"
        TRUST_PLAN_PROGRESS = "trust_plan_progress", "Trust plan progress recorded"
        USER_CHANGED = "user_changed", "User or role change"
        RECORD_CHANGED = "record_changed", "Record changed in the admin site"
        # Programs acting for a person: one row per token, or feed, per day it is used.
        API_READ = "api_read", "API read"
        FEED_READ = "feed_read", "Calendar feed read"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=24, choices=Action.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text too, so the trail still reads after a user or school is removed.
    user_email = models.CharField(max_length=254, blank=True)
    school = models.ForeignKey(
        "schools.School", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    school_name = models.CharField(max_length=200, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # A record changed in the admin site: which one, and each field from what to what
    # (``[[field, before, after], ...]``, as the form showed them).
    record_type = models.CharField(max_length=100, blank=True, db_index=True)
    record_id = models.CharField(max_length=64, blank=True)
    record_name = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=list, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.user_email}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are removed only by the retention job.")
