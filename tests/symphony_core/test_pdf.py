"""The one PDF path fetches only our static files and renders user text as text."""

import io

import pytest
from django.template import Context, Template
from pypdf import PdfReader

from symphony.pdf import StaticOnlyFetcher, render_pdf


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_renders_a_pdf_with_our_stylesheet():
    pdf = render_pdf(
        '<link rel="stylesheet" href="/static/css/print.css">'
        "<h1>Glen Hills peer review</h1><p>Good</p>"
    )
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Glen Hills peer review" in text
    assert "Page 1 of 1" in text  # the @page footer came from print.css


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///static/../../etc/passwd",
        "file:///static/%2e%2e/%2e%2e/etc/passwd",
        "http://127.0.0.1:6379/",
        "https://cdn.example.org/x.css",
        "file://otherhost/static/css/print.css",
    ],
)
def test_refuses_anything_but_static_files(url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_user_text_is_text_and_fetches_nothing(caplog):
    hostile = '<img src="file:///etc/passwd"><script>alert(1)</script>'
    html = Template("<h1>Report</h1><p>{{ note }}</p>").render(Context({"note": hostile}))
    pdf = render_pdf(html)
    text = pdf_text(pdf)
    assert '<img src="file:///etc/passwd">' in text
    assert "root:x:0:0" not in text
    assert "refused" not in caplog.text  # escaped, so there was nothing to fetch


def test_a_hostile_template_still_fetches_nothing(caplog):
    pdf = render_pdf(
        '<img src="file:///etc/passwd"><link rel="stylesheet" '
        'href="http://example.org/x.css"><p>ok</p>'
    )
    assert pdf.startswith(b"%PDF")
    assert "refused to fetch file:///etc/passwd" in caplog.text
    assert "refused to fetch http://example.org/x.css" in caplog.text
    assert io.BytesIO(pdf).getbuffer().nbytes < 50_000
