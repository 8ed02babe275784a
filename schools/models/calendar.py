"""The academic calendar: years, terms and half-terms with the trust's own dates.
Lookups go through ``schools.calendar``, the one calendar helper."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


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
