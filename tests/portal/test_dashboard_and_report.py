"""The roof's pages: the CEO/DoP's dashboard (every school, filtered and ranked, at a fixed
number of queries) and the trustees' KPI report with its PDF and CSV."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools.models import Hub
from tests.factories import SchoolFactory


def test_the_dashboard_shows_every_school_with_its_figures(client_for):
    page = client_for("ceo").get(reverse("home"))
    rows = page.context["rows"]
    assert len(rows) == 15
    assert page.context["missing"]  # some schools have not submitted this term
    foxton = next(r for r in rows if r.school.name == "Foxton")
    assert foxton.category == 3
    assert "pupil-weighted" in page.content.decode()


def test_the_dashboard_filters_and_ranks(client_for):
    page = client_for("ceo").get(reverse("home") + "?category=3")
    assert [r.school.name for r in page.context["rows"]] == ["Foxton"]
    ranked = client_for("ceo").get(reverse("home") + "?order=overall_absence").context["rows"]
    values = [r.cells[0].value for r in ranked if r.cells[0].value is not None]
    assert values == sorted(values)  # lower absence ranks first


def test_the_dashboard_costs_the_same_with_more_schools(client_for, django_assert_max_num_queries):
    client = client_for("ceo")
    with CaptureQueriesContext(connection) as with_15:
        client.get(reverse("home"))
    hub = Hub.objects.first()
    for i in range(30):
        SchoolFactory(name=f"Extra {i}", hub=hub)
    with django_assert_max_num_queries(len(with_15)):
        client.get(reverse("home"))


def test_the_kpi_report_pdf_has_the_kpis_and_escapes_text(client_for, school):
    import io

    from pypdf import PdfReader

    foxton = school("Foxton")
    foxton.name = "Foxton <b>&</b>"
    foxton.save()
    response = client_for("trustee").get(reverse("portal:kpi_report_download", args=["pdf"]))
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Attendance" in text and "KS2 reading, writing and maths" in text
    assert "Foxton <b>&</b>" in text


def test_the_kpi_csv_writes_formulas_as_text(client_for, school):
    foxton = school("Foxton")
    foxton.name = "=HYPERLINK(1)"
    foxton.save()
    body = (
        client_for("trustee")
        .get(reverse("portal:kpi_report_download", args=["csv"]))
        .content.decode("utf-8-sig")
    )
    assert "'=HYPERLINK(1)" in body


# The term's report as it was sent to the board: a stored snapshot.


def test_the_report_is_kept_as_sent_to_the_board(client_for, django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    from schools.models import Collection
    from symphony.portal.models import BoardReport

    collection = Collection.objects.order_by("-term__starts_on").first()
    client = client_for("ceo")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:send_board_report", args=[collection.pk]))
    assert response.status_code == 302
    sent = BoardReport.objects.get(collection=collection)
    assert (sent.state, sent.sent_by.email) == ("ready", "ceo@example.org")
    page = client_for("trustee").get(reverse("portal:kpi_report") + f"?collection={collection.pk}")
    assert "Download the report as sent" in page.content.decode()
    assert not page.context["may_send"]  # trustees read it; they do not send it
    pdf = client_for("trustee").get(reverse("portal:board_report", args=[collection.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf))).pages)
    assert "Report to the Board of Trustees" in text and "sent" in text


@pytest.mark.parametrize("role", ["cfo", "trustee", "head"])
def test_only_the_ceo_and_dop_send_it_and_nothing_is_kept_otherwise(client_for, role):
    from schools.models import Collection
    from symphony.portal.models import BoardReport

    collection = Collection.objects.order_by("-term__starts_on").first()
    response = client_for(role).post(reverse("portal:send_board_report", args=[collection.pk]))
    assert response.status_code == 403
    assert not BoardReport.objects.exists()


def test_before_it_is_sent_there_is_nothing_to_download(client_for):
    from schools.models import Collection

    collection = Collection.objects.order_by("-term__starts_on").first()
    response = client_for("trustee").get(reverse("portal:board_report", args=[collection.pk]))
    assert response.status_code == 404


def test_the_csv_and_xlsx_say_what_the_page_says(client_for):
    """Cell by cell against the page's own data: every school's category and SCC level,
    and every KPI's figure, as a number in Excel."""
    import csv

    from openpyxl import load_workbook

    client = client_for("trustee")
    page = client.get(reverse("portal:kpi_report")).context
    body = client.get(reverse("portal:kpi_report_download", args=["csv"])).content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("portal:kpi_report_download", args=["xlsx"])).content)
    ).active
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(rows) == len(cells)
    schools = {r[1]: r for r in rows if r[0] == "School"}
    for s in page["schools"]:
        row = schools[s["school"].name]
        level = f"SCC level {s['scc_level']}" if s["scc_level"] else "Not in SCC"
        assert (row[3], row[5]) == (f"Category {s['category']}", level)
    assert schools["Foxton"][5] == "SCC level 2"  # the demo's case, as on the page
    by_kpi = {r[1]: r for r in cells if r[0] == "KPI"}
    for k in page["kpis"]:
        trust = by_kpi[k["kpi"]][3]
        if k["value"] is None:
            assert trust is None
        elif getattr(k["value"], "suppressed", False):
            assert trust == "c"
        else:
            assert isinstance(trust, float) and round(trust, 6) == round(float(k["value"]), 6)
        # The national figure: the number compared with, and its words, as on the page.
        national, status, rag, words = (by_kpi[k["kpi"]][i] for i in (4, 5, 7, 8))
        n = k["benchmark"]
        if n is None:
            assert (national, words) == (None, None)
        else:
            assert national == (float(n.value) if n.value is not None else None)
            assert words == n.words
        assert (status, rag) == (k["status"], k["rag_label"])
    numbers = [c for r in sheet.iter_rows(min_row=2) for c in r if isinstance(c.value, float)]
    assert numbers and all(c.number_format == "0.00" for c in numbers)
