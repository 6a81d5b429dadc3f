"""Scoring the extractor against gold plans (the rules are in docs/evaluation.md)."""
