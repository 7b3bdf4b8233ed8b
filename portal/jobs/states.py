"""Where a vacancy can be, who moves it, and what each state is called on a page.

A vacancy is public only while PUBLISHED. Every other state is seen by its employer and by staff."""

from __future__ import annotations

from enum import StrEnum

from ..i18n import N_


class JobStatus(StrEnum):
    DRAFT = "draft"  # its employer is not verified yet: never public
    PENDING = "pending"  # screening held it, or an edit of wage, trade or place: staff look
    PUBLISHED = "published"
    REJECTED = "rejected"  # staff refused it; the employer may correct it and send it again
    HIDDEN = "hidden"  # reported by workers: hidden until staff decide
    CLOSED = "closed"  # by its employer
    EXPIRED = "expired"  # its closing date passed


# Where a vacancy may go from each state (by its employer, by staff, or by the daily sweep).
NEXT: dict[JobStatus, tuple[JobStatus, ...]] = {
    JobStatus.DRAFT: (JobStatus.PUBLISHED, JobStatus.PENDING, JobStatus.CLOSED, JobStatus.REJECTED),
    JobStatus.PENDING: (
        JobStatus.PUBLISHED,
        JobStatus.REJECTED,
        JobStatus.CLOSED,
        JobStatus.EXPIRED,
    ),
    JobStatus.PUBLISHED: (
        JobStatus.PENDING,
        JobStatus.HIDDEN,
        JobStatus.CLOSED,
        JobStatus.EXPIRED,
        JobStatus.REJECTED,
    ),
    JobStatus.REJECTED: (JobStatus.PENDING,),
    JobStatus.HIDDEN: (JobStatus.PUBLISHED, JobStatus.REJECTED),
    # Reopening goes back through screening and review: never straight to PUBLISHED by itself.
    JobStatus.CLOSED: (JobStatus.DRAFT, JobStatus.PENDING, JobStatus.PUBLISHED),
    JobStatus.EXPIRED: (JobStatus.DRAFT, JobStatus.PENDING, JobStatus.PUBLISHED),
}

LABELS: dict[JobStatus, str] = {
    JobStatus.DRAFT: N_("Draft: published once the employer is verified"),
    JobStatus.PENDING: N_("Waiting for review"),
    JobStatus.PUBLISHED: N_("Published"),
    JobStatus.REJECTED: N_("Rejected"),
    JobStatus.CLOSED: N_("Closed"),
    JobStatus.EXPIRED: N_("Expired"),
    JobStatus.HIDDEN: N_("Hidden while staff look at reports"),
}

OPEN = (JobStatus.DRAFT, JobStatus.PENDING, JobStatus.PUBLISHED)


def is_public(status: str) -> bool:
    return status == JobStatus.PUBLISHED


def can_close(status: str) -> bool:
    return status in OPEN


def can_reopen(status: str) -> bool:
    return status in (JobStatus.CLOSED, JobStatus.EXPIRED)


def can_move(status: str, to: str) -> bool:
    return to in NEXT.get(JobStatus(status), ())


def publish_state(*, verified: bool, held: bool) -> JobStatus:
    """Where a submitted vacancy goes: clean ones of verified employers straight out, others wait."""
    if not verified:
        return JobStatus.DRAFT
    return JobStatus.PENDING if held else JobStatus.PUBLISHED


# What staff have to decide on: held by screening or an edit, or hidden by workers' reports.
AWAITING_STAFF = (JobStatus.PENDING, JobStatus.HIDDEN)
