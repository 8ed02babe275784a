"""A school's data page as people read it: every figure beside last term's and the
trust's with the change in words (and none invented when there is no last term), the
on-track heat map with its bands and legend, suppression still applied for each reader,
and who may open it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from schools.data import compare
from schools.data.aggregates import trust_figures
from schools.data.measures import RowKey, shown
from schools.data.selectors import TRACKED
from schools.data.suppression import is_suppressed
from schools.models import Collection, Figure, School, Submission
from tests.conftest import ROLES

D = Decimal
ABSENCE = RowKey("overall_absence", 0, "", "all")
Y3_MATHS = RowKey("on_track_expected", 3, "maths", "all")
Y4_MATHS = RowKey("on_track_expected", 4, "maths", "all")


@pytest.fixture
def terms(demo):
    """(this term's collection, last term's)."""
    this, last = Collection.objects.order_by("-term__starts_on")[:2]
    return this, last


def _url(collection, school):
    return reverse("schools:submission", args=[collection.pk, school.pk])


def _set(collection, school, key, value, pupils=None):
    figures = Figure.objects.filter(
        submission__collection=collection,
        submission__school=school,
        measure=key.measure,
        year_group=key.year_group,
        subject=key.subject,
        group=key.group,
    )
    assert figures.update(value=value, **({"pupils": pupils} if pupils else {})) == 1


def _rows(response):
    return {row.key: row for row in response.context["grid"]}


def test_each_figure_is_beside_last_terms_and_the_trusts_with_the_change(client_for, terms, school):
    this, last = terms
    glen_hills = school("Glen Hills")
    _set(this, glen_hills, ABSENCE, "4.60")
    _set(last, glen_hills, ABSENCE, "4.20")
    response = client_for("trustee").get(_url(this, glen_hills))
    row = _rows(response)[ABSENCE]
    assert (row.stored, row.last) == (D("4.60"), D("4.20"))
    assert str(row.change) == "up 0.4 points, worse"  # lower absence is better
    trust = trust_figures(this, School.objects.filter(status__in=TRACKED))["overall_absence"]
    assert row.trust == trust.value
    page = response.content.decode()
    assert "<td>4.2%</td>" in page
    assert "up 0.4 points (worse)" in page
    assert f"<td>{shown('overall_absence', trust.value)}</td>" in page
    assert f"last term's ({last.term})" in page
    counted = Submission.objects.filter(collection=this, state__in=("submitted", "accepted"))
    assert f"over the {counted.count()} of 15 schools" in page


def test_the_heat_map_bands_each_cell_and_writes_its_figure(client_for, terms, school):
    this, last = terms
    glen_hills = school("Glen Hills")
    _set(this, glen_hills, Y3_MATHS, "64.9")
    _set(last, glen_hills, Y3_MATHS, "60")
    _set(this, glen_hills, Y4_MATHS, "65")
    response = client_for("ceo").get(_url(this, glen_hills))
    rows = _rows(response)
    assert rows[Y3_MATHS].band.index == 2 and rows[Y4_MATHS].band.index == 3
    heat = response.context["heat"]
    assert [g["label"] for g in heat][0] == "All pupils" and len(heat) == 6
    all_pupils = heat[0]["tables"][0]
    assert all_pupils["measure"].key == "on_track_expected"
    assert [year for year, _cells in all_pupils["rows"]] == [1, 2, 3, 4, 5, 6]
    assert all_pupils["rows"][2][1][2].key == Y3_MATHS  # year 3, maths
    page = response.content.decode()
    assert '<td class="heat heat-2"><span class="heat-value">64.9%</span>' in page
    assert '<td class="heat heat-3"><span class="heat-value">65%</span>' in page
    assert "Last term 60%" in page and "up 4.9 points" in page
    # The legend says every band in words: the colour is never alone.
    for band in compare.bands("on_track_expected"):
        assert f'heat-swatch heat-{band.index}">{band.label}</span>' in page
    # Read only, the on-track rows are read in the heat map, not listed again.
    assert all(r.key.measure not in compare.HEAT_MEASURES for r in response.context["listed"])


def test_with_no_earlier_collection_nothing_is_set_beside_as_last_term(client_for, school):
    first = Collection.objects.order_by("term__starts_on").first()
    glen_hills = school("Glen Hills")
    assert Submission.objects.filter(collection=first, school=glen_hills).exists()
    response = client_for("ceo").get(_url(first, glen_hills))
    assert response.context["beside"].previous is None
    rows = response.context["grid"]
    assert rows and all(row.last is None and row.change is None for row in rows)
    assert "there is no earlier collection" in response.content.decode()


def test_last_terms_draft_is_not_a_figure_to_compare_with(client_for, terms, school):
    this, last = terms
    glen_hills = school("Glen Hills")
    Submission.objects.filter(collection=last, school=glen_hills).update(state="draft")
    response = client_for("ceo").get(_url(this, glen_hills))
    assert all(row.last is None for row in response.context["grid"])
    assert "No figure last term" in response.content.decode()


def test_last_terms_small_count_is_c_for_readers_and_gives_no_change(client_for, terms, school):
    this, last = terms
    glen_hills = school("Glen Hills")
    key = RowKey("suspensions", 0, "", "all")
    _set(last, glen_hills, key, 1)
    _set(this, glen_hills, key, 4)
    trustee = _rows(client_for("trustee").get(_url(this, glen_hills)))[key]
    assert is_suppressed(trustee.last) and trustee.change is None
    head = _rows(client_for("head").get(_url(this, glen_hills)))[key]
    assert head.last == 1 and str(head.change) == "up 3, worse"  # their own: exact


def test_the_trusts_small_total_is_c_except_for_the_trusts_leaders(client_for, terms, school):
    this, _last = terms
    glen_hills = school("Glen Hills")
    key = RowKey("permanent_exclusions", 0, "", "all")
    Figure.objects.filter(submission__collection=this, measure=key.measure).update(value=0)
    _set(this, glen_hills, key, 1)
    url = _url(this, glen_hills)
    assert _rows(client_for("ceo").get(url))[key].trust == 1
    for role in ("head", "trustee"):
        response = client_for(role).get(url)
        assert is_suppressed(_rows(response)[key].trust), role
        assert 'class="suppressed"' in response.content.decode()


# anon, ceo, dop, cfo, head, exec_head, trustee, governor, reviewer: Glen Hills's page
GLEN_HILLS = (302, 200, 200, 200, 200, 404, 200, 404, 404)


@pytest.mark.parametrize(("role", "status"), zip(ROLES, GLEN_HILLS, strict=True))
def test_who_reads_glen_hills_data_page_and_its_heat_map(client_for, terms, school, role, status):
    response = client_for(role).get(_url(terms[0], school("Glen Hills")))
    assert response.status_code == status
    if status == 200:
        assert response.context["heat"]
        assert 'id="heat-heading"' in response.content.decode()
