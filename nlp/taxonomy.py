"""The closed label sets of the classification taxonomy (shared/taxonomy.md)."""
from __future__ import annotations

TOPICS: tuple[str, ...] = ("export_control", "licensing", "sanctions", "tariff")
DIRECTIONS: tuple[str, ...] = ("tightening", "easing", "procedural")

RARE_EARTH_ELEMENTS: tuple[str, ...] = (
    "scandium", "yttrium", "lanthanum", "cerium", "neodymium", "praseodymium",
    "samarium", "gadolinium", "terbium", "dysprosium", "lutetium",
)
COMMODITIES: frozenset[str] = frozenset(
    ("rare_earths",) + RARE_EARTH_ELEMENTS + (
        "gallium", "germanium", "graphite", "antimony", "tungsten", "tellurium", "bismuth",
        "molybdenum", "indium", "lithium", "cobalt", "nickel", "copper", "aluminium", "steel",
        "superhard_materials",
        "semiconductors", "semiconductor_equipment", "advanced_computing", "quantum", "aerospace",
        "drones", "batteries", "encryption", "firearms", "nuclear", "chemicals", "biological",
        "dual_use",
        "rice", "wheat", "sugar", "fertilizer", "energy",
    )
)
# Commodities that name goods more narrowly than "dual-use items in general".
SPECIFIC_COMMODITIES: frozenset[str] = COMMODITIES - {"dual_use"}

OUTPUT_KEYS: tuple[str, ...] = (
    "id", "relevant", "topics", "direction", "commodities", "hs_codes", "eccns",
    "effective_date", "doc_ids",
)
