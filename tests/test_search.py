"""Search over the current versions: words, filters, ranking, snippets, facets, timeline, bad input."""
from __future__ import annotations

import pytest

from archive.search import (
    Filters,
    QueryError,
    count,
    facets,
    iter_search,
    normalise_query,
    readings,
    search,
    timeline,
)
from archive.store import record_fetch, save_classifications
from tests.helpers import build_sample_archive, document_id, labels


@pytest.fixture
def db(db_path):
    return build_sample_archive(db_path)


def ids(results):
    return [r["id"] for r in results]


def natives(db, results):
    by_id = {row["id"]: row["native_id"] for row in db.query("SELECT id, native_id FROM documents")}
    return [by_id[r["id"]] for r in results]


def test_china_graphite_since_2023_lists_each_measure_with_its_date_of_effect(db):
    results = search(db, "graphite", Filters(jurisdictions=["cn"], since="2023"), order="date")
    # The 2025 notice is in Chinese (石墨): the word finds it by its label; the 2022 statistics carry none.
    assert natives(db, results) == ["sb-2025", "2024-46", "2023-39"]
    assert [r["classification"]["effective_date"] for r in results] == ["2025-11-10", "2024-12-03", "2023-12-01"]
    by_label = search(db, None, Filters(jurisdictions=["CN"], commodities=["graphite"], since="2023-01-01"),
                      order="date")
    assert natives(db, by_label) == ["sb-2025", "2024-46", "2023-39"]


def test_only_the_current_version_is_searched_and_its_labels_are_the_ones_filtered(db):
    assert natives(db, search(db, "spherical")) == ["2023-39"]
    # HS 3801.10 was added by version 2: the filter sees it, the old version's labels no longer count.
    assert natives(db, search(db, None, Filters(hs_codes=["3801"]))) == ["2023-39"]
    assert natives(db, search(db, None, Filters(hs_codes=["2504.10"]))) == ["2023-39"]
    assert natives(db, search(db, None, Filters(hs_codes=["25041"]))) == ["2023-39"]  # odd-length prefix
    assert search(db, None, Filters(hs_codes=["2505"])) == []


def test_the_index_follows_new_versions_and_reclassification(db):
    doc = document_id(db, "nte-2024-05")
    assert search(db, "wafers", Filters(commodities=["gallium"]))
    _, version_id = record_fetch(db, source_id="gb-ecju", native_id="nte-2024-05", url=None,
                                 title="Notice to exporters 2024/05: open general licence withdrawn",
                                 text="The open general licence for germanium substrates is withdrawn.",
                                 published="2024-03-14")
    assert search(db, "wafers") == []
    assert ids(search(db, "germanium substrates")) == [doc]
    assert search(db, None, Filters(commodities=["gallium"], jurisdictions=["GB"])) == []  # not classified yet
    save_classifications(db, [{**labels(topics=["licensing"], direction="tightening", commodities=["germanium"]),
                               "id": version_id}], "test-2")
    assert ids(search(db, None, Filters(commodities=["germanium"], jurisdictions=["GB"]))) == [doc]
    assert ids(search(db, "withdrawn", Filters(directions=["tightening"]))) == [doc]


def test_filters_combine_and_alternatives_within_one_filter_widen(db):
    assert set(natives(db, search(db, None, Filters(jurisdictions=["US", "GB"])))) == {"2023-16646", "nte-2024-05"}
    assert natives(db, search(db, None, Filters(topics=["licensing"], directions=["easing"]))) == ["nte-2024-05"]
    assert set(natives(db, search(db, None, Filters(sources=["cn-mofcom"])))) == {"gb-2022", "sb-2025"}
    assert natives(db, search(db, None, Filters(sources=["cn-mofcom"], relevant_only=True))) == ["sb-2025"]
    assert natives(db, search(db, None, Filters(agencies=["ECJU"]))) == ["nte-2024-05"]


def test_date_bounds_include_the_whole_day_month_or_year_given(db):
    def found(**bounds):
        return set(natives(db, search(db, None, Filters(**bounds))))

    assert found(since="2023-10-20", until="2023-10-20") == {"2023-39"}
    assert found(since="2023-08", until="2023-10") == {"2023-39", "2023-16646"}
    assert found(until="2022") == {"gb-2022"}
    assert found(since="2023-08-02", until="2024-03-14") == {"2023-39", "nte-2024-05"}
    assert found(since="2019", until="2030") == found()  # a long span is checked on the dates alone
    assert found(effective_since="2024-01-01", effective_until="2024-12-31") == {"nte-2024-05", "2024-46"}
    assert found(effective_since="2023-12-02", effective_until="2024-04-01") == {"nte-2024-05"}
    assert found(since="2031") == set()


