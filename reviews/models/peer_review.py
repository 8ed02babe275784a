"""Peer reviews (School Improvement Strategy 2024-25, §5; Trust Self-Evaluation 2025,
"Effectiveness of School Improvement").

One bespoke review per school per academic year: light-touch or full by category, a team of
leaders from other trust schools and TDG practitioners, focus areas from the trust's list
plus the school's agreed priorities, a judgement per area and an overall outcome. The rows
imported from the trust's table ("Peer Review: Good 2025", Self-Evaluation) carry only a
calendar year and an outcome; they are published reviews without an academic year.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When

from schools.models import AcademicYear, LegacyGrade, ReportCardGrade, Role, School, Snapshot


class Scale(models.TextChoices):
    """The judgement scale a review records. Ofsted: the two are not comparable, so a review
    keeps the scale it used and the portal never converts between them."""

    LEGACY = "legacy", "Ofsted four-point scale (Outstanding to Inadequate)"
    REPORT_CARD = "report_card", "Ofsted report-card scale (from November 2025)"


def grade_choices(scale: str):
    return LegacyGrade.choices if scale == Scale.LEGACY else ReportCardGrade.choices


def grade_label(scale: str, value: int | None) -> str:
    if value is None:
        return ""
    return (LegacyGrade if scale == Scale.LEGACY else ReportCardGrade)(value).label


def default_scale() -> str:
    return settings.SYMPHONY_PEER_REVIEW_SCALE


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    PRIORITIES_AGREED = "priorities_agreed", "Priorities agreed with the school"
    IN_PROGRESS = "in_progress", "In progress"
    DRAFT_REPORT = "draft_report", "Draft report"
    MODERATED = "moderated", "Moderated by the Director of Primaries"
    PUBLISHED = "published", "Published"


class Kind(models.TextChoices):
    """Strategy §5: light-touch or full, dependent upon category."""

    LIGHT_TOUCH = "light_touch", "Light-touch"
    FULL = "full", "Full"


# The lifecycle, in order; each step moves one place forward (services.peer_reviews).
LIFECYCLE = list(Status)


class PeerReview(models.Model):
    Kind = Kind
    Status = Status
    Scale = Scale

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="peer_reviews")
    academic_year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="peer_reviews",
        null=True,
        blank=True,
        help_text="Empty only for outcomes imported from the trust's records (year known).",
    )
    year = models.PositiveSmallIntegerField(help_text="Calendar year of the review.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    planned_on = models.DateField("review date", null=True, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, blank=True)
    proposed_kind = models.CharField(
        max_length=16,
        choices=Kind.choices,
        blank=True,
        help_text="The type the school's category called for when the review was planned.",
    )
    kind_reason = models.TextField(
        "reason for the type",
        blank=True,
        help_text="Required when the type differs from the one the category proposes.",
    )
    scale = models.CharField(max_length=16, choices=Scale.choices, default=default_scale)
    school_priorities = models.TextField(
        "agreed school priorities",
        blank=True,
        help_text="Agreed with the school's leaders, usually from its SEF and Core Plan.",
    )
    # The school's leaders propose the priorities; the DoP agrees them (Trust Self-Evaluation
    # 2025: priorities are agreed with the school's leaders in advance).
    priorities_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    priorities_proposed_at = models.DateTimeField(null=True, blank=True)
    priorities_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    priorities_agreed_at = models.DateTimeField(null=True, blank=True)
    proposed_outcome = models.PositiveSmallIntegerField(
        "overall judgement",
        null=True,
        blank=True,
        help_text="The team's overall judgement, on the review's scale; moderated before "
        "it is published.",
    )
    summary_text = models.TextField("overall summary", blank=True)
    # Published outcome: written once, by publication (or the trust's historic records).
    overall_outcome = models.PositiveSmallIntegerField(
        choices=LegacyGrade.choices,
        null=True,
        blank=True,
        help_text="The published overall outcome on the four-point scale.",
    )
    overall_report_card = models.PositiveSmallIntegerField(
        choices=ReportCardGrade.choices,
        null=True,
        blank=True,
        help_text="The published overall outcome on the report-card scale.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.TextField(blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Published reviews first, newest first: the school list's "latest peer review"
        # chip takes the first one, and must never show a review still in progress.
        ordering = [
            "school",
            Case(When(status="published", then=Value(0)), default=Value(1)),
            "-year",
            models.F("reviewed_on").desc(nulls_last=True),
            "-id",
        ]
        constraints = [
            models.CheckConstraint(
                name="peer_review_date_in_year",
                condition=Q(year__gte=2016, year__lte=2100),
            ),
            models.UniqueConstraint(
                fields=["school", "academic_year"],
                name="one_peer_review_per_school_per_year",
                violation_error_message="The school already has its peer review for this "
                "academic year.",
            ),
            models.CheckConstraint(
                name="peer_review_outcome_on_its_scale",
                condition=(Q(scale="legacy") & Q(overall_report_card__isnull=True))
                | (Q(scale="report_card") & Q(overall_outcome__isnull=True)),
            ),
        ]

    def __str__(self):
        return f"{self.school}: peer review {self.summary}"

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def period(self):
        return self.academic_year.name if self.academic_year_id else str(self.year)

    @property
    def published_outcome(self) -> int | None:
        return self.overall_outcome if self.scale == Scale.LEGACY else self.overall_report_card

    @property
    def outcome_label(self) -> str:
        return grade_label(self.scale, self.published_outcome)

    @property
    def proposed_outcome_label(self) -> str:
        return grade_label(self.scale, self.proposed_outcome)

    @property
    def summary(self):
        """What the chips show; an outcome only once published (drafts never leak)."""
        if not self.is_published:
            return f"{self.get_status_display()} {self.period}"
        if self.published_outcome is None:
            return f"{self.year} (no overall outcome)"
        return f"{self.outcome_label} {self.year}"

    def clean(self):
        errors = {}
        if self.academic_year_id and self.planned_on:
            year = self.academic_year
            if not (year.starts_on <= self.planned_on <= year.ends_on):
                errors["planned_on"] = f"The review date must fall in {year.name}."
        if self.proposed_outcome is not None and self.proposed_outcome not in dict(
            grade_choices(self.scale)
        ):
            errors["proposed_outcome"] = "Choose a judgement on the review's scale."
        # The published outcome is written by publication alone (services), so a draft
        # judgement never shows on the school page before the DoP has moderated it.
        if not self.is_published and self.published_outcome is not None:
            errors["status"] = "An overall outcome is recorded only when the review is published."
        changed = self.kind and self.proposed_kind and self.kind != self.proposed_kind
        if changed and not self.kind_reason.strip():
            errors["kind_reason"] = (
                f"The school's category proposes a {self.get_proposed_kind_display().lower()} "
                "review; give the reason for choosing another type."
            )
        if errors:
            raise ValidationError(errors)


class ReviewTeamMember(models.Model):
    """A reviewer: a leader of another trust school, a TDG practitioner (Strategy;
    Self-Evaluation), or a reviewer from outside the trust invited to this one review
    (Trust Self-Evaluation 2025: external members build in further QA)."""

    ELIGIBLE_ROLES = (
        Role.HEADTEACHER,
        Role.EXECUTIVE_HEADTEACHER,
        Role.TDG_PRACTITIONER,
        Role.EXTERNAL_REVIEWER,
    )
    # Chosen from the list of trust accounts; an external reviewer is invited by e-mail.
    TRUST_ROLES = ELIGIBLE_ROLES[:3]

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_memberships"
    )
    is_lead = models.BooleanField("lead reviewer", default=False)

    class Meta:
        ordering = ["-is_lead", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="one_place_per_reviewer"),
        ]

    def __str__(self):
        return f"{self.user} on {self.review}"

    @property
    def role_label(self) -> str:
        """How the team is introduced in the review and its report."""
        if self.user.role == Role.TDG_PRACTITIONER:
            role = "TDG practitioner"
        elif self.user.role == Role.EXTERNAL_REVIEWER:
            role = "external reviewer" + (
                f", {self.user.organisation}" if self.user.organisation else ""
            )
        else:
            role = "headteacher of another trust school"
        return f"lead reviewer, {role}" if self.is_lead else role

    def clean(self):
        if not (self.review_id and self.user_id):
            return
        if self.user.role not in self.ELIGIBLE_ROLES:
            raise ValidationError(
                {
                    "user": "Reviewers are leaders of other trust schools, TDG practitioners "
                    "or external reviewers invited by the Director of Primaries."
                }
            )
        if self.user.schools.filter(pk=self.review.school_id).exists():
            school = self.review.school
            raise ValidationError(
                {"user": f"{self.user} belongs to {school}: no one reviews their own school."}
            )


class Audience(models.TextChoices):
    """Whom a published review's report goes to (School Improvement Strategy 2024-25, peer
    reviews: the school, its LGB and the trustees; the trust's leaders)."""

    HEADS = "heads", "The school's headteachers"
    TRUST_LEADERS = "trust_leaders", "The trust's leaders (CEO and Director of Primaries)"
    TRUSTEES = "trustees", "The trustees"
    GOVERNORS = "governors", "The school's local governors"


