"""Where a returnee's business can be, and what each stage is called on a page.

A business starts as an idea or with its licence; it trades; it may close. A closed business keeps
its registration date and gains a closing date, so survival is counted from dates, not from flags."""

from __future__ import annotations

from enum import StrEnum

from ..i18n import N_


class Stage(StrEnum):
    IDEA = "idea"  # planning: no licence yet
    REGISTERED = "registered"  # licensed (营业执照), not yet trading
    OPERATING = "operating"
    CLOSED = "closed"


# Where a business may go from each stage (moved by staff or by its owner).
NEXT: dict[Stage, tuple[Stage, ...]] = {
    Stage.IDEA: (Stage.REGISTERED, Stage.OPERATING, Stage.CLOSED),
    Stage.REGISTERED: (Stage.OPERATING, Stage.CLOSED),
    Stage.OPERATING: (Stage.CLOSED,),
    # Reopening after a closure is a new business with a new licence: a new record.
    Stage.CLOSED: (),
}

LABELS: dict[Stage, str] = {
    Stage.IDEA: N_("Planning, no licence yet"),
    Stage.REGISTERED: N_("Licensed, not yet trading"),
    Stage.OPERATING: N_("Operating"),
    Stage.CLOSED: N_("Closed down"),
}

# A business is registered in the registry at one of these; closing is a move, not a start.
START = (Stage.IDEA, Stage.REGISTERED, Stage.OPERATING)
LICENSED = (Stage.REGISTERED, Stage.OPERATING)

KINDS: dict[str, str] = {
    "individual": N_("Individual business (个体工商户)"),
    "company": N_("Company (small or micro)"),
    "coop": N_("Farmers' cooperative"),
}

SUPPORT_KINDS: dict[str, str] = {
    "startup_subsidy": N_("One-off start-up subsidy"),
    "loan": N_("Guaranteed start-up loan"),
    "rent_subsidy": N_("Rent subsidy"),
    "other": N_("Other support"),
}


def needs_registration_date(stage: str) -> bool:
    """A licensed business has the date on its licence; survival and 6-month rules count from it."""
    return stage in LICENSED


def is_licensed(stage: str) -> bool:
    return stage in LICENSED


def is_open(stage: str) -> bool:
    return stage != Stage.CLOSED


def can_move(stage: str, to: str) -> bool:
    return to in NEXT.get(Stage(stage), ())
