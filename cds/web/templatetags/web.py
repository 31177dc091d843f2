"""Template helpers: Vietnamese number and date formats, the user's own units for the menu."""

from __future__ import annotations

import datetime as dt
import html as stdlib_html
from decimal import Decimal
from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy

from cds.catalog.formatting import format_value
from cds.lib.periods import label_for
from cds.lib.vn_dates import format_date
from cds.lib.vn_numbers import format_number, format_percent
from cds.values.rollup import Coverage

from ..entry import yes_or_no
from ..scope import admin, assignments, may_any

register = template.Library()

# Where a roll-up figure comes from (``Aggregate.source``), as users read it.
SOURCE_LABELS = {
    "own": "số liệu của đơn vị",
    "children": "cộng từ đơn vị trực thuộc",
    "periods": "cộng từ các kỳ con",
    "recomputed": "tính từ tử số / mẫu số",
    "reported-rate": "tỷ lệ do đơn vị ghi (không có tử số, mẫu số)",
    "none": "",
}


@register.filter
def source_label(source: str) -> str:
    """``Aggregate.source`` in the user's language; never the raw code."""
    label = SOURCE_LABELS.get(source or "none")
    return gettext(label) if label else ""


def escape(value: Any) -> str:
    """HTML-escape like Django's ``escape`` (same characters), without its lazy-string wrapper,
    which costs more than the escaping on pages of thousands of cells."""
    return stdlib_html.escape(str(value), quote=True)


# What a value's change did and the states it moved between, as people read them (the stored
# codes «create», «approved» are internal).
ACTION_LABELS = {
    "create": gettext_lazy("Nhập mới"),
    "update": gettext_lazy("Sửa"),
    "withdraw": gettext_lazy("Rút"),
    "submit": gettext_lazy("Gửi duyệt"),
    "approve": gettext_lazy("Duyệt"),
    "return": gettext_lazy("Trả lại"),
    "reopen": gettext_lazy("Mở lại"),
}
STATUS_LABELS = {
    "draft": gettext_lazy("nháp"),
    "submitted": gettext_lazy("đã gửi"),
    "returned": gettext_lazy("bị trả lại"),
    "approved": gettext_lazy("đã duyệt"),
    "withdrawn": gettext_lazy("đã rút"),
}


@register.filter
def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


@register.filter
def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


@register.filter
def period_label(value: Any) -> str:
    """A period as people read it («2025Q4» → «quý IV/2025»; «Q4 2025» in English); a code
    that is not a period is shown as it is."""
    return label_for(value, translation.get_language() or "vi")


