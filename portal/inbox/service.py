"""A worker's inbox: what changed for them since they last looked. Other domains add lines to it in
the same transaction as the change (a vacancy closing, a contract moving, a report settled); new
matches are written when the worker's matches are worked out (on /me and the inbox itself)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from policies.models import Measure

from ..models import (
    Contract,
    HelpRequest,
    Job,
    JobInterest,
    JobReport,
    Notice,
    User,
    Worker,
    aware,
    utcnow,
)

MATCH, JOB_ENDED, CONTRACT, REPORT, MEASURE = "match", "job_ended", "contract", "report", "measure"
HELP = "help"  # a step of the worker's help request (detail: the status it reached)
NEW_MATCHES_KEPT = 5  # the best few new matches make a line each; the rest wait on /me
SHOWN = 50


async def tell_interested(session: AsyncSession, job: Job, status: str) -> None:
    """Every worker who said they were interested in this vacancy hears that it closed or expired."""
    users = await session.scalars(
        select(Worker.user_id)
        .join(JobInterest, JobInterest.worker_id == Worker.id)
        .where(JobInterest.job_id == job.id, Worker.user_id.is_not(None))
    )
    for user_id in users:
        session.add(Notice(user_id=user_id, kind=JOB_ENDED, subject_id=job.id, detail=status))


def tell_contract(session: AsyncSession, contract: Contract, status: str) -> None:
    """The worker hears of their contract's new status (only an archive with an account hears)."""
    worker = contract.worker
    if worker is not None and worker.user_id is not None:
        session.add(
            Notice(user_id=worker.user_id, kind=CONTRACT, subject_id=contract.id, detail=status)
        )


def tell_reporters(session: AsyncSession, reports: Iterable[JobReport]) -> None:
    for report in reports:
        if report.reporter_id is not None:
            session.add(
                Notice(
                    user_id=report.reporter_id,
                    kind=REPORT,
                    subject_id=report.id,
                    detail=report.outcome,
                )
            )


def published_at(job: Job) -> dt.datetime:
    return aware(job.reviewed_at or job.created_at)


@dataclass(frozen=True)
class Line:
    notice: Notice
    is_new: bool
    job: Job | None = None
    contract: Contract | None = None
    report: JobReport | None = None
    measure: Measure | None = None
    help: HelpRequest | None = None


class Inbox:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _since(self, user: User) -> dt.datetime:
        return aware(user.inbox_seen_at or user.created_at)

    async def unread(self, user: User) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(Notice)
            .where(Notice.user_id == user.id, Notice.created_at > self._since(user))
        )
        return count or 0

    async def note_matches(self, user: User, jobs: list[Job]) -> None:
        """The best of these matches published since the worker last read the inbox, once each."""
        since = self._since(user)
        fresh = [j.id for j in jobs if published_at(j) > since][:NEW_MATCHES_KEPT]
        if not fresh:
            return
        known = set(
            await self.session.scalars(
                select(Notice.subject_id).where(
                    Notice.user_id == user.id, Notice.kind == MATCH, Notice.subject_id.in_(fresh)
                )
            )
        )
        for job_id in fresh:
            if job_id not in known:
                self.session.add(Notice(user_id=user.id, kind=MATCH, subject_id=job_id))
        await self.session.commit()

    async def lines(self, user: User) -> list[Line]:
        """The newest lines first, each with what it is about (gone subjects leave the line bare)."""
        since = self._since(user)
        notices = list(
            await self.session.scalars(
                select(Notice)
                .where(Notice.user_id == user.id)
                .order_by(Notice.created_at.desc(), Notice.id.desc())
                .limit(SHOWN)
            )
        )
        jobs = await self._load(
            Job, {n.subject_id for n in notices if n.kind in (MATCH, JOB_ENDED)}
        )
        contracts = await self._load(
            Contract, {n.subject_id for n in notices if n.kind == CONTRACT}
        )
        reports = await self._load(JobReport, {n.subject_id for n in notices if n.kind == REPORT})
        measures = await self._load(Measure, {n.subject_id for n in notices if n.kind == MEASURE})
        helps = await self._load(HelpRequest, {n.subject_id for n in notices if n.kind == HELP})
        return [
            Line(
                n,
                aware(n.created_at) > since,
                job=jobs.get(n.subject_id) if n.kind in (MATCH, JOB_ENDED) else None,
                contract=contracts.get(n.subject_id) if n.kind == CONTRACT else None,
                report=reports.get(n.subject_id) if n.kind == REPORT else None,
                measure=measures.get(n.subject_id) if n.kind == MEASURE else None,
                help=helps.get(n.subject_id) if n.kind == HELP else None,
            )
            for n in notices
        ]

    async def _load(self, model: type, ids: set[int]) -> dict:
        if not ids:
            return {}
        rows = await self.session.scalars(select(model).where(model.id.in_(ids)))
        return {row.id: row for row in rows}

    async def mark_read(self, user: User) -> None:
        user.inbox_seen_at = utcnow()
        await self.session.commit()


async def provide_inbox(db_session: AsyncSession) -> Inbox:
    return Inbox(db_session)
