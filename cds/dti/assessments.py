"""Self-assessment by the unit, verification by the supervisor, and evidence files.

Both sets of points are kept on each item (``self_points`` and ``verified_points``); the verified
one is official. Every change takes an ``Actor`` and writes, in the same transaction, an
``AssessmentEvent`` (who, when, old, new, why: what the scorecard shows) and a change record
(``cds.history``: the fields before and after, with the request id). Evidence files are stored
under ``VAR_DIR/dti-evidence`` with a generated name: the uploaded name is only shown, never used
to build a path; a Word/Excel file passes the shared zip-bomb checks (``tabular.archive_kind``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cds.history.changes import ActorLike, record, snapshot
from cds.history.models import ChangeAction
from cds.lib.errors import InputError, Location
from cds.lib.tabular import archive_kind
from cds.lib.vn_numbers import parse_number
from cds.units.models import Unit

from .framework import Item
from .models import Assessment, AssessmentEvent, AssessmentItem, AssessmentStatus, Evidence, FrameworkVersion
from .scoring import era_for_year
from .services import framework_of, frameworks_for_year

EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
# Accepted evidence by its first bytes (not its extension), and the extension we store it under.
EVIDENCE_TYPES = (
    (b"%PDF", ".pdf", "application/pdf"),
    (b"\x89PNG", ".png", "image/png"),
    (b"\xff\xd8\xff", ".jpg", "image/jpeg"),
    (b"PK\x03\x04", ".zip", "application/zip"),  # docx / xlsx / odt: checked by archive_kind
)
OFFICE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsb": "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def evidence_dir() -> Path:
    return Path(settings.VAR_DIR) / "dti-evidence"


def get_assessment(row: FrameworkVersion, unit: Unit, year: int) -> Assessment:
    if year not in row.years:
        raise InputError(
            f"khung {row} không áp dụng cho năm {year}", f"framework {row} does not apply to {year}"
        )
    if unit.level != row.level or unit.era != era_for_year(year):
        raise InputError(
            f"«{unit.name}» không thuộc đối tượng của khung {row} năm {year}",
            f"«{unit.name}» is not assessed by framework {row} in {year}",
        )
    assessment, _ = Assessment.objects.get_or_create(framework=row, unit=unit, year=year)
    return assessment


def assessment_for(unit: Unit, year: int) -> Assessment:
    """The unit's assessment for ``year`` on the framework that applies to it; a bilingual
    refusal when no framework of the unit's level is loaded for that year."""
    rows = frameworks_for_year(year, unit.level)
    if not rows:
        raise InputError(
            f"Chưa có bộ chỉ số DTI cấp {unit.level} cho năm {year}: chưa tự đánh giá được.",
            f"No DTI framework for level {unit.level} in {year}: nothing can be assessed yet.",
            Location(column="year", value=str(year)),
        )
    return get_assessment(rows[0], unit, year)


def _item_state(row: AssessmentItem) -> dict[str, object]:
    fields = ("self_points", "self_note", "verified_points", "verify_reason")
    return {k: v for k, v in snapshot(row).items() if k in fields}


def _status(assessment: Assessment) -> dict[str, object]:
    fields = ("status", "submitted_at", "submitted_by", "verified_at", "verified_by")
    return {k: v for k, v in snapshot(assessment).items() if k in fields}


def _item(assessment: Assessment, code: str) -> Item:
    try:
        return framework_of(assessment.framework).item(code)
    except KeyError:
        raise InputError(
            f"khung {assessment.framework} không có tiêu chí «{code}»",
            f"framework {assessment.framework} has no item «{code}»",
            Location(column="item", value=code),
        ) from None


def _points(item: Item, raw: Decimal | str | int | float | None) -> Decimal | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise InputError("điểm phải là số", "points must be a number", Location(column=item.code, value=raw))
    if isinstance(raw, int | float | Decimal):
        points = Decimal(str(raw))
    else:
        # the one parser: "12,5", "12.5", "512.250" of at most 1.000 points (kind and maximum decide)
        try:
            points = parse_number(str(raw).strip(), "number", maximum=item.max_points).value
        except InputError as err:
            raise err.located(column=item.code, value=raw) from None
    if not points.is_finite() or points < 0 or points > item.max_points:
        raise InputError(
            f"điểm của tiêu chí {item.code} phải từ 0 đến {item.max_points.normalize():f}",
            f"points for item {item.code} must be between 0 and {item.max_points.normalize():f}",
            Location(column=item.code, value=raw),
        )
    return points.quantize(Decimal("0.01"))


