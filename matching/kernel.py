"""The pair score of scoring.score() as compiled loops (numba): county-scale refreshes in seconds.

Columns come in as two tuples of arrays, a worker side and a job side (their order: ``_WORKER_SIDE``
and ``_JOB_SIDE`` in vector.py). Each kernel unpacks them once, before its loop, and hands the arrays
to the inlined pair function one by one: reading arrays out of a tuple inside the loop costs
reference counting on every pair, several times the work itself. A test holds every total here
equal to the reference scorer's.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import weights as w

SAME, MINOR, MIDDLE = w.SAME_TRADE, w.SAME_MINOR, w.SAME_MIDDLE
STEP, FLOOR, BEGINNER = w.LEVEL_STEP, w.LEVEL_FLOOR, w.BEGINNER
W_SKILL, W_WAGE, W_PLACE, W_TIMING = (
    w.WEIGHTS["skill"],
    w.WEIGHTS["wage"],
    w.WEIGHTS["place"],
    w.WEIGHTS["timing"],
)
W_BENEFITS, W_AGE, W_CERTS = w.WEIGHTS["benefits"], w.WEIGHTS["age"], w.WEIGHTS["certificates"]
WAGE_COVERS, WAGE_UNSTATED, WAGE_GAP = w.WAGE_RANGE_COVERS, w.WAGE_UNSTATED, w.WAGE_GAP_COST
T1, V1, T2, V2, T3, V3 = (
    w.TIMING[0][0],
    w.TIMING[0][1],
    w.TIMING[1][0],
    w.TIMING[1][1],
    w.TIMING[2][0],
    w.TIMING[2][1],
)
LATE, AGE_YES, AGE_NO = w.TIMING_LATE, w.AGE_WELCOME, w.AGE_NOT_STATED
ANY_TIER, BELOW_MINOR = -2, -1


@njit(cache=True)
def score(W, wrows, J, jrows, away, home, near, tier_wanted, out):
    """out[i] = the total of wrows[i] x jrows[i] (a side of length one is used for every pair), or -1
    when the pair is not eligible or not of ``tier_wanted`` (3 same occupation, 2 same minor group,
    1 same middle group; BELOW_MINOR: 0 or 1; ANY_TIER)."""
    (
        wtown,
        expected_c,
        homebound,
        commute,
        w_housing,
        w_meals,
        avail,
        older,
        code,
        minor,
        middle,
        rank,
        valid,
        age,
    ) = W
    (
        jtown,
        wage_min,
        wage_max,
        start,
        j_housing,
        j_meals,
        over50,
        beginners,
        level_c,
        jcode,
        jminor,
        jmiddle,
        required,
        has_required,
        max_age,
    ) = J
    for i in range(len(out)):
        a = wrows[0] if len(wrows) == 1 else wrows[i]
        b = jrows[0] if len(jrows) == 1 else jrows[i]
        level = level_c[b]
        skill, tier = 0, 0
        for s in range(code.shape[1]):
            c = code[a, s]
            if c < 0:
                break
            for t in range(jcode.shape[1]):
                jc = jcode[b, t]
                if jc < 0:
                    break
                if c == jc:
                    f, k = SAME, 3
                elif minor[a, s] == jminor[b, t]:
                    f, k = MINOR, 2
                elif middle[a, s] == jmiddle[b, t]:
                    f, k = MIDDLE, 1
                else:
                    continue
                if level > 0 and rank[a, s] < level:
                    f = max(FLOOR, f - STEP * (level - rank[a, s]))
                skill = max(skill, f)
                tier = max(tier, k)
        if (tier_wanted >= 0 and tier != tier_wanted) or (tier_wanted == BELOW_MINOR and tier >= 2):
            out[i] = -1
            continue
        if beginners[b] and skill < BEGINNER:
            skill = BEGINNER
        if (
            skill <= 0
            or (homebound[a] and wtown[a] != jtown[b])
            or (max_age[b] and age[a] > max_age[b])
        ):
            out[i] = -1
            continue
        lacking = False
        for q in range(valid.shape[1]):
            if required[b, q] & ~valid[a, q]:
                lacking = True
        if (near and not (lacking and skill >= MINOR)) or (lacking and not near):
            out[i] = -1
            continue
        expected, low, high = expected_c[a], wage_min[b], wage_max[b]
        if high <= 0:
            wage = WAGE_UNSTATED
        elif expected <= 0 or low >= expected:
            wage = 100
        elif high >= expected:
            wage = WAGE_COVERS
        else:
            wage = max(0, 100 - (WAGE_GAP * (expected - high)) // expected)
        place = home[wtown[a], jtown[b]] if commute[a] else away[wtown[a], jtown[b]]
        delay = avail[a] - start[b]
        timing = V1 if delay <= T1 else V2 if delay <= T2 else V3 if delay <= T3 else LATE
        weighted = W_SKILL * skill + W_WAGE * wage + W_PLACE * place + W_TIMING * timing
        weight = W_SKILL + W_WAGE + W_PLACE + W_TIMING
        asked = int(w_housing[a]) + int(w_meals[a])
        if asked:
            given = int(w_housing[a] and j_housing[b]) + int(w_meals[a] and j_meals[b])
            weighted += W_BENEFITS * (100 * given // asked)
            weight += W_BENEFITS
        if older[a]:
            weighted += W_AGE * (AGE_YES if over50[b] else AGE_NO)
            weight += W_AGE
        if has_required[b]:
            weighted += W_CERTS * (0 if lacking else 100)
            weight += W_CERTS
        out[i] = (2 * weighted + weight) // (2 * weight)


@njit(cache=True)
def pairs(W, wrows, J, jrows, away, home, near):
    """Totals (-1: not eligible) for wrows[i] x jrows[i]; a side of length one is used for every pair."""
    if len(wrows) == 0 or len(jrows) == 0:  # no pairs (an empty side must not be broadcast)
        return np.empty(0, dtype=np.int32)
    out = np.empty(max(len(wrows), len(jrows)), dtype=np.int32)
    score(W, wrows, J, jrows, away, home, near, ANY_TIER, out)
    return out


@njit(cache=True)
def refresh_pass(
    W, J, jrows, keys, gptr, grows, tier, bound, best, floor, stamp, away, home, order_bits
):
    """Offer each job (in best-first order) to the workers of its groups whose pair is of ``tier``,
    unless their tenth best already beats ``bound``. ``keys[o]``: the job's group ids for this pass;
    ``best``: each worker's ten (total << order_bits | order) keys, ``floor`` the smallest of them."""
    top = (1 << order_bits) - 1
    rows = np.empty(len(floor), dtype=np.int64)
    out = np.empty(len(floor), dtype=np.int32)
    for o in range(len(jrows)):
        n = 0
        for t in range(keys.shape[1]):
            g = keys[o, t]
            if g < 0:
                break
            if (
                g >= len(gptr) - 1
            ):  # a trade first seen after the groups were built: no worker has it
                continue
            for k in range(gptr[g], gptr[g + 1]):
                a = grows[k]
                if stamp[a] != o and (floor[a] >> order_bits) <= bound:
                    stamp[a] = o
                    rows[n] = a
                    n += 1
        if n == 0:
            continue
        score(W, rows[:n], J, jrows[o : o + 1], away, home, False, tier, out[:n])
        for i in range(n):
            if out[i] < 0:
                continue
            a = rows[i]
            key = (np.int64(out[i]) << order_bits) | (top - o)
            if key > floor[a]:
                slot = 0
                for s in range(1, best.shape[1]):
                    if best[a, s] < best[a, slot]:
                        slot = s
                best[a, slot] = key
                low = best[a, 0]
                for s in range(1, best.shape[1]):
                    low = min(low, best[a, s])
                floor[a] = low


