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

# What people read for each slug, in English and Chinese: emails, pages and terminal tables show these;
# `--json`, CSV and the archive keep the slugs.
DISPLAY_NAMES: dict[str, tuple[str, str]] = {
    "export_control": ("Export control", "出口管制"),
    "licensing": ("Licensing", "许可管理"),
    "sanctions": ("Sanctions", "制裁"),
    "tariff": ("Tariff", "关税"),
    "tightening": ("tightening", "收紧"),
    "easing": ("easing", "放宽"),
    "procedural": ("procedural", "程序性"),
    "rare_earths": ("Rare earths", "稀土"),
    "scandium": ("Scandium", "钪"),
    "yttrium": ("Yttrium", "钇"),
    "lanthanum": ("Lanthanum", "镧"),
    "cerium": ("Cerium", "铈"),
    "neodymium": ("Neodymium", "钕"),
    "praseodymium": ("Praseodymium", "镨"),
    "samarium": ("Samarium", "钐"),
    "gadolinium": ("Gadolinium", "钆"),
    "terbium": ("Terbium", "铽"),
    "dysprosium": ("Dysprosium", "镝"),
    "lutetium": ("Lutetium", "镥"),
    "gallium": ("Gallium", "镓"),
    "germanium": ("Germanium", "锗"),
    "graphite": ("Graphite", "石墨"),
    "antimony": ("Antimony", "锑"),
    "tungsten": ("Tungsten", "钨"),
    "tellurium": ("Tellurium", "碲"),
    "bismuth": ("Bismuth", "铋"),
    "molybdenum": ("Molybdenum", "钼"),
    "indium": ("Indium", "铟"),
    "lithium": ("Lithium", "锂"),
    "cobalt": ("Cobalt", "钴"),
    "nickel": ("Nickel", "镍"),
    "copper": ("Copper", "铜"),
    "aluminium": ("Aluminium", "铝"),
    "steel": ("Steel", "钢铁"),
    "superhard_materials": ("Superhard materials", "超硬材料"),
    "semiconductors": ("Semiconductors", "半导体"),
    "semiconductor_equipment": ("Semiconductor equipment", "半导体设备"),
    "advanced_computing": ("Advanced computing", "先进计算"),
    "quantum": ("Quantum technology", "量子技术"),
    "aerospace": ("Aerospace", "航空航天"),
    "drones": ("Drones", "无人机"),
    "batteries": ("Batteries", "电池"),
    "encryption": ("Encryption", "商用密码"),
    "firearms": ("Firearms", "枪支"),
    "nuclear": ("Nuclear", "核"),
    "chemicals": ("Controlled chemicals", "监控化学品"),
    "biological": ("Biological agents", "生物两用品"),
    "dual_use": ("Dual-use items", "两用物项"),
    "rice": ("Rice", "大米"),
    "wheat": ("Wheat", "小麦"),
    "sugar": ("Sugar", "食糖"),
    "fertilizer": ("Fertiliser", "化肥"),
    "energy": ("Energy (oil, gas, coal)", "能源"),
}


def display_name(slug: str, language: str = "en") -> str:
    """The name people read for SLUG (a topic, direction or commodity); an unknown slug is shown as it is."""
    names = DISPLAY_NAMES.get(slug)
    if names is None:
        return slug
    return names[1] if language == "zh" else names[0]


def display_names(slugs: list[str] | tuple[str, ...], language: str = "en") -> str:
    """SLUGS as one comma-separated line of display names."""
    return ", ".join(display_name(slug, language) for slug in slugs)


def unknown_label(kind: str, value: str, allowed: tuple[str, ...] | list[str]) -> str:
    """The one message for a label outside its closed set: the nearest names, or every name when none is near."""
    import difflib

    near = difflib.get_close_matches(value, list(allowed), n=3)
    hint = f"did you mean {', '.join(near)}?" if near else f"known: {', '.join(allowed)}"
    return f"unknown {kind} {value!r}; {hint}"
