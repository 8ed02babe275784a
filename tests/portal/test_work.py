"""The trustees' KPI report on its readers' homes (``symphony.portal.work``): this term's
report to read once its figures arrive, or the news that it went to the board."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from schools.data.selectors import current_collection
from schools.models import Role, Submission
from symphony.portal import work as report_work
from symphony.portal.models import BoardReport
from tests.factories import UserFactory

TODAY = timezone.localdate()
READ = "Read this term's KPI report"


@pytest.fixture
def collection(demo):
    return current_collection(TODAY)


def _titles(user):
    return [i.title for i in report_work.items(user, TODAY)]


def test_a_trustee_reads_this_terms_report_once_its_figures_arrive(cast, collection):
    [item] = report_work.items(cast["trustee"], TODAY)
    assert item.title == READ
    assert item.url == reverse("portal:kpi_report") + f"?collection={collection.pk}"
    assert str(collection.term) in item.detail
    # Drafts are not figures the report counts: nothing to read yet.
    Submission.objects.filter(collection=collection).update(state=Submission.State.DRAFT)
    assert _titles(cast["trustee"]) == []


def test_the_report_sent_to_the_board_is_news_for_its_readers(cast, collection):
    sent = BoardReport.objects.create(collection=collection, sent_by=cast["ceo"], state="ready")
    sent_on = sent.requested_at.date()
    member = UserFactory(email="member@example.org", role=Role.MEMBER, password="x")
    for reader in (cast["trustee"], member):
        [item] = report_work.items(reader, TODAY)
        assert item.title == f"The KPI report was sent to the board on {sent_on:%-d %B %Y}"
        assert (item.when, item.overdue) == (sent_on, False)
        assert item.url == reverse("portal:kpi_report") + f"?collection={collection.pk}"


def test_a_report_that_failed_to_render_is_not_news(cast, collection):
    BoardReport.objects.create(collection=collection, sent_by=cast["ceo"], state="failed")
    assert _titles(cast["trustee"]) == [READ]


def test_those_who_make_the_report_or_do_not_read_it_are_not_told(cast, collection):
    for role in ("ceo", "dop", "cfo", "head", "exec_head", "governor", "reviewer"):
        assert _titles(cast[role]) == [], role
        assert report_work.explains(cast[role]) is None, role


def test_the_trustee_finds_it_on_their_home(client_for, collection):
    cache.clear()
    page = client_for("trustee").get(reverse("home")).content.decode()
    assert escape(READ) in page
    assert reverse("portal:kpi_report") + f"?collection={collection.pk}" in page
