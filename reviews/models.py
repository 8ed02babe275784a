"""Peer reviews. This first shape holds the outcomes the trust already quotes ("Peer
Review: Good 2025", seed 002); the review workflow and reports extend it."""

from django.db import models
from django.db.models import Q

from schools.models import LegacyGrade, School


class PeerReview(models.Model):
    class Kind(models.TextChoices):
        LIGHT_TOUCH = "light_touch", "Light-touch"
        FULL = "full", "Full"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="peer_reviews")
    year = models.PositiveSmallIntegerField(help_text="Calendar year of the review.")
    reviewed_on = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, blank=True)
    overall_outcome = models.PositiveSmallIntegerField(
        choices=LegacyGrade.choices,
        null=True,
        blank=True,
        help_text="The review team's overall judgement on the four-point scale.",
    )

    class Meta:
        ordering = ["school", "-year", models.F("reviewed_on").desc(nulls_last=True), "-id"]
        constraints = [
            models.CheckConstraint(
                name="peer_review_date_in_year",
                condition=Q(year__gte=2016, year__lte=2100),
            )
        ]

    def __str__(self):
        return f"{self.school}: peer review {self.summary}"

    @property
    def summary(self):
        if self.overall_outcome is None:
            return f"{self.year} (no overall outcome)"
        return f"{LegacyGrade(self.overall_outcome).label} {self.year}"
