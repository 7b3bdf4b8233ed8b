"""Archives, matches that explain themselves, masking and the audit log."""

import asyncio
import re

import pytest
from sqlalchemy import func, select
from stdnum.cn import ric

from portal.models import AuditLog, Worker
from tests.factories import add_job, csrf_form, login, next_phone

ARCHIVE = {
    "name": "王秀英",
    "phone": None,
    "id_number": "11010519491231002X",
    "home_township": "锦屏镇",
    "birth_year": 1949,
    "skills": [{"name": "缝纫", "level": "高级", "years": 20}],
    "certificates": ["健康证"],
    "expected_wage": 4000,
    "work_area": "county",
    "available_from": "2027-02-10",
    "consent": True,
    "consent_method": "in_person",
}


@pytest.fixture
def staff(client, cast):
    login(client, cast.staff)
    return client


def fresh_id(n: int) -> str:
    """A valid ID number of someone born in 1949 (the archive's birth year), unlike the cast's."""
    body = f"51132319490101{n:03d}"
    return body + ric.calc_check_digit(body + "0")


def count_workers(db) -> int:
    return db(lambda s: s.scalar(select(func.count()).select_from(Worker)))


def test_staff_create_an_archive_and_the_id_number_comes_back_masked(staff, db):
    number = "11010519800101001" + ric.calc_check_digit("110105198001010010")
    body = {**ARCHIVE, "phone": next_phone(), "id_number": number, "birth_year": 1980}
    r = staff.post("/api/v1/workers", json=body)
    assert r.status_code == 201, r.text
    assert r.json()["id_number"] == "110105********" + number[-4:]
    assert r.json()["gender"] == "男"


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"id_number": "110105194912310021"}, "id_number", "身份证号"),
        ({"phone": "1234"}, "phone", "11 位手机号"),
        ({"birth_year": 1950}, "birth_year", "出生年份"),
        ({"skills": "电焊"}, "skills", "列表"),
        ({"consent": False}, "consent", "同意"),
        ({"consent_method": "telepathy"}, "consent_method", None),
        ({"intent": "moon"}, "intent", None),
        ({"education": "博士后"}, "education", None),
        ({"years_away": 99}, "years_away", None),
        ({"family_notes": "照" * 201}, "family_notes", None),
        ({"current_employer": "厂" * 61}, "current_employer", None),
        ({"certificates": [{"name": "焊工证", "expires": "2027-02-30"}]}, "certificates", None),
        ({"certificates": [{"name": "焊工证", "expires": "1900-01-01"}]}, "certificates", None),
        ({"certificates": [{"name": ["焊工证"]}]}, "certificates", None),
        ({"certificates": 12}, "certificates", None),
        ({"skills": [{"name": "电焊", "code": "9-99-99-99"}]}, "skills", None),
        ({"skills": [{"name": "焊" * 50}]}, "skills", None),
        ({"expected_wage": 0}, "expected_wage", None),
        ({"work_area": "moon"}, "work_area", None),
        ({"available_from": "2027-13-45"}, "available_from", None),
        ({"name": "x" * 500}, "name", None),
        ({"name": "李"}, "name", None),
        ({"certificates": [f"证{i}" for i in range(11)]}, "certificates", None),
        ({"certificates": ["证" * 21]}, "certificates", None),
        ({"skills": [{"name": "电焊", "years": 61}]}, "skills", None),
        ({"skills": [{"name": "电焊", "level": "大师"}]}, "skills", None),
        ({"home_township": "北京"}, "home_township", "乡镇"),
    ],
)
def test_a_bad_archive_field_is_named_and_nothing_is_written(staff, db, change, field, text):
    before = count_workers(db)
    r = staff.post("/api/v1/workers", json={**ARCHIVE, "phone": next_phone(), **change})
    assert r.status_code == 400
    message = r.json()["errors"][field]
    assert text is None or text in message
    assert count_workers(db) == before


def test_the_same_phone_cannot_open_two_archives(staff, cast, db):
    r = staff.post("/api/v1/workers", json={**ARCHIVE, "phone": cast.worker})
    assert r.status_code == 400 and "已经" in r.json()["errors"]["phone"]


