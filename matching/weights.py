"""How much each component counts toward the total. The one place these numbers live."""

WEIGHTS = {
    # The job must be one the worker can do; a perfect wage for the wrong trade is no match.
    "skill": 0.55,
    # Wage is the first thing workers ask about, and the main reason they stay away.
    "wage": 0.25,
    # Many come home to be near family: a job in their own township is worth more.
    "place": 0.20,
}

# Below this, a job skill counts as not covered by any of the worker's skills.
SKILL_COVERED = 60
