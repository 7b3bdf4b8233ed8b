"""Employers: registration with the credit code, staff verification, the public trust card."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..accounts.attempts import Attempts
from ..accounts.service import new_user_async
from ..auth import STAFF
from ..contracts.states import ContractStatus
from ..errors import NotFound, TooManyAttempts
from ..forms import FormError, Message, strip_control
from ..i18n import N_
from ..jobs.service import publish_state
from ..jobs.states import JobStatus
from ..models import AuditLog, Contract, Employer, Job, SearchOutbox, User, utcnow
from ..runtime import Runtime
from ..security import clean_credit_code, read_challenge
from ..settings import Settings
from .forms import Decision, EmployerForm, Registration
from .forms import parse_employer_form as parse_employer_form  # where callers found it
from .states import MAX_LEN, METHODS, EmployerStatus, can_correct, can_move, is_verified

NOTE_MAX = MAX_LEN["note"]
# Contract statuses that mean the worker took up the job (the contracts issue adds follow-ups).
HIRED = (ContractStatus.REPORTED, ContractStatus.IN_POST_30, ContractStatus.IN_POST_90)
# A vacancy that was out in public once counts as posted; drafts and refused ones do not.
POSTED = (JobStatus.PUBLISHED, JobStatus.CLOSED, JobStatus.EXPIRED, JobStatus.HIDDEN)
# What a block takes out of view (closed and expired ones are out of view already).
IN_VIEW = (JobStatus.PUBLISHED, JobStatus.PENDING, JobStatus.DRAFT, JobStatus.HIDDEN)
REVIEWED = N_("This employer has already been reviewed.")
# One answer whether or not the code or phone is known: a registration tells nobody what exists.
RECEIVED = N_(
    "Registration received. If these details can be used, you can log in with this mobile number "
    "and password to follow the review, and staff will contact you."
)
CHECK_EXPIRED = N_("The check has expired or was already used. Please answer the new one below.")
CHECK_WRONG = N_("The answer to the check is not right. Please answer the new one below.")
TOO_MANY = N_(
    "Too many registrations from this network. Please try again in an hour, or register at a job station."
)


@dataclass(frozen=True)
class TrustCard:
    """What a worker sees before trusting a vacancy: who checked this employer, and its record here."""

    employer: Employer
    vacancies_posted: int
    intents_signed: int
    hires: int


@dataclass(frozen=True)
class EmployerPage:
    """An employer's public page: its trust card and its published vacancies."""

    card: TrustCard
    jobs: list[Job]


def is_own_or_staff(employer: Employer, user: User | None) -> bool:
    """The employer's own accounts and staff see its contact details, address and review note."""
    return user is not None and (user.role in STAFF or user.employer_id == employer.id)


def may_see(employer: Employer, user: User | None) -> bool:
    """Verified employers are public; others only to themselves and staff."""
    return is_verified(employer.status) or is_own_or_staff(employer, user)


