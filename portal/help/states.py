"""Where a help request can be, who moves it, and what each state, kind and referral is called.

A worker (or staff, from a call) opens it; a station takes it; refers it to whoever can act (labour
inspection, the 12333 hotline, legal aid, a measure of the catalogue), as often as it takes; and
follows it to an outcome: resolved (with the amount recovered) or closed (withdrawn, or nothing more
can be done). Every move is a step the worker sees in their inbox."""

from __future__ import annotations

from enum import StrEnum

from ..i18n import N_


class HelpStatus(StrEnum):
    OPEN = "open"  # asked, no station has it yet
    TAKEN = "taken"  # a station is on it
    REFERRED = "referred"  # passed to whoever can act; the station keeps following it
    RESOLVED = "resolved"  # the outcome: wages paid, aid given, the matter settled
    CLOSED = "closed"  # withdrawn, or nothing more can be done


NEXT: dict[HelpStatus, tuple[HelpStatus, ...]] = {
    HelpStatus.OPEN: (HelpStatus.TAKEN, HelpStatus.CLOSED),
    HelpStatus.TAKEN: (HelpStatus.REFERRED, HelpStatus.RESOLVED, HelpStatus.CLOSED),
    # Referred again: inspection first, then legal aid when the employer still does not pay.
    HelpStatus.REFERRED: (HelpStatus.REFERRED, HelpStatus.RESOLVED, HelpStatus.CLOSED),
    HelpStatus.RESOLVED: (),
    HelpStatus.CLOSED: (),
}

LABELS: dict[HelpStatus, str] = {
    HelpStatus.OPEN: N_("Asked, waiting for a station"),
    HelpStatus.TAKEN: N_("A station is handling it"),
    HelpStatus.REFERRED: N_("Referred"),
    HelpStatus.RESOLVED: N_("Resolved"),
    HelpStatus.CLOSED: N_("Closed"),
}

KINDS: dict[str, str] = {
    "unpaid_wages": N_("Unpaid wages"),
    "hardship": N_("Hardship"),
    "legal_aid": N_("Legal aid"),
    "other": N_("Other"),
}

REFERRALS: dict[str, str] = {
    "labour_inspection": N_("Labour inspection (劳动保障监察)"),
    "hotline_12333": N_("The 12333 hotline"),
    "legal_aid": N_("Legal aid centre"),
    "measure": N_("A measure of the catalogue"),
}

OUTCOMES = (HelpStatus.RESOLVED, HelpStatus.CLOSED)


def can_move(status: str, to: str) -> bool:
    return to in NEXT.get(HelpStatus(status), ())


def is_done(status: str) -> bool:
    return status in OUTCOMES


def needs_referral(status: str) -> bool:
    """A referral says where to: labour inspection, 12333, legal aid or a measure."""
    return status == HelpStatus.REFERRED


def records_recovery(status: str) -> bool:
    """The amount recovered is written at the outcome (0 when nothing was owed or nothing came back)."""
    return status == HelpStatus.RESOLVED
