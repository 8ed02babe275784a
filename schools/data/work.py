"""Termly data on people's homes (``schools.work``): for whoever enters a school's figures,
the term's collection due, in draft, returned for correction (with the reason) or just
accepted; for whoever accepts them, the collections with schools still missing."""

from __future__ import annotations

import datetime

from django.urls import reverse

from .. import access
from ..access import Perm
from ..models import Collection, Submission
from ..work import Item
from .selectors import TRACKED

KIND = "Termly data"
ACCEPTED_SHOWN_DAYS = 14  # an acceptance stays on the home this long, as news


def _open(today) -> list[Collection]:
    """Collections open now: opened, and not more than a term past their deadline."""
    return list(
        Collection.objects.select_related("term__academic_year")
        .filter(opens_on__lte=today, deadline__gte=today - datetime.timedelta(days=90))
        .order_by("deadline")
    )


def items(user, today) -> list[Item]:
    found = []
    collections = _open(today)
    if not collections:
        return found
    if access.holds(user, Perm.SUBMIT_DATA) and not access.allowed(user, Perm.MANAGE_COLLECTIONS):
        found += _for_schools(user, collections, today)
    if access.allowed(user, Perm.MANAGE_COLLECTIONS):
        found += _for_the_central_team(collections, today)
    return found


def _for_schools(user, collections, today) -> list[Item]:
    schools = list(
        access.schools_for(user, Perm.SUBMIT_DATA).filter(status__in=TRACKED).order_by("name")
    )
    submissions = {
        (s.collection_id, s.school_id): s
        for s in Submission.objects.filter(collection__in=collections, school__in=schools)
    }
    found = []
    for collection in collections:
        for school in schools:
            url = reverse("schools:submission", args=[collection.pk, school.pk])
            sub = submissions.get((collection.pk, school.pk))
            late = collection.deadline < today
            common = {"url": url, "school": school.name, "kind": KIND}
            if sub is None or sub.state == Submission.State.DRAFT:
                state = "started, in draft" if sub else "not started"
                found.append(
                    Item(
                        title=f"Enter and submit the {collection.term} figures",
                        when=collection.deadline,
                        detail=f"Due {collection.deadline:%-d %B}; {state}.",
                        overdue=late,
                        **common,
                    )
                )
            elif sub.state == Submission.State.RETURNED:
                found.append(
                    Item(
                        title=f"Correct the {collection.term} figures returned to you",
                        when=sub.reviewed_at.date() if sub.reviewed_at else collection.deadline,
                        detail=f"Returned for correction: {sub.return_reason}",
                        overdue=True,
                        **common,
                    )
                )
            elif sub.state == Submission.State.ACCEPTED and sub.reviewed_at:
                accepted_on = sub.reviewed_at.date()
                if (today - accepted_on).days <= ACCEPTED_SHOWN_DAYS:
                    found.append(
                        Item(
                            title=f"The {collection.term} figures were accepted",
                            when=accepted_on,
                            detail="Nothing more to do for this collection.",
                            **common,
                        )
                    )
    return found


def _for_the_central_team(collections, today) -> list[Item]:
    from ..models import School

    tracked = School.objects.filter(status__in=TRACKED).count()
    done = {}
    waiting = {}
    for collection_id, state in Submission.objects.filter(collection__in=collections).values_list(
        "collection_id", "state"
    ):
        if state == Submission.State.ACCEPTED:
            done[collection_id] = done.get(collection_id, 0) + 1
        elif state == Submission.State.SUBMITTED:
            waiting[collection_id] = waiting.get(collection_id, 0) + 1
    found = []
    for collection in collections:
        url = reverse("schools:collection", args=[collection.pk])
        if waiting.get(collection.pk):
            n = waiting[collection.pk]
            found.append(
                Item(
                    title=f"Accept or return {n} submission{'s' if n != 1 else ''}",
                    url=url,
                    when=collection.deadline,
                    detail=f"{collection}: submitted and waiting for the central team.",
                    kind=KIND,
                )
            )
        missing = tracked - done.get(collection.pk, 0) - waiting.get(collection.pk, 0)
        if missing > 0:
            found.append(
                Item(
                    title=f"{missing} school{'s have' if missing != 1 else ' has'} not submitted",
                    url=url,
                    when=collection.deadline,
                    detail=f"{collection}: due {collection.deadline:%-d %B %Y}.",
                    kind=KIND,
                    overdue=collection.deadline < today,
                )
            )
    return found


def explains(user) -> str | None:
    if access.allowed(user, Perm.MANAGE_COLLECTIONS):
        return "termly data waiting to be accepted, and schools yet to submit"
    if access.holds(user, Perm.SUBMIT_DATA):
        return "your school's termly data when it is due, returned or accepted"
    return None