def test_reading_an_archive_is_written_to_the_audit_log(staff, cast, db):
    assert staff.get(f"/workers/{cast.worker_id}").status_code == 200
    staff.get(f"/api/v1/workers/{cast.worker_id}")
    rows = db(lambda s: s.scalars(select(AuditLog)))
    assert [(r.action, r.subject_id) for r in rows] == [("read_archive", cast.worker_id)] * 2


def test_archive_pages_never_show_the_full_id_number(staff, cast):
    page = staff.get(f"/workers/{cast.worker_id}").text
    assert "11010519491231002X" not in page and "110105********002X" in page


def test_an_archive_with_no_skills_is_kept_and_offered_only_jobs_for_beginners(
    staff, cast, settings
):
    r = staff.post(
        "/api/v1/workers",
        json={**ARCHIVE, "phone": next_phone(), "id_number": fresh_id(1), "skills": []},
    )
    assert r.status_code == 201 and r.json()["skills"] == []
    worker_id = r.json()["id"]
    asyncio.run(add_job(settings.database_url, cast.employer_id))  # a welding job: not for them
    learner = asyncio.run(
        add_job(
            settings.database_url,
            cast.employer_id,
            title="包装工",
            trade_code="",
            description="食品厂包装车间，无经验可，包教包会。",
            takes_beginners=True,
        )
    )
    hits = staff.get(f"/api/v1/workers/{worker_id}/matches").json()["hits"]
    assert [h["job_id"] for h in hits] == [learner]
    assert hits[0]["explanation"][0]["reason"] == "beginners_welcome"


def test_skills_and_certificates_are_read_into_the_vocabulary_when_saved(staff):
    body = {
        **ARCHIVE,
        "phone": next_phone(),
        "id_number": fresh_id(2),
        "skills": [{"name": "鉤機", "years": 6}],
        "certificates": [{"name": "挖机证", "expires": "2029-01-31"}],
    }
    r = staff.post("/api/v1/workers", json=body)
    assert r.status_code == 201
    assert r.json()["skills"][0]["trade_code"] == "6-30-05-05"  # 挖掘铲运和桩工机械司机
    assert r.json()["certificates"] == [{"name": "挖机证", "expires": "2029-01-31"}]
    assert r.json()["consent"]["method"] == "in_person" and r.json()["consent"]["at"]


def test_matches_rank_the_fitting_job_first_and_explain_it(staff, cast, settings):
    sewing = asyncio.run(
        add_job(
            settings.database_url,
            cast.employer_id,
            title="缝纫工",
            skills=["缝纫"],
            wage_min=9000,
            wage_max=9500,
        )
    )
    low_pay = asyncio.run(
        add_job(settings.database_url, cast.employer_id, wage_min=4000, wage_max=5000)
    )
    welding = asyncio.run(add_job(settings.database_url, cast.employer_id))
    hits = staff.get(f"/api/v1/workers/{cast.worker_id}/matches").json()["hits"]
    assert [h["job_id"] for h in hits] == [
        welding,
        low_pay,
    ]  # the sewing job is no match, however well paid
    assert sewing not in [h["job_id"] for h in hits]
    first = {c["name"]: c for c in hits[0]["explanation"]}
    assert first["skill"]["reason"] == "skill_same" and first["skill"]["params"]["have"] == "电焊"
    assert {c["name"]: c for c in hits[1]["explanation"]}["wage"]["params"]["gap"] == 1000


def test_a_job_that_needs_a_licence_the_worker_lacks_is_one_step_away_with_the_training_that_pays(
    client, cast, settings
):
    job_id = asyncio.run(
        add_job(
            settings.database_url, cast.employer_id, title="电焊工", certificates=["高处作业证"]
        )
    )
    login(client, cast.worker)
    shown = client.get("/api/v1/me/matches").json()
    assert job_id not in [h["job_id"] for h in shown["hits"]]
    assert [h["job_id"] for h in shown["near"]] == [job_id] and shown["near"][0]["gap"][
        "kind"
    ] == "certificate"
    assert "职业技能培训补贴" in [m["title"] for m in shown["measures"]]
    page = client.get("/me").text
    assert 'id="near"' in page and "只差：高处作业证" in page and 'id="measures"' in page


