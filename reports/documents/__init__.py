"""Turn a report's figures into a document: sections of sentences, tables and a chart.

The PDF (``templates/pdf/reports/report.html``) and the spreadsheet of the same figures
(``reports.exports``) are both drawn from the one ``Document``, so they can never disagree;
and because a document is built from the figures kept on the ``Report``, the spreadsheet of a
report built in July shows what the board was told in July. The shapes and words are in
``common``, the sections both reports share in ``sections``, each report in its own module.
"""

from __future__ import annotations

from collections.abc import Callable

from reports.documents.board import sab_document
from reports.documents.common import Document
from reports.documents.market import mmg_document
from reports.figures.common import Figures
from reports.models import ReportKind

DOCUMENTS: dict[str, Callable[[Figures], Document]] = {
    ReportKind.SAB_QUARTERLY: sab_document,
    ReportKind.MMG_MONTHLY: mmg_document,
}


def document_for(kind: str, figures: Figures) -> Document:
    """The document of a report of ``kind`` from its figures."""
    return DOCUMENTS[kind](figures)
