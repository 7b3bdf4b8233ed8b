"""The county the matching benchmarks run on: archives and vacancies generated with a fixed seed.

About 40 trades a rural Sichuan county has (occupation codes of the 2022 classification, checked
against matching/data/occupations.csv, Zipf-like popularity with construction first), names from the
occupation names or their synonyms (search/data/synonyms.json), licences from the synonym file's
certificate names (some expired), homes weighted by the townships' village counts, jobs drawn to the
county seat, availability around Spring Festival 2027. The project ships no township coordinates, so
seeded synthetic ones around Peng'an (within about 20 km) stand in for them.

Used by scripts/bench_matching.py (profiles in memory) and scripts/bench_match_pages.py (the same
profiles written as database rows), with the small helpers both print with.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import itertools
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from matching import Certificate, Context, JobProfile, Places, SkillItem, WorkerProfile

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2027, 1, 15)  # three weeks before Spring Festival: workers are home and looking
SPRING_FESTIVAL = dt.date(2027, 2, 6)

TRADES = (
    "6-29-01-01",
    "6-29-01-04",
    "6-29-01-03",
    "4-02-02-02",
    "6-18-02-04",
    "6-29-04-01",
    "6-31-01-03",
    "6-05-01-03",
    "4-03-02-01",
    "6-29-01-05",
    "6-30-05-05",
    "4-02-05-01",
    "4-10-01-05",
    "4-10-01-06",
    "6-29-01-07",
    "4-03-02-05",
    "4-09-08-01",
    "5-01-02-01",
    "5-03-02-01",
    "4-02-06-01",
    "4-02-07-08",
    "6-29-02-15",
    "6-29-02-08",
    "6-06-03-01",
    "4-07-05-01",
    "4-02-02-01",
    "4-14-01-02",
    "4-03-02-02",
    "6-30-05-02",
    "6-29-02-03",
    "5-03-02-02",
    "4-09-10-01",
    "4-12-01-01",
    "5-05-05-01",
    "6-29-01-02",
    "6-05-01-02",
    "4-10-01-03",
    "5-01-02-05",
    "5-01-02-03",
    "6-18-01-01",
)
# The licences a trade's vacancies ask for, the usual one first (canonical names in synonyms.json).
TRADE_LICENCES = {
    "6-18-02-04": ("特种作业操作证（焊接与热切割作业）", "特种设备焊接作业人员证"),
    "6-31-01-03": (
        "特种作业操作证（低压电工作业）",
        "特种作业操作证（高压电工作业）",
        "建筑施工特种作业操作资格证（建筑电工）",
    ),
    "6-29-01-05": ("建筑施工特种作业操作资格证（架子工）", "特种作业操作证（高处作业）"),
    "6-30-05-05": ("挖掘机操作证",),
    "6-30-05-02": ("建筑施工特种作业操作资格证（建筑起重信号司索工）",),
    "4-02-02-02": (
        "机动车驾驶证B2（大型货车）",
        "机动车驾驶证A2（重型牵引挂车）",
        "道路运输从业人员从业资格证（货运）",
    ),
    "4-02-02-01": ("机动车驾驶证A1（大型客车）", "道路运输从业人员从业资格证（客运）"),
    "4-02-07-08": ("机动车驾驶证C1（小型汽车）",),
    "4-02-06-01": ("特种设备作业人员证（叉车司机）",),
    "4-03-02-01": ("从业人员健康证明", "中式烹调师职业技能等级证书"),
    "4-03-02-02": ("从业人员健康证明", "中式面点师职业技能等级证书"),
    "4-03-02-05": ("从业人员健康证明",),
    "4-10-01-05": ("养老护理员职业技能等级证书",),
    "4-10-01-06": ("家政服务员职业技能等级证书", "从业人员健康证明"),
    "4-10-01-03": ("保育师职业技能等级证书", "从业人员健康证明"),
    "4-14-01-02": ("医疗护理员培训合格证",),
    "4-07-05-01": ("保安员证",),
    "5-05-05-01": ("拖拉机和联合收割机驾驶证",),
}
GENERAL_LICENCES = ("特种作业操作证（高处作业）", "从业人员健康证明", "职业技能等级证书")
SEAT = ("511323001", "511323002", "511323101")  # the two county-seat subdistricts and 锦屏镇
TITLES = (
    "{name}",
    "急招{name}",
    "招{name}",
    "{name} 包吃住",
    "{name}师傅",
    "{town}{name}",
    "{name} 长期",
)


def code_version(
    dirs: tuple[str, ...] = ("matching",), suffixes: tuple[str, ...] = (".py",)
) -> str:
    """A short hash of the code measured (paths and contents), so figures can be tied to a version and a
    tree that changed during the run is noticed."""
    files = sorted(
        f
        for d in dirs
        for f in (ROOT / d).rglob("*")
        if f.suffix in suffixes and "__pycache__" not in f.parts
    )
    digest = hashlib.sha256()
    for f in files:
        digest.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes())
    newest = time.strftime(
        "%Y-%m-%d %H:%M:%S", time.localtime(max(f.stat().st_mtime for f in files))
    )
    return f"{digest.hexdigest()[:12]} (newest file {newest})"


def log(msg: str) -> None:
    print(f"# {time.strftime('%H:%M:%S')} {msg}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Trade:
    code: str
    names: tuple[str, ...]  # the occupation's name first, then common synonyms
    licences: tuple[str, ...]


@dataclass
class County:
    trades: list[Trade]
    trade_cum: list[float]  # cumulative Zipf weights
    towns: list[str]
    town_names: dict[str, str]
    home_cum: list[float]  # where workers live: by village count
    job_cum: list[float]  # where vacancies are: half at the county seat
    certificates: list[str]
    ctx: Context


def read_csv(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def trade_synonyms(groups: list[dict]) -> dict[str, list[str]]:
    """Code -> names people use: a trade group's first terms, and the names of narrower groups under it."""
    out: dict[str, list[str]] = {}
    for g in groups:
        if g["kind"] == "trade" and g.get("code"):
            out.setdefault(g["code"], []).extend(g["terms"][:5])
        elif g["kind"] == "trade" and g.get("parent"):
            out.setdefault(g["parent"], []).append(g["canonical"])
    return out


