"""Workers' own accounts: sign-up, claiming the station's archive with a code, getting back in,
and each refusal with its Chinese message and nothing written."""

import asyncio
import datetime as dt

import pytest
from sqlalchemy import func, select, update
from stdnum.cn import ric

from portal.models import AccessCode, AuditLog, LoginFailure, User, Worker
from tests.factories import PASSWORD, csrf_form, login, next_phone

NEW_PASSWORD = "jinping-river-2026"


def fresh_id(n: int) -> str:
    body = f"51132319700101{n:03d}"
    return body + ric.calc_check_digit(body + "0")


def as_user(client, phone=None, password=PASSWORD):
    client.cookies.clear()
    client.headers.pop("x-csrftoken", None)
    if phone:
        login(client, phone, password)


def count(db, model, *where) -> int:
    return db(lambda s: s.scalar(select(func.count()).select_from(model).where(*where)))


def station_archive(db, n: int) -> tuple[int, str]:
    """An archive staff made at a station (no account): (worker id, its phone)."""
    phone = next_phone()

    async def make(s):
        worker = Worker(
            name="王秀英",
            phone=phone,
            id_number=fresh_id(n),
            gender="女",
            birth_year=1970,
            home_township_code="511323101",
            expected_wage=4000,
            station_id=1,
            consent_at=dt.datetime.now(dt.UTC),
            consent_method="in_person",
        )
        s.add(worker)
        await s.commit()
        return worker.id

    return db(make), phone


def hand_out(client, cast, worker_id: int, purpose: str = "claim") -> dict:
    as_user(client, cast.staff)
    r = client.post(f"/api/v1/workers/{worker_id}/codes", json={"purpose": purpose})
    assert r.status_code == 201, r.text
    as_user(client)
    return r.json()


def sign_up(client, phone: str, code: str | None = None, **more):
    body = {"phone": phone, "password": NEW_PASSWORD, "name": "王秀英", **more}
    if code is not None:
        body["claim_code"] = code
    return client.post("/api/v1/auth/register", json=body)


def test_a_worker_signs_up_with_a_phone_and_is_logged_in_with_an_empty_account(client, db):
    phone = next_phone()
    r = sign_up(client, phone)
    assert r.status_code == 201, r.text
    assert r.json()["role"] == "worker" and r.json()["worker_id"] is None
    page = client.get("/me")
    assert page.status_code == 200 and "认领码" in page.text and "填写我的档案" in page.text
    assert count(db, User, User.phone == phone) == 1


def test_the_sign_up_page_registers_and_lands_on_the_workers_page(client, db):
    token = csrf_form(client, "/register")
    phone = next_phone()
    data = {"phone": phone, "password": NEW_PASSWORD, "name": "张三", "_csrf_token": token}
    r = client.post("/register", data=data, follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/me"
    assert client.get("/me").status_code == 200


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"password": "12345678"}, "password", "太常见"),
        ({"password": "short"}, "password", "至少需要8"),
        ({"password": "x" * 201}, "password", "太长"),
        ({"password": None}, "password", "文字"),
        ({"name": "李"}, "name", "太短"),
        ({"name": "李" * 21}, "name", "最多"),
        ({"phone": "12345"}, "phone", "11 位手机号"),
    ],
)
def test_a_bad_sign_up_field_is_named_in_chinese_and_nothing_is_written(
    client, db, change, field, text
):
    before = count(db, User)
    body = {"phone": next_phone(), "password": NEW_PASSWORD, "name": "王秀英", **change}
    r = client.post("/api/v1/auth/register", json=body)
    assert r.status_code == 400, r.text
    assert text in r.json()["errors"][field], r.json()
    assert count(db, User) == before


def test_a_password_containing_the_phone_is_refused(client, db):
    phone = next_phone()
    r = sign_up(client, phone, password=f"a{phone}")
    assert r.status_code == 400 and "手机号" in r.json()["errors"]["password"]


def test_a_phone_already_registered_gets_the_neutral_answer_and_nothing_changes(client, cast, db):
    before = count(db, User)
    for phone in (cast.worker, cast.staff):  # a worker's phone and a staff member's alike
        r = sign_up(client, phone)
        assert r.status_code == 400
        assert "不能注册" in r.json()["errors"]["phone"]
    assert count(db, User) == before
    # The old password still works: nothing about the account was touched.
    login(client, cast.worker)


