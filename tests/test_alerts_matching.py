"""Matching versions against saved searches: filters, full-text keywords, once per version, coexistence."""
from __future__ import annotations

import itertools

import pytest

from alerts.matching import queue_matches, sync_subscriptions
from alerts.prepare import prepare_deliveries
from alerts.subscriptions import SubscriptionError, add_subscription, remove_subscription, unsubscribe
from archive.filters import Filters, QueryError, checked
from tests.golden.fixtures import NOTICES, RUSSIA, SUBSCRIBERS, T0, build_archive, outbox


def sub(sub_id: str, email: str = "x@example.com", mode: str = "immediate", **filters) -> dict:
    return {"id": sub_id, "name": sub_id, "email": email, "mode": mode, "digest_time": "07:00", "digest_day": "mon",
            "timezone": "UTC", "filters": filters}


def matched(db_path, **filters) -> list[str]:
    db = build_archive(db_path.with_name(f"probe-{next(_numbers)}.db"), [sub("probe", **filters)])
    queue_matches(db, T0)
    return [title for _, title in outbox(db)]


_numbers = itertools.count()
ENTITY, GALLIUM, PRESS = (NOTICES[k]["title"] for k in ("entity-list", "gallium", "press"))


def test_the_fixture_subscriptions_match_what_each_asks_for(db_path):
    db = build_archive(db_path)
    assert queue_matches(db, T0) == 5
    assert outbox(db) == sorted([
        ("compliance-bis", ENTITY),
        ("procurement", GALLIUM),
        ("procurement-hs", GALLIUM),
        ("sanctions-weekly", ENTITY),
        ("sanctions-weekly", RUSSIA["title"]),  # the amended version; the first was matched before
    ])


def test_an_hs_prefix_matches_the_full_codes_a_notice_lists(db_path):
    assert matched(db_path, hs_codes=["8112"]) == [GALLIUM]


def test_a_notice_on_a_heading_matches_a_narrower_subscribed_code(db_path):
    assert matched(db_path, hs_codes=["845611"]) == [RUSSIA["title"]]


def test_hs_codes_written_with_dots_match_and_other_codes_do_not(db_path):
    assert matched(db_path, hs_codes=["2825.60"]) == [GALLIUM]
    assert matched(db_path, hs_codes=["8113"]) == []


def test_eccn_filters_match_by_prefix_ignoring_case(db_path):
    assert matched(db_path, eccns=["3a090"]) == [ENTITY]


@pytest.mark.parametrize("query, expected", [
    ('"entity list"', [ENTITY]),
    ("machine AND tools", [RUSSIA["title"]]),
    ("licen*", [ENTITY, RUSSIA["title"]]),
    ("license NOT entity", []),
    ("germanium OR 金属镓", [GALLIUM]),
    ("镓", [GALLIUM]),  # inside the run 关于对镓、锗…: the word index alone would miss it
    ("出口管制 AND germanium", [GALLIUM]),  # germanium names a commodity the notice is labelled with
    ("出口管制 AND title:germanium", []),
    ("出口管制 OR Belarus", [ENTITY, GALLIUM, RUSSIA["title"]]),  # 出口管制 names the topic export control
    ("(锗 OR 稀土) NOT 统计", [GALLIUM]),
    ("title:出口管制", [GALLIUM]),
    ("title:未经许可", []),
    ('"不得出口"', [GALLIUM]),
])
def test_keywords_use_the_full_text_syntax_of_search(db_path, query, expected):
    assert sorted(matched(db_path, keywords=[query])) == sorted(expected)


def test_keywords_are_alternatives(db_path):
    assert sorted(matched(db_path, keywords=['"Entity List"', "Belarus"])) == sorted([ENTITY, RUSSIA["title"]])


def test_relevant_only_is_off_unless_asked_for_as_in_search(db_path):
    assert PRESS in matched(db_path, jurisdictions=["CN"])
    assert PRESS not in matched(db_path, jurisdictions=["CN"], relevant_only=True)


def test_filters_of_different_kinds_must_all_hold(db_path):
    assert matched(db_path, jurisdictions=["US"], topics=["sanctions"], directions=["tightening"]) == [ENTITY]
    assert matched(db_path, jurisdictions=["US"], commodities=["gallium"]) == []


def fts_query_problem(query: str) -> str | None:
    try:
        checked(Filters(keywords=[query]))
    except QueryError as exc:
        return str(exc)
    return None


