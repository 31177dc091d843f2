"""Anyone signed in changes their own password (a new officer replaces the temporary one the
supervisor read to them): «Đổi mật khẩu» in the header, one domain operation
(``cds.accounts.people.change_own_password``) with a change record that never holds the password."""

import pytest
from django.contrib.auth import get_user_model

from cds.accounts.testing import PASSWORD
from cds.history.models import ChangeRecord

pytestmark = pytest.mark.django_db
URL = "/account/password/"
NEW = "Mat-khau-Moi-2026"


def test_an_officer_changes_their_password_and_stays_signed_in(client, tree, officer):
    client.force_login(officer)
    assert "Đổi mật khẩu" in client.get("/").content.decode()  # in the header
    answer = client.post(URL, {"current": PASSWORD, "new": NEW, "repeat": NEW})
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert "Đã đổi mật khẩu." in client.get("/").content.decode()  # still signed in, told so
    user = get_user_model().objects.get(pk=officer.pk)
    assert user.check_password(NEW) and not user.check_password(PASSWORD)
    change = ChangeRecord.objects.filter(reason="tự đổi mật khẩu").get()
    assert PASSWORD not in str(change.after) and NEW not in str(change.after)
    assert change.actor == officer.username


@pytest.mark.parametrize(
    ("current", "new", "repeat", "words"),
    [
        ("sai-mat-khau-1", NEW, NEW, "Mật khẩu hiện tại không đúng."),
        (PASSWORD, NEW, NEW + "x", "Hai lần nhập mật khẩu mới không giống nhau."),
        (PASSWORD, PASSWORD, PASSWORD, "Mật khẩu mới cần khác mật khẩu hiện tại."),
        (PASSWORD, "ngan", "ngan", "Mật khẩu chưa đạt"),
    ],
)
def test_a_refused_change_says_why_in_words_and_keeps_the_old_password(
    client, tree, officer, current, new, repeat, words
):
    client.force_login(officer)
    answer = client.post(URL, {"current": current, "new": new, "repeat": repeat})
    page = answer.content.decode()
    assert answer.status_code == 422 and words in page
    assert "cột" not in page.split(words)[0][-40:]  # no internal location before the message
    assert get_user_model().objects.get(pk=officer.pk).check_password(PASSWORD)


def test_the_page_speaks_english_on_the_english_switch(client, tree, officer):
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    page = client.get(URL).content.decode()
    assert "Change password" in page and "Current password" in page and "Mật khẩu hiện tại" not in page
    answer = client.post(URL, {"current": "wrong-one-12", "new": NEW, "repeat": NEW})
    assert "The current password is not right." in answer.content.decode()


def test_signed_out_people_are_sent_to_sign_in(client, tree):
    answer = client.get(URL)
    assert answer.status_code == 302 and "/login/" in answer["Location"]
