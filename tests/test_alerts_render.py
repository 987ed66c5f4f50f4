"""Rendering digests: golden text parts, HTML diffs with inline styles, hostile notice text, list headers."""
from __future__ import annotations

import email
import os
import re
from email import policy
from email.message import EmailMessage

import pytest

from alerts.matching import queue_matches
from alerts.prepare import prepare_deliveries
from alerts.render import ItemCache, delivery_items, render_digest
from archive.store import record_fetch, save_classifications
from tests.golden.fixtures import GOLDEN, SENDER, T0, UNSUBSCRIBE_URL, build_archive, labels, store

DAILY_SLOT = T0.replace(day=26, hour=7)      # Thursday 07:00 London (UTC in winter)
WEEKLY_SLOT = T0.replace(day=29, hour=23)    # Monday 08:00 Tokyo


def rendered(db, subscription_id: str) -> EmailMessage:
    row = next(db.query("SELECT * FROM deliveries WHERE subscription_id = ? AND channel = 'email'", [subscription_id]))
    subscription = dict(db["subscriptions"].get(subscription_id))
    from datetime import datetime

    message = render_digest(subscription, delivery_items(db, row["id"]), sender=SENDER, message_id=row["message_id"],
                            date=datetime.fromisoformat(row["created_at"]), unsubscribe_url=UNSUBSCRIBE_URL)
    # parse what would go over the wire, as a mail client would
    return email.message_from_bytes(message.as_bytes(), policy=policy.default)