def test_without_a_code_a_phone_matching_an_archive_gets_an_empty_account_never_the_archive(
    client, db
):
    worker_id, phone = station_archive(db, 1)
    r = sign_up(client, phone)
    assert r.status_code == 201 and r.json()["worker_id"] is None
    assert db(lambda s: s.scalar(select(Worker.user_id).where(Worker.id == worker_id))) is None
    assert "王秀英" not in client.get("/me").text


def test_staff_hand_out_a_claim_code_and_signing_up_with_it_claims_the_archive(client, cast, db):
    worker_id, phone = station_archive(db, 2)
    card = hand_out(client, cast, worker_id)
    assert len(card["code"].replace("-", "")) == 8 and card["register_url"].endswith(
        "/register?code=" + card["code"].replace("-", "")
    )
    expires = dt.datetime.fromisoformat(card["expires_at"])
    assert dt.timedelta(days=13) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=14)
    # Typed as people type it: lower case, a space instead of the dash.
    r = sign_up(client, phone, card["code"].lower().replace("-", " "))
    assert r.status_code == 201, r.text
    assert r.json()["worker_id"] == worker_id
    claimed = db(lambda s: s.get(Worker, worker_id))
    assert claimed.user_id == r.json()["id"] and claimed.claimed_at is not None
    assert "王秀英" in client.get("/me").text
    assert count(db, AuditLog, AuditLog.action == "code_claim", AuditLog.subject_id == worker_id)


def test_only_a_hash_of_the_code_is_stored(client, cast, db):
    worker_id, _ = station_archive(db, 3)
    code = hand_out(client, cast, worker_id)["code"]
    rows = db(lambda s: s.scalars(select(AccessCode)))
    stored = " ".join(f"{r.code_hash} {r.phone}" for r in rows)
    assert code.replace("-", "") not in stored and code not in stored


def test_a_used_code_is_refused_and_a_second_account_gets_nothing(client, cast, db):
    worker_id, phone = station_archive(db, 4)
    code = hand_out(client, cast, worker_id)["code"]
    assert sign_up(client, phone, code).status_code == 201
    as_user(client)
    before = count(db, User)
    r = sign_up(client, phone, code)
    assert r.status_code == 400 and "已经用过" in r.json()["errors"]["code"]
    assert count(db, User) == before


def test_another_phones_code_is_wrong_and_writes_nothing(client, cast, db):
    worker_id, _ = station_archive(db, 5)
    code = hand_out(client, cast, worker_id)["code"]
    before = count(db, User)
    r = sign_up(client, next_phone(), code)
    assert r.status_code == 400 and "对不上" in r.json()["errors"]["code"]
    assert count(db, User) == before
    assert db(lambda s: s.get(Worker, worker_id)).user_id is None


def test_an_expired_code_is_refused(client, cast, db):
    worker_id, phone = station_archive(db, 6)
    code = hand_out(client, cast, worker_id)["code"]

    async def expire(s):
        past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        await s.execute(update(AccessCode).values(expires_at=past))
        await s.commit()

    db(expire)
    r = sign_up(client, phone, code)
    assert r.status_code == 400 and "过期" in r.json()["errors"]["code"]
    assert count(db, User, User.phone == phone) == 0


def test_a_new_code_ends_the_earlier_one(client, cast, db):
    worker_id, phone = station_archive(db, 7)
    first = hand_out(client, cast, worker_id)["code"]
    hand_out(client, cast, worker_id)
    r = sign_up(client, phone, first)
    assert r.status_code == 400 and "过期" in r.json()["errors"]["code"]


def test_five_wrong_codes_end_the_phones_code_and_the_sixth_try_waits(client, cast, db):
    worker_id, phone = station_archive(db, 8)
    code = hand_out(client, cast, worker_id)["code"]
    for wrong in ("2222-2222", "3333-3333", "4444-4444", "5555-5555", "6666-6666"):
        assert sign_up(client, phone, wrong).status_code == 400
    assert sign_up(client, phone, code).status_code == 429  # counted like logins
    db(lambda s: _clear(s, LoginFailure))  # as if the 15 minutes had passed
    r = sign_up(client, phone, code)
    assert r.status_code == 400 and "次数太多" in r.json()["errors"]["code"]
    assert count(db, User, User.phone == phone) == 0


