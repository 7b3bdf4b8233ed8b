"""Meilisearch: text normalisation, documents, quoted filters, indexing, querying, a child server.

Imports nothing from the project: callers pass plain dicts in and get plain dicts out.
"""
