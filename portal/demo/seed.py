"""Seed a realistic county: stations, townships, ~60 employers, ~300 vacancies, ~2,000 archives,
the sample thirty measures, and one demo login per role. Fixed random seed; idempotent.

Reference data (townships, stations, the catalogue) is brought up to date on every run; the
generated people and vacancies are created once (a second run finds the demo admin and stops there).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from search.lexicon import read_groups

from ..accounts.service import new_user
from ..jobs.service import fallback_text, takes_beginners
from ..models import Employer, Job, SearchOutbox, User, Worker, WorkerSkill, utcnow
from ..reference import find_industry, load_reference, stations, townships
from ..vocabulary.trades import build
from .people import credit_code, id_number, mobile, person_name

DATA = Path(__file__).resolve().parent
SEED = 20190827  # the date of the county report the program's facts come from
DEMO_PASSWORD = "demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    phone: str
    name: str


DEMO_LOGINS = (
    DemoLogin("admin", "13800000001", "县人社局管理员"),
    DemoLogin("staff", "13800000002", "工作站 王老师"),
    DemoLogin("employer", "13800000003", "企业 招聘专员"),
    DemoLogin("worker", "13800000004", "务工人员 李国华"),
)


def _load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _employers(rng: random.Random, codes: list[str]) -> list[Employer]:
    used: set[str] = set()
    rows = []
    for item in _load("employers.json"):
        rows.append(
            Employer(
                name=item["name"],
                credit_code=credit_code(rng),
                industry=item["industry"],
                township_code=rng.choice(codes),
                legal_rep=item["legal_rep"],
                contact_name=item["contact"],
                contact_phone=mobile(rng, used),
                status="verified",
                verify_methods=["licence", "site_visit"],
                verified_at=utcnow() - dt.timedelta(days=rng.randint(30, 400)),
                address=item.get("address", ""),
            )
        )
    return rows


def industry_key(zh: str) -> str:
    industry = find_industry(zh)
    return industry.key if industry else "other"


HOUSING_WORDS = ("包住", "包吃住", "宿舍", "住宿")
MEAL_WORDS = ("包吃", "包吃住", "工作餐", "食堂", "管饭", "餐补")


def _says(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def _jobs(
    rng: random.Random, employers: list[Employer], trades: list[dict], count: int
) -> list[Job]:
    by_industry: dict[str, list[Employer]] = {}
    for e in employers:
        by_industry.setdefault(e.industry, []).append(e)
    now = utcnow()
    jobs = []
    for i in range(count):
        trade = trades[i % len(trades)]
        employer = rng.choice(by_industry.get(trade["industry"]) or employers)
        description = rng.choice(trade["descriptions"])
        low, high = trade["wage"]
        wage_min = round(rng.uniform(low, (low + high) / 2), -2)
        jobs.append(
            Job(
                employer_id=employer.id,
                title=rng.choice(trade["titles"]),
                description=description,
                township_code=employer.township_code
                if rng.random() < 0.7
                else rng.choice([t.code for t in townships()]),
                wage_min=int(wage_min),
                wage_max=int(max(wage_min, round(rng.uniform(wage_min, high), -2))),
                headcount=rng.choice((1, 2, 3, 5, 8, 10, 20)),
                skills=list(trade["skills"][: rng.randint(1, len(trade["skills"]))]),
                # The flags must agree with what the description promises.
                has_housing=_says(description, HOUSING_WORDS) or rng.random() < trade["housing"],
                has_meals=_says(description, MEAL_WORDS) or rng.random() < trade["meals"],
                status="pending" if i % 20 == 19 else "published",
                created_at=now - dt.timedelta(hours=rng.randint(1, 24 * 60)),
                industry=industry_key(trade["industry"]),
                accepts_over_50=bool(trade.get("over_50_ok")),
                trade_code=trade.get("code", ""),
                takes_beginners=takes_beginners(False, description),
                certificates=trade["certificates"][:1]
                if trade["certificates"] and rng.random() < 0.5
                else [],
                start_date=dt.date.today() + dt.timedelta(days=rng.choice((0, 7, 30, 75)))
                if rng.random() < 0.6
                else None,
            )
        )
    return jobs


def _worker(
    rng: random.Random, trades: list[dict], codes: list[str], used: set[str], station_ids: list[int]
) -> Worker:
    female = rng.random() < 0.4
    year = dt.date.today().year - rng.randint(20, 62)
    home = rng.choice(codes)
    trade = rng.choice(trades)
    skills = [
        WorkerSkill(
            name=trade["skills"][0],
            level=rng.choice(("", "初级", "中级", "高级")),
            years=rng.randint(0, 25),
            trade_code=trade.get("code", ""),
        )
    ]
    if rng.random() < 0.4:
        other = rng.choice(trades)
        if other["skills"][0] != trade["skills"][0]:
            skills.append(
                WorkerSkill(
                    name=other["skills"][0],
                    level="",
                    years=rng.randint(0, 10),
                    trade_code=other.get("code", ""),
                )
            )
    today = dt.date.today()
    certificates = [
        {"name": c, "expires": (today + dt.timedelta(days=rng.randint(-200, 1500))).isoformat()}
        for c in trade["certificates"][: rng.randint(0, len(trade["certificates"]))]
    ]
    low, high = trade["wage"]
    return Worker(
        name=person_name(rng, female),
        phone=mobile(rng, used),
        id_number=id_number(rng, home, year, female),
        gender="女" if female else "男",
        birth_year=year,
        home_township_code=home,
        current_city=rng.choice(("北京", "广州", "上海", "深圳", "浙江", "新疆", "成都", "重庆")),
        station_id=rng.choice(station_ids),
        certificates=certificates,
        consent_at=utcnow(),
        consent_method="in_person",
        daily_commute=rng.random() < 0.25,
        wants_housing=rng.random() < 0.3,
        wants_meals=rng.random() < 0.4,
        intent=rng.choice(("local_job", "local_job", "local_job", "business", "stay_away")),
        expected_wage=int(round(rng.uniform(low, high), -2)),
        work_area=rng.choice(("county", "county", "township", "anywhere")),
        available_from=dt.date(dt.date.today().year + 1, 2, rng.randint(1, 28))
        if rng.random() < 0.5
        else None,
        skills=skills,
    )


async def seed_demo(session: AsyncSession, *, workers: int = 2000, jobs: int = 300) -> bool:
    """Seed everything; returns False when the demo data was already there (reference data still refreshed)."""
    await load_reference(session)
    if await session.scalar(select(User).where(User.phone == DEMO_LOGINS[0].phone)):
        await session.commit()
        return False
    rng = random.Random(SEED)
    codes = [t.code for t in townships()]
    trades = _load("trades.json")
    vocabulary = build(read_groups())
    for trade in trades:
        best = vocabulary.classify(trade["trade"], limit=1)
        trade["code"] = best[0].code if best else ""
    employers = _employers(rng, codes)
    session.add_all(employers)
    # One newly registered company, so the staff's verification queue has something to show.
    extra = random.Random(SEED + 1)  # its own stream: the rest of the demo stays as it was
    session.add(
        Employer(
            name="蓬安县河舒柑橘专业合作社",
            credit_code=credit_code(extra),
            industry="farming",
            township_code=codes[7],
            legal_rep="罗志强",
            contact_name="罗敏",
            contact_phone=mobile(extra, set()),
            address="河舒镇柑橘基地3组",
            status="pending",
        )
    )
    await session.flush()
    job_rows = _jobs(rng, employers, trades, jobs)
    session.add_all(job_rows)
    await session.flush()
    names = {e.id: e.name for e in employers}
    township_names = {t.code: t.name for t in townships()}
    for job in job_rows:
        job.search_text = fallback_text(
            job, names[job.employer_id], township_names[job.township_code]
        )
    session.add_all(
        SearchOutbox(entity="job", entity_id=j.id) for j in job_rows if j.status == "published"
    )
    used = {login.phone for login in DEMO_LOGINS} | {e.contact_phone for e in employers}
    station_ids = list(range(1, len(stations()) + 1))
    archive = [_worker(rng, trades, codes, used, station_ids) for _ in range(workers)]
    session.add_all(archive)
    await session.flush()
    demo_worker = next(w for w in archive if w.gender == "男")
    demo_worker.name, demo_worker.skills[0].name, demo_worker.expected_wage = "李国华", "电焊", 6000
    demo_worker.skills[0].trade_code = vocabulary.classify("电焊", limit=1)[0].code
    demo_worker.intent = "local_job"
    for login in DEMO_LOGINS:
        links = {"employer_id": employers[0].id} if login.role == "employer" else {}
        links |= {"station_id": 1} if login.role == "staff" else {}
        user = new_user(login.phone, DEMO_PASSWORD, login.role, login.name, **links)
        session.add(user)
        await session.flush()
        if login.role == "worker":
            demo_worker.user_id = user.id
            demo_worker.phone = login.phone
    await session.commit()
    return True
