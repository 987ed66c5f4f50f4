"""Pattern extractors pinned on small English and Chinese cases, false friends included."""
from __future__ import annotations

import pytest
import spacy

from nlp.codes import extract_eccns, extract_hs_codes
from nlp.commodities import CommodityMatcher, normalise_commodities
from nlp.dates import extract_effective_date
from nlp.doc_ids import canonical_doc_id, extract_doc_ids
from nlp.lang import detect_language, normalise_language


@pytest.mark.parametrize("text, expected", [
    ("goods under HS code 2805.30 are covered", ["280530"]),
    ("customs commodity code 8112.92.90 10", ["8112929010"]),
    ("税则号列 8105209000 的产品", ["8105209000"]),
    ("海关商品编号：2805301000、2805309000。", ["2805301000", "2805309000"]),
    ("under ITC (HS) codes 1701 14 90 and 1701 99 90", ["17011490", "17019990"]),
    ("HS codes 2805.30 (gallium) and 2811.29", ["280530", "281129"]),
    ("tariff subheading 8541.40 and heading 7601", ["7601", "854140"]),
])
def test_hs_codes_with_a_cue(text: str, expected: list[str]) -> None:
    assert extract_hs_codes(text) == expected


@pytest.mark.parametrize("text", [
    "Call +86 10 6519 8888 or 2805 3011 for details.",
    "Published at 89 FR 30046 on April 29, 2024.",
    "See page 2805 of the report dated 2024.05.01.",
    "Document number 2023-16646 was filed on 8/1/2023.",
    "The HS 2022 nomenclature entered into force.",
    "商务部公告2025年第18号，联系电话010-65198888。",
])
def test_hs_codes_false_friends(text: str) -> None:
    assert extract_hs_codes(text) == []


def test_eccns() -> None:
    text = "ECCNs 3A090, 4A090.a and 5A992.c; EU entries 3C001 and 1C010; 0A521 items. 3A001.b.1 too."
    assert extract_eccns(text) == ["0A521", "1C010", "3A001.b.1", "3A090", "3C001", "4A090.a", "5A992.c"]
    assert extract_eccns("对ECCN编码为3A090的物项实施管制") == ["3A090"]


@pytest.mark.parametrize("text", ["Model X3A0901 router", "Order ref AB3A090", "2024-3A090-7", "version 3.3A090",
                                  "an HTML5 page", "XML1 schema", "add 10 ml of water", "ML23", "ML0", "rating ML-1",
                                  "PL1234 Warsaw", "APL9013"])
def test_eccn_false_friends(text: str) -> None:
    assert extract_eccns(text) == []


def test_national_control_list_entries_count_as_entries() -> None:
    text = ("Goods specified in entries ML10.a and ML22 of the Military List, and in PL9013 and PL5017 of Schedule 3; "
            "the categories ML1, ML2 and ML8.a.1.")
    assert extract_eccns(text) == ["ML1", "ML10.a", "ML2", "ML22", "ML8.a.1", "PL5017", "PL9013"]


@pytest.mark.parametrize("title, text, expected", [
    ("Council Regulation (EU) 2024/1745 amending Regulation (EU) No 833/2014", "The Council adopted it.",
     ["Council Regulation (EU) 2024/1745"]),
    ("商务部 海关总署公告2023年第23号 关于对镓、锗相关物项实施出口管制的公告", "根据商务部公告2020年第1号，现公告如下。",
     ["商务部 海关总署公告2023年第23号"]),
    ("Notice to exporters 2024/05: licence changes", "", ["Notice to exporters 2024/05"]),
    ("Import policy", "DGFT Notification No. 37/2026-27 dated 1 May 2026.", ["Notification No. 37/2026-27"]),
    ("Rule", "89 FR 72926; Docket No. 240813-0217. It revises a rule (88 FR 73458, October 25, 2023). [FR Doc. 2024-19633 Filed]",
     ["2024-19633", "89 FR 72926"]),  # a docket number identifies the rulemaking, not the document
    ("通知", "商服贸发〔2024〕1号 以及 国务院令第792号", ["商服贸发〔2024〕1号", "国务院令第792号"]),
    ("MOFCOM Announcement No. 18 [2025] on export controls", "", ["MOFCOM Announcement No. 18 [2025]"]),
    ("Notice", "Announcement No. 18 of 2025 adds items; Decision (CFSP) 2024/1744 lists persons.",
     ["Announcement No. 18 of 2025", "Decision (CFSP) 2024/1744"]),
    ("Trade statistics for May", "Exports rose 3% to 2,805 tonnes; call 010-6519 8888.", []),
    ("关于印发有关工作方案的通知", "各单位：现将商产发〔2024〕5号印发给你们。", ["商产发〔2024〕5号"]),
    ("通知", "根据国办发〔2023〕12号文件精神，现通知如下。", []),
    ("Import policy of gold", "Public Notice No. 12/2023 amends the procedure.", ["Public Notice No. 12/2023"]),
])
def test_doc_ids(title: str, text: str, expected: list[str]) -> None:
    assert extract_doc_ids(title, text) == expected


