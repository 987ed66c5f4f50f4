"""Pattern extractors bundled for one notice."""
from __future__ import annotations

from .codes import extract_eccns, extract_hs_codes
from .dates import extract_effective_date
from .doc_ids import extract_doc_ids

__all__ = ["extract_eccns", "extract_hs_codes", "extract_effective_date", "extract_doc_ids"]