def test_the_worker_sees_the_score_and_its_reasons_on_the_job_page(client, cast, settings):
    job_id = asyncio.run(
        add_job(settings.database_url, cast.employer_id, wage_min=5000, wage_max=5500)
    )
    login(client, cast.worker)
    page = client.get(f"/jobs/{job_id}").text
    assert (
        'id="match"' in page
        and "你会电焊，正是这个岗位要的工种" in page
        and "工资比你想要的少 500 元" in page  # said to the worker, from their side
    )
    me = client.get("/me").text
    assert f'href="/jobs/{job_id}"' in me


def test_the_archive_form_shows_its_messages_and_keeps_what_was_typed(staff, db):
    token = csrf_form(staff, "/workers/new")
    form = {
        "name": "王秀英",
        "phone": "1380",
        "id_number": "123",
        "home_township": "511323101",
        "birth_year": "1975",
        "skill_name_0": "缝纫",
        "skill_level_0": "高级",
        "skill_years_0": "20",
        "expected_wage": "4000",
        "work_area": "county",
        "_csrf_token": token,
    }
    r = staff.post("/workers", data=form)
    assert r.status_code == 400
    assert "11 位手机号" in r.text and 'value="王秀英"' in r.text and 'value="缝纫"' in r.text
    assert count_workers(db) == 1  # the cast's worker only


def test_an_unknown_station_is_a_message_not_an_error(staff, db):
    before = count_workers(db)
    r = staff.post("/api/v1/workers", json={**ARCHIVE, "phone": next_phone(), "station_id": 50})
    assert r.status_code == 400 and "station_id" in r.json()["errors"]
    assert count_workers(db) == before


def test_a_start_date_far_in_the_future_is_a_message_not_an_error(staff, db):
    before = count_workers(db)
    r = staff.post(
        "/api/v1/workers", json={**ARCHIVE, "phone": next_phone(), "available_from": "9999-12-31"}
    )
    assert r.status_code == 400 and "available_from" in r.json()["errors"]
    assert count_workers(db) == before


def test_staff_find_a_worker_typed_in_traditional_characters(staff, cast):
    page = staff.post("/staff", data={"q": "李國華"}).text
    assert f'href="/workers/{cast.worker_id}"' in page


CAST_ID_NUMBER = "11010519491231002X"
URL_WITH_ID = re.compile(
    r'(?:href|action|src|hx-get|hx-post|content)="[^"]*' + CAST_ID_NUMBER[:14], re.I
)


def test_staff_find_a_worker_by_id_number_through_a_posted_form_and_no_link_carries_it(staff, cast):
    """The look-up is a form post: a full ID number never travels in a URL (access logs, history)."""
    finder = staff.get("/staff").text
    assert (
        re.search(r'<form method="post" action="/staff"[^>]*role="search"', finder)
        and "_csrf_token" in finder
    )
    page = staff.post("/staff", data={"q": CAST_ID_NUMBER.lower()})
    assert page.status_code == 200 and f'href="/workers/{cast.worker_id}"' in page.text
    assert URL_WITH_ID.search(page.text) is None


@pytest.mark.parametrize("param", ["q", "id_number"])
def test_an_id_number_in_the_staff_page_query_string_looks_nothing_up(staff, cast, param):
    other = staff.post(
        "/api/v1/workers", json={**ARCHIVE, "phone": next_phone(), "id_number": fresh_id(1)}
    ).json()
    page = staff.get("/staff", params={param: CAST_ID_NUMBER})
    assert (
        page.status_code == 200 and f'href="/workers/{other["id"]}"' in page.text
    )  # the plain list
    assert CAST_ID_NUMBER not in page.text


def test_a_worker_login_without_an_archive_is_told_whom_to_call(client, db, settings):
    from portal.accounts.service import new_user
    from tests.factories import PASSWORD

    phone = next_phone()

    async def make(s):
        s.add(new_user(phone, PASSWORD, "worker", "新用户"))
        await s.commit()

    db(make)
    login(client, phone)
    page = client.get("/me")
    assert page.status_code == 200 and "服务工作站" in page.text and "028-84410321" in page.text


