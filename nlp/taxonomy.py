"""The classifier's view of the taxonomy: the label sets are archive.taxonomy's, defined there once."""
from __future__ import annotations

from archive import taxonomy

TOPICS: tuple[str, ...] = taxonomy.TOPICS
DIRECTIONS: tuple[str, ...] = taxonomy.DIRECTIONS
RARE_EARTH_ELEMENTS: tuple[str, ...] = taxonomy.RARE_EARTH_ELEMENTS
COMMODITIES: frozenset[str] = frozenset(taxonomy.COMMODITIES)
# Commodities that name goods more narrowly than "dual-use items in general".
SPECIFIC_COMMODITIES: frozenset[str] = COMMODITIES - {"dual_use"}
# One line of `regwatch classify` output: the notice's id, then exactly the taxonomy's keys.
OUTPUT_KEYS: tuple[str, ...] = ("id", *taxonomy.KEYS)