def test_relevance_ranks_titles_first_and_snippets_mark_the_words(db):
    results = search(db, "gallium")
    assert natives(db, results)[0] == "nte-2024-05"  # in its title
    assert "[gallium]" in results[0]["snippet"].lower()
    marked = search(db, "spherical graphite", highlight=("<<", ">>"))[0]["snippet"]
    assert "<<spherical>> <<graphite>>" in marked


def test_document_numbers_and_codes_are_found_as_typed(db):
    assert natives(db, search(db, "2023-16646")) == ["2023-16646"]
    assert natives(db, search(db, "1C010")) == ["2023-16646"]
    assert natives(db, search(db, '"Announcement No. 46 of 2024"')) == ["2024-46"]
    assert normalise_query("3A090.b OR licen*") == '"3A090.b" OR licen*'


def test_chinese_words_are_matched_inside_the_text(db):
    assert natives(db, search(db, "title:石墨", order="date")) == ["sb-2025", "gb-2022"]
    assert natives(db, search(db, "石墨 暂停")) == ["sb-2025"]
    assert natives(db, search(db, "title:石墨", Filters(relevant_only=True))) == ["sb-2025"]


def test_a_chinese_label_name_also_finds_the_notices_labelled_with_it_in_any_language(db):
    # 石墨 is graphite's Chinese name: the English notices labelled graphite match as `graphite` finds 石墨
    # (the 2022 statistics carry no label: only the word 石墨 in their text finds them)
    assert natives(db, search(db, "石墨", order="date")) == ["sb-2025", "2024-46", "2023-39", "2023-16646", "gb-2022"]
    assert set(natives(db, search(db, "graphite"))) == set(natives(db, search(db, "石墨"))) - {"gb-2022"}


@pytest.mark.parametrize("query, expected", [
    ("title:石墨 OR spherical", ["sb-2025", "2023-39", "gb-2022"]),
    ("spherical OR title:石墨", ["sb-2025", "2023-39", "gb-2022"]),
    ("title:石墨 NOT 暂停", ["gb-2022"]),
    ("(暂停 OR 统计) AND 石墨", ["sb-2025", "gb-2022"]),
    ("title:石墨 AND (暂停 OR spherical)", ["sb-2025"]),
    ("title:统计", ["gb-2022"]),
    ('"暂停实施"', ["sb-2025"]),
])
def test_chinese_terms_keep_their_meaning_under_or_and_not(db, query, expected):
    assert natives(db, search(db, query, order="date")) == expected
    assert count(db, query) == len(expected)


@pytest.mark.parametrize("query", ["(石墨 OR graphite", "石墨 AND", "NEAR(石墨 暂停)", "OR 石墨"])
def test_a_malformed_query_with_chinese_terms_is_one_clear_error(db, query):
    with pytest.raises(QueryError) as error:
        search(db, query)
    assert "\n" not in str(error.value) and "query" in str(error.value)


@pytest.mark.parametrize("query", ['graphite AND "unclosed', "graphite AND", "NOT graphite", "(graphite", "OR"])
def test_a_malformed_query_is_one_clear_error(db, query):
    with pytest.raises(QueryError) as error:
        search(db, query)
    assert "\n" not in str(error.value) and "query" in str(error.value)


@pytest.mark.parametrize("filters, message", [
    (Filters(topics=["export-controls"]), "unknown topic"),
    (Filters(commodities=["graphit"]), "did you mean graphite"),
    (Filters(directions=["looser"]), "unknown direction"),
    (Filters(since="2023-02-30"), "not a real date"),
    (Filters(effective_until="next week"), "--effective-until"),
    (Filters(hs_codes=["25x4"]), "HS prefix"),
])
def test_bad_filters_are_one_clear_error(db, filters, message):
    with pytest.raises(QueryError, match=message):
        search(db, None, filters)


def test_count_facets_and_paging_agree_with_the_results(db):
    filters = Filters(commodities=["graphite"])
    everything = search(db, None, filters, limit=None)
    assert count(db, None, filters) == len(everything) == 4
    paged = search(db, None, filters, limit=3) + search(db, None, filters, limit=3, offset=3)
    assert ids(paged) == ids(everything) == ids(list(iter_search(db, None, filters, order="date", page_size=2)))
    found = facets(db, None, filters)
    assert dict(found["jurisdiction"]) == {"CN": 3, "US": 1}
    assert dict(found["direction"]) == {"tightening": 3, "easing": 1}
    assert dict(found["topic"]) == {"export_control": 4, "licensing": 2}
    assert dict(found["year"]) == {"2025": 1, "2024": 1, "2023": 2}
    assert found["commodity"][0] == ("graphite", 4)
    assert count(db, "graphite", Filters(jurisdictions=["CN"])) == 3  # the Chinese notice by its label


