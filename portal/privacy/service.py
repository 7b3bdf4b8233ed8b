"""The worker's rights over their own data (PIPL): see it all, say whether employers may see the
archive, and delete the account. Staff keep seeing an archive that is not shared; a deleted
account leaves only what the county must keep: signed contracts with a masked name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..accounts.attempts import Attempts
from ..accounts.service import MAX_PASSWORD
from ..errors import TooManyAttempts
from ..forms import FormError, Message, Reader
from ..i18n import N_
from ..matches.service import MatchEngine
from ..models import (
    AccessCode,
    ArchiveMove,
    AuditLog,
    Business,
    BusinessEmployee,
    Contract,
    EventAttendee,
    FollowUp,
    HelpRequest,
    HelpStep,
    JobInterest,
    JobReport,
    LoginFailure,
    MeasureMatch,
    Notice,
    ReturnPlan,
    User,
    Worker,
    WorkerSkill,
    utcnow,
)
from ..runtime import Runtime
from ..security import mask_name, verify_password_async
from .export import Exporter

NO_ARCHIVE = N_("You have no archive yet, so there is nothing to show to employers or to hide.")
WRONG_PASSWORD = N_("The password is not right. Nothing was deleted.")
NOT_CONFIRMED = N_("Please tick the box to show you understand the deletion cannot be undone.")
CONSENT_ANSWER = N_("Please answer yes or no (true or false).")
READS_SHOWN = 50  # on the page; the download holds them all


def parse_consent(raw: dict[str, Any]) -> bool:
    """``consent``: true / false from JSON; "1" / "0" from the page's two buttons."""
    value = raw.get("consent")
    if isinstance(value, str) and value in ("0", "1"):
        return value == "1"
    if not isinstance(value, bool):
        raise FormError({"consent": Message(CONSENT_ANSWER)})
    return value


def parse_delete(raw: dict[str, Any], *, confirm: bool) -> str:
    """The password (checked for shape here, for truth by the service); the page also asks for the
    tick that says the worker understands it cannot be undone."""
    r = Reader(raw)
    password = raw.get("password")
    if not isinstance(password, str) or not password:
        r.fail("password", N_("Please enter your password."))
    elif len(password) > MAX_PASSWORD:
        r.fail("password", N_("Too long: at most %(max)s characters."), max=MAX_PASSWORD)
    if confirm and not r.flag("confirm"):
        r.fail("confirm", NOT_CONFIRMED)
    r.done()
    return password


# Every column that points at a person, and what deleting the person does with it. A test reads the
# tables' foreign keys and fails on a column missing here: a new table must decide.
ERASED = "deleted with the person"
CUT = "kept, the link to the person set to none"
STAFF_ONLY = "only staff are named here, never a worker"
PERSON_LINKS = {
    "worker.user_id": ERASED,
    "worker_skill.worker_id": ERASED,
    "job_interest.worker_id": ERASED,
    "event_attendee.worker_id": ERASED,
    "access_code.worker_id": ERASED,
    "access_code.user_id": ERASED,
    "notice.user_id": ERASED,
    "business_employee.worker_id": ERASED,
    "measure_match.worker_id": ERASED,
    "contract.worker_id": "kept with the masked name once signed; a draft is deleted",
    "job_report.reporter_id": CUT,
    "audit_log.actor_id": CUT,
    "business.owner_worker_id": CUT,
    "help_request.worker_id": ERASED,
    "return_plan.worker_id": ERASED,
    "archive_move.worker_id": ERASED,
    "help_request.created_by_id": CUT,  # the worker asking from their phone, or staff
    "help_step.by_id": CUT,
    "return_plan.noted_by_id": CUT,
    "archive_move.by_id": STAFF_ONLY,
    "employer.reviewed_by_id": STAFF_ONLY,
    "job.reviewed_by_id": STAFF_ONLY,
    "job_report.resolved_by_id": STAFF_ONLY,
    "worker.consent_recorded_by_id": STAFF_ONLY,
    "event.created_by_id": STAFF_ONLY,
    "contract.created_by_id": STAFF_ONLY,
    "follow_up.by_id": STAFF_ONLY,
    "synonym_group.created_by_id": STAFF_ONLY,
    "access_code.created_by_id": STAFF_ONLY,
    "business_support.created_by_id": STAFF_ONLY,
    "phone_group.created_by_id": STAFF_ONLY,
    "news_item.created_by_id": STAFF_ONLY,
}


