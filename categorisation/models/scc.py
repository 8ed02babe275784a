"""Schools Causing Concern (School Improvement Strategy 2024-25, §6).

A school enters SCC when the trust decides it (``SccCase``), gets an Individual School
Action Plan (the case's plan fields, and Core Plan actions with source "Individual School
Action Plan", so the action code is shared), and is monitored at four levels. Every
change of level, every monitoring review, entry and exit is an ``SccMove`` appended to the
case's timeline; a move that the trust's table makes conditional on steps (causes discussed
with the head, concerns shared with the chair, a letter to the LGB, ...) carries those
steps as ``SccStep`` rows with who, when and evidence. Nothing is edited in place.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from schools.models import School, Snapshot
from symphony.uploads import MB, DocumentValidator

# The letter or minute a step's evidence may carry.
EVIDENCE_TYPES = (".pdf", ".docx", ".png", ".jpg", ".jpeg")
MAX_EVIDENCE_BYTES = 5 * MB


class SccCase(models.Model):
    class Trigger(models.TextChoices):
        CATEGORY_4 = "category_4", "Placed in category 4"
        OFSTED_INADEQUATE = "ofsted_inadequate", "Ofsted grade 4 (Inadequate)"
        SECOND_RI = "second_ri", "A second Requires Improvement"
        REPORT_CARD = "report_card", "Ofsted report card: urgent improvement or safeguarding"
        TRUST_CONCERN = "trust_concern", "Concerns raised by the trust"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="scc_cases")
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    reason = models.TextField(help_text="Why the trust decided the school causes concern.")
    opened_on = models.DateField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The Individual School Action Plan (Strategy §6).
    agreed_headteacher = models.CharField(
        "head teacher agreed by the trust",
        max_length=150,
        blank=True,
        help_text="Where relevant, the head teacher the trust identifies or agrees.",
    )
    core_offer_support = models.TextField(
        "core offer support",
        blank=True,
        help_text="The curriculum, leadership and governance support from the core offer.",
    )
    due_diligence_findings = models.TextField(
        "due diligence: priority needs",
        blank=True,
        help_text="What due diligence found the school's priority development needs to be.",
    )
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["school__name", "-opened_on"]
        verbose_name = "SCC case"
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(closed_on__isnull=True),
                name="one_open_scc_case_per_school",
            )
        ]

    def __str__(self):
        return f"{self.school}: Schools Causing Concern from {self.opened_on:%-d %b %Y}"


class SccMove(models.Model):
    """One entry on a case's timeline. ``previous`` chains them: two people acting on the
    same case at once cannot both append after the same move (one-to-one), so one wins."""

    class Kind(models.TextChoices):
        ENTER = "enter", "Entered Schools Causing Concern"
        MONITORING = "monitoring", "Monitoring review"
        STEP_DOWN = "step_down", "Stepped down a level"
        EXIT = "exit", "Left Schools Causing Concern"

    class Outcome(models.TextChoices):
        RESPONDING_WELL = (
            "responding_well",
            ("Responding well: improvements in line with expectations"),
        )
        INSUFFICIENT = "insufficient", "Insufficient progress"

    case = models.ForeignKey(SccCase, on_delete=models.PROTECT, related_name="moves")
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_move"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    from_level = models.PositiveSmallIntegerField(null=True, blank=True)
    to_level = models.PositiveSmallIntegerField(null=True, blank=True, help_text="None: left SCC.")
    held_on = models.DateField()
    notes = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "held_on", "pk"]
        verbose_name = "SCC move"
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(previous__isnull=True), name="one_entry_per_case"
            ),
            models.CheckConstraint(
                name="scc_level_1_to_4",
                condition=Q(to_level__isnull=True) | Q(to_level__gte=1, to_level__lte=4),
            ),
            models.CheckConstraint(
                name="monitoring_has_outcome",
                condition=~Q(kind="monitoring") | ~Q(outcome=""),
            ),
        ]

    def __str__(self):
        return f"{self.case.school}: {self.get_kind_display()} ({self.held_on:%-d %b %Y})"


def evidence_path(instance, filename):
    return f"scc/{instance.move.case_id}/{filename}"


class SccStep(models.Model):
    """A step the trust's table requires for a move, with who, when and evidence."""

    class Key(models.TextChoices):
        CAUSES_DISCUSSED = (
            "causes_discussed",
            ("Causes identified and discussed with the head teacher"),
        )
        CONCERNS_WITH_HEAD = "concerns_with_head", "Concerns discussed with the head teacher"
        PLAN_AMENDED = "plan_amended", "Individual School Action Plan amended with the support"
        SHARED_WITH_CHAIR = (
            "shared_with_chair",
            ("Concerns shared with the Chair of Governors / governing body"),
        )
        LETTER_TO_LGB = (
            "letter_to_lgb",
            ("Written communication to the LGB setting out the actions that will follow"),
        )
        HEAD_GOVERNOR_ACTION = (
            "head_governor_action",
            ("Possible action at head teacher or governor level considered"),
        )
        PERFORMANCE_MANAGEMENT = (
            "performance_management",
            ("Implications for the head teacher's performance management noted"),
        )
        RELEVANT_ACTION = (
            "relevant_action",
            ("Relevant action taken (leadership or governor changes, DfE regional team / RISE)"),
        )

    move = models.ForeignKey(SccMove, on_delete=models.PROTECT, related_name="steps")
    key = models.CharField(max_length=24, choices=Key.choices)
    who = models.CharField(max_length=150)
    done_on = models.DateField()
    evidence = models.TextField(help_text="What was done, or what the minute or letter says.")
    document = models.FileField(
        upload_to=evidence_path,
        blank=True,
        validators=[DocumentValidator(EVIDENCE_TYPES, max_bytes=MAX_EVIDENCE_BYTES)],
        help_text="The letter or minute (PDF, Word or an image; up to 5 MB).",
    )

    class Meta:
        ordering = ["move", "pk"]
        verbose_name = "SCC step"
        constraints = [
            models.UniqueConstraint(fields=["move", "key"], name="one_step_of_a_kind_per_move")
        ]

    def __str__(self):
        return self.get_key_display()


