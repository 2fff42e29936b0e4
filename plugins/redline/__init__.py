"""Redline: legal policies with their revision history, redlines and change notices."""

__version__ = "0.1.0"
