"""Worker archives (档案): recorded by staff with the worker's consent, kept up to date by both."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from matching.trades import TradeVocabulary
from search.normalize import to_simplified

from ..auth import STAFF
from ..errors import NotFound
from ..forms import FormError, Message, Reader, strip_control
from ..i18n import N_
from ..models import (
    ArchiveMove,
    AuditLog,
    Contract,
    User,
    Worker,
    WorkerSkill,
    aware,
    utcnow,
)
from ..runtime import Runtime
from ..sql import contains
from ..vocabulary.service import Vocabulary
from .form import MAX_SKILLS as MAX_SKILLS
from .form import SKILL_SURE as SKILL_SURE
from .form import WorkerForm, edit_input
from .form import birth_year_of as birth_year_of
from .form import parse_worker_form as parse_worker_form

DUPLICATE = N_("An archive with this number already exists.")
STATION_HAS_IT = N_(
    "A service station already keeps an archive with these details. Please ask the station for a "
    "claim code and enter it on your page."
)
FIND_LENGTH = 40  # what the staff look-up reads of a query: a name, a phone or an ID number fit


class WorkerService:
    def __init__(self, session: AsyncSession, vocabulary: Vocabulary | None = None) -> None:
        self.session = session
        self.vocabulary = vocabulary

    async def _trades(self) -> TradeVocabulary | None:
        """The trades skills are read into (none without a vocabulary: scripts and tests)."""
        return await self.vocabulary.trades() if self.vocabulary else None

    async def record(self, raw: dict[str, Any], recorded_by: User) -> Worker:
        """A new archive from what staff sent (a form's fields or a JSON body)."""
        form = parse_worker_form(raw, trades=await self._trades())
        return await self.create(form, recorded_by=recorded_by)

    async def revise(self, worker_id: int, raw: dict[str, Any], by: User | None = None) -> Worker:
        """Staff's edit: every field but the ID number, which no page shows. A new station is a
        move of the archive, recorded with ``by``."""
        worker = await self.get(worker_id)
        return await self._revise(worker, raw, self_service=False, by=by)

    async def revise_own(self, user: User, raw: dict[str, Any]) -> Worker | None:
        """The worker's edit of their own archive (SELF_FIELDS only); None if they have none yet."""
        worker = await self.of_user(user.id)
        if worker is None:
            return None
        return await self._revise(worker, raw, self_service=True)

    async def create_own(self, user: User, raw: dict[str, Any]) -> Worker:
        """A worker without an archive fills it in: the phone is the account's, the consent theirs
        (keeping it by making it, and ``share``: whether employers see it among candidates)."""
        raw = {**raw, "phone": user.phone}
        form = parse_worker_form(raw, trades=await self._trades(), self_service=True)
        try:
            return await self.create(form, user_id=user.id, is_shared=Reader(raw).flag("share"))
        except FormError as exc:
            if DUPLICATE not in (m.msgid for m in exc.errors.values()):
                raise
            raise FormError({"phone": Message(STATION_HAS_IT)}) from None

    async def _revise(
        self, worker: Worker, raw: dict[str, Any], *, self_service: bool, by: User | None = None
    ) -> Worker:
        form = parse_worker_form(
            edit_input(worker, raw, self_service=self_service),
            trades=await self._trades(),
            self_service=self_service,
        )
        return await self.update(worker, form, by=by)

    async def create(
        self,
        form: WorkerForm,
        *,
        user_id: int | None = None,
        recorded_by: User | None = None,
        is_shared: bool = True,
    ) -> Worker:
        """A new archive with its consent record: when, how, and which staff member took it."""
        clash = await self.session.scalar(
            select(Worker).where(
                or_(Worker.phone == form.phone, Worker.id_number == form.id_number)
            )
        )
        if clash is not None:
            field = "phone" if clash.phone == form.phone else "id_number"
            raise FormError({field: Message(DUPLICATE)})
        values = {k: v for k, v in form.__dict__.items() if k != "skills"}
        worker = Worker(
            **values,
            user_id=user_id,
            is_shared=is_shared,
            skills=[WorkerSkill(**s) for s in form.skills],
            consent_at=utcnow(),
            consent_recorded_by_id=recorded_by.id if recorded_by else None,
        )
        self.session.add(worker)
        return await self._save(worker)

    async def _save(self, worker: Worker) -> Worker:
        try:
            await self.session.commit()
        except IntegrityError:
            # Two tables saved the same phone or ID number at the same moment; the constraint kept one.
            await self.session.rollback()
            raise FormError({"phone": Message(DUPLICATE)}) from None
        return await self.get(worker.id)

    async def update(self, worker: Worker, form: WorkerForm, by: User | None = None) -> Worker:
        """Save an edited archive: every field from the form, skills replaced, consent record kept.
        ``updated_at`` moves, so every process's matcher re-reads it. A change of station is
        recorded as a move (from, to, who, when)."""
        clash = await self.session.scalar(
            select(Worker.id).where(Worker.phone == form.phone, Worker.id != worker.id)
        )
        if clash is not None:
            raise FormError({"phone": Message(DUPLICATE)})
        if form.station_id != worker.station_id:
            self.session.add(
                ArchiveMove(
                    worker_id=worker.id,
                    from_station_id=worker.station_id,
                    to_station_id=form.station_id,
                    by_id=by.id if by else None,
                )
            )
        for key, value in form.__dict__.items():
            if key not in ("skills", "consent_method", "id_number"):
                setattr(worker, key, value)
        worker.skills = [WorkerSkill(**s) for s in form.skills]
        if worker.consent_at is None and form.consent_method:
            worker.consent_at, worker.consent_method = utcnow(), form.consent_method
        worker.updated_at = utcnow()
        return await self._save(worker)

    async def get(self, worker_id: int) -> Worker:
        worker = await self.session.get(Worker, worker_id, populate_existing=True)
        if worker is None:
            raise NotFound
        return worker

    async def read_archive(self, worker_id: int, reader: User) -> Worker:
        """The full archive for staff, with the read written to the audit log."""
        worker = await self.get(worker_id)
        if reader.role in STAFF:
            self.session.add(
                AuditLog(
                    actor_id=reader.id,
                    action="read_archive",
                    subject_type="worker",
                    subject_id=worker.id,
                )
            )
            await self.session.commit()
        return worker

    async def seen(self, user: User) -> None:
        """The account was used today (for "active in the last 30 days"); written once a day at most."""
        now = utcnow()
        if user.last_seen_at is None or aware(user.last_seen_at).date() != now.date():
            user.last_seen_at = now
            await self.session.commit()

    async def of_user(self, user_id: int) -> Worker | None:
        return await self.session.scalar(select(Worker).where(Worker.user_id == user_id))

    async def trade_names(self, worker: Worker) -> dict[str, str]:
        """How each skill was read: 电焊 (焊工), so staff and the worker see the trade it is matched as."""
        trades = await self._trades()
        by_code = trades.by_code if trades else {}
        return {
            s.trade_code: by_code[s.trade_code].name
            for s in worker.skills
            if s.trade_code in by_code
        }

    async def suggest_trades(self, skill: str, limit: int = 3) -> list[Any]:
        """The trades a skill name may be, likeliest first (none for an empty name)."""
        trades = await self._trades()
        return trades.classify(skill, limit=limit) if trades and skill.strip() else []

    async def contracts(self, worker: Worker) -> list[Contract]:
        """The intent contracts signed for this worker, newest first (read here, not through the
        contracts service: contracts depend on workers, not the other way round)."""
        query = select(Contract).where(Contract.worker_id == worker.id).order_by(Contract.id.desc())
        return list(await self.session.scalars(query))

    async def find(
        self, text: str, limit: int = 30, *, station_id: int | None = None, first: int | None = None
    ) -> list[Worker]:
        """Workers by phone, ID number or name (staff look-up), newest first; only those kept at
        ``station_id`` if given; those kept at ``first`` (the reader's station) before the others."""
        text = strip_control(text or "").strip()[:FIND_LENGTH]
        order = [Worker.id.desc()]
        if first is not None:
            order.insert(0, case((Worker.station_id == first, 0), else_=1))
        query = select(Worker).order_by(*order).limit(limit)
        if station_id is not None:
            query = query.where(Worker.station_id == station_id)
        if text:
            # Names are kept as written; a Traditional query also tries its Simplified form.
            names = {text, to_simplified(text)}
            query = query.where(
                or_(
                    *(contains(Worker.name, n) for n in names),
                    contains(Worker.phone, text),
                    Worker.id_number == text.upper(),
                )
            )
        return list(await self.session.scalars(query))


async def provide_worker_service(db_session: AsyncSession, runtime: Runtime) -> WorkerService:
    return WorkerService(db_session, runtime.vocabulary)
