"""The county dashboard: every figure against records made here, the station and township filters,
the county's day boundary, drill-down lists, charts against their tables and CSV, bad parameters,
who may see what."""

import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import select

from portal.models import (
    Business,
    BusinessEmployee,
    BusinessSupport,
    Contract,
    Event,
    EventAttendee,
    GroupVisit,
    HelpRequest,
    Job,
    PhoneGroup,
    Station,
    User,
    Worker,
)
from tests.factories import job_fields, login, next_phone, user

T1, T2 = "511323101", "511323102"  # 锦屏镇, 巨龙镇
MONTH = {"from": "2025-11-01", "to": "2025-11-30"}
TRADE = "焊工"  # WELDER as the 2022 classification names it


def at(day: str, hour: int = 4) -> dt.datetime:
    """A UTC moment; 04:00 UTC is noon in Peng'an."""
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=dt.UTC)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def archive(name: str, station_id, township: str, created: dt.datetime, **more) -> Worker:
    n = next_phone()
    return Worker(
        name=name,
        phone=n,
        id_number=f"5113231990{n[-8:]}",
        birth_year=1990,
        home_township_code=township,
        station_id=station_id,
        expected_wage=5000,
        created_at=created,
        **more,
    )


async def seed_november(session, cast) -> dict:
    """November 2025 in Peng'an: three archives in it (one made at 04:00 on 1 November county
    time, the evening before in UTC), one just after it; events, contracts, businesses in and out."""
    staff = await session.scalar(select(User).where(User.phone == cast.staff))
    bj, gz = list(await session.scalars(select(Station.id).order_by(Station.id)))[:2]
    account = user(next_phone(), "worker", "甲账号")
    account.created_at = at("2025-11-10")
    session.add(account)
    await session.flush()
    a = archive("王甲", bj, T1, at("2025-11-10"), user_id=account.id, claimed_at=at("2025-11-11"))
    b = archive("王乙", gz, T2, at("2025-11-10"), intent="business")
    c = archive("王丙", bj, T2, at("2025-10-31", 20))  # 2025-11-01 04:00 in Peng'an
    d = archive("王丁", bj, T1, at("2025-11-30", 17))  # 2025-12-01 01:00 in Peng'an
    session.add_all([a, b, c, d])
    e1 = Event(
        kind="job_fair",
        title="十一月招聘会",
        held_on=day("2025-11-05"),
        place="县城",
        created_by_id=staff.id,
    )
    e2 = Event(
        kind="hometown",
        title="北京乡友会",
        held_on=day("2025-11-20"),
        place="北京",
        station_id=bj,
        created_by_id=staff.id,
    )
    e3 = Event(
        kind="briefing",
        title="十月宣讲",
        held_on=day("2025-10-01"),
        place="县城",
        created_by_id=staff.id,
    )
    session.add_all([e1, e2, e3])
    await session.flush()
    session.add_all(
        [
            EventAttendee(event_id=e1.id, worker_id=a.id),
            EventAttendee(event_id=e1.id, worker_id=b.id),
            EventAttendee(event_id=e2.id, worker_id=c.id),
            EventAttendee(event_id=e3.id, worker_id=a.id),
        ]
    )
    j1 = Job(
        employer_id=cast.employer_id,
        status="published",
        created_at=at("2025-11-03"),
        **job_fields(headcount=2, township_code=T1),
    )
    j2 = Job(
        employer_id=cast.employer_id,
        status="draft",
        created_at=at("2025-11-03"),
        **job_fields(title="钢筋工", trade_code="", headcount=1),
    )
    j3 = Job(
        employer_id=cast.employer_id,
        status="closed",
        created_at=at("2025-10-01"),
        **job_fields(title="砌筑工", trade_code="", headcount=1, township_code=T2),
    )
    session.add_all([j1, j2, j3])
    await session.flush()

    def contract(n, worker, job, **dates) -> Contract:
        return Contract(
            number=f"PA2025-{n:06d}",
            worker_id=worker.id,
            job_id=job.id,
            position=job.title,
            wage=6000,
            workplace="县城",
            start_date=day("2025-11-01"),
            status="signed",
            created_by_id=staff.id,
            **dates,
        )

    session.add_all(
        [
            contract(
                1,
                a,
                j1,
                signed_at=at("2025-11-06"),
                reported_at=day("2025-11-12"),
                in_post_30_at=at("2025-11-29"),
            ),
            contract(2, c, j1, signed_at=at("2025-11-06"), reported_at=day("2025-11-15")),
            contract(
                3,
                b,
                j3,
                signed_at=at("2025-10-20"),
                reported_at=day("2025-11-02"),
                in_post_90_at=at("2025-11-25"),
            ),
            contract(4, d, j1),  # a draft: counts nowhere
            # 王甲's second job this month: one more contract, still one worker who chose local work
            contract(5, a, j3, signed_at=at("2025-11-19"), reported_at=day("2025-11-20")),
        ]
    )
    z1 = Business(
        name="王甲农家乐",
        owner_worker_id=a.id,
        township_code=T1,
        industry="catering",
        kind="individual",
        stage="operating",
        registered_on=day("2025-11-02"),
        created_at=at("2025-11-02"),
    )
    z2 = Business(
        name="王乙网店",
        owner_worker_id=b.id,
        township_code=T2,
        industry="ecommerce",
        kind="individual",
        stage="idea",
        created_at=at("2025-11-09"),
    )
    z3 = Business(
        name="九月的店",
        township_code=T1,
        industry="other",
        kind="individual",
        stage="idea",
        created_at=at("2025-09-09"),
    )
    session.add_all([z1, z2, z3])
    await session.flush()
    session.add_all(
        [
            BusinessEmployee(business_id=z1.id, worker_id=c.id, since=day("2025-11-18")),
            BusinessEmployee(business_id=z3.id, worker_id=b.id, since=day("2025-08-01")),
            BusinessSupport(
                business_id=z1.id,
                kind="startup_subsidy",
                amount=5000,
                received_on=day("2025-11-03"),
            ),
            BusinessSupport(
                business_id=z1.id, kind="loan", amount=100000, received_on=day("2025-11-21")
            ),
            BusinessSupport(
                business_id=z2.id, kind="rent_subsidy", amount=1200, received_on=day("2025-12-01")
            ),
        ]
    )
    # Help requests: two in November (one at each station), one in October.
    session.add_all(
        [
            HelpRequest(
                worker_id=a.id,
                station_id=bj,
                kind="unpaid_wages",
                story="欠薪三个月",
                created_at=at("2025-11-03"),
            ),
            HelpRequest(
                worker_id=b.id,
                station_id=gz,
                kind="legal_aid",
                story="工伤",
                created_at=at("2025-11-28"),
            ),
            HelpRequest(
                worker_id=c.id,
                station_id=bj,
                kind="hardship",
                story="家中困难",
                created_at=at("2025-10-30"),
            ),
        ]
    )
    # Visits through a Beijing group's link: 3 + 2 in November, 4 on 31 October.
    group = PhoneGroup(name="蓬安老乡群", station_id=bj, code="QWER23")
    session.add(group)
    await session.flush()
    session.add_all(
        [
            GroupVisit(group_id=group.id, day=day("2025-11-05"), visits=3),
            GroupVisit(group_id=group.id, day=day("2025-11-20"), visits=2),
            GroupVisit(group_id=group.id, day=day("2025-10-31"), visits=4),
        ]
    )
    await session.commit()
    return {"bj": bj, "gz": gz}