@pytest.mark.parametrize("title, text, expected", [
    ("The Export Control (Amendment) Order 2024", "STATUTORY INSTRUMENTS\n2024 No. 1234\nEXPORTS AND IMPORTS",
     ["STATUTORY INSTRUMENTS 2024 No. 1234"]),
    ("The Export Control (Amendment) Order 2024 (SI 2024/1234)", "STATUTORY INSTRUMENTS\n2024 No. 1234\nMade 3 June",
     ["SI 2024/1234"]),  # one instrument, one id: the title's wording
    ("Regeling tot wijziging van de Sanctieregeling", "Staatscourant 2024 nr. 12345. Besluit van 3 mei 2024.",
     ["Staatscourant 2024 nr. 12345"]),
    ("Uitvoeringsregeling strategische goederen", "Stcrt. 2023, 34567 en Stb. 2023, 123.",
     ["Stb. 2023, 123", "Stcrt. 2023, 34567"]),
    ("Order Amending the Export Control List: SOR/2024-123", "P.C. 2024-812 June 14, 2024", ["SOR/2024-123"]),
    ("Décret: DORS/2024-123", "", ["DORS/2024-123"]),
    ("Peraturan Menteri Perdagangan Nomor 23 Tahun 2023 tentang Kebijakan dan Pengaturan Ekspor", "",
     ["Peraturan Menteri Perdagangan Nomor 23 Tahun 2023"]),
    ("Export policy", "Minister of Trade Regulation No. 23 of 2023 sets out the export policy.",
     ["Minister of Trade Regulation No. 23 of 2023"]),
    ("Export of mineral ores", "Regulation of the Minister of Energy and Mineral Resources Number 7 of 2012 bans it.",
     ["Regulation of the Minister of Energy and Mineral Resources Number 7 of 2012"]),
    ("Export duty on CPO", "PMK No. 123/PMK.010/2023 sets the duty.", ["PMK No. 123/PMK.010/2023"]),
    ("Decree No. 15/2018/ND-CP on food safety", "", ["15/2018/ND-CP"]),
    # the act a notice amends, named as the object of "is amended", is not the notice's own id
    ("Council Regulation concerning restrictive measures", "Regulation (EU) No 833/2014 is amended as follows: "
     "Annex IV is replaced.", []),
])
def test_doc_ids_of_other_jurisdictions(title: str, text: str, expected: list[str]) -> None:
    assert extract_doc_ids(title, text) == expected


