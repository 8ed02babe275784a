"""The Core Plan (School Improvement Strategy 2024-25, §5): where findings from the
partnership review, the peer review, an Ofsted inspection and ongoing monitoring become
timely actions, with the resources the trust deploys to complete them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from schools.models import AcademicYear, School

from .peer_review import PeerReview


class CorePlan(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="core_plans")
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.CASCADE, related_name="core_plans"
    )

    class Meta:
        ordering = ["school", "-academic_year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year"], name="one_core_plan_per_school_per_year"
            )
        ]

    def __str__(self):
        return f"Core Plan {self.academic_year.name}: {self.school}"


class Rag(models.TextChoices):
    RED = "red", "Red: off track"
    AMBER = "amber", "Amber: at risk"
    GREEN = "green", "Green: on track"


class Action(models.Model):
    class Source(models.TextChoices):
        PEER_REVIEW = "peer_review", "Peer review"
        PARTNERSHIP_REVIEW = "partnership_review", "Partnership review"
        OFSTED = "ofsted", "Ofsted inspection"
        MONITORING = "monitoring", "Ongoing monitoring"
        SCC = "scc", "Individual School Action Plan"

    Rag = Rag

    core_plan = models.ForeignKey(CorePlan, on_delete=models.CASCADE, related_name="actions")
    source = models.CharField(max_length=20, choices=Source.choices)
    source_review = models.ForeignKey(
        PeerReview,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="actions",
        help_text="The peer review this action came from.",
    )
    scc_case = models.ForeignKey(
        "categorisation.SccCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        help_text="The Schools Causing Concern case whose action plan this action is in.",
    )
    source_detail = models.CharField(
        max_length=200, blank=True, help_text="For example the focus area or the inspection."
    )
    title = models.CharField("action", max_length=300)
    owner = models.CharField(max_length=150, blank=True, help_text="Who leads it in school.")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name="owner's portal account",
        help_text="If the owner has an account, they are told the action is theirs.",
    )
    # An action a published peer review proposes arrives without an owner or a deadline;
    # the school's head accepts it, naming both.
    proposed = models.BooleanField(
        default=False, help_text="Proposed by a published peer review, not yet accepted."
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    support_deployed = models.CharField(
        "resources deployed",
        max_length=200,
        blank=True,
        help_text="A named TDG practitioner or system leader, or other resources.",
    )
    school_funded = models.BooleanField(
        "funded by the school",
        default=True,
        help_text=(
            "TDG support and system leaders are funded by the school "
            "(School Improvement Strategy 2024-25)."
        ),
    )
    success_criteria = models.TextField(blank=True)
    rag = models.CharField("RAG status", max_length=5, choices=Rag.choices, default=Rag.AMBER)
    closed_on = models.DateField(null=True, blank=True)
    impact_evaluation = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = [models.F("deadline").asc(nulls_last=True), "id"]
        constraints = [
            models.CheckConstraint(
                name="closed_action_has_impact_evaluation",
                condition=Q(closed_on__isnull=True) | ~Q(impact_evaluation=""),
            ),
            models.CheckConstraint(
                name="peer_review_action_names_its_review",
                condition=~Q(source="peer_review") | Q(source_review__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_closed(self):
        return self.closed_on is not None

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return not self.is_closed and self.deadline is not None and self.deadline < today

    def clean(self):
        if self.source == self.Source.PEER_REVIEW and not self.source_review_id:
            raise ValidationError({"source_review": "Name the peer review it came from."})
        if (self.source == self.Source.SCC) != bool(self.scc_case_id):
            raise ValidationError(
                {"source": "Individual School Action Plan actions, and only they, name their case."}
            )
        if self.closed_on and not self.impact_evaluation.strip():
            raise ValidationError(
                {"impact_evaluation": "Evaluate the impact before closing the action."}
            )


class ProgressNote(models.Model):
    """A dated progress note with the RAG status at that date. Append-only: a note is
    never edited; the action's RAG is the newest note's."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    noted_on = models.DateField(default=timezone.localdate)
    rag = models.CharField("RAG status", max_length=5, choices=Rag.choices)
    note = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-noted_on", "-created_at", "-id"]

    def __str__(self):
        return f"{self.noted_on}: {self.get_rag_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValidationError("Progress notes are a record: add a new note instead.")
        return super().save(*args, **kwargs)
