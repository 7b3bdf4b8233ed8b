"""The registry's pages: staff register a business by the owner's phone and name employees the same
way; a worker registers their own from /me; the public entrepreneurship page leads to the measures."""

import datetime as dt

from ..factories import csrf_form
from .test_businesses import as_user, shop, workers

TODAY = dt.date.today()


def page_form(client, path: str, **fields) -> dict:
    return {"_csrf_token": csrf_form(client, path), **fields}


def test_staff_register_a_business_by_the_owners_phone_and_name_two_employees(
    client, cast, settings
):
    as_user(client, cast.staff)
    form = page_form(
        client,
        "/businesses/new",
        owner_phone=cast.worker,
        name="锦屏镇老李面馆",
        kind="individual",
        township="511323101",
        industry="catering",
        stage="registered",
        registered_on=(TODAY - dt.timedelta(days=30)).isoformat(),
    )
    r = client.post("/businesses", data=form, follow_redirects=False)
    assert r.status_code in (302, 303), r.text
    path = r.headers["location"]
    for cook in workers(settings, "王小燕", "赵建军"):
        added = client.post(
            f"{path}/employees",
            data=page_form(client, path, phone=cook.phone),
            follow_redirects=False,
        )
        assert added.status_code in (302, 303)
    page = client.get(path).text
    assert "王小燕" in page and "赵建军" in page
    assert '<p id="jobs-created">带动就业人数: <strong>2</strong>' in page


def test_the_staff_form_says_what_is_wrong_with_the_owner_and_the_licence(client, cast):
    as_user(client, cast.staff)
    form = page_form(
        client,
        "/businesses/new",
        owner_phone="13000000000",
        name="老李面馆",
        kind="individual",
        township="511323101",
        industry="catering",
        stage="registered",
    )
    r = client.post("/businesses", data=form)
    assert r.status_code == 400 and "没有档案登记了这个手机号" in r.text
    form["owner_phone"] = cast.worker
    r = client.post("/businesses", data=form)
    assert r.status_code == 400 and "营业执照上的成立日期" in r.text


def test_staff_filter_the_list_by_stage_township_and_industry(client, cast):
    as_user(client, cast.staff)
    client.post("/api/v1/businesses", json=shop(cast.worker_id, name="面馆"))
    client.post(
        "/api/v1/businesses",
        json=shop(
            cast.worker_id, name="果园合作社", industry="farming", kind="coop", township="511323102"
        ),
    )
    assert "面馆" in client.get("/businesses").text
    farms = client.get("/businesses", params={"industry": "farming"}).text
    assert "果园合作社" in farms and "面馆</a>" not in farms
    rows = client.get("/businesses", params={"stage": "idea"}, headers={"hx-request": "true"}).text
    assert rows.lstrip().startswith('<section id="business-rows"') and "没有符合条件的企业" in rows


def test_a_worker_registers_their_own_business_from_their_page(client, cast):
    as_user(client, cast.worker)
    assert 'href="/me/business"' in client.get("/me").text
    form = page_form(
        client,
        "/me/business",
        name="老李家庭农场",
        kind="individual",
        township="锦屏镇",
        industry="farming",
        stage="idea",
    )
    r = client.post("/me/business", data=form, follow_redirects=False)
    assert r.status_code in (302, 303), r.text
    # Back at /me/business, the worker lands on their business.
    again = client.get("/me/business", follow_redirects=False)
    assert again.headers["location"] == r.headers["location"]
    page = client.get(r.headers["location"]).text
    assert "老李家庭农场" in page and "筹备中" in page and 'id="support-form"' not in page


def test_the_entrepreneurship_page_leads_to_the_loan_subsidy_and_park_measures(stranger):
    page = stranger.get("/entrepreneurship")
    assert page.status_code == 200
    for code in ("M12", "M13", "M14"):
        assert f'id="measure-{code}"' in page.text
    assert 'href="/policies/check"' in page.text and "只跑一次" in page.text
    link = page.text.split('id="measure-M13"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert "一次性创业补贴" in stranger.get(link).text


def test_staff_see_the_registry_in_the_menu_and_workers_do_not(client, cast):
    as_user(client, cast.staff)
    assert 'href="/businesses"' in client.get("/staff").text
    as_user(client, cast.worker)
    assert 'href="/businesses"' not in client.get("/me").text
    assert client.get("/businesses").status_code == 403