class ReportRecipient(models.Model):
    """One person a published review's report went to: who, as what, when, by which
    publication (its publisher and the report it queued), and when they first opened it."""

    Audience = Audience

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="sent_to")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_received"
    )
    audience = models.CharField(max_length=16, choices=Audience.choices)
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    report = models.ForeignKey(
        "ReviewReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The PDF report publication queued.",
    )
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["audience", "user__full_name"]
        constraints = [
            # A review is published once: each person is sent its report once.
            models.UniqueConstraint(fields=["review", "user"], name="report_sent_once"),
        ]

    def __str__(self):
        return f"{self.review} sent to {self.user}"


class Area(models.TextChoices):
    """The trust's list of peer-review focus areas (Strategy §5; Self-Evaluation)."""

    TEACHING = "teaching", "Quality of teaching and its impact on progress (observations)"
    BOOKS = "books", "Progress through scrutiny of children's books"
    BEHAVIOUR = "behaviour", "Behaviour and children's well-being"
    ENTRY = "entry", "Attainment and progress: on entry"
    EYFS = "eyfs", "Attainment and progress: EYFS"
    PHONICS = "phonics", "Attainment and progress: Year 1 phonics screening"
    NTS = "nts", "Attainment and progress: NTS data"
    KS2 = "ks2", "Attainment and progress: Key Stage 2"
    DISADVANTAGED = "disadvantaged", "Vulnerable groups: FSM / Pupil Premium"
    SEND = "send", "Vulnerable groups: SEND"
    EXCLUSIONS = "exclusions", "Exclusions"
    ATTENDANCE = "attendance", "Attendance"
    GOVERNANCE = "governance", "Governance"
    GRANTS = "grants", "Use and impact of Pupil Premium and Sports Grant"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    SCHOOL_PRIORITY = "school_priority", "Agreed school priority"