def test_an_unreadable_keyword_query_is_reported(db_path):
    assert "double quotes" in fts_query_problem('"unclosed')
    assert fts_query_problem("gallium OR germanium") is None
    assert fts_query_problem("(镓 OR 锗) AND export*") is None
    assert "not closed" in fts_query_problem("(镓 OR 锗")
    assert "double quotes" in fts_query_problem('镓 AND "unclosed')


def test_each_version_is_matched_once_and_queued_once(db_path):
    db = build_archive(db_path)
    first = queue_matches(db, T0)
    assert queue_matches(db, T0) == 0
    # a crash after queueing but before the versions were marked: matching again queues nothing twice
    db.execute("UPDATE versions SET matched_at = NULL")
    assert queue_matches(db, T0) == 1  # only the first GOV.UK version, never matched before
    count, distinct = db.execute(
        "SELECT count(*), count(DISTINCT subscription_id || ':' || version_id) FROM outbox").fetchone()
    assert count == distinct == first + 1


def test_a_notice_matched_by_two_searches_of_one_person_is_emailed_once(db_path):
    db = build_archive(db_path)
    queue_matches(db, T0)
    prepare_deliveries(db, T0.replace(day=26, hour=7))
    emails = list(db.query(
        """SELECT d.subscription_id, count(i.version_id) AS items FROM deliveries d
           JOIN delivery_items i ON i.delivery_id = d.id WHERE d.target = 'buyers@example.com' GROUP BY d.id"""))
    assert [(row["subscription_id"], row["items"]) for row in emails] == [("procurement", 1)]
    # both outbox rows point at that one delivery
    assert db.execute(
        "SELECT count(DISTINCT delivery_id), count(*) FROM outbox WHERE subscription_id LIKE 'procurement%'"
    ).fetchone() == (1, 2)


def test_a_notice_already_emailed_by_an_immediate_search_is_not_repeated_in_a_digest(db_path):
    subscribers = [sub("now", email="p@example.com", jurisdictions=["CN"]),
                   sub("daily", email="P@example.com", mode="daily", commodities=["gallium"])]
    db = build_archive(db_path, subscribers)
    queue_matches(db, T0)
    assert prepare_deliveries(db, T0) == 1
    assert prepare_deliveries(db, T0.replace(day=26, hour=7)) == 0
    assert db.execute("SELECT count(*) FROM outbox WHERE delivery_id IS NULL").fetchone()[0] == 0


def test_cli_subscriptions_survive_a_config_sync_and_config_ones_follow_the_file(db_path):
    db = build_archive(db_path)
    add_subscription(db, sub("mine", commodities=["gallium"]))
    sync_subscriptions(db, SUBSCRIBERS[:1])
    active = {row["id"]: (row["origin"], row["active"]) for row in db.query("SELECT * FROM subscriptions")}
    assert active["mine"] == ("cli", 1)
    assert active["procurement"] == ("config", 1)
    assert active["compliance-bis"] == ("config", 0)
    with pytest.raises(SubscriptionError, match="already exists"):
        add_subscription(db, sub("procurement"))
    with pytest.raises(SubscriptionError, match="configuration file"):
        remove_subscription(db, "procurement")
    remove_subscription(db, "mine")
    assert db.table("subscriptions").get("mine")["active"] == 0


def test_an_unsubscribed_configured_search_stays_ended_after_the_next_sync(db_path):
    db = build_archive(db_path)
    ended = unsubscribe(db, "tok-procurement")
    assert ended["id"] == "procurement" and not ended["active"]
    sync_subscriptions(db, SUBSCRIBERS)
    assert db.table("subscriptions").get("procurement")["active"] == 0
    assert unsubscribe(db, "no-such-token") is None


def test_ending_one_search_gives_its_shared_notices_back_to_the_persons_other_search(db_path):
    subscribers = [sub("first", email="p@example.com", jurisdictions=["CN"]),
                   sub("second", email="p@example.com", commodities=["gallium"])]
    db = build_archive(db_path, subscribers)
    queue_matches(db, T0)
    prepare_deliveries(db, T0)            # the gallium notice goes in the first search's email only
    assert db.execute("SELECT count(*) FROM deliveries WHERE status = 'pending'").fetchone()[0] == 1
    unsubscribe(db, "tok-first")
    assert db.execute("SELECT count(*) FROM outbox WHERE subscription_id = 'second' AND delivery_id IS NULL"
                      ).fetchone()[0] == 1
    assert prepare_deliveries(db, T0) == 1
    assert next(db.query("SELECT subscription_id, status FROM deliveries WHERE status = 'pending'")) == {
        "subscription_id": "second", "status": "pending"}
