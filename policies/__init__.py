"""The policy catalogue (the county's "thirty measures"): its table, data files and loading."""
