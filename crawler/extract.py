"""Turning fetched bytes into a notice's clean, normalised main text.

Versions are decided on this text, so everything that changes without the
notice changing (menus, footers, visitor counters, dates of rendering, session
tokens in markup) must be left out here.
"""
from __future__ import annotations

import io
import re
import unicodedata

from bs4 import BeautifulSoup, Comment, Doctype, ProcessingInstruction, Tag
from charset_normalizer import from_bytes

FURNITURE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button", "svg")
FURNITURE_HINT = re.compile(
    r"(^|[-_ ])(nav|menu|footer|header|breadcrumbs?|share|social|sidebar|counter|visit|related|cookie|skip|print|pager|pagination|contact|toolbar|pagetop|pagedetails|feedback|scroll)([-_ ]|$)",
    re.I,
)
MAIN_CANDIDATES = ("main", "article", "[role=main]", "#zoom", ".article", ".artCon", "#content", ".content", "#main")
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


def _drop_furniture(root: Tag) -> None:
    for tag in root.find_all(FURNITURE_TAGS):
        tag.decompose()
    for tag in root.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        hints = _CAMEL.sub(r"\1-\2", " ".join([*tag.get_attribute_list("id"), *tag.get_attribute_list("class")]))
        if hints and FURNITURE_HINT.search(hints) and tag.name not in ("body", "html", "main", "article"):
            tag.decompose()


BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr",
    "ul", "caption", "center",
)
_WHITESPACE = re.compile(r"\s+")


def _block_text(root: Tag) -> str:
    """Text with a line per block element; inline elements (links, emphasis) stay within their line."""
    for node in root.find_all(string=True):
        if isinstance(node, (Comment, Doctype, ProcessingInstruction)):
            node.extract()
        elif not node.find_parent("pre"):
            node.replace_with(_WHITESPACE.sub(" ", str(node)))
    for br in root.find_all("br"):
        br.replace_with("\n")
    for tag in root.find_all(BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return root.get_text("")


def html_to_text(html: str, selector: str | None = None) -> str:
    """The main text of an HTML page, normalised.

    With ``selector`` (a CSS selector from the source's entry) the matching
    elements are the text; it is an error when nothing matches, since that
    means the page changed shape. Without one, the first of the usual main
    containers is used, else the body less its furniture.
    """
    soup = BeautifulSoup(encodable(html), "lxml")
    if selector:
        nodes = soup.select(selector)
        if not nodes:
            raise LayoutError(f"no element matches the body selector {selector!r}")
        for node in nodes:
            _drop_furniture(node)
        return normalise_text("\n".join(_block_text(node) for node in nodes))
    root = soup.body or soup
    _drop_furniture(root)
    for candidate in MAIN_CANDIDATES:
        main = root.select_one(candidate)
        if main is not None and len(main.get_text(strip=True)) > 40:
            return normalise_text(_block_text(main))
    return normalise_text(_block_text(root))


def largest_block_text(soup: BeautifulSoup) -> str:
    """The text of the element holding the most paragraph text, furniture removed.

    For pages whose article body has no dependable class or id (MOFCOM's
    CMS): the block with the most text in its direct ``<p>`` children is the
    notice. SOUP is changed (its furniture is removed).
    """
    root = soup.body or soup
    _drop_furniture(root)
    best, best_size = None, 0
    for node in root.find_all(["div", "article", "section", "td"]):
        size = sum(len(p.get_text(strip=True)) for p in node.find_all("p", recursive=False))
        if size > best_size:
            best, best_size = node, size
    if best is None:
        return html_to_text(str(soup))
    return normalise_text(_block_text(best))


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of a short HTML fragment such as a feed summary."""
    if "<" not in fragment:
        return normalise_text(fragment)
    return normalise_text(_block_text(BeautifulSoup(encodable(fragment), "lxml")))


def is_pdf(body: bytes, content_type: str = "") -> bool:
    """Whether BODY is a PDF, by its magic bytes (servers often send PDFs as octet-stream)."""
    return body[:1024].lstrip().startswith(b"%PDF-") or "application/pdf" in content_type.lower()


def pdf_to_text(body: bytes) -> str:
    """The text layer of a PDF, normalised."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    return normalise_text("\n".join(page.extract_text() or "" for page in reader.pages))


class LayoutError(ValueError):
    """A page no longer has the shape the source's entry describes."""
