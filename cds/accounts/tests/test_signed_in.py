"""One way for a page to get the signed-in person: ``cds.accounts.scope.signed_in(request)``."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from cds.accounts.scope import signed_in
from cds.accounts.testing import person

pytestmark = pytest.mark.django_db


def test_the_signed_in_person_is_the_request_s_user():
    request = RequestFactory().get("/")
    request.user = person("an")
    found = signed_in(request)
    assert isinstance(found, User)
    assert found.username == "an"


def test_a_request_without_a_signed_in_person_is_refused():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        signed_in(request)
