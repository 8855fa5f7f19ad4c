"""Tie strength: the model (model.py), per-person components (components.py), scores and tiers (score.py),
and why a tie scores what it does (explain.py). Nothing is imported here: name the module you use."""
