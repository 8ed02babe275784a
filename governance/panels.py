"""The school page's governance panel: its LGB's effectiveness at a glance (registered
with ``schools.panels``)."""

from django.db.models import Count, Q
from django.utils import timezone

from reviews.models import SchoolReview
from schools import access
from schools.access import Perm

from . import selectors
from .models import Attendance, Body


def lgb_panel(request, school):
    user = request.user
    body = Body.objects.filter(school=school).first()
    if (
        body is None
        or not access.holds(user, Perm.VIEW_GOVERNANCE)
        or not selectors.bodies(user=user).filter(pk=body.pk)
    ):
        return {"body": None}
    today = timezone.localdate()
    detail = selectors.body_detail(body=body, today=today)
    year = selectors.this_year(today)
    attendance = Attendance.objects.filter(meeting__body=body)
    if year:
        attendance = attendance.filter(meeting__held_on__gte=year.starts_on)
    totals = attendance.aggregate(all=Count("pk"), present=Count("pk", filter=Q(present=True)))
    review = (
        SchoolReview.objects.filter(school=school, kind=SchoolReview.Kind.GOVERNANCE)
        .order_by("-held_on")
        .first()
    )
    return {
        "body": body,
        "chair": next(
            (p["appointment"].person for p in detail["people"] if p["appointment"].role == "chair"),
            None,
        ),
        "size": len(detail["people"]),
        "vacancies": detail["vacancies"],
        "training_gaps": sum(1 for p in detail["people"] if p["safeguarding"].state != "in date"),
        "ending": sum(1 for p in detail["people"] if p["term_ending"]),
        "attendance_rate": round(100 * totals["present"] / totals["all"])
        if totals["all"]
        else None,
        "review": review,
        "gaps": detail["gaps"],
    }
