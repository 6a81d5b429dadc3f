"""One module per way a table is found on a page (lattice, rules, aligned); extractor/layout/tables.py chooses."""
