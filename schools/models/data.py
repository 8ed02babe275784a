"""Termly data collection (School Improvement Strategy 2024-25, §5, "Data Collection and
analysis").

The central team opens a ``Collection`` for a term; each school's ``Submission`` moves
draft -> submitted -> returned for correction | accepted; its figures are ``Figure`` rows
in the long shape of ``schools.data.measures``. National figures are ``NationalBenchmark``
rows kept with their source and status: a revised figure supersedes a provisional one
without erasing it. Aggregates only: nothing here names or describes a pupil.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


class Collection(models.Model):
    term = models.OneToOneField("schools.Term", on_delete=models.PROTECT, related_name="collection")
    opens_on = models.DateField()
    deadline = models.DateField()
    notes = models.TextField(
        blank=True, help_text="What this collection asks for beyond the standard measures."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(
                name="collection_opens_before_deadline", condition=Q(opens_on__lte=F("deadline"))
            )
        ]

    def __str__(self):
        return f"Data collection, {self.term}"

    def clean(self):
        if self.opens_on and self.deadline and self.opens_on > self.deadline:
            raise ValidationError(
                {"deadline": "The deadline must be on or after the opening date."}
            )

    @property
    def season(self) -> int:
        return self.term.season


class Submission(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned for correction"
        ACCEPTED = "accepted", "Accepted"

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="submissions")
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="submissions"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "school"], name="one_submission_per_term"
            ),
            models.CheckConstraint(
                name="returned_has_reason", condition=~Q(state="returned") | ~Q(return_reason="")
            ),
        ]

    def __str__(self):
        return f"{self.school}: {self.collection}"

    @property
    def editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class Figure(models.Model):
    """One aggregate figure: a measure for the whole school (year group 0) or a year group,
    a subject and a group of pupils, with the number of pupils a percentage is of."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="figures")
    measure = models.CharField(max_length=40)
    year_group = models.PositiveSmallIntegerField(default=0)
    subject = models.CharField(max_length=10, blank=True)
    group = models.CharField(max_length=16, default="all")
    pupils = models.PositiveIntegerField(null=True, blank=True)
    value = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "measure", "year_group", "subject", "group"],
                name="one_figure_per_row",
            ),
            models.CheckConstraint(name="year_group_0_to_6", condition=Q(year_group__lte=6)),
        ]
        indexes = [models.Index(fields=["measure", "year_group", "group"])]

    def __str__(self):
        return f"{self.measure} {self.year_group} {self.subject} {self.group}: {self.value}"


class NationalBenchmark(models.Model):
    """A published England figure, with its year, status, coverage, unit and source."""

    class Status(models.TextChoices):
        # Strongest first: a final or revised figure stands over a provisional one, and an
        # estimate (DfE's "official statistics in development") is the weakest.
        FINAL = "final", "Final"
        REVISED = "revised", "Revised"
        PROVISIONAL = "provisional", "Provisional"
        ESTIMATE = "estimate", "Estimate"

    measure = models.CharField(max_length=40, help_text="As in national_benchmarks.csv.")
    academic_year = models.CharField(max_length=7, help_text="For example 2024/25.")
    value = models.DecimalField(max_digits=9, decimal_places=5)
    unit = models.CharField(
        max_length=60,
        blank=True,
        help_text="As published: % of possible sessions, suspensions per 100 pupils, ...",
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    coverage = models.CharField(
        max_length=120, blank=True, help_text="What it covers, e.g. state-funded primary."
    )
    source_name = models.CharField(
        max_length=80, blank=True, help_text="A short name for the source, shown on pages."
    )
    source = models.TextField(help_text="Where it was published, in full (with its address).")

    class Meta:
        ordering = ["measure", "academic_year", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "academic_year", "status"], name="one_benchmark_per_status"
            ),
            models.CheckConstraint(
                name="benchmark_year_shape", condition=Q(academic_year__regex=r"^\d{4}/\d{2}$")
            ),
        ]

    def __str__(self):
        return f"{self.measure} {self.academic_year}: {self.value.normalize():f} ({self.status})"


class TrustJudgement(models.Model):
    """The trust's self-evaluation of one area for one academic year, on the 1-10 scale of
    the Trust Self-Evaluation (2025): 1-2 special measures, 3-4 serious weaknesses, 5-6
    requires improvement, 7-8 good, 9-10 outstanding. Safeguarding is judged effective or
    not, not scored."""

    academic_year = models.ForeignKey(
        "schools.AcademicYear", on_delete=models.CASCADE, related_name="judgements"
    )
    area = models.CharField(max_length=80)
    score = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 to 10.")
    words = models.CharField(
        max_length=40, blank=True, help_text="Where the area is not scored, e.g. Effective."
    )
    summary = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["academic_year", "order", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "area"], name="one_judgement_per_area"
            ),
            models.CheckConstraint(
                name="judgement_score_1_to_10",
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=10),
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.academic_year}: {self.score or self.words}"

    @property
    def band(self) -> str:
        if self.score is None:
            return self.words
        return {
            1: "Special measures",
            2: "Special measures",
            3: "Serious weaknesses",
            4: "Serious weaknesses",
            5: "Requires improvement",
            6: "Requires improvement",
            7: "Good",
            8: "Good",
            9: "Outstanding",
            10: "Outstanding",
        }[self.score]
