from tests.factories import login


def test_home_page_is_chinese(client):
    r = client.get("/")
    assert r.status_code == 200, r.text
    assert "lang=\"zh-CN\"" in r.text


def test_api_login(client, cast):
    body = login(client, cast.staff)
    assert body["role"] == "staff"