@register.filter
def vn_number(value: Any, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    return format_number(Decimal(str(value)), decimals=decimals)


@register.filter
def vn_percent(value: Any, decimals: int = 1) -> str:
    if value is None or value == "":
        return ""
    return format_percent(Decimal(str(value)), decimals=decimals)


@register.filter
def indicator_value(value: Any, definition: Any) -> str:
    """An indicator's value as every output writes it (``cds.catalog.formatting.format_value``)."""
    number = None if value is None or value == "" else Decimal(str(value))
    return format_value(definition, number, lang=translation.get_language() or "vi")


@register.filter
def vn_date(value: Any) -> str:
    if not value:
        return ""
    english = (translation.get_language() or "vi").startswith("en")
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        day = format_date(local.date())
        return f"{local:%H:%M} {day}" if english else f"{local:%H:%M} ngày {day}"
    return format_date(value) if english else f"ngày {format_date(value)}"


@register.simple_tag
def coverage(agg: Any, definition: Any = None) -> str:
    """How much of the area a rolled-up figure stands for, and whether it is approved:
    "1/170 đơn vị có số liệu, 0 đã duyệt · chưa duyệt"; with a typed total, the children's sum beside it.

    ``agg`` is an ``Aggregate``, or a bare ``Coverage`` for a figure that is not a roll-up of
    values (a DTI ranking: units ranked of the units in scope, verified)."""
    english = (translation.get_language() or "vi").startswith("en")
    if isinstance(agg, Coverage):
        text = agg.text_en if english else agg.text_vi
        return mark_safe(f'<span class="coverage{"" if agg.complete else " partial"}">{escape(text)}</span>')
    if agg is None or (agg.value is None and not agg.coverage.expected):
        return ""
    cov = agg.coverage
    text = cov.text_en if english else cov.text_vi
    parts = [f'<span class="coverage{"" if cov.complete else " partial"}">{escape(text)}</span>']
    if agg.value is not None and not agg.approved:
        parts.append(f'<span class="unapproved">{escape(gettext("chưa duyệt"))}</span>')
    sums = agg.children_coverage
    if agg.own_value is not None and agg.children_value is not None and sums is not None:
        shown = format_value(definition, agg.children_value, lang="en" if english else "vi")
        label = gettext("tổng các đơn vị trực thuộc")
        kind = "warning" if agg.disagrees else "muted"
        parts.append(
            f'<span class="{kind}">{escape(label)}: {escape(shown)} '
            f"({escape(sums.text_en if english else sums.text_vi)})</span>"
        )
    return mark_safe(" · ".join(parts))  # every piece is escaped above


@register.simple_tag(takes_context=True)
def my_units(context: template.Context, user: Any) -> dict[str, Any]:
    """What the menu offers: the units a person edits (officers) and whether they supervise."""
    if not getattr(user, "is_authenticated", False):
        return {"edit": [], "reviews": False}
    request = context.get("request")
    if request is None or getattr(request, "user", None) is not user:  # rendered without its request
        request = HttpRequest()
        request.user = user
    is_admin = admin(request)
    roles = assignments(request) if not is_admin else []
    edit = [r.unit for r in roles if r.role == "officer" and r.unit]
    top = [r.unit for r in roles if r.role in {"supervisor", "viewer"} and r.unit]
    return {
        "edit": edit,
        "top": top[0] if top else None,
        "reviews": is_admin or may_any(request, "review"),
    }


@register.simple_tag(takes_context=True)
def entry_field(context: template.Context, f: Any) -> str:
    """One field of the entry form. Written in Python, not as a template block: the form has ~200
    fields and the template engine spent ~80% of the page's time on their ~30 lookups each."""
    labels = context.render_context.get("entry_labels")
    if labels is None:  # once per page
        labels = context.render_context["entry_labels"] = {
            "prev": gettext("Kỳ trước"),
            "explain": gettext("Giải trình (bắt buộc để gửi)"),
            "note": gettext("Ghi chú"),
            "history": gettext("lịch sử"),
            "current": gettext("Giá trị hiện tại"),
            "yes": gettext("Có"),
            "no": gettext("Không"),
            "registry": gettext("theo danh mục đơn vị hành chính"),
            "no_data": gettext("chưa có số liệu"),
            "locked": gettext("Đã duyệt, không sửa được (cần cấp duyệt mở lại)"),
            "date": gettext("ngày/tháng/năm, ví dụ 14/3/2023"),
            "history_url": reverse("web:history", args=[context["unit"].pk]),
        }
    code, can_edit, definition = escape(f.code), bool(context.get("can_edit")), f.definition
    state = " has-error" if f.errors or f.conflict else " has-warning" if f.warnings else ""
    moot = f' hidden data-hidden-by="{escape(f.hidden_by)}"' if f.hidden_by else ""
    html = [f'<div class="field{state}{" computed" if f.is_computed else ""}" id="f-{code}"{moot}>']
    unit_label = (
        f' <span class="muted">({escape(f.unit_label)})</span>' if f.unit_label and not f.is_computed else ""
    )
    html.append(f'<label for="v-{code}">{escape(f.label)}{unit_label}</label>')
    previous = f"{escape(labels['prev'])}: {escape(f.previous)}" if f.previous else ""
    html.append(f'<span class="prev muted" title="{escape(labels["prev"])}">{previous}</span>')
    if f.is_computed and definition.counts_units:  # from the units registry: shown, never typed
        html.append(
            f'<output id="v-{code}" title="{escape(labels["registry"])}">{escape(f.computed or "—")}</output>'
            f' <span class="muted">{escape(labels["registry"])}</span>'
        )
    elif f.is_computed and definition.problem_vi:  # a rate the catalog set aside: never computed
        problem = definition.problem("en" if translation.get_language() == "en" else "vi")
        html.append(
            f'<output id="v-{code}">{escape(labels["no_data"])}</output> <span class="muted">{escape(problem)}</span>'
        )
    elif f.is_computed:
        html.append(
            f'<output id="v-{code}" data-num="{escape(definition.numerator)}" data-den="{escape(definition.denominator)}"'
            f' data-scale="{escape(f.scale_text)}">{escape(f.computed or "—")}</output>'
        )
    elif f.locked:
        # the lock says what it means (a title to point at, words for a screen reader, and for a
        # browser without an emoji font, which drew an empty box); #v-<code> holds the number alone,
        # which entry.js reads for the live rates
        html.append(
            f'<span class="locked" title="{escape(labels["locked"])}"><span id="v-{code}">{escape(f.typed)}</span>'
            f' <span aria-hidden="true">🔒</span><span class="visually-hidden">{escape(labels["locked"])}</span></span>'
        )
    else:
        if definition.kind == "boolean":
            answer = yes_or_no(f.typed)  # as typed on this page (a re-shown post), else as stored
            yes = " selected" if answer is True else ""
            no = " selected" if answer is False else ""
            hides = (
                f' data-hide-when="{escape(f.hide_when)}" data-hides="{escape(f.hides)}"' if f.hides else ""
            )
            html.append(
                f'<select id="v-{code}" name="v:{code}"{"" if can_edit else " disabled"}{hides}><option value=""></option>'
                f'<option value="có"{yes}>{escape(labels["yes"])}</option>'
                f'<option value="không"{no}>{escape(labels["no"])}</option></select>'
            )
        else:
            decimal_mode = ' inputmode="decimal"' if definition.kind not in ("text", "date") else ""
            if definition.kind == "date":  # typed as officials write dates; a picker would be ISO
                decimal_mode = f' placeholder="14/3/2023" title="{escape(labels["date"])}"'
            html.append(
                f'<input id="v-{code}" name="v:{code}" value="{escape(f.typed)}"{decimal_mode} data-code="{code}"'
                f' autocomplete="off"{"" if can_edit else " readonly"}>'
            )
        html.append(
            f'<input type="hidden" name="o:{code}" value="{escape(f.original)}">'
            f'<input type="hidden" name="ver:{code}" value="{f.version}">'
        )
    html.append('<div class="msgs">')
    if f.conflict:
        current = (
            f" <strong>{escape(labels['current'])}: «{escape(f.stored.raw)}»</strong>" if f.stored else ""
        )
        html.append(f'<p class="error conflict">⚠ {escape(f.conflict)}{current}</p>')
    html.extend(f'<p class="error">{escape(e)}</p>' for e in f.errors)
    html.extend(f'<p class="warning">{escape(w)}</p>' for w in f.warnings)
    if not f.is_computed and not f.locked and can_edit and (f.warnings or f.note):
        label = labels["explain"] if f.warnings else labels["note"]
        html.append(
            f'<label class="note">{escape(label)} <input name="n:{code}" value="{escape(f.note)}"></label>'
        )
    if f.stored:
        period = escape(context["period"].code)
        html.append(
            f'<a class="muted small" href="{escape(labels["history_url"])}?period={period}&amp;indicator={code}">'
            f"{escape(labels['history'])}</a>"
        )
    html.append("</div></div>")
    return mark_safe("".join(html))  # every piece above is escaped


@register.simple_tag
def board_rows(rows: list[dict[str, Any]], late_label: str, csrf_token: str = "", period: str = "") -> str:
    """The completeness board's rows (up to 2.000) in Python, for the same reason as ``entry_field``:
    each with its officers' contacts and, for a late unit the person reviews, a «Nhắc nhở» button."""
    late = f' <span class="badge s-late">{escape(late_label)}</span>'
    remind_url = reverse("web:remind")
    remind_label = escape(gettext("Nhắc nhở"))
    none = escape(gettext("chưa giao cán bộ"))

    def contacts(people: list[dict[str, str]]) -> str:
        if not people:
            return f'<span class="muted">{none}</span>'
        return "<br>".join(
            escape(p["name"])
            + (f' · <a href="tel:{escape(p["phone"])}">{escape(p["phone"])}</a>' if p["phone"] else "")
            + (f' · <a href="mailto:{escape(p["email"])}">{escape(p["email"])}</a>' if p["email"] else "")
            for p in people
        )

    def button(r: dict[str, Any]) -> str:
        if not r.get("remind"):
            return ""
        return (
            f'<form method="post" action="{remind_url}" class="inline">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
            f'<input type="hidden" name="period" value="{escape(period)}">'
            f'<input type="hidden" name="unit" value="{r["pk"]}"><button>{remind_label}</button></form>'
        )

    return mark_safe(  # every piece is escaped
        "".join(
            f'<tr><td><a href="{escape(r["url"])}">{escape(r["name"])}</a></td>'
            f'<td class="muted">{escape(r["parent"])}</td>'
            f'<td><span class="badge s-{escape(r["state"])}">{escape(r["label"])}</span>{late if r["late"] else ""}</td>'
            f'<td class="num">{escape(r["total"])}</td><td class="muted">{escape(r["changed"])}</td>'
            f'<td class="small">{contacts(r.get("contacts", []))}</td><td>{button(r)}</td></tr>'
            for r in rows
        )
    )


@register.simple_tag
def indicator_options(definitions: list[Any], chosen: str, language: str) -> str:
    """The ~200 ``<option>``s of the indicator menu (Python, for the same reason as ``entry_field``)."""
    english = (language or "vi").startswith("en")
    return mark_safe(  # every piece is escaped
        "".join(
            f'<option value="{escape(d.code)}"{" selected" if d.code == chosen else ""}>'
            f"{escape(d.name_en if english else d.name_vi)}</option>"
            for d in definitions
        )
    )
