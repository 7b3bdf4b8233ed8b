"""The county dashboard's figures: what each one counts (its definition, in the reader's
language), its value, its breakdowns, and the records behind it (``sources.py``).

A figure whose records the portal does not keep yet (stations' help requests, share kits) has no
value and says so ("尚无数据") instead of showing a zero that would read as a fact."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from ..businesses.states import LABELS as STAGE_LABELS
from ..businesses.states import SUPPORT_KINDS
from ..events.service import KIND_LABELS
from ..help.states import KINDS as HELP_KINDS
from ..i18n import N_, gettext
from ..reference import INDUSTRY_BY_KEY
from . import sources
from .filters import Filters
from .sources import Record

Source = Callable[[AsyncSession, Filters, dict[str, str]], Awaitable[list[Record]]]
NO_DATA = N_("No data yet")
# Dimension -> its label and the labels of its keys (names such as a station's are shown as is).
DIMENSIONS: dict[str, tuple[str, dict]] = {
    "station": (N_("By station"), {}),
    "township": (N_("By home township"), {}),
    "kind": (N_("By kind"), {**KIND_LABELS, **SUPPORT_KINDS, **HELP_KINDS}),
    "stage": (N_("By stage"), dict(STAGE_LABELS)),
    "trade": (N_("By trade"), {}),
    "industry": (N_("By industry"), {k: i.label for k, i in INDUSTRY_BY_KEY.items()}),
}


@dataclass(frozen=True)
class Spec:
    key: str
    label: str  # msgid
    definition: str  # msgid: what is counted, which date puts it in the period, which filters apply
    source: Source | None  # None: the portal keeps no such records yet
    dims: tuple[str, ...] = ()
    unit: str = "count"  # or "yuan" / "visits": the sum of the records' amounts


SPECS = (
    Spec(
        "archives",
        N_("Worker archives"),
        N_(
            "Archives created in the period (by a station or by the worker), by the station that keeps them and the home township."
        ),
        sources.archives,
        ("station", "township"),
    ),
    Spec(
        "accounts",
        N_("Workers' accounts"),
        N_(
            "Worker accounts opened in the period; with a station or township chosen, those whose archive is kept or comes from there."
        ),
        sources.accounts,
        ("station",),
    ),
    Spec(
        "claimed",
        N_("Archives claimed"),
        N_("Station archives a worker linked to their account with a claim code in the period."),
        sources.claimed,
        ("station",),
    ),
    Spec(
        "events",
        N_("Events held"),
        N_(
            "Job fairs, hometown meetings, briefings, talks and trainings held in the period; a chosen station keeps its own events; events have no home township."
        ),
        sources.events,
        ("kind",),
    ),
    Spec(
        "attendance",
        N_("Event attendance"),
        N_(
            "Workers recorded at the table of events held in the period, by the worker's station and home township."
        ),
        sources.attendance,
        ("kind",),
    ),
    Spec(
        "signed",
        N_("Intents signed"),
        N_(
            "Employment intent contracts signed in the period (drafts never count; a later cancellation does not undo the signing)."
        ),
        sources.signed,
        ("station", "township", "trade"),
    ),
    Spec(
        "reported",
        N_("Reported for duty near home"),
        N_(
            "Intent contracts whose worker reported for duty in the period (every vacancy on the portal is in the county)."
        ),
        sources.reported,
        ("station", "township"),
    ),
    Spec(
        "in_post_30",
        N_("In post after 30 days"),
        N_("Contracts recorded in the period as still in post 30 days after reporting."),
        sources.in_post_30,
        ("station",),
    ),
    Spec(
        "in_post_90",
        N_("In post after 90 days"),
        N_("Contracts recorded in the period as still in post 90 days after reporting."),
        sources.in_post_90,
        ("station",),
    ),
    Spec(
        "local_work",
        N_("Workers who chose local work"),
        N_(
            "Workers who reported for duty at a county vacancy in the period, each counted once (an intent alone is not a choice made)."
        ),
        sources.local_work,
        ("station", "township"),
    ),
    Spec(
        "wants_local",
        N_("Archives asking for local work"),
        N_(
            "Archives created in the period whose intent is a job near home (not a business, not staying away)."
        ),
        sources.wants_local,
        ("station",),
    ),
    Spec(
        "businesses",
        N_("Returnee businesses"),
        N_(
            "Businesses entered in the registry in the period, at the stage they are at today; by the business's township and its owner's station."
        ),
        sources.businesses,
        ("stage", "industry"),
    ),
    Spec(
        "jobs_created",
        N_("Jobs created by returnee businesses"),
        N_(
            "People returnee businesses took on in the period, each named by their archive (not typed-in numbers)."
        ),
        sources.jobs_created,
        ("stage",),
    ),
    Spec(
        "support",
        N_("Support paid (yuan)"),
        N_("Subsidies and loans returnee businesses received in the period, in yuan, by kind."),
        sources.support,
        ("kind",),
        "yuan",
    ),
    Spec(
        "vacancies_posted",
        N_("Vacancies posted"),
        N_(
            "Vacancies posted in the period (not drafts, not rejected), by their township; stations keep no vacancies, so the station filter does not apply."
        ),
        sources.vacancies_posted,
        ("township",),
    ),
    Spec(
        "vacancies_filled",
        N_("Vacancies filled"),
        N_(
            "Vacancies whose every place was taken in the period: the worker who took the last place reported for duty in it."
        ),
        sources.vacancies_filled,
        ("township",),
    ),
    Spec(
        "help_requests",
        N_("Help requests at stations"),
        N_(
            "Requests for help made in the period (unpaid wages, hardship, legal aid), asked from a phone or recorded by staff from a call, by the station that took them and their kind."
        ),
        sources.help_requests,
        ("station", "kind"),
    ),
    Spec(
        "share_kits",
        N_("Visits through phone-group links"),
        N_(
            "Visits through a phone group's tracked link in the period, each browser once a day, by the group's station; accounts, interests and contracts per group are on the groups page."
        ),
        sources.group_visits,
        ("station",),
        "visits",
    ),
)
BY_KEY = {s.key: s for s in SPECS}


@dataclass
class Row:
    name: str
    value: int
    key: str = ""  # the raw key a label was made from (a station's name is both)


@dataclass
class Figure:
    key: str
    label: str
    definition: str
    unit: str
    value: int | None  # None: no data yet
    note: str = ""
    breakdowns: dict[str, list[Row]] = field(default_factory=dict)  # dimension title -> rows


@dataclass
class Overview:
    filters: Filters
    computed_at: dt.datetime
    figures: list[Figure]
    records: dict[str, list[Record]]  # figure key -> its records (for the charts and drill-down)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def breakdown(records: list[Record], dim: str, lang: str) -> list[Row]:
    """Records summed by one dimension, largest first (ties by name)."""
    labels = DIMENSIONS[dim][1]
    sums: Counter[str] = Counter()
    for r in records:
        sums[r.dims.get(dim, "")] += r.amount
    rows = [Row(gettext(lang, labels[k]) if k in labels else k, n, k) for k, n in sums.items()]
    return sorted(rows, key=lambda row: (-row.value, row.name))


def figure(spec: Spec, records: list[Record] | None, lang: str) -> Figure:
    head = (spec.key, gettext(lang, spec.label), gettext(lang, spec.definition), spec.unit)
    if records is None:
        return Figure(*head, value=None, note=gettext(lang, NO_DATA))
    dims = {gettext(lang, DIMENSIONS[d][0]): breakdown(records, d, lang) for d in spec.dims}
    return Figure(*head, value=sum(r.amount for r in records), breakdowns=dims)


async def records_of(
    session: AsyncSession, spec: Spec, f: Filters, trades: dict[str, str]
) -> list[Record] | None:
    return None if spec.source is None else await spec.source(session, f, trades)


async def overview(
    session: AsyncSession, f: Filters, trades: dict[str, str], lang: str = "zh"
) -> Overview:
    """Every figure for the selection ``f``; ``trades``: occupation code -> name."""
    now = dt.datetime.now(dt.UTC)
    records = {s.key: await records_of(session, s, f, trades) for s in SPECS}
    figures = [figure(s, records[s.key], lang) for s in SPECS]
    kept = {k: v for k, v in records.items() if v is not None}
    return Overview(f, now, figures, kept)