def test_staff_edit_an_archive_and_the_matches_follow_at_once(staff, cast, settings):
    welding = asyncio.run(add_job(settings.database_url, cast.employer_id))
    sewing = asyncio.run(
        add_job(
            settings.database_url,
            cast.employer_id,
            title="缝纫工",
            skills=["缝纫"],
            trade_code="6-05-01-03",
            description="服装厂车间，平车熟练工，计件。",
        )
    )
    assert [
        h["job_id"] for h in staff.get(f"/api/v1/workers/{cast.worker_id}/matches").json()["hits"]
    ] == [welding]
    body = {
        **ARCHIVE,
        "name": "李国华",
        "phone": cast.worker,
        "skills": [{"name": "缝纫", "level": "高级", "years": 20}],
    }
    r = staff.put(f"/api/v1/workers/{cast.worker_id}", json=body)
    assert r.status_code == 200, r.text
    assert (
        r.json()["id_number"] == "110105********002X"
    )  # the ID number was not touched, and is still masked
    assert [
        h["job_id"] for h in staff.get(f"/api/v1/workers/{cast.worker_id}/matches").json()["hits"]
    ] == [sewing]


def test_an_edit_with_a_bad_field_changes_nothing(staff, cast, db):
    r = staff.put(
        f"/api/v1/workers/{cast.worker_id}",
        json={**ARCHIVE, "phone": cast.worker, "expected_wage": "lots"},
    )
    assert r.status_code == 400 and "expected_wage" in r.json()["errors"]
    worker = db(lambda s: s.get(Worker, cast.worker_id))
    assert worker.name == "李国华" and worker.expected_wage == 6000


def test_the_edit_form_is_filled_in_and_never_shows_the_id_number(staff, cast):
    page = staff.get(f"/workers/{cast.worker_id}/edit").text
    assert 'value="李国华"' in page and 'value="电焊"' in page and 'value="焊工证"' in page
    assert "11010519491231002X" not in page and 'name="id_number"' not in page


def test_a_worker_updates_their_own_skills_but_not_who_they_are(client, cast, db):
    login(client, cast.worker)
    assert 'id="edit-archive"' in client.get("/me").text
    r = client.put(
        "/api/v1/me",
        json={
            "name": "别人",
            "id_number": "110105198001010010",
            "phone": "13000000000",
            "home_township": "锦屏镇",
            "skills": [{"name": "钢筋工", "years": 3}],
            "expected_wage": 7000,
            "daily_commute": True,
        },
    )
    assert r.status_code == 200, r.text
    worker = db(lambda s: s.get(Worker, cast.worker_id))
    assert (worker.name, worker.id_number, worker.phone) == (
        "李国华",
        "11010519491231002X",
        cast.worker,
    )
    assert worker.expected_wage == 7000 and worker.daily_commute
    assert [(s.name, s.trade_code) for s in worker.skills] == [("钢筋工", "6-29-01-04")]


def test_the_worker_edit_page_has_only_their_own_fields(client, cast):
    login(client, cast.worker)
    page = client.get("/me/edit").text
    assert (
        'name="skill_name_0"' in page and 'name="name"' not in page and 'name="phone"' not in page
    )


def test_the_worker_edit_page_names_a_wrong_field(client, cast):
    login(client, cast.worker)
    token = csrf_form(client, "/me/edit")
    r = client.post(
        "/me",
        data={
            "_csrf_token": token,
            "home_township": "511323101",
            "skill_name_0": "电焊",
            "expected_wage": "abc",
            "work_area": "county",
        },
    )
    assert r.status_code == 400 and "整数" in r.text


def test_an_employer_cannot_edit_an_archive(client, cast):
    login(client, cast.employer)
    assert client.put(f"/api/v1/workers/{cast.worker_id}", json=ARCHIVE).status_code == 403
    assert client.get(f"/workers/{cast.worker_id}/edit").status_code == 403


