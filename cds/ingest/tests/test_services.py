"""From an old report to imported values: proposals stored with their sentences, decided by a
person, imported through the one writer of values with the report as their source."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from cds.ingest import services
from cds.ingest.models import IngestedReport, Proposal
from cds.lib.errors import InputError
from cds.values.models import DataValue
from cds.values.services import Actor

pytestmark = pytest.mark.django_db

REPORT = """ỦY BAN NHÂN DÂN XÃ AN
BÁO CÁO Kết quả thực hiện chuyển đổi số năm 2024
Toàn xã có 5 tổ công nghệ số cộng đồng thôn với 40 thành viên.
Thực hiện Kế hoạch số 38/KH-UBND ngày 14/3/2024 của UBND xã An về chuyển đổi số năm 2024.
Xã có 12 máy bơm nước phục vụ sản xuất.
"""


def _ingest(unit: Any, user: Any = None, text: str = REPORT) -> IngestedReport:
    return services.ingest(text.encode(), "bao-cao-2024.txt", unit, user)


def test_a_report_becomes_proposals_each_with_its_sentence_and_place(tree: dict, officer: Any) -> None:
    report = _ingest(tree["a"], officer)
    assert (report.issuer_text, report.period_code) == ("ỦY BAN NHÂN DÂN XÃ AN", "2024")
    values = {p.indicator_code: p for p in report.proposals.filter(kind="value")}
    assert values["teams.village_teams"].value_text == "5"
    assert values["teams.village_teams"].where_vi == "đoạn 3"
    assert values["teams.village_teams"].sentence.startswith("Toàn xã có 5 tổ")
    assert values["institution.annual_plan_issued_on"].parsed == "2024-03-14"
    assert [p.value_text for p in report.proposals.filter(kind="unmatched")] == ["12"]
    assert [p.citation["reference"] for p in report.proposals.filter(kind="document")] == ["38/KH-UBND"]
    assert (report.matched, report.numeric) == (3, 4)  # 5 teams, 40 members, the plan's date; 12 pumps


def test_the_same_file_again_is_the_same_report_and_proposes_nothing_new(tree: dict, officer: Any) -> None:
    first = _ingest(tree["a"], officer)
    count = Proposal.objects.count()
    again = _ingest(tree["a"], officer)
    assert again.pk == first.pk
    assert Proposal.objects.count() == count


def test_a_report_of_another_unit_is_refused(tree: dict, officer: Any) -> None:
    with pytest.raises(InputError) as caught:
        _ingest(tree["a"], officer, REPORT.replace("XÃ AN", "XÃ BÌNH"))
    assert "không phải của Xã An" in caught.value.vi
    assert not IngestedReport.objects.exists()


def test_a_person_cannot_read_a_report_into_a_unit_outside_their_scope(tree: dict, outsider: Any) -> None:
    with pytest.raises(InputError) as caught:
        _ingest(tree["a"], outsider)
    assert "không có quyền" in caught.value.vi


def test_accepted_figures_are_imported_with_the_report_as_their_source_once(tree: dict, officer: Any) -> None:
    report = _ingest(tree["a"], officer)
    teams = report.proposals.get(indicator_code="teams.village_teams")
    members = report.proposals.get(indicator_code="teams.village_members")
    services.decide(teams, "accept", officer, "đúng theo báo cáo")
    services.decide(members, "edit", officer, "số đúng là 41", value_text="41")
    services.decide(
        report.proposals.get(indicator_code="institution.annual_plan_issued_on"), "reject", officer, ""
    )
    actor = Actor.for_user(officer, "import")

    dry = services.import_accepted(report, actor, dry_run=True)
    assert dry.values_created == 2
    assert not DataValue.objects.filter(unit=tree["a"]).exists()

    done = services.import_accepted(report, actor)
    assert done.values_created == 2
    value = DataValue.objects.get(unit=tree["a"], indicator__code="teams.village_teams")
    assert value.number == Decimal(5)
    assert value.source_ref == "báo cáo bao-cao-2024.txt, đoạn 3"
    assert DataValue.objects.get(unit=tree["a"], indicator__code="teams.village_members").number == Decimal(
        41
    )
    teams.refresh_from_db()
    assert (teams.status, teams.decided_by, teams.reason) == ("imported", officer, "đúng theo báo cáo")

    again = services.import_accepted(report, actor)
    assert (again.values_created, again.values_updated, again.proposals_imported) == (0, 0, 0)


def test_an_unmatched_sentence_can_be_mapped_to_an_indicator_by_hand(tree: dict, officer: Any) -> None:
    report = _ingest(tree["a"], officer)
    pump = report.proposals.get(kind="unmatched")
    with pytest.raises(InputError):
        services.decide(pump, "accept", officer)
    with pytest.raises(InputError):
        services.decide(pump, "edit", officer, indicator="no.such.indicator")
    services.decide(pump, "edit", officer, indicator="teams.commune_teams")
    assert (pump.kind, pump.status, pump.indicator_code) == ("value", "edited", "teams.commune_teams")


def test_the_command_reads_a_report_as_json_and_imports_the_accepted(tree: dict, tmp_path: Any) -> None:
    path = tmp_path / "bao-cao-2024.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = io.StringIO()
    call_command("ingest", "read", str(path), "--unit", "T99901", "--format", "json", stdout=out)
    payload = json.loads(out.getvalue())[0]
    assert payload["period"] == "2024"
    assert {"teams.village_teams", "teams.village_members"} <= {p["indicator"] for p in payload["proposals"]}
    assert "43,1%" in payload["notice"]["vi"] and "43,1%" in payload["notice"]["en"]
    teams = next(p for p in payload["proposals"] if p["indicator"] == "teams.village_teams")
    call_command("ingest", "decide", str(teams["id"]), "accept", stdout=io.StringIO())
    out = io.StringIO()
    call_command("ingest", "accept", str(payload["report"]), stdout=out)
    assert "1 số liệu mới / new values" in out.getvalue()
    assert DataValue.objects.filter(unit=tree["a"], indicator__code="teams.village_teams").exists()
    assert not DataValue.objects.filter(
        indicator__code="teams.village_members"
    ).exists()  # nobody accepted it


def test_the_command_refuses_to_accept_every_proposal_at_once_and_says_why_in_both_languages(
    tree: dict, tmp_path: Any
) -> None:
    path = tmp_path / "bao-cao-2024.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = io.StringIO()
    call_command("ingest", "read", str(path), "--unit", "T99901", stdout=out)
    assert "chỉ 22/51 đề xuất (43,1%) là đúng" in out.getvalue()
    assert "only 22 of 51 proposals (43,1%) were right" in out.getvalue()
    report = IngestedReport.objects.get()
    for flags in (["--all"], ["--all", "--min-confidence", "0.8"], ["--min-confidence", "0.8"]):
        with pytest.raises(CommandError) as caught:
            call_command("ingest", "accept", str(report.pk), *flags, stdout=io.StringIO())
        assert "Không nhận «--all»" in str(caught.value) and "«--all» is refused" in str(caught.value)
    assert set(report.proposals.values_list("status", flat=True)) == {"proposed"}
    assert not DataValue.objects.exists()


def test_a_report_nobody_decided_on_imports_nothing(tree: dict, officer: Any) -> None:
    report = _ingest(tree["a"], officer)
    result = services.import_accepted(report, Actor.for_user(officer))
    assert (result.values_created, result.documents_created, result.teams_created, result.targets_set) == (
        0,
        0,
        0,
        0,
    )
    assert not DataValue.objects.exists()
    assert set(report.proposals.values_list("status", flat=True)) == {"proposed"}


def test_the_command_refuses_a_bad_file_in_words(tree: dict, tmp_path: Any) -> None:
    path = tmp_path / "hong.docx"
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(CommandError, match="không phải văn bản Word"):
        call_command("ingest", "read", str(path), "--unit", "T99901", stdout=io.StringIO())


def test_an_accepted_citation_goes_into_the_documents_register_once(tree: dict, officer: Any) -> None:
    from cds.registries.models import Document

    report = _ingest(tree["a"], officer)
    cited = report.proposals.get(kind="document")
    services.decide(cited, "accept", officer)
    actor = Actor.for_user(officer, "import")
    assert services.import_accepted(report, actor).documents_created == 1
    doc = Document.objects.get(unit=tree["a"])
    assert (doc.doc_type, doc.number, doc.symbol, str(doc.issued_on)) == ("KH", "38", "KH-UBND", "2024-03-14")
    assert services.import_accepted(report, actor).documents_created == 0


def test_a_rank_is_listed_but_cannot_be_accepted_as_a_value(tree: dict, officer: Any) -> None:
    report = _ingest(tree["a"], officer, REPORT + "Chỉ số DTI năm 2024 của xã xếp thứ 5/13.\n")
    rank = report.proposals.get(kind="rank")
    assert rank.value_text == "5/13"
    with pytest.raises(InputError) as caught:
        services.decide(rank, "accept", officer)
    assert "DTI" in caught.value.vi
    services.decide(rank, "reject", officer, "xếp hạng do tỉnh công bố")
    assert rank.status == "rejected"


def test_a_target_is_proposed_as_a_target_never_as_an_actual_value(tree: dict, officer: Any) -> None:
    report = _ingest(
        tree["a"],
        officer,
        REPORT + "Năm 2024, phấn đấu đạt 80% hồ sơ trực tuyến; tỷ lệ hồ sơ trực tuyến đạt 64,2%.\n",
    )
    target = report.proposals.get(kind="target")
    assert (target.indicator_code, target.value_text) == ("dvc.online_dossier_rate", "80%")
    assert [
        p.value_text for p in report.proposals.filter(kind="value", indicator_code="dvc.online_dossier_rate")
    ] == ["64,2%"]
    for action in ("accept", "edit"):
        with pytest.raises(InputError) as caught:
            services.decide(target, action, officer, indicator="dvc.online_dossier_rate")
        assert "chỉ tiêu phấn đấu" in caught.value.vi
    services.decide(target, "reject", officer)
    assert target.status == "rejected"


def test_a_named_team_founded_by_a_decision_becomes_a_row_of_the_teams_register(
    tree: dict, officer: Any
) -> None:
    from cds.registries.models import Team

    text = REPORT + (
        "Đã thành lập Tổ Công nghệ số cộng đồng xã An với 9 thành viên "
        "(Quyết định số 55/QĐ-UBND, ngày 15/9/2022 của UBND xã An).\n"
    )
    report = _ingest(tree["a"], officer, text)
    proposal = report.proposals.get(kind="team")
    assert proposal.team == {
        "name": "Tổ Công nghệ số cộng đồng xã An",
        "level": "commune",
        "founded_on": "2022-09-15",
        "members": 9,
        "role": "founding",
    }
    with pytest.raises(InputError):
        services.decide(proposal, "edit", officer, value_text="Tổ khác")
    services.decide(proposal, "accept", officer)
    result = services.import_accepted(report, Actor.for_user(officer))
    assert result.teams_created == 1
    team = Team.objects.get(unit=tree["a"], name="Tổ Công nghệ số cộng đồng xã An")
    assert (team.level, team.established_on.isoformat()) == ("commune", "2022-09-15")
    assert "9 thành viên" in team.note and "bao-cao-2024.txt" in team.note
    assert [d.document.number for d in team.decisions.all()] == ["55"]
    again = _ingest(tree["a"], officer, text)  # the same file: the same report, nothing proposed twice
    assert again.pk == report.pk and Team.objects.filter(unit=tree["a"]).count() == 1


def test_a_news_item_s_publication_day_dates_den_nay_on_the_command_line(tree: dict, tmp_path: Any) -> None:
    path = tmp_path / "tin-xa-an.txt"
    path.write_text("UBND XÃ AN\nĐến nay, toàn xã hiện có 25 tổ công nghệ số cộng đồng.\n", encoding="utf-8")
    out = io.StringIO()
    call_command(
        "ingest",
        "read",
        str(path),
        "--unit",
        "T99901",
        "--published",
        "14/1/2026",
        "--format",
        "json",
        stdout=out,
    )
    teams = [p for p in json.loads(out.getvalue())[0]["proposals"] if p["value"] == "25"]
    assert [p["period"] for p in teams] == ["2026-01"]
    with pytest.raises(CommandError):
        call_command(
            "ingest", "read", str(path), "--unit", "T99901", "--published", "hôm qua", stdout=io.StringIO()
        )


def test_a_kien_toan_decision_is_linked_to_the_registered_team_as_re_forming_never_a_new_team(
    tree: dict, officer: Any
) -> None:
    import datetime as dt

    from cds.registries.models import Team, TeamDecision

    Team.objects.create(
        unit=tree["a"],
        level="commune",
        name="Tổ Công nghệ số cộng đồng xã An",
        established_on=dt.date(2022, 9, 15),
    )
    text = REPORT + (
        "Đã kiện toàn Tổ Công nghệ số cộng đồng xã An với 12 thành viên "
        "(Quyết định số 77/QĐ-UBND, ngày 2/3/2024 của UBND xã An).\n"
    )
    report = _ingest(tree["a"], officer, text)
    proposal = report.proposals.get(kind="team")
    assert proposal.team["role"] == "reforming"
    services.decide(proposal, "accept", officer)
    result = services.import_accepted(report, Actor.for_user(officer))
    assert (result.teams_created, result.teams_reformed) == (0, 1)
    team = Team.objects.get(unit=tree["a"])
    assert team.established_on == dt.date(2022, 9, 15)  # the founding day is not the re-forming one
    link = TeamDecision.objects.get(team=team)
    assert (link.role, link.document.number) == ("reforming", "77")


def test_a_kien_toan_decision_of_a_team_not_in_the_register_is_refused_in_words(
    tree: dict, officer: Any
) -> None:
    from cds.registries.models import Team

    text = REPORT + (
        "Đã kiện toàn Tổ Công nghệ số cộng đồng xã An (Quyết định số 77/QĐ-UBND, ngày 2/3/2024 của UBND xã An).\n"
    )
    report = _ingest(tree["a"], officer, text)
    proposal = report.proposals.get(kind="team")
    with pytest.raises(InputError) as error:
        services.decide(proposal, "accept", officer)
    assert "chưa có trong sổ" in error.value.message("vi")
    assert not Team.objects.exists()


def test_a_target_accepted_by_the_unit_s_supervisor_is_set_in_the_targets_register_with_its_history(
    tree: dict, supervisor: Any
) -> None:
    from cds.catalog.models import Target
    from cds.history.models import ChangeRecord

    text = REPORT + "Năm 2024, phấn đấu đạt 80% hồ sơ trực tuyến; tỷ lệ hồ sơ trực tuyến đạt 64,2%.\n"
    report = _ingest(tree["a"], supervisor, text)
    target = report.proposals.get(kind="target")
    services.decide(target, "accept", supervisor, "mục tiêu của xã")
    result = services.import_accepted(report, Actor.for_user(supervisor))
    assert result.targets_set == 1
    row = Target.objects.get(unit=tree["a"], indicator__code="dvc.online_dossier_rate")
    assert (row.period, row.comparator, row.value) == ("2024", ">=", Decimal(80))
    assert row.source == f"báo cáo bao-cao-2024.txt, {target.where_vi}"
    assert ChangeRecord.objects.filter(object_id=str(row.pk), reason="đặt chỉ tiêu").count() == 1
    target.refresh_from_db()
    assert target.status == "imported"
    assert not DataValue.objects.filter(
        indicator__code="dvc.online_dossier_rate", number=Decimal(80)
    ).exists()


def test_the_unit_s_supervisor_corrects_a_target_s_value_and_period_as_other_proposals_and_it_is_set_so(
    tree: dict, supervisor: Any
) -> None:
    from cds.catalog.models import Target

    text = REPORT + "Năm 2024, phấn đấu đạt 80% hồ sơ trực tuyến.\n"
    report = _ingest(tree["a"], supervisor, text)
    target = report.proposals.get(kind="target")
    services.decide(target, "edit", supervisor, "báo cáo ghi nhầm", value_text="trên 85%", period="2025")
    target.refresh_from_db()
    assert (target.kind, target.status, target.value_text, target.period_code) == (
        "target",
        "edited",
        "trên 85%",
        "2025",
    )
    assert (target.decided_by, target.reason) == (supervisor, "báo cáo ghi nhầm")
    assert services.import_accepted(report, Actor.for_user(supervisor)).targets_set == 1
    row = Target.objects.get(unit=tree["a"], indicator__code="dvc.online_dossier_rate")
    assert (row.period, row.comparator, row.value) == ("2025", ">", Decimal(85))
    assert not DataValue.objects.filter(indicator__code="dvc.online_dossier_rate").exists()


def test_a_target_corrected_into_what_no_target_rule_reads_is_refused_in_words_and_left_as_it_was(
    tree: dict, supervisor: Any
) -> None:
    report = _ingest(tree["a"], supervisor, REPORT + "Năm 2024, phấn đấu đạt 80% hồ sơ trực tuyến.\n")
    target = report.proposals.get(kind="target")
    with pytest.raises(InputError):
        services.decide(target, "edit", supervisor, value_text="nhiều lắm")
    target.refresh_from_db()
    assert (target.status, target.value_text) == ("proposed", "80%")


def test_an_officer_cannot_correct_a_target_either(tree: dict, officer: Any) -> None:
    report = _ingest(tree["a"], officer, REPORT + "Năm 2024, phấn đấu đạt 80% hồ sơ trực tuyến.\n")
    target = report.proposals.get(kind="target")
    with pytest.raises(InputError) as caught:
        services.decide(target, "edit", officer, value_text="85%")
    assert "giám sát" in caught.value.vi
    target.refresh_from_db()
    assert (target.status, target.value_text) == ("proposed", "80%")


def test_an_officer_cannot_accept_a_target_only_the_unit_s_supervisor_sets_targets(
    tree: dict, officer: Any
) -> None:
    report = _ingest(tree["a"], officer, REPORT + "Năm 2024, phấn đấu đạt 80% hồ sơ trực tuyến.\n")
    target = report.proposals.get(kind="target")
    with pytest.raises(InputError) as caught:
        services.decide(target, "accept", officer)
    assert "giám sát" in caught.value.vi and "supervise" in caught.value.en
    target.refresh_from_db()
    assert target.status == "proposed"


def test_a_figure_not_understood_is_listed_with_its_suggestion_and_never_imported_undecided(
    tree: dict, officer: Any
) -> None:
    text = REPORT.replace(
        "Xã có 12 máy bơm",
        "Trung tâm đã tiếp nhận 2.007 hồ sơ trực tuyến, chiếm 88,6%. Xã có 12 máy bơm",
    )
    report = _ingest(tree["a"], officer, text)
    unsure = report.proposals.get(kind="unmatched", value_text="88,6%")
    assert unsure.indicator_code  # the indicator it may be, for the person to confirm or correct
    assert services.import_accepted(report, Actor.for_user(officer)).values_created == 0
    unsure.refresh_from_db()
    assert unsure.status == Proposal.Status.PROPOSED