def _set_points(
    row: AssessmentItem,
    actor: ActorLike,
    event: str,
    action: ChangeAction,
    fields: tuple[str, str],
    points: Decimal | None,
    words: str,
) -> None:
    """One item's points and words (the unit's, or the supervisor's: ``fields``), written with the
    assessment's event and the change record; inside the caller's transaction."""
    points_field, words_field = fields
    AssessmentEvent.objects.create(
        assessment_id=row.assessment_id,
        item_code=row.item_code,
        action=event,
        old_points=getattr(row, points_field),
        new_points=points,
        reason=words,
        actor=actor.label,
    )
    before = _item_state(row)
    setattr(row, points_field, points)
    setattr(row, words_field, words)
    row.save(update_fields=[points_field, words_field])
    record(actor, action, row, before, _item_state(row), words)


def propose(
    assessment: Assessment, item_code: str, points: Decimal | str | None, note: str, actor: ActorLike
) -> AssessmentItem:
    """The unit's own points and explanation for one item (while not yet verified)."""
    if assessment.status == AssessmentStatus.VERIFIED:
        raise InputError(
            "bản tự đánh giá đã được thẩm định, không sửa được",
            "the assessment is verified and can no longer change",
        )
    item = _item(assessment, item_code)
    value = _points(item, points)
    with transaction.atomic():
        row, _ = AssessmentItem.objects.select_for_update().get_or_create(
            assessment=assessment, item_code=item.code
        )
        if row.self_points != value or row.self_note != note:
            _set_points(row, actor, "propose", ChangeAction.UPDATE, ("self_points", "self_note"), value, note)
    return row


def submit(assessment: Assessment, actor: ActorLike, at: dt.datetime | None = None) -> Assessment:
    """Send the self-assessment to the supervisor; after the deadline it counts as not assessed."""
    if assessment.status == AssessmentStatus.VERIFIED:
        raise InputError("bản tự đánh giá đã được thẩm định", "the assessment is already verified")
    with transaction.atomic():
        before = _status(assessment)
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.submitted_at = at or timezone.now()
        assessment.submitted_by = actor.label[:128]
        assessment.save(update_fields=["status", "submitted_at", "submitted_by"])
        AssessmentEvent.objects.create(assessment=assessment, action="submit", actor=actor.label)
        record(actor, ChangeAction.SUBMIT, assessment, before, _status(assessment))
    return assessment


def verify_item(
    assessment: Assessment, item_code: str, points: Decimal | str | None, reason: str, actor: ActorLike
) -> AssessmentItem:
    """The supervisor's points for an item; a reason is required when they differ from the unit's."""
    item = _item(assessment, item_code)
    value = _points(item, points)
    with transaction.atomic():
        row, _ = AssessmentItem.objects.select_for_update().get_or_create(
            assessment=assessment, item_code=item.code
        )
        if value is not None and value != row.self_points and not reason.strip():
            raise InputError(
                f"tiêu chí {item.code}: điểm thẩm định khác điểm tự đánh giá thì phải ghi lý do",
                f"item {item.code}: verified points that differ from the unit's need a reason",
                Location(column=item.code, value=points),
            )
        _set_points(
            row, actor, "verify", ChangeAction.VERIFY, ("verified_points", "verify_reason"), value, reason
        )
    return row


def finish_verification(assessment: Assessment, actor: ActorLike) -> Assessment:
    """Close the verification: the verified score becomes the official one."""
    with transaction.atomic():
        before = _status(assessment)
        assessment.status = AssessmentStatus.VERIFIED
        assessment.verified_at = timezone.now()
        assessment.verified_by = actor.label[:128]
        assessment.save(update_fields=["status", "verified_at", "verified_by"])
        AssessmentEvent.objects.create(assessment=assessment, action="verified", actor=actor.label)
        record(actor, ChangeAction.VERIFY, assessment, before, _status(assessment))
    return assessment


def check_evidence(stream: IO[bytes], original_name: str) -> tuple[bytes, str, str]:
    """An evidence file's bytes, the extension to store it under and its type, after checking
    its size and its real type (``InputError`` naming the file otherwise); nothing is written."""
    data = stream.read(EVIDENCE_MAX_BYTES + 1)
    where = Location(file=original_name[:255])
    if len(data) > EVIDENCE_MAX_BYTES:
        raise InputError(
            f"tệp quá lớn (tối đa {EVIDENCE_MAX_BYTES // (1024 * 1024)} MB)",
            f"the file is too large (at most {EVIDENCE_MAX_BYTES // (1024 * 1024)} MB)",
            where,
        )
    if not data:
        raise InputError("tệp rỗng", "the file is empty", where)
    kind = next((t for t in EVIDENCE_TYPES if data.startswith(t[0])), None)
    if kind is None:
        raise InputError(
            "chỉ nhận tệp PDF, ảnh PNG/JPEG hoặc tệp Word/Excel (.docx, .xlsx)",
            "only PDF, PNG/JPEG images or Word/Excel files (.docx, .xlsx) are accepted",
            where,
        )
    suffix, content_type = kind[1], kind[2]
    if suffix == ".zip":  # only an office file, by its content, after the zip-bomb checks
        try:
            office = archive_kind(data)
        except InputError as error:
            raise InputError(error.vi, error.en, where) from None
        suffix, content_type = f".{office}", OFFICE_TYPES[office]
    return data, suffix, content_type


