"""The register of interests: its page, its CSV and its PDF are built from one builder, and
the CSV says what the page says, cell by cell."""

import csv
import io
from html.parser import HTMLParser

from django.urls import reverse

from governance.models import Interest


class _Table(HTMLParser):
    """The page's table as rows of cell text (a date by its machine-readable value)."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag == "time" and self._cell is not None:
            self._cell = dict(attrs)["datetime"]
            self._time = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(self._cell.strip())
            self._cell = None
        elif tag == "time":
            self._time = False

    def handle_data(self, data):
        if self._cell is not None and not getattr(self, "_time", False):
            self._cell += data


def test_the_csv_says_what_the_page_says_cell_by_cell(client_for):
    client = client_for("trustee")
    table = _Table()
    table.feed(client.get(reverse("governance:interests")).content.decode())
    response = client.get(reverse("governance:interests_export", args=["csv"]))
    exported = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(exported) > 1 and Interest.objects.exists()  # the demo trust declares some
    assert exported == table.rows
    assert exported[0] == ["Name", "Bodies", "Interest", "Organisation", "Kind", "Declared"]


def test_the_pdf_for_publication_is_built_from_the_same_rows(client_for):
    from governance import selectors

    client = client_for("trustee")
    response = client.get(reverse("governance:interests"))
    rows = response.context["rows"]
    assert rows == selectors.register_of_interests(user=response.wsgi_request.user)
    pdf = client.get(reverse("governance:interests_export", args=["pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