@pytest.mark.parametrize("wordings, canonical", [
    (["S.I. 2024/1234", "SI 2024/1234", "UKSI 2024/01234", "STATUTORY INSTRUMENTS 2024 No. 1234",
      "Statutory Instrument 2024 No.1234"], "S.I. 2024/1234"),
    (["Stcrt. 2024, 12345", "Staatscourant 2024 nr. 12345", "Staatscourant 2024, 12345"], "Stcrt. 2024, 12345"),
    (["Stb. 2024, 123", "Staatsblad 2024, 123"], "Stb. 2024, 123"),
    (["SOR/2024-123", "DORS/2024-0123"], "SOR/2024-123"),
    (["P.C. 2024-1234"], "P.C. 2024-1234"),
    (["Peraturan Menteri Perdagangan Nomor 23 Tahun 2023", "Minister of Trade Regulation No. 23 of 2023",
      "Permendag No. 23/2023", "Regulation of the Minister of Trade Number 23 of 2023"], "Permendag 23/2023"),
    (["Permen ESDM No. 7 Tahun 2012",
      "Regulation of the Minister of Energy and Mineral Resources Number 7 of 2012"], "Permen ESDM 7/2012"),
    (["PMK No. 123/PMK.010/2023", "PMK 123/PMK.010/2023"], "PMK 123/PMK.010/2023"),
    (["Regulation (EU)  2021/821"], "Regulation (EU) 2021/821"),
])
def test_one_canonical_id_per_instrument(wordings: list[str], canonical: str) -> None:
    assert {canonical_doc_id(wording) for wording in wordings} == {canonical}


@pytest.mark.parametrize("text, published, expected", [
    ("Comments are due by May 1, 2025. This rule is effective March 3, 2025.", "2025-02-01", "2025-03-03"),
    ("The notification takes effect from 1 June 2022 and remains in force until 31 October 2022.", "2022-05-24", "2022-06-01"),
    ("The measures apply with effect from 15 July 2024.", "2024-07-01", "2024-07-15"),
    ("The Regulation enters into force on 30 October 2024.", "2024-10-29", "2024-10-30"),
    ("The licence requirements were rescinded, effective immediately.", "2025-07-03", "2025-07-03"),
    ("This Regulation shall enter into force on the day following that of its publication.", "2024-06-24", "2024-06-25"),
    ("Companies must stop exports of coal from 1 January to 31 January 2022.", "2021-12-31", "2022-01-01"),
    ("本公告自2024年7月1日起正式实施。", "2024-05-30", "2024-07-01"),
    ("经国务院批准，自2025年4月10日12时01分起，加征34%关税。", "2025-04-04", "2025-04-10"),
    ("本公告自公布之日起施行。", "2025-10-09", "2025-10-09"),
    ("商务部于2025年4月2日召开会议。", "2025-04-04", None),
    ("This notification shall come into force w.e.f. 01.06.2022.", "2022-05-20", "2022-06-01"),
    ("The rule is effective on publication in the Federal Register.", "2024-11-01", "2024-11-01"),
    ("Exports are banned with immediate effect.", "2023-07-20", "2023-07-20"),
    ("This announcement shall come into force as of December 1, 2024.", "2024-11-15", "2024-12-01"),
    ("本决定于2024年12月1日起正式生效。", "2024-11-01", "2024-12-01"),
    ("[FR Doc. 2024-21887 Filed 9-23-24; 8:45 am]", "2024-09-24", None),
    ("Notification dated 24.05.2022 on sugar.", "2022-05-24", None),
    ("Signed on 3 March 2025 by the Minister.", "2025-03-04", None),
    # an EU act applies from its own date of application, not from its entry into force; a single article's later
    # date does not move the act's
    ("This Regulation shall enter into force on the third day following that of its publication in the Official "
     "Journal of the European Union. It shall apply from 1 January 2026.", "2025-12-19", "2026-01-01"),
    ("This Regulation shall enter into force on the day following that of its publication. Article 2 shall apply "
     "from 1 June 2025.", "2025-02-10", "2025-02-11"),
    # traditional script, Chinese numerals and the Republic of China's years (year 114 is 2025)
    ("四、本公告自中華民國一百十四年三月一日起實施。", "2025-02-14", "2025-03-01"),
    ("本辦法自民國113年12月1日起施行。", "2024-11-20", "2024-12-01"),
    ("本公告自二〇二五年一月一日起施行。", "2024-12-20", "2025-01-01"),
    ("中華民國一百十三年十月五日公告。", "2024-10-05", None),
    # Canada: in force when registered, on the date the Gazette gives with the registration's number
    ("Registration\nSOR/2024-123 June 7, 2024\nFOREIGN AFFAIRS ACT\nThese Regulations come into force on the day "
     "on which they are registered.", "2024-06-19", "2024-06-07"),
    ("These Regulations come into force on the day on which they are registered.", "2024-06-19", None),
])
def test_effective_date(text: str, published: str, expected: str | None) -> None:
    assert extract_effective_date(text, published) == expected


