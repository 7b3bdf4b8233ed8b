"""All route handlers, collected for the app (every one declares its access rule in ``opt``)."""

from litestar.di import Provide

from . import health
from .accounts import pages as accounts
from .catalogue import pages as catalogue
from .contracts import pages as contracts
from .employers import api as employers_api
from .employers import pages as employers
from .employers import service as employers_service
from .events import pages as events
from .imports import pages as imports
from .jobs import pages as jobs
from .matches import pages as matches
from .vocabulary import pages as vocabulary
from .vocabulary import service as vocabulary_service
from .vocabulary import trade_pages as trades
from .workers import pages as workers

ROUTES = [
    *health.ROUTES,
    *accounts.ROUTES,
    *jobs.ROUTES,
    *catalogue.ROUTES,
    *workers.ROUTES,
    *contracts.ROUTES,
    *employers.ROUTES,
    *employers_api.ROUTES,
    *imports.ROUTES,
    *events.ROUTES,
    *vocabulary.ROUTES,
    *trades.ROUTES,
    *matches.ROUTES,
]

# The services handlers ask for by name; each is built on the request's database session.
DEPENDENCIES = {
    "vocabulary_service": Provide(vocabulary_service.provide_vocabulary_service),
    "employer_service": Provide(employers_service.provide_employer_service),
}
