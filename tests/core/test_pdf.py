"""The shared PDF renderer: marking, page numbers, repeated headers, static-only fetching."""

import io

import pytest
from pypdf import PdfReader

from core.charts import line_chart
from core.pdf import StaticFilesOnlyFetcher, render_pdf


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def long_pdf():
    rows = [(f"Service number {i}", i) for i in range(1, 121)]
    chart = line_chart(
        ["Q1", "Q2", "Q3", "Q4"], {"Good or better": [71.0, 74.5, 76.0, 79.5]}, percent=True
    )
    return render_pdf(
        "pdf/examples/table.html", {"rows": rows, "chart": chart}, title="Example report"
    )


def test_every_page_is_marked_and_numbered(long_pdf):
    pages = _pages(long_pdf)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in text
        assert f"Page {number} of {len(pages)}" in text
        assert "Example report" in text


def test_table_headers_repeat_on_each_page(long_pdf):
    pages = _pages(long_pdf)
    assert all("Service" in text and "Score" in text for text in pages)
    assert "Service number 120" in pages[-1]


def test_chart_text_stays_searchable(long_pdf):
    first = _pages(long_pdf)[0]
    assert "Q3" in first
    assert "%" in first


def test_the_fetcher_refuses_anything_but_static_files():
    fetcher = StaticFilesOnlyFetcher()
    for url in [
        "http://127.0.0.1:6379/",
        "file:///etc/passwd",
        "https://oversight.invalid/static/../../etc/passwd",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    response = fetcher.fetch("https://oversight.invalid/static/pdf/pdf.css")
    assert b"OFFICIAL-SENSITIVE" in response.read()


def test_an_external_image_in_a_template_is_not_fetched():
    pdf = render_pdf(
        "pdf/examples/table.html",
        {"rows": [], "chart": "", "external": "file:///etc/hostname"},
        title="T",
    )
    assert pdf.startswith(b"%PDF")
