"""Alembic revision scripts of the kehoach store."""
