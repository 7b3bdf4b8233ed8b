"""Stations: their pages and API, staff who belong to one and see its archives first, archives
moved between stations on record, and every "ask a station" dead end linking the nearest one."""

import datetime as dt
import itertools

from sqlalchemy import select, update
from stdnum.cn import ric

from portal.models import ArchiveMove, User, Worker
from tests.factories import add_job, as_user, next_phone

_ids = itertools.count(500)


def fresh_id() -> str:
    body = f"51132319800101{next(_ids):03d}"
    return body + ric.calc_check_digit(body + "0")


def archive(db, name: str, station_id: int | None, **values) -> int:
    async def make(s):
        worker = Worker(
            name=name,
            phone=next_phone(),
            id_number=fresh_id(),
            birth_year=1980,
            home_township_code="511323101",
            expected_wage=5000,
            station_id=station_id,
            consent_at=dt.datetime.now(dt.UTC),
            consent_method="in_person",
            **values,
        )
        s.add(worker)
        await s.commit()
        return worker.id

    return db(make)


def place(db, phone: str, station_id: int | None) -> None:
    """Put a user (staff) at a station; None: county staff."""

    async def go(s):
        await s.execute(update(User).where(User.phone == phone).values(station_id=station_id))
        await s.commit()

    db(go)


def test_the_stations_list_their_phone_hours_staff_and_archives(client, cast, db):
    place(db, cast.staff, 2)
    archive(db, "张建国", 2)
    stations = client.get("/api/v1/stations").json()
    assert len(stations) == 8
    guangzhou = next(s for s in stations if s["city"] == "广州")
    assert guangzhou["staff_count"] == 1 and guangzhou["archives"] == 1
    assert guangzhou["hours"] and guangzhou["phone"] == "020-38210456"
    assert set(guangzhou) >= {"id", "city", "name", "address", "phone", "hours"}
    page = client.get("/stations").text
    assert 'href="tel:020-38210456"' in page and guangzhou["hours"] in page
    one = client.get(f"/stations/{guangzhou['id']}")
    assert one.status_code == 200 and "测试staff" in one.text
    assert client.get(f"/api/v1/stations/{guangzhou['id']}").json()["staff"] == ["测试staff"]
    assert client.get("/stations/99").status_code == 404
    assert client.get("/api/v1/stations/0").status_code == 404


def test_station_staff_see_their_stations_archives_first(client, cast, db):
    place(db, cast.staff, 2)
    ours = archive(db, "广州老乡", 2)
    archive(db, "北京老乡", 1)
    archive(db, "县里老乡", None)  # newest: county staff see it first
    as_user(client, cast.staff)
    page = client.get("/staff").text
    assert page.index("广州老乡") < page.index("县里老乡") < page.index("北京老乡")
    assert f"/workers/{ours}" in page
    as_user(client, cast.admin)  # county staff: newest first
    page = client.get("/staff").text
    assert page.index("县里老乡") < page.index("北京老乡") < page.index("广州老乡")


def test_lists_can_be_filtered_by_station(client, cast, db):
    archive(db, "广州老乡", 2)
    archive(db, "北京老乡", 1)
    as_user(client, cast.admin)
    page = client.get("/staff?station=1").text
    assert "北京老乡" in page and "广州老乡" not in page
    everyone = client.get("/staff?station=99").text  # not a station: every archive
    assert "北京老乡" in everyone and "广州老乡" in everyone


def test_moving_an_archive_to_another_station_is_recorded(client, cast, db):
    worker_id = archive(db, "搬家老乡", 1)
    as_user(client, cast.staff)
    card = client.get(f"/api/v1/workers/{worker_id}").json()
    sent = {k: card[k] for k in ("name", "phone", "birth_year", "expected_wage")}
    sent |= {"home_township": "锦屏镇", "consent": True, "station_id": 2}
    r = client.put(f"/api/v1/workers/{worker_id}", json=sent)
    assert r.status_code == 200, r.text
    moves = db(lambda s: s.scalars(select(ArchiveMove).where(ArchiveMove.worker_id == worker_id)))
    [move] = list(moves)
    assert (move.from_station_id, move.to_station_id) == (1, 2) and move.by_id is not None
    page = client.get(f"/workers/{worker_id}").text
    assert 'id="moves"' in page and "蓬安县驻广州农民工服务工作站" in page
    r = client.put(f"/api/v1/workers/{worker_id}", json=sent)  # no change of station: no move
    assert len(list(db(lambda s: s.scalars(select(ArchiveMove))))) == 1


def test_a_policy_page_links_the_workers_own_station(client, cast, db):
    db(lambda s: _set(s, cast.worker_id, station_id=3))
    as_user(client, cast.worker)
    page = client.get("/policies/1").text
    assert 'href="/stations/3"' in page and "tel:021-52830789" in page


def test_without_a_station_the_city_they_work_in_gives_the_nearest(client, cast, db):
    db(lambda s: _set(s, cast.worker_id, station_id=None, current_city="深圳市龙岗区"))
    as_user(client, cast.worker)
    page = client.get("/policies/1").text
    assert 'href="/stations/4"' in page and "tel:0755-28910234" in page


def test_a_stranger_at_a_dead_end_gets_the_list_of_stations(client, stranger):
    page = stranger.get("/jobs", params={"q": "宇航员驾驶"}).text
    assert 'id="no-results"' in page and 'href="/stations"' in page and "tel:" in page
    assert 'href="/stations"' in stranger.get("/policies/1").text


def test_an_employer_sees_which_station_to_ask_for_each_candidate(client, cast, db, settings):
    job_id = client_job(settings, cast)
    db(lambda s: _set(s, cast.worker_id, station_id=2))
    as_user(client, cast.employer)
    page = client.get(f"/jobs/{job_id}/candidates").text
    assert "李*华" in page and 'href="/stations/2"' in page and "tel:020-38210456" in page


def client_job(settings, cast) -> int:
    import asyncio

    return asyncio.run(add_job(settings.database_url, cast.employer_id))


async def _set(session, worker_id: int, **values) -> None:
    await session.execute(update(Worker).where(Worker.id == worker_id).values(**values))
    await session.commit()
