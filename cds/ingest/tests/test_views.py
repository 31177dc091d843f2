"""The pages: upload an old report, review proposals beside their sentences, decide, import."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cds.ingest.first_reads import unseen_share
from cds.ingest.models import IngestedReport, Proposal
from cds.values.models import DataValue

from .test_services import REPORT

pytestmark = pytest.mark.django_db


def _upload(client: Any, unit: Any, text: str = REPORT) -> Any:
    upload = SimpleUploadedFile("bao-cao-2024.txt", text.encode(), content_type="text/plain")
    return client.post("/ingest/", {"unit": unit.pk, "file": upload, "period": ""})


def _goal_under_review(client: Any, unit: Any) -> tuple[IngestedReport, Proposal, str]:
    """A report whose one goal («phấn đấu đạt 80% hồ sơ trực tuyến» in 2024) ``client`` uploaded:
    the report, the goal's proposal and the review page as ``client`` sees it."""
    _upload(client, unit, REPORT + "Năm 2024, phấn đấu đạt 80% hồ sơ trực tuyến.\n")
    report = IngestedReport.objects.get()
    target = report.proposals.get(kind=Proposal.Kind.TARGET)
    return report, target, client.get(f"/ingest/{report.pk}/").content.decode()


def test_an_officer_uploads_reviews_accepts_and_imports(as_officer: Any, tree: dict) -> None:
    response = _upload(as_officer, tree["a"])
    report = IngestedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ingest/{report.pk}/"
    page = as_officer.get(f"/ingest/{report.pk}/").content.decode()
    assert "Toàn xã có 5 tổ công nghệ số cộng đồng thôn với 40 thành viên." in page
    assert "Số Tổ CNSCĐ cấp thôn, tổ dân phố = 5" in page  # the indicator's name, never its code
    assert "Chưa khớp chỉ tiêu: 12" in page  # what was not understood is shown too
    teams = report.proposals.get(indicator_code="teams.village_teams")
    response = as_officer.post(
        f"/ingest/{report.pk}/proposals/{teams.pk}/", {"action": "accept", "reason": "đúng"}
    )
    assert response.status_code == 302
    teams.refresh_from_db()
    assert teams.status == "accepted"
    response = as_officer.post(f"/ingest/{report.pk}/import/", follow=True)
    assert "Đã nhập: 1 số liệu mới" in response.content.decode()
    value = DataValue.objects.get(unit=tree["a"], indicator__code="teams.village_teams")
    assert value.source_ref == "báo cáo bao-cao-2024.txt, đoạn 3"