@pytest.fixture(scope="module")
def matchers() -> dict[str, tuple[spacy.language.Language, CommodityMatcher]]:
    pipelines = {lang: spacy.blank(lang) for lang in ("en", "zh")}
    return {lang: (nlp, CommodityMatcher(nlp, lang)) for lang, nlp in pipelines.items()}


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "Export controls on gallium, germanium and rare earth magnets", ["gallium", "germanium", "rare_earths"]),
    ("en", "Licences for semiconductor manufacturing equipment and AI chips", ["advanced_computing", "semiconductor_equipment"]),
    ("en", "Items containing dysprosium or terbium", ["dysprosium", "rare_earths", "terbium"]),
    ("en", "Duties on steel and aluminum articles", ["aluminium", "steel"]),
    ("en", "Controls on dual-use items", ["dual_use"]),
    ("en", "Controls on dual-use items such as drones", ["drones"]),
    ("zh", "对部分钕铁硼永磁材料、镝铽相关永磁体实施许可", ["dysprosium", "neodymium", "rare_earths", "terbium"]),
    ("zh", "对镓、锗、锑、超硬材料相关物项实施出口管制", ["antimony", "gallium", "germanium", "superhard_materials"]),
    ("zh", "禁止向上述实体出口两用物项", ["dual_use"]),
    ("zh", "燃气涡轮发动机及航天服相关技术", ["aerospace"]),
])
def test_commodities(matchers, lang: str, text: str, expected: list[str]) -> None:
    nlp, matcher = matchers[lang]
    assert matcher(nlp(text)) == expected


@pytest.mark.parametrize("text", [
    "Shares of Copper Mountain Mining rose.",
    "Nickel Industries Ltd was added.",
    "Analysts detected Cobalt Strike beacons on the network.",
    "Imports of palm oil and olive oil are recorded.",
    "Countervailing duties on battery electric vehicles.",
    "Items controlled for weapons of mass destruction reasons remain excluded.",
])
def test_commodity_false_friends(matchers, text: str) -> None:
    nlp, matcher = matchers["en"]
    assert matcher(nlp(text)) == []


def test_background_mentions_are_not_covered_goods(matchers) -> None:
    text = ("The tariff applies to all goods. It complements the existing ban on imports of oil and coal. "
            "The entities were involved in acquiring chips for drones.")
    nlp, matcher = matchers["en"]
    assert matcher(nlp(text)) == []


def test_commodity_title_counts_even_when_capitalised(matchers) -> None:
    nlp, matcher = matchers["en"]
    title = "Restoring The Steel Tariff"
    doc = nlp(title + "\n\nThe tariff is raised.")
    assert matcher(doc, body_start=len(title) + 2) == ["steel"]


def test_normalise_commodities() -> None:
    assert normalise_commodities({"neodymium", "dual_use"}) == ["neodymium", "rare_earths"]
    assert normalise_commodities({"dual_use"}) == ["dual_use"]


def test_language_detection() -> None:
    assert detect_language("商务部 海关总署公告2023年第23号 关于对镓、锗相关物项实施出口管制的公告 ECCN 3A090") == "zh"
    assert detect_language("The Bureau of Industry and Security adds 商务部 to the list") == "en"
    assert normalise_language("zh-CN", "English text") == "zh"
    assert normalise_language(None, "稀土出口管制") == "zh"
    assert normalise_language("fr", "Export controls") == "en"


# --- Shortcuts that skip work must never skip a match -------------------------------
# Each extractor looks for cheap evidence (a literal, a tail, a start word) before its
# full pattern. These cases put the evidence at the edges of what the shortcut allows,
# and compare with the plain way of finding the same thing.

