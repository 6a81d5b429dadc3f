"""read stage: every file format a clerk receives (scans by OCR, legacy text layers, DOCX, DOC) into page layout."""

#: file name endings the readers accept, for walking folders
SUFFIXES = (".pdf", ".docx", ".doc")
