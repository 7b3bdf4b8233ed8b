"""Everything the portal holds about one worker, as plain JSON values (the right of access).

Who read the archive is told by role and station, never by the staff member's name or id: the worker
learns which office looked, and no one learns a colleague's name from a download."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import (
    AuditLog,
    Contract,
    Event,
    EventAttendee,
    FollowUp,
    HelpRequest,
    HelpStep,
    Job,
    JobInterest,
    JobReport,
    Notice,
    ReturnPlan,
    Station,
    User,
    Worker,
)
from ..security import mask_id_number

ARCHIVE_FIELDS = (
    "name",
    "phone",
    "gender",
    "birth_year",
    "current_city",
    "current_employer",
    "occupation",
    "years_away",
    "education",
    "certificates",
    "expected_wage",
    "work_area",
    "intent",
    "available_from",
    "daily_commute",
    "wants_housing",
    "wants_meals",
    "family_notes",
    "created_at",
    "updated_at",
)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def account_of(user: User) -> dict[str, Any]:
    return {
        "phone": user.phone,
        "display_name": user.display_name,
        "role": user.role,
        "created_at": _iso(user.created_at),
        "last_seen_at": _iso(user.last_seen_at),
        # The phone group whose link the person followed before signing up (the funnel counts it).
        "via_group_id": user.via_group_id,
    }


def archive_of(worker: Worker) -> dict[str, Any]:
    """The archive's own fields. The ID number masked as on every page: the worker knows it, and a
    download left on a shared phone should not carry it whole."""
    values = {name: _iso(getattr(worker, name)) for name in ARCHIVE_FIELDS}
    return {
        **values,
        "id_number": mask_id_number(worker.id_number),
        "home_township": worker.home_township.name,
        "station": worker.station.name if worker.station else None,
        "skills": [
            {"name": s.name, "level": s.level, "years": s.years, "trade_code": s.trade_code}
            for s in worker.skills
        ],
        "consent": {
            "at": _iso(worker.consent_at),
            "method": worker.consent_method,
            "shared_with_employers": worker.is_shared,
            "claimed_at": _iso(worker.claimed_at),
        },
    }


class Exporter:
    """Reads each kind of record about one worker; ``everything`` puts them together."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def everything(self, user: User, worker: Worker | None) -> dict[str, Any]:
        held: dict[str, Any] = {"account": account_of(user), "archive": None}
        held["reports"] = await self.reports(user)
        held["notices"] = await self.notices(user)
        if worker is not None:
            held["archive"] = archive_of(worker)
            held["interests"] = await self.interests(worker)
            held["events_attended"] = await self.events(worker)
            held["contracts"] = await self.contracts(worker)
            held["help_requests"] = await self.help_requests(worker)
            held["return_plan"] = await self.return_plan(worker)
            reads = await self.reads(worker)
            held["archive_reads"] = [{**read, "at": _iso(read["at"])} for read in reads]
        return held

    async def help_requests(self, worker: Worker) -> list[dict[str, Any]]:
        """What the worker asked help for, and every step of it."""
        out = []
        requests = await self.session.scalars(
            select(HelpRequest).where(HelpRequest.worker_id == worker.id).order_by(HelpRequest.id)
        )
        for r in requests:
            steps = await self.session.scalars(
                select(HelpStep).where(HelpStep.request_id == r.id).order_by(HelpStep.id)
            )
            out.append(
                {
                    "kind": r.kind,
                    "story": r.story,
                    "employer": r.employer,
                    "amount_owed": r.amount_owed,
                    "amount_recovered": r.amount_recovered,
                    "status": r.status,
                    "asked_at": _iso(r.created_at),
                    "steps": [
                        {
                            "status": s.status,
                            "note": s.note,
                            "referred_to": s.referred_to,
                            "at": _iso(s.at),
                        }
                        for s in steps
                    ],
                }
            )
        return out

    async def return_plan(self, worker: Worker) -> dict[str, Any] | None:
        plan = await self.session.scalar(
            select(ReturnPlan).where(ReturnPlan.worker_id == worker.id)
        )
        if plan is None:
            return None
        return {
            "month": plan.month.isoformat()[:7],
            "township": plan.township_code,
            "work": plan.work,
            "at": _iso(plan.at),
        }

    async def reads(self, worker: Worker, limit: int | None = None) -> list[dict[str, Any]]:
        """Each time staff opened the archive, newest first: when, the reader's role and station."""
        query = (
            select(AuditLog.at, User.role, Station.name)
            .outerjoin(User, User.id == AuditLog.actor_id)
            .outerjoin(Station, Station.id == User.station_id)
            .where(
                AuditLog.action == "read_archive",
                AuditLog.subject_type == "worker",
                AuditLog.subject_id == worker.id,
            )
            .order_by(AuditLog.at.desc(), AuditLog.id.desc())
            .limit(limit)
        )
        rows = await self.session.execute(query)
        return [{"at": at, "role": role, "station": station} for at, role, station in rows]

    async def interests(self, worker: Worker) -> list[dict[str, Any]]:
        query = (
            select(JobInterest, Job)
            .join(Job, Job.id == JobInterest.job_id)
            .where(JobInterest.worker_id == worker.id)
            .order_by(JobInterest.id)
        )
        return [
            {
                "job_id": job.id,
                "title": job.title,
                "employer": job.employer.name,
                "at": _iso(interest.created_at),
                "seen_by_employer_at": _iso(interest.seen_at),
            }
            for interest, job in await self.session.execute(query)
        ]

    async def reports(self, user: User) -> list[dict[str, Any]]:
        query = select(JobReport).where(JobReport.reporter_id == user.id).order_by(JobReport.id)
        return [
            {
                "job_id": r.job_id,
                "title": r.job.title,
                "reason": r.reason,
                "note": r.note,
                "at": _iso(r.created_at),
                "outcome": r.outcome,
            }
            for r in await self.session.scalars(query)
        ]

    async def events(self, worker: Worker) -> list[dict[str, Any]]:
        query = (
            select(EventAttendee.at, Event.title, Event.held_on)
            .join(Event, Event.id == EventAttendee.event_id)
            .where(EventAttendee.worker_id == worker.id)
            .order_by(Event.held_on)
        )
        rows = await self.session.execute(query)
        return [{"title": t, "held_on": _iso(on), "at": _iso(at)} for at, t, on in rows]

    async def contracts(self, worker: Worker) -> list[dict[str, Any]]:
        query = select(Contract).where(Contract.worker_id == worker.id).order_by(Contract.id)
        return [await self._contract(c) for c in await self.session.scalars(query)]

    async def _contract(self, c: Contract) -> dict[str, Any]:
        steps = await self.session.scalars(
            select(FollowUp).where(FollowUp.contract_id == c.id).order_by(FollowUp.at, FollowUp.id)
        )
        return {
            "number": c.number,
            "status": c.status,
            "employer": c.job.employer.name,
            "position": c.position,
            "wage": c.wage,
            "workplace": c.workplace,
            "start_date": _iso(c.start_date),
            "signed_at": _iso(c.signed_at),
            "reported_at": _iso(c.reported_at),
            "cancel_reason": c.cancel_reason,
            # The steps, not who recorded them (staff's names stay with the county).
            "follow_ups": [{"status": f.status, "note": f.note, "at": _iso(f.at)} for f in steps],
        }

    async def notices(self, user: User) -> list[dict[str, Any]]:
        query = select(Notice).where(Notice.user_id == user.id).order_by(Notice.id)
        return [
            {
                "kind": n.kind,
                "subject_id": n.subject_id,
                "detail": n.detail,
                "at": _iso(n.created_at),
            }
            for n in await self.session.scalars(query)
        ]
