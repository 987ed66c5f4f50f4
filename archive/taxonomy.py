"""The closed label sets of the classification taxonomy (shared by every stage)."""
from __future__ import annotations

TOPICS = ("export_control", "licensing", "sanctions", "tariff")
DIRECTIONS = ("tightening", "easing", "procedural")
RARE_EARTH_ELEMENTS = (
    "scandium", "yttrium", "lanthanum", "cerium", "neodymium", "praseodymium", "samarium",
    "gadolinium", "terbium", "dysprosium", "lutetium",
)
COMMODITIES = (
    "rare_earths", *RARE_EARTH_ELEMENTS,
    "gallium", "germanium", "graphite", "antimony", "tungsten", "tellurium", "bismuth", "molybdenum",
    "indium", "lithium", "cobalt", "nickel", "copper", "aluminium", "steel", "superhard_materials",
    "semiconductors", "semiconductor_equipment", "advanced_computing", "quantum", "aerospace", "drones",
    "batteries", "encryption", "firearms", "nuclear", "chemicals", "biological", "dual_use",
    "rice", "wheat", "sugar", "fertilizer", "energy",
)
KEYS = ("relevant", "topics", "direction", "commodities", "hs_codes", "eccns", "effective_date", "doc_ids")
