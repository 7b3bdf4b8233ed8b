"""All route handlers, collected for the app (every one declares its access rule in ``opt``)."""

from . import auth, contracts, employers, events, health, imports, jobs, matches, policies, trades, vocabulary, workers

ROUTES = [*health.ROUTES, *auth.ROUTES, *jobs.ROUTES, *policies.ROUTES, *workers.ROUTES, *contracts.ROUTES, *employers.ROUTES, *imports.ROUTES, *events.ROUTES, *vocabulary.ROUTES, *trades.ROUTES, *matches.ROUTES]
