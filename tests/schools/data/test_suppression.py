"""Small numbers: counts of 1 and 2 pupils, and the rates that reveal them, are
"c" in pages, exports, PDFs and the API, and cannot be recovered by subtraction."""

import csv
import io
import itertools
import random
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from schools.data import suppression
from schools.data.aggregates import headline_figures
from schools.data.selectors import RATE_MEASURES
from schools.data.suppression import SUPPRESSED, is_small, is_suppressed, mask_for, suppress
from schools.data.trends import trend_measures
from schools.models import ApiToken, Collection, Figure, School
from symphony.portal.dashboard import dashboard_measures

# --- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "hidden"), [(0, False), (1, True), (2, True), (3, False)])
def test_zero_is_shown_one_and_two_are_suppressed_three_is_shown(count, hidden):
    assert is_small(Decimal(count)) is hidden
    assert is_small(count) is hidden


def test_the_threshold_is_a_setting(settings):
    settings.SYMPHONY_SUPPRESS_BELOW = 5
    assert [n for n in range(7) if is_small(n)] == [1, 2, 3, 4]
    assert "fewer than 5" in suppression.explanation()
    settings.SYMPHONY_SUPPRESS_BELOW = 1
    assert not any(is_small(n) for n in range(7))


def test_a_suppressed_figure_reads_c_with_its_reason():
    assert str(SUPPRESSED) == "c"
    html = SUPPRESSED.html
    assert 'title="fewer than 3' in html and "visually-hidden" in html
    assert "protect pupils&#x27; identities" in html


# --- secondary suppression, proved by arithmetic ----------------------------------------------


def determined(shown: dict, total, parts) -> set:
    """The hidden cells (None in ``shown``) whose value the visible ones fix: every way of
    filling the hidden parts with whole numbers >= 0 that keeps total = sum(parts) is tried,
    and a cell is determined when it takes one value in all of them."""
    hidden = [p for p in parts if shown[p] is None]
    rest = sum(shown[p] for p in parts if shown[p] is not None)
    if shown[total] is None:  # the total is free: each hidden part may be anything
        fillings = itertools.product(range(5), repeat=len(hidden))
    else:
        fillings = (
            f
            for f in itertools.product(range(shown[total] - rest + 1), repeat=len(hidden))
            if sum(f) == shown[total] - rest
        )
    possible = {k: set() for k in [*hidden, *([total] if shown[total] is None else [])]}
    for filling in fillings:
        for k, v in zip(hidden, filling, strict=True):
            possible[k].add(v)
        if shown[total] is None:
            possible[total].add(rest + sum(filling))
    assert all(possible.values()) or not possible, "the visible figures must be consistent"
    return {k for k, values in possible.items() if len(values) == 1}


def shown_after(values: dict, total, parts) -> dict:
    hidden = suppress(values, [(total, parts)])
    return {k: None if k in hidden else v for k, v in values.items()}


def test_one_small_school_and_the_trust_total_hides_a_second_cell():
    values = {"trust": 13, "glen": 1, "foxton": 5, "fairfield": 7, "orchard": 0}
    parts = ["glen", "foxton", "fairfield", "orchard"]
    shown = shown_after(values, "trust", parts)
    assert shown["glen"] is None
    assert shown["foxton"] is None  # the next smallest non-zero part
    assert shown["trust"] == 13 and shown["orchard"] == 0 and shown["fairfield"] == 7
    assert determined(shown, "trust", parts) == set()


def test_a_single_school_hides_the_total_with_its_count():
    shown = shown_after({"trust": 4, "only": 1}, "trust", ["only"])
    assert shown == {"trust": None, "only": None}
    assert determined(shown, "trust", ["only"]) == set()


def test_a_small_total_is_hidden_with_its_parts():
    values = {"trust": 2, "a": 1, "b": 1, "c": 0}
    shown = shown_after(values, "trust", ["a", "b", "c"])
    assert shown["trust"] is None and shown["a"] is None and shown["b"] is None
    assert shown["c"] == 0  # zeros are shown, as the DfE shows them


def test_no_suppressed_count_can_be_worked_out_from_the_visible_ones():
    rng = random.Random(9)
    for _ in range(300):
        parts = [f"s{i}" for i in range(rng.randint(1, 5))]
        values = {p: rng.choice([0, 0, 1, 2, 3, 4, 5]) for p in parts}
        values["trust"] = sum(values.values())
        shown = shown_after(values, "trust", parts)
        assert not any(is_small(v) for v in shown.values() if v is not None), values
        assert determined(shown, "trust", parts) == set(), values


# --- the demo trust, with counts we choose -------------------------------------------------------

