"""Governance (the web page "About the Trust"; Trust Self-Evaluation 2025; Business Plan
2018-19; School-improvement model): the trust's members, board of trustees and its
committees, each school's Local Governing Body and the working groups; the people on them
with dated appointments; the register of business and pecuniary interests; the training each
person has done; and the annual skills audit."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from schools.models import AcademicYear, School
from symphony.uploads import DocumentValidator

# The minutes and the scheme of delegation, as a body keeps them.
DOCUMENT_TYPES = (".pdf", ".docx")
MONTHS = [(i, datetime.date(2000, i, 1).strftime("%B")) for i in range(1, 13)]
MAX_PER_YEAR = 52
MAX_WEEKS = 26


class Body(models.Model):
    class Kind(models.TextChoices):
        MEMBERS = "members", "Members"
        BOARD = "board", "Board of Trustees"
        COMMITTEE = "committee", "Committee of the board"
        LGB = "lgb", "Local Governing Body"
        # School Improvement Strategy 2024-25: CoG liaison meetings, chaired by an allocated
        # trustee, a nominated governor from each school, the CEO attending (appointments).
        LIAISON = "liaison", "Liaison meeting"
        WORKING_GROUP = "working_group", "Working group"

    class Cadence(models.TextChoices):
        """How often a body must meet; ``governance.cadence`` checks it against the
        trust's terms and academic years."""

        TERMLY = "termly", "At least once each term"
        PER_YEAR = "per_year", "A number of times each academic year"
        IN_MONTH = "in_month", "Once a year, in a given month"
        EVERY_WEEKS = "every_weeks", "Every so many weeks (term time)"

    class SizeIs(models.TextChoices):
        TARGET = "target", "A target: seats to fill"
        MAXIMUM = "maximum", "A maximum: up to this many"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=120, unique=True)
    school = models.OneToOneField(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lgb",
        help_text="For a Local Governing Body: its school.",
    )
    target_size = models.PositiveSmallIntegerField(
        "size",
        null=True,
        blank=True,
        help_text="Seats to fill (members: 5; trustees: 7 to 11), or the most it may have.",
    )
    size_is = models.CharField(
        max_length=8,
        choices=SizeIs.choices,
        default=SizeIs.TARGET,
        help_text="A target counts vacancies; a maximum (the Finance and Audit Committee's "
        "'up to five trustees') flags only a body over it.",
    )
    quorum = models.PositiveSmallIntegerField(
        default=3, help_text="People who must be present for the meeting's decisions to stand."
    )
    cadence = models.CharField(
        "meets",
        max_length=12,
        choices=Cadence.choices,
        blank=True,
        help_text="How often the body must meet; leave empty if it has no set cadence.",
    )
    cadence_number = models.PositiveSmallIntegerField(
        "how many",
        null=True,
        blank=True,
        help_text="Meetings each academic year, or the weeks between meetings.",
    )
    cadence_month = models.PositiveSmallIntegerField(
        "in the month", null=True, blank=True, choices=MONTHS
    )
    scheme_of_delegation = models.FileField(
        upload_to="governance/schemes/",
        blank=True,
        validators=[DocumentValidator(DOCUMENT_TYPES)],
        help_text="The scheme of delegation in force (PDF or Word, up to 10 MB).",
    )
    scheme_in_force_from = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.CheckConstraint(
                name="lgb_has_a_school", condition=~Q(kind="lgb") | Q(school__isnull=False)
            ),
            # NULL compares as unknown, which a CHECK lets through: hence the isnull=False.
            models.CheckConstraint(
                name="cadence_fields_fit_its_kind",
                condition=Q(
                    cadence__in=["", "termly"],
                    cadence_number__isnull=True,
                    cadence_month__isnull=True,
                )
                | Q(
                    cadence="per_year",
                    cadence_number__isnull=False,
                    cadence_number__gte=1,
                    cadence_number__lte=MAX_PER_YEAR,
                    cadence_month__isnull=True,
                )
                | Q(
                    cadence="every_weeks",
                    cadence_number__isnull=False,
                    cadence_number__gte=1,
                    cadence_number__lte=MAX_WEEKS,
                    cadence_month__isnull=True,
                )
                | Q(
                    cadence="in_month",
                    cadence_number__isnull=True,
                    cadence_month__isnull=False,
                    cadence_month__gte=1,
                    cadence_month__lte=12,
                ),
            ),
            models.CheckConstraint(
                name="a_maximum_size_has_a_number",
                condition=Q(size_is="target") | Q(target_size__isnull=False),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = cadence_errors(self.cadence, self.cadence_number, self.cadence_month)
        if self.size_is == self.SizeIs.MAXIMUM and not self.target_size:
            errors["target_size"] = "Give the most people the body may have, or make it a target."
        if errors:
            raise ValidationError(errors)

    @property
    def cadence_display(self) -> str:
        """The rule in words: "at least once each term", "4 times a year", "not set"."""
        n, month = self.cadence_number, self.cadence_month
        if self.cadence == self.Cadence.TERMLY:
            return "at least once each term"
        if self.cadence == self.Cadence.PER_YEAR and n:
            return "once a year" if n == 1 else f"{n} times a year"
        if self.cadence == self.Cadence.IN_MONTH and month:
            return f"once a year, in {MONTHS[month - 1][1]}"
        if self.cadence == self.Cadence.EVERY_WEEKS and n:
            return "every week in term time" if n == 1 else f"every {n} weeks in term time"
        return "not set"

    @property
    def size_display(self) -> str:
        if not self.target_size:
            return ""
        if self.size_is == self.SizeIs.MAXIMUM:
            return f"up to {self.target_size}"
        return f"{self.target_size} seats"


def cadence_errors(cadence: str, number: int | None, month: int | None) -> dict[str, str]:
    """What is wrong with a meeting rule, by field: each kind of rule takes its own fields
    and no others."""
    Cadence = Body.Cadence
    errors: dict[str, str] = {}
    if not cadence:
        if number is not None or month is not None:
            errors["cadence"] = (
                "Choose how often the body meets, or leave the number and the month empty."
            )
        return errors
    if cadence in (Cadence.PER_YEAR, Cadence.EVERY_WEEKS):
        if month is not None:
            errors["cadence_month"] = (
                "Only a body that meets once a year in a given month has a month: leave it empty."
            )
        if number is None and cadence == Cadence.PER_YEAR:
            errors["cadence_number"] = "Say how many times each academic year the body meets."
        elif number is None:
            errors["cadence_number"] = "Say every how many weeks the body meets."
        elif cadence == Cadence.PER_YEAR and not 1 <= number <= MAX_PER_YEAR:
            errors["cadence_number"] = f"A body meets between 1 and {MAX_PER_YEAR} times a year."
        elif cadence == Cadence.EVERY_WEEKS and not 1 <= number <= MAX_WEEKS:
            errors["cadence_number"] = (
                f"Every 1 to {MAX_WEEKS} weeks; for less often, say how many times a year."
            )
        return errors
    if number is not None:
        what = "termly" if cadence == Cadence.TERMLY else "once a year in a given month"
        errors["cadence_number"] = f"A body that meets {what} needs no number: leave it empty."
    if cadence == Cadence.TERMLY and month is not None:
        errors["cadence_month"] = (
            "Only a body that meets once a year in a given month has a month: leave it empty."
        )
    if cadence == Cadence.IN_MONTH and month is None:
        errors["cadence_month"] = "Say in which month the body meets each year."
    return errors


class Person(models.Model):
    """Someone who governs; linked to a portal account where they have one."""

    full_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="governance_person",
    )

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name


