"""How much each component counts, and the few numbers each component is built from. One place.

Weights are integers; a component that does not apply to a pair (no licence required, no benefit
asked for, a worker under 50) is left out and the others share its weight, so the total stays 0-100.
"""

WEIGHTS = {
    # The job must be one the worker can do; a perfect wage for the wrong trade is no match.
    "skill": 45,
    # Wage is the first thing workers ask about, and the main reason they stay away.
    "wage": 20,
    # Many come home to be near family: a job near home is worth more, far more to daily commuters.
    "place": 20,
    # Holding the licence a job requires sets a worker apart from those who cannot apply.
    "certificates": 10,
    # Whether the job starts when the worker can come: a month's wait is a month without pay.
    "timing": 8,
    # Housing and meals, only when the worker asked for them.
    "benefits": 7,
    # Workers over 50 are turned away often; an employer who welcomes them is worth a little.
    "age": 5,
}

# Skill: the same occupation, one in the same minor group (焊工 and 铆工), the same middle group
# (建筑施工人员: 砌筑工 and 木工). Further apart is no fit.
SAME_TRADE, SAME_MINOR, SAME_MIDDLE = 100, 70, 40
LEVEL_STEP = 15  # points off per level below the one the job asks
LEVEL_FLOOR = 10
BEGINNER = 50  # a job that takes beginners, for a worker without its trade
# Years of experience read as a level when the worker gave none.
YEARS_SENIOR, YEARS_MIDDLE = 10, 3

# Place, by distance between township seats in km.
PLACE_KM_COST = 1.5  # points per km for a worker who can live away from home during the week
PLACE_KM_COST_COMMUTER = 4.0  # for one who must be home every evening: 10 km costs 40
PLACE_FLOOR = 40
PLACE_UNKNOWN, PLACE_UNKNOWN_COMMUTER = 60, 30  # another township, distance unknown
PLACE_GOOD = 60

# Wage.
WAGE_RANGE_COVERS = 85  # the top of the range reaches the expectation, the bottom does not
WAGE_UNSTATED = 50  # 面议: neither for nor against
WAGE_GAP_COST = 200  # points per whole expectation missing: 10% short costs 20

# Timing: days between when the worker can start and when the job starts.
TIMING = ((7, 100), (30, 85), (90, 50))
TIMING_LATE = 20
TIMING_GOOD_DAYS = 30

AGE_OLDER = 50
AGE_WELCOME, AGE_NOT_STATED = 100, 60


# The fit in words (很合适 / 比较合适 / 可以看看). Calibrated on the graded pairs of
# tests/match_eval/pairs.json (written by rules apart from this code): of the pairs scoring 90 or
# more, 93% were graded 2-3 (a good match or one soft shortfall); 80-89, 69%; under 80, none (75-79:
# 15%). The earlier cut-offs, 75 and 50, called grade-0 and grade-1 pairs a good fit.
FIT_VERY = 90
FIT_GOOD = 80


def fit_band(total: float) -> str:
    """``very``, ``good`` or ``maybe`` for a match's total score (0-100)."""
    return "very" if total >= FIT_VERY else "good" if total >= FIT_GOOD else "maybe"
