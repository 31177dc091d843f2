"""The DTI pages: login required, scope respected, ranking, scorecard, assessment forms, charts."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cds.accounts.models import Role, RoleAssignment
from cds.dti.assessments import get_assessment, propose, submit
from cds.dti.models import Assessment, Evidence
from cds.dti.services import load_framework, score_and_store
from cds.values.services import Actor

from .helpers import merger_tree, on_time, record_online, write_framework

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "cds.accounts.lockout.LockoutBackend"


@pytest.fixture
def world(tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    tree = merger_tree()
    row, _ = load_framework(write_framework(tmp_path))
    record_online(tree["a"], "2024", 30, 100)
    assessment = get_assessment(row, tree["a"], 2024)
    propose(assessment, "M", 20, "", Actor("xa"))
    submit(assessment, Actor("xa"), at=on_time(2024))
    score_and_store(row, 2024, tree["province"])
    User = get_user_model()
    users = {
        name: User.objects.create_user(name, password="x") for name in ("officer", "supervisor", "outsider")
    }
    RoleAssignment.objects.create(user=users["officer"], role=Role.OFFICER, unit=tree["a"])
    RoleAssignment.objects.create(user=users["supervisor"], role=Role.SUPERVISOR, unit=tree["province"])
    return tree, users


def test_pages_require_login(client, world):
    tree, _ = world
    for url in (reverse("dti:ranking"), reverse("dti:scorecard", args=[tree["a"].pk, 2024])):
        assert client.get(url).status_code == 302


def test_the_ranking_lists_ranked_units_with_a_chart(client, world):
    tree, users = world
    client.force_login(users["supervisor"], backend=MODEL_BACKEND)
    page = client.get(reverse("dti:ranking"), {"year": 2024, "scope": tree["province"].pk, "sort": "score"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Xã An" in html and "1/1" in html and "không tự đánh giá đúng hạn" in html
    chart = client.get(reverse("dti:distribution_chart"), {"year": 2024, "scope": tree["province"].pk})
    assert chart["Content-Type"] == "image/svg+xml" and b"<svg" in chart.content


def test_the_scorecard_shows_gaps_and_an_outsider_finds_nothing(client, world):
    tree, users = world
    url = reverse("dti:scorecard", args=[tree["a"].pk, 2024])
    client.force_login(users["officer"], backend=MODEL_BACKEND)
    html = client.get(url).content.decode()
    assert (
        "cần thêm 20 (để đạt 50%)" in html and ">36<" in html
    )  # 30% of full 50% → 36 of 60 (points as reports print them)
    assert client.get(reverse("dti:history_chart", args=[tree["a"].pk])).status_code == 200
    client.force_login(users["outsider"], backend=MODEL_BACKEND)
    assert client.get(url).status_code == 404


def test_an_officer_saves_points_and_evidence_and_a_supervisor_verifies(client, world):
    tree, users = world
    url = reverse("dti:assess", args=[tree["a"].pk, 2024])
    client.force_login(users["officer"], backend=MODEL_BACKEND)
    upload = SimpleUploadedFile("kế hoạch.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    client.post(url, {"action": "save", "points_M": "35", "note_M": "KH 37", "evidence_M": upload})
    item = Assessment.objects.get(unit=tree["a"]).items.get(item_code="M")
    assert item.self_points == 35 and Evidence.objects.get(item=item).original_name == "kế hoạch.pdf"
    # an officer sees the unit but cannot verify: a refusal (403) that says why, not «page not found»
    refused = client.post(url, {"action": "finish"})
    assert refused.status_code == 403
    assert "Bạn không được lưu hoặc xác nhận điểm DTI của đơn vị này." in refused.content.decode()
    client.force_login(users["supervisor"], backend=MODEL_BACKEND)
    client.post(url, {"action": "finish", "verified_M": "30", "reason_M": "chưa ký"})
    item.refresh_from_db()
    assert (item.self_points, item.verified_points) == (35, 30)
    assert Assessment.objects.get(unit=tree["a"]).status == "verified"
    evidence = Evidence.objects.get(item=item)
    download = client.get(reverse("dti:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 x"


def test_a_commune_officer_is_sent_to_their_scorecard_and_a_person_without_a_unit_home(client, world):
    tree, users = world
    client.force_login(users["officer"], backend=MODEL_BACKEND)
    response = client.get(reverse("dti:ranking"), {"year": 2024})
    assert response.status_code == 302
    assert response["Location"] == reverse("dti:scorecard", args=[tree["a"].pk, 2024])
    page = client.get(response["Location"]).content.decode()
    assert "dti/chart/distribution.svg" not in page  # the province's scores are not theirs to see
    later = client.get(reverse("dti:ranking"), {"year": 2026})  # today's map: their commune is gone
    assert later["Location"] == reverse("dti:scorecard", args=[tree["a"].pk, 2024])  # its last year
    client.force_login(users["outsider"], backend=MODEL_BACKEND)
    home = client.get(reverse("dti:ranking"), {"year": 2024}, follow=True)
    assert home.redirect_chain[-1][0] == reverse("web:home")
    assert "chưa được giao đơn vị nào" in home.content.decode()
    chart = client.get(reverse("dti:distribution_chart"), {"year": 2024})
    assert chart.status_code == 200 and b"<svg" in chart.content  # an empty chart, not an error


def test_the_history_chart_s_year_labels_never_overlap():
    from cds.dti.charts import history_figure

    points = [(year, Decimal(300 + 20 * i), "own") for i, year in enumerate(range(2012, 2027))]
    figure = history_figure(points)
    figure.draw_without_rendering()
    labels = [t for t in figure.axes[0].get_xticklabels() if t.get_visible() and t.get_text()]
    boxes = sorted((t.get_window_extent() for t in labels), key=lambda box: box.x0)
    assert len(boxes) >= 4
    assert all(a.x1 <= b.x0 for a, b in pairwise(boxes)), [t.get_text() for t in labels]
    assert {t.get_text() for t in labels} <= {str(year) for year in range(2012, 2027)}
