"""The one registry of spider families: each family's spider, the parameters it requires and where it reads
when its entry names no URL. Importable without Scrapy (the configuration checks entries against it); the
spider class is imported only when a crawl asks for it."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy import Spider  # not the spiders: they import modules that import this registry

FEDERAL_REGISTER_API = "https://www.federalregister.gov/api/v1/"


@dataclass(frozen=True)
class Family:
    """A spider family: the ``family`` a source entry names."""

    name: str
    #: The spider class, as ``module.Class`` under ``crawler.spiders``.
    spider: str
    #: The ``params`` an entry of this family must give.
    required_params: tuple[str, ...]
    #: Where the family reads when the entry names no URL (for per-site politeness settings).
    default_urls: tuple[str, ...] = ()

    def spider_class(self) -> type[Spider]:
        """The family's spider class (importing Scrapy)."""
        module, _, name = self.spider.rpartition(".")
        spider = getattr(import_module(f"crawler.spiders.{module}"), name)
        assert spider.family == self.name, f"{self.spider} is the spider of {spider.family!r}, not {self.name!r}"
        return spider


FAMILIES: dict[str, Family] = {family.name: family for family in (
    Family("federal_register", "federal_register.FederalRegisterSpider", ("agencies",), (FEDERAL_REGISTER_API,)),
    Family("feed", "feed.FeedSpider", ("url",)),
    Family("html_list", "html_list.HtmlListSpider", ("url", "item_selector")),
    Family("federal_register_pi", "federal_register_pi.FederalRegisterPublicInspectionSpider", ("agencies",),
           (FEDERAL_REGISTER_API,)),
    Family("govuk", "govuk.GovUkSpider", ("organisation",), ("https://www.gov.uk/api/search.json",)),
    Family("mofcom", "mofcom.MofcomSpider", ("url",)),
    Family("dgft", "dgft.DgftSpider", ("url",)),
    Family("json_api", "json_api.JsonApiSpider", ("url", "items_path", "id_field", "title_field")),
)}
FAMILY_NAMES = tuple(FAMILIES)


def spider_class(family: str) -> type[Spider]:
    """The spider class of the family named FAMILY."""
    return FAMILIES[family].spider_class()
