"""All route handlers, collected for the app (every one declares its access rule in ``opt``)."""

from litestar.di import Provide

from . import health
from .accounts import api as accounts_api
from .accounts import handout as accounts_handout
from .accounts import pages as accounts
from .accounts import service as accounts_service
from .accounts import signup as accounts_signup
from .businesses import api as businesses_api
from .businesses import pages as businesses
from .businesses import service as business_service
from .catalogue import api as catalogue_api
from .catalogue import pages as catalogue
from .catalogue import policies as catalogue_policies
from .catalogue import search as catalogue_search
from .contracts import api as contracts_api
from .contracts import pages as contracts
from .contracts import service as contract_service
from .eligibility import pages as eligibility
from .employers import api as employers_api
from .employers import pages as employers
from .employers import service as employers_service
from .events import api as events_api
from .events import calendar
from .events import pages as events
from .events import service as event_service
from .feedback import api as feedback_api
from .feedback import pages as feedback
from .feedback import service as feedback_service
from .groups import api as groups_api
from .groups import pages as groups
from .groups import service as group_service
from .help import api as help_api
from .help import pages as help_pages
from .help import service as help_service
from .imports import pages as imports
from .imports import service as import_service
from .imports import worker_pages as worker_imports
from .inbox import pages as inbox_pages
from .inbox import service as inbox_service
from .jobs import api as jobs_api
from .jobs import pages as jobs
from .jobs import service as job_service
from .matches import api as matches_api
from .matches import pages as matches
from .matches import service as matches_service
from .news import feed as news_feed
from .news import pages as news
from .news import service as news_service
from .privacy import api as privacy_api
from .privacy import pages as privacy
from .privacy import service as privacy_service
from .returns import api as returns_api
from .returns import pages as returns
from .returns import service as return_service
from .stations import pages as stations
from .stations import service as station_service
from .stats import api as stats_api
from .stats import dashboard as stats_dashboard
from .stats import monthly as stats_monthly
from .stats import pages as stats
from .stats import service as stats_service
from .vocabulary import pages as vocabulary
from .vocabulary import service as vocabulary_service
from .vocabulary import trade_pages as trades
from .workers import api as workers_api
from .workers import pages as workers
from .workers import service as workers_service

ROUTES = [
    *health.ROUTES,
    *accounts.ROUTES,
    *accounts_api.ROUTES,
    *accounts_signup.ROUTES,
    *accounts_handout.ROUTES,
    *inbox_pages.ROUTES,
    *jobs.ROUTES,
    *jobs_api.ROUTES,
    *feedback.ROUTES,
    *feedback_api.ROUTES,
    *eligibility.ROUTES,
    *catalogue.ROUTES,
    *catalogue_api.ROUTES,
    *workers.ROUTES,
    *workers_api.ROUTES,
    *contracts.ROUTES,
    *contracts_api.ROUTES,
    *employers.ROUTES,
    *employers_api.ROUTES,
    *imports.ROUTES,
    *events.ROUTES,
    *events_api.ROUTES,
    *stats.ROUTES,
    *stats_api.ROUTES,
    *stats_dashboard.ROUTES,
    *stats_monthly.ROUTES,
    *vocabulary.ROUTES,
    *trades.ROUTES,
    *matches.ROUTES,
    *matches_api.ROUTES,
    *privacy.ROUTES,
    *privacy_api.ROUTES,
    *businesses.ROUTES,
    *businesses_api.ROUTES,
    *stations.ROUTES,
    *returns.ROUTES,
    *returns_api.ROUTES,
    *help_pages.ROUTES,
    *help_api.ROUTES,
    *worker_imports.ROUTES,
    *calendar.ROUTES,
    *groups.ROUTES,
    *groups_api.ROUTES,
    *news.ROUTES,
    *news_feed.ROUTES,
]

# The services handlers ask for by name; each is built on the request's database session.
DEPENDENCIES = {
    "search_service": Provide(catalogue_search.provide_search_service),
    "vocabulary_service": Provide(vocabulary_service.provide_vocabulary_service),
    "contract_service": Provide(contract_service.provide_contract_service),
    "event_service": Provide(event_service.provide_event_service),
    "stats_service": Provide(stats_service.provide_stats_service),
    "worker_service": Provide(workers_service.provide_worker_service),
    "match_service": Provide(matches_service.provide_match_service),
    "account_service": Provide(accounts_service.provide_account_service),
    "policy_service": Provide(catalogue_policies.provide_policy_service),
    "employer_service": Provide(employers_service.provide_employer_service),
    "job_service": Provide(job_service.provide_job_service),
    "feedback_service": Provide(feedback_service.provide_feedback_service),
    "import_service": Provide(import_service.provide_import_service),
    "inbox": Provide(inbox_service.provide_inbox),
    "privacy_service": Provide(privacy_service.provide_privacy_service),
    "business_service": Provide(business_service.provide_business_service),
    "station_service": Provide(station_service.provide_station_service),
    "return_service": Provide(return_service.provide_return_service),
    "help_service": Provide(help_service.provide_help_service),
    "group_service": Provide(group_service.provide_group_service),
    "news_service": Provide(news_service.provide_news_service),
}