async def _clear(s, model):
    await s.execute(model.__table__.delete())
    await s.commit()


def test_a_worker_with_an_account_claims_the_archive_on_their_page(client, cast, db):
    worker_id, phone = station_archive(db, 9)
    assert sign_up(client, phone).status_code == 201  # no code: an empty account
    code = hand_out(client, cast, worker_id)["code"]
    as_user(client, phone, NEW_PASSWORD)
    token = csrf_form(client, "/me")
    r = client.post("/me/claim", data={"code": code, "_csrf_token": token}, follow_redirects=False)
    assert r.status_code == 302
    assert "王秀英" in client.get("/me").text
    # An account holds at most one archive.
    other_id, _ = station_archive(db, 10)
    as_user(client, phone, NEW_PASSWORD)
    r = client.post("/api/v1/me/claim", json={"code": "ABCD-EFGH"})
    assert r.status_code == 400 and "已经有档案" in r.json()["errors"]["code"]
    assert db(lambda s: s.get(Worker, other_id)).user_id is None


def test_a_claim_code_on_the_page_that_is_wrong_shows_the_form_again(client, db):
    phone = next_phone()
    sign_up(client, phone)
    token = csrf_form(client, "/me")
    r = client.post("/me/claim", data={"code": "ABCD-EFGH", "_csrf_token": token})
    assert r.status_code == 400 and "对不上" in r.text and 'value="ABCD-EFGH"' in r.text


def test_a_reset_code_sets_a_new_password_and_ends_every_session(client, cast, db, stranger):
    login(stranger, cast.worker)  # a session on another phone, to be ended
    assert stranger.get("/me").status_code == 200
    code = hand_out(client, cast, cast.worker_id, "reset")["code"]
    body = {"phone": cast.worker, "code": code, "password": NEW_PASSWORD}
    r = client.post("/api/v1/auth/reset", json=body)
    assert r.status_code == 201, r.text
    assert stranger.get("/me", follow_redirects=False).status_code in (302, 401)
    refused = client.post("/api/v1/auth/login", json={"phone": cast.worker, "password": PASSWORD})
    assert refused.status_code == 400
    login(client, cast.worker, NEW_PASSWORD)
    # The same code twice: used.
    again = client.post("/api/v1/auth/reset", json={**body, "password": "another-pass-2026"})
    assert again.status_code == 400 and "已经用过" in again.json()["errors"]["code"]


def test_a_reset_with_a_common_password_changes_nothing(client, cast, db):
    code = hand_out(client, cast, cast.worker_id, "reset")["code"]
    r = client.post(
        "/api/v1/auth/reset", json={"phone": cast.worker, "code": code, "password": "password"}
    )
    assert r.status_code == 400 and "password" in r.json()["errors"]
    login(client, cast.worker)  # the old password still works, and the code is unused:
    r = client.post(
        "/api/v1/auth/reset", json={"phone": cast.worker, "code": code, "password": NEW_PASSWORD}
    )
    assert r.status_code == 201


def test_a_reset_code_does_not_work_for_another_phone(client, cast, db):
    code = hand_out(client, cast, cast.worker_id, "reset")["code"]
    body = {"phone": cast.staff, "code": code, "password": NEW_PASSWORD}
    r = client.post("/api/v1/auth/reset", json=body)
    assert r.status_code == 400 and "对不上" in r.json()["errors"]["code"]
    login(client, cast.staff)


def test_codes_fit_the_archive_claim_for_one_without_an_account_reset_for_one_with(
    client, cast, db
):
    as_user(client, cast.staff)
    r = client.post(f"/api/v1/workers/{cast.worker_id}/codes", json={"purpose": "claim"})
    assert r.status_code == 400 and "找回" in r.json()["errors"]["purpose"]
    worker_id, _ = station_archive(db, 11)
    r = client.post(f"/api/v1/workers/{worker_id}/codes", json={"purpose": "reset"})
    assert r.status_code == 400 and "认领码" in r.json()["errors"]["purpose"]
    r = client.post(f"/api/v1/workers/{worker_id}/codes", json={"purpose": "other"})
    assert r.status_code == 400
    assert count(db, AccessCode) == 0