def _hs_codes_plainly(text: str) -> list[str]:
    """extract_hs_codes without its shortcuts: every 4-digit run, every 50-character window."""
    import re

    from nlp.codes import _CUE_LITERALS, _HS_CUE, _codes_after_cue

    codes: set[str] = set()
    lowered = text.lower()
    done_until = -1
    for number in re.finditer(r"\d{4}", text):
        if number.start() <= done_until:
            continue
        window_start = max(0, number.start() - 50)
        if not any(word in lowered[window_start:number.start()] for word in _CUE_LITERALS):
            continue
        if not _HS_CUE.search(text, window_start, number.start()):
            continue
        for cue in _HS_CUE.finditer(text, window_start, number.start()):
            _codes_after_cue(text, cue.end(), codes)
        done_until = number.end()
    return sorted(codes)


@pytest.mark.parametrize("text", [
    "HS 28053010 and HS 12345678",  # digits right after the cue
    "HS code: 123456789012 then 2805.30",  # a long run split into fours from its start
    "HTSUS statistical reporting numbers" + " " * 13 + "8541.40.6020",  # the code 48 characters after "hts"
    "HTSUS statistical reporting numbers" + " " * 16 + "8541.40.6020",  # ... and 51: too far
    "headings 7601, 7602 and 7603; subheading 7604.10",
    "HS 2805.30HS 2811.29HS 8541.40",
    "under HTSUS 8541.40.60 and CN code 8541 40 90 or TARIC code 8541409000",
    "税则号列8105209000、8105201000和税号2805301000",
    "classified under 7208.10; Harmonized Tariff Schedule subheading 7208.25",
    "１２３４ HS ２８０５ full-width digits count as digits",
    "no cue 1234 5678 but the HS nomenclature 2022 edition",
])
def test_hs_code_shortcut_misses_nothing(text: str) -> None:
    assert extract_hs_codes(text) == _hs_codes_plainly(text)


@pytest.mark.parametrize("text", [
    "3A090", "x 4A090.a.1", "ECCN 5A992.c;", "中文3A090和4A994", "12A0901", "3A0901", "9E999 mm", "3B001.", "see 0A521",
])
def test_eccn_shortcut_misses_nothing(text: str) -> None:
    from nlp.codes import _ECCN, _ECCN_BAD_BEFORE, _ECCN_FALSE_FRIEND_AFTER

    plain = sorted({m.group(0) for m in _ECCN.finditer(text)
                    if not (m.start() and text[m.start() - 1] in _ECCN_BAD_BEFORE)
                    and not _ECCN_FALSE_FRIEND_AFTER.match(text[m.end():m.end() + 16])})
    assert extract_eccns(text) == plain


@pytest.mark.parametrize("text, published, expected", [
    ("effective 01.06.2022.", "2022-05-01", "2022-06-01"),  # a dotted date at the very start of its possible span
    ("1.6.2022 applies from 01.06.2022 onwards.", "2022-05-01", "2022-06-01"),
    ("The rule takes effect 2024-09-06.", "2024-09-01", "2024-09-06"),
    ("It takes effect on the 1st of  June 2024.", "2024-05-01", "2024-06-01"),  # "1st of  " before the first month
    ("Effective from 5\n\tJune 2024 onwards", "2024-05-01", "2024-06-05"),
    ("自 2024 年 8 月 1 日起施行。", "2024-07-01", "2024-08-01"),  # spaces between the parts
    ("自２０２４年８月１日起施行。", "2024-07-01", "2024-08-01"),  # full-width digits
    ("2024年7月1日至2024年8月1日起施行", "2024-06-01", "2024-08-01"),  # two dates back to back
    ("于月8月1日起实施", "2024-06-01", "2024-08-01"),  # a 月 with no digits before it
    ("This notice is effective immediately.", "2024-06-01", "2024-06-01"),
    ("It shall enter into force on the twentieth day following its publication.", "2024-06-01", "2024-06-21"),
])
def test_date_shortcuts_miss_nothing(text: str, published: str, expected: str) -> None:
    assert extract_effective_date(text, published) == expected


def test_chinese_dates_are_those_a_full_scan_finds() -> None:
    from nlp.dates import _ZH_DATE, _zh_dates

    for text in ["2024年8月1日", "８月１日和 9 月 2 日", "2024 年\n8 月 1 日", "12月1日2024年1月2日", "月1日", "13月40日", "7月", "x1月1日"]:
        assert [m.span() for m in _zh_dates(text)] == [m.span() for m in _ZH_DATE.finditer(text)], text


