"""Where an employer's registration can be, and what each state is called."""

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


def is_verified(status: str) -> bool:
    return status == EmployerStatus.VERIFIED


def can_review(status: str) -> bool:
    return status == EmployerStatus.PENDING


def can_correct(status: str) -> bool:
    """The employer may change its details and send them again."""
    return status in (EmployerStatus.PENDING, EmployerStatus.REJECTED)
