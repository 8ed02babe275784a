"""TDG support deployed to a school (School Improvement Strategy 2024-25, §5): a named
practitioner in one of the Strategy's specialisms, for a number of days, funded by the
school, serving one of its Core Plan actions."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from schools.models import School

from .core_plan import Action


class Specialism(models.TextChoices):
    MATHS = "maths", "Maths"
    LITERACY = "literacy", "Literacy"
    PHONICS = "phonics", "Phonics"
    EYFS = "eyfs", "EYFS"
    PUPIL_PREMIUM = "pupil_premium", "Pupil Premium"
    SCIENCE = "science", "Science"
    SEN = "sen", "SEN"


class TdgDeployment(models.Model):
    Specialism = Specialism

    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tdg_deployments",
        verbose_name="TDG practitioner",
        help_text="A TDG practitioner with a portal account.",
    )
    practitioner_name = models.CharField(
        "or a system leader's name",
        max_length=150,
        blank=True,
        help_text="A specialist leader of education without a portal account.",
    )
    specialism = models.CharField(max_length=20, choices=Specialism.choices)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="tdg_deployments")
    days = models.DecimalField(max_digits=5, decimal_places=1)
    starts_on = models.DateField()
    ends_on = models.DateField()
    school_funded = models.BooleanField(
        "funded by the school",
        default=True,
        help_text="TDG support is funded by the school (School Improvement Strategy 2024-25).",
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tdg_deployments",
        verbose_name="Core Plan action it serves",
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school", "-starts_on", "id"]
        verbose_name = "TDG deployment"
        constraints = [
            models.CheckConstraint(name="tdg_deployment_days_positive", condition=Q(days__gt=0)),
            models.CheckConstraint(
                name="tdg_deployment_ends_after_it_starts",
                condition=Q(ends_on__gte=models.F("starts_on")),
            ),
            models.CheckConstraint(
                name="tdg_deployment_names_who",
                condition=Q(practitioner__isnull=False) | ~Q(practitioner_name=""),
            ),
        ]

    def __str__(self):
        return f"{self.who}, {self.get_specialism_display()}: {self.school} ({self.days_label})"

    @property
    def days_label(self) -> str:
        """The days without a trailing ".0": "4 days", "0.5 days"."""
        return f"{self.days.normalize():f} day{'' if self.days == 1 else 's'}"

    @property
    def who(self) -> str:
        if self.practitioner_id:
            return self.practitioner.full_name or self.practitioner.email
        return self.practitioner_name
