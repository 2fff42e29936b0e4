"""The sample history of `redline demo`, installed as `redline._examples` (see pyproject.toml)."""