def test_timeline_counts_measures_per_period_and_series(db):
    assert timeline(db, None) == {"CN": {"2023": 1, "2024": 1, "2025": 1}, "US": {"2023": 1}, "GB": {"2024": 1}}
    by_commodity = timeline(db, None, Filters(jurisdictions=["CN"]), by="commodity", series_limit=1)
    assert by_commodity == {"graphite": {"2023": 1, "2024": 1, "2025": 1},
                            "other": {"2024": 4}}
    assert timeline(db, None, Filters(since="2023-10", until="2023-12"), period="month") == {
        "CN": {"2023-10": 1}}


def test_a_changed_publication_date_moves_the_notice_between_date_ranges(db):
    doc = document_id(db, "nte-2024-05")
    assert doc in ids(search(db, None, Filters(since="2024-03-01", until="2024-03-31")))
    record_fetch(db, source_id="gb-ecju", native_id="nte-2024-05", url=None, title=None,
                 text="A new open general export licence covers gallium arsenide wafers.", published="2022-01-31")
    assert doc not in ids(search(db, None, Filters(since="2024-03-01", until="2024-03-31")))
    assert ids(search(db, "wafers", Filters(until="2022-01-31"))) == [doc]
    assert ids(search(db, "wafers", Filters(until="2022-01-30"))) == []


ALL = ["2023-39", "2024-46", "gb-2022", "sb-2025", "2023-16646", "nte-2024-05"]


def _expected(db, filters: Filters) -> set[str]:
    """The notices a filter should find, worked out in Python from the archive's rows."""
    import json

    rows = db.query("""SELECT d.native_id, d.source_id, d.published, s.jurisdiction, s.agency, c.* FROM documents d
                       JOIN sources s ON s.id = d.source_id
                       LEFT JOIN classifications c ON c.version_id = d.current_version_id""")
    out = set()
    for r in rows:
        topics, commodities, hs = (json.loads(r[k] or "[]") for k in ("topics", "commodities", "hs_codes"))
        checks = [
            not filters.jurisdictions or r["jurisdiction"] in filters.jurisdictions,
            not filters.sources or r["source_id"] in filters.sources,
            not filters.topics or bool(set(topics) & set(filters.topics)),
            not filters.directions or r["direction"] in filters.directions,
            not filters.commodities or bool(set(commodities) & set(filters.commodities)),
            # a prefix covers longer codes; a notice's heading of 4+ digits covers the codes inside it
            not filters.hs_codes or any(code.startswith(p) or (len(code) >= 4 and p.startswith(code))
                                        for code in hs for p in filters.hs_codes),
            not filters.since or r["published"] >= filters.since,
            not filters.until or r["published"] <= filters.until,
            not filters.effective_since or (r["effective_date"] or "") >= filters.effective_since,
            not filters.effective_until or (r["effective_date"] or "9999") <= filters.effective_until,
            not filters.relevant_only or r["relevant"] == 1,
        ]
        if all(checks):
            out.add(r["native_id"])
    return out


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

DAYS = st.sampled_from(["2022-05-10", "2023-08-01", "2023-10-20", "2023-12-01", "2024-03-14", "2024-12-03",
                        "2025-11-09", "2025-11-10"])
