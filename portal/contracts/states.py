"""An intent contract's lifecycle, as a table read by the service, the pages and the exports alike."""

from __future__ import annotations

from enum import StrEnum

from ..i18n import N_, gettext


class ContractStatus(StrEnum):
    DRAFT = "draft"  # printed, waiting for signatures
    SIGNED = "signed"
    REPORTED = "reported"  # reported for duty
    IN_POST_30 = "in_post_30"
    IN_POST_90 = "in_post_90"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # signed, never reported (the daily sweep)


S = ContractStatus
# Where a contract may go from each status, by staff's hand (expiry also comes from the daily sweep).
NEXT: dict[ContractStatus, tuple[ContractStatus, ...]] = {
    S.DRAFT: (S.SIGNED, S.CANCELLED),
    S.SIGNED: (S.REPORTED, S.CANCELLED, S.EXPIRED),
    S.REPORTED: (S.IN_POST_30, S.CANCELLED),
    S.IN_POST_30: (S.IN_POST_90, S.CANCELLED),
    S.IN_POST_90: (),
    S.CANCELLED: (),
    S.EXPIRED: (S.REPORTED,),  # came after all: staff record it
}
LIVE = (S.DRAFT, S.SIGNED, S.REPORTED, S.IN_POST_30, S.IN_POST_90)  # hold a place of the vacancy
SIGNED = (S.SIGNED, S.REPORTED, S.IN_POST_30, S.IN_POST_90, S.EXPIRED)  # signed at some point
DAYS_IN_POST = {S.IN_POST_30: 30, S.IN_POST_90: 90}  # counted from the day of reporting

LABELS: dict[ContractStatus, str] = {
    S.DRAFT: N_("Printed, waiting for signatures"),
    S.SIGNED: N_("Signed"),
    S.REPORTED: N_("Reported for duty"),
    S.IN_POST_30: N_("In post after 30 days"),
    S.IN_POST_90: N_("In post after 90 days"),
    S.CANCELLED: N_("Cancelled"),
    S.EXPIRED: N_("Expired: never reported"),
}


def next_steps(status: str) -> tuple[ContractStatus, ...]:
    return NEXT.get(ContractStatus(status), ())


def can_move(status: str, to: str) -> bool:
    return to in next_steps(status)


def is_printed_with_the_event(status: str) -> bool:
    """An event's print run and PDF leave out cancelled intents: nobody signs them any more."""
    return status != S.CANCELLED


COUNTY_LANG = "zh"  # the county's records (exports, refusal messages) are kept in Chinese


def label_zh(status: str) -> str:
    """A status as the county writes it, where no reader's language applies (Excel, messages)."""
    return gettext(COUNTY_LANG, LABELS.get(status, status))
