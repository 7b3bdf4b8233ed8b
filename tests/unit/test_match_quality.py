"""The matcher against the graded pairs of tests/match_eval/pairs.json, beside its baselines.

Measured when written (2026-11-26): jobs for a worker NDCG@10 0.900 (rapidfuzz 0.745, random 0.115);
workers for a job 0.880 (rapidfuzz 0.795, random 0.147). The floors sit a little below, so a change
that makes matching worse fails here; the text baseline is the bar the issue sets.
"""

import pytest

from tests.match_eval.evaluate import evaluate

FLOORS = {"jobs for a worker": 0.88, "workers for a job": 0.85}


@pytest.fixture(scope="module")
def result():
    return evaluate()


@pytest.mark.parametrize("direction", list(FLOORS))
def test_the_matcher_ranks_better_than_text_similarity_and_chance(result, direction):
    row = result[direction]
    print(direction, row)
    assert row["matcher"] > row["rapidfuzz"] > row["random"]
    assert row["matcher"] >= FLOORS[direction]
