"""Categorisation (School Improvement Strategy 2024-25, §5; Business Plan 2018-19, "School
Categorisation").

Every school sits in a Symphony category 1-4, judged at a risk meeting of the Executive
Group from the evidence of five criteria. The portal suggests a category from the
evidence (``categorisation.rules``); the meeting decides it. Decisions are appended, never
edited: each assessment points at the one it supersedes, so a school's history is a chain
whose last link is its current category.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from schools.models import OfstedInspection, School


class Category(models.IntegerChoices):
    """The meanings of the four categories in the Business Plan 2018-19."""

    STABLE_SUPPORTING = 1, "1: stable, high performing, able to offer support"
    STABLE = 2, "2: stable and high performing"
    REPAIRING = 3, "3: repairing, on a trajectory of improvement"
    HIGH_RISK = 4, "4: high risk"


class Performance(models.TextChoices):
    """Historic performance in relation to national benchmarks (the table's 2nd column)."""

    POSITIVE = "positive", "Positive"
    VARIABLE = "variable", "Variable"
    DECLINING = "declining", "Declining"


class Issues(models.TextChoices):
    """QA trust visits, partnership review, other external reports (columns 3-5)."""

    NONE = "none", "No issues"
    MINOR = "minor", "Minor issues"
    SOME = "some", "Some issues"
    SIGNIFICANT = "significant", "Significant issues"


class LeadershipCapacity(models.TextChoices):
    """The meeting's judgement of the school's leadership capacity to ensure progress, to
    which the category is "directly related" (School Improvement Strategy 2024-25, §5). The
    words are the trust's: schools "with the capacity to support" (Business Plan 2018-19,
    "Growth"), "sufficient ... capacity" and "strong and effective" leadership (ibid.)."""

    STRONG = "strong", "Strong: secures progress and has the capacity to support other schools"
    SUFFICIENT = "sufficient", "Sufficient: secures the school's own progress"
    LIMITED = "limited", "Limited: needs the trust's support to ensure progress"
    INSUFFICIENT = "insufficient", "Insufficient: cannot yet ensure progress, even with support"


class OfstedEvidence(models.TextChoices):
    """The school's Ofsted position when it was assessed, read from its inspection history.

    The trust's table speaks in legacy grades; a report-card school's evidence is its
    report card, summarised by the worst thing on it (never converted into a grade).
    """

    OUTSTANDING = "outstanding", "Outstanding (grade 1)"
    GOOD = "good", "Good (grade 2)"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement (grade 3)"
    RI_TWICE = "ri_twice", "Requires improvement at two inspections running"
    INADEQUATE = "inadequate", "Inadequate (grade 4)"
    RC_EXPECTED = "rc_expected", "Report card: every area at expected standard or above"
    RC_NEEDS_ATTENTION = "rc_needs_attention", "Report card: an area needs attention"
    RC_CONCERN = "rc_concern", "Report card: urgent improvement or safeguarding not met"
    NONE = "none", "Not inspected yet"


class RiskMeeting(models.Model):
    """A risk meeting of the Executive Group, at which the CEO/DoP assess schools (Strategy §5)."""

    held_on = models.DateField("date")
    # Set from the date by the calendar helper. If the central team deletes a year from the
    # calendar, its meetings and decisions stay; only this link is cleared.
    term = models.ForeignKey(
        "schools.Term",
        on_delete=models.SET_NULL,
        null=True,
        related_name="risk_meetings",
        help_text="The term the meeting belongs to (a date in a holiday counts for the next).",
    )
    half_term = models.ForeignKey(
        "schools.HalfTerm",
        on_delete=models.SET_NULL,
        related_name="risk_meetings",
        null=True,
        blank=True,
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="risk_meetings", blank=True
    )
    minutes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"Risk meeting {self.held_on:%-d %B %Y}"

    @property
    def term_label(self) -> str:
        return str(self.term) if self.term_id else "outside the calendar's terms"


class Assessment(models.Model):
    """One category decision for one school at one risk meeting, with its evidence.

    Append-only: a later decision is a new row whose ``previous`` is this one. The
    one-to-one ``previous`` means two people cannot both supersede the same decision (the
    second save fails), and the partial unique constraint means a school has one first.
    """

    class Kind(models.TextChoices):
        DUE_DILIGENCE = "due_diligence", "Initial judgement at due diligence"
        START_OF_YEAR = "start_of_year", "Initial judgement for the academic year"
        REASSESSMENT = "reassessment", "Re-assessment"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="assessments")
    meeting = models.ForeignKey(RiskMeeting, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
        help_text="The decision this one supersedes.",
    )

    # The evidence, one field and one note per criterion of the trust's table.
    ofsted = models.CharField("Ofsted", max_length=24, choices=OfstedEvidence.choices)
    ofsted_inspection = models.ForeignKey(
        OfstedInspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The inspection the Ofsted evidence was read from.",
    )
    ofsted_note = models.CharField("Ofsted: note", max_length=500, blank=True)
    performance = models.CharField(
        "historic performance against national benchmarks",
        max_length=16,
        choices=Performance.choices,
    )
    performance_note = models.CharField("performance: evidence", max_length=500, blank=True)
    qa_visits = models.CharField(
        "QA trust visits and other intelligence", max_length=16, choices=Issues.choices
    )
    qa_visits_note = models.CharField("QA visits: evidence", max_length=500, blank=True)
    partnership = models.CharField("partnership review", max_length=16, choices=Issues.choices)
    partnership_note = models.CharField("partnership review: evidence", max_length=500, blank=True)
    external = models.CharField(
        "other external reports (staffing, finance, premises)",
        max_length=16,
        choices=Issues.choices,
    )
    external_note = models.CharField("external reports: evidence", max_length=500, blank=True)

    # Decisions recorded before the portal asked for it carry none ("").
    leadership_capacity = models.CharField(
        "leadership capacity to ensure progress",
        max_length=16,
        choices=LeadershipCapacity.choices,
        blank=True,
    )
    leadership_capacity_note = models.CharField(
        "leadership capacity: note", max_length=500, blank=True
    )

    suggested_category = models.PositiveSmallIntegerField(choices=Category.choices)
    suggestion_reason = models.TextField(help_text="Why the evidence suggested that category.")
    category = models.PositiveSmallIntegerField("decided category", choices=Category.choices)
    rationale = models.TextField(
        blank=True, help_text="Required when the decision differs from the suggestion."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(previous__isnull=True),
                name="one_first_assessment_per_school",
            ),
            models.CheckConstraint(
                name="category_1_to_4",
                condition=Q(category__gte=1, category__lte=4)
                & Q(suggested_category__gte=1, suggested_category__lte=4),
            ),
            models.CheckConstraint(
                name="override_needs_rationale",
                condition=Q(category=F("suggested_category")) | ~Q(rationale=""),
            ),
        ]
        indexes = [models.Index(fields=["school", "-assessed_on"])]

    def __str__(self):
        return f"{self.school}: category {self.category} ({self.assessed_on:%-d %b %Y})"

    def clean(self):
        if self.category != self.suggested_category and not self.rationale.strip():
            raise ValidationError(
                {
                    "rationale": f"The decision (category {self.category}) differs from the "
                    f"suggestion (category {self.suggested_category}): record why."
                }
            )

    @property
    def leadership_capacity_word(self) -> str:
        """ "Strong", "Sufficient", ... (the choice's first word), or "" if not recorded."""
        return self.get_leadership_capacity_display().split(": ", 1)[0]

    @property
    def leadership_capacity_meaning(self) -> str:
        """What the word means: "secures the school's own progress", ..."""
        return self.get_leadership_capacity_display().split(": ", 1)[-1]

    @property
    def overrides_suggestion(self):
        return self.category != self.suggested_category

    @property
    def previous_category(self):
        return self.previous.category if self.previous_id else None

    def evidence(self):
        """[(criterion, value label, note)] in the order of the trust's table."""
        return [
            ("Ofsted", self.get_ofsted_display(), self.ofsted_note),
            ("Historic performance", self.get_performance_display(), self.performance_note),
            (
                "QA trust visits and other intelligence",
                self.get_qa_visits_display(),
                self.qa_visits_note,
            ),
            ("Partnership review", self.get_partnership_display(), self.partnership_note),
            ("Other external reports", self.get_external_display(), self.external_note),
        ]