@pytest.fixture
def seeded(cast, db):
    return db(lambda s: seed_november(s, cast))


@pytest.fixture
def staff(client, cast):
    login(client, cast.staff)
    return client


def values(answer: dict) -> dict:
    return {f["key"]: f["value"] for f in answer["figures"]}


NOVEMBER = {
    "archives": 3,  # 王甲, 王乙, 王丙 (made at 04:00 on 1 November county time); not 王丁
    "accounts": 1,
    "claimed": 1,
    "events": 2,
    "attendance": 3,
    "signed": 3,
    "reported": 4,  # one of them signed in October
    "in_post_30": 1,
    "in_post_90": 1,
    "local_work": 3,  # 王甲 reported twice
    "wants_local": 2,  # 王乙 wants a business
    "businesses": 2,
    "jobs_created": 1,
    "support": 105000,
    "vacancies_posted": 1,  # the draft is not posted, the closed one was posted in October
    "vacancies_filled": 2,  # 2 of 2 places on 15 November, 1 of 1 on 2 November
    "help_requests": 2,  # not the one of 30 October
    "share_kits": 5,  # visits: 3 + 2, not the 4 of 31 October
}


def test_every_figure_counts_the_records_made_in_its_period(staff, seeded):
    answer = staff.get("/api/v1/stats/overview", params=MONTH).json()
    assert values(answer) == NOVEMBER
    assert answer["from"] == "2025-11-01" and answer["to"] == "2025-11-30"


