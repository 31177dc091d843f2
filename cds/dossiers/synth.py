"""A realistic, deterministic generator of one-stop-shop dossier exports (for the demo and bench).

The model, so nobody mistakes its output for real statistics:

- a catalog of ~30 real-looking procedures (names and fields of the commune- and district-level
  TTHC lists), each with a service level (toàn trình / một phần / not online), a fee flag, a legal
  deadline in days and a popularity weight;
- receiving units are the communes and districts of the province on the map in force on each
  reception day; unit sizes are log-normal (a few big wards, many small communes);
- volume has a seasonality (more before Tết and in the summer) and grows ~10% a year;
- the share of dossiers submitted online rises along a logistic curve from ~8% in early 2023 to
  ~85% at the end of 2025 and levels off below 88% after (only for procedures offered online;
  3% go by post); online payment, digitisation of dossiers and of results trail it;
- ~93% of dossiers are resolved, ~6% late, 10% paused for the applicant to supplement 1–5 days;
  ~45% of resolved dossiers are rated, mostly satisfied;
- a year still under way (``until``) has dossiers received up to that day only, and those not
  finished by it are still being handled.

Everything is vectorised (numpy → Arrow → DuckDB writes the CSV) and seeded: the same seed,
province, year and row count give the same file. Large files are generated in chunks of
``CHUNK_ROWS`` (each with its own seed derived from the file's), written as CSV pieces by DuckDB
and joined, so 30 million rows take minutes and memory stays that of one chunk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cds.lib.tabular import write_table
from cds.units.history import changes
from cds.units.models import REORGANISATION_DATE, Era, Level, Unit

from .store import connect
from .unitmatch import province_code


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    field: str
    level: str  # "full", "partial" or "none"
    fee: bool
    days: int
    weight: float
    district: bool = False  # received at the district's one-stop shop


PROCEDURES = (
    Procedure("1.001193", "Đăng ký khai sinh", "Hộ tịch", "full", False, 1, 30),
    Procedure("1.000894", "Đăng ký kết hôn", "Hộ tịch", "partial", False, 1, 8),
    Procedure("1.000656", "Đăng ký khai tử", "Hộ tịch", "full", False, 1, 6),
    Procedure("2.000635", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", "full", True, 1, 10),
    Procedure(
        "1.004859", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", "Hộ tịch", "partial", True, 3, 4
    ),
    Procedure("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "Hộ tịch", "full", False, 3, 9),
    Procedure("1.001022", "Đăng ký nhận cha, mẹ, con", "Hộ tịch", "partial", True, 3, 1),
    Procedure(
        "2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", "partial", True, 1, 40
    ),
    Procedure(
        "2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", "Chứng thực", "partial", True, 1, 12
    ),
    Procedure(
        "2.001035",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        "Chứng thực",
        "none",
        True,
        2,
        3,
    ),
    Procedure(
        "1.001776",
        "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng",
        "Bảo trợ xã hội",
        "partial",
        False,
        7,
        4,
    ),
    Procedure(
        "1.001758",
        "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        "Bảo trợ xã hội",
        "partial",
        False,
        3,
        2,
    ),
    Procedure(
        "1.001699", "Xác định, xác định lại mức độ khuyết tật", "Bảo trợ xã hội", "partial", False, 20, 1.5
    ),
    Procedure(
        "1.010801",
        "Giải quyết chế độ trợ cấp một lần đối với người có công",
        "Người có công",
        "none",
        False,
        12,
        0.8,
    ),
    Procedure("2.000794", "Đăng ký hoạt động tín ngưỡng", "Tôn giáo Chính phủ", "partial", False, 15, 0.3),
    Procedure(
        "1.003622",
        "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm",
        "Giảm nghèo",
        "none",
        False,
        7,
        1.2,
    ),
    Procedure(
        "2.000346", "Xét tặng danh hiệu Gia đình văn hóa hằng năm", "Văn hóa cơ sở", "none", False, 5, 1
    ),
    Procedure(
        "1.005092",
        "Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai",
        "Nông nghiệp",
        "none",
        False,
        10,
        0.6,
    ),
    Procedure("1.003554", "Đăng ký khai thác nước dưới đất", "Tài nguyên nước", "partial", False, 10, 0.4),
    Procedure(
        "1.001612",
        "Đăng ký thành lập hộ kinh doanh",
        "Thành lập và hoạt động của hộ kinh doanh",
        "full",
        True,
        3,
        6,
        True,
    ),
    Procedure(
        "2.000720",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "Thành lập và hoạt động của hộ kinh doanh",
        "full",
        True,
        3,
        3,
        True,
    ),
    Procedure(
        "1.004227",
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "Đất đai",
        "partial",
        True,
        10,
        9,
        True,
    ),
    Procedure(
        "1.004217", "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai", "partial", True, 30, 3, True
    ),
    Procedure(
        "1.009994",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Hoạt động xây dựng",
        "partial",
        True,
        15,
        2.5,
        True,
    ),
    Procedure(
        "1.004441",
        "Chuyển trường đối với học sinh trung học cơ sở",
        "Giáo dục trung học",
        "partial",
        False,
        3,
        1,
        True,
    ),
    Procedure(
        "1.003348",
        "Cấp Giấy chứng nhận đủ điều kiện an toàn thực phẩm",
        "An toàn thực phẩm",
        "partial",
        True,
        15,
        0.7,
        True,
    ),
    Procedure(
        "2.001157",
        "Cấp giấy phép kinh doanh bán lẻ sản phẩm rượu",
        "Lưu thông hàng hóa",
        "full",
        True,
        10,
        0.5,
        True,
    ),
    Procedure(
        "1.000775",
        "Tặng Giấy khen của Chủ tịch UBND cấp huyện",
        "Thi đua - Khen thưởng",
        "none",
        False,
        5,
        0.2,
        True,
    ),
)

HEADERS = {
    "dossier_code": "Mã hồ sơ",
    "procedure_code": "Mã thủ tục",
    "procedure_name": "Tên thủ tục",
    "field": "Lĩnh vực",
    "unit": "Đơn vị tiếp nhận",
    "received_at": "Ngày tiếp nhận",
    "due_at": "Ngày hẹn trả",
    "finished_at": "Ngày hoàn thành",
    "supplement_days": "Số ngày bổ sung",
    "channel": "Hình thức tiếp nhận",
    "service_level": "Mức độ DVC",
    "fee_required": "Có phí, lệ phí",
    "paid_online": "Thanh toán trực tuyến",
    "dossier_digitised": "Số hóa hồ sơ",
    "result_digitised": "Số hóa kết quả",
    "status": "Trạng thái",
    "rating": "Đánh giá",
}
# the optional «Thẩm quyền» column (tests' exports add it only when a row has it); the synthetic export has it
AUTHORITY_HEADER = {"authority": "Thẩm quyền"}
EXPORT_HEADERS = {**HEADERS, **AUTHORITY_HEADER}
# Who decides (thẩm quyền) when it is not the level that receives: dossiers received at the commune
# and decided by the district chairman (liên thông: monthly social allowance, funeral support for
# social protection beneficiaries, Nghị định 20/2021/NĐ-CP) or by the province
# (one-off allowance for people with meritorious services — Sở Lao động - Thương binh và Xã hội).
# Every other procedure is decided where it is received (district procedures by the district). From
# 1/7/2025 there is no district: its procedures are decided by the commune.
_DECIDED_ABOVE = {"1.001776": "Cấp huyện", "1.001758": "Cấp huyện", "1.010801": "Cấp tỉnh"}
_LEVEL_TEXT = {"full": "Toàn trình", "partial": "Một phần", "none": "Cung cấp thông tin"}
_MONTH_WEIGHT = np.array([1.25, 0.8, 1.0, 0.95, 1.0, 1.1, 1.15, 1.1, 1.0, 0.95, 1.0, 1.2])
_START, _END = dt.date(2023, 1, 1), dt.date(2025, 12, 31)


def _seed(*parts: object) -> int:
    return int(hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:16], 16)


def _units(province: Unit, era: str) -> tuple[list[str], list[str], np.ndarray]:
    """(codes, levels, weights) of the receiving units of ``province``'s subtree on one map.

    On the other map: the province of the same code (a province that kept its code continues
    under it, as the demo's Quảng Ngãi); a former province whose code was not kept (29 of the 63,
    e.g. Hà Giang in today's Tuyên Quang) receives through the current communes its own communes
    became (their primary successors). Before, its code was written as the receiving unit, a text
    no current unit has: every such export was refused at import (580.000 of the national set's
    1,26M dossiers never stored).
    """
    root = Unit.objects.filter(era=era, code=province.code, level=Level.PROVINCE).first()
    units = Unit.objects.filter(era=era, level__in=[Level.COMMUNE, Level.DISTRICT])
    if root is not None:
        units = units.filter(path__startswith=root.path)
    elif province.era == Era.LEGACY and era == Era.CURRENT:
        units = units.filter(
            predecessor_links__is_primary=True, predecessor_links__old__path__startswith=province.path
        ).distinct()
    else:
        units = units.none()
    # the map's last (legacy) or first (current) day: no unit that ceased before (units.history)
    day = REORGANISATION_DATE - dt.timedelta(days=1) if era == Era.LEGACY else REORGANISATION_DATE
    rows = list(units.as_of(day).order_by("code").values_list("code", "level"))
    root = root or province
    if not rows:
        rows = [(root.code, Level.PROVINCE)]
    rng = np.random.default_rng(_seed("units", era, root.code))
    weights = rng.lognormal(0.0, 0.6, len(rows))
    return [c for c, _ in rows], [lv for _, lv in rows], weights


def _formed_later(codes: list[str], era: str) -> dict[str, tuple[np.datetime64, str]]:
    """Code of a legacy unit an arrangement formed (``valid_from``) → (its first day, the code of
    the first unit it was formed from, a ceased unit of ``units.history``)."""
    if era != Era.LEGACY:
        return {}
    out: dict[str, tuple[np.datetime64, str]] = {}
    for unit in Unit.objects.filter(era=era, code__in=codes, valid_from__isnull=False):
        root = unit.path.strip("/").split("/")[0]
        for change in changes():
            if change.formed and change.until == unit.valid_from and change.unit.split(",")[0] == unit.name:
                former = Unit.objects.filter(
                    era=era, name=change.former, valid_to=change.until, path__startswith=f"/{root}/"
                ).first()
                if former is not None:
                    out[unit.code] = (np.datetime64(unit.valid_from, "D"), former.code)
                    break
    return out


def _online_share(days_since_start: np.ndarray) -> np.ndarray:
    t = days_since_start / (_END - _START).days  # 0 → 1 over 2023–2025
    return 0.06 + 0.82 / (1 + np.exp(-9 * (t - 0.45)))


CHUNK_ROWS = 2_000_000


def generate(
    province: Unit, year: int, rows: int, seed: str = "cds", until: dt.date | None = None
) -> pa.Table:
    """``rows`` dossiers received by ``province``'s units during ``year``, as an Arrow table of text.

    ``until``: the export is taken on that day of ``year`` — dossiers received up to it, the ones
    not finished by its end still being handled (the demo's current year).
    """
    rng = np.random.default_rng(
        _seed(seed, province.code, year, rows, *([until.isoformat()] if until else []))
    )
    return _generate(province, year, rows, rng, 0, until)


def generate_chunks(province: Unit, year: int, rows: int, seed: str = "cds", chunk_rows: int = CHUNK_ROWS):
    """The same model in chunks of at most ``chunk_rows`` (dossier codes unique across chunks).

    One chunk is exactly ``generate``'s table; chunk i > 0 draws from its own derived seed.
    """
    if rows <= chunk_rows:
        yield generate(province, year, rows, seed)
        return
    for index, first in enumerate(range(0, rows, chunk_rows)):
        size = min(chunk_rows, rows - first)
        rng = np.random.default_rng(_seed(seed, province.code, year, rows, "chunk", index))
        yield _generate(province, year, size, rng, first)


def _generate(
    province: Unit,
    year: int,
    rows: int,
    rng: np.random.Generator,
    first_code: int,
    until: dt.date | None = None,
) -> pa.Table:
    if until is not None and not dt.date(year, 1, 1) <= until <= dt.date(year, 12, 31):
        raise ValueError(f"until {until} is not in {year}")
    days_in_year = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
    day_month = np.array(
        [(dt.date(year, 1, 1) + dt.timedelta(int(d))).month - 1 for d in range(days_in_year)]
    )
    day_weight = _MONTH_WEIGHT[day_month] * (1 + 0.1 * np.arange(days_in_year) / days_in_year)
    weekdays = np.array([(dt.date(year, 1, 1) + dt.timedelta(int(d))).weekday() for d in range(days_in_year)])
    day_weight = np.where(weekdays >= 5, day_weight * 0.08, day_weight)
    if until is not None:  # received up to the day the export is taken
        day_weight = day_weight[: (until - dt.date(year, 1, 1)).days + 1]
    day = rng.choice(len(day_weight), rows, p=day_weight / day_weight.sum())
    received = (
        np.datetime64(f"{year}-01-01T00:00", "m") + day * 1440 + rng.integers(7 * 60 + 30, 17 * 60, rows)
    )
    received_date = np.datetime64(f"{year}-01-01", "D") + day
    reorg = np.datetime64("2025-07-01", "D")

    unit_text = np.empty(rows, dtype=object)
    district_proc = np.array([p.district for p in PROCEDURES])
    proc_weights = np.array([p.weight for p in PROCEDURES])
    proc = rng.choice(len(PROCEDURES), rows, p=proc_weights / proc_weights.sum())
    for era, mask in ((Era.LEGACY, received_date < reorg), (Era.CURRENT, received_date >= reorg)):
        if not mask.any():
            continue
        codes, levels, weights = _units(province, era)
        codes_arr = np.array(codes, dtype=object)
        is_district = np.array([lv == Level.DISTRICT for lv in levels])
        for want_district in (False, True):
            sub = mask & (district_proc[proc] == want_district)
            pool = (
                np.flatnonzero(is_district == want_district)
                if (is_district == want_district).any()
                else np.arange(len(codes))
            )
            if want_district and not is_district.any():  # after 2025 communes receive district procedures
                pool = np.arange(len(codes))
            p = weights[pool] / weights[pool].sum()
            unit_text[sub] = codes_arr[pool[rng.choice(len(pool), int(sub.sum()), p=p)]]
        for code, (since, former) in _formed_later(codes, era).items():
            # before a commune an arrangement formed existed, its dossiers were the first former
            # commune's (units.history): the import matches each row on its day's map. The draws
            # stay the same, so every other unit's dossiers are unchanged.
            unit_text[mask & (unit_text == code) & (received_date < since)] = former

    level = np.array([p.level for p in PROCEDURES])[proc]
    authority = np.array(
        [_DECIDED_ABOVE.get(p.code, "Cấp huyện" if p.district else "Cấp xã") for p in PROCEDURES],
        dtype=object,
    )[proc]
    authority = np.where((received_date >= reorg) & (authority == "Cấp huyện"), "Cấp xã", authority)
    fee = np.array([p.fee for p in PROCEDURES])[proc]
    deadline = np.array([p.days for p in PROCEDURES])[proc]
    share = _online_share((received_date - np.datetime64(_START, "D")).astype(int))
    draw = rng.random(rows)
    offered = level != "none"
    channel = np.where(
        offered & (draw < share), "Trực tuyến", np.where(draw > 0.97, "Qua dịch vụ BCCI", "Trực tiếp")
    )
    online = channel == "Trực tuyến"
    dossier_digitised = online | (rng.random(rows) < share * 0.9 + 0.1)
    result_digitised = rng.random(rows) < share * 0.95 + 0.05
    paid_online = fee & (online & (rng.random(rows) < 0.55 + 0.4 * share))

    due = received_date + (deadline * 7 // 5 + 1)  # working days → calendar days, roughly
    supplement = np.where(rng.random(rows) < 0.10, rng.integers(1, 6, rows), 0)
    status_draw = rng.random(rows)
    cancelled = status_draw > 0.99
    late = rng.random(rows) < 0.06
    spent = np.where(
        late,
        deadline * 7 // 5 + 1 + rng.integers(1, 10, rows),
        (rng.random(rows) * (deadline * 7 // 5 + 1)).astype(int),
    )
    finished = received + (spent + supplement) * 1440 + rng.integers(60, 480, rows)
    year_end = np.datetime64(f"{year + 1}-01-10T00:00", "m")
    if until is not None:  # not finished by the end of the export's day: still being handled
        year_end = min(year_end, np.datetime64(until + dt.timedelta(days=1), "m"))
    unresolved = cancelled | (finished > year_end) | (status_draw > 0.985)
    rating_draw = rng.random(rows)
    rating = np.where(
        unresolved | (rating_draw > 0.45),
        "",
        np.where(
            rating_draw < 0.30,
            "Rất hài lòng",
            np.where(
                rating_draw < 0.42, "Hài lòng", np.where(rating_draw < 0.44, "Bình thường", "Không hài lòng")
            ),
        ),
    )
    code = province_code(province)
    names = np.array([p.name for p in PROCEDURES], dtype=object)
    fields = np.array([p.field for p in PROCEDURES], dtype=object)
    pcodes = np.array([f"{p.code}.000.00.00.H{code}" for p in PROCEDURES], dtype=object)
    yes_no = lambda flags: np.where(flags, "Có", "Không")  # noqa: E731
    return pa.table(
        {
            "dossier_code": pc.binary_join_element_wise(
                f"{code}-{year}-",
                pc.utf8_lpad(pc.cast(pa.array(rng.permutation(rows) + first_code), pa.string()), 8, "0"),
                "",
            ),
            "procedure_code": pa.array(pcodes[proc]),
            "procedure_name": pa.array(names[proc]),
            "field": pa.array(fields[proc]),
            "unit": pa.array(unit_text),
            "received_at": pa.array(received.astype("datetime64[us]")),
            "due_at": pa.array(due.astype("datetime64[us]")),
            "finished_at": pa.array(
                np.where(unresolved, np.datetime64("NaT"), finished).astype("datetime64[us]")
            ),
            "supplement_days": pa.array(supplement.astype(np.int32)),
            "channel": pa.array(channel),
            "service_level": pa.array(np.array([_LEVEL_TEXT[p.level] for p in PROCEDURES])[proc]),
            "fee_required": pa.array(yes_no(fee)),
            "paid_online": pa.array(yes_no(paid_online)),
            "dossier_digitised": pa.array(yes_no(dossier_digitised)),
            "result_digitised": pa.array(yes_no(result_digitised)),
            "status": pa.array(
                np.where(cancelled, "Đã hủy", np.where(unresolved, "Đang giải quyết", "Đã giải quyết"))
            ),
            "rating": pa.array(rating),
            "authority": pa.array(authority.astype(str)),
        }
    )


def _select_export() -> str:
    return ", ".join(
        (
            f"strftime({c}, '%d/%m/%Y %H:%M') AS \"{h}\""
            if c in {"received_at", "finished_at"}
            else f"strftime({c}, '%d/%m/%Y') AS \"{h}\""
            if c == "due_at"
            else f'{c} AS "{h}"'
        )
        for c, h in EXPORT_HEADERS.items()
    )


def _write_shared_strings_xlsx(out: Path, headers: list[str], rows: list[tuple]) -> None:
    """A minimal workbook as Excel saves one: texts in a shared-string table, numbers as numbers.

    (``cds.lib.tabular.write_table`` writes inline strings with every accent as a character
    reference, about 2.5× the XML; both are valid and the importer reads both.)
    """
    import zipfile
    from xml.sax.saxutils import escape

    index: dict[str, int] = {}

    def cell(value: object) -> str:
        if value is None or value == "":
            return "<c/>"
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"<c><v>{value}</v></c>"
        text = str(value)
        if text not in index:
            index[text] = len(index)
        return f'<c t="s"><v>{index[text]}</v></c>'

    body = "".join(f"<row>{''.join(cell(v) for v in row)}</row>" for row in [tuple(headers), *rows])
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strings = "".join(f"<si><t>{escape(t)}</t></si>" for t in index)
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            f'"/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            f'sheet1.xml" ContentType="{ct}.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{ct}.sharedStrings+xml"/></Types>',
        )
        book.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {main} xmlns:r="{rel}"><sheets><sheet '
            'name="Hồ sơ" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
            f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        )
        book.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet {main}><sheetData>{body}</sheetData></worksheet>',
        )
        book.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><sst {main} count="{len(index)}" uniqueCount="{len(index)}">'
            f"{strings}</sst>",
        )


def write_export(table: pa.Table, out: str | Path, shared_strings: bool = False) -> int:
    """Write as the one-stop-shop system exports: Vietnamese headers, dd/mm/yyyy dates, CSV or XLSX.

    ``shared_strings``: an XLSX with a shared-string table as Excel saves it (default: the
    project's own ``write_table`` layout).
    """
    out = Path(out)
    con = connect(memory_limit="2GB")
    con.register("synth", table)
    if out.suffix.lower() == ".xlsx":
        rows = con.execute(f"SELECT {_select_export()} FROM synth").fetchall()
        if shared_strings:
            _write_shared_strings_xlsx(out, list(EXPORT_HEADERS.values()), rows)
        else:
            write_table(out, list(EXPORT_HEADERS.values()), rows, sheet_title="Hồ sơ")
    else:
        target = str(out).replace("'", "''")
        con.execute(f"COPY (SELECT {_select_export()} FROM synth) TO '{target}' (HEADER, DELIMITER ',')")
    con.close()
    return table.num_rows


def write_synthetic(
    province: Unit,
    year: int,
    rows: int,
    out: str | Path,
    seed: str = "cds",
    chunk_rows: int = CHUNK_ROWS,
    shared_strings: bool = False,
) -> int:
    """``generate_chunks`` written to one export file (CSV pieces joined; XLSX in one piece)."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx" or rows <= chunk_rows:
        return write_export(generate(province, year, rows, seed), out, shared_strings)
    piece = out.with_name(f".{out.name}.piece")
    partial = out.with_name(f".{out.name}.partial")  # renamed when complete: no half file at ``out``
    quoted = str(piece).replace("'", "''")
    with open(partial, "wb") as target:
        for index, table in enumerate(generate_chunks(province, year, rows, seed, chunk_rows)):
            con = connect(memory_limit="2GB")
            con.register("synth", table)
            con.execute(
                f"COPY (SELECT {_select_export()} FROM synth) TO '{quoted}' "
                f"(HEADER {'true' if index == 0 else 'false'}, DELIMITER ',')"
            )
            con.close()
            with open(piece, "rb") as source:
                shutil.copyfileobj(source, target, 1 << 24)
    piece.unlink(missing_ok=True)
    partial.replace(out)
    return rows
