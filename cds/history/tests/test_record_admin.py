"""Records of what happened are read in the admin, never added, changed or deleted there."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from cds.history.models import ChangeRecord
from cds.values.models import DeadlineChange


@pytest.mark.parametrize("model", [ChangeRecord, DeadlineChange], ids=lambda m: m.__name__)
def test_a_record_cannot_be_added_changed_or_deleted_in_the_admin(model):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
