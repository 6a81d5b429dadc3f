"""The relational store of extracted plans (SQLite by default, PostgreSQL for shared use)."""
