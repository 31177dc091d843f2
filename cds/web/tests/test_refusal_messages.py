"""A «not found» or «not allowed» page never tells a person an English developer text or a raw code.

Every message given to ``Http404`` / ``PermissionDenied`` in the product's code is a ``gettext`` text
(Vietnamese first, English in the catalog) raised as ``NotFound`` / ``Refused``, which the 404 and
403 pages show; Django's own English messages («No Unit matches the given query.») never are.
"""

from __future__ import annotations

import ast
import html
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from cds.lib.refusals import NotFound, Refused
from cds.web.middleware import page_not_found, permission_denied

CDS = Path(__file__).resolve().parents[2]
REFUSALS = {"Http404", "PermissionDenied", "NotFound", "Refused"}
GETTEXT = {"_", "gettext", "pgettext", "ngettext"}


def _name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _translated(node: ast.expr) -> bool:
    """``_("…")`` or ``_("… %(x)s …") % {...}``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        node = node.left
    return isinstance(node, ast.Call) and _name(node.func) in GETTEXT


def refusals_with_untold_messages() -> list[str]:
    found = []
    for path in sorted(CDS.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and _name(node.func) in REFUSALS and node.args):
                continue
            shown = _name(node.func) in {"NotFound", "Refused"}  # the pages show these messages only
            if not (shown and _translated(node.args[0])):
                found.append(f"{path.relative_to(CDS.parent)}:{node.lineno}")
    return found


def test_every_refusal_with_a_message_is_a_translated_message_the_page_shows():
    assert refusals_with_untold_messages() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "reason", "general"),
    [
        ("vi", "Bạn không được sửa báo cáo của đơn vị này.", "Nếu cần, hãy liên hệ quản trị viên của tỉnh."),
        ("en", "You may not edit this unit's reports.", "If you need to, ask your province's administrator."),
    ],
)
def test_the_pages_say_the_views_reason_in_the_readers_language(language, reason, general):
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.create_user("reader", password="x-Secret-123")
    with translation.override(language):
        missing = page_not_found(
            request, NotFound(translation.gettext("Bạn không được sửa báo cáo của đơn vị này."))
        )
        refused = permission_denied(
            request, Refused(translation.gettext("Bạn không được sửa báo cáo của đơn vị này."))
        )
    assert missing.status_code == 404 and reason in html.unescape(missing.content.decode())
    assert refused.status_code == 403 and f"{reason} {general}" in html.unescape(refused.content.decode())


@pytest.mark.django_db
def test_djangos_own_english_404_message_gives_the_general_sentence_instead(client):
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.create_user("reader", password="x-Secret-123")
    with translation.override("vi"):
        page = page_not_found(request, Http404("No Unit matches the given query.")).content.decode()
    assert "No Unit matches" not in page
    assert "Trang này không có, hoặc nằm ngoài phạm vi đơn vị của bạn." in page
    unknown = client.get("/no-such-page/")
    assert unknown.status_code == 404 and "Resolver404" not in unknown.content.decode()


@pytest.mark.django_db
def test_a_views_reason_is_said_on_its_page_even_on_a_developers_server(client, settings):
    settings.DEBUG = True  # CDS_DEBUG: Django would answer Http404 with its English technical page
    client.force_login(get_user_model().objects.create_user("reader", password="x-Secret-123"))
    page = client.get("/reports/999999/2024/")  # no such unit: get_for_user_or_404's NotFound
    html_text = html.unescape(page.content.decode())
    assert page.status_code == 404
    assert "Không tìm thấy trang" in html_text and "Trang này không có, hoặc nằm ngoài phạm vi" in html_text
    assert "Page not found" not in html_text and "technical_404" not in html_text


def views_that_render_an_error_page_themselves() -> list[str]:
    found = []
    for path in sorted(CDS.rglob("*.py")):
        if "tests" in path.parts or path.name == "middleware.py":  # the handlers render them
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in {"404.html", "403.html"}:
                found.append(f"{path.relative_to(CDS.parent)}:{node.lineno}")
    return found


def test_a_view_refuses_by_raising_not_found_or_refused_never_by_rendering_the_error_page_itself():
    # one way to say «not found» with a reason: ``NotFound`` / ``Refused``, shown by the handlers
    assert views_that_render_an_error_page_themselves() == []
