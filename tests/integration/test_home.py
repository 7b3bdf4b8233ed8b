"""The home page as the county's front door on a phone: search, the ten most posted trades, the
newest vacancies, the coming fairs and meetings, the ways into entrepreneurship and policies, the
eight stations; under 100 KB before images, and every part of it works without JavaScript."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

from portal.models import Event, User

from ..factories import add_job, wait_total

COOK = "4-03-02-01"


def jobs(settings, cast, *specs) -> list[int]:
    return [asyncio.run(add_job(settings.database_url, cast.employer_id, **spec)) for spec in specs]


async def _event(session, cast_staff: str, days: int, title: str) -> None:
    from sqlalchemy import select

    staff = await session.scalar(select(User).where(User.phone == cast_staff))
    session.add(
        Event(
            kind="job_fair",
            title=title,
            held_on=dt.date.today() + dt.timedelta(days=days),
            place="蓬安县人力资源市场",
            created_by_id=staff.id,
        )
    )
    await session.commit()


def test_the_trade_shortcuts_are_the_most_posted_trades_one_tap_each(client, cast, settings):
    jobs(
        settings,
        cast,
        {"title": "电焊工"},
        {"title": "电焊工"},
        {"title": "厨师", "trade_code": COOK},
        {"title": "电焊工", "status": "pending"},  # not public: not counted
    )
    page = client.get("/").text
    shortcuts = re.findall(r'<a class="chip" href="/jobs\?q=([^"]+)">([^<]+)</a>', page)
    assert [name for _q, name in shortcuts] == ["焊工", "中式烹调师"]
    assert shortcuts[0][0] == "%E7%84%8A%E5%B7%A5"


def test_at_most_ten_trade_shortcuts(client, cast, settings):
    codes = [
        "6-18-02-04",
        COOK,
        "4-10-01-01",
        "4-02-01-01",
        "6-07-01-01",
        "6-29-01-01",
        "4-01-02-01",
        "6-05-01-01",
        "4-10-04-01",
        "6-22-01-01",
        "6-20-01-01",
        "4-07-04-01",
    ]
    jobs(settings, cast, *({"title": f"工种{i}", "trade_code": c} for i, c in enumerate(codes)))
    assert len(re.findall(r'<a class="chip" href="/jobs\?q=', client.get("/").text)) == 10


def test_the_newest_vacancies_and_the_coming_events_only(client, cast, settings, db):
    jobs(settings, cast, {"title": "电焊工"}, {"title": "面点师", "trade_code": ""})
    db(lambda s: _event(s, cast.staff, 10, "春风行动专场招聘会"))
    db(lambda s: _event(s, cast.staff, -3, "去年的招聘会"))
    page = client.get("/").text
    newest = re.search(r'<section id="newest">.*?</section>', page, re.S).group()
    assert newest.index("面点师") < newest.index("电焊工")
    assert "元/月" in newest
    events = re.search(r'<section id="events">.*?</section>', page, re.S).group()
    assert "春风行动专场招聘会" in events and "去年的招聘会" not in events
    event_link = re.search(r'href="(/calendar/\d+)"', events).group(1)
    assert "春风行动专场招聘会" in client.get(event_link).text


def test_the_entries_and_the_eight_stations_with_their_phones(client):
    page = client.get("/").text
    for href in ("/entrepreneurship", "/policies", "/policies/check", "/news", "/stations"):
        assert f'href="{href}"' in page, href
    assert "返乡创业" in page and "政策" in page
    stations = re.search(r'<section id="stations">.*?</section>', page, re.S).group()
    assert len(re.findall(r'href="tel:[0-9-]+"', stations)) == 8
    assert 'href="tel:010-65880123"' in stations


def test_the_home_page_weighs_under_100_kb_before_images(client, cast, settings):
    jobs(settings, cast, *({"title": "电焊工"} for _ in range(6)))
    page = client.get("/", headers={"accept-encoding": "identity"})
    assets = re.findall(r'(?:src|href)="(/static/[^"]+\.(?:css|js)[^"]*)"', page.text)
    assert any(".css" in a for a in assets) and any(".js" in a for a in assets)
    sizes = [len(client.get(a, headers={"accept-encoding": "identity"}).content) for a in assets]
    total = len(page.content) + sum(sizes)
    assert total < 100_000, f"{total} bytes: page {len(page.content)}, assets {sizes}"


def test_without_javascript_search_is_a_plain_form_and_every_shortcut_a_plain_link(
    client, cast, settings
):
    jobs(settings, cast, {"title": "电焊工"})
    page = client.get("/").text
    assert re.search(r'<form action="/jobs" method="get"[^>]*role="search"', page)
    main = re.search(r"<main>.*</main>", page, re.S).group()
    assert "hx-" not in main and "onclick" not in main
    shortcut = re.search(r'<a class="chip" href="(/jobs\?q=[^"]+)"', main).group(1)
    wait_total(client, 1, q="焊工")  # the index learns of the vacancy a moment after it is stored
    assert 'href="/jobs/' in client.get(shortcut).text
