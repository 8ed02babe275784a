"""The trust-wide page of reviews due, done and overdue this year, per school."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from schools import access
from schools.access import Perm
from schools.calendar import Calendar
from symphony.forms import add_service_errors

from .. import offer, schedule
from ..forms import SchoolReviewForm
from ..models import PeerReview, SchoolReview
from ..services import school_reviews as services
from .peer_reviews import _current_year

KINDS = list(SchoolReview.Kind)


def due_reviews(request):
    user = request.user
    if not access.holds(user, Perm.VIEW_SCHOOL):
        raise PermissionDenied("Your role does not include the review calendar.")
    year = _current_year()
    today = timezone.localdate()
    schools = list(access.schools_for(user).filter(status="member").order_by("name"))
    rows = []
    if year:
        cal = Calendar.load()
        held, sip_days = {}, {}
        for review in SchoolReview.objects.filter(school__in=schools).only(
            "school_id", "kind", "held_on", "days"
        ):
            held.setdefault((review.school_id, review.kind), []).append(review.held_on)
            this_year = year.starts_on <= review.held_on <= year.ends_on
            if review.kind == SchoolReview.Kind.SIP and this_year:
                sip_days[review.school_id] = sip_days.get(review.school_id, 0) + review.days
        offers = offer.offers_for(schools)
        peer = {
            r.school_id: r
            for r in PeerReview.objects.filter(academic_year=year, school__in=schools)
        }
        for school in schools:
            proposal = offers.get(school.pk)
            cells = []
            for kind in KINDS:
                slots = schedule.slots_for(
                    kind=kind,
                    school=school,
                    year=year,
                    calendar=cal,
                    held=held.get((school.pk, kind), []),
                    today=today,
                    frequency=proposal.review_frequency if proposal else None,
                    governance_history=held.get((school.pk, SchoolReview.Kind.GOVERNANCE), []),
                )
                summary = _summary(slots)
                if kind == SchoolReview.Kind.SIP:
                    summary["days"] = sip_days.get(school.pk, 0)
                cells.append((kind, slots, summary))
            rows.append((school, proposal, peer.get(school.pk), cells))
    return render(
        request,
        "reviews/due.html",
        {
            "rows": rows,
            "year": year,
            "kinds": KINDS,
            "manages": access.allowed(user, Perm.MANAGE_REVIEWS),
            "today": today,
            "sip_allowance": settings.SYMPHONY_SIP_DAYS_PER_YEAR,
        },
    )


def _summary(slots):
    states = [slot.state for slot in slots]
    return {
        "total": len(slots),
        "done": states.count("done"),
        "overdue": states.count("overdue"),
        "due": states.count("due"),
    }


@require_http_methods(["GET", "POST"])
def record_school_review(request):
    if not access.allowed(request.user, Perm.MANAGE_REVIEWS):
        raise PermissionDenied("The CEO and the Director of Primaries record these reviews.")
    form = SchoolReviewForm(
        request.POST or None,
        initial={"school": request.GET.get("school"), "kind": request.GET.get("kind")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_school_review(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The review was recorded.")
            return redirect("reviews:due")
    return render(request, "reviews/school_review_form.html", {"form": form})
