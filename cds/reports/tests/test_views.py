"""The sections page and "Tải báo cáo": login, scope (out of scope → 404), editing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from cds.accounts.models import Role, RoleAssignment
from cds.lib.periods import parse_period
from cds.registries.models import Document, Plan, Task
from cds.reports.kinds import build_report
from cds.reports.models import NarrativeSection
from cds.reports.narrative import drafts_for, next_period
from cds.units.models import Unit
from cds.units.services import resolve_unit

PERIOD = "2023Q3"
# Who issues and signs Tịnh Châu's reports, as the front-matter form's fields.
TINH_CHAU_SIGNS = {
    "issuer": "Ủy ban nhân dân xã Tịnh Châu",
    "governing_body": "",
    "symbol": "BC-UBND",
    "sign_form": "KT",
    "on_behalf": "CHỦ TỊCH",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signer_name": "Võ Quang Luận",
}


@pytest.fixture
def people(sample_figures: None) -> dict[str, Any]:
    tinh_chau = resolve_unit("xã Tịnh Châu, thành phố Quảng Ngãi", as_of=parse_period(PERIOD).end)
    son_nham = resolve_unit("xã Sơn Nham, huyện Sơn Hà", as_of=parse_period(PERIOD).end)
    users = get_user_model().objects
    officer = users.create_user("officer", password="x-Secret-123")
    outsider = users.create_user("outsider", password="x-Secret-123")
    viewer = users.create_user("viewer", password="x-Secret-123")
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, unit=tinh_chau)
    RoleAssignment.objects.create(user=outsider, role=Role.OFFICER, unit=son_nham)
    RoleAssignment.objects.create(user=viewer, role=Role.VIEWER, unit=tinh_chau.parent)
    return {"unit": tinh_chau, "officer": officer, "outsider": outsider, "viewer": viewer}


@pytest.mark.django_db
def test_the_officer_downloads_the_training_report(client, people):
    client.login(username="officer", password="x-Secret-123")
    response = client.get(f"/reports/{people['unit'].pk}/{PERIOD}/training.docx?unready=1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


@pytest.mark.django_db
def test_an_outsider_gets_404_for_both_pages(client, people):
    client.login(username="outsider", password="x-Secret-123")
    assert client.get(f"/reports/{people['unit'].pk}/{PERIOD}/training.docx").status_code == 404
    assert client.get(f"/reports/{people['unit'].pk}/{PERIOD}/").status_code == 404


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client, people):
    response = client.get(f"/reports/{people['unit'].pk}/{PERIOD}/")
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_the_officer_saves_a_section_and_sees_last_periods_text_offered(client, people):
    unit = people["unit"]
    NarrativeSection.objects.create(unit=unit, period="2023Q2", kind="kho_khan", text="Thiết bị còn thiếu.")
    client.login(username="officer", password="x-Secret-123")
    page = client.get(f"/reports/{unit.pk}/{PERIOD}/").content.decode()
    assert "Thiết bị còn thiếu." in page and "Tải báo cáo" in page
    response = client.post(f"/reports/{unit.pk}/{PERIOD}/", {"text_thuan_loi": "Nhìn chung tốt."})
    assert response.status_code == 302
    assert NarrativeSection.objects.get(unit=unit, period=PERIOD, kind="thuan_loi").text == "Nhìn chung tốt."


@pytest.mark.django_db
def test_a_viewer_reads_but_cannot_write(client, people):
    client.login(username="viewer", password="x-Secret-123")
    unit = people["unit"]
    assert client.get(f"/reports/{unit.pk}/{PERIOD}/").status_code == 200
    # the viewer sees the unit, so the page says «not allowed» and why (403), not «page not found»
    refused = client.post(f"/reports/{unit.pk}/{PERIOD}/", {"text_thuan_loi": "x"})
    assert refused.status_code == 403
    assert "Bạn không được sửa báo cáo của đơn vị này." in refused.content.decode()
    assert not NarrativeSection.objects.filter(unit=unit).exists()


@pytest.mark.django_db
def test_the_dti_download_explains_in_both_languages(client, people):
    client.login(username="officer", password="x-Secret-123")
    response = client.get(f"/reports/{people['unit'].pk}/2023/dti.docx")
    assert response.status_code == 422  # no DTI result of 2023: refused like an empty period
    assert "DTI" in response.content.decode()
    # a DTI report is a year's: a quarter has none to offer
    assert client.get(f"/reports/{people['unit'].pk}/{PERIOD}/dti.docx").status_code == 404


def _plan_with_tasks(unit: Unit) -> None:
    doc = Document.objects.create(
        unit=unit,
        doc_type="KH",
        number="37",
        symbol="KH-UBND",
        issued_on=dt.date(2023, 3, 18),
        issuer="UBND xã Tịnh Châu",
        subject="về chuyển đổi số năm 2023",
    )
    plan = Plan.objects.create(unit=unit, year=2023, document=doc)
    Task.objects.create(
        plan=plan,
        content="Số hóa hồ sơ hộ tịch",
        lead="Công chức Tư pháp - Hộ tịch",
        deadline=dt.date(2023, 11, 30),
    )
    Task.objects.create(
        plan=plan,
        content="Tập huấn kỹ năng số cho Tổ CNS cộng đồng.",
        deadline=dt.date(2023, 12, 31),
        status="done",
        done_on=dt.date(2023, 9, 1),
    )
    Task.objects.create(plan=plan, content="Đã đến hạn quý III", deadline=dt.date(2023, 9, 30))
    Task.objects.create(plan=plan, content="Hạn năm sau", deadline=dt.date(2024, 1, 15))


@pytest.mark.django_db
def test_the_plan_tasks_due_next_period_are_offered_for_phuong_huong(client, people):
    unit = people["unit"]
    _plan_with_tasks(unit)
    NarrativeSection.objects.create(unit=unit, period="2023Q2", kind="phuong_huong", text="Kỳ trước viết.")
    client.login(username="officer", password="x-Secret-123")
    page = client.get(f"/reports/{unit.pk}/{PERIOD}/").content.decode()
    offered = (
        "Nhiệm vụ theo Kế hoạch số 37/KH-UBND ngày 18/3/2023 của UBND xã Tịnh Châu về chuyển đổi số"
        " năm 2023 đến hạn trong quý IV/2023:\n"
        "- Số hóa hồ sơ hộ tịch (chủ trì: Công chức Tư pháp - Hộ tịch; hạn 30/11/2023);\n"
        "- Tập huấn kỹ năng số cho Tổ CNS cộng đồng (hạn 31/12/2023)."
    )
    assert f'name="text_phuong_huong" rows="6" cols="100">{offered}</textarea>' in page
    assert "Đã đến hạn quý III" not in page and "Hạn năm sau" not in page
    assert "Kỳ trước viết." in page  # last period's text stays visible beside the plan's tasks


@pytest.mark.django_db
def test_the_plan_tasks_are_only_offered_and_never_reach_the_report_unsaved(client, people):
    unit = people["unit"]
    _plan_with_tasks(unit)
    built = build_report("periodic", unit, parse_period(PERIOD))
    assert "Số hóa hồ sơ hộ tịch" not in built.narrative
    client.login(username="officer", password="x-Secret-123")
    page = client.get(f"/reports/{unit.pk}/{PERIOD}/").content.decode()
    client.post(f"/reports/{unit.pk}/{PERIOD}/", {"text_phuong_huong": "- Số hóa hồ sơ hộ tịch."})
    built = build_report("periodic", unit, parse_period(PERIOD))
    assert "# Phương hướng, nhiệm vụ quý IV/2023\n- Số hóa hồ sơ hộ tịch." in built.narrative
    assert "Số hóa hồ sơ hộ tịch" in page


@pytest.mark.django_db
def test_a_unit_without_a_plan_is_offered_last_periods_text_only(people):
    unit = people["unit"]
    NarrativeSection.objects.create(unit=unit, period="2023Q2", kind="phuong_huong", text="Kỳ trước viết.")
    draft = drafts_for(unit, parse_period(PERIOD))["phuong_huong"]
    assert (draft["plan"], draft["previous"]) == ("", "Kỳ trước viết.")
    assert next_period(parse_period("2023")).code == "2024"
    assert next_period(parse_period("2023S2")).code == "2024S1"
    assert next_period(parse_period("2023-12")).code == "2024-01"


@pytest.mark.django_db
def test_the_draft_link_builds_with_unapproved_values_and_says_du_thao(client, people):
    import io

    from docx import Document as Docx

    from cds.values.models import DataValue
    from cds.values.services import Actor, change_status

    unit = people["unit"]
    value = DataValue.objects.filter(
        unit=unit, period=PERIOD, indicator__code="training.guidance_residents"
    ).get()
    change_status([value], "reopen", Actor("test", "manual"), reason="kiểm tra lại")
    client.login(username="officer", password="x-Secret-123")
    page = client.get(f"/reports/{unit.pk}/{PERIOD}/").content.decode()
    assert 'name="include_unapproved" value="1"' in page  # the draft switch of the report form
    official = client.get(f"/reports/{unit.pk}/{PERIOD}/training.docx?unready=1")
    assert "du-thao" not in official["Content-Disposition"]
    draft = client.get(f"/reports/{unit.pk}/{PERIOD}/training.docx?include_unapproved=1&unready=1")
    assert draft.status_code == 200 and "du-thao" in draft["Content-Disposition"]
    texts = [p.text for p in Docx(io.BytesIO(draft.content)).paragraphs]
    assert "DỰ THẢO" in texts and "SỐ LIỆU CHƯA ĐƯỢC DUYỆT TRONG DỰ THẢO" in texts


@pytest.mark.django_db
def test_a_report_that_fails_its_check_is_not_downloaded_and_the_page_says_why(client, people):
    city = people["unit"].parent  # the viewer's scope
    client.login(username="viewer", password="x-Secret-123")
    response = client.get(f"/reports/{city.pk}/{PERIOD}/consolidated.docx?unready=1")
    if response.status_code == 200:  # once rolled-up sentences carry "theo số liệu của …"
        assert response.content[:2] == b"PK"
        return
    body = response.content.decode()
    assert response.status_code == 400 and "Báo cáo tự mâu thuẫn, không ghi tệp" in body
    assert "theo số liệu của" in body and "not written" in body


# --- the reports page (issue 14 item 8) -------------------------------------------------------------


def _province_viewer(people: dict[str, Any]) -> Unit:
    province = people["unit"].parent.parent
    user = get_user_model().objects.create_user("province", password="x-Secret-123")
    RoleAssignment.objects.create(user=user, role=Role.VIEWER, unit=province)
    return province


def _offered(page: str, unit: Unit, period: str) -> set[str]:
    import re

    return set(re.findall(rf'formaction="/reports/{unit.pk}/{period}/(\w+)\.docx"', page))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "period", "kinds", "refused"),
    [
        ("commune", "2023Q3", {"periodic", "training"}, {"consolidated", "dti"}),
        ("commune", "2023", {"periodic", "training", "dti"}, {"consolidated"}),
        ("province", "2023", {"periodic", "consolidated", "dti"}, {"training"}),
    ],
)
def test_the_page_offers_only_the_report_types_of_the_units_level(
    client, people, who, period, kinds, refused
):
    if who == "commune":
        unit = people["unit"]
        client.login(username="officer", password="x-Secret-123")
    else:
        unit = _province_viewer(people)
        client.login(username="province", password="x-Secret-123")
    page = client.get(f"/reports/{unit.pk}/{period}/").content.decode()
    offered = _offered(page, unit, period)
    missing = {k for k in kinds if k not in offered}
    # a kind without any figure is listed with the reason instead of download buttons
    assert offered <= kinds and (offered | missing) == kinds
    for kind in refused:
        assert client.get(f"/reports/{unit.pk}/{period}/{kind}.docx").status_code == 404


@pytest.mark.django_db
def test_past_periods_are_in_the_selector_and_choosing_one_opens_its_page(client, people):
    unit = people["unit"]
    client.login(username="officer", password="x-Secret-123")
    page = client.get(f"/reports/{unit.pk}/{PERIOD}/").content.decode()
    assert '<option value="2022">năm 2022</option>' in page and '<option value="2023Q3" selected>' in page
    assert '<option value="2024S1">' in page
    response = client.get(f"/reports/{unit.pk}/?period=2022Q4")
    assert response.status_code == 302 and response["Location"] == f"/reports/{unit.pk}/2022Q4/"


@pytest.mark.django_db
def test_an_empty_period_says_what_is_missing_instead_of_an_empty_report(client, people):
    unit = people["unit"]
    client.login(username="officer", password="x-Secret-123")
    page = client.get(f"/reports/{unit.pk}/2022Q1/").content.decode()
    assert "Chưa có số liệu nào của Xã Tịnh Châu cho quý I/2022" in page
    assert 'formaction="/reports/' not in page or "periodic.docx" not in page
    response = client.get(f"/reports/{unit.pk}/2022Q1/periodic.docx")
    assert response.status_code == 422
    assert "Chưa có số liệu nào của Xã Tịnh Châu cho quý I/2022" in response.content.decode()


@pytest.mark.django_db
def test_the_front_matter_fields_reach_the_docx(client, people):
    import io

    from docx import Document as Docx

    unit = people["unit"]
    client.login(username="officer", password="x-Secret-123")
    page = client.get(f"/reports/{unit.pk}/{PERIOD}/").content.decode()
    assert 'name="date" value="30/9/2023"' in page  # the end of the period, not today
    assert 'value="Ủy ban nhân dân xã Tịnh Châu"' in page
    response = client.get(
        f"/reports/{unit.pk}/{PERIOD}/training.docx",
        TINH_CHAU_SIGNS
        | {
            "number": "193",
            "date": "21/9/2023",
            "recipients": "Phòng VH TT thành phố\nCT, các PCT UBND xã\nLưu: VT, HS",
            "provenance": "none",
            "unready": "1",
        },
    )
    assert response.status_code == 200
    doc = Docx(io.BytesIO(response.content))
    number, date = (c.text.strip() for c in doc.tables[0].rows[1].cells)
    assert number == "Số: 193/BC-UBND" and date == "Tịnh Châu, ngày 21 tháng 9 năm 2023"
    sign = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    left, right = sign.rows[0].cells
    assert [p.text for p in left.paragraphs[1:]] == [
        "- Phòng VH TT thành phố;",
        "- CT, các PCT UBND xã;",
        "- Lưu: VT, HS.",
    ]
    assert [p.text for p in right.paragraphs if p.text] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Võ Quang Luận"]


@pytest.mark.django_db
def test_the_kinh_gui_field_reaches_the_docx_and_copies_begin_nhu_tren(client, people):
    import io

    from docx import Document as Docx

    unit = people["unit"]
    client.login(username="officer", password="x-Secret-123")
    page = client.get(f"/reports/{unit.pk}/{PERIOD}/").content.decode()
    assert 'name="addressees"' in page
    response = client.get(
        f"/reports/{unit.pk}/{PERIOD}/training.docx",
        {"addressees": "UBND thành phố Quảng Ngãi", "recipients": "Phòng VH TT thành phố", "unready": "1"},
    )
    assert response.status_code == 200
    doc = Docx(io.BytesIO(response.content))
    assert "Kính gửi: UBND thành phố Quảng Ngãi" in [p.text for p in doc.paragraphs]
    sign = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    assert [p.text for p in sign.rows[0].cells[0].paragraphs[1:]] == [
        "- Như trên;",
        "- Phòng VH TT thành phố;",
        "- Lưu: VT.",
    ]


@pytest.mark.django_db
def test_provenance_separate_on_the_web_is_a_zip_with_both_files(client, people):
    import io
    import zipfile

    unit = people["unit"]
    client.login(username="officer", password="x-Secret-123")
    response = client.get(
        f"/reports/{unit.pk}/{PERIOD}/training.docx", {"provenance": "separate", "unready": "1"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == sorted(
        [
            f"bao-cao-training-{unit.code}-{PERIOD}.docx",
            f"bao-cao-training-{unit.code}-{PERIOD}-nguon-so-lieu.docx",
        ]
    )


@pytest.mark.django_db
def test_the_page_switches_to_english(client, people):
    from django.conf import settings

    unit = people["unit"]
    client.login(username="officer", password="x-Secret-123")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/reports/{unit.pk}/2022Q1/").content.decode()
    for english in (
        "Reporting period",
        "Issuing body",
        "Signing form",
        "Recipients (one a line)",
        "Download",
    ):
        assert english in page
    assert "No values of Xã Tịnh Châu for Q1 2022" in page
    assert "Cơ quan ban hành" not in page and "Hình thức ký" not in page


@pytest.mark.django_db
def test_the_pdf_download_is_a_pdf(client, people):
    from cds.reports.pdf import soffice

    assert soffice() is not None, "LibreOffice is part of the set-up (scripts/system_packages.sh)"
    unit = people["unit"]
    client.login(username="officer", password="x-Secret-123")
    response = client.get(f"/reports/{unit.pk}/{PERIOD}/training.pdf?unready=1")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"


@pytest.mark.django_db
def test_the_officer_saves_the_units_defaults_from_a_period_on_and_a_viewer_cannot(client, people):
    import io

    from docx import Document as Docx

    from cds.reports.models import IssuerProfile

    unit = people["unit"]
    client.login(username="viewer", password="x-Secret-123")
    assert client.get(f"/reports/{unit.pk}/{PERIOD}/defaults/").status_code == 403
    client.login(username="officer", password="x-Secret-123")
    form = client.get(f"/reports/{unit.pk}/{PERIOD}/defaults/").content.decode()
    assert 'name="signer_title" value="PHÓ CHỦ TỊCH"' in form
    response = client.post(
        f"/reports/{unit.pk}/{PERIOD}/defaults/",
        TINH_CHAU_SIGNS | {"recipients": "Phòng VH TT thành phố\nLưu: VT, HS"},
    )
    assert response.status_code == 302
    stored = IssuerProfile.objects.get(unit=unit)
    assert stored.valid_from == dt.date(2023, 7, 1) and stored.signer_name == "Võ Quang Luận"
    page = client.get(f"/reports/{unit.pk}/{PERIOD}/").content.decode()
    assert 'name="signer_name" value="Võ Quang Luận"' in page
    doc = Docx(io.BytesIO(client.get(f"/reports/{unit.pk}/{PERIOD}/training.docx?unready=1").content))
    sign = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    left, right = sign.rows[0].cells
    assert [p.text for p in left.paragraphs[1:]] == ["- Phòng VH TT thành phố;", "- Lưu: VT, HS."]
    assert "Võ Quang Luận" in [p.text for p in right.paragraphs]
    # an earlier period keeps the defaults it had
    earlier = client.get(f"/reports/{unit.pk}/2023Q2/").content.decode()
    assert 'name="signer_name" value=""' in earlier


@pytest.mark.django_db
def test_the_pdf_is_found_only_in_scope(client, people):
    from cds.reports.pdf import soffice

    unit = people["unit"]
    client.login(username="outsider", password="x-Secret-123")
    assert client.get(f"/reports/{unit.pk}/{PERIOD}/training.pdf").status_code == 404
    client.logout()
    assert client.get(f"/reports/{unit.pk}/{PERIOD}/training.pdf").status_code == 302  # to the login page
    assert soffice() is not None, "LibreOffice is part of the set-up (scripts/system_packages.sh)"
    client.login(username="viewer", password="x-Secret-123")  # the city's viewer: in scope
    response = client.get(f"/reports/{unit.pk}/{PERIOD}/training.pdf?unready=1")
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"


# --- not ready to sign; the DTI report on an empty period (issue 14, web) -----------------------------


@pytest.mark.django_db
def test_a_report_with_empty_unit_written_sections_says_it_is_not_ready_to_sign_before_the_download(
    client, people
):
    unit = people["unit"]
    client.login(username="officer", password="x-Secret-123")
    url = f"/reports/{unit.pk}/{PERIOD}/periodic.docx?number=12"
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    # the same check as `cds report build`/`check`: every empty section named
    assert "Báo cáo chưa sẵn sàng ký: 6 phần còn trống" in page
    assert "phần «1. Thuận lợi» do đơn vị tự viết còn trống" in page
    assert "phần «V. Đề xuất, kiến nghị» do đơn vị tự viết còn trống" in page
    # the file is still there, one deliberate click away, with the same fields
    assert f'href="/reports/{unit.pk}/{PERIOD}/periodic.docx?number=12&amp;unready=1"' in page
    response = client.get(url + "&unready=1")
    assert response.status_code == 200 and response.content[:2] == b"PK"


@pytest.mark.django_db
def test_the_not_ready_warning_is_in_english_too(client, people):
    unit = people["unit"]
    client.login(username="officer", password="x-Secret-123")
    client.cookies["django_language"] = "en"
    page = client.get(f"/reports/{unit.pk}/{PERIOD}/periodic.pdf").content.decode()
    assert "Not ready to sign: 6 sections empty" in page
    assert "the unit-written section «1. Thuận lợi» is still empty" in page
    assert "chưa sẵn sàng" not in page


@pytest.mark.django_db
def test_a_report_with_every_section_written_and_a_signer_downloads_directly(client, people):
    from cds.reports.models import SectionKind
    from cds.reports.narrative import save_sections

    unit = people["unit"]
    save_sections(unit, parse_period(PERIOD), {k: "Nội dung do xã viết." for k in SectionKind.values})
    client.login(username="officer", password="x-Secret-123")
    # Tịnh Châu has no stored signer: the name typed on the page (without one the page says so first)
    response = client.get(f"/reports/{unit.pk}/{PERIOD}/periodic.docx", {"signer_name": "Võ Quang Luận"})
    assert response.status_code == 200 and response.content[:2] == b"PK"


@pytest.mark.django_db
def test_the_dti_report_of_a_year_without_results_says_so_like_the_other_types(client, people):
    unit = people["unit"]
    client.login(username="officer", password="x-Secret-123")
    message = "Chưa có kết quả DTI năm 2023 của các xã thuộc Thành phố Quảng Ngãi"
    page = client.get(f"/reports/{unit.pk}/2023/").content.decode()
    assert message in page and f"/reports/{unit.pk}/2023/dti.docx" not in page
    response = client.get(f"/reports/{unit.pk}/2023/dti.docx")
    assert response.status_code == 422 and message in response.content.decode()


@pytest.mark.django_db
def test_each_unit_written_section_says_which_reports_print_it(client, people):
    """The DTI report takes no «Thuận lợi / Khó khăn / Nguyên nhân» of the periodic report (its
    assessment is the unit's own DTI result): the page says, per section, which reports print it,
    in both languages, and a label never parts from its field on a phone (``.pair``)."""
    import re

    unit = people["unit"]
    client.login(username="officer", password="x-Secret-123")
    page = client.get(f"/reports/{unit.pk}/2023/").content.decode()

    def uses(label: str) -> str:
        after = page.split(f">{label}</label>", 1)[1]
        found = re.search(r'<p class="uses"><small>(.*?)</small></p>', after)
        assert found is not None, after
        return found.group(1)

    periodic, dti = "Báo cáo kết quả chuyển đổi số", "Báo cáo kết quả chỉ số DTI"
    assert periodic in uses("Khó khăn, hạn chế") and dti not in uses("Khó khăn, hạn chế")
    assert periodic in uses("Giải pháp") and dti in uses("Giải pháp")
    assert '<span class="pair"><label for="on_behalf">' in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/reports/{unit.pk}/2023/").content.decode()
    assert "Printed in: Digital transformation report" in page and "In trong" not in page


@pytest.mark.django_db
def test_the_pages_kinh_bao_and_month_only_date_reach_the_docx_as_the_cli_fills_them(client, people):
    """Samples 000 and 003: «kính báo Phòng Văn hóa thông tin tổng hợp theo quy định./.» and
    «ngày … tháng 10 năm 2023» — the page has the fields `cds report build --report-to/--date 10/2023` has."""
    import io

    from docx import Document as Docx

    unit = people["unit"]
    client.login(username="officer", password="x-Secret-123")
    page = client.get(f"/reports/{unit.pk}/{PERIOD}/").content.decode()
    assert 'name="report_to"' in page
    params = {"report_to": "Phòng Văn hóa thông tin", "date": "10/2023", "unready": "1"}
    response = client.get(f"/reports/{unit.pk}/{PERIOD}/training.docx", params)
    assert response.status_code == 200, response.content.decode()[:2000]
    doc = Docx(io.BytesIO(response.content))
    assert doc.tables[0].rows[1].cells[1].text.strip().endswith("ngày      tháng 10 năm 2023")
    closing = next(p.text for p in doc.paragraphs if p.text.startswith("Trên đây là báo cáo"))
    assert closing.endswith("kính báo Phòng Văn hóa thông tin tổng hợp theo quy định./."), closing
    # a month that is not one is said, not a 500
    response = client.get(f"/reports/{unit.pk}/{PERIOD}/training.docx", {"date": "13/2023", "unready": "1"})
    assert response.status_code == 400 and "Tháng không hợp lệ: 13/2023" in response.content.decode()


@pytest.mark.django_db
def test_a_report_without_a_signers_name_says_so_before_the_download_in_both_languages(client, people):
    from cds.reports.models import SectionKind
    from cds.reports.narrative import save_sections

    unit = people["unit"]
    save_sections(unit, parse_period(PERIOD), {k: "Nội dung do xã viết." for k in SectionKind.values})
    client.login(username="officer", password="x-Secret-123")
    url = f"/reports/{unit.pk}/{PERIOD}/periodic.docx"
    page = client.get(url, {"signer_name": ""}).content.decode()
    assert "Chưa có họ và tên người ký: " in page and "phần còn trống" not in page
    assert f'href="/reports/{unit.pk}/{PERIOD}/periodic.docx?signer_name=&amp;unready=1"' in page
    client.cookies["django_language"] = "en"
    page = client.get(url, {"signer_name": ""}).content.decode()
    assert "The name of the signer is missing: " in page and "Chưa có họ và tên" not in page
    response = client.get(url, {"signer_name": "Võ Quang Luận"})
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_the_period_list_opens_on_the_latest_ended_period_the_longest_first_on_one_end(units):
    """QA of the demo (6/12/2026): the reports page opened on «6 tháng đầu năm 2026», listed before
    «quý III/2026», which ended three months later."""
    import datetime as dt

    from cds.reports.availability import report_periods
    from cds.units.services import resolve_unit

    commune = resolve_unit("xã Tịnh Khê, tỉnh Quảng Ngãi", era="current")
    labels = [p.label_vi for p in report_periods(commune, today=dt.date(2026, 12, 6))]
    assert labels[:5] == ["quý III/2026", "6 tháng đầu năm 2026", "quý II/2026", "quý I/2026", "năm 2025"]
    assert labels[5:8] == ["6 tháng cuối năm 2025", "quý IV/2025", "quý III/2025"]


@pytest.mark.django_db
def test_a_period_outside_the_data_years_is_refused_in_the_readers_language(client, people):
    client.login(username="officer", password="x-Secret-123")
    url = f"/reports/{people['unit'].pk}/1990Q1/"
    vietnamese = client.get(url)
    assert vietnamese.status_code == 404
    assert "Kỳ báo cáo không hợp lệ, hoặc nằm ngoài các năm có số liệu." in vietnamese.content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "The reporting period is not valid, or it is outside the years with data." in english
    assert "outside the data years" not in english  # the developer's words are gone