def test_a_figure_says_what_it_counts_and_when_it_was_computed(staff, seeded):
    answer = staff.get("/api/v1/stats/overview", params=MONTH).json()
    signed = next(f for f in answer["figures"] if f["key"] == "signed")
    assert signed["label"] == "已签意向" and "草稿不计" in signed["definition"]
    assert signed["computed_at"][:10] == dt.datetime.now(dt.UTC).date().isoformat()
    page = staff.get("/dashboard", params=MONTH).text
    card = page.split('id="figure-signed"')[1].split("</section>")[0]
    assert 'data-value="3"' in card and "草稿不计" in card and "计算于" in card


def test_help_requests_and_group_visits_split_by_station(staff, seeded):
    answer = staff.get("/api/v1/stats/overview", params=MONTH).json()
    figures = {f["key"]: f for f in answer["figures"]}
    help_by = {b["title"]: b["rows"] for b in figures["help_requests"]["breakdowns"]}
    assert sorted(r["value"] for r in help_by["按工作站"]) == [1, 1]
    assert len(help_by["按类别"]) == 2 and "按类别" in help_by
    visits = {b["title"]: b["rows"] for b in figures["share_kits"]["breakdowns"]}["按工作站"]
    assert [r["value"] for r in visits] == [5]
    gz = staff.get("/api/v1/stats/overview", params={**MONTH, "station": seeded["gz"]}).json()
    assert {f["key"]: f["value"] for f in gz["figures"]}["share_kits"] == 0
    assert {f["key"]: f["value"] for f in gz["figures"]}["help_requests"] == 1


def test_the_breakdowns_split_a_figure_by_station_kind_and_stage(staff, seeded):
    figures = {
        f["key"]: f for f in staff.get("/api/v1/stats/overview", params=MONTH).json()["figures"]
    }

    def rows(key, title):
        found = next(b for b in figures[key]["breakdowns"] if b["title"] == title)
        return {r["name"]: r["value"] for r in found["rows"]}

    assert rows("archives", "按户籍乡镇") == {"巨龙镇": 2, "锦屏镇": 1}
    assert sorted(rows("archives", "按工作站").values()) == [1, 2]
    assert rows("events", "按类别") == {"招聘会": 1, "工作站乡友座谈会/推介会": 1}
    assert rows("businesses", "按阶段") == {"正常经营": 1, "筹备中，还没办执照": 1}
    assert rows("support", "按类别") == {"创业担保贷款": 100000, "一次性创业补贴": 5000}


def test_a_station_keeps_its_archives_events_contracts_and_businesses(staff, seeded):
    answer = staff.get("/api/v1/stats/overview", params={**MONTH, "station": seeded["bj"]}).json()
    got = values(answer)
    assert (got["archives"], got["events"], got["attendance"]) == (2, 1, 2)
    assert (got["signed"], got["reported"], got["local_work"]) == (3, 3, 2)
    assert (got["businesses"], got["support"], got["jobs_created"]) == (1, 105000, 1)
    assert got["vacancies_posted"] == 1  # stations keep no vacancies: the filter does not apply


def test_a_home_township_keeps_the_people_from_it(staff, seeded):
    answer = staff.get("/api/v1/stats/overview", params={**MONTH, "township": T2}).json()
    got = values(answer)
    assert (got["archives"], got["signed"], got["reported"], got["businesses"]) == (2, 1, 2, 1)
    assert (got["vacancies_posted"], got["vacancies_filled"], got["events"]) == (0, 1, 2)


def test_each_figure_drills_down_to_as_many_records_as_it_counts(staff, seeded):
    answer = staff.get("/api/v1/stats/overview", params=MONTH).json()
    for f in answer["figures"]:
        if f["records_url"] is None:
            continue
        page = staff.get(f["records_url"])
        assert page.status_code == 200, f["key"]
        listed = page.text.split('id="records"')[1].split("</table>")[0].count("<tr><td>2025-")
        # Support is a sum of yuan (two payments), visits a sum over two days; the rest are counts.
        assert listed == (2 if f["unit"] in ("yuan", "visits") else f["value"]), f["key"]


def test_the_records_behind_archives_are_the_county_days_own(staff, seeded):
    page = staff.get("/dashboard/records/archives", params=MONTH).text
    assert "王丙" in page and "2025-11-01" in page  # made 20:00 UTC on 31 October
    assert "王丁" not in page  # made 01:00 on 1 December in Peng'an
    assert re.search(r'href="/workers/\d+">王甲', page)


def svg_bars(page: str, key: str) -> list[tuple[str, int]]:
    chart = page.split(f'<figure class="chart" id="{key}">')[1].split("</svg>")[0]
    return [
        (label, int(v))
        for label, v in re.findall(r'data-label="([^"]*)" data-value="(\d+)"', chart)
    ]