@njit(cache=True)
def best_for_job(W, J, b, ids, passes, k, bounds, away, home):
    """The k best keys ((total << 32) | (2**31 - 1 - id): ties go to the smaller id) for job row b.

    ``passes``: (tier, group offsets, group rows, the job's group ids), in order of decreasing
    ``bounds``; a pass whose bound cannot beat the k-th best found so far is not looked at."""
    stamp = np.zeros(len(ids), dtype=np.bool_)
    rows = np.empty(len(ids), dtype=np.int64)
    out = np.empty(len(ids), dtype=np.int32)
    jrow = np.array([b], dtype=np.int64)
    keys = np.full(k, -1, dtype=np.int64)
    low = 0  # the slot of the smallest key
    for p in range(len(passes)):
        tier, gptr, grows, groups = passes[p]
        if keys[low] >= 0 and (keys[low] >> 32) > bounds[p]:
            break
        n = 0
        for t in range(len(groups)):
            g = groups[t]
            if g < 0 or g >= len(gptr) - 1:
                continue
            for i in range(gptr[g], gptr[g + 1]):
                a = grows[i]
                if not stamp[a]:
                    stamp[a] = True
                    rows[n] = a
                    n += 1
        score(W, rows[:n], J, jrow, away, home, False, tier, out[:n])
        for i in range(n):
            if out[i] < 0:
                continue
            key = (np.int64(out[i]) << 32) | (2147483647 - ids[rows[i]])
            if key > keys[low]:
                keys[low] = key
                for s in range(k):
                    if keys[s] < keys[low]:
                        low = s
    return keys
