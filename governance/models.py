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


class Body(models.Model):
    class Kind(models.TextChoices):
        MEMBERS = "members", "Members"
        BOARD = "board", "Board of Trustees"
        COMMITTEE = "committee", "Committee of the board"
        LGB = "lgb", "Local Governing Body"
        WORKING_GROUP = "working_group", "Working group"

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
        null=True, blank=True, help_text="Seats to fill (members: 5; trustees: 7 to 11)."
    )
    quorum = models.PositiveSmallIntegerField(
        default=3, help_text="People who must be present for the meeting's decisions to stand."
    )
    meets = models.CharField(max_length=60, blank=True, help_text="e.g. termly, fortnightly")
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
            )
        ]

    def __str__(self):
        return self.name


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
