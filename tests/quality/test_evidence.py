"""Evidence files: checked by extension and contents, stored privately, served with a check."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AccessLog
from quality.models import EvidenceFile, Visit, VisitStatus, VisitType
from quality.services import evidence_attach, evidence_remove
from quality.services.evidence import MAX_BYTES, evidence_check
from tests.providers.factories import ServiceFactory
from tests.quality.factories import CompletedVisitFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office_file(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<xml/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def draft(officer):
    service = ServiceFactory(contract_officer=officer)
    return Visit.objects.create(
        service=service,
        visit_type=VisitType.MONITORING,
        status=VisitStatus.DRAFT,
        officer=officer,
        created_by=officer,
    )


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", PDF, "pdf"),
        ("photo.PNG", PNG, "png"),
        ("photo.jpeg", JPEG, "jpg"),
        ("photo.jpg", JPEG, "jpg"),
        ("audit.docx", office_file("word/document.xml"), "docx"),
        ("rota.xlsx", office_file("xl/workbook.xml"), "xlsx"),
    ],
)
def test_allowed_files_whose_contents_match_their_names_are_accepted(name, content, kind):
    assert evidence_check(upload(name, content)).kind == kind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "script.exe",
            b"MZ\x90\x00",
            "The selected file must be a PDF, Word document (DOCX), Excel spreadsheet (XLSX), JPG or PNG",
        ),
        (
            "notes.txt",
            b"hello",
            "The selected file must be a PDF, Word document (DOCX), Excel spreadsheet (XLSX), JPG or PNG",
        ),
        ("report.pdf", b"MZ\x90\x00 pretending", "The selected file is not a real PDF"),
        ("photo.png", JPEG, "The selected file is not a real PNG image"),
        (
            "audit.docx",
            office_file("xl/workbook.xml"),
            "The selected file is not a real Word document",
        ),
        (
            "rota.xlsx",
            b"PK\x03\x04 not really a zip",
            "The selected file is not a real Excel spreadsheet",
        ),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_files_of_other_types_or_false_names_are_refused(name, content, message):
    with pytest.raises(ValidationError) as raised:
        evidence_check(upload(name, content))
    assert raised.value.message_dict == {"file": [message]}


def test_a_file_over_10mb_is_refused():
    big = upload("big.pdf", PDF + b"0" * MAX_BYTES)
    with pytest.raises(ValidationError) as raised:
        evidence_check(big)
    assert raised.value.message_dict == {"file": ["The selected file must be smaller than 10MB"]}


def test_a_file_is_stored_under_a_random_name_through_the_storage_api(officer, draft):
    evidence = evidence_attach(
        acting_user=officer, visit=draft, upload=upload("../../etc/Mrs Smith.pdf", PDF)
    )
    assert evidence.original_name == "Mrs Smith.pdf"
    assert evidence.file.name.startswith(f"evidence/{draft.service_id}/")
    assert "Smith" not in evidence.file.name
    assert default_storage.exists(evidence.file.name)
    assert evidence.size == len(PDF)
    assert len(evidence.sha256) == 64


def test_the_download_checks_the_person_logs_it_and_sends_the_file(client, officer, partner, draft):
    evidence = evidence_attach(acting_user=officer, visit=draft, upload=upload("audit.pdf", PDF))
    url = reverse("quality:evidence-download", args=[evidence.pk])

    client.force_login(partner)
    assert client.get(url).status_code == 403

    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="audit.pdf"'
    assert b"".join(response.streaming_content) == PDF
    assert AccessLog.objects.filter(
        user=officer, action=AccessLog.Action.DOWNLOAD, object_id=str(evidence.pk)
    ).exists()


def test_there_is_no_public_address_for_stored_files(client, officer, draft):
    evidence = evidence_attach(acting_user=officer, visit=draft, upload=upload("audit.pdf", PDF))
    client.force_login(officer)
    assert client.get(f"/media/{evidence.file.name}").status_code == 404
    assert client.get(f"/{evidence.file.name}").status_code == 404


def test_uploading_through_the_page(client, officer, draft):
    client.force_login(officer)
    url = reverse("quality:evidence-upload", args=[draft.pk])
    response = client.post(url, {"file": upload("fake.pdf", b"GIF89a"), "description": ""})
    assert "The selected file is not a real PDF" in response.content.decode()
    assert not EvidenceFile.objects.exists()

    response = client.post(url, {"file": upload("audit.pdf", PDF), "description": "Fire audit"})
    assert response.status_code == 302
    assert EvidenceFile.objects.get().description == "Fire audit"


def test_a_file_can_be_removed_from_a_draft_but_not_from_a_completed_visit(
    django_capture_on_commit_callbacks, officer, draft
):
    evidence = evidence_attach(acting_user=officer, visit=draft, upload=upload("audit.pdf", PDF))
    name = evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(acting_user=officer, evidence=evidence)
    assert not EvidenceFile.objects.exists()
    assert not default_storage.exists(name)

    completed = CompletedVisitFactory(service=draft.service)
    kept = evidence_attach(acting_user=officer, visit=completed, upload=upload("photo.png", PNG))
    with pytest.raises(ValidationError):
        evidence_remove(acting_user=officer, evidence=kept)