def test_only_staff_hand_out_codes(client, cast, db, stranger):
    worker_id, _ = station_archive(db, 12)
    as_user(client, cast.worker)
    assert (
        client.post(f"/api/v1/workers/{worker_id}/codes", json={"purpose": "claim"}).status_code
        == 403
    )
    as_user(client, cast.employer)
    assert (
        client.post(f"/api/v1/workers/{worker_id}/codes", json={"purpose": "claim"}).status_code
        == 403
    )
    assert stranger.post(
        f"/api/v1/workers/{worker_id}/codes", json={"purpose": "claim"}
    ).status_code in (401, 403)
    assert count(db, AccessCode) == 0


def test_the_staff_page_shows_the_code_big_with_a_qr_to_sign_up(client, cast, db):
    worker_id, _ = station_archive(db, 13)
    as_user(client, cast.staff)
    page = client.get(f"/workers/{worker_id}").text
    assert "给认领码" in page
    token = client.cookies.get("csrftoken")
    r = client.post(f"/workers/{worker_id}/codes", data={"purpose": "claim", "_csrf_token": token})
    assert r.status_code == 200
    assert 'id="code"' in r.text and "<svg" in r.text and "王*英" in r.text
    assert "打印认领单" in r.text


def test_a_worker_without_an_archive_fills_one_in_and_decides_on_sharing(client, db):
    phone = next_phone()
    sign_up(client, phone)
    token = csrf_form(client, "/me/edit")
    data = {
        "_csrf_token": token,
        "name": "赵大山",
        "id_number": fresh_id(20),
        "birth_year": "1970",
        "home_township": "511323101",
        "skill_name_0": "电焊",
        "expected_wage": "6000",
        "work_area": "county",
    }
    r = client.post("/me", data=data, follow_redirects=False)
    assert r.status_code == 302, r.text
    mine = db(lambda s: s.scalar(select(Worker).where(Worker.phone == phone)))
    assert mine.user_id is not None and mine.consent_method == "self" and mine.is_shared is False
    assert "用人单位现在看不到你的档案" in client.get("/me").text


def test_a_self_made_archive_with_a_stations_details_points_to_the_claim_code(client, db):
    worker_id, _ = station_archive(db, 21)
    phone = next_phone()
    sign_up(client, phone)
    token = csrf_form(client, "/me/edit")
    data = {
        "_csrf_token": token,
        "name": "王秀英",
        "id_number": fresh_id(21),
        "birth_year": "1970",
        "home_township": "511323101",
        "expected_wage": "4000",
    }
    r = client.post("/me", data=data)
    assert r.status_code == 400 and "认领码" in r.text
    assert count(db, Worker, Worker.phone == phone) == 0


def test_the_workers_page_shows_matches_before_the_archive(client, cast, settings):
    from tests.factories import add_job

    asyncio.run(add_job(settings.database_url, cast.employer_id))
    as_user(client, cast.worker)
    page = client.get("/me").text
    assert page.index('id="matches"') < page.index('id="archive"')
    assert 'class="card match tap-card"' in page


def test_statistics_count_accounts_claims_and_activity_by_station(client, cast, db):
    as_user(client, cast.staff)
    before = client.get("/api/v1/stats/accounts").json()
    worker_id, phone = station_archive(db, 30)  # kept by station 1
    code = hand_out(client, cast, worker_id)["code"]
    assert sign_up(client, phone, code).status_code == 201
    client.get("/me")  # active today
    as_user(client)
    assert sign_up(client, next_phone()).status_code == 201  # no archive, never came back
    as_user(client, cast.staff)
    after = client.get("/api/v1/stats/accounts").json()
    total, was = after["total"], before["total"]
    assert total["accounts"] == was["accounts"] + 2
    assert total["claimed"] == was["claimed"] + 1
    assert total["active_30d"] == was["active_30d"] + 2  # signing up logs in: both were here
    station = db(lambda s: s.get(Worker, worker_id)).station.name
    row = {r["name"]: r for r in after["station"]}[station]
    old = {r["name"]: r for r in before["station"]}.get(station, {"accounts": 0, "claimed": 0})
    assert (row["accounts"], row["claimed"]) == (old["accounts"] + 1, old["claimed"] + 1)
    page = client.get("/staff/stats").text
    assert 'id="accounts-by-station"' in page and station in page