@pytest.mark.parametrize("title, text", [
    ("", "2023-16646 opens the text"),  # an FR number at position 0
    ("", "x2023-16646 and C1-2024-00123"),
    ("Council Decision (CFSP) 2024/1744", "Regulation (EU) 2021/821 applies"),
    ("", "Regulation (EURATOM) 2024/1 and Directive (EEC) 91/477"),
    ("", "Circular No. 3/2024 and Order No 12/2023 and Public Notice No. 12/2023"),
    ("Docket No. 240813-0217", "FR Doc. E8-18852; NTE 2022/27"),
    ("Rule on gallium", "Document Number2025-00704 and x2025-00705"),
    ("SOR/2024-123 amends", "S.I. 2024/1234 applies"),
    ("Stcrt. 2024, 12345", "Peraturan Menteri Perdagangan Nomor 23 Tahun 2023; Decree No. 15/2018/ND-CP; P.C. 2024-1"),
    ("商务部公告2024年第1号", "商服贸发〔2024〕1号 and 国务院令第792号"),
])
def test_doc_id_shortcuts_miss_nothing(monkeypatch, title: str, text: str) -> None:
    import nlp.doc_ids as doc_ids

    fast = extract_doc_ids(title, text)
    # Every pattern tried on every text, from its start, with no trigger, digit or ASCII check.
    always = tuple((lambda _text: True, *entry[1:]) for entry in doc_ids._ALL_PATTERNS)
    for name in ("_ALL_PATTERNS", "_ASCII_PATTERNS"):
        monkeypatch.setattr(doc_ids, name, always)
    monkeypatch.setattr(doc_ids, "_matches", lambda pattern, part, lowered=None: pattern.finditer(part))
    assert fast == extract_doc_ids(title, text) and fast


@pytest.mark.parametrize("text", [
    "EXPORT CONTROLS apply", "Ear tags", "the EAR", "SDN", "a LİCENCE is needed", "ſanctions", "restrİcted", "KIOSK",
    "dual-use", "anti dumping", "banana", "许可证", "普通的消息", "", "ΑΣ EMBARGO",
])
def test_gate_shortcut_gives_the_full_patterns_answer(text: str) -> None:
    from nlp.rules import _MEASURE_VOCABULARY, has_measure_vocabulary

    assert has_measure_vocabulary(text) == bool(_MEASURE_VOCABULARY.search(text))


@pytest.mark.parametrize("text", [
    "A licence is required for exports.", "Exporters must apply for an individual export licence.",
    "Applications for a licence are reviewed with a presumption of denial.", "They need prior authorisation.",
    "Shipments without a permit are prohibited.", "LİCENCES ARE NOW REQUIRED", "requİres a licence", "未经许可，不得出口。",
    "应当向商务部提出申请。", "The reapply window for licensing closes.", "No requirement here.",
])
def test_licence_requirement_shortcut_gives_the_full_patterns_answer(text: str) -> None:
    from nlp.rules import _LICENCE_REQUIREMENT, _has_licence_requirement

    assert _has_licence_requirement(text, text.lower()) == bool(_LICENCE_REQUIREMENT.search(text))


def test_direction_phrases_counted_in_full() -> None:
    from nlp.rules import _DIRECTION_PHRASES, _cue_hits

    text = "exporters no longer need a licence; no longer apply; general licence and general export permit; does not alter"
    hits = _cue_hits(text, chinese=False)
    phrases = {d: sum(text.count(p) for p in ps if p.isascii()) for d, ps in _DIRECTION_PHRASES.items()}
    assert hits["easing"] >= phrases["easing"] == 4 and hits["procedural"] >= phrases["procedural"] == 1


