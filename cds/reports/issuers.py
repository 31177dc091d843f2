"""Who issues a report, when it is dated and who signs it: stored defaults per unit and period
(``IssuerProfile``), what the unit implies, and what a build asks for — in that order of weight
(the build's own choice wins).

The date line defaults to the last day of the data window (or the period), never after the unit
ceased to exist and never after today; the recipients default to the wording file's list for the
unit's level at that date (``defaults.recipients`` in ``wording/vi.yaml``): a 2023 district report
goes to the Sở Thông tin và Truyền thông of then, a 2025 one to the Sở Khoa học và Công nghệ.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from cds.lib.errors import InputError
from cds.lib.vn_dates import format_date
from cds.units.models import Level, Unit

from .frontmatter import normalise_form
from .layout import Letterhead
from .models import IssuerProfile

UBND = re.compile(r"^\s*(ủy|uỷ) ban nhân dân\b|^\s*ubnd\b", re.IGNORECASE)


@dataclass
class FrontMatter:
    """What a build asks for; ``None`` leaves each to the stored or implied default."""

    issuer: str | None = None
    governing_body: str | None = None
    number: int | str | None = None
    symbol: str | None = None
    date: dt.date | None = None
    month: tuple[int, int] | None = None  # (month, year): the day left blank for the office
    report_to: str | None = None
    sign_form: str | None = None
    on_behalf: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    recipients: list[str] | None = None
    addressees: list[str] | None = None  # «Kính gửi:» (Nghị định 30, II.9.b); default none


def last_day(unit: Unit) -> dt.date | None:
    """The unit's last day of existence (``valid_to`` is exclusive), None while it exists."""
    return unit.valid_to - dt.timedelta(days=1) if unit.valid_to else None


def default_date(unit: Unit, end: dt.date, today: dt.date | None = None) -> dt.date:
    """The end of the data window, but not after the unit's last day nor after today."""
    candidates = [end, today or dt.date.today()]
    if (last := last_day(unit)) is not None:
        candidates.append(last)
    return min(candidates)


def profile_for(unit: Unit, on: dt.date) -> IssuerProfile | None:
    """The stored profile of ``unit`` in force on ``on`` (the latest start first)."""
    return (
        IssuerProfile.objects.filter(unit=unit)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )


def unit_words(unit: Unit) -> dict[str, str]:
    kind = (unit.unit_type or "").lower()
    parent = unit.parent
    return {
        "unit": f"{kind} {unit.short_name}".strip(),
        "unit_short": unit.short_name,
        "unit_kind_lower": kind or "địa phương",
        "body": f"UBND {kind}".strip(),  # the wording's defaults.voice chooses by issuer (builders)
        "chairman": "Chủ tịch UBND",
        "body_short": kind,
        "issuer": f"UBND {kind} {unit.short_name}".strip(),
        "parent": f"{(parent.unit_type or '').lower()} {parent.short_name}".strip() if parent else "",
    }


def communes_below(unit: Unit) -> str:
    """The kinds of the communes right below ``unit`` on its era's map, as recipients name them:
    «xã, thị trấn» for huyện Sơn Hà (no phường), «xã, phường» for TP Quảng Ngãi."""
    kinds = {
        (t or "").lower()
        for t in Unit.objects.filter(parent=unit, era=unit.era, level=Level.COMMUNE).values_list(
            "unit_type", flat=True
        )
    }
    found = [k for k in ("xã", "phường", "thị trấn", "đặc khu") if k in kinds]
    return ", ".join(found) if found else "xã, phường"


def default_recipients(unit: Unit, on: dt.date, wording: dict[str, Any]) -> list[str]:
    """The wording file's recipients for the unit's level on ``on``: either one list, or a list
    of ``{until: date, lines: [...]}`` spans (the last without ``until``)."""
    words = unit_words(unit) | {"communes_below": communes_below(unit)}
    spec = wording.get("defaults", {}).get("recipients", {}).get(unit.level, [])
    lines: list[str] = spec if spec and isinstance(spec[0], str) else []
    if spec and isinstance(spec[0], dict):
        for span in spec:
            until = span.get("until")
            if until is None or on <= (until if isinstance(until, dt.date) else dt.date.fromisoformat(until)):
                lines = span["lines"]
                break
    return [t.format(**words) for t in lines if words.get("parent") or "{parent}" not in t]


def _symbol(issuer: str) -> str:
    """ "BC-UBND" for a UBND; a department's initials otherwise ("Phòng Văn hóa và Thông tin" →
    "BC-PVHTT", "Sở Khoa học và Công nghệ" → "BC-SKHCN"); ``--symbol`` gives another."""
    if UBND.match(issuer):
        return "BC-UBND"
    letters = []
    for word in issuer.split():
        if word.upper() in ("UBND", "ỦY", "UỶ"):
            break
        if word.lower() != "và":
            letters.append(word[0].upper())
    return "BC-" + ("".join(letters) or "UBND")


def head_of(issuer: str) -> str:
    """The title of a department's head, who signs its reports in their own name by default."""
    name = issuer.strip().lower()
    for prefix, title in (("văn phòng", "CHÁNH VĂN PHÒNG"), ("phòng", "TRƯỞNG PHÒNG"), ("sở", "GIÁM ĐỐC")):
        if name.startswith(prefix):
            return title
    return "THỦ TRƯỞNG"


