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
from ..errors import NotFound, TooManyAttempts
from ..forms import FormError, Message, Reader, strip_control
from ..i18n import N_
from ..jobs.service import publish_state
from ..models import AuditLog, Contract, Employer, Job, SearchOutbox, User, utcnow
from ..reference import find_industry, find_township
from ..security import clean_credit_code, clean_phone, read_challenge

METHODS = ("licence", "site_visit", "phone")  # 查验营业执照 / 实地走访 / 电话核实
PASSWORD_MIN, PASSWORD_MAX = 8, 128
# Contract statuses that mean the worker took up the job (the contracts issue adds follow-ups).
HIRED = ("reported", "in_post_30", "in_post_90")
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
class EmployerForm:
    credit_code: str
    name: str
    legal_rep: str
    contact_name: str
    contact_phone: str
    address: str
    township_code: str
    industry: str
    password: str


def parse_employer_form(raw: dict, *, with_password: bool = True) -> EmployerForm:
    r = Reader(raw)
    code_raw = r.text("credit_code", max_len=40)
    code = clean_credit_code(code_raw) if code_raw else ""
    if code_raw and code is None:
        r.fail(
            "credit_code",
            N_(
                "This is not a valid unified social credit code: check the 18 characters on the licence."
            ),
        )
    name = r.name("name", min_len=4, max_len=100)
    legal_rep = r.name("legal_rep", min_len=2, max_len=40)
    contact_name = r.name("contact_name", min_len=2, max_len=40)
    phone_raw = r.text("contact_phone", max_len=20)
    phone = clean_phone(phone_raw) if phone_raw else ""
    if phone_raw and phone is None:
        r.fail("contact_phone", N_("Please enter an 11-digit mobile number."))
    address = r.text("address", min_len=4, max_len=120)
    township = find_township(raw.get("township") if isinstance(raw.get("township"), str) else None)
    if township is None:
        r.fail("township", N_("Please choose a township of the county."))
    industry = find_industry(raw.get("industry") if isinstance(raw.get("industry"), str) else None)
    if industry is None:
        r.fail("industry", N_("Please choose an industry."))
    password = ""
    if with_password:
        password = raw.get("password") if isinstance(raw.get("password"), str) else ""
        if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
            r.fail(
                "password",
                N_("The password must have %(low)s to %(high)s characters."),
                low=PASSWORD_MIN,
                high=PASSWORD_MAX,
            )
        elif raw.get("password2") is not None and raw.get("password2") != password:
            r.fail("password2", N_("The two passwords differ."))
    r.done()
    return EmployerForm(
        code or "",
        name,
        legal_rep,
        contact_name,
        phone or "",
        address,
        township.code,
        industry.key,
        password,
    )


@dataclass(frozen=True)
class Registration:
    """A registration as submitted: the details, the one-time check (token and answer), the client address."""

    form: EmployerForm
    challenge: str
    answer: str
    ip: str

    @classmethod
    def of(cls, raw: dict, ip: str) -> Registration:
        token, answer = raw.get("challenge"), raw.get("challenge_answer")
        return cls(
            parse_employer_form(raw),
            token if isinstance(token, str) else "",
            str(answer) if isinstance(answer, (str, int)) else "",
            ip[:45],
        )


@dataclass(frozen=True)
class TrustCard:
    """What a worker sees before trusting a vacancy: who checked this employer, and its record here."""

    employer: Employer
    vacancies_posted: int
    intents_signed: int
    hires: int