def test_only_a_worker_has_an_own_archive_to_update(client, cast):
    login(client, cast.employer)
    assert client.put("/api/v1/me", json={}).status_code == 403


def test_a_stranger_cannot_read_an_archive(stranger, cast):
    assert stranger.get(f"/api/v1/workers/{cast.worker_id}").status_code == 401
    page = stranger.get(f"/workers/{cast.worker_id}", follow_redirects=False)
    assert page.status_code == 302 and page.headers["location"].startswith("/login?next=")


def test_a_stranger_cannot_record_an_archive(stranger, cast, db):
    token = csrf_form(stranger, "/login")
    r = stranger.post(
        "/api/v1/workers", json={**ARCHIVE, "phone": next_phone()}, headers={"x-csrftoken": token}
    )
    assert r.status_code == 401 and count_workers(db) == 1


def test_the_schema_documents_the_archive_writes_and_the_card_they_answer(stranger):
    spec = stranger.get("/schema/openapi.json").json()
    writes = {
        ("/api/v1/workers", "post", "201"): "ArchiveForm",
        ("/api/v1/workers/{worker_id}", "put", "200"): "ArchiveForm",
        ("/api/v1/me", "put", "200"): "OwnArchiveForm",
    }
    for (path, method, status), form in writes.items():
        op = spec["paths"][path][method]
        body = op["requestBody"]["content"]["application/json"]["schema"]
        answer = op["responses"][status]["content"]["application/json"]["schema"]
        assert body == {"$ref": f"#/components/schemas/{form}"}, path
        assert answer == {"$ref": "#/components/schemas/WorkerCard"}, path
    shapes = spec["components"]["schemas"]
    archive = shapes["ArchiveForm"]["properties"]
    assert archive["name"]["type"] == "string" and archive["name"]["maxLength"] == 20
    assert archive["expected_wage"]["type"] == "integer"
    assert archive["skills"]["oneOf"][0]["items"] == {"$ref": "#/components/schemas/SkillItem"}
    assert set(shapes["SkillItem"]["properties"]) >= {"name", "level", "years", "code"}
    assert {"name", "phone", "id_number"}.isdisjoint(shapes["OwnArchiveForm"]["properties"])
    card = shapes["WorkerCard"]["properties"]
    assert card["id_number"]["type"] == "string" and "masked" in card["id_number"]["description"]
    assert card["certificates"]["items"] == {"$ref": "#/components/schemas/CertificateCard"}


def test_a_skill_typed_in_the_form_suggests_trades_to_pick(staff):
    fragment = staff.get("/workers/skill-suggest", params={"row": 0, "skill_name_0": "挖机"}).text
    assert (
        'name="skill_code_0" value="6-30-05-05"' in fragment
        and "挖掘铲运和桩工机械司机" in fragment
    )


def test_an_odd_row_or_a_long_name_asks_for_suggestions_without_an_error(staff):
    params = {"row": 99, "skill_name_99": "x" * 500}
    assert staff.get("/workers/skill-suggest", params=params).status_code == 200


def test_the_trade_picked_for_a_skill_is_kept_and_shown(staff, db):
    token = csrf_form(staff, "/workers/new")
    form = {
        "name": "王秀英",
        "phone": next_phone(),
        "id_number": fresh_id(3),
        "home_township": "511323101",
        "birth_year": "1949",
        "skill_name_0": "开车",
        "skill_code_0": "4-02-02-02",
        "skill_name_1": "打杂",
        "skill_code_1": "-",
        "expected_wage": "4000",
        "work_area": "county",
        "consent": "1",
        "_csrf_token": token,
    }
    r = staff.post("/workers", data=form, follow_redirects=False)
    assert r.status_code == 302, r.text
    worker = db(lambda s: s.scalar(select(Worker).where(Worker.phone == form["phone"])))
    assert [(s.name, s.trade_code) for s in worker.skills] == [("开车", "4-02-02-02"), ("打杂", "")]
    page = staff.get(r.headers["location"]).text
    assert '开车 <span class="muted">(道路货运汽车驾驶员)</span>' in page
