"""The spider families and the parameters each requires (importable without Scrapy)."""
from __future__ import annotations

REQUIRED_PARAMS: dict[str, tuple[str, ...]] = {
    "federal_register": ("agencies",),
    "feed": ("url",),
    "html_list": ("url", "item_selector"),
}
FAMILY_NAMES = tuple(REQUIRED_PARAMS)
