"""Issue 15: a published table ranks a province's communes province-wide («hạng 15/170»); ranked
within one district, the page shows that published rank beside the rank computed there, never in
its place."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cds.dti.published import import_results
from cds.dti.ranking import rank_scope
from cds.units.search import resolve_unit

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("units")]

TABLE = "Đơn vị,Năm,Tổng điểm,Xếp hạng,Số đơn vị xếp hạng\nXã Sơn Nham,2023,412,15,170\nXã Sơn Hạ,2023,398,40,170\n"


@pytest.fixture
def published(tmp_path):
    path = tmp_path / "ket-qua-tinh.csv"
    path.write_text(TABLE, encoding="utf-8")
    report = import_results(path, within="Quảng Ngãi")
    assert report.ok, [str(e) for e in report.errors]
    return resolve_unit("Huyện Sơn Hà", era="legacy")


def test_a_district_ranking_keeps_each_units_province_wide_published_rank(published) -> None:
    entries = {e.unit.name: e for e in rank_scope(2023, published, "commune").entries}
    nham, ha = entries["Xã Sơn Nham"], entries["Xã Sơn Hạ"]
    assert (nham.rank, nham.ranked_of, nham.published_rank, nham.published_of) == (1, 2, 15, 170)
    assert (ha.rank, ha.published_rank) == (2, 40)
    assert nham.as_dict()["published_rank"] == 15 and nham.as_dict()["published_of"] == 170


def test_the_ranking_page_shows_the_published_rank_beside_the_computed_one(client, published) -> None:
    admin = get_user_model().objects.create_superuser("boss", password="x-Pass-2025")
    client.force_login(admin, backend="cds.accounts.lockout.LockoutBackend")
    html = client.get(reverse("dti:ranking"), {"year": 2023, "scope": published.pk}).content.decode()
    assert "1/2" in html and "công bố: 15/170" in html