def text_part(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_part(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("REGWATCH_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path} differs (REGWATCH_UPDATE_GOLDEN=1 rewrites it)"


@pytest.fixture
def prepared(db_path):
    db = build_archive(db_path)
    queue_matches(db, T0)
    prepare_deliveries(db, T0)
    prepare_deliveries(db, DAILY_SLOT)
    prepare_deliveries(db, WEEKLY_SLOT)
    return db


@pytest.mark.parametrize("subscription_id, golden", [
    ("compliance-bis", "immediate_bis"),
    ("procurement", "daily_minerals"),
    ("sanctions-weekly", "weekly_sanctions_amended"),
])
def test_the_text_part_of_each_digest_equals_its_golden_file(prepared, subscription_id, golden):
    check_golden(golden, text_part(rendered(prepared, subscription_id)))


def test_the_subject_counts_the_measures_and_names_the_most_important(prepared):
    message = rendered(prepared, "sanctions-weekly")
    assert message["Subject"] == ("regwatch: 2 measures: Additions to the Entity List (+1 more)")
    assert rendered(prepared, "compliance-bis")["Subject"] == "regwatch: 1 measure: Additions to the Entity List"


def test_the_html_part_marks_words_inserted_and_deleted_with_inline_styles(prepared):
    html = html_part(rendered(prepared, "sanctions-weekly"))
    assert re.search(r'<del style="[^"]*line-through[^"]*">1</del><ins style="[^"]*">8</ins>', html)
    assert re.search(r'tools<del style="[^"]*"> and</del><ins style="[^"]*">,</ins> their parts '
                     r'<ins style="[^"]*">and software </ins>to Russia', html)
    assert re.search(r'<ins style="[^"]*"> and Belarus</ins>', html)
    assert "<style" not in html and "class=" not in html
    assert "GB" in html and "US" in html and html.index(">GB<") < html.index(">US<")


def footer(part: str) -> list[str]:
    """The lines after the signature separator (text) or the last paragraph (HTML), tags removed."""
    tail = part[part.rindex("<p "):] if part.startswith("<!DOCTYPE") else part.rsplit("\n--\n", 1)[1]
    return [line for line in re.sub(r"<[^>]+>", "", tail).splitlines() if line.strip()]


def test_the_one_click_link_is_the_way_to_stop_and_no_mailbox_is_offered_unless_one_is_read(prepared):
    message = rendered(prepared, "procurement")
    assert message["List-Unsubscribe"] == "<https://alerts.example.org/unsubscribe/tok-procurement>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for part in (text_part(message), html_part(message)):
        lines = footer(part)
        assert len(lines) == 2, lines  # why you receive it, how to stop: one line each
        assert "https://alerts.example.org/unsubscribe/tok-procurement" in part
        assert "mailto:" not in part and "reply" not in part.lower() and "Or run" not in part
        assert "regwatch unsubscribe" not in part  # an operator's command, not a reader's
    assert footer(text_part(message))[1] == \
        "Unsubscribe with one click: https://alerts.example.org/unsubscribe/tok-procurement"
    assert message["Message-ID"].endswith(".procurement@regwatch>")


def test_a_mailbox_the_operator_reads_is_offered_beside_the_link_and_in_the_header(prepared):
    from datetime import datetime

    row = next(prepared.query("SELECT * FROM deliveries WHERE subscription_id = 'procurement'"))
    subscription = dict(prepared["subscriptions"].get("procurement"))
    items = delivery_items(prepared, row["id"])
    mailto = "mailto:stop@example.org?subject=unsubscribe%20tok-procurement"
    both = render_digest(subscription, items, sender=SENDER, message_id=row["message_id"],
                         date=datetime.fromisoformat(row["created_at"]), unsubscribe_url=UNSUBSCRIBE_URL,
                         unsubscribe_mailto="stop@example.org")
    assert both["List-Unsubscribe"] == f"<https://alerts.example.org/unsubscribe/tok-procurement>, <{mailto}>"
    parsed = email.message_from_bytes(both.as_bytes(), policy=policy.default)
    text = footer(text_part(parsed))
    assert len(text) == 2 and "stop@example.org" in text[1] and "unsubscribe tok-procurement" in text[1]
    assert f'href="{mailto}"' in html_part(parsed)

    only_mail = render_digest(subscription, items, sender=SENDER, message_id=row["message_id"],
                              unsubscribe_mailto="stop@example.org")
    assert only_mail["List-Unsubscribe"] == f"<{mailto}>" and only_mail["List-Unsubscribe-Post"] is None
    neither = email.message_from_bytes(render_digest(subscription, items, sender=SENDER,
                                                     message_id=row["message_id"]).as_bytes(), policy=policy.default)
    assert neither["List-Unsubscribe"] is None  # no address nobody reads
    lines = footer(text_part(neither))
    assert len(lines) == 2 and lines[1].startswith("To stop these emails, ask")
    assert "mailto:" not in html_part(neither) and "alerts@example.org" not in text_part(neither)


def test_the_same_delivery_renders_the_same_message_again(prepared):
    first, second = rendered(prepared, "procurement"), rendered(prepared, "procurement")
    for header in ("Subject", "Date", "Message-ID", "To", "List-Unsubscribe"):
        assert first[header] == second[header]
    assert text_part(first) == text_part(second) and html_part(first) == html_part(second)


HOSTILE_TITLE = 'Gallium <script>alert("x")</script>\r\nBcc: victim@example.net\r\n\r\n<b>bold</b>'


def test_hostile_notice_text_is_escaped_and_cannot_inject_headers(db_path):
    db = build_archive(db_path)
    _, version_id = record_fetch(
        db, source_id="cn-mofcom", native_id="evil", url='javascript:alert(1)//"><img src=x>',
        title=HOSTILE_TITLE, published="2026-11-25",
        text=HOSTILE_TITLE + '\n<img src=x onerror="alert(1)"> & <a href="http://evil">click</a>\r\nTo: x@example.net')
    save_classifications(db, [{"id": version_id, **labels(topics=["export_control"], direction="tightening",
                                                          commodities=["gallium"])}], "fixture")
    queue_matches(db, T0)
    prepare_deliveries(db, DAILY_SLOT)
    message = rendered(db, "procurement")
    assert message["Bcc"] is None and message.get_all("To") == ["buyers@example.com"]
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    html = html_part(message)
    assert "<script" not in html and "<img" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "javascript:" not in html
    text = text_part(message)
    assert '<script>alert("x")</script> Bcc: victim@example.net' in text  # shown as text, on one line
    assert "(no link)" in text


def test_the_item_cache_builds_each_notice_once(prepared):
    cache = ItemCache()
    ids = [row[0] for row in prepared.execute("SELECT DISTINCT version_id FROM outbox")]
    first = cache.items(prepared, ids)
    assert [a is b for a, b in zip(first, cache.items(prepared, ids), strict=True)] == [True] * len(ids)
    assert [item["jurisdiction"] for item in first] == sorted(item["jurisdiction"] for item in first)


def test_items_keep_store_order_within_a_jurisdiction_newest_first(db_path):
    db = build_archive(db_path)
    newer = store(db, {"source_id": "cn-mofcom", "native_id": "new", "url": "https://aqygzj.mofcom.gov.cn/n.html",
                       "title": "商务部公告2026年第62号", "published": "2026-11-25", "text": "正文",
                       "labels": labels(topics=["export_control"], direction="tightening", commodities=["gallium"])})
    queue_matches(db, T0)
    prepare_deliveries(db, DAILY_SLOT)
    items = delivery_items(db, next(db.query(
        "SELECT id FROM deliveries WHERE subscription_id = 'procurement'"))["id"])
    assert [i["version_id"] for i in items][0] == newer


def test_two_versions_of_one_notice_in_one_digest_show_once_as_the_newest(db_path):
    from tests.golden.fixtures import RUSSIA, RUSSIA_V1, RUSSIA_V2

    db = build_archive(db_path, amend=False)
    db.execute("UPDATE versions SET matched_at = NULL")      # the first version was never sent
    store(db, {**RUSSIA, "text": RUSSIA_V2})
    queue_matches(db, T0)
    prepare_deliveries(db, WEEKLY_SLOT)
    text = text_part(rendered(db, "sanctions-weekly"))
    assert text.count("Notice to exporters 2026/22") == 1 and "[amended, version 2]" in text
    assert RUSSIA_V1 != RUSSIA_V2


def test_a_sender_with_a_non_ascii_name_keeps_its_address_readable(prepared):
    row = next(prepared.query("SELECT * FROM deliveries WHERE subscription_id = 'procurement'"))
    message = render_digest(dict(prepared["subscriptions"].get("procurement")), delivery_items(prepared, row["id"]),
                            sender="Veille réglementaire <veille@example.fr>", message_id=row["message_id"])
    parsed = email.message_from_bytes(message.as_bytes(), policy=policy.default)
    assert parsed["From"].addresses[0].addr_spec == "veille@example.fr"
    assert parsed["From"].addresses[0].display_name == "Veille réglementaire"


def test_an_amended_notice_opens_its_diff_with_the_changed_facts_in_both_parts(prepared):
    message = rendered(prepared, "sanctions-weekly")
    facts = ["Effective date moved later: 1 Dec → 8 Dec 2026", "HS code added: 8457"]
    text = text_part(message)
    assert all(fact in text for fact in facts)
    assert text.index(facts[0]) < text.index("What changed since version 1")
    html = html_part(message)
    assert all(f'<li style="font-weight:bold">{fact}</li>' in html for fact in facts)