FILTERS = st.builds(
    Filters,
    jurisdictions=st.none() | st.lists(st.sampled_from(["CN", "US", "GB"]), min_size=1, max_size=2),
    sources=st.none() | st.lists(st.sampled_from(["cn-mofcom", "cn-mofcom-en", "gb-ecju"]), min_size=1, max_size=2),
    topics=st.none() | st.lists(st.sampled_from(["export_control", "licensing", "tariff"]), min_size=1, max_size=2),
    directions=st.none() | st.lists(st.sampled_from(["tightening", "easing"]), min_size=1, max_size=1),
    commodities=st.none() | st.lists(st.sampled_from(["graphite", "gallium", "antimony"]), min_size=1, max_size=2),
    hs_codes=st.none() | st.lists(st.sampled_from(["25", "2504", "25041", "3801", "38"]), min_size=1, max_size=2),
    since=st.none() | DAYS, until=st.none() | DAYS,
    effective_since=st.none() | DAYS, effective_until=st.none() | DAYS,
    relevant_only=st.booleans(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters=FILTERS, order=st.sampled_from(["relevance", "date"]))
def test_any_combination_of_filters_finds_exactly_the_notices_that_satisfy_it(db, filters, order):
    found = search(db, None, filters, order=order, limit=None)
    assert set(natives(db, found)) == _expected(db, filters)
    assert count(db, None, filters) == len(found)
    with_word = search(db, "graphite", filters, order=order, limit=None)
    assert set(natives(db, with_word)) == _expected(db, filters) & {"2023-39", "2024-46", "2023-16646", "sb-2025"}


def test_facets_and_timeline_counted_by_the_index_equal_the_sql_grouping(db, monkeypatch):
    import archive.search as engine

    cases = [(None, Filters()), ("graphite", Filters()), (None, Filters(jurisdictions=["CN"])),
             (None, Filters(commodities=["graphite"], since="2023-06-01", until="2024-12-31")),
             ("licence OR controls", Filters(relevant_only=True))]
    grouped = [(facets(db, q, f), timeline(db, q, f), timeline(db, q, f, by="commodity", period="month"))
               for q, f in cases]
    monkeypatch.setattr(engine, "COUNT_BY_INDEX_ABOVE", 0)
    for (q, f), (found, by_jurisdiction, by_commodity) in zip(cases, grouped, strict=True):
        assert facets(db, q, f) == found
        assert timeline(db, q, f) == by_jurisdiction
        assert timeline(db, q, f, by="commodity", period="month") == by_commodity


def test_a_word_that_names_a_commodity_finds_notices_labelled_with_it_in_any_language(tmp_path):
    from tests.golden.fixtures import build_archive

    db = build_archive(tmp_path / "archive.db", [])
    mofcom = {r["source_id"] for r in search(db, "gallium")}
    assert "cn-mofcom" in mofcom          # the notice is in Chinese: 镓 in its text, gallium in its labels
    assert {r["source_id"] for r in search(db, '"rare earths" OR gallium')} >= {"cn-mofcom"}
    assert [r["source_id"] for r in search(db, "title:gallium")] == []   # a column of its own: words only
    assert search(db, "gallium NOT 镓") == []


def test_a_word_that_is_an_hs_code_also_finds_the_notices_labelled_with_it(db):
    # 2023-39 is labelled 250410 and 380110, nte-2024-05 381800; neither text holds these words as typed.
    assert natives(db, search(db, "250410")) == ["2023-39"]
    assert natives(db, search(db, "3818")) == ["nte-2024-05"]          # a heading finds the codes under it
    assert natives(db, search(db, "3801 OR 3818", order="date")) == ["nte-2024-05", "2023-39"]
    assert readings("3818 250410") == [("3818", "HS code", "3818"), ("250410", "HS code", "250410")]


def test_four_digits_that_read_as_a_year_are_only_a_word(db):
    assert readings("2023") == [] and readings("1900 2100") == []
    assert natives(db, search(db, "2023", order="date")) == ["2023-39", "2023-16646"]  # the text says 2023
    assert readings("123") == [] and readings("12345") == []  # not an HS length


@pytest.mark.parametrize("query", ["china", "China", "中国", "prc"])
def test_a_country_name_in_any_language_finds_that_jurisdictions_notices(db, query):
    # None of the English notices from China says "China": the name finds them by their jurisdiction.
    assert natives(db, search(db, query, order="date")) == ["sb-2025", "2024-46", "2023-39", "gb-2022"]
    assert [kind for _, kind, _ in readings(query)] == ["jurisdiction"]


def test_a_country_name_of_several_words_is_read_when_quoted(db):
    assert natives(db, search(db, '"united kingdom"')) == ["nte-2024-05"]
    assert natives(db, search(db, "britain")) == ["nte-2024-05"]
    assert readings('"United Kingdom" uk') == [("United Kingdom", "jurisdiction", "GB"), ("uk", "jurisdiction", "GB")]
    # 美国 (the United States) finds the BIS notice; with NOT it keeps its meaning
    assert natives(db, search(db, "美国")) == ["2023-16646"]
    assert natives(db, search(db, "graphite NOT 美国", order="date")) == ["sb-2025", "2024-46", "2023-39"]


def test_a_query_that_is_not_valid_text_is_one_clear_error(db):
    # lone surrogates: what a terminal set to the wrong encoding hands over for bytes it cannot decode
    with pytest.raises(QueryError, match="is not valid text"):
        search(db, b"\xff\xfe gallium".decode("utf-8", "surrogateescape"))
