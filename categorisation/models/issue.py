"""Staffing and premises issues the risk meeting weighs under the fifth criterion, "other
external reports or other issues related to staffing, finance or premises" (School
Improvement Strategy 2024-25, §5): a head vacancy, the long-term absence of leaders, a
building closure. Finance's significant risks and the LGB's gaps are read from where they
are kept; these have no other home, so the CEO/DoP record them here. An issue is open until
it is resolved; it is never deleted (the record of what the meeting knew)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from schools.models import School

from .category import Issues

# "No issues" is not something to record: an issue is at least minor.
LEVELS = [(value, label) for value, label in Issues.choices if value != Issues.NONE]


class SchoolIssue(models.Model):
    class Kind(models.TextChoices):
        HEAD_VACANCY = "head_vacancy", "Headteacher vacancy"
        LEADER_ABSENCE = "leader_absence", "Long-term absence of a leader"
        STAFFING = "staffing", "Other staffing issue"
        BUILDING_CLOSURE = "building_closure", "Building closure"
        PREMISES = "premises", "Other premises issue"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="issues")
    kind = models.CharField("issue", max_length=20, choices=Kind.choices)
    level = models.CharField("level", max_length=16, choices=LEVELS)
    description = models.CharField(max_length=500)
    started_on = models.DateField("since")
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="school_issue_level_is_an_issue",
                condition=Q(level__in=[value for value, _ in LEVELS]),
            ),
            models.CheckConstraint(
                name="school_issue_resolved_after_it_began",
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=F("started_on")),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.school} (since {self.started_on:%-d %b %Y})"

    def clean(self):
        if self.resolved_on and self.started_on and self.resolved_on < self.started_on:
            raise ValidationError(
                {
                    "resolved_on": f"It cannot be resolved ({self.resolved_on:%-d %B %Y}) before "
                    f"it began ({self.started_on:%-d %B %Y})."
                }
            )

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None
