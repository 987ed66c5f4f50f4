"""Rendering a digest: the items of one delivery as a multipart/alternative email."""
from __future__ import annotations

import base64
import email.charset
import email.policy
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import formataddr, formatdate, parseaddr
from typing import Any

import sqlite_utils
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from alerts.changes import fact_changes
from alerts.diff import html_diff, text_diff
from alerts.textwrap_wide import display_width, wrap_wide
from archive.excerpt import excerpt
from archive.store import decode_classification
from archive.taxonomy import display_name, display_names

_env = Environment(
    loader=PackageLoader("alerts", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    auto_reload=False,  # templates ship with the package; don't stat them for every digest
)
class _PlainHeaders(email.policy.Compat32):
    """compat32, except that a short ASCII header line is written as it is instead of being re-folded."""

    def _fold(self, name: str, value: Any, sanitize: bool) -> str:
        if isinstance(value, str) and value.isascii() and "\n" not in value and "\r" not in value \
                and len(name) + len(value) + 2 <= (self.max_line_length or 998):
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)  # type: ignore[misc]  # Compat32._fold exists; typeshed omits private methods


# long URLs in List-Unsubscribe must stay plain: fold only past RFC 5322's hard limit, never encode them
MAIL_POLICY_FAST = _PlainHeaders(max_line_length=998)


def _utf8() -> email.charset.Charset:
    # Fixed here rather than read from the process-wide charset registry, which other libraries
    # change: a re-sent digest must be encoded exactly as it was the first time.
    charset = email.charset.Charset("utf-8")
    charset.header_encoding = email.charset.QP
    charset.body_encoding = email.charset.BASE64
    return charset


UTF8 = _utf8()
TEXT_WIDTH = 76
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # C0, C1 and Unicode line breaks
EXCERPT_CHARS = 320


def wrap_lines(text: str, indent: int = 2, hanging: int = 0, width: int = TEXT_WIDTH) -> str:
    """Each line of TEXT wrapped to WIDTH for a plain-text email, indented; continuation lines indented by
    HANGING more (so ``+``/``-`` diff markers stay visible at the left edge)."""
    out = []
    for line in text.splitlines():
        out.append("\n".join(wrap_wide(line, width, " " * indent, " " * (indent + hanging))))
    return "\n".join(out)


_env.filters["wrap_lines"] = wrap_lines
_env.filters["columns"] = display_width
_env.filters["names"] = display_names
_env.filters["name"] = display_name