class SccInvolvement(models.Model):
    """A body outside the trust involved with a school causing concern, by the names the
    DfE uses now (DOMAIN: Regional Directors since 2022; RISE teams since 2025, in three
    tiers), with the dates of its involvement. Recorded, and ended, through
    ``categorisation.scc`` only."""

    class Body(models.TextChoices):
        REGIONAL_DIRECTOR = "regional_director", "DfE Regional Director"
        RISE = "rise", "RISE team (Regional Improvement for Standards and Excellence)"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        OTHER = "other", "Other body"

    class Tier(models.TextChoices):
        UNIVERSAL = "universal", "Universal"
        TARGETED = "targeted", "Targeted"
        INTERVENTION = "intervention", "Intervention"

    case = models.ForeignKey(SccCase, on_delete=models.PROTECT, related_name="involvements")
    body = models.CharField(max_length=20, choices=Body.choices)
    body_name = models.CharField(
        "name of the body",
        max_length=150,
        blank=True,
        help_text="Needed for another body; otherwise, for example, the region or the council.",
    )
    tier = models.CharField(
        "RISE tier", max_length=12, choices=Tier.choices, blank=True, help_text="RISE teams only."
    )
    started_on = models.DateField("involved from")
    ended_on = models.DateField("involved until", null=True, blank=True)
    notes = models.TextField(help_text="What the body is doing with the school, and its contact.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "started_on", "pk"]
        verbose_name = "SCC external involvement"
        constraints = [
            models.CheckConstraint(
                name="rise_has_a_tier_and_only_rise",
                condition=(Q(body="rise") & ~Q(tier="")) | (~Q(body="rise") & Q(tier="")),
            ),
            models.CheckConstraint(
                name="involvement_ends_after_it_starts",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self):
        name = f" ({self.body_name})" if self.body_name else ""
        return f"{self.case.school}: {self.get_body_display()}{name}"

    @property
    def current(self) -> bool:
        return self.ended_on is None


class SccLetter(Snapshot):
    """The letter to the school's Local Governing Body at level 3 (Strategy §6), as it was
    issued: a stored snapshot (``Snapshot``), dated the day it was issued, which the LGB and
    the trust's leaders read afterwards exactly as it was sent."""

    UPLOAD_TO = "scc/letters"

    case = models.ForeignKey(SccCase, on_delete=models.PROTECT, related_name="letters")
    level = models.PositiveSmallIntegerField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(Snapshot.Meta):
        verbose_name = "SCC letter"

    def __str__(self):
        return f"Letter to the LGB of {self.case.school} ({self.requested_at:%-d %b %Y})"

    def render_pdf(self) -> bytes:
        from ..scc import letter_pdf  # the letter reads the case's timeline and plan

        return letter_pdf(self.case, on=self.requested_at.date())

    def file_name(self) -> str:
        name = self.case.school.name.lower().replace(" ", "-")
        return f"letter-to-lgb-{name}-{self.requested_at:%Y-%m-%d}.pdf"
