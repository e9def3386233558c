"""Render a Django template to PDF bytes with WeasyPrint.

Every Oversight PDF extends ``templates/pdf/base.html``, whose ``@page`` margin boxes carry the
protective marking (OFFICIAL-SENSITIVE), the document title and "Page X of Y"; table headers
repeat on each page. WeasyPrint may fetch only the app's own static files: anything else
(a URL typed into a letter template, say) is refused, so a document can never make the server
reach out to the network or read arbitrary files.
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://oversight.invalid/"
PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"


class StaticFilesOnlyFetcher(URLFetcher):
    """Serve ``/static/...`` from the app's static files and ``data:`` URIs; refuse the rest."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        prefix = BASE_URL + "static/"
        if not url.startswith(prefix):
            raise ValueError(f"PDFs may only use the app's static files, not {url}")
        relative = url[len(prefix) :].split("?")[0]
        if ".." in Path(relative).parts:
            raise ValueError("No parent paths in PDF resources")
        path = finders.find(relative)
        if not path:
            raise ValueError(f"No static file {relative}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": content_type})


def render_pdf(template_name: str, context: dict, *, title: str) -> bytes:
    """Render ``template_name`` (extending pdf/base.html) with ``context`` to PDF bytes."""
    html = render_to_string(
        template_name,
        {**context, "document_title": title, "protective_marking": PROTECTIVE_MARKING},
    )
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnlyFetcher()).write_pdf(
        pdf_tags=True
    )


def svg_data_uri(svg: str) -> str:
    """An SVG as a data URI for an <img> in a web page (the page's CSP forbids inline styles)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
