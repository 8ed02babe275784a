"""Schools and their Ofsted history."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from .people import HEADTEACHER_ROLES


class Hub(models.Model):
    """A geographical group of schools (Business Plan 2018-19: North; South Leicestershire
    and Leicester City)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class School(models.Model):
    class Phase(models.TextChoices):
        PRIMARY = "primary", "Primary"
        INFANT = "infant", "Infant"
        JUNIOR = "junior", "Junior"
        ALL_THROUGH = "all_through", "All-through"
        SECONDARY = "secondary", "Secondary"
        SPECIAL = "special", "Special"

    class Status(models.TextChoices):
        PROSPECTIVE = "prospective", "Prospective"
        DUE_DILIGENCE = "due_diligence", "Due diligence"
        MEMBER = "member", "Member of the trust"
        LEFT = "left", "Left the trust"

    name = models.CharField(max_length=150, unique=True)
    urn = models.CharField(
        "URN",
        max_length=6,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "A URN is six digits, for example 138230.")],
        help_text="Unique Reference Number from Get Information about Schools.",
    )
    dfe_number = models.CharField(
        "DfE establishment number",
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        validators=[
            RegexValidator(
                r"^\d{3}/\d{4}$",
                "A DfE number is the local-authority code, a slash and four digits: 855/2001.",
            )
        ],
    )
    phase = models.CharField(max_length=16, choices=Phase.choices, default=Phase.PRIMARY)
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="schools")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.MEMBER)
    joined_on = models.DateField(
        "date joined the trust", null=True, blank=True, help_text="Empty where not recorded."
    )
    pupils_on_roll = models.PositiveIntegerField(null=True, blank=True)
    lgb_chair = models.CharField("chair of the local governing body", max_length=150, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def headteachers(self):
        """The headteachers linked to the school (uses a prefetch of ``people`` if present)."""
        return [person for person in self.people.all() if person.role in HEADTEACHER_ROLES]

    def latest_inspection(self):
        """The most recent Ofsted inspection (uses a prefetch of ``inspections`` if present)."""
        inspections = list(self.inspections.all())
        return inspections[0] if inspections else None


class LegacyGrade(models.IntegerChoices):
    """Ofsted's single-word overall grades, used until 2 September 2024 and by the trust's
    peer reviews so far. Never mapped onto the report-card scale (Ofsted: not comparable)."""

    OUTSTANDING = 1, "Outstanding"
    GOOD = 2, "Good"
    REQUIRES_IMPROVEMENT = 3, "Requires improvement"
    INADEQUATE = 4, "Inadequate"


class ReportCardGrade(models.IntegerChoices):
    """Ofsted's report-card scale for each evaluation area (inspections from 10 Nov 2025)."""

    EXCEPTIONAL = 1, "Exceptional"
    STRONG = 2, "Strong standard"
    EXPECTED = 3, "Expected standard"
    NEEDS_ATTENTION = 4, "Needs attention"
    URGENT_IMPROVEMENT = 5, "Urgent improvement"


# The report card's evaluation areas, in Ofsted's order: (field name, label).
REPORT_CARD_AREAS = (
    ("inclusion", "Inclusion"),
    ("curriculum_and_teaching", "Curriculum and teaching"),
    ("achievement", "Achievement"),
    ("attendance_and_behaviour", "Attendance and behaviour"),
    ("personal_development", "Personal development and well-being"),
    ("leadership_and_governance", "Leadership and governance"),
    ("early_years", "Early years"),
)
REQUIRED_REPORT_CARD_AREAS = tuple(name for name, _ in REPORT_CARD_AREAS if name != "early_years")


def _area_field(label, *, required_note):
    return models.PositiveSmallIntegerField(
        label, choices=ReportCardGrade.choices, null=True, blank=True, help_text=required_note
    )


class OfstedInspection(models.Model):
    """One inspection, in one of two shapes that the database keeps apart: a legacy overall
    grade, or a report card (six or seven evaluation areas plus safeguarding)."""

    class Framework(models.TextChoices):
        LEGACY = "legacy", "Single-word grade (before November 2025)"
        REPORT_CARD = "report_card", "Report card (from November 2025)"

    class Type(models.TextChoices):
        GRADED = "graded", "Graded inspection (section 5)"
        UNGRADED = "ungraded", "Ungraded inspection (section 8)"
        MONITORING = "monitoring", "Monitoring inspection"
        REPORT_CARD = "report_card", "Report card inspection"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="inspections")
    year = models.PositiveSmallIntegerField(help_text="Calendar year of the inspection.")
    inspected_on = models.DateField(
        null=True, blank=True, help_text="Leave empty where only the year is known."
    )
    framework = models.CharField(max_length=16, choices=Framework.choices)
    inspection_type = models.CharField(max_length=16, choices=Type.choices)
    overall_grade = models.PositiveSmallIntegerField(
        choices=LegacyGrade.choices,
        null=True,
        blank=True,
        help_text="Single-word grade: legacy inspections only.",
    )
    inclusion = _area_field("Inclusion", required_note="Report cards only.")
    curriculum_and_teaching = _area_field("Curriculum and teaching", required_note="")
    achievement = _area_field("Achievement", required_note="")
    attendance_and_behaviour = _area_field("Attendance and behaviour", required_note="")
    personal_development = _area_field("Personal development and well-being", required_note="")
    leadership_and_governance = _area_field("Leadership and governance", required_note="")
    early_years = _area_field("Early years", required_note="Only where the school has it.")
    safeguarding_met = models.BooleanField(
        "safeguarding met", null=True, blank=True, help_text="Report cards only."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["school", "-year", models.F("inspected_on").desc(nulls_last=True), "-id"]
        verbose_name = "Ofsted inspection"
        constraints = [
            models.CheckConstraint(
                name="ofsted_legacy_has_no_report_card",
                condition=~Q(framework="legacy")
                | (
                    Q(safeguarding_met__isnull=True)
                    & Q(inclusion__isnull=True)
                    & Q(curriculum_and_teaching__isnull=True)
                    & Q(achievement__isnull=True)
                    & Q(attendance_and_behaviour__isnull=True)
                    & Q(personal_development__isnull=True)
                    & Q(leadership_and_governance__isnull=True)
                    & Q(early_years__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="ofsted_report_card_complete_and_ungraded",
                condition=~Q(framework="report_card")
                | (
                    Q(overall_grade__isnull=True)
                    & Q(safeguarding_met__isnull=False)
                    & Q(inclusion__isnull=False)
                    & Q(curriculum_and_teaching__isnull=False)
                    & Q(achievement__isnull=False)
                    & Q(attendance_and_behaviour__isnull=False)
                    & Q(personal_development__isnull=False)
                    & Q(leadership_and_governance__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="ofsted_graded_legacy_has_grade",
                condition=~Q(framework="legacy", inspection_type__in=["graded", "ungraded"])
                | Q(overall_grade__isnull=False),
            ),
            models.CheckConstraint(
                name="ofsted_year_plausible", condition=Q(year__gte=1993, year__lte=2100)
            ),
        ]

    def __str__(self):
        return f"{self.school}: {self.summary}"

    def clean(self):
        errors = {}
        if self.inspected_on and self.year and self.inspected_on.year != self.year:
            errors["inspected_on"] = "The date must fall in the year given."
        if self.framework == self.Framework.LEGACY:
            if self.inspection_type == self.Type.REPORT_CARD:
                errors["inspection_type"] = "A legacy inspection cannot be a report card."
            if self.inspection_type != self.Type.MONITORING and self.overall_grade is None:
                errors["overall_grade"] = "A graded or ungraded inspection needs its grade."
            for name, label in REPORT_CARD_AREAS:
                if getattr(self, name) is not None:
                    errors[name] = f"{label} is graded on report cards only; leave it empty."
            if self.safeguarding_met is not None:
                errors["safeguarding_met"] = "Safeguarding is recorded on report cards only."
        elif self.framework == self.Framework.REPORT_CARD:
            if self.inspected_on and self.inspected_on < REPORT_CARDS_FROM:
                errors["inspected_on"] = "Report-card inspections began on 10 November 2025."
            if self.inspection_type not in (self.Type.REPORT_CARD, self.Type.MONITORING):
                errors["inspection_type"] = "Choose report card inspection or monitoring."
            if self.overall_grade is not None:
                errors["overall_grade"] = (
                    "Report cards have no single overall grade; grade each area instead."
                )
            for name in REQUIRED_REPORT_CARD_AREAS:
                if getattr(self, name) is None:
                    errors[name] = "Every evaluation area needs a grade on a report card."
            if self.safeguarding_met is None:
                errors["safeguarding_met"] = "Say whether safeguarding was met."
        if errors:
            raise ValidationError(errors)

    @property
    def is_report_card(self):
        return self.framework == self.Framework.REPORT_CARD

    def area_grades(self):
        """[(label, grade label, grade value)] for a report card, early years if graded."""
        grades = []
        for name, label in REPORT_CARD_AREAS:
            value = getattr(self, name)
            if value is not None:
                grades.append((label, ReportCardGrade(value).label, value))
        return grades

    @property
    def causes_concern(self):
        """Report card: any area at urgent improvement, or safeguarding not met, puts the
        school in a category of concern (Ofsted's report cards from November 2025)."""
        if not self.is_report_card:
            return self.overall_grade == LegacyGrade.INADEQUATE
        return self.safeguarding_met is False or any(
            value == ReportCardGrade.URGENT_IMPROVEMENT for _, _, value in self.area_grades()
        )

    @property
    def summary(self):
        if self.is_report_card:
            worst = max((value for _, _, value in self.area_grades()), default=None)
            text = f"Report card {self.year}"
            if worst is not None:
                text += f" (lowest area: {ReportCardGrade(worst).label.lower()})"
            return text
        if self.overall_grade is None:
            return f"{self.get_inspection_type_display()} {self.year}"
        return f"{LegacyGrade(self.overall_grade).label} {self.year}"


REPORT_CARDS_FROM = datetime.date(2025, 11, 10)
