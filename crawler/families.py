"""The spider families and the parameters each requires (importable without Scrapy)."""
from __future__ import annotations

REQUIRED_PARAMS: dict[str, tuple[str, ...]] = {
    "federal_register": ("agencies",),
    "feed": ("url",),
    "html_list": ("url", "item_selector"),
    "federal_register_pi": ("agencies",),
    "govuk": ("organisation",),
    "mofcom": ("url",),
    "dgft": ("url",),
    "json_api": ("url", "items_path", "id_field", "title_field"),
}

#: Where a family reads when its entry names no URL (for per-site politeness settings).
DEFAULT_URLS: dict[str, tuple[str, ...]] = {
    "federal_register": ("https://www.federalregister.gov/api/v1/",),
    "federal_register_pi": ("https://www.federalregister.gov/api/v1/",),
    "govuk": ("https://www.gov.uk/api/search.json",),
}
FAMILY_NAMES = tuple(REQUIRED_PARAMS)
