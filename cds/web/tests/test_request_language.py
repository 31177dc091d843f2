"""A request's language ends with the request: a reader's English choice must not stay active in the
worker process for the next piece of code that formats words outside a request (a file export, a
job, a report built by a command) — that is how a registry export once wrote English labels its own
import could not read."""

from django.conf import settings
from django.utils import translation


def test_an_english_request_leaves_the_process_in_the_language_it_found(client):
    translation.activate(settings.LANGUAGE_CODE)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/login/")
    assert response.headers["Content-Language"] == "en"
    assert 'lang="en"' in response.content.decode()
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_a_vietnamese_request_is_in_vietnamese_whatever_ran_before(client):
    with translation.override("en"):
        response = client.get("/login/")
    assert response.headers["Content-Language"] == "vi"
    assert 'lang="vi"' in response.content.decode()