def table_rows(page: str, key: str) -> list[tuple[str, int]]:
    body = page.split(f'id="table-{key}"')[1].split("</tbody>")[0].split("<tbody>")[1]
    return [(a, int(b)) for a, b in re.findall(r"<tr><td>([^<]*)</td><td>(\d+)</td></tr>", body)]


@pytest.mark.parametrize(
    "key", ["signed-by-month", "archives-by-station", "archives-by-township", "signed-by-trade"]
)
def test_a_chart_its_table_and_its_csv_show_the_same_numbers(staff, seeded, key):
    page = staff.get("/dashboard", params=MONTH).text
    bars, table = svg_bars(page, key), table_rows(page, key)
    response = staff.get(f"/dashboard/charts/{key}.csv", params=MONTH)
    assert response.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert bars == table == [(name, int(n)) for name, n in lines[1:]]
    assert bars and sum(n for _, n in bars) > 0


def test_the_charts_agree_with_the_figures(staff, seeded):
    answer = staff.get("/api/v1/stats/overview", params=MONTH).json()
    charts = {c["key"]: {r["name"]: r["value"] for r in c["rows"]} for c in answer["charts"]}
    assert charts["signed-by-month"] == {"2025-11": 3}
    assert sum(charts["archives-by-station"].values()) == NOVEMBER["archives"]
    assert charts["archives-by-township"] == {"巨龙镇": 2, "锦屏镇": 1}
    assert charts["signed-by-trade"] == {TRADE: 2, "砌筑工": 1}  # no trade: its title


def test_a_chart_names_itself_for_screen_readers(staff, seeded):
    page = staff.get("/dashboard", params=MONTH).text
    chart = page.split('<figure class="chart" id="archives-by-township">')[1].split("</svg>")[0]
    assert '<title id="chart-archives-by-township-t">' in chart and "<desc" in chart
    assert 'role="img"' in chart and "<script" not in page.split("<main>")[1]


BAD = [
    ({"from": "2025-13-01"}, "from", "年-月-日"),
    ({"from": "十一月"}, "from", "年-月-日"),
    ({"to": "1999-12-31"}, "to", "2000-01-01"),
    ({"from": "2025-11-30", "to": "2025-11-01"}, "from", "开始日期晚于结束日期"),
    ({"station": "999999"}, "station", "没有这个工作站"),
    ({"station": "北京"}, "station", "没有这个工作站"),
    ({"township": "511323999"}, "township", "本县没有这个乡镇"),
]


@pytest.mark.parametrize(("params", "field", "says"), BAD)
def test_bad_parameters_are_refused_in_chinese(staff, params, field, says):
    r = staff.get("/api/v1/stats/overview", params=params)
    assert r.status_code == 400 and says in r.json()["errors"][field]
    page = staff.get("/dashboard", params=params)
    assert page.status_code == 400 and says in page.text
    assert staff.get("/dashboard/records/signed", params=params).status_code == 400


def test_an_unknown_figure_or_chart_is_not_found(staff):
    assert staff.get("/dashboard/records/nothing").status_code == 404
    assert staff.get("/dashboard/charts/nothing.csv").status_code == 404


def test_the_public_summary_shows_the_figures_but_no_names_or_records(stranger, seeded):
    page = stranger.get("/dashboard/public", params=MONTH)
    assert page.status_code == 200 and 'id="figure-archives"' in page.text
    assert 'data-value="3"' in page.text
    for private in ("王甲", "王丙", "/dashboard/records/", ".csv", "/workers/"):
        assert private not in page.text, private


@pytest.mark.parametrize("who", ["stranger", "worker", "employer"])
@pytest.mark.parametrize(
    "path",
    [
        "/dashboard",
        "/dashboard/records/archives",
        "/dashboard/charts/archives-by-station.csv",
        "/api/v1/stats/overview",
        "/reports/monthly/2025-11.pdf",
        "/reports/monthly/2025-11.xlsx",
    ],
)
def test_only_staff_see_the_dashboard_its_records_and_reports(client, cast, who, path):
    if who != "stranger":
        login(client, getattr(cast, who))
    r = client.get(path, follow_redirects=False)
    assert r.status_code == (403 if who != "stranger" else 401 if "/api/" in path else 302)


def test_staff_find_the_dashboard_in_the_menu_and_workers_do_not(client, cast):
    login(client, cast.staff)
    assert 'href="/dashboard"' in client.get("/staff").text
    client.cookies.clear()
    login(client, cast.worker)
    assert 'href="/dashboard"' not in client.get("/me").text
