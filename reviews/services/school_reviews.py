"""Recording the other reviews on the trust's calendar."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from schools.calendar import academic_start_year

from ..models import SchoolReview


def sip_days_used(school, start_year: int) -> Decimal:
    """The SIP days ``school`` has used in the academic year starting in ``start_year``
    (1 September to 31 August): one query."""
    used = SchoolReview.objects.filter(
        school=school,
        kind=SchoolReview.Kind.SIP,
        held_on__gte=datetime.date(start_year, 9, 1),
        held_on__lte=datetime.date(start_year + 1, 8, 31),
    ).aggregate(days=Sum("days"))["days"]
    return used or Decimal(0)


def _days(value: Decimal) -> str:
    """Days as people write them: 3, 2.5 (the databases give 3.0 or 3)."""
    return f"{Decimal(value).normalize():f}"


@transaction.atomic
def record_school_review(
    *,
    school,
    kind,
    held_on,
    by,
    issue_level,
    led_by="",
    days=1,
    summary="",
    reported_on=None,
):
    """Record a review held, with the level of issues it found (required here: blank only
    on reviews recorded before the level was asked for). A SIP visit may not take the
    school past its SIP days for the year (School-improvement model: "a SIP for 3 days per
    school", ``SYMPHONY_SIP_DAYS_PER_YEAR``); a report to the LGB or the Board is dated on
    or after the review."""
    if not issue_level:
        raise ValidationError({"issue_level": "Say what level of issues the review found."})
    days = Decimal(days) if kind == SchoolReview.Kind.SIP else Decimal(1)
    if reported_on and kind not in SchoolReview.REPORTED_TO:
        raise ValidationError(
            {
                "reported_on": "Only a SIP visit (to the LGB) or a governance review (to the "
                "Board) records a report; leave it empty for this review."
            }
        )
    if reported_on and held_on and reported_on < held_on:
        raise ValidationError(
            {"reported_on": f"The report cannot come before the review ({held_on:%-d %B %Y})."}
        )
    if kind == SchoolReview.Kind.SIP and held_on:
        start = academic_start_year(held_on)
        allowance = Decimal(settings.SYMPHONY_SIP_DAYS_PER_YEAR)
        used = sip_days_used(school, start)
        if used + days > allowance:
            raise ValidationError(
                {
                    "days": f"{school.name} has used {_days(used)} of its {_days(allowance)} "
                    f"SIP days in {start}/{(start + 1) % 100:02d}; this visit of {_days(days)} "
                    f"would take it to {_days(used + days)}. Nothing was saved."
                }
            )
    review = SchoolReview(
        school=school,
        kind=kind,
        held_on=held_on,
        led_by=led_by,
        days=days,
        summary=summary,
        issue_level=issue_level,
        reported_on=reported_on,
        recorded_by=by,
    )
    review.full_clean()
    review.save()
    return review
