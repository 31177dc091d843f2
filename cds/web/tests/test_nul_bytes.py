import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/values?indicator=a%00b", "/?q=x%00y", "/login/?next=%00"])
def test_a_nul_character_in_a_request_is_a_clear_400_not_a_database_error(client, url):
    response = client.get(url)
    assert response.status_code == 400
    body = json.loads(response.content)
    assert "NUL" in body["message_vi"] and "NUL" in body["message_en"]


def test_a_nul_in_a_json_body_is_refused_too(client):
    response = client.post("/api/values", data='{"note": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400
