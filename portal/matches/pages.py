"""The candidates page of a vacancy: ranked, explained, consent-limited (the worker's side of matching
is on their archive page, portal/workers/pages.py)."""

from __future__ import annotations

from litestar import get
from litestar.response import Template

from ..auth import EMPLOYER, STAFF, roles
from ..models import User
from ..reference import townships
from ..stations.service import StationService, nearest
from ..web import check_id
from .schemas import candidate
from .service import MatchService

SHOWN = 20  # candidates on the page


@get("/jobs/{job_id:int}/candidates", opt=roles(*EMPLOYER, *STAFF))
async def candidates(
    job_id: int, user: User, match_service: MatchService, station_service: StationService
) -> Template:
    """Employers see no contact: each candidate links the station to ask (the archive's, else the
    one in the city the worker is in, else the list)."""
    board = await match_service.board(check_id(job_id), user, limit=SHOWN)
    staff = user.role in STAFF
    stations = await station_service.stations()
    context = {
        "job": board.job,
        "rows": [(candidate(w, s, staff=staff), s, nearest(w, stations)) for w, s in board.found],
        "interested": [
            (candidate(w, s, staff=staff), s, nearest(w, stations)) for w, s in board.interested
        ],
        "is_staff": staff,
        "township_names": {t.code: t.name for t in townships()},
    }
    return Template("jobs/candidates.html", context=context)


ROUTES = [candidates]
