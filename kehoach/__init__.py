"""kehoach: Vietnamese provincial plan PDFs → a database of commitments."""

__version__ = "0.1.0"