class Appointment(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member of the body"

    class Category(models.TextChoices):
        APPOINTED = "appointed", "Appointed"
        ELECTED_PARENT = "elected_parent", "Elected parent"
        ELECTED_STAFF = "elected_staff", "Elected staff"
        EX_OFFICIO = "ex_officio", "Ex officio"
        CO_OPTED = "co_opted", "Co-opted"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appointments")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="appointments")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    category = models.CharField(max_length=16, choices=Category.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="When the term of office ends.")

    class Meta:
        ordering = ["body", "role", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                name="appointment_ends_after_it_starts",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
            )
        ]

    def __str__(self):
        return f"{self.person} on {self.body}"

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": "A term of office ends after it starts."})

    def is_current(self, today: datetime.date) -> bool:
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)


class Interest(models.Model):
    """The register of business and pecuniary interests (what academy trusts publish)."""

    class Kind(models.TextChoices):
        BUSINESS = "business", "Business interest"
        PECUNIARY = "pecuniary", "Pecuniary interest"
        GOVERNANCE = "governance", "Governance role elsewhere"
        RELATIONSHIP = "relationship", "Relationship with trust staff or members"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interests")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    organisation = models.CharField(max_length=200)
    nature = models.CharField(max_length=300, help_text="The interest, e.g. director.")
    declared_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person__full_name", "-declared_on"]

    def __str__(self):
        return f"{self.person}: {self.nature}, {self.organisation}"


class Training(models.Model):
    class Kind(models.TextChoices):
        SAFEGUARDING = "safeguarding", "Safeguarding"
        INDUCTION = "induction", "Governor induction"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="training")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    course = models.CharField(max_length=200)
    completed_on = models.DateField()

    class Meta:
        ordering = ["person__full_name", "-completed_on"]

    def __str__(self):
        return f"{self.person}: {self.course} ({self.completed_on:%b %Y})"


class Skill(models.Model):
    name = models.CharField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class SkillRating(models.Model):
    """A person's own rating of a skill in one year's audit (1 none to 4 expert)."""

    class Level(models.IntegerChoices):
        NONE = 1, "1: none"
        SOME = 2, "2: some knowledge"
        GOOD = 3, "3: good, could lead"
        EXPERT = 4, "4: expert or professional"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ratings")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="ratings")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    rated_on = models.DateField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "academic_year", "skill"], name="one_rating_per_skill_per_year"
            ),
            models.CheckConstraint(name="rating_1_to_4", condition=Q(level__gte=1, level__lte=4)),
        ]

    def __str__(self):
        return f"{self.person}: {self.skill} {self.level}"


class Meeting(models.Model):
    """A meeting of a body: who attended (and so whether it was quorate), the trust's
    leaders present (the CEO and DoP attend one LGB meeting per school a year), the
    minutes, and the actions agreed."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    agenda = models.TextField(blank=True, help_text="One item per line.")
    minutes = models.TextField(blank=True)
    minutes_file = models.FileField(
        "minutes (document)",
        upload_to="governance/minutes/",
        blank=True,
        validators=[DocumentValidator(DOCUMENT_TYPES)],
        help_text=(
            "Upload the minutes (PDF or Word, up to 10 MB) instead of, or as well as, writing them."
        ),
    )
    decisions = models.TextField(blank=True)
    trust_leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="The CEO or Director of Primaries, where they attended.",
    )

    class Meta:
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.body}, {self.held_on:%-d %B %Y}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(default=True)
    apologies = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_each")
        ]

    def __str__(self):
        return f"{self.person} at {self.meeting}"


class MeetingAction(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=150)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description
