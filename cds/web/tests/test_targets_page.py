"""A supervisor sets targets for the units they manage (issue 16, item 8), scoped and recorded."""

import pytest
from django.urls import reverse

from cds.catalog.models import Target
from cds.history.models import ChangeRecord
from cds.units.testing import make_unit

pytestmark = pytest.mark.django_db
URL = "/targets/"


def test_a_supervisor_sets_a_commune_target_as_people_write_it_and_it_is_recorded(client, tree, supervisor):
    client.force_login(supervisor)
    body = {
        "unit": tree["a"].pk,
        "indicator": "dvc.online_dossier_rate",
        "period": "2024",
        "target": "≥ 60%",
        "source": "Quyết định 12/QĐ-UBND ngày 10/1/2024",
    }
    assert client.post(URL, body).status_code == 302
    target = Target.objects.get(unit=tree["a"])
    assert (target.comparator, target.value, target.period) == (">=", 60, "2024")
    page = client.get(URL, {"unit": tree["a"].pk}).content.decode()
    assert "60%" in page and "Quyết định 12/QĐ-UBND" in page
    client.post(URL, {**body, "target": "≥ 70%"})
    assert Target.objects.get(unit=tree["a"]).value == 70
    assert sorted(ChangeRecord.objects.filter(reason="đặt chỉ tiêu").values_list("action", flat=True)) == [
        "create",
        "update",
    ]


def test_a_target_without_a_source_or_unreadable_is_refused_in_words(client, tree, supervisor):
    client.force_login(supervisor)
    body = {"unit": tree["a"].pk, "indicator": "dvc.online_dossier_rate", "period": "2024", "target": "≥ 60%"}
    missing = client.post(URL, body, follow=True)
    assert "thiếu nguồn" in missing.content.decode() and not Target.objects.exists()
    bad = client.post(URL, {**body, "target": "nhiều", "source": "QĐ 1"})
    assert bad.status_code == 422 and not Target.objects.exists()


def test_targets_outside_the_scope_and_for_officers_are_404(client, tree, supervisor, officer):
    outside = make_unit("Xã Ngoài", "commune", "N1", make_unit("Tỉnh Ngoài", "province", "N"))
    client.force_login(supervisor)
    body = {"unit": outside.pk, "indicator": "dvc.online_dossier_rate", "period": "2024", "target": "≥ 1%"}
    assert client.post(URL, {**body, "source": "x"}).status_code == 404
    client.force_login(officer)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {**body, "unit": tree["a"].pk, "source": "x"}).status_code == 404
    assert not Target.objects.exists()
    assert reverse("web:targets") == URL
