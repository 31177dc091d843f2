import logging

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, RequestFactory

from cds.accounts.audit import client_ip
from cds.accounts.lockout import is_locked

pytestmark = pytest.mark.django_db
PASSWORD = "Mot-Mat-Khau-2025"


@pytest.fixture
def user():
    return get_user_model().objects.create_user("can.bo", password=PASSWORD)


def request_from(ip: str, forwarded: str = ""):
    request = RequestFactory().post("/login/", REMOTE_ADDR=ip)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def fail(times: int, ip: str = "10.0.0.1", username: str = "can.bo") -> None:
    for _ in range(times):
        assert authenticate(request_from(ip), username=username, password="sai-mat-khau") is None


def test_five_failures_lock_the_username_from_that_address_even_with_the_right_password(user, settings):
    settings.CDS_LOGIN_MAX_FAILURES = 5
    fail(4)
    assert authenticate(request_from("10.0.0.1"), username="can.bo", password=PASSWORD) == user
    fail(5)  # the success above cleared the count: five more are needed
    assert is_locked("can.bo", "10.0.0.1")
    assert authenticate(request_from("10.0.0.1"), username="can.bo", password=PASSWORD) is None


def test_a_lockout_does_not_lock_the_same_person_out_from_another_address(user, settings):
    settings.CDS_LOGIN_MAX_FAILURES = 3
    fail(3, ip="10.0.0.66")
    assert authenticate(request_from("10.0.0.2"), username="can.bo", password=PASSWORD) == user


def test_usernames_are_locked_whatever_their_case(user, settings):
    settings.CDS_LOGIN_MAX_FAILURES = 3
    fail(3, username="CAN.BO")
    assert is_locked("can.bo", "10.0.0.1")


def test_an_administrator_can_unlock(user, settings):
    settings.CDS_LOGIN_MAX_FAILURES = 2
    fail(2)
    call_command("accounts", "unlock", "can.bo", "--format", "json")
    assert authenticate(request_from("10.0.0.1"), username="can.bo", password=PASSWORD) == user


def test_the_client_address_comes_from_the_proxy_only_when_proxies_are_trusted(settings):
    request = request_from("192.168.1.1", forwarded="203.0.113.9, 198.51.100.7")
    settings.CDS_TRUSTED_PROXIES = 0
    assert client_ip(request) == "192.168.1.1"  # a forged header is ignored
    settings.CDS_TRUSTED_PROXIES = 1
    assert client_ip(request) == "198.51.100.7"  # the address our one proxy saw


def test_logging_in_gives_a_new_session_and_is_logged(user, caplog):
    client = Client()
    session = client.session
    session["before"] = "x"
    session.save()
    before = session.session_key
    with caplog.at_level(logging.INFO, logger="cds.security"):
        assert client.login(username="can.bo", password=PASSWORD)
    assert client.session.session_key != before
    assert any("login.ok" in r.getMessage() and "can.bo" in r.getMessage() for r in caplog.records)


def test_failed_logins_and_lockouts_are_logged(user, settings, caplog):
    settings.CDS_LOGIN_MAX_FAILURES = 2
    with caplog.at_level(logging.INFO, logger="cds.security"):
        fail(2)
    messages = [r.getMessage() for r in caplog.records]
    assert sum("login.failed" in m for m in messages) == 2
    assert any("login.locked" in m and "10.0.0.1" in m for m in messages)


@pytest.mark.parametrize(
    "password", ["ngắn-Quá1", "matkhaucuatoi2025", "123456789012345", "password12345678"]
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_mixed_password_is_accepted():
    validate_password("Tinh-Chau-Bao-Cao-2025")