def attach_evidence(
    assessment: Assessment, item_code: str, stream: IO[bytes], original_name: str, actor: ActorLike
) -> Evidence:
    """Store an evidence file under a generated name after checking its size and real type."""
    item = _item(assessment, item_code)
    data, suffix, content_type = check_evidence(stream, original_name)
    return _store_evidence(assessment, item, data, suffix, content_type, original_name, actor)


def _store_evidence(
    assessment: Assessment,
    item: Item,
    data: bytes,
    suffix: str,
    content_type: str,
    original_name: str,
    actor: ActorLike,
    written: list[Path] | None = None,
) -> Evidence:
    stored = f"{uuid.uuid4().hex}{suffix}"
    folder = evidence_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        row, _ = AssessmentItem.objects.get_or_create(assessment=assessment, item_code=item.code)
        path = folder / stored
        path.write_bytes(data)
        if written is not None:  # the caller removes it if its transaction is rolled back
            written.append(path)
        evidence = Evidence.objects.create(
            item=row,
            stored_name=stored,
            original_name=original_name[:255],
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            content_type=content_type,
            uploaded_by=actor.label[:128],
        )
        AssessmentEvent.objects.create(
            assessment=assessment,
            item_code=item.code,
            action="evidence",
            reason=original_name[:200],
            actor=actor.label,
        )
        after = {"evidence": evidence.original_name, "stored_name": stored, "sha256": evidence.sha256}
        record(actor, ChangeAction.ATTACH, row, None, after, original_name[:200])
    return evidence


def evidence_path(evidence: Evidence) -> Path:
    return evidence_dir() / evidence.stored_name


@dataclass(frozen=True)
class ItemEntry:
    """What the form sent for one item: points and a note (the unit's, or the verifier's points
    and reason), and any evidence files (stream, name)."""

    code: str
    points: str | None = None
    note: str = ""
    files: tuple[tuple[IO[bytes], str], ...] = ()


class FormErrors(Exception):
    """Every problem of a submitted form at once, by item code (``""`` for the whole form);
    nothing was written."""

    def __init__(self, by_item: dict[str, list[InputError]]):
        self.by_item = by_item
        self.count = sum(len(v) for v in by_item.values())
        super().__init__("; ".join(str(e) for errs in by_item.values() for e in errs))


def missing_items(assessment: Assessment) -> list[Item]:
    """The manual items the unit has given no points for."""
    given = set(assessment.items.filter(self_points__isnull=False).values_list("item_code", flat=True))
    return [i for i in framework_of(assessment.framework).items() if i.is_manual and i.code not in given]


def save_form(
    assessment: Assessment, entries: list[ItemEntry], actor: ActorLike, *, review: bool = False
) -> None:
    """All or nothing: every item's points (``propose``, or ``verify_item`` when ``review``) and
    every evidence file are checked first, and all problems are raised together
    (``FormErrors``) before anything is written; then everything is written in one transaction,
    and files written by a transaction that fails are removed."""
    errors: dict[str, list[InputError]] = {}
    checked: list[tuple[Item, tuple[bytes, str, str], str]] = []
    if assessment.status == AssessmentStatus.VERIFIED and not review:
        raise FormErrors(
            {"": [InputError("bản tự đánh giá đã được thẩm định, không sửa được",
                             "the assessment is verified and can no longer change")]}
        )  # fmt: skip
    rows = {r.item_code: r for r in assessment.items.all()}
    for entry in entries:
        try:
            item = _item(assessment, entry.code)
            value = _points(item, entry.points)
            if review and value is not None:
                row = rows.get(item.code)
                if value != (row.self_points if row else None) and not entry.note.strip():
                    raise InputError(
                        f"tiêu chí {item.code}: điểm thẩm định khác điểm tự đánh giá thì phải ghi lý do",
                        f"item {item.code}: verified points that differ from the unit's need a reason",
                        Location(column=item.code, value=entry.points),
                    )
        except InputError as err:
            errors.setdefault(entry.code, []).append(err)
            continue
        for stream, name in entry.files:
            try:
                checked.append((item, check_evidence(stream, name), name))
            except InputError as err:
                errors.setdefault(entry.code, []).append(err)
    if errors:
        raise FormErrors(errors)
    written: list[Path] = []
    try:
        with transaction.atomic():
            for entry in entries:
                if review:
                    if entry.points not in (None, ""):
                        verify_item(assessment, entry.code, entry.points, entry.note, actor)
                elif entry.points is not None:
                    propose(assessment, entry.code, entry.points, entry.note, actor)
            for item, (data, suffix, content_type), name in checked:
                _store_evidence(assessment, item, data, suffix, content_type, name, actor, written)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
