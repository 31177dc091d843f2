"""The import job reports a KPI refresh in the words the ``cds dvc import`` command prints."""

from __future__ import annotations

from io import StringIO
from types import SimpleNamespace
from typing import cast

from cds.dossiers.management.commands.dvc import Command
from cds.dossiers.models import DossierRefresh
from cds.dossiers.publish import PublishReport, RefreshResult
from cds.jobs.runners import refresh_lines


def results() -> list[RefreshResult]:
    refresh = SimpleNamespace(province="51", years="2023, 2024", dossier_import_id=7)
    written = SimpleNamespace(created=12, updated=3)
    report = SimpleNamespace(
        written=written, skipped_protected=["a"], withdrawn=0, withdraw_skipped_approved=0
    )
    return [
        RefreshResult(cast(DossierRefresh, refresh), cast(PublishReport, report)),  # the parts the words read
        RefreshResult(cast(DossierRefresh, refresh), None, "database is locked"),
    ]


def test_the_job_and_the_command_word_a_refresh_alike():
    vi, en = refresh_lines(results())
    assert vi == [
        "Chỉ số tỉnh 51 (2023, 2024): 12 mới, 3 cập nhật; giữ nguyên 1 số liệu do người nhập",
        "Chưa tính lại được chỉ số tỉnh 51 (sẽ thử lại lần sau): database is locked",
    ]
    assert en[0] == "KPIs of province 51 (2023, 2024): 12 new, 3 updated; kept 1 people's figures"
    out, err = StringIO(), StringIO()
    command = Command(stdout=out, stderr=err)
    command._print_refreshes(results())
    assert out.getvalue().strip() == f"{vi[0]} / {en[0]}"
    assert err.getvalue().strip() == f"{vi[1]} / {en[1]}"
