"""Schools, the people who use the portal, Ofsted history and the academic calendar."""

import datetime

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

# --- People ----------------------------------------------------------------------


class Role(models.TextChoices):
    """The trust's roles (seeds 001, 002, 003). What each may do is in ``schools.access``."""

    CEO = "ceo", "CEO"
    DOP = "dop", "Director of Primaries"
    CFO = "cfo", "Chief Financial Officer"
    FINANCE_OPS = "finance_ops", "Finance & Operations Lead"
    CENTRAL_ADMIN = "central_admin", "Central team (admin staff)"
    HEADTEACHER = "headteacher", "Headteacher"
    EXECUTIVE_HEADTEACHER = "executive_headteacher", "Executive headteacher"
    TRUSTEE = "trustee", "Trustee"
    MEMBER = "member", "Member"
    LOCAL_GOVERNOR = "local_governor", "Local governor"
    TDG_PRACTITIONER = "tdg_practitioner", "TDG practitioner / peer reviewer"


CENTRAL_TEAM_ROLES = frozenset({Role.CFO, Role.FINANCE_OPS, Role.CENTRAL_ADMIN})
HEADTEACHER_ROLES = frozenset({Role.HEADTEACHER, Role.EXECUTIVE_HEADTEACHER})
# Roles whose access comes from the schools they are linked to.
SCHOOL_LINKED_ROLES = HEADTEACHER_ROLES | {Role.LOCAL_GOVERNOR}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address and holds one of the trust's roles."""

    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    schools = models.ManyToManyField(
        "School",
        blank=True,
        related_name="people",
        help_text=(
            "Headteachers: the school(s) they lead. Local governors: their one school. "
            "TDG practitioners: their home school (never reviewed by them)."
        ),
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "admin site access",
        default=False,
        help_text="Set for the central team, who maintain records through the admin site.",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def clean(self):
        super().clean()
        self.email = self.email.lower()


# --- Schools -----------------------------------------------------------------------


class Hub(models.Model):
    """A geographical group of schools (003: North; South Leicestershire and Leicester City)."""

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
        school in a category of concern (DOMAIN "Categorisation")."""
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


# --- The academic calendar ---------------------------------------------------------


class AcademicYear(models.Model):
    """September to August. Its terms and half-terms hold the trust's own dates."""

    start_year = models.PositiveSmallIntegerField(unique=True, help_text="2025 for 2025/26.")
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                name="academic_year_dates_in_order", condition=Q(starts_on__lt=models.F("ends_on"))
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"


class Term(models.Model):
    class Season(models.IntegerChoices):
        AUTUMN = 1, "Autumn"
        SPRING = 2, "Spring"
        SUMMER = 3, "Summer"

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="terms")
    season = models.PositiveSmallIntegerField(choices=Season.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "season"], name="one_term_per_season"),
            models.CheckConstraint(
                name="term_dates_in_order", condition=Q(starts_on__lt=models.F("ends_on"))
            ),
        ]

    def __str__(self):
        return f"{self.get_season_display()} term {self.academic_year.name}"

    def clean(self):
        _check_within_and_apart(
            self,
            parent=self.academic_year if self.academic_year_id else None,
            siblings=Term.objects.filter(academic_year_id=self.academic_year_id),
            what="term",
            parent_name="academic year",
        )


class HalfTerm(models.Model):
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="half_terms")
    number = models.PositiveSmallIntegerField(choices=[(1, "First half"), (2, "Second half")])
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="two_half_terms_per_term"),
            models.CheckConstraint(
                name="half_term_dates_in_order", condition=Q(starts_on__lt=models.F("ends_on"))
            ),
            models.CheckConstraint(name="half_term_number_1_or_2", condition=Q(number__in=[1, 2])),
        ]

    def __str__(self):
        return f"{self.label} {self.term.academic_year.name}"

    @property
    def label(self):
        return f"{self.term.get_season_display()} {self.number}"

    def clean(self):
        _check_within_and_apart(
            self,
            parent=self.term if self.term_id else None,
            siblings=HalfTerm.objects.filter(term_id=self.term_id),
            what="half-term",
            parent_name="term",
        )


def _check_within_and_apart(obj, *, parent, siblings, what, parent_name):
    if not (obj.starts_on and obj.ends_on):
        return
    if obj.starts_on >= obj.ends_on:
        raise ValidationError({"ends_on": f"The {what} must end after it starts."})
    if parent is not None and (obj.starts_on < parent.starts_on or obj.ends_on > parent.ends_on):
        raise ValidationError(
            f"The {what} must lie within its {parent_name} "
            f"({parent.starts_on:%-d %b %Y} to {parent.ends_on:%-d %b %Y})."
        )
    overlapping = siblings.exclude(pk=obj.pk).filter(
        starts_on__lte=obj.ends_on, ends_on__gte=obj.starts_on
    )
    if overlapping.exists():
        raise ValidationError(f"These dates overlap another {what} of the same {parent_name}.")
