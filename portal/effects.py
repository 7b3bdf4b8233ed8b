"""What follows a commit: the search index and the matcher learn of it, whoever wrote.

Services write the outbox row or the archive; this module, listening on every session the runtime
hands out, wakes the outbox loop when a commit added outbox rows and tells the matcher to look when
a commit changed an archive or a vacancy. So no handler or service has to remember to: verifying an
employer, which publishes its drafts, reaches search as surely as posting a vacancy does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

from sqlalchemy import event
from sqlalchemy.orm import Session

from .models import Job, SearchOutbox, Worker, WorkerSkill

_KICK, _TOUCH = "effects.kick", "effects.touch"


@dataclass
class Effects:
    """Where a session's commits are announced (set once the runtime has built its parts)."""

    kick: Callable[[], None] = lambda: None
    touch: Callable[[], None] = lambda: None


def _after_flush(session: Session, _context) -> None:
    if any(isinstance(obj, SearchOutbox) for obj in session.new):
        session.info[_KICK] = True
    changed = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(obj, Job | Worker | WorkerSkill) for obj in changed):
        session.info[_TOUCH] = True


def _after_commit(session: Session) -> None:
    effects: Effects | None = session.info.get("effects")
    if effects is None:
        return
    if session.info.pop(_KICK, False):
        effects.kick()
    if session.info.pop(_TOUCH, False):
        effects.touch()


def _after_rollback(session: Session, _previous) -> None:
    session.info.pop(_KICK, None)
    session.info.pop(_TOUCH, None)


def install() -> None:
    """Listen on every ORM session (once per process; sessions without ``info['effects']`` are
    left alone, so scripts and tests that open their own sessions see no difference)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
