"""PDFs fetch nothing but our own static files, and embed nothing: proven with a loopback
HTTP listener that must see no request, on the real register-of-interests and peer-review
reports as well as on raw hostile HTML (the fetcher itself, not only escaping)."""

import io
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.request import HTTPRedirectHandler

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from symphony.pdf import BASE_URL, StaticOnlyFetcher, render_pdf, render_template_to_pdf


class Listener:
    """An HTTP server on 127.0.0.1 (random port) that records every request it gets."""

    def __init__(self):
        self.requests: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                listener.requests.append(self.path)
                if self.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", "file:///etc/passwd")
                    self.end_headers()
                    return
                body = b"p { color: red }" if self.path.endswith(".css") else b"GIF89a"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def listener():
    listener = Listener()
    listener.thread.start()
    yield listener
    listener.server.shutdown()
    listener.server.server_close()


def hostile(listener) -> str:
    return (
        f'<img src="{listener.url("/x")}">'
        '<link rel="attachment" href="file:///etc/passwd">'
        f'<link rel="stylesheet" href="{listener.url("/s.css")}">'
    )


def assert_embeds_nothing(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    names = reader.trailer["/Root"].get("/Names", {})
    assert "/EmbeddedFiles" not in names
    assert b"/EmbeddedFile" not in pdf
    assert b"/FileAttachment" not in pdf
    assert b"root:x:0:0" not in pdf


def text_of(pdf: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", "", text)


def test_the_listener_would_see_weasyprints_default_fetcher(listener):
    # The control: unrestricted, WeasyPrint 70 fetches the stylesheet from the listener.
    HTML(string=hostile(listener) + "<p>x</p>", base_url=BASE_URL).write_pdf()
    assert "/s.css" in listener.requests


def test_raw_hostile_html_fetches_nothing_and_embeds_nothing(listener, caplog):
    html = hostile(listener) + (
        f'<style>@import url("{listener.url("/i.css")}");'
        f'body {{ background: url("{listener.url("/b.png")}") }}</style>'
        f'<a rel="attachment" href="{listener.url("/a.txt")}">a</a>'
        '<link rel="attachment" href="/static/css/print.css">'
        f'<img src="{listener.url("/redirect")}">'
        '<img src="file:///static/../../etc/passwd"><p>Report</p>'
    )
    pdf = render_pdf(html)
    assert listener.requests == []
    assert_embeds_nothing(pdf)
    assert f"refused to fetch {listener.url('/s.css')}" in caplog.text


def test_escaped_user_text_in_a_template(listener, tmp_path, settings):
    (tmp_path / "note.html").write_text("<h1>Note</h1><p>{{ text }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    text = hostile(listener)
    pdf = render_template_to_pdf("note.html", {"text": text})
    assert listener.requests == []
    assert_embeds_nothing(pdf)
    assert re.sub(r"\s+", "", text) in text_of(pdf)  # shown as text, not run


@pytest.mark.usefixtures("demo")
def test_the_register_of_interests_pdf(listener, client_for):
    from governance.models import Interest

    interest = Interest.objects.filter(ended_on__isnull=True).select_related("person").first()
    assert interest is not None, "the demo trust declares interests"
    interest.nature = hostile(listener)
    interest.save()
    interest.person.full_name = f'<link rel="attachment" href="{listener.url("/p")}">Ann'
    interest.person.save()
    response = client_for("ceo").get("/governance/interests.pdf")
    assert response.status_code == 200
    pdf = response.content
    assert listener.requests == []
    assert_embeds_nothing(pdf)
    assert re.sub(r"\s+", "", hostile(listener)) in text_of(pdf)


@pytest.mark.usefixtures("demo")
def test_a_peer_review_report_pdf(listener):
    from reviews.models import PeerReview
    from reviews.reports import review_report_pdf

    review = next(r for r in PeerReview.objects.all() if r.focus_areas.exists())
    area = review.focus_areas.first()
    area.strengths = hostile(listener)
    area.save()
    pdf = review_report_pdf(review)
    assert listener.requests == []
    assert_embeds_nothing(pdf)
    assert re.sub(r"\s+", "", hostile(listener)) in text_of(pdf)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x",
        "https://example.org/s.css",
        "ftp://example.org/x",
        "file:///etc/passwd",
        "file:///static/../settings.py",
        "file:///static/%2e%2e/%2e%2e/symphony/settings/base.py",
        "file:///work/main/static/css/print.css",  # our static folder, by its disk path
        "file://127.0.0.1/static/css/print.css",
        "/static/css/../../symphony/settings/base.py",
    ],
)
def test_the_fetcher_refuses(url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_the_fetcher_reads_static_files_and_data_uris():
    assert b"@page" in StaticOnlyFetcher().fetch("file:///static/css/print.css").read()
    assert StaticOnlyFetcher().fetch("data:text/plain,ok").read() == b"ok"


def test_the_fetcher_follows_no_redirects():
    handlers = StaticOnlyFetcher().handlers
    assert handlers
    assert not [h for h in handlers if isinstance(h, HTTPRedirectHandler)]


def test_even_our_own_static_files_are_never_attached():
    pdf = render_pdf(
        '<link rel="attachment" href="/static/css/print.css">'
        '<a rel="attachment" href="/static/favicon.svg">icon</a>'
        '<link rel="attachment" href="data:text/plain,hello"><p>Report</p>'
    )
    assert_embeds_nothing(pdf)
