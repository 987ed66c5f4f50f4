"""Turning fetched bytes into a notice's clean, normalised main text.

Versions are decided on this text, so everything that changes without the
notice changing (menus, footers, visitor counters, dates of rendering, session
tokens in markup) must be left out here.
"""
from __future__ import annotations

import functools
import gc
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import tzinfo
from typing import Any, NamedTuple

from charset_normalizer import from_bytes
from cssselect import HTMLTranslator, SelectorError
from lxml import etree

from crawler.dates import parse_date

FURNITURE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button", "svg")
FURNITURE_HINT = re.compile(
    r"(^|[-_ ])(nav|menu|footer|header|breadcrumbs?|share|social|sidebar|counter|visit|related|cookie|skip|print|pager|pagination|contact|toolbar|pagetop|pagedetails|feedback|scroll)([-_ ]|$)",
    re.I,
)
#: Classes that say how an element prints (its columns, link styles, colours, page breaks) style it for paper:
#: they do not make it furniture, as a print button's class does.
_PRINT_STYLING = re.compile(r"(?i)(?=\S*print)(?=\S*(?:columns?|styles?|colou?rs?|layout|width|breaks?))\S+")
_CAMEL = re.compile(r"([a-z])([A-Z])")
# Every Unicode space (tabs, no-break, ideographic, Ogham, en/em spaces …) and the zero-width ones.
_SPACES = re.compile(r"(?:[^\S\n]|[\u200b\ufeff])+")
_BLANK_LINES = re.compile(r"\n{2,}")
# Every character Python's str.splitlines() takes for a line break becomes a newline; the other C0 and C1
# control characters (ESC of terminal escapes, NUL, bell, …) carry no text and must not reach a terminal,
# a header or the archive.
_LINE_BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
# Surrogates are the only code points a str can hold that no UTF encoding accepts (JSON's "\\ud800" escapes).
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def encodable(text: str) -> str:
    """TEXT with surrogate pairs joined into their character and lone surrogates replaced by U+FFFD."""
    if not _SURROGATES.search(text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def normalise_text(text: str) -> str:
    """NFC-normalise, drop control characters, collapse runs of spaces, strip each line and drop empty lines."""
    text = unicodedata.normalize("NFC", encodable(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


#: Charsets servers and templates declare by default, often wrongly: any byte string decodes under them.
_FALLBACK_DECLARATIONS = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "ascii", "us-ascii"}

#: What such a page really is when the label lies (the trap of Chinese, Japanese and Korean government sites).
_MULTIBYTE_CJK = {"gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950", "shift_jis", "cp932", "euc_jp",
                  "euc_jis_2004", "iso2022_jp", "euc_kr", "cp949", "johab"}

#: Charsets a site in this language uses when it does not say (or says wrongly), tried before detection.
LANGUAGE_CHARSETS = {"zh": ("gb18030",), "ja": ("shift_jis", "euc_jp"), "ko": ("euc_kr",)}


def _decodes(body: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return body.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def decode_html(body: bytes, declared: str | None = None, override: str | None = None,
                language: str | None = None) -> str:
    """Decode a page, trusting in turn:

    1. the source's ``override``;
    2. UTF-8, when the bytes are valid non-ASCII UTF-8 (whatever the page
       declares: such bytes are almost never meant as another charset);
    3. for a page declared in a Western single-byte charset (which proves
       nothing: every byte string decodes under it), the usual charsets of
       the source's ``language``, then detection if it finds a CJK charset
       (a GBK page labelled latin-1);
    4. the declared charset, then the language's charsets, then detection.
    """
    language_charsets = LANGUAGE_CHARSETS.get((language or "")[:2].lower(), ())
    if (text := _decodes(body, override)) is not None:
        return text
    if not body.isascii():
        if (text := _decodes(body, "utf-8")) is not None:
            return text
        if (declared or "").strip().lower() in _FALLBACK_DECLARATIONS:
            for encoding in language_charsets:
                if (text := _decodes(body, encoding)) is not None:
                    return text
            best = from_bytes(body).best()
            if best is not None and best.encoding in _MULTIBYTE_CJK:
                return str(best)
    for charset in (declared, "utf-8", *language_charsets):
        if (text := _decodes(body, charset)) is not None:
            return text
    best = from_bytes(body).best()
    return str(best) if best is not None else body.decode("utf-8", errors="replace")


# -- the main text: one walk over an lxml tree ----------------------------------------------------------------
#
# A page is parsed once by libxml2 into a tree built by lxml's TreeBuilder (libxml2's own tree builder stops
# nesting at a fixed depth and drops the text below it), then walked once, depth first, with an explicit stack
# that holds every ancestor of the element being visited: text is emitted as it is met, each element's counts
# (its text, its links' text, its share links, its direct paragraphs' text) are handed to its parent when it
# closes, and an element found to be furniture only when it closes (a share bar, a breadcrumb trail, a table of
# document metadata) is cut by truncating what it emitted. Every element is entered once and every piece of text
# is emitted, and at most once cut, so the work is linear in the page, however deep or wide. Holding the
# ancestors matters with lxml: releasing an element whose parent has no Python object left walks up the tree.

#: Block elements: each starts and ends a line of text.
BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr",
    "ul", "caption", "center", "tfoot", "header", "footer", "nav", "form", "details", "summary", "fieldset",
))
#: Elements whose text is never text, even in a feed summary.
_NEVER_TEXT = frozenset(("script", "style", "template", "noscript", "svg", "head", "title", "meta", "link"))
_FURNITURE = frozenset(FURNITURE_TAGS) | _NEVER_TEXT
#: Landmark roles that are page furniture whatever the element.
_FURNITURE_ROLES = frozenset(("navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
                              "toolbar", "dialog", "alertdialog"))
#: Elements a class or id hint never removes: they are the page itself or its declared content.
_NEVER_HINTED = frozenset(("html", "body", "main", "article"))
#: Where a page's main text usually is, in order of trust; the first whose text is longer than 40 characters wins.
MAIN_CANDIDATES = ("main", "article", "[role=main]", "#zoom", ".article", ".artCon", "#content", ".content", "#main")
_CANDIDATE_TESTS = (
    lambda tag, ident, classes, role: tag == "main",
    lambda tag, ident, classes, role: tag == "article",
    lambda tag, ident, classes, role: role == "main",
    lambda tag, ident, classes, role: ident == "zoom",
    lambda tag, ident, classes, role: "article" in classes,
    lambda tag, ident, classes, role: "artCon" in classes,
    lambda tag, ident, classes, role: ident == "content",
    lambda tag, ident, classes, role: "content" in classes,
    lambda tag, ident, classes, role: ident == "main",
)
#: Elements whose direct paragraphs make a block of running text (``largest_block_text``).
_TEXT_BLOCKS = frozenset(("div", "article", "section", "td"))
_WHITESPACE = re.compile(r"\s+")
#: Links that share or print the page instead of leading anywhere: the sharing endpoints of the common social
#: networks and messengers, e-mail without a recipient, and the browser's print dialog.
SHARE_LINK = re.compile(
    r"""(?ix)^\s*(?:
        javascript:.*\bprint\s*\(
      | mailto:\s*\?
      | (?:https?:)?//(?:[a-z0-9-]+\.)*(?:
            facebook\.com/(?:sharer|share\.php|dialog/share) | twitter\.com/(?:intent|share) | x\.com/intent
          | linkedin\.com/(?:shareArticle|sharing|cws/share) | line\.me/R/msg | social-plugins\.line\.me
          | service\.weibo\.com/share | connect\.qq\.com | sns\.qzone\.qq\.com | reddit\.com/submit
          | pinterest\.com/pin/create | (?:api\.)?whatsapp\.com/send | wa\.me/ | t\.me/share | telegram\.me/share
          | addthis\.com | sharethis\.com | b\.hatena\.ne\.jp/(?:entry|add) | getpocket\.com/(?:save|edit)
          | tumblr\.com/(?:share|widgets/share) | vk\.com/share | xing\.com/(?:spi/)?share | bsky\.app/intent
          | mastodonshare\.com | toot\.kytta\.dev
        )
    )""")
#: A breadcrumb trail, as the text between its links: an optional short label ("You are here:", "当前位置："),
#: separators, and perhaps the current page's name after the last separator.
_TRAIL = re.compile(r"^\s*(?:[^\n:：>›»/|→]{1,24}[:：])?[\s>›»/|→·•]*(?:[>›»/|→][^>›»/|→]{0,40})?$")
_TRAIL_SEPARATOR = re.compile(r"[>›»/|→]")
#: Labels of the document-metadata tables publishers put above or beside an act (its number, identifiers,
#: dates, author, form): a table or definition list whose rows are mostly these is metadata, not text.
METADATA_LABEL = re.compile(
    r"""(?ix)^\s*(?:
        (?:document|notice|notification|publication|reference|file|case|celex|oj|official\s+journal|eli|docket|
           regulation|order|circular|announcement)\s*(?:number|no\.?|n[º°o]\.?|id|identifier|reference)?
      | eli | celex | ecli | doi | isbn | issn | rin | oj\s+reference | official\s+journal | reference
      | date(?:\s+of\s+(?:document|publication|signature|effect|entry\s+into\s+force|end\s+of\s+validity|
                          transposition|adoption|notification|issue|release))?
      | (?:publication|published|issue|issued|release|released|effective|signature|signing|adoption|last\s+updated?|
           updated|modified|first\s+published|in\s+force\s+from|valid\s+from|valid\s+until|expiry)\s*(?:date|on)?
      | in\s+force | entry\s+into\s+force | end\s+of\s+validity | status | form | type | author(?:ing)?(?:\s+body)?
      | from | issuing\s+(?:body|authority|agency) | issuer | agency | department | organisation | organization
      | subject\s+matter | directory\s+code | legal\s+basis | procedure(?:\s+number)? | language | languages
      | topics? | keywords? | eurovoc(?:\s+descriptor)? | source | series | volume | page(?:s)?
      | 索引号 | 发布机构 | 发文机关 | 发文字号 | 文号 | 成文日期 | 发布日期 | 生效日期 | 施行日期 | 主题分类 | 公开方式 | 公开时间
      | 来源 | 时间 | 公布日 | 施行日 | 発行日 | 掲載日 | 更新日 | 番号 | 担当
      | datum | aktenzeichen | veröffentlicht(?:\s+am)? | stand | date\s+de\s+publication | numéro
    )\s*[:：]?\s*$""")
#: Labels among them that date the publication, and those that date its effect.
_PUBLISHED_LABEL = re.compile(r"(?i)^\s*(?:date\s+of\s+(?:publication|issue|release)|publication\s+date|published|"
                              r"first\s+published|issued|released|issue\s+date|release\s+date|发布日期|公开时间|"
                              r"公布日|発行日|掲載日|veröffentlicht(?:\s+am)?|date\s+de\s+publication)")
_EFFECTIVE_LABEL = re.compile(r"(?i)^\s*(?:date\s+of\s+(?:effect|entry\s+into\s+force)|effective|entry\s+into\s+force|"
                              r"in\s+force\s+from|valid\s+from|生效日期|施行日期|施行日)")

#: Labels among them whose value identifies the document itself (its number, CELEX, ELI, Official Journal
#: reference); docket, case, file and procedure numbers identify a proceeding, not the document.
_IDENTIFIER_LABEL = re.compile(
    r"""(?ix)^\s*(?:
        (?:document|notice|notification|publication|reference|celex|oj|official\s+journal|regulation|order|circular|
           announcement)\s*(?:number|no\.?|n[º°o]\.?|id|identifier|reference)
      | eli | celex | ecli | doi | isbn | oj | official\s+journal | 文号 | 发文字号 | 番号 | numéro
    )\s*[:：]?\s*$""")


def publisher_ids(metadata: Mapping[str, str]) -> list[str]:
    """The values of METADATA (label → value, as ``Extracted.metadata``) that identify the document, in order."""
    ids = (" ".join(value.split()) for label, value in metadata.items() if _IDENTIFIER_LABEL.match(label))
    return list(dict.fromkeys(value for value in ids if value))


def publisher_effective(metadata: Mapping[str, str]) -> list[str]:
    """The values of METADATA (label → value, as ``Extracted.metadata``) that give the document's date of effect
    (entry into force), in order, as written."""
    return [value for label, value in metadata.items() if _EFFECTIVE_LABEL.match(label) and value.strip()]


def publisher_effective_date(metadata: Mapping[str, str], tz: tzinfo | None = None) -> str | None:
    """The first date of effect in METADATA that reads as a calendar date (``crawler.dates.parse_date``; an instant
    is a day in TZ, the publisher's zone), as ``YYYY-MM-DD``; None when there is none or none is a date ("Pending",
    "See Art 3")."""
    return next((day for value in publisher_effective(metadata) if (day := parse_date(value, None, tz))), None)


#: The attribute by which the walk knows elements the selectors chose (marks, not sets of elements: see above).
_MARK = "data-regwatch-extract"


class _Frame:
    """One open element of the walk and what its subtree has shown so far."""

    __slots__ = ("element", "children", "tag", "start", "chars", "order", "links", "link_chars", "share",
                 "other_chars", "other", "paragraphs", "kinds", "cells", "rows", "protected", "link")

    def __init__(self, element: Any, tag: str, start: int, chars: int, order: int) -> None:
        self.element, self.children, self.tag = element, iter(element), tag
        self.start, self.chars, self.order = start, chars, order
        self.links = self.link_chars = self.share = self.other_chars = self.paragraphs = self.kinds = 0
        self.other = ""
        self.cells: list[str] | None = None
        self.rows: list[tuple[str, str]] | None = None
        self.protected = self.link = False


class _Walk:
    """The text of a subtree and what was learnt on the way (candidates for the main text, metadata)."""

    def __init__(self, *, furniture: bool, candidates: bool = False) -> None:
        self.furniture = furniture
        self.candidates = candidates
        self.pieces: list[str] = []
        self.chars = 0  # characters of text (each piece stripped) emitted so far
        self.order = 0
        self.pre = 0
        self.in_link = 0
        #: (pre-order, candidate kinds, first piece, end piece, text characters, direct paragraphs' characters)
        self.records: list[tuple[int, int, int, int, int, int]] = []
        self.metadata: dict[str, str] = {}

    # -- the walk ---------------------------------------------------------------------------------------------

    def run(self, root: Any) -> None:
        # The walk makes no reference cycles; the collector's passes over every object it holds would make
        # its time grow faster than the page.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._run(root)
        finally:
            if collecting:
                gc.enable()

    def _run(self, root: Any) -> None:
        stack = [self._enter(root, protected=True)]
        while stack:
            frame = stack[-1]
            child = next(frame.children, None)
            if child is None:
                stack.pop()
                self._exit(frame, stack[-1] if stack else None)
                if stack:
                    self._text(frame.element.tail, stack[-1])
                continue
            tag = child.tag
            if not isinstance(tag, str) or self._skipped(child, tag):
                self._text(child.tail, frame)
                continue
            stack.append(self._enter(child))

    def _skipped(self, element: Any, tag: str) -> bool:
        if tag in (_FURNITURE if self.furniture else _NEVER_TEXT) or element.get(_MARK) == "strip":
            return True
        if not self.furniture:
            return False
        if element.get(_MARK) == "walked":
            return True  # a selected element, walked already: only the page around it is left
        if (element.get("role") or "").strip().lower() in _FURNITURE_ROLES:
            return True
        if tag in _NEVER_HINTED:
            return False
        hints = " ".join(value for value in (element.get("id"), _PRINT_STYLING.sub("", element.get("class") or ""))
                         if value)
        return bool(hints) and FURNITURE_HINT.search(_CAMEL.sub(r"\1-\2", hints)) is not None

    def _enter(self, element: Any, protected: bool = False) -> _Frame:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        self.order += 1
        if element.get(_MARK) == "match":
            element.set(_MARK, "walked")
        if tag in BLOCK_TAGS:
            self.pieces.append("\n")
        elif tag == "br":
            self.pieces.append("\n")
        frame = _Frame(element, tag, len(self.pieces), self.chars, self.order)
        frame.protected = protected or tag in _NEVER_HINTED
        if tag == "pre":
            self.pre += 1
        elif tag == "a":
            href = element.get("href")
            if href is not None:
                frame.links, frame.link = 1, True
                self.in_link += 1
                if SHARE_LINK.match(href) or "print(" in (element.get("onclick") or ""):
                    frame.share = 1
        elif tag in ("table", "dl"):
            frame.rows = []
        elif tag == "tr":
            frame.cells = []
        if self.candidates:
            classes = (element.get("class") or "").split()
            ident, role = element.get("id"), element.get("role")
            for bit, test in enumerate(_CANDIDATE_TESTS):
                if test(tag, ident, classes, role):
                    frame.kinds |= 1 << bit
        self._text(element.text, frame)
        return frame

    def _text(self, text: str | None, frame: _Frame) -> None:
        if not text:
            return
        if not self.pre:
            text = _WHITESPACE.sub(" ", text)
        self.pieces.append(text)
        size = len(text.strip())
        self.chars += size
        if self.in_link:
            frame.link_chars += size
        else:
            frame.other_chars += size
            if len(frame.other) < 100:
                frame.other = (frame.other + text)[:100]

    def _exit(self, frame: _Frame, parent: _Frame | None) -> None:
        tag = frame.tag
        if tag == "pre":
            self.pre -= 1
        elif frame.link:
            self.in_link -= 1
        if tag in BLOCK_TAGS:
            self.pieces.append("\n")
        removed = not frame.protected and self._furniture_found_late(frame)
        if removed:
            del self.pieces[frame.start:]
            self.chars = frame.chars
            while self.records and self.records[-1][0] > frame.order:
                self.records.pop()
            if tag in BLOCK_TAGS:
                self.pieces.append("\n")
        else:
            size = self.chars - frame.chars
            if frame.kinds or (frame.paragraphs and tag in _TEXT_BLOCKS):
                self.records.append((frame.order, frame.kinds, frame.start, len(self.pieces), size, frame.paragraphs))
        if parent is None:
            return
        parent.links += frame.links
        parent.link_chars += frame.link_chars
        parent.share += frame.share
        parent.other_chars += frame.other_chars
        if len(parent.other) < 100:
            parent.other = (parent.other + frame.other)[:100]
        if removed:
            return
        if tag == "p":
            parent.paragraphs += self.chars - frame.chars
        elif tag in ("td", "th", "dt", "dd"):
            self._cell(frame, parent)
        elif tag == "tr" and frame.cells:
            self._row(frame.cells, parent)
        elif tag in ("tbody", "thead", "tfoot") and frame.rows and parent.rows is not None:
            parent.rows.extend(frame.rows[: max(200 - len(parent.rows), 0)])

    def _cell(self, frame: _Frame, parent: _Frame) -> None:
        """Hand a cell's text to its row (or, for a definition list, pair terms with their definitions)."""
        text = normalise_text("".join(self.pieces[frame.start:frame.start + 40]))[:300]
        if frame.tag in ("td", "th"):
            if parent.cells is not None and len(parent.cells) < 3:
                parent.cells.append(text)
        elif parent.rows is not None and len(parent.rows) < 200:
            if frame.tag == "dt":
                parent.rows.append((text, ""))
            elif parent.rows and not parent.rows[-1][1]:
                parent.rows[-1] = (parent.rows[-1][0], text)

    def _row(self, cells: list[str], parent: _Frame) -> None:
        # a row's table is its parent, or its grandparent through tbody/thead: the section keeps the rows and
        # hands them to the table when it closes
        if parent.rows is None:
            parent.rows = []
        if len(cells) >= 2 and len(parent.rows) < 200:
            parent.rows.append((cells[0], cells[1]))

    def _furniture_found_late(self, frame: _Frame) -> bool:
        """Whether an element is furniture that only its whole subtree shows: share and print links, a trail
        of breadcrumbs, a table of document metadata."""
        if frame.share and frame.share == frame.links and frame.other_chars <= 40:
            return True
        if (frame.links >= 2 and frame.other_chars <= 60 and frame.tag not in ("ul", "ol", "table", "dl")
                and _TRAIL_SEPARATOR.search(frame.other) and _TRAIL.match(frame.other)):
            return True
        if frame.rows:
            if frame.tag in ("tbody", "thead", "tfoot"):
                return False
            return self._metadata_table(frame.rows)
        return False

    def _metadata_table(self, rows: list[tuple[str, str]]) -> bool:
        labelled = [(label, value) for label, value in rows if METADATA_LABEL.match(label)]
        if len(labelled) < 2 or len(labelled) * 3 < len(rows) * 2:
            return False
        for label, value in labelled:
            self.metadata.setdefault(label.strip().rstrip(":：").strip(), value)
        return True

    # -- what the walk found ----------------------------------------------------------------------------------

    def text(self, start: int = 0, end: int | None = None) -> str:
        return normalise_text("".join(self.pieces[start:end]))

    def main_text(self) -> str:
        """The first usual main container (``MAIN_CANDIDATES``, in order) holding more than 40 characters of
        text, else everything walked."""
        for bit in range(len(MAIN_CANDIDATES)):
            first = min((record for record in self.records if record[1] >> bit & 1), default=None)
            if first is not None and first[4] > 40:
                return self.text(first[2], first[3])
        return self.text()

    def largest_block(self) -> str | None:
        """The text of the block with the most text in its direct paragraphs (the first of equals), if any."""
        best = max(self.records, key=lambda record: (record[5], -record[0]), default=None)
        if best is None or best[5] <= 0:
            return None
        return self.text(best[2], best[3])


class Extracted(NamedTuple):
    """A page's main text and the document metadata its publisher gave beside it (label → value, as written)."""

    text: str
    metadata: dict[str, str]

    def published(self) -> str | None:
        """The metadata's date of publication, as written."""
        return next((value for label, value in self.metadata.items() if _PUBLISHED_LABEL.match(label)), None)

    def effective(self) -> str | None:
        """The metadata's date of effect (entry into force), as written."""
        return next(iter(publisher_effective(self.metadata)), None)


#: Characters an lxml tree cannot hold (XML 1.0 forbids them), raw or as numeric character references: they
#: carry no text, and one of them would end the parse.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|&#(?:[xX]0*([0-9a-fA-F]{1,8})|0*([0-9]{1,10}));?")


def _xml_char(match: re.Match[str]) -> str:
    if match.group(0)[0] != "&":
        return " "
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    allowed = code in (9, 10, 13) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
    return match.group(0) if allowed else ""


def parse_html(html: str) -> Any:
    """The root element of an HTML page or fragment (None for a document without one), in time linear in it."""
    text = _NOT_XML.sub(_xml_char, encodable(html))
    parser = etree.HTMLParser(target=etree.TreeBuilder(insert_comments=False, insert_pis=False), recover=True,
                              huge_tree=True, no_network=True)
    try:
        parser.feed(text)
        return parser.close()
    except etree.LxmlError:
        pass
    # What the tree builder refuses, libxml2's own builder may read (cut at its depth limit): better than nothing.
    try:
        return etree.fromstring(text, etree.HTMLParser(recover=True, huge_tree=True, no_network=True,
                                                       remove_comments=True, remove_pis=True))
    except (etree.LxmlError, ValueError):
        return None


@functools.lru_cache(maxsize=256)
def _xpath(selector: str) -> etree.XPath:
    try:
        return etree.XPath(HTMLTranslator().css_to_xpath(selector))
    except SelectorError as exc:
        raise LayoutError(f"{selector!r} is not a CSS selector: {exc}") from exc


def select(root: Any, selector: str) -> list[Any]:
    """The elements under ROOT matching the CSS SELECTOR, in document order."""
    found = _xpath(selector)(root)
    return [node for node in found if isinstance(node, etree._Element)] if isinstance(found, list) else []


def _mark(root: Any, selectors: Sequence[str], mark: str) -> list[Any]:
    """Mark the elements matching SELECTORS; return them (the list releases the deepest first: see above)."""
    nodes = [node for css in selectors for node in select(root, css)]
    for node in nodes:
        if node.get(_MARK) != "strip":
            node.set(_MARK, mark)
    return nodes


def _body(root: Any) -> Any:
    body = root.find("body") if root.tag == "html" else None
    return body if body is not None else root


def extract(html: str, selector: str | None = None, strip: Sequence[str] = ()) -> Extracted:
    """The main text of an HTML page, normalised, and the document metadata found beside it.

    With ``selector`` (a CSS selector from the source's entry) the matching
    elements are the text, less the furniture they still hold; it is an error
    when nothing matches, since that means the page changed shape. Without
    one, the first of the usual main containers is used, else the body less
    its furniture. ``strip`` are CSS selectors of elements never to be text.
    The metadata is that of the whole page less its furniture: a publisher
    puts it beside the text as often as in it.
    """
    root = parse_html(html)
    if root is None:
        if selector:
            raise LayoutError(f"no element matches the body selector {selector!r}")
        return Extracted("", {})
    _mark(root, strip, "strip")
    if selector:
        nodes = _mark(root, [selector], "match")
        if not nodes:
            raise LayoutError(f"no element matches the body selector {selector!r}")
        walk = _Walk(furniture=True)
        texts = []
        for node in nodes:
            if node.get(_MARK) != "match":
                continue  # inside a matched element already walked (or stripped)
            start = len(walk.pieces)
            walk.run(node)
            texts.append(walk.text(start))
        metadata = walk.metadata
        body = _body(root)
        if body.get(_MARK) != "walked" and next(body.iter("table", "dl"), None) is not None:
            around = _Walk(furniture=True)  # the selected elements are skipped: each is walked once
            around.run(body)
            metadata = {**around.metadata, **metadata}
        return Extracted(normalise_text("\n".join(texts)), metadata)
    walk = _Walk(furniture=True, candidates=True)
    walk.run(_body(root))
    return Extracted(walk.main_text(), walk.metadata)


def html_to_text(html: str, selector: str | None = None, strip: Sequence[str] = ()) -> str:
    """The main text of an HTML page, normalised (``extract`` without the metadata)."""
    return extract(html, selector, strip).text


def largest_block_text(html: str, strip: Sequence[str] = ()) -> Extracted:
    """The text of the element holding the most paragraph text, furniture removed, with the page's metadata.

    For pages whose article body has no dependable class or id (MOFCOM's
    CMS): the block with the most text in its direct ``<p>`` children is the
    notice; without one, the page's main text.
    """
    root = parse_html(html)
    if root is None:
        return Extracted("", {})
    _mark(root, strip, "strip")
    walk = _Walk(furniture=True, candidates=True)
    walk.run(_body(root))
    block = walk.largest_block()
    return Extracted(block if block is not None else walk.main_text(), walk.metadata)


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of a short HTML fragment such as a feed summary."""
    if "<" not in fragment:
        return normalise_text(fragment)
    root = parse_html(fragment)
    if root is None:
        return ""
    walk = _Walk(furniture=False)
    walk.run(_body(root))
    return walk.text()


def is_pdf(body: bytes, content_type: str = "") -> bool:
    """Whether BODY is a PDF, by its magic bytes (servers often send PDFs as octet-stream)."""
    return body[:1024].lstrip().startswith(b"%PDF-") or "application/pdf" in content_type.lower()


#: How much of a PDF is read: the decoded bytes of its pages' content streams (where its text operations are;
#: about 1.5 s of reading per MB here) and its pages. A long regulation's text layer is well within both; a small
#: file whose pages all draw one huge stream is cut short at them instead of holding the crawl for minutes.
PDF_CONTENT_BUDGET = 4_000_000
PDF_PAGE_BUDGET = 1_000


class PdfText(NamedTuple):
    """A PDF's text layer, normalised, and why reading stopped before the last page (None when it did not)."""

    text: str
    cut: str | None


def pdf_text(body: bytes, content_budget: int | None = None, page_budget: int | None = None) -> PdfText:
    """The text layer of a PDF, read page by page until its content streams or pages pass the budgets (by
    default ``PDF_CONTENT_BUDGET`` bytes and ``PDF_PAGE_BUDGET`` pages)."""
    from pypdf import PdfReader

    content_budget = int(content_budget or PDF_CONTENT_BUDGET)
    page_budget = int(page_budget or PDF_PAGE_BUDGET)
    reader = PdfReader(io.BytesIO(body))
    texts: list[str] = []
    spent = 0
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        if number > page_budget:
            return PdfText(normalise_text("\n".join(texts)),
                           f"PDF read only to page {page_budget} of {pages} (page budget)")
        contents = page.get_contents()
        spent += len(contents.get_data()) if contents is not None else 0
        if spent > content_budget:
            return PdfText(normalise_text("\n".join(texts)),
                           f"PDF read only to page {number - 1} of {pages}: its content streams pass "
                           f"{content_budget:,} bytes (operation budget)")
        texts.append(page.extract_text() or "")
    return PdfText(normalise_text("\n".join(texts)), None)


def pdf_to_text(body: bytes) -> str:
    """The text layer of a PDF, normalised, within the default budgets (``pdf_text``)."""
    return pdf_text(body).text


class LayoutError(ValueError):
    """A page no longer has the shape the source's entry describes."""
