"""The trustees' KPI report on its readers' homes (``schools.work``): trustees and members
read it each term (Business Plan 2018-19; they meet termly and hold the trust to account).
Those who read every school's figures but do not run the collection are its readers; the
trust's leaders and the central team, who collect the figures and send the report, are
told through the termly data instead. When the term's report has gone to the board that is
the news; before that, once the term's figures have begun to arrive, it is there to read."""

from __future__ import annotations

from django.urls import reverse

from schools import access
from schools.access import Perm
from schools.data.aggregates import COUNTED
from schools.data.selectors import current_collection
from schools.models import Submission
from schools.work import Item

from .models import BoardReport

KIND = "KPI report"


def _reads_the_report(user) -> bool:
    return access.allowed(user, Perm.VIEW_TRUST_DATA) and not access.holds(
        user, Perm.MANAGE_COLLECTIONS
    )


def items(user, today) -> list[Item]:
    """Three queries at most."""
    if not _reads_the_report(user):
        return []
    collection = current_collection(today)
    if collection is None:
        return []
    url = reverse("portal:kpi_report") + f"?collection={collection.pk}"
    sent = (
        BoardReport.objects.filter(collection=collection)
        .exclude(state=BoardReport.State.FAILED)
        .order_by("-requested_at")
        .first()
    )
    if sent is not None:
        sent_on = sent.requested_at.date()
        return [
            Item(
                title=f"The KPI report was sent to the board on {sent_on:%-d %B %Y}",
                url=url,
                when=sent_on,
                detail=f"{collection.term}: the report as the board read it.",
                kind=KIND,
            )
        ]
    if Submission.objects.filter(collection=collection, state__in=COUNTED).exists():
        return [
            Item(
                title="Read this term's KPI report",
                url=url,
                detail=f"{collection.term}: the figures so far against the trust's targets.",
                kind=KIND,
            )
        ]
    return []


def explains(user) -> str | None:
    if _reads_the_report(user):
        return "this term's KPI report once its figures arrive, and when it goes to the board"
    return None
