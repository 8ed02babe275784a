"""The portal's one PDF path: HTML (rendered by a Django template) in, PDF bytes out.

WeasyPrint fetches nothing but the portal's own static files: a stylesheet or image is
resolved through Django's staticfiles finders from a ``/static/...`` URL, an inline
``data:`` URI is read in place, and every other URL (``file:///etc/passwd``, ``http://``,
a path outside the static folders) is refused and logged; redirects are never followed,
and no file is ever attached to the PDF. User text reaches the HTML
through Django's autoescaping, so it is rendered as text.

Long batches belong in a Celery task that calls ``render_pdf`` and stores the result.
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative URLs in the HTML resolve against this, so "/static/x.css" becomes
# "file:///static/x.css", which the fetcher maps to the static folders (never the disk).
BASE_URL = "file:///"


class RefusedURL(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        path = unquote(parts.path)
        if parts.scheme != "file" or parts.netloc or not path.startswith(static_prefix):
            logger.warning("PDF rendering refused to fetch %s", url)
            raise RefusedURL(f"refused: {url}")
        relative = path[len(static_prefix) :]
        found = finders.find(relative) if ".." not in Path(relative).parts else None
        if not found:
            logger.warning("PDF rendering found no static file for %s", url)
            raise RefusedURL(f"no such static file: {url}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


def render_pdf(html: str) -> bytes:
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
    # The portal's PDFs carry no attached files: drop any that <link rel="attachment"> or
    # <a rel="attachment"> in the HTML asked for, even one of our own static files.
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    return document.write_pdf()


def render_template_to_pdf(template_name: str, context: dict) -> bytes:
    return render_pdf(render_to_string(template_name, context))