def test_the_review_page_says_in_its_language_that_proposals_are_suggestions_and_how_often_they_are_right(
    as_officer: Any, tree: dict
) -> None:
    _upload(as_officer, tree["a"])
    report = IngestedReport.objects.get()
    page = as_officer.get(f"/ingest/{report.pk}/").content.decode()
    notice = page[page.index('id="goi-y"') : page.index("</section>", page.index('id="goi-y"'))]
    share = unseen_share()
    assert (share.right, share.proposed) == (22, 51)  # the shipped reader's first reads, data/first_reads.csv
    assert "gợi ý của máy đọc, chưa phải số liệu" in notice and "đối chiếu từng số với câu trích" in notice
    assert "chỉ 22/51 đề xuất (43,1%) là đúng" in notice and "suggestions" not in notice
    assert page.index('id="goi-y"') < page.index('id="import"')  # read before the import button
    assert "checked" not in page and "accept-all" not in page  # nothing ticked in advance, no bulk accept
    as_officer.cookies["django_language"] = "en"
    page = as_officer.get(f"/ingest/{report.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    notice = page[page.index('id="goi-y"') : page.index("</section>", page.index('id="goi-y"'))]
    assert "suggestions, not figures" in notice and "check each one against the quoted sentence" in notice
    assert "only 22 of 51 proposals (43,1%) were right" in notice and "đề xuất" not in notice


def test_a_bad_upload_comes_back_with_the_reason_in_words(as_officer: Any, tree: dict) -> None:
    upload = SimpleUploadedFile("hong.docx", b"PK\x03\x04 broken", content_type="application/octet-stream")
    response = as_officer.post("/ingest/", {"unit": tree["a"].pk, "file": upload})
    assert response.status_code == 200
    assert "không phải văn bản Word .docx hợp lệ" in response.content.decode()
    assert not IngestedReport.objects.exists()


def test_another_units_people_never_find_the_report_or_its_proposals(
    as_officer: Any, tree: dict, client: Any, outsider: Any
) -> None:
    _upload(as_officer, tree["a"])
    report = IngestedReport.objects.get()
    proposal = report.proposals.first()
    client.force_login(outsider)
    assert client.get(f"/ingest/{report.pk}/").status_code == 404
    assert (
        client.post(f"/ingest/{report.pk}/proposals/{proposal.pk}/", {"action": "accept"}).status_code == 404
    )
    assert client.post(f"/ingest/{report.pk}/import/").status_code == 404
    assert Proposal.objects.filter(status="accepted").count() == 0
    assert "bao-cao-2024.txt" not in client.get("/ingest/").content.decode()


def test_the_review_page_is_in_english_on_the_switch(as_officer: Any, tree: dict) -> None:
    _upload(as_officer, tree["a"])
    report = IngestedReport.objects.get()
    as_officer.cookies["django_language"] = "en"
    page = as_officer.get(f"/ingest/{report.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Import the accepted proposals" in page
    assert "paragraph 3" in page
    assert "Nhập các đề xuất" not in page


def test_the_review_page_shows_a_team_and_a_target_apart_from_the_figures(
    as_officer: Any, tree: dict
) -> None:
    text = REPORT + (
        "Đã thành lập Tổ Công nghệ số cộng đồng xã An với 9 thành viên (Quyết định số 55/QĐ-UBND, ngày 15/9/2022).\n"
        "Năm 2024, phấn đấu đạt 80% hồ sơ trực tuyến.\n"
    )
    _upload(as_officer, tree["a"], text)
    report = IngestedReport.objects.get()
    page = as_officer.get(f"/ingest/{report.pk}/").content.decode()
    assert (
        "Tổ công nghệ số cộng đồng: Tổ Công nghệ số cộng đồng xã An (thành lập 15/9/2022, 9 thành viên)"
        in page
    )
    assert "Chỉ tiêu phấn đấu: Tỷ lệ hồ sơ trực tuyến = 80%" in page
    target = report.proposals.get(kind=Proposal.Kind.TARGET)
    assert f'action="/ingest/{report.pk}/proposals/{target.pk}/"' in page


def test_the_upload_takes_a_news_item_s_publication_day_and_dates_den_nay_by_it(
    as_officer: Any, tree: dict
) -> None:
    text = "UBND XÃ AN\nĐến nay, toàn xã hiện có 25 tổ công nghệ số cộng đồng.\n"
    upload = SimpleUploadedFile("tin-xa-an.txt", text.encode(), content_type="text/plain")
    response = as_officer.post("/ingest/", {"unit": tree["a"].pk, "file": upload, "published": "14/1/2026"})
    assert response.status_code == 302
    teams = IngestedReport.objects.get().proposals.get(value_text="25")
    assert teams.period_code == "2026-01"


def test_a_publication_day_that_is_not_a_date_comes_back_in_words(as_officer: Any, tree: dict) -> None:
    upload = SimpleUploadedFile("tin-xa-an.txt", b"UBND XA AN\n", content_type="text/plain")
    response = as_officer.post("/ingest/", {"unit": tree["a"].pk, "file": upload, "published": "hôm qua"})
    assert response.status_code == 200
    assert "không đọc được ngày" in response.content.decode()
    assert not IngestedReport.objects.exists()


def test_the_upload_form_labels_the_publication_day_in_english_on_the_switch(as_officer: Any) -> None:
    as_officer.cookies["django_language"] = "en"
    page = as_officer.get("/ingest/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Publication date" in page
    assert "Ngày đăng" not in page


def test_the_unit_s_supervisor_sets_a_report_s_goal_in_the_targets_register_from_the_review_page(
    as_supervisor: Any, tree: dict
) -> None:
    from cds.catalog.models import Target

    report, target, page = _goal_under_review(as_supervisor, tree["a"])
    assert "Đặt vào sổ chỉ tiêu" in page
    as_supervisor.post(f"/ingest/{report.pk}/proposals/{target.pk}/", {"action": "accept"})
    response = as_supervisor.post(f"/ingest/{report.pk}/import/", follow=True)
    assert "1 chỉ tiêu đặt" in response.content.decode()
    assert Target.objects.get(unit=tree["a"]).value == 80


def test_an_officer_is_not_offered_to_set_a_target(as_officer: Any, tree: dict) -> None:
    _report, _target, page = _goal_under_review(as_officer, tree["a"])
    assert "Chỉ tiêu phấn đấu" in page and "Đặt vào sổ chỉ tiêu" not in page


def test_the_unit_s_supervisor_corrects_a_goal_s_value_on_the_review_page_and_sets_the_corrected_one(
    as_supervisor: Any, tree: dict
) -> None:
    from cds.catalog.models import Target

    report, target, page = _goal_under_review(as_supervisor, tree["a"])
    form = page[page.index(f"/proposals/{target.pk}/") :]
    assert 'value="edit"' in form[: form.index("</form>")]  # the «Sửa» box, as for other proposals
    as_supervisor.post(
        f"/ingest/{report.pk}/proposals/{target.pk}/", {"action": "edit", "value": "85%", "reason": "sửa"}
    )
    as_supervisor.post(f"/ingest/{report.pk}/import/")
    assert Target.objects.get(unit=tree["a"]).value == 85


def test_an_officer_is_not_offered_to_correct_a_goal(as_officer: Any, tree: dict) -> None:
    _report, target, page = _goal_under_review(as_officer, tree["a"])
    form = page[page.index(f"/proposals/{target.pk}/") :]
    assert 'value="edit"' not in form[: form.index("</form>")]


def test_a_figure_not_understood_is_shown_as_such_with_the_indicator_it_may_be(
    as_officer: Any, tree: dict
) -> None:
    text = REPORT.replace(
        "Xã có 12 máy bơm",
        "Trung tâm đã tiếp nhận 2.007 hồ sơ trực tuyến, chiếm 88,6%. Xã có 12 máy bơm",
    )
    _upload(as_officer, tree["a"], text)
    report = IngestedReport.objects.get()
    unsure = report.proposals.get(value_text="88,6%")
    assert unsure.kind == Proposal.Kind.UNMATCHED and unsure.indicator_code
    page = as_officer.get(f"/ingest/{report.pk}/").content.decode()
    assert "Chưa hiểu: 88,6% (có thể là " in page  # listed for a person, not proposed as a figure
    as_officer.cookies["django_language"] = "en"
    page = as_officer.get(f"/ingest/{report.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not understood: 88,6% (perhaps " in page


UNSURE = REPORT.replace(
    "Xã có 12 máy bơm",
    "Trung tâm đã tiếp nhận 2.007 hồ sơ trực tuyến, chiếm 88,6%. Xã có 12 máy bơm",
)


def _section(page: str, heading: str) -> str:
    """The part of the page from ``heading`` to the next section's end."""
    start = page.index(heading)
    return page[start : page.index("</section>", start)]


def test_the_review_page_lists_the_not_understood_apart_from_the_unmatched_with_a_count_at_the_top(
    as_officer: Any, tree: dict
) -> None:
    _upload(as_officer, tree["a"], UNSURE)
    report = IngestedReport.objects.get()
    page = as_officer.get(f"/ingest/{report.pk}/").content.decode()
    proposed = report.proposals.filter(kind="value").count()
    assert f"{proposed} số liệu đề xuất, 1 chưa hiểu, 1 không khớp chỉ tiêu nào" in page
    unsure = _section(page, 'id="chua-hieu"')
    assert "88,6%" in unsure and "máy bơm" not in unsure  # the pumps matched nothing: not here
    assert "Trung tâm đã tiếp nhận 2.007 hồ sơ trực tuyến, chiếm 88,6%." in unsure  # quoted
    suggestion = report.proposals.get(value_text="88,6%").indicator_code
    assert f'name="indicator" value="{suggestion}"' in unsure  # the indicator it may be, to confirm
    unmatched = _section(page, 'id="khong-khop"')
    assert "Xã có 12 máy bơm nước phục vụ sản xuất." in unmatched and "88,6%" not in unmatched
    as_officer.cookies["django_language"] = "en"
    page = as_officer.get(f"/ingest/{report.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{proposed} figures proposed, 1 not understood, 1 matching no indicator" in page
    assert "Not understood" in _section(page, 'id="chua-hieu"')
    assert "Matching no indicator" in _section(page, 'id="khong-khop"')
    assert "chưa hiểu" not in page.lower() and "không khớp" not in page.lower()


def test_a_figure_not_understood_mapped_by_hand_becomes_a_proposal_and_is_imported(
    as_officer: Any, tree: dict
) -> None:
    _upload(as_officer, tree["a"], UNSURE)
    report = IngestedReport.objects.get()
    unsure = report.proposals.get(value_text="88,6%")
    response = as_officer.post(
        f"/ingest/{report.pk}/proposals/{unsure.pk}/",
        {"action": "edit", "indicator": "dvc.online_services_rate", "period": "2024", "reason": "đọc lại"},
    )
    assert response.status_code == 302
    unsure.refresh_from_db()
    assert (unsure.kind, unsure.status, unsure.indicator_code) == (
        "value",
        "edited",
        "dvc.online_services_rate",
    )
    page = as_officer.get(f"/ingest/{report.pk}/").content.decode()
    assert "0 chưa hiểu" in page


def test_accepting_the_suggested_indicator_of_a_figure_not_understood_makes_it_a_figure_to_import(
    as_officer: Any, tree: dict
) -> None:
    _upload(as_officer, tree["a"], UNSURE)
    report = IngestedReport.objects.get()
    unsure = report.proposals.get(value_text="88,6%")
    as_officer.post(f"/ingest/{report.pk}/proposals/{unsure.pk}/", {"action": "accept"})
    unsure.refresh_from_db()
    assert (unsure.kind, unsure.status) == ("value", "accepted")  # imported with the others, not lost


def test_a_news_item_known_to_be_published_in_a_month_dates_its_days_without_a_year(
    as_officer: Any, tree: dict
) -> None:
    text = "ỦY BAN NHÂN DÂN XÃ AN\nTính đến 8-5, toàn xã có 5 tổ công nghệ số cộng đồng thôn.\n"
    upload = SimpleUploadedFile("tin.txt", text.encode(), content_type="text/plain")
    response = as_officer.post(
        "/ingest/", {"unit": tree["a"].pk, "file": upload, "period": "", "published": "tháng 5/2023"}
    )
    assert response.status_code == 302
    teams = Proposal.objects.get(indicator_code="teams.village_teams")
    assert teams.period_code == "2023-05-08..2023-05-08"
    upload = SimpleUploadedFile("tin2.txt", text.encode(), content_type="text/plain")
    response = as_officer.post(
        "/ingest/", {"unit": tree["a"].pk, "file": upload, "period": "", "published": "quý II/2023"}
    )
    assert response.status_code == 200 and "không đọc được ngày" in response.content.decode()
