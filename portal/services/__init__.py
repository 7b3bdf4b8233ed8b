"""Business rules. Handlers call one method here; these never know about HTTP."""
