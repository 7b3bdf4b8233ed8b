"""All route handlers, collected for the app (every one declares its access rule in ``opt``)."""

from litestar.di import Provide

from . import health
from .accounts import pages as accounts
from .catalogue import pages as catalogue
from .contracts import pages as contracts
from .employers import pages as employers
from .events import pages as events
from .feedback import api as feedback_api
from .feedback import pages as feedback
from .feedback import service as feedback_service
from .imports import pages as imports
from .imports import service as import_service
from .jobs import api as jobs_api
from .jobs import pages as jobs
from .jobs import service as job_service
from .matches import pages as matches
from .vocabulary import pages as vocabulary
from .vocabulary import service as vocabulary_service
from .vocabulary import trade_pages as trades
from .workers import pages as workers

ROUTES = [
    *health.ROUTES,
    *accounts.ROUTES,
    *jobs.ROUTES,
    *jobs_api.ROUTES,
    *feedback.ROUTES,
    *feedback_api.ROUTES,
    *catalogue.ROUTES,
    *workers.ROUTES,
    *contracts.ROUTES,
    *employers.ROUTES,
    *imports.ROUTES,
    *events.ROUTES,
    *vocabulary.ROUTES,
    *trades.ROUTES,
    *matches.ROUTES,
]

# The services handlers ask for by name; each is built on the request's database session.
DEPENDENCIES = {
    "vocabulary_service": Provide(vocabulary_service.provide_vocabulary_service),
    "job_service": Provide(job_service.provide_job_service),
    "feedback_service": Provide(feedback_service.provide_feedback_service),
    "import_service": Provide(import_service.provide_import_service),
}