SUSPENSIONS = {"Glen Hills": 1, "Foxton": 5, "Fairfield": 7}  # the rest 0; trust total 13
EXCLUSIONS = {"Thornton": 1}  # the trust total, 1, is small too


@pytest.fixture
def summer(demo):
    """A collection every school has had accepted, with the counts above."""
    collection = Collection.objects.get(term__season=3, term__academic_year__start_year=2025)
    for measure, counts in (("suspensions", SUSPENSIONS), ("permanent_exclusions", EXCLUSIONS)):
        rows = Figure.objects.filter(submission__collection=collection, measure=measure)
        rows.update(value=0)
        for name, n in counts.items():
            rows.filter(submission__school__name=name).update(value=n)
    return collection


def _pk(name):
    return School.objects.get(name=name).pk


def test_the_mask_hides_the_small_count_its_partner_and_a_small_total(summer):
    mask = mask_for([summer])
    assert mask.school(summer.pk, _pk("Glen Hills"), "suspensions")
    assert mask.school(summer.pk, _pk("Foxton"), "suspensions")
    assert not mask.school(summer.pk, _pk("Fairfield"), "suspensions")
    assert not mask.trust(summer.pk, "suspensions")
    assert mask.school(summer.pk, _pk("Thornton"), "permanent_exclusions")
    assert mask.trust(summer.pk, "permanent_exclusions")
    assert mask.trust(summer.pk, "exclusion_rate")  # the rate with its count


def test_rates_are_suppressed_with_their_counts(summer):
    schools = list(School.objects.all())
    figures = suppression.hide_headline(headline_figures([summer], schools), mask_for([summer]))
    glen, fairfield = (
        figures[(summer.pk, _pk("Glen Hills"))],
        figures[(summer.pk, _pk("Fairfield"))],
    )
    assert is_suppressed(glen["suspensions"]) and is_suppressed(glen["suspension_rate"])
    assert fairfield["suspensions"] == 7 and not is_suppressed(fairfield["suspension_rate"])
    assert fairfield["pupils_on_roll"] > 0  # the roll is never suppressed


def test_leaders_see_exact_figures_unless_the_trust_says_otherwise(cast, settings):
    assert suppression.exact_for(cast["ceo"]) and suppression.exact_for(cast["dop"])
    for role in ("trustee", "head", "governor"):
        assert not suppression.exact_for(cast[role])
    settings.SYMPHONY_SUPPRESS_FOR_LEADERS = True
    assert not suppression.exact_for(cast["ceo"])


def test_the_dashboard_and_trends_show_no_counts():
    """They show percentages only; a count added to them must go through suppression."""
    assert not {m for m, _, _ in dashboard_measures()} & RATE_MEASURES
    assert not set(trend_measures()) & RATE_MEASURES


# --- every output --------------------------------------------------------------------------------


def _benchmark(client, collection, measure="suspension_rate"):
    return client.get(
        reverse("schools:benchmarking") + f"?collection={collection.pk}&measure={measure}"
    )


def test_benchmarking_shows_c_unranked_to_heads_and_trustees(client_for, summer):
    for role in ("head", "trustee"):
        response = _benchmark(client_for(role), summer)
        rows = response.context["rows"]
        hidden = [r for r in rows if is_suppressed(r.value)]
        assert len(hidden) == 2 and not any(r.ranked or r.width for r in hidden)
        assert rows[-2:] == hidden  # after the ranking, whose order would bound them
        body = response.content.decode()
        assert 'class="suppressed"' in body and "not ranked" in body
    trustee = _benchmark(client_for("trustee"), summer).context["rows"]
    assert {r.label for r in trustee if is_suppressed(r.value)} == {"Glen Hills", "Foxton"}


def test_benchmarking_is_exact_for_leaders_unless_set(client_for, summer, settings):
    rows = _benchmark(client_for("ceo"), summer).context["rows"]
    assert not any(is_suppressed(r.value) for r in rows)
    settings.SYMPHONY_SUPPRESS_FOR_LEADERS = True
    rows = _benchmark(client_for("ceo"), summer).context["rows"]
    assert sum(is_suppressed(r.value) for r in rows) == 2


def test_the_collection_page_hides_a_rate_that_reveals_a_small_total(client_for, summer):
    response = client_for("trustee").get(reverse("schools:collection", args=[summer.pk]))
    trust = dict(response.context["trust"])
    assert is_suppressed(trust["Permanent exclusions (per 100 pupils on roll)"].value)
    assert not is_suppressed(trust["Suspensions (per 100 pupils on roll)"].value)
    assert 'id="suppression-note"' in response.content.decode()


def _figure(response, measure):
    for row in response.context["grid"]:
        if row.key.measure == measure:
            return row.stored
    raise AssertionError(measure)