def load_trades() -> list[Trade]:
    """TRADES with their names; every code must be a level-4 occupation, every licence a canonical name."""
    occupations = {
        r["code"]: r["name"].rstrip("LS/")
        for r in read_csv(ROOT / "matching/data/occupations.csv")
        if r["level"] == "4"
    }
    groups = json.loads((ROOT / "search/data/synonyms.json").read_text(encoding="utf-8"))["groups"]
    synonyms = trade_synonyms(groups)
    canonical = {g["canonical"] for g in groups if g["kind"] == "certificate"}
    missing = [c for c in TRADES if c not in occupations]
    unknown = [n for names in TRADE_LICENCES.values() for n in names if n not in canonical]
    if missing or unknown:
        raise SystemExit(f"not in the data files: codes {missing}, licences {unknown}")
    return [
        Trade(
            c,
            tuple(dict.fromkeys([occupations[c], *synonyms.get(c, [])])),
            TRADE_LICENCES.get(c, ()),
        )
        for c in TRADES
    ]


def load_county(rng: random.Random) -> County:
    trades = load_trades()
    rows = read_csv(ROOT / "portal/data/townships.csv")
    towns = [r["code"] for r in rows]
    units = [int(r["village_level_units"]) for r in rows]
    job_weights = [u + (sum(units) / len(SEAT) if t in SEAT else 0) for t, u in zip(towns, units)]
    groups = json.loads((ROOT / "search/data/synonyms.json").read_text(encoding="utf-8"))["groups"]
    certificates = [g["canonical"] for g in groups if g["kind"] == "certificate"]
    coordinates = {
        t: (106.41 + rng.uniform(-0.2, 0.2), 31.03 + rng.uniform(-0.18, 0.18)) for t in towns
    }
    return County(
        trades=trades,
        trade_cum=list(itertools.accumulate(1 / r for r in range(1, len(trades) + 1))),
        towns=towns,
        town_names={r["code"]: r["name"] for r in rows},
        home_cum=list(itertools.accumulate(units)),
        job_cum=list(itertools.accumulate(job_weights)),
        certificates=certificates,
        ctx=Context(TODAY, Places(coordinates)),
    )


def pick_trades(rng: random.Random, county: County, n: int) -> list[Trade]:
    """``n`` different trades: the first by popularity, the others often of the same middle group."""
    chosen = rng.choices(county.trades, cum_weights=county.trade_cum)
    while len(chosen) < n:
        middle = chosen[0].code[:4]
        near = [t for t in county.trades if t.code.startswith(middle) and t not in chosen]
        pool = near if near and rng.random() < 0.5 else county.trades
        trade = rng.choices(pool, cum_weights=None if pool is near else county.trade_cum)[0]
        if trade not in chosen:
            chosen.append(trade)
    return chosen


