"""Phone groups and share kits: a registry of the groups where workers are, a tracking code per
group, copy-ready posts and posters for them, and the funnel each group's posts bring."""