def test_the_head_sees_their_own_exact_figures_a_trustee_sees_c(client_for, summer):
    url = f"/data/collections/{summer.pk}/schools/{_pk('Glen Hills')}/"
    assert _figure(client_for("head").get(url), "suspensions") == 1
    response = client_for("trustee").get(url)
    assert is_suppressed(_figure(response, "suspensions"))
    assert _figure(response, "pupils_on_roll") > 0
    assert 'title="fewer than 3' in response.content.decode()


def test_the_template_download_leaves_a_suppressed_count_blank(client_for, summer):
    url = f"/data/collections/{summer.pk}/schools/{_pk('Glen Hills')}/template.csv"

    def suspensions(role):
        body = client_for(role).get(url).content.decode("utf-8-sig")
        return next(r for r in csv.DictReader(io.StringIO(body)) if r["Measure"] == "suspensions")

    assert suspensions("head")["Value"] == "1"
    assert suspensions("trustee")["Value"] == ""


def test_the_kpi_report_page_suppresses_even_for_leaders(client_for, summer):
    response = client_for("ceo").get(reverse("portal:kpi_report") + f"?collection={summer.pk}")
    kpis = {k["kpi"]: k for k in response.context["kpis"]}
    assert is_suppressed(kpis["Permanent exclusions (per 100 pupils on roll)"]["value"])
    assert not is_suppressed(kpis["Suspensions (per 100 pupils on roll)"]["value"])
    assert 'class="suppressed"' in response.content.decode()


def test_the_kpi_pdf_shows_c_and_why(client_for, summer):
    from pypdf import PdfReader

    response = client_for("trustee").get(
        reverse("portal:kpi_report_download", args=["pdf"]) + f"?collection={summer.pk}"
    )
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    assert "Permanent exclusions (per 100 pupils on roll)" in text
    row = text.split("Permanent exclusions (per 100 pupils on roll)", 1)[1][:400]
    assert " c " in row and "Suppressed (c)" in row
    assert "c: fewer than 3" in text


def _trust_cell(rows, kpi):
    header = rows[0]
    row = next(r for r in rows if r[1] == kpi)
    return row[header.index("Trust")]


def test_the_kpi_csv_and_xlsx_show_c(client_for, summer):
    client = client_for("trustee")
    body = client.get(
        reverse("portal:kpi_report_download", args=["csv"]) + f"?collection={summer.pk}"
    ).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert _trust_cell(rows, "Permanent exclusions (per 100 pupils on roll)") == "c"
    assert _trust_cell(rows, "Suspensions (per 100 pupils on roll)") not in ("", "c")
    sheet = load_workbook(
        io.BytesIO(
            client.get(
                reverse("portal:kpi_report_download", args=["xlsx"]) + f"?collection={summer.pk}"
            ).content
        )
    ).active
    rows = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert _trust_cell(rows, "Permanent exclusions (per 100 pupils on roll)") == "c"


@pytest.fixture
def api(cast):
    def make(role):
        _token, key = ApiToken.issue(user=cast[role], name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    return make


def test_the_api_gives_null_and_suppressed_and_nothing_can_be_subtracted(api, summer):
    client = api("ceo")  # the API leaves the portal: suppressed for leaders too
    rows = client.get(
        reverse("portal:api_figures") + f"?collection={summer.pk}&measure=suspensions"
    ).json()
    by_school = {r["school"]: r for r in rows["figures"]}
    glen = by_school[_pk("Glen Hills")]
    assert glen["value"] is None and glen["suppressed"] is True
    assert (
        by_school[_pk("Fairfield")] | {"value": 7.0, "suppressed": False}
        == by_school[_pk("Fairfield")]
    )
    trust = client.get(reverse("portal:api_trust") + f"?collection={summer.pk}").json()["measures"]
    assert trust["suspensions"]["value"] == 13 and not trust["suspensions"]["suppressed"]
    for measure in ("permanent_exclusions", "exclusion_rate"):
        assert trust[measure] | {"value": None, "suppressed": True} == trust[measure]
    # What a reader of the API can work out: nothing hidden.
    shown = {pk: None if r["suppressed"] else int(r["value"]) for pk, r in by_school.items()}
    shown["trust"] = int(trust["suspensions"]["value"])
    assert determined(shown, "trust", list(by_school)) == set()


def test_the_api_schema_names_suppressed(client):
    schema = client.get(reverse("portal:api_schema")).json()
    item = schema["paths"]["/figures"]["get"]["responses"]["200"]["content"]
    props = item["application/json"]["schema"]["properties"]["figures"]["items"]["properties"]
    assert props["suppressed"]["type"] == "boolean"
