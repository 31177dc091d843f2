"""The journey of an old report in real headless Chromium: an officer uploads it, reads each
proposal beside its sentence, accepts one and rejects one on a phone, imports, and sees the value
stored with its source. Screenshots in var/test-artifacts/ (ingest-*.png)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from cds.accounts.models import Role, RoleAssignment
from cds.accounts.testing import PASSWORD
from cds.ingest.models import Proposal
from cds.units.testing import small_tree
from cds.values.models import DataValue
from cds.web.tests.browsing import PHONE, check_page, overflow, shot
from cds.web.tests.test_browser import login

from .test_services import REPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def place(builtin_catalogs: None) -> dict[str, Any]:
    tree = small_tree()
    user = get_user_model().objects.create_user("xa.an", password=PASSWORD)
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=tree["a"])
    return tree


def test_an_officer_brings_in_an_old_report_on_a_phone(
    browser: Any, live_server: Any, place: dict[str, Any], tmp_path: Path
) -> None:
    report_file = tmp_path / "bao-cao-2024.txt"
    report_file.write_text(REPORT, encoding="utf-8")
    page = login(browser, live_server, "xa.an")
    page.click("nav.menu a:has-text('Đọc báo cáo cũ')")
    page.select_option("#id_unit", str(place["a"].pk))
    page.set_input_files("#id_file", str(report_file))
    page.click("form.card button.primary")
    page.wait_for_load_state()
    assert "Toàn xã có 5 tổ công nghệ số cộng đồng thôn với 40 thành viên." in page.inner_text("main")
    notice = page.inner_text("#goi-y")  # read before anything is accepted: suggestions, and how often right
    assert (
        "chưa phải số liệu" in notice
        and "đối chiếu từng số với câu trích" in notice
        and "(43,1%) là đúng" in notice
    )
    shot(page, "ingest-review-desktop")

    page.set_viewport_size(PHONE)
    teams = Proposal.objects.get(indicator_code="teams.village_teams")
    members = Proposal.objects.get(indicator_code="teams.village_members")
    page.click(f"#p{teams.pk} button[value=accept]")
    page.wait_for_load_state()
    page.click(f"#p{members.pk} button[value=reject]")
    page.wait_for_load_state()
    assert overflow(page) <= 0
    assert "Chấp nhận" in page.inner_text(f"#p{teams.pk} .status")
    assert "Từ chối" in page.inner_text(f"#p{members.pk} .status")
    check_page(page)
    shot(page, "ingest-review-phone")
    page.click("#import")
    page.wait_for_load_state()
    assert "Đã nhập: 1 số liệu mới" in page.inner_text("main")
    value = DataValue.objects.get(unit=place["a"], indicator__code="teams.village_teams")
    assert value.source_ref == "báo cáo bao-cao-2024.txt, đoạn 3"
    assert not DataValue.objects.filter(indicator__code="teams.village_members").exists()
    page.context.close()
