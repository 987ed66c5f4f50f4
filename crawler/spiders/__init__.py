"""Spider families by name: the ``family`` of a source entry picks one."""
from __future__ import annotations

from crawler.families import FAMILY_NAMES
from crawler.spiders.base import SourceSpider
from crawler.spiders.dgft import DgftSpider
from crawler.spiders.federal_register import FederalRegisterSpider
from crawler.spiders.federal_register_pi import FederalRegisterPublicInspectionSpider
from crawler.spiders.feed import FeedSpider
from crawler.spiders.govuk import GovUkSpider
from crawler.spiders.html_list import HtmlListSpider
from crawler.spiders.json_api import JsonApiSpider
from crawler.spiders.mofcom import MofcomSpider

FAMILIES: dict[str, type[SourceSpider]] = {
    spider.family: spider for spider in (
        FederalRegisterSpider, FederalRegisterPublicInspectionSpider, FeedSpider, HtmlListSpider, GovUkSpider,
        MofcomSpider, DgftSpider, JsonApiSpider,
    )
}
assert set(FAMILIES) == set(FAMILY_NAMES), "crawler.families and the spider classes disagree"
