"""Alembic migrations for Crisis Table's database (one revision per schema change)."""
