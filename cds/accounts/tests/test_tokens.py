import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from cds.accounts.models import ApiToken
from cds.accounts.tokens import create_token, digest, revoke_token, user_for_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return get_user_model().objects.create_user("can.bo", password="Mot-Mat-Khau-2025")


def test_a_key_finds_its_user_and_only_its_digest_is_stored(user):
    _, key = create_token(user, "máy chủ báo cáo")
    assert user_for_token(key) == user
    stored = ApiToken.objects.get()
    assert stored.digest == digest(key) and key not in (stored.digest, stored.prefix, stored.name)
    assert key.startswith(stored.prefix)


def test_a_revoked_key_no_longer_works(user):
    token, key = create_token(user)
    assert revoke_token(token) is True
    assert user_for_token(key) is None
    assert revoke_token(token) is False  # revoking twice changes nothing


def test_a_key_of_a_deactivated_user_no_longer_works(user):
    _, key = create_token(user)
    user.is_active = False
    user.save()
    assert user_for_token(key) is None


def test_unknown_and_malformed_keys_find_nobody(user):
    create_token(user)
    assert user_for_token("cds_not-a-real-key") is None
    assert user_for_token("") is None
    assert user_for_token("Basic abc") is None


def test_the_command_shows_a_key_once_and_lists_only_prefixes(user, capsys):
    call_command("accounts", "token", "create", "can.bo", "--name", "excel", "--format", "json")
    created = json.loads(capsys.readouterr().out)
    assert user_for_token(created["key"]) == user
    call_command("accounts", "token", "list", "--format", "json")
    listing = capsys.readouterr().out
    assert created["key"] not in listing and created["prefix"] in listing
    call_command("accounts", "token", "revoke", created["prefix"], "--format", "json")
    assert json.loads(capsys.readouterr().out)["changed"] is True
    assert user_for_token(created["key"]) is None


def test_the_command_names_an_unknown_user_in_both_languages(db):
    with pytest.raises(CommandError, match=r"Không có người dùng «ai.do».*No user named 'ai.do'"):
        call_command("accounts", "token", "create", "ai.do")
