"""The letter to the school after a category decision (School Improvement Strategy 2024-25,
§5): to its head(s) and the chair of its governors, saying the category and what it means,
the reasons by criterion, the leadership capacity judged, the support that follows and when
the category is next re-assessed. A stored snapshot (``Snapshot``), kept as it was sent."""

from django.conf import settings
from django.db import models

from schools.models import Snapshot

from .category import Assessment


class CategoryLetter(Snapshot):
    UPLOAD_TO = "categorisation/letters"

    # One letter per decision: sending the meeting's letters again sends none twice (the
    # unique row is the guard when two people press "Send letters" at once).
    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="letter")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(Snapshot.Meta):
        verbose_name = "category letter"

    def __str__(self):
        return f"Category letter to {self.assessment.school} ({self.requested_at:%-d %b %Y})"

    @property
    def sent_at(self):
        return self.requested_at

    def render_pdf(self) -> bytes:
        from ..letters import letter_pdf  # the letter reads the decision and the offer

        return letter_pdf(self.assessment, on=self.requested_at.date(), sent_by=self.sent_by)

    def file_name(self) -> str:
        name = self.assessment.school.name.lower().replace(" ", "-")
        return f"category-letter-{name}-{self.assessment.assessed_on:%Y-%m-%d}.pdf"