def one_line(value: str | None, limit: int = 200) -> str:
    """Untrusted text made safe for a header or a single line: control characters and line breaks
    (CR, LF, NEL, U+2028, …) become spaces."""
    text = _CONTROL.sub(" ", value or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe_url(url: str | None) -> str:
    """A link target only when it is plain http(s); anything else (javascript:, data:) is dropped."""
    return url if url and re.match(r"^https?://[^\s\"'<>]+$", url) else ""


_ITEM_COLUMNS = """v.id AS version_id, v.number, v.title, v.text, v.url AS version_url, v.document_id,
                  d.url, d.published, s.jurisdiction, s.agency, s.name AS source_name, c.*"""


def _item(db: sqlite_utils.Database, row: Mapping[str, Any]) -> dict[str, Any]:
    labels = decode_classification(row)
    item = {
        "version_id": row["version_id"],
        "document_id": row["document_id"],
        "number": row["number"],
        "title": one_line(row["title"], 300) or "(untitled notice)",
        "url": safe_url(row["url"] or row["version_url"]),
        "published": row["published"],
        "jurisdiction": one_line(row["jurisdiction"]) or "Other",
        "agency": one_line(row["agency"]),
        "source_name": one_line(row["source_name"]),
        "excerpt": one_line(excerpt(row["text"], row["title"] or ""), EXCERPT_CHARS + 1),
        "codes": labels["hs_codes"] + labels["eccns"],
        "amended": row["number"] > 1,
        "gist": one_line(row.get("gist"), 400),  # the English line built from the facts, shown first
        **labels,
    }
    if item["amended"]:
        previous = next(db.query(
            """SELECT v.text, c.* FROM versions v LEFT JOIN classifications c ON c.version_id = v.id
               WHERE v.document_id = ? AND v.number = ?""", [row["document_id"], row["number"] - 1]), None)
        old = previous["text"] if previous else ""
        before = decode_classification(previous) if previous and previous["version_id"] is not None else None
        item["fact_changes"] = [one_line(line, 300) for line in fact_changes(before, labels)]
        item["text_diff"] = text_diff(old, row["text"])
        item["html_diff"] = html_diff(old, row["text"])
    # each notice's part of a digest depends on the notice alone: render it once, whoever receives it
    item["text_block"] = _env.get_template("item.txt.j2").render(item=item).rstrip("\n")
    item["html_block"] = Markup(_env.get_template("item.html.j2").render(item=item).rstrip("\n"))
    return item


def _ordered(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Jurisdiction A→Z, newest first within it, then by version for a stable order."""
    ordered = sorted(items, key=lambda item: item["version_id"])
    ordered.sort(key=lambda item: item["published"] or "", reverse=True)
    ordered.sort(key=lambda item: item["jurisdiction"])
    return ordered


class ItemCache:
    """Digest items by version id, each built (with its diff) once however many digests carry it."""

    def __init__(self) -> None:
        self._items: dict[int, dict[str, Any]] = {}

    def items(self, db: sqlite_utils.Database, version_ids: Iterable[int]) -> list[dict[str, Any]]:
        """The items for these versions, grouped-ready: by jurisdiction, newest first."""
        wanted = list(dict.fromkeys(version_ids))
        missing = [v for v in wanted if v not in self._items]
        for start in range(0, len(missing), 500):
            rows = db.query(
                f"""SELECT {_ITEM_COLUMNS}
                    FROM versions v JOIN documents d ON d.id = v.document_id
                    JOIN sources s ON s.id = d.source_id JOIN classifications c ON c.version_id = v.id
                    WHERE v.id IN (SELECT value FROM json_each(?))""",
                [json.dumps(missing[start:start + 500])],
            )
            for row in rows:
                self._items[row["version_id"]] = _item(db, row)
        # two versions of one notice in one digest: show the newest (with what changed) once
        newest: dict[int, dict[str, Any]] = {}
        for item in (self._items[v] for v in wanted if v in self._items):
            kept = newest.get(item["document_id"])
            if kept is None or item["number"] > kept["number"]:
                newest[item["document_id"]] = item
        return _ordered(newest.values())


def delivery_items(db: sqlite_utils.Database, delivery_id: int, cache: ItemCache | None = None) -> list[dict[str, Any]]:
    """The notices one delivery carries, each with its classification and, when amended, its diff."""
    version_ids = [row[0] for row in db.execute(
        "SELECT version_id FROM delivery_items WHERE delivery_id = ? ORDER BY version_id", [delivery_id])]
    return (cache or ItemCache()).items(db, version_ids)


def subject_for(items: Sequence[Mapping[str, Any]]) -> str:
    """A subject that says how many measures and names the most important one."""
    def weight(item: Mapping[str, Any]) -> tuple:
        return (item["relevant"], item["direction"] == "tightening", len(item["commodities"]), item["amended"])

    top = max(items, key=weight)
    count = len(items)
    noun = "measure" if count == 1 else "measures"
    rest = f" (+{count - 1} more)" if count > 1 else ""
    return one_line(f"regwatch: {count} {noun}: {top['title']}{rest}", 180)


def unsubscribe_link(base: str | None, token: str) -> str:
    """The one-click unsubscribe URL for TOKEN under the configured https BASE (``{token}`` is replaced if present)."""
    if not base:
        return ""
    return base.replace("{token}", token) if "{token}" in base else f"{base.rstrip('/')}/{token}"


def render_digest(
    subscription: Mapping[str, Any], items: Sequence[Mapping[str, Any]], *, sender: str, message_id: str,
    date: datetime | None = None, unsubscribe_url: str | None = None, subject_prefix: str = "",
    unsubscribe_mailto: str | None = None,
) -> Message:
    """The email for one delivery: plain text and HTML alternatives, with list headers.

    ``date`` is the delivery's creation time, so re-sending a delivery after a
    crash produces the same message; ``unsubscribe_url`` is the https base of
    the one-click unsubscribe link (RFC 8058), the way to stop that the footer
    offers; ``unsubscribe_mailto`` is a mailbox someone reads, offered beside it
    (and in ``List-Unsubscribe``) only when given.
    """
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for item in items:
        groups[item["jurisdiction"]].append(item)
    count = len(items)
    name = one_line(subscription["name"] or subscription["id"], 120)
    heading = f"{count} {'measure' if count == 1 else 'measures'} matching “{name}”"
    token = subscription["token"]
    https_link = unsubscribe_link(unsubscribe_url, token)
    mailto = f"mailto:{unsubscribe_mailto}?subject=unsubscribe%20{token}" if unsubscribe_mailto else ""
    context = {"heading": heading, "groups": sorted(groups.items()), "name": name,
               "mode": subscription["mode"], "token": token, "unsubscribe_link": https_link,
               "unsubscribe_mailto": unsubscribe_mailto, "mailto": mailto}
    offered = [f"<{link}>" for link in (https_link, mailto) if link]
    headers = {
        "Subject": one_line(subject_prefix + subject_for(items), 180),
        "From": formataddr(parseaddr(sender)),  # a non-ASCII display name is encoded, the address kept as it is
        "To": subscription["email"],
        "Date": formatdate(date.timestamp() if date else None, usegmt=True),
        "Message-ID": message_id,
        "List-Unsubscribe": ", ".join(offered) or None,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" if https_link else None,
        "Auto-Submitted": "auto-generated",
        "X-Regwatch-Subscription": one_line(subscription["id"], 100),
    }
    # The classic MIME classes build a message several times faster than EmailMessage's header
    # registry, which matters for thousands of digests; header safety is checked here instead.
    # a boundary derived from the Message-ID makes a re-sent digest byte-for-byte the same message
    boundary = "regwatch-" + hashlib.sha256(message_id.encode()).hexdigest()[:32]
    message = MIMEMultipart("alternative", boundary=boundary, policy=MAIL_POLICY_FAST)
    for key, value in headers.items():
        if value is None:
            continue
        if "\r" in value or "\n" in value:
            raise ValueError(f"refusing a line break in the {key} header")
        message[key] = value if value.isascii() else Header(value, UTF8, header_name=key).encode()
    message.attach(_text_part(render_text(context), "plain"))
    message.attach(_text_part(_env.get_template("digest.html.j2").render(context), "html"))
    return message


def _text_part(text: str, subtype: str) -> MIMENonMultipart:
    """A UTF-8 text part in base64 (encoded in one C call rather than line by line)."""
    part = MIMENonMultipart("text", subtype, charset="utf-8", policy=MAIL_POLICY_FAST)
    part["Content-Transfer-Encoding"] = "base64"
    part.set_payload(base64.encodebytes(text.encode("utf-8")).decode("ascii"))
    return part


def render_text(context: Mapping[str, Any]) -> str:
    """The plain-text part of a digest."""
    return _env.get_template("digest.txt.j2").render(context)