class FocusArea(models.Model):
    """One area the team reviews, with its evidence, findings and judgement."""

    Area = Area

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="focus_areas")
    area = models.CharField(max_length=20, choices=Area.choices)
    title = models.CharField(
        max_length=200, blank=True, help_text="For an agreed school priority: what it is."
    )
    # Evidence gathered (Self-Evaluation: observations, book scrutiny, pupil voice, data).
    observations = models.BooleanField("lesson observations", default=False)
    book_scrutiny = models.BooleanField(default=False)
    pupil_voice = models.BooleanField(default=False)
    data = models.BooleanField("data", default=False)
    evidence_notes = models.TextField("evidence notes", blank=True)
    strengths = models.TextField(blank=True)
    areas_for_development = models.TextField(
        blank=True,
        help_text="One per line: each becomes an action point in the school's Core Plan "
        "when the review is published.",
    )
    judgement = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="On the review's scale."
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "area"],
                condition=~Q(area="school_priority"),
                name="each_trust_focus_area_once_per_review",
            ),
            models.CheckConstraint(
                name="school_priority_has_title",
                condition=~Q(area="school_priority") | ~Q(title=""),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.title if self.area == Area.SCHOOL_PRIORITY else self.get_area_display()

    @property
    def judgement_label(self):
        return grade_label(self.review.scale, self.judgement)

    @property
    def evidence_labels(self):
        return [
            label
            for flag, label in (
                (self.observations, "observations"),
                (self.book_scrutiny, "book scrutiny"),
                (self.pupil_voice, "pupil voice"),
                (self.data, "data"),
            )
            if flag
        ]

    @property
    def development_points(self) -> list[str]:
        return [
            line.strip(" -•\t")
            for line in self.areas_for_development.splitlines()
            if line.strip(" -•\t")
        ]

    def clean(self):
        errors = {}
        if self.area == Area.SCHOOL_PRIORITY and not self.title.strip():
            errors["title"] = "Name the school priority."
        if self.area != Area.SCHOOL_PRIORITY:
            self.title = ""
        if (
            self.judgement is not None
            and self.review_id
            and self.judgement not in dict(grade_choices(self.review.scale))
        ):
            errors["judgement"] = "Choose a judgement on the review's scale."
        if errors:
            raise ValidationError(errors)


class ReviewReport(Snapshot):
    """A rendered PDF of a published review (a ``Snapshot``): each rendering is a new row,
    the newest ready one is the one people download."""

    UPLOAD_TO = "reviews/reports"

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="reports")

    class Meta(Snapshot.Meta):
        pass

    def __str__(self):
        return f"Report for {self.review} ({self.get_state_display()})"

    def render_pdf(self) -> bytes:
        from ..reports import review_report_pdf  # the report reads the models

        return review_report_pdf(self.review)

    def file_name(self) -> str:
        name = f"peer-review-{self.review.school.name}-{self.review.period}.pdf"
        return name.replace(" ", "-").replace("/", "-").lower()