class EmployerService:
    def __init__(self, session: AsyncSession, settings: Settings | None = None) -> None:
        self.session = session
        self.settings = settings  # the secret and limits of registration (``receive``)

    async def receive(self, reg: Registration) -> None:
        """``register`` with this portal's secret and per-address limit."""
        s = self.settings
        assert s is not None, "built without settings: call register()"
        await self.register(
            reg,
            s.secret_key,
            per_address=s.register_max_per_address,
            window_seconds=s.register_window_seconds,
        )

    async def register(
        self, reg: Registration, secret: str, *, per_address: int = 5, window_seconds: int = 3600
    ) -> None:
        """A new employer waiting for staff, and its login; answered with RECEIVED whatever happened.

        The one-time check is used up first (so it cannot be answered twice) and the client address
        counted; a code or mobile number already on the portal, blocked or not, creates nothing."""
        await self._checked(reg, secret, dt.timedelta(seconds=window_seconds), per_address)
        form = reg.form
        # Hashed before looking: a known code must not answer faster than a new one.
        user = await new_user_async(
            form.contact_phone, form.password, "employer", form.contact_name
        )
        if not await self._known(form):
            await self._create(form, user)

    async def _known(self, form: EmployerForm) -> bool:
        code = select(Employer.id).where(Employer.credit_code == form.credit_code)
        phone = select(User.id).where(User.phone == form.contact_phone)
        return (
            await self.session.scalar(code) is not None
            or await self.session.scalar(phone) is not None
        )

    async def _checked(
        self, reg: Registration, secret: str, window: dt.timedelta, per_address: int
    ) -> None:
        """Refuse an expired, forged or reused check, a wrong answer, or an address over its limit."""
        read = read_challenge(secret, reg.challenge)
        if read is None:
            raise FormError({"challenge": Message(CHECK_EXPIRED)})
        nonce, right = read
        refused = await Attempts(self.session).registration(
            nonce, reg.ip, per_address=per_address, window=window
        )
        if refused == "address":
            raise TooManyAttempts(TOO_MANY)
        if refused:
            raise FormError({"challenge": Message(CHECK_EXPIRED)})
        if unicodedata.normalize("NFKC", reg.answer).strip() != str(right):
            raise FormError({"challenge": Message(CHECK_WRONG)})

    async def _create(self, form: EmployerForm, user: User) -> None:
        employer = Employer(
            name=form.name,
            credit_code=form.credit_code,
            industry=form.industry,
            township_code=form.township_code,
            legal_rep=form.legal_rep,
            contact_name=form.contact_name,
            contact_phone=form.contact_phone,
            address=form.address,
            status=EmployerStatus.PENDING,
        )
        self.session.add(employer)
        try:
            await self.session.flush()
            user.employer_id = employer.id
            self.session.add(user)
            await self.session.commit()
        except IntegrityError:
            # The same code or phone registered a moment ago by another request: nothing was written.
            await self.session.rollback()

    async def resubmit(self, employer_id: int, form: EmployerForm) -> Employer:
        """A rejected (or still pending) employer corrects its details and waits for staff again."""
        employer = await self.get(employer_id)
        if not can_correct(employer.status):
            changed_by = N_("Verified details are changed by the bureau; please ask a station.")
            raise FormError({"status": Message(changed_by)})
        if form.credit_code != employer.credit_code:
            fixed = N_("The credit code cannot be changed; register again or ask the bureau.")
            raise FormError({"credit_code": Message(fixed)})
        for key in ("name", "legal_rep", "contact_name", "address", "township_code", "industry"):
            setattr(employer, key, getattr(form, key))
        employer.status = EmployerStatus.PENDING
        await self.session.commit()
        return await self.get(employer.id)

    async def by_code(self, typed: str) -> Employer | None:
        """The employer with this credit code, however it is typed (lower case, full-width, spaced)."""
        code = clean_credit_code(typed or "")
        if not code:
            return None
        return await self.session.scalar(select(Employer).where(Employer.credit_code == code))

    async def get(self, employer_id: int) -> Employer:
        employer = await self.session.get(Employer, employer_id, populate_existing=True)
        if employer is None:
            raise NotFound
        return employer

    async def queue(self, limit: int = 100) -> list[Employer]:
        query = (
            select(Employer)
            .where(Employer.status == EmployerStatus.PENDING)
            .order_by(Employer.created_at)
            .limit(limit)
        )
        return list(await self.session.scalars(query))

    async def vacancies(self, employer_id: int) -> list[Job]:
        """All of an employer's vacancies, newest first (its own page, shown again after an error)."""
        query = select(Job).where(Job.employer_id == employer_id).order_by(Job.created_at.desc())
        return list(await self.session.scalars(query))

    async def decide(self, employer_id: int, staff: User, decision: Decision) -> Employer:
        if decision.action == "verify":
            return await self.verify(employer_id, staff, list(decision.methods), decision.note)
        if decision.action in ("reject", "block"):
            block = decision.action == "block"
            return await self.reject(employer_id, staff, decision.note, block=block)
        raise FormError({"action": Message(N_("Please choose one of the options."))})

    async def verify(
        self, employer_id: int, staff: User, methods: list[str], note: str
    ) -> Employer:
        """Approve: how staff checked, when and by whom; the employer's drafts go through screening now."""
        employer = await self._reviewable(employer_id, EmployerStatus.VERIFIED)
        methods = [m for m in METHODS if m in methods]
        if not methods:
            raise FormError(
                {"methods": Message(N_("Please record how you checked this employer."))}
            )
        now = utcnow()
        employer.status, employer.verify_methods, employer.verified_at = (
            EmployerStatus.VERIFIED,
            methods,
            now,
        )
        self._reviewed(employer, staff, note, "employer_verify")
        drafts = await self.session.scalars(
            select(Job).where(Job.employer_id == employer.id, Job.status == JobStatus.DRAFT)
        )
        for job in drafts:
            job.status = publish_state(job, verified=True)
            if job.status == JobStatus.PUBLISHED:
                job.reviewed_at = now
                self.session.add(SearchOutbox(entity="job", entity_id=job.id))
        await self.session.commit()
        return await self.get(employer.id)

    async def reject(
        self, employer_id: int, staff: User, note: str, *, block: bool = False
    ) -> Employer:
        """Reject with a reason the employer sees (it may correct and resubmit), or block for good."""
        employer = await self.session.get(Employer, employer_id)
        if employer is None:
            raise NotFound
        if not strip_control(note).strip():
            raise FormError({"note": Message(N_("Please write the reason; the employer sees it."))})
        to = EmployerStatus.BLOCKED if block else EmployerStatus.REJECTED
        if not can_move(employer.status, to):
            raise FormError({"status": Message(REVIEWED)})
        employer.status = to
        self._reviewed(employer, staff, note, "employer_block" if block else "employer_reject")
        if block:
            await self._take_out_of_view(employer)
        await self.session.commit()
        return await self.get(employer.id)

    async def _take_out_of_view(self, employer: Employer) -> None:
        """Nothing of a blocked employer stays in view, and its accounts can no longer log in."""
        jobs = await self.session.scalars(
            select(Job).where(Job.employer_id == employer.id, Job.status.in_(IN_VIEW))
        )
        for job in jobs:
            job.status = JobStatus.REJECTED
            job.review_note = employer.review_note
            self.session.add(SearchOutbox(entity="job", entity_id=job.id))
        for user in await self.session.scalars(select(User).where(User.employer_id == employer.id)):
            user.is_active = False

    async def _reviewable(self, employer_id: int, to: EmployerStatus) -> Employer:
        employer = await self.session.get(Employer, employer_id)
        if employer is None:
            raise NotFound
        if not can_move(employer.status, to):
            raise FormError({"status": Message(REVIEWED)})
        return employer

    def _reviewed(self, employer: Employer, staff: User, note: str, action: str) -> None:
        employer.reviewed_at, employer.reviewed_by_id = utcnow(), staff.id
        employer.review_note = strip_control(note).strip()[:NOTE_MAX]
        self.session.add(
            AuditLog(
                actor_id=staff.id, action=action, subject_type="employer", subject_id=employer.id
            )
        )

    async def public(self, employer_id: int, user: User | None) -> TrustCard:
        """The trust card of an employer ``user`` may see (see ``may_see``); NotFound otherwise."""
        employer = await self.get(employer_id)
        if not may_see(employer, user):
            raise NotFound
        return await self.trust_card(employer)

    async def public_page(self, employer_id: int, user: User | None) -> EmployerPage:
        card = await self.public(employer_id, user)
        jobs = await self.session.scalars(
            select(Job)
            .where(Job.employer_id == card.employer.id, Job.status == JobStatus.PUBLISHED)
            .order_by(Job.created_at.desc())
        )
        return EmployerPage(card, list(jobs))

    async def trust_card(self, employer: Employer) -> TrustCard:
        posted = await self.session.scalar(
            select(func.count()).where(Job.employer_id == employer.id, Job.status.in_(POSTED))
        )
        signed = await self.session.scalar(
            select(func.count())
            .select_from(Contract)
            .join(Job)
            .where(
                Job.employer_id == employer.id,
                Contract.status != ContractStatus.DRAFT,
                Contract.status != ContractStatus.CANCELLED,
            )
        )
        hires = await self.session.scalar(
            select(func.count())
            .select_from(Contract)
            .join(Job)
            .where(Job.employer_id == employer.id, Contract.status.in_(HIRED))
        )
        return TrustCard(employer, posted or 0, signed or 0, hires or 0)


async def provide_employer_service(db_session: AsyncSession, runtime: Runtime) -> EmployerService:
    return EmployerService(db_session, runtime.settings)
