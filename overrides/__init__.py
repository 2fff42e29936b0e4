"""Redline's templates, CSS and JavaScript, installed as `redline._theme` (see pyproject.toml)."""