def test_sentence_ends_are_those_of_a_check_per_break() -> None:
    import re

    from nlp.commodities import _sentence_ends

    def plainly(text: str) -> list[int]:
        ends = []
        for match in re.finditer(r"[.!?。！？；;\n]", text):
            if match.group() in ".!?" and not re.match(r"\s+[A-Z0-9\"“(]|\s*$", text[match.end():]):
                continue
            ends.append(match.end())
        return ends

    for text in ["U.S.-origin gallium. Next", "Done!\n", "a? b", "end.", "x. 1 y.\t(z", "中文。下一句；", "a.\n\n", "e.g. the"]:
        assert _sentence_ends(text) == plainly(text), text


def test_list_names_are_those_a_full_scan_finds() -> None:
    from nlp.rules import _LIST_NAME, _list_names

    for text in ["added to the entity list", "entity \n\t list and sdn list", "end-user list, end user list", "entitylist",
                 "consolidated   list lists", "sdn list list", "the unverified list.", "list", "nonentity list"]:
        assert [m.span() for m in _list_names(text)] == [m.span() for m in _LIST_NAME.finditer(text)], text


@pytest.mark.parametrize("text", [
    "", " ", "  \n ", "商务部公告", " 前导空格", "结尾空格 ", "两个  空格", "换行\n\n标题\n\n正文", "制表\t符 \t 混合",
    "全角\u3000空格", "不换行\u00a0空格", "ECCN 3A001 与 HS 2805.30 ", "a b  c\r\nd", "\u2028分隔\u2029", "🙂 表情 x",
    " x", "  x", "x  ", "a b c", "\u3000a", "a\u3000 b", "a \u3000b", "a\n b", "a \nb", "\n\n 标题 \n",
])
def test_chinese_doc_maker_gives_the_tokenizers_doc(text: str) -> None:
    from spacy.util import get_words_and_spaces

    from nlp.classifier import _char_words_and_spaces, doc_maker

    nlp = spacy.blank("zh")
    make_doc = doc_maker(nlp)
    assert make_doc is not nlp.make_doc  # the shortcut is in use for character segmentation
    fast, plain = make_doc(text), nlp.make_doc(text)
    assert _char_words_and_spaces(text) == get_words_and_spaces(list(text), text)
    assert [(t.text, t.whitespace_) for t in fast] == [(t.text, t.whitespace_) for t in plain]
    assert fast.text == text and fast.to_bytes() == plain.to_bytes()
    english = spacy.blank("en")
    assert doc_maker(english) == english.make_doc


@pytest.mark.parametrize("text", [
    "Notification No. 20/2023 and NOTIFICATION NO 21/2023; notice no. 3/2024, Circular No 4/2024-25, Order No. 5/2024",
    "Public Notice No. 12/2023; notificationnotice No. 1/2024; Notification  No. 7/2022 and Notification\nNo. 8/2022",
    "MOFCOM Public Announcement No. 18 of 2025, announcement [2025] No. 3, PUBLIC  ANNOUNCEMENT No. 4 of 2024",
    "Council Regulation (EU) 2021/821, Decision (CFSP) 2024/1744, directive (EU) 1/2, DirectiveRegulation (EC) 3/4",
    "Notİfication No. 1/2024 and Notıfication No. 2/2024",  # İ and ı: a case-insensitive pattern takes both for i
    "ſ K Notification No. 9/2024 Announcement No. 1 of 2024",
    "公告 Notification No. 1/2024 公告", "", "Order", "Regulation (EU) 2021/821",
])
def test_doc_id_start_words_find_every_match(text: str) -> None:
    from nlp import doc_ids

    lowered = text.lower() if doc_ids._lower_case_is_faithful(text) else None
    for pattern in doc_ids._START_WORDS:
        fast = [(m.span(), m.group()) for m in doc_ids._matches(pattern, text, lowered)]
        assert fast == [(m.span(), m.group()) for m in pattern.finditer(text)], pattern.pattern
    found = sum(1 for pattern in doc_ids._START_WORDS for _ in pattern.finditer(text))
    assert found or text in ("", "Order") or "ı" in text


def test_doc_ids_in_a_text_whose_lower_case_is_not_faithful() -> None:
    # ı is i to a case-insensitive pattern, but "notıfication" is not "notification":
    # such a text is scanned in full.
    assert extract_doc_ids("", "Notıfication No. 2/2024, see the notification no") == ["Notıfication No. 2/2024"]
