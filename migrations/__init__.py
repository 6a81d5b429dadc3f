"""Alembic migrations of the kehoach store (a package, so the scripts ship with the install)."""
