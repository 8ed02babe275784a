"""The roof's writes: keeping the term's KPI report as it was sent to the board."""

from django.db import transaction

from schools.documents import request_snapshot

from .models import BoardReport


@transaction.atomic
def send_board_report(*, collection, by) -> BoardReport:
    """Keep the term's KPI report as it goes to the Board of Trustees: a snapshot made in
    the background, listed on the report's page with who sent it and when."""
    return request_snapshot(BoardReport(collection=collection, sent_by=by))
