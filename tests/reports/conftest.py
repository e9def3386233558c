"""Fixtures for the report tests: the comparator figures migration 0002 loads (a transactional
test elsewhere may have flushed them) and the known quarter of tests/reports/factories.py."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.utils import timezone
from pypdf import PdfReader

from reports import rules
from tests.reports.factories import quarter_world


def load_reference_data() -> None:
    """The comparator figures (migration 0002), which a flush by a transactional test empties;
    tests/reference_data.py puts back the rest."""
    import importlib

    from reports.models import ComparatorBenchmark

    if not ComparatorBenchmark.objects.exists():
        migration = importlib.import_module("reports.migrations.0002_comparators_and_permissions")
        migration.load_comparators(apps, None)


@pytest.fixture(autouse=True)
def comparators(request):
    if "transactional_db" in request.fixturenames or "db" in request.fixturenames:
        load_reference_data()


@pytest.fixture
def past_quarter():
    """A quarter that ended at least one quarter ago, so nothing in it is dated in the future."""
    return rules.latest_finished(rules.SAB_QUARTERLY, timezone.localdate()).previous()


@pytest.fixture
def world(db, past_quarter, chair, officer):
    return quarter_world(past_quarter, chair=chair, officer=officer)


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """The whole PDF's text, one line per line, with runs of spaces made single."""
    lines = []
    for page in pdf_pages(pdf):
        lines += [" ".join(line.split()) for line in page.splitlines()]
    return "\n".join(lines)
