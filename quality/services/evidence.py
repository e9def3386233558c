"""Evidence files attached to visits: checked by extension AND by their first bytes, stored
through Django's storage API under a random name, never given a public address."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User
from quality.models import EvidenceFile, EvidenceKind, Visit, VisitStatus

MAX_BYTES = 10 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)


@dataclass(frozen=True)
class FileType:
    kind: str
    content_type: str
    label: str


FILE_TYPES: dict[str, FileType] = {
    "pdf": FileType(EvidenceKind.PDF, "application/pdf", "PDF"),
    "docx": FileType(
        EvidenceKind.DOCX,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
    ),
    "xlsx": FileType(
        EvidenceKind.XLSX,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel spreadsheet",
    ),
    "jpg": FileType(EvidenceKind.JPEG, "image/jpeg", "JPG image"),
    "jpeg": FileType(EvidenceKind.JPEG, "image/jpeg", "JPG image"),
    "png": FileType(EvidenceKind.PNG, "image/png", "PNG image"),
}
CONTENT_TYPES = {ft.kind: ft.content_type for ft in FILE_TYPES.values()}
ACCEPT = ",".join(f".{ext}" for ext in FILE_TYPES)
WRONG_TYPE = (
    "The selected file must be a PDF, Word document (DOCX), Excel spreadsheet (XLSX), JPG or PNG"
)

# Office files are ZIP packages; the part each must contain tells a Word file from a workbook.
OFFICE_PARTS = {EvidenceKind.DOCX: "word/document.xml", EvidenceKind.XLSX: "xl/workbook.xml"}


def sniffed_kind(upload) -> str | None:
    """What the file's first bytes say it is (and, for Office files, its package parts)."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return EvidenceKind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return EvidenceKind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return EvidenceKind.JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            # Reads the ZIP's central directory only: nothing is decompressed.
            names = set(zipfile.ZipFile(upload).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        for kind, part in OFFICE_PARTS.items():
            if "[Content_Types].xml" in names and part in names:
                return kind
    return None


def evidence_check(upload) -> FileType:
    """The file's type when it is allowed, its contents match its name, and it is not too
    big or empty; otherwise a ValidationError for the ``file`` field."""
    if upload is None:
        raise ValidationError({"file": "Select a file"})
    extension = PurePosixPath(upload.name or "").suffix.lower().lstrip(".")
    file_type = FILE_TYPES.get(extension)
    if file_type is None:
        raise ValidationError({"file": WRONG_TYPE})
    if not upload.size:
        raise ValidationError({"file": "The selected file is empty"})
    if upload.size > MAX_BYTES:
        raise ValidationError({"file": f"The selected file must be smaller than {MAX_MEGABYTES}MB"})
    if sniffed_kind(upload) != file_type.kind:
        raise ValidationError({"file": f"The selected file is not a real {file_type.label}"})
    return file_type


def _clean_name(name: str) -> str:
    base = PurePosixPath((name or "").replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    return cleaned[-200:] or "evidence"


def evidence_attach(
    *, acting_user: User, visit: Visit, upload: UploadedFile, description: str = ""
) -> EvidenceFile:
    """Attach a file to a visit. Allowed: PDF, DOCX, XLSX, JPG and PNG up to 10MB, whose
    contents match their extension."""
    file_type = evidence_check(upload)
    # evidence_check has refused a file without a name (no extension) or without contents.
    name, size = upload.name or "", upload.size or 0
    if visit.status == VisitStatus.CANCELLED:
        raise ValidationError("Files cannot be attached to a cancelled visit")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = EvidenceFile(
        service_id=visit.service_id,
        visit=visit,
        original_name=_clean_name(name),
        kind=file_type.kind,
        size=size,
        sha256=digest.hexdigest(),
        description=(description or "").strip(),
        uploaded_by=acting_user,
    )
    evidence.file.save(name, upload, save=False)  # writes the file to storage
    try:
        with transaction.atomic():
            evidence.save()
    except Exception:
        # No row, so no file: remove what was written (saving it gave it its name).
        if evidence.file.name:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def evidence_remove(*, acting_user: User, evidence: EvidenceFile) -> None:
    """Remove a file from a visit that is not yet completed (the file goes once the
    removal is committed; the history keeps who removed what)."""
    with transaction.atomic():
        evidence = (
            EvidenceFile.objects.select_related("visit").select_for_update().get(pk=evidence.pk)
        )
        if evidence.visit.status not in (VisitStatus.PLANNED, VisitStatus.DRAFT):
            raise ValidationError("Files on a completed visit cannot be removed here")
        name, storage = evidence.file.name, evidence.file.storage
        evidence.delete()
        if name:  # every stored file has a name
            transaction.on_commit(lambda: storage.delete(name))
