"""Where an employer's registration can be, what each state is called, how staff check it, and the
limits of its details (the form reader enforces them; pages and /schema show them)."""

from __future__ import annotations

from enum import StrEnum

from ..i18n import N_


class EmployerStatus(StrEnum):
    PENDING = "pending"  # registered, or corrected after a rejection: staff look
    VERIFIED = "verified"  # staff checked it (how and when is kept)
    REJECTED = "rejected"  # with a reason the employer sees; it may correct and send again
    BLOCKED = "blocked"  # its vacancies leave the portal, its logins stop, its code cannot return


NEXT: dict[EmployerStatus, tuple[EmployerStatus, ...]] = {
    EmployerStatus.PENDING: (
        EmployerStatus.VERIFIED,
        EmployerStatus.REJECTED,
        EmployerStatus.BLOCKED,
    ),
    EmployerStatus.VERIFIED: (EmployerStatus.BLOCKED,),
    EmployerStatus.REJECTED: (EmployerStatus.PENDING, EmployerStatus.BLOCKED),
    EmployerStatus.BLOCKED: (),
}

LABELS: dict[EmployerStatus, str] = {
    EmployerStatus.PENDING: N_("Waiting for verification"),
    EmployerStatus.VERIFIED: N_("Verified"),
    EmployerStatus.REJECTED: N_("Not verified"),
    EmployerStatus.BLOCKED: N_("Blocked"),
}


# How staff checked an employer (kept with the verification, shown on the trust card).
METHODS: tuple[str, ...] = ("licence", "site_visit", "phone")
METHOD_LABELS: dict[str, str] = {
    "licence": N_("business licence seen"),  # 查验营业执照
    "site_visit": N_("site visited"),  # 实地走访
    "phone": N_("phone call"),  # 电话核实
}


# Characters of each detail: at most (the pages' maxlength), and at least where a reader checks it.
MAX_LEN: dict[str, int] = {
    "credit_code": 40,  # 18 once cleaned; room for spaces and dashes as typed
    "name": 100,
    "legal_rep": 40,
    "contact_name": 40,
    "contact_phone": 20,
    "address": 120,
    "password": 128,
    "challenge_answer": 4,
    "note": 200,  # staff's note or reason, as the employer reads it
}
MIN_LEN: dict[str, int] = {
    "name": 4,
    "legal_rep": 2,
    "contact_name": 2,
    "address": 4,
    "password": 8,
}


def is_verified(status: str) -> bool:
    return status == EmployerStatus.VERIFIED


def is_waiting(status: str) -> bool:
    """Staff have not looked yet (new, or corrected after a rejection)."""
    return status == EmployerStatus.PENDING


def can_review(status: str) -> bool:
    return status == EmployerStatus.PENDING


def can_move(status: str, to: EmployerStatus) -> bool:
    """A review may take the employer from ``status`` to ``to`` (see ``NEXT``)."""
    return to in NEXT.get(EmployerStatus(status), ())


def is_rejected(status: str) -> bool:
    """Staff said why not: the employer is asked to correct its details."""
    return status == EmployerStatus.REJECTED


def can_correct(status: str) -> bool:
    """The employer may change its details and send them again."""
    return status in (EmployerStatus.PENDING, EmployerStatus.REJECTED)
