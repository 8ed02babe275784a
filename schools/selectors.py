"""Reads. Every function takes the user and returns rows already scoped by ``access``."""

from django.db.models import Prefetch, QuerySet

from . import access
from .filters import SchoolFilter
from .models import OfstedInspection, School, User


def school_list(*, user, params=None) -> tuple[SchoolFilter, QuerySet[School]]:
    """Visible schools with what the list shows, in a fixed number of queries."""
    schools = (
        access.schools_for(user)
        .select_related("hub")
        .prefetch_related(
            Prefetch("inspections", queryset=OfstedInspection.objects.all()),
            "peer_reviews",  # reviews' PeerReview, by its relation: the ground imports no app
            Prefetch("people", queryset=User.objects.filter(is_active=True)),
        )
    )
    filterset = SchoolFilter(params, queryset=schools)
    return filterset, filterset.qs


def school_detail(*, user, pk) -> School:
    queryset = School.objects.select_related("hub").prefetch_related(
        "inspections",
        "peer_reviews",
        Prefetch("people", queryset=User.objects.filter(is_active=True)),
    )
    return access.get_school(user, pk, queryset=queryset)


def submitted_roll(school):
    """The number on roll from the school's latest submitted or accepted termly data (a
    figure its head gave more recently than the record's), with its collection, or None."""
    from .models import Figure, Submission

    return (
        Figure.objects.filter(
            submission__school=school,
            submission__state__in=(Submission.State.SUBMITTED, Submission.State.ACCEPTED),
            measure="pupils_on_roll",
            year_group=0,
            group="all",
            value__isnull=False,
        )
        .select_related("submission__collection__term__academic_year")
        .order_by("-submission__collection__deadline")
        .first()
    )
