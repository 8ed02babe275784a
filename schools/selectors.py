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
