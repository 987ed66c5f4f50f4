"""Rendering a digest: the items of one delivery as a multipart/alternative email."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

import sqlite_utils
from jinja2 import Environment, PackageLoader, select_autoescape

from alerts.diff import html_diff, text_diff
from archive.store import decode_classification

_env = Environment(
    loader=PackageLoader("alerts", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # C0, C1 and Unicode line breaks
EXCERPT_CHARS = 320


def one_line(value: str | None, limit: int = 200) -> str:
    """Untrusted text made safe for a header or a single line: control characters and line breaks
    (CR, LF, NEL, U+2028, …) become spaces."""
    text = _CONTROL.sub(" ", value or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe_url(url: str | None) -> str:
    """A link target only when it is plain http(s); anything else (javascript:, data:) is dropped."""
    return url if url and re.match(r"^https?://[^\s\"'<>]+$", url) else ""


def excerpt(text: str, title: str = "", limit: int = EXCERPT_CHARS) -> str:
    """The first characters of a notice's text after its title, on one line, cut at a word where possible."""
    flat = " ".join(text.split())
    heading = " ".join(title.split())
    if heading and flat.startswith(heading):
        flat = flat[len(heading):].lstrip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut) + "…"


def delivery_items(db: sqlite_utils.Database, delivery_id: int) -> list[dict[str, Any]]:
    """The notices of one delivery, each with its classification and, when amended, its diff."""
    rows = db.query(
        """SELECT v.id AS version_id, v.number, v.title, v.text, v.url AS version_url, v.document_id,
                  d.url, d.published, s.jurisdiction, s.agency, s.name AS source_name, c.*
           FROM outbox o JOIN versions v ON v.id = o.version_id JOIN documents d ON d.id = v.document_id
           JOIN sources s ON s.id = d.source_id JOIN classifications c ON c.version_id = v.id
           WHERE o.delivery_id = ? ORDER BY s.jurisdiction, d.published DESC, v.id""",
        [delivery_id],
    )
    items = []
    for row in rows:
        labels = decode_classification(row)
        item = {
            "version_id": row["version_id"],
            "number": row["number"],
            "title": one_line(row["title"], 300),
            "url": safe_url(row["url"] or row["version_url"]),
            "published": row["published"],
            "jurisdiction": row["jurisdiction"] or "Other",
            "agency": one_line(row["agency"]),
            "source_name": one_line(row["source_name"]),
            "excerpt": one_line(excerpt(row["text"], row["title"] or ""), EXCERPT_CHARS + 1),
            "codes": labels["hs_codes"] + labels["eccns"],
            "amended": row["number"] > 1,
            **labels,
        }
        if item["amended"]:
            previous = db.execute(
                "SELECT text FROM versions WHERE document_id = ? AND number = ?", [row["document_id"], row["number"] - 1]
            ).fetchone()
            old = previous[0] if previous else ""
            item["text_diff"] = text_diff(old, row["text"])
            item["html_diff"] = html_diff(old, row["text"])
        items.append(item)
    return items


def subject_for(items: Sequence[Mapping[str, Any]]) -> str:
    """A subject that says how many measures and names the most important one."""
    def weight(item: Mapping[str, Any]) -> tuple:
        return (item["relevant"], item["direction"] == "tightening", len(item["commodities"]), item["amended"])

    top = max(items, key=weight)
    count = len(items)
    noun = "measure" if count == 1 else "measures"
    rest = f" (+{count - 1} more)" if count > 1 else ""
    return one_line(f"regwatch: {count} {noun}: {top['title']}{rest}", 180)


def render_digest(
    subscription: Mapping[str, Any], items: Sequence[Mapping[str, Any]], *, sender: str, message_id: str
) -> EmailMessage:
    """The email for one delivery: plain text and HTML alternatives, with list headers."""
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for item in items:
        groups[item["jurisdiction"]].append(item)
    count = len(items)
    heading = f"{count} {'measure' if count == 1 else 'measures'} matching “{one_line(subscription['name'])}”"
    context = {"heading": heading, "groups": sorted(groups.items()), "subscription": subscription}
    message = EmailMessage()
    message["Subject"] = subject_for(items)
    message["From"] = sender
    message["To"] = subscription["email"]
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id
    message["List-Unsubscribe"] = f"<mailto:{_sender_address(sender)}?subject=unsubscribe%20{subscription['token']}>"
    message["X-Regwatch-Subscription"] = subscription["id"]
    message.set_content(_env.get_template("digest.txt.j2").render(context))
    message.add_alternative(_env.get_template("digest.html.j2").render(context), subtype="html")
    return message


def _sender_address(sender: str) -> str:
    match = re.search(r"<([^>]+)>", sender)
    return match.group(1) if match else sender
