"""The inbox page, its unread count for the header, and the same lines as JSON. Reading the page
(or the JSON) marks everything read."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from ..auth import WORKER, roles
from ..contracts.states import LABELS
from ..help import states as help_states
from ..i18n import N_, gettext, lang_of
from ..matches.service import MatchService
from ..models import User
from ..workers.service import WorkerService
from .schemas import InboxLine, InboxPage
from .service import CONTRACT, HELP, JOB_ENDED, MATCH, MEASURE, REPORT, Inbox, Line

TEXTS = {
    MATCH: N_("A new job fits you: %(title)s"),
    JOB_ENDED: N_("A job you were interested in is no longer open: %(title)s"),
    CONTRACT: N_("Your intent contract %(number)s: %(status)s"),
    REPORT: N_("Your report on %(title)s: %(outcome)s"),
    MEASURE: N_("A measure now applies to you: %(title)s"),
    HELP: N_("Your request for help (%(kind)s): %(status)s"),
}
OUTCOMES = {
    "removed": N_("the vacancy was taken down"),
    "dismissed": N_("checked, nothing wrong was found"),
}


def _text(lang: str, line: Line) -> tuple[str, str | None]:
    """What a line says, and where tapping it goes (None once its subject is gone)."""
    n = line.notice
    if line.job is not None:
        return gettext(lang, TEXTS[n.kind], title=line.job.title), f"/jobs/{line.job.id}"
    if line.contract is not None:
        status = gettext(lang, LABELS.get(n.detail, n.detail))
        return gettext(lang, TEXTS[CONTRACT], number=line.contract.number, status=status), (
            "/me/contracts"
        )
    if line.report is not None:
        outcome = gettext(lang, OUTCOMES.get(n.detail, n.detail))
        title = line.report.job.title
        return gettext(
            lang, TEXTS[REPORT], title=title, outcome=outcome
        ), f"/jobs/{line.report.job_id}"
    if line.measure is not None:
        text = gettext(lang, TEXTS[MEASURE], title=line.measure.title)
        return text, f"/policies/{line.measure.id}"
    if line.help is not None:
        kind = gettext(lang, help_states.KINDS.get(line.help.kind, line.help.kind))
        status = gettext(lang, help_states.LABELS.get(n.detail, n.detail))
        text = gettext(lang, TEXTS[HELP], kind=kind, status=status)
        return text, f"/me/help#help-{line.help.id}"
    return gettext(lang, N_("Something changed that is no longer on the portal.")), None


async def _page(
    request: Request, user: User, inbox: Inbox, workers: WorkerService, matches: MatchService
) -> InboxPage:
    worker = await workers.of_user(user.id)
    if worker is not None:  # new matches since the last look become lines first
        shown = await matches.jobs_for(worker, 10)
        await inbox.note_matches(user, [job for job, _ in shown])
    unread, lines = await inbox.unread(user), await inbox.lines(user)
    await inbox.mark_read(user)
    lang = lang_of(request)
    out = []
    for line in lines:
        text, link = _text(lang, line)
        n = line.notice
        out.append(
            InboxLine(
                kind=n.kind,
                subject_id=n.subject_id,
                detail=n.detail,
                text=text,
                link=link,
                at=n.created_at,
                is_new=line.is_new,
            )
        )
    return InboxPage(unread=unread, lines=out)


@get("/me/inbox", opt=roles(*WORKER))
async def index(
    request: Request,
    user: User,
    inbox: Inbox,
    worker_service: WorkerService,
    match_service: MatchService,
) -> Template:
    page = await _page(request, user, inbox, worker_service, match_service)
    return Template("inbox/index.html", context={"page": page})


@get("/me/inbox/count", opt=roles(*WORKER))
async def count(user: User, inbox: Inbox) -> Template:
    """The header's unread badge (loaded by htmx after the page, so no page waits for it)."""
    return Template("inbox/_count.html", context={"unread": await inbox.unread(user)})


@get("/api/v1/me/inbox", opt=roles(*WORKER))
async def api_index(
    request: Request,
    user: User,
    inbox: Inbox,
    worker_service: WorkerService,
    match_service: MatchService,
) -> InboxPage:
    """The newest 50 lines, ``unread`` counted before this read marked them read."""
    return await _page(request, user, inbox, worker_service, match_service)


ROUTES = [index, count, api_index]