@pytest.mark.parametrize(
    "typed", ["A" * 41, "ABCD-EFG", "ABCD-EFGHJ", "OOOO-IIII", "码码码码-码码码码"]
)
def test_a_code_that_cannot_be_one_is_simply_wrong(client, cast, db, typed):
    worker_id, phone = station_archive(db, 40)
    r = sign_up(client, phone, typed)
    assert r.status_code == 400 and "对不上" in r.json()["errors"]["code"]
    assert count(db, User, User.phone == phone) == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"phone": "123", "code": "ABCD-EFGH", "password": NEW_PASSWORD}, "phone"),
        ({"phone": "13800000000", "code": "ABCD-EFGH", "password": "short"}, "password"),
        ({"phone": "13800000000", "code": 12345678, "password": NEW_PASSWORD}, "code"),
    ],
)
def test_a_bad_reset_field_is_named_in_chinese(client, body, field):
    r = client.post("/api/v1/auth/reset", json=body)
    assert r.status_code == 400 and field in r.json()["errors"], r.text


def test_the_sign_up_and_reset_pages_refuse_without_the_csrf_token(client):
    data = {"phone": next_phone(), "password": NEW_PASSWORD, "name": "张三"}
    assert client.post("/register", data=data).status_code == 403
    assert client.post("/reset", data={**data, "code": "ABCD-EFGH"}).status_code == 403


def test_the_api_sign_up_takes_json_only(client):
    data = {"phone": next_phone(), "password": NEW_PASSWORD, "name": "张三"}
    assert client.post("/api/v1/auth/register", data=data).status_code in (400, 415)


def test_the_claim_slip_prints_as_a_pdf_whose_qr_opens_sign_up_with_the_code(
    client, cast, db, tmp_path
):
    import io
    import subprocess

    from pypdf import PdfReader

    worker_id, _ = station_archive(db, 50)
    as_user(client, cast.staff)
    code = client.post(f"/api/v1/workers/{worker_id}/codes", json={"purpose": "claim"}).json()[
        "code"
    ]
    token = client.cookies.get("csrftoken")
    r = client.post(f"/workers/{worker_id}/codes/slip", data={"code": code, "_csrf_token": token})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    assert "王*英" in text and code.replace("-", "")[:4] in text and "王秀英" not in text
    pdf = tmp_path / "slip.pdf"
    pdf.write_bytes(r.content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(tmp_path / "slip")],
        check=True,
    )
    read = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "slip.png")], capture_output=True, text=True
    )
    assert read.stdout.strip().endswith("/register?code=" + code.replace("-", ""))
    # A code that no longer works prints nothing: the slip is for the live code only.
    r = client.post(
        f"/workers/{worker_id}/codes/slip", data={"code": "2222-2222", "_csrf_token": token}
    )
    assert r.status_code == 404


def test_the_worker_opens_their_own_contract_pdf_and_its_verify_link_and_no_one_elses(
    client, cast, settings, db
):
    from tests.factories import add_job, future

    job = asyncio.run(add_job(settings.database_url, cast.employer_id))
    as_user(client, cast.staff)
    body = {"worker_id": cast.worker_id, "job_id": job, "wage": 6500, "start_date": future()}
    contract = client.post("/api/v1/contracts", json=body).json()
    as_user(client, cast.worker)
    page = client.get("/me/contracts").text
    assert contract["verify_url"] in page and "<svg" in page
    pdf = client.get(f"/me/contracts/{contract['id']}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/me/contracts/{contract['id']}").status_code == 404
    phone = next_phone()
    as_user(client)
    sign_up(client, phone)  # another worker: the contract is not theirs to open
    assert client.get(f"/me/contracts/{contract['id']}.pdf").status_code == 404
