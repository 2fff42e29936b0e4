"""Redline's gettext catalogs, installed as `redline._locales` (see pyproject.toml)."""
