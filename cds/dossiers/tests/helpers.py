"""Building small dossier exports for tests, with the default mapping's Vietnamese headers."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from cds.dossiers.synth import AUTHORITY_HEADER, HEADERS
from cds.lib.testing import as_cp1258

DEFAULTS = {
    "procedure_code": "P1",
    "procedure_name": "Đăng ký khai sinh",
    "field": "Hộ tịch",
    "received_at": "10/03/2023 08:00",
    "due_at": "",
    "finished_at": "",
    "supplement_days": "",
    "channel": "Trực tuyến",
    "service_level": "Toàn trình",
    "fee_required": "Không",
    "paid_online": "Không",
    "dossier_digitised": "Không",
    "result_digitised": "Không",
    "status": "",
    "rating": "",
}


def dossier(code: str, unit: str, **values: Any) -> dict[str, Any]:
    return {"dossier_code": code, "unit": unit, **DEFAULTS, **values}


def write_export(
    path: Path, rows: list[dict[str, Any]], encoding: str = "utf-8-sig", without: tuple[str, ...] = ()
) -> Path:
    """A CSV as the one-stop-shop system exports it; ``cp1258`` as legacy Windows tools write it.

    ``without``: columns the source system did not export at all (no header, no cells).
    """
    headers = {**HEADERS, **(AUTHORITY_HEADER if any("authority" in r for r in rows) else {})}
    columns = [c for c in headers if c not in without]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([headers[c] for c in columns])
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    text = buffer.getvalue()
    path.write_bytes(as_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path