class IssueLevel(models.TextChoices):
    """How much a review found wrong, in the words of the trust's categorisation table
    (School Improvement Strategy 2024-25, §5: "no issues" to "significant issues"), so the
    risk meeting can read a review against the criteria. The values are categorisation's
    ``Issues`` (a test keeps them the same)."""

    NONE = "none", "No issues"
    MINOR = "minor", "Minor issues"
    SOME = "some", "Some issues"
    SIGNIFICANT = "significant", "Significant issues"


class SchoolReview(models.Model):
    """The other reviews on the trust's calendar (School-improvement model;
    Self-Evaluation): they share a shape (a school, a date, who led it, what it found, and
    the level of issues it found); SIP visits also count days."""

    IssueLevel = IssueLevel

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", "Partnership review"
        CURRICULUM = "curriculum", "School review (curriculum lead)"
        SAFEGUARDING = "safeguarding", "Safeguarding review"
        GOVERNANCE = "governance", "Governance review"
        SIP = "sip", "SIP visit"
        SAFEGUARDING_AUDIT = "safeguarding_audit", "Annual safeguarding audit"
        NLE = "nle", "NLE evaluation"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="school_reviews")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    held_on = models.DateField()
    led_by = models.CharField(max_length=150, blank=True)
    days = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        default=1,
        help_text="SIP visits: days used (the SIP gives 3 days per school per year, "
        "SYMPHONY_SIP_DAYS_PER_YEAR).",
    )
    summary = models.TextField("findings", blank=True)
    # Blank only on reviews recorded before the level was asked for: the form requires it.
    issue_level = models.CharField(
        "issues found",
        max_length=16,
        choices=IssueLevel.choices,
        blank=True,
        help_text="No issues, minor, some or significant issues: what the risk meeting reads "
        "against the categorisation criteria.",
    )
    # The SIP reports directly to the LGB; the governance review's report goes to the Board
    # (School-improvement model).
    reported_on = models.DateField(
        "reported on",
        null=True,
        blank=True,
        help_text="SIP visits: the day the SIP reported to the LGB. Governance reviews: the day "
        "the review was reported to the Board.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # To whom each kind's report goes, where the School-improvement model names one.
    REPORTED_TO = {Kind.SIP: "the LGB", Kind.GOVERNANCE: "the Board"}

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="school_review_days_positive", condition=Q(days__gt=0) & Q(days__lte=3)
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.school}, {self.held_on}"

    @property
    def reported_to(self) -> str:
        return self.REPORTED_TO.get(self.kind, "")