def some_day(rng: random.Random, start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, days))


def make_skill(rng: random.Random, trade: Trade) -> SkillItem:
    name = trade.names[0] if rng.random() < 0.6 else rng.choice(trade.names)
    level = rng.choices(("", "初级", "中级", "高级"), (40, 20, 25, 15))[0]
    return SkillItem(name, level, min(30, int(rng.expovariate(1 / 6))), trade.code)


def make_certificates(
    rng: random.Random, county: County, trades: list[Trade]
) -> tuple[Certificate, ...]:
    """0-2 licences, mostly those of the worker's trades; one in ten already expired."""
    own = [name for t in trades for name in t.licences]
    certs = []
    for _ in range(rng.choices((0, 1, 2), (55, 30, 15))[0]):
        name = rng.choice(own) if own and rng.random() < 0.65 else rng.choice(county.certificates)
        kind = rng.random()
        if kind < 0.7:
            expires = None
        elif kind < 0.9:
            expires = some_day(rng, TODAY, 1500)
        else:
            expires = some_day(rng, TODAY - dt.timedelta(days=900), 899)  # lapsed
        certs.append(Certificate(name, expires))
    return tuple(certs)


def available_from(rng: random.Random) -> dt.date | None:
    """Mostly now; many after Spring Festival (home for the holiday); a few at another time."""
    kind = rng.random()
    if kind < 0.6:
        return None
    if kind < 0.9:
        return some_day(rng, SPRING_FESTIVAL - dt.timedelta(days=10), 35)
    return some_day(rng, TODAY - dt.timedelta(days=30), 150)


def make_worker(rng: random.Random, county: County, id: int) -> WorkerProfile:
    n = 0 if rng.random() < 0.05 else rng.choices((1, 2, 3), (55, 30, 15))[0]
    trades = pick_trades(rng, county, n) if n else []
    return WorkerProfile(
        skills=tuple(make_skill(rng, t) for t in trades),
        home_township=rng.choices(county.towns, cum_weights=county.home_cum)[0],
        expected_wage=int(round(rng.triangular(3000, 9000, 4800), -2)),
        work_area=rng.choices(("township", "county", "anywhere"), (20, 50, 30))[0],
        certificates=make_certificates(rng, county, trades),
        id=id,
        daily_commute=rng.random() < 0.25,
        wants_housing=rng.random() < 0.35,
        wants_meals=rng.random() < 0.45,
        available_from=available_from(rng),
        birth_year=int(rng.triangular(1960, 2005, 1975)),
    )


def job_start(rng: random.Random) -> dt.date | None:
    """Now, within two months, or the week after the Spring Festival holiday."""
    kind = rng.random()
    if kind < 0.4:
        return None
    if kind < 0.76:
        return some_day(rng, TODAY, 60)
    return some_day(rng, SPRING_FESTIVAL + dt.timedelta(days=7), 21)


def make_job(rng: random.Random, county: County, id: int) -> JobProfile:
    trades = pick_trades(rng, county, rng.choices((1, 2), (80, 20))[0])
    town = rng.choices(county.towns, cum_weights=county.job_cum)[0]
    name = rng.choice(trades[0].names)
    low = 0 if rng.random() < 0.05 else int(round(rng.triangular(3000, 8000, 4500), -2))
    licence = rng.choice(trades[0].licences or GENERAL_LICENCES) if rng.random() < 0.15 else None
    start = job_start(rng)
    return JobProfile(
        id=id,
        title=rng.choice(TITLES).format(name=name, town=county.town_names[town]),
        trades=tuple(t.code for t in trades),
        township=town,
        wage_min=low,
        wage_max=low + rng.choice((0, 500, 1000, 1500, 2000, 3000)) if low else 0,
        certificates=(licence,) if licence else (),
        level=rng.choices(("", "初级", "中级", "高级"), (75, 5, 15, 5))[0],
        takes_beginners=rng.random() < 0.10,
        start_date=start,
        has_housing=rng.random() < 0.5,
        has_meals=rng.random() < 0.6,
        accepts_over_50=rng.random() < 0.3,
    )


def generate(args: argparse.Namespace) -> tuple[County, list[WorkerProfile], list[JobProfile]]:
    rng = random.Random(args.seed)
    county = load_county(rng)
    jobs = [make_job(rng, county, i) for i in range(1, args.jobs + 1)]
    workers = [make_worker(rng, county, i) for i in range(1, args.workers + 1)]
    return county, workers, jobs