class PrivacyService:
    def __init__(
        self,
        session: AsyncSession,
        engine: MatchEngine | None = None,
        *,
        max_failures: int = 5,
        max_failures_per_address: int = 20,
        window_seconds: int = 900,
    ) -> None:
        self.session, self.engine = session, engine
        self.max_failures, self.per_address = max_failures, max_failures_per_address
        self.window = dt.timedelta(seconds=window_seconds)

    async def archive_of(self, user: User) -> Worker | None:
        return await self.session.scalar(select(Worker).where(Worker.user_id == user.id))

    async def export(self, user: User) -> dict[str, Any]:
        """Everything held about this account and its archive (see export.py)."""
        held = await Exporter(self.session).everything(user, await self.archive_of(user))
        return {"exported_at": utcnow().isoformat(), **held}

    async def reads(self, worker: Worker) -> list[dict[str, Any]]:
        """The latest times staff opened the archive: when, role and station."""
        return await Exporter(self.session).reads(worker, READS_SHOWN)

    async def share(self, user: User, shared: bool) -> Worker:
        """Show the archive to employers among candidates, or withdraw it from every list at once.
        ``updated_at`` moves, so every process's matcher re-reads it on its next look."""
        worker = await self.archive_of(user)
        if worker is None:
            raise FormError({"consent": Message(NO_ARCHIVE)})
        worker.is_shared, worker.updated_at = shared, utcnow()
        action = "share_given" if shared else "share_withdrawn"
        self.session.add(
            AuditLog(actor_id=user.id, action=action, subject_type="worker", subject_id=worker.id)
        )
        await self.session.commit()
        return worker

    async def delete_account(self, user: User, password: str, ip: str = "") -> None:
        """Delete the account and its archive, once the password is right; tries are limited as
        logins are. Everything in one transaction: a failure leaves everything as it was."""
        attempts = Attempts(self.session)
        limits = {"per_phone": self.max_failures, "per_address": self.per_address}
        if await attempts.login(user.phone, ip[:45], **limits, window=self.window):
            raise TooManyAttempts
        password_hash = user.password_hash
        await self.session.commit()  # the connection goes back to the pool while argon2 works
        if not await verify_password_async(password_hash, password):
            raise FormError({"password": Message(WRONG_PASSWORD)})
        worker = await self.archive_of(user)
        try:
            subject = await self._erase(user, worker)
            self.session.add(AuditLog(actor_id=None, action="delete_account", **subject))
            await self.session.commit()
        except BaseException:
            await self.session.rollback()
            raise
        if worker is not None and self.engine is not None:
            await self.engine.forget_worker(worker.id)

    async def _erase(self, user: User, worker: Worker | None) -> dict[str, Any]:
        """Every row about the person, deleted or cut loose; what the delete_account row names."""
        phones = {user.phone} | ({worker.phone} if worker else set())
        if worker is not None:
            await self._erase_archive(worker)
        codes = [AccessCode.user_id == user.id, AccessCode.phone.in_(phones)]
        if worker is not None:
            codes.append(AccessCode.worker_id == worker.id)
        await self._run(
            delete(AccessCode).where(or_(*codes)),
            delete(Notice).where(Notice.user_id == user.id),
            delete(LoginFailure).where(LoginFailure.phone.in_(phones)),
            update(JobReport).where(JobReport.reporter_id == user.id).values(reporter_id=None),
            update(AuditLog).where(AuditLog.actor_id == user.id).values(actor_id=None),
            update(HelpStep).where(HelpStep.by_id == user.id).values(by_id=None),
            update(HelpRequest)
            .where(HelpRequest.created_by_id == user.id)
            .values(created_by_id=None),
            update(ReturnPlan).where(ReturnPlan.noted_by_id == user.id).values(noted_by_id=None),
            delete(User).where(User.id == user.id),
        )
        self.session.expunge_all()  # what was loaded of the person is gone from the tables now
        if worker is not None:
            return {"subject_type": "worker", "subject_id": worker.id}
        return {"subject_type": "user", "subject_id": user.id}

    async def _erase_archive(self, worker: Worker) -> None:
        """Signed contracts stay as the county's record, with the masked name; drafts never signed
        go with their follow-ups; interests, attendance and skills go."""
        contracts = list(
            await self.session.scalars(select(Contract).where(Contract.worker_id == worker.id))
        )
        drafts = [c.id for c in contracts if c.signed_at is None]
        signed = [c.id for c in contracts if c.signed_at is not None]
        await self._run(
            delete(FollowUp).where(FollowUp.contract_id.in_(drafts)),
            delete(Contract).where(Contract.id.in_(drafts)),
            update(Contract)
            .where(Contract.id.in_(signed))
            .values(worker_id=None, worker_masked=mask_name(worker.name)),
            delete(JobInterest).where(JobInterest.worker_id == worker.id),
            delete(EventAttendee).where(EventAttendee.worker_id == worker.id),
            delete(WorkerSkill).where(WorkerSkill.worker_id == worker.id),
            delete(BusinessEmployee).where(BusinessEmployee.worker_id == worker.id),
            delete(MeasureMatch).where(MeasureMatch.worker_id == worker.id),
            delete(HelpStep).where(
                HelpStep.request_id.in_(
                    select(HelpRequest.id).where(HelpRequest.worker_id == worker.id)
                )
            ),
            delete(HelpRequest).where(HelpRequest.worker_id == worker.id),
            delete(ReturnPlan).where(ReturnPlan.worker_id == worker.id),
            delete(ArchiveMove).where(ArchiveMove.worker_id == worker.id),
            update(Business)
            .where(Business.owner_worker_id == worker.id)
            .values(owner_worker_id=None),
            delete(Worker).where(Worker.id == worker.id),
        )

    async def _run(self, *statements: Any) -> None:
        for statement in statements:
            await self.session.execute(statement.execution_options(synchronize_session=False))


async def provide_privacy_service(db_session: AsyncSession, runtime: Runtime) -> PrivacyService:
    """With the same limits on password tries as logins."""
    s = runtime.settings
    return PrivacyService(
        db_session,
        runtime.matches,
        max_failures=s.login_max_failures,
        max_failures_per_address=s.login_max_failures_per_address,
        window_seconds=s.login_window_seconds,
    )