def letterhead_for(
    unit: Unit,
    end: dt.date,
    asked: FrontMatter,
    wording: dict[str, Any],
    today: dt.date | None = None,
) -> Letterhead:
    """The letterhead of a report of ``unit`` whose data end on ``end``."""
    date = asked.date
    last = last_day(unit)
    month_end = None
    if asked.month is not None and date is None:  # «tháng 02 năm 2023»: read on the month's last day
        m, y = asked.month
        month_end = dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
        if last is not None and dt.date(y, m, 1) > last:
            raise InputError(
                f"Tháng {m:02d}/{y} sau ngày {unit.name} kết thúc hoạt động ({format_date(last)})",
                f"{m:02d}/{y} is after {unit.name} ceased to exist ({format_date(last)})",
            )
    if date is not None and last is not None and date > last:
        raise InputError(
            f"Ngày ký {format_date(date)} sau ngày {unit.name} kết thúc hoạt động ({format_date(last)})",
            f"The date {format_date(date)} is after {unit.name} ceased to exist ({format_date(last)})",
        )
    if date is not None:
        on = date
    elif month_end is not None:
        on = min(month_end, last) if last is not None else month_end
    else:
        on = default_date(unit, end, today)
    stored = profile_for(unit, on)

    def pick(name: str, implied: Any) -> Any:
        value = getattr(asked, name, None)
        if value is not None:
            return value
        kept = getattr(stored, name, None) if stored is not None else None
        return kept if kept not in (None, "") else implied

    kind = (unit.unit_type or "").lower()
    ubnd = f"Ủy ban nhân dân {kind} {unit.short_name}".strip()
    issuer = pick("issuer", ubnd).strip() or ubnd
    governing = pick("governing_body", "" if UBND.match(issuer) else f"UBND {kind} {unit.short_name}")
    signer_title = (
        pick("signer_title", "PHÓ CHỦ TỊCH" if UBND.match(issuer) else head_of(issuer)).strip().upper()
    )
    head = "CHỦ TỊCH" if UBND.match(issuer) else ""
    implied_form = ("TM" if signer_title == "CHỦ TỊCH" else "KT") if UBND.match(issuer) else ""
    form = normalise_form(pick("sign_form", implied_form))
    implied_behalf = "ỦY BAN NHÂN DÂN" if form == "TM" and UBND.match(issuer) else head
    recipients = asked.recipients
    if recipients is None:
        recipients = (
            [r for r in stored.recipients.splitlines() if r.strip()]
            if stored is not None and stored.recipients.strip()
            else default_recipients(unit, on, wording)
        )
    addressees = asked.addressees
    if addressees is None:  # none unless asked or stored: the signed samples have none
        addressees = [r for r in (stored.addressees if stored is not None else "").splitlines() if r.strip()]
    place = (stored.place if stored is not None and stored.place else "") or (
        f"TP. {unit.short_name}" if kind == "thành phố" else unit.short_name
    )
    names = [unit.short_name] + ([unit.parent.short_name] if unit.parent else [])
    return Letterhead(
        governing_body=governing,
        issuer=issuer,
        place=place,
        number=asked.number,
        symbol=pick("symbol", _symbol(issuer)),
        date=None if month_end is not None else on,
        year=asked.month[1] if asked.month is not None and month_end is not None else on.year,
        month=asked.month[0] if asked.month is not None and month_end is not None else None,
        report_to=(asked.report_to or "").strip(),
        sign_form=form,
        on_behalf=pick("on_behalf", implied_behalf),
        signer_title=signer_title,
        signer_name=pick("signer_name", ""),
        recipients=recipients,
        addressees=[" ".join(a.split()) for a in addressees if a.strip()],
        proper_names=tuple(names),
    )


def set_profile(unit: Unit, valid_from: dt.date | None, valid_to: dt.date | None, user=None, **fields: Any):
    """Store (or replace) the defaults of ``unit`` from ``valid_from``; refuses a span outside
    the unit's own life or one that ends before it starts."""
    if valid_from and valid_to and valid_to < valid_from:
        raise InputError(
            f"Ngày kết thúc {format_date(valid_to)} trước ngày bắt đầu {format_date(valid_from)}",
            f"The end {format_date(valid_to)} is before the start {format_date(valid_from)}",
        )
    last = last_day(unit)
    if valid_from and last and valid_from > last:
        raise InputError(
            f"{unit.name} đã kết thúc hoạt động ngày {format_date(last)}",
            f"{unit.name} ceased to exist on {format_date(last)}",
        )
    if "sign_form" in fields and fields["sign_form"] is not None:
        fields["sign_form"] = normalise_form(fields["sign_form"]) or "-"  # "-": the own title
    for name in ("recipients", "addressees"):
        if name in fields and isinstance(fields[name], list):
            fields[name] = "\n".join(fields[name])
    fields = {k: v for k, v in fields.items() if v is not None}
    profile, _ = IssuerProfile.objects.update_or_create(
        unit=unit, valid_from=valid_from, defaults={"valid_to": valid_to, "updated_by": user, **fields}
    )
    return profile
