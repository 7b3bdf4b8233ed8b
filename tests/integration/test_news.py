"""Hometown news: staff publish an item with an optional photo (a real JPEG or PNG, at most 1 MB);
everyone reads it at /news; Atom 1.0 feeds for the county and each station validate."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import pytest
import segno

from ..factories import csrf_form, login
from .test_businesses import as_user

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
JPEG_START = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


def png() -> bytes:
    buf = io.BytesIO()
    segno.make("蓬安").save(buf, kind="png", scale=4)
    return buf.getvalue()


def publish(client, photo: tuple[str, bytes, str] | None = None, **fields):
    data = {
        "_csrf_token": csrf_form(client, "/news/new"),
        "kind": "fair",
        "title": "春风行动专场招聘会3月2日举行",
        "body": "县人力资源市场举办专场招聘会，60家企业带来1200个岗位。",
        **fields,
    }
    files = {"photo": photo} if photo else {"photo": ("", b"", "application/octet-stream")}
    return client.post("/news", data=data, files=files, follow_redirects=False)


def test_staff_publish_news_with_a_photo_and_everyone_reads_it(client, cast):
    login(client, cast.staff)
    r = publish(client, ("stage.png", png(), "image/png"), station_id="2")
    assert r.status_code in (302, 303), r.text
    path = r.headers["location"]
    as_user(client, None)
    page = client.get(path).text
    assert "春风行动专场招聘会3月2日举行" in page and "招聘会预告" in page
    assert 'href="tel:020-38210456"' in page
    photo = re.search(r'src="(/news/photos/[0-9a-f]{16}\.png)"', page).group(1)
    served = client.get(photo)
    assert served.status_code == 200 and served.headers["content-type"] == "image/png"
    assert served.content == png()
    assert "春风行动专场招聘会3月2日举行" in client.get("/news").text


def test_a_photo_must_be_a_jpeg_or_png_by_its_bytes_whatever_its_name(client, cast):
    login(client, cast.staff)
    for name, content in [
        ("stage.jpg", b"GIF89a" + b"\x00" * 100),
        ("stage.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    ]:
        r = publish(client, (name, content, "image/jpeg"))
        assert r.status_code == 400
        assert "照片必须是 JPEG 或 PNG 图片" in r.text
    ok = publish(client, ("odd-name.bin", JPEG_START + b"\x00" * 100, "application/octet-stream"))
    assert ok.status_code in (302, 303)


def test_a_photo_may_be_1_mb_and_not_a_byte_more(client, cast):
    login(client, cast.staff)
    limit = 1024 * 1024
    exactly = JPEG_START + b"\x00" * (limit - len(JPEG_START))
    assert publish(client, ("a.jpg", exactly, "image/jpeg")).status_code in (302, 303)
    r = publish(client, ("b.jpg", exactly + b"\x00", "image/jpeg"))
    assert r.status_code == 400 and "照片太大了" in r.text
    r = publish(client, ("c.jpg", exactly * 2, "image/jpeg"))
    assert r.status_code == 413


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("title", "招聘会", False),
        ("title", "招聘会啦", True),
        ("title", "招" * 60, True),
        ("title", "招" * 61, False),
        ("body", "好" * 9, False),
        ("body", "好" * 10, True),
        ("body", "好" * 2000, True),
        ("body", "好" * 2001, False),
        ("kind", "gossip", False),
        ("kind", "policy", True),
        ("station_id", "0", False),
        ("station_id", "8", True),
        ("station_id", "9", False),
    ],
)
def test_every_limit_of_the_news_form(client, cast, field, value, ok):
    login(client, cast.staff)
    r = publish(client, **{field: value})
    assert (r.status_code in (302, 303)) is ok
    if not ok:
        assert r.status_code == 400 and f'id="{field}-error"' in r.text


def test_only_staff_publish(client, cast):
    as_user(client, cast.worker)
    assert client.get("/news/new").status_code == 403
    assert publish(client).status_code == 403


def test_a_photo_name_that_we_did_not_make_is_not_found(client):
    for name in ("..%2F..%2Fportal.sqlite3", "abc.png", "0123456789abcdef.gif"):
        assert client.get(f"/news/photos/{name}").status_code == 404


def validate_atom(xml: bytes) -> ET.Element:
    """RFC 4287's required elements: feed and each entry have id, title and updated (RFC 3339);
    the feed has an author (or every entry has one); ids are absolute URIs."""
    feed = ET.fromstring(xml)
    assert feed.tag == f"{ATOM}feed"
    for node in [feed, *feed.findall(f"{ATOM}entry")]:
        for required in ("id", "title", "updated"):
            assert node.find(f"{ATOM}{required}") is not None, f"{node.tag} without {required}"
        assert RFC3339.fullmatch(node.find(f"{ATOM}updated").text)
        assert node.find(f"{ATOM}id").text.startswith("http")
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    return feed


def test_the_county_feed_is_valid_atom_with_the_newest_item_first(client, cast, settings):
    login(client, cast.staff)
    publish(client, title="第一条动态来了", station_id="1")
    publish(client, title="第二条动态来了", kind="policy")
    as_user(client, None)
    r = client.get("/news.atom")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = validate_atom(r.content)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["第二条动态来了", "第一条动态来了"]
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href").startswith(f"{settings.public_base_url}/news/")
    assert entry.find(f"{ATOM}content").text


def test_a_stations_feed_holds_only_its_news_and_an_empty_feed_still_validates(client, cast):
    login(client, cast.staff)
    publish(client, title="北京站乡友座谈会", station_id="1")
    publish(client, title="全县政策解读来了", kind="policy")
    beijing = validate_atom(client.get("/stations/1/news.atom").content)
    titles = [e.find(f"{ATOM}title").text for e in beijing.findall(f"{ATOM}entry")]
    assert titles == ["北京站乡友座谈会"]
    empty = validate_atom(client.get("/stations/8/news.atom").content)
    assert empty.findall(f"{ATOM}entry") == []
    assert client.get("/stations/9/news.atom").status_code == 404


def test_the_feed_says_when_it_was_last_updated(client, cast):
    login(client, cast.staff)
    publish(client, title="今天的家乡动态")
    feed = validate_atom(client.get("/news.atom").content)
    updated = dt.datetime.fromisoformat(feed.find(f"{ATOM}updated").text)
    assert abs(updated - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
