"""Demo data: a realistic county generated with a fixed seed (see seed.py)."""