class EmployerService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

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
        if (
            await self.session.scalar(
                select(Employer.id).where(Employer.credit_code == form.credit_code)
            )
            is not None
        ):
            return
        if (
            await self.session.scalar(select(User.id).where(User.phone == form.contact_phone))
            is not None
        ):
            return
        await self._create(form, user)

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
            status="pending",
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
        if employer.status not in ("pending", "rejected"):
            raise FormError(
                {
                    "status": Message(
                        N_("Verified details are changed by the bureau; please ask a station.")
                    )
                }
            )
        if form.credit_code != employer.credit_code:
            raise FormError(
                {
                    "credit_code": Message(
                        N_("The credit code cannot be changed; register again or ask the bureau.")
                    )
                }
            )
        for key in ("name", "legal_rep", "contact_name", "address", "township_code", "industry"):
            setattr(employer, key, getattr(form, key))
        employer.status = "pending"
        await self.session.commit()
        return await self.get(employer.id)

    async def by_code(self, typed: str) -> Employer | None:
        """The employer with this credit code, however it is typed (lower case, full-width, spaced)."""
        code = clean_credit_code(typed or "")
        return (
            await self.session.scalar(select(Employer).where(Employer.credit_code == code))
            if code
            else None
        )

    async def get(self, employer_id: int) -> Employer:
        employer = await self.session.get(Employer, employer_id, populate_existing=True)
        if employer is None:
            raise NotFound
        return employer

    async def queue(self, limit: int = 100) -> list[Employer]:
        query = (
            select(Employer)
            .where(Employer.status == "pending")
            .order_by(Employer.created_at)
            .limit(limit)
        )
        return list(await self.session.scalars(query))

    async def verify(
        self, employer_id: int, staff: User, methods: list[str], note: str
    ) -> Employer:
        """Approve: how staff checked, when and by whom; the employer's drafts go through screening now."""
        employer = await self._reviewable(employer_id)
        methods = [m for m in METHODS if m in methods]
        if not methods:
            raise FormError(
                {"methods": Message(N_("Please record how you checked this employer."))}
            )
        now = utcnow()
        employer.status, employer.verify_methods, employer.verified_at = "verified", methods, now
        self._reviewed(employer, staff, note, "employer_verify")
        drafts = await self.session.scalars(
            select(Job).where(Job.employer_id == employer.id, Job.status == "draft")
        )
        for job in drafts:
            job.status = publish_state(job, verified=True)
            if job.status == "published":
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
        if block:
            if employer.status == "blocked":
                raise FormError({"status": Message(N_("This employer has already been reviewed."))})
        elif employer.status != "pending":
            raise FormError({"status": Message(N_("This employer has already been reviewed."))})
        employer.status = "blocked" if block else "rejected"
        self._reviewed(employer, staff, note, "employer_block" if block else "employer_reject")
        if block:
            # Nothing of a blocked employer stays in view, and its accounts can no longer log in.
            jobs = await self.session.scalars(
                select(Job).where(
                    Job.employer_id == employer.id,
                    Job.status.in_(("published", "pending", "draft", "hidden")),
                )
            )
            for job in jobs:
                job.status = "rejected"
                job.review_note = employer.review_note
                self.session.add(SearchOutbox(entity="job", entity_id=job.id))
            for user in await self.session.scalars(
                select(User).where(User.employer_id == employer.id)
            ):
                user.is_active = False
        await self.session.commit()
        return await self.get(employer.id)

    async def _reviewable(self, employer_id: int) -> Employer:
        employer = await self.session.get(Employer, employer_id)
        if employer is None:
            raise NotFound
        if employer.status != "pending":
            raise FormError({"status": Message(N_("This employer has already been reviewed."))})
        return employer

    def _reviewed(self, employer: Employer, staff: User, note: str, action: str) -> None:
        employer.reviewed_at, employer.reviewed_by_id = utcnow(), staff.id
        employer.review_note = strip_control(note).strip()[:200]
        self.session.add(
            AuditLog(
                actor_id=staff.id, action=action, subject_type="employer", subject_id=employer.id
            )
        )

    async def trust_card(self, employer: Employer) -> TrustCard:
        posted = await self.session.scalar(
            select(func.count()).where(
                Job.employer_id == employer.id,
                Job.status.in_(("published", "closed", "expired", "hidden")),
            )
        )
        signed = await self.session.scalar(
            select(func.count())
            .select_from(Contract)
            .join(Job)
            .where(
                Job.employer_id == employer.id,
                Contract.status != "draft",
                Contract.status != "cancelled",
            )
        )
        hires = await self.session.scalar(
            select(func.count())
            .select_from(Contract)
            .join(Job)
            .where(Job.employer_id == employer.id, Contract.status.in_(HIRED))
        )
        return TrustCard(employer, posted or 0, signed or 0, hires or 0)
