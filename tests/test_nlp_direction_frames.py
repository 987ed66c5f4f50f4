"""Direction by composition: the polarity of what is done applied to the polarity of what it is done to.

Every example is written for these tests. Each rule has an English and a Chinese
case; the classifier must give the notice the direction of its main measure, and
list the frame that decides it.
"""
from __future__ import annotations

import pytest
import spacy

from nlp import load_classifier
from nlp.frames import DOC_ATTRIBUTE, FACTORY, notice_direction

# (rule, lang, title, text, direction)
EXAMPLES = [
    ("removal from a restrictive list eases", "en",
     "Removal of four entities from the Entity List",
     "The Bureau amends the Export Administration Regulations by removing four entities located in Singapore and "
     "Malaysia from the Entity List. Exports of items subject to the EAR to these parties no longer need a licence "
     "beyond those required for their destinations. This rule is effective on publication."),
    ("removal from a restrictive list eases", "zh",
     "关于将三家企业移出出口管制管控名单的公告",
     "根据《中华人民共和国出口管制法》有关规定，经审查，商务部决定将三家企业移出出口管制管控名单。"
     "本公告自公布之日起施行。"),
    ("removal from a permissive list tightens", "en",
     "Removal of two Chinese companies from the Validated End-User programme",
     "Following a review of their compliance, the Department removes two companies from the list of validated "
     "end-users in the People's Republic of China. Exports of items subject to the EAR to their facilities will "
     "require a licence from the effective date of this rule."),
    ("removal from a permissive list tightens", "zh",
     "关于将部分国家移出出口管制白名单的公告",
     "为维护国家安全和利益，经国务院批准，决定将部分国家移出白名单。相关物项出口须向商务部申请许可，"
     "本公告自2026年3月1日起施行。"),
    ("suspending a restriction eases", "en",
     "Suspension of the export licence requirement for certain graphite items",
     "The Ministry suspends the export control measures on certain graphite items announced last year. "
     "During the suspension, exporters may ship these items without an individual export licence."),
    ("suspending a restriction eases", "zh",
     "关于暂停实施对美部分物项出口管制措施的公告",
     "为落实双方会谈共识，商务部、海关总署决定暂停实施对美国出口相关两用物项的出口管制措施，"
     "暂停期限为一年，本公告自发布之日起执行。"),
    ("rescinding a restriction eases", "en",
     "Rescission of the prohibition on exports of potash fertilizer",
     "The Government rescinds the prohibition on exports of potash fertilizer imposed under the export policy. "
     "Exports are now free, subject to the usual customs formalities."),
    ("rescinding a restriction eases", "zh",
     "关于停止执行部分商品出口配额管理的公告",
     "根据国内供应情况，经研究决定，自本公告发布之日起停止执行相关商品出口配额管理，企业凭合同正常办理出口。"),
    ("extending a restriction in time tightens", "en",
     "Extension of the safeguard measure on imports of flat steel products",
     "The Minister has decided to extend the definitive safeguard measure on imports of flat steel products by "
     "two years. The tariff quotas and the out-of-quota duty of 25 per cent continue for the extended period."),
    ("extending a restriction in time tightens", "zh",
     "关于延长对原产于某国的进口聚苯醚反倾销措施实施期限的公告",
     "根据复审裁定，国务院关税税则委员会决定，自2026年5月1日起，对原产于某国的进口聚苯醚继续征收反倾销税，"
     "实施期限为5年。"),
    ("extending an exemption eases", "en",
     "Extension of tariff exclusions for certain industrial machinery",
     "The Trade Representative extends for six months the exclusions from the additional duties granted to certain "
     "industrial machinery. Importers may continue to enter the excluded products without the additional duty."),
    ("extending an exemption eases", "zh",
     "关于延长部分商品关税豁免期限的公告",
     "国务院关税税则委员会决定，对已纳入排除清单的商品，延长关税豁免期限至2027年2月28日，期间不加征关税。"),
    ("a temporary suspension of exports is a ban and tightens", "en",
     "Temporary suspension of exports of onions",
     "To stabilise domestic prices the Government suspends exports of onions until further notice. "
     "Shipments already loaded before this notification may be allowed to leave under the export policy."),
    ("a temporary suspension of exports is a ban and tightens", "zh",
     "关于暂停对某国出口部分农产品的公告",
     "为保障国内市场供应，经研究决定，暂停对某国出口部分农产品，本公告自发布之日起执行，海关不予办理出口手续。"),
    ("suspended exports are a ban and tighten", "en",
     "Exports of unwrought tin suspended from the first of next month",
     "Exports of unwrought tin and tin concentrates are suspended until domestic refining capacity is in place. "
     "Contracts registered earlier may be performed within thirty days."),
    ("suspended exports are a ban and tighten", "zh",
     "关于部分矿产品出口暂停的公告",
     "经研究决定，部分矿产品出口暂停至另行通知，海关不予办理相关出口手续，本公告自发布之日起执行。"),
    ("exports that resume ease", "en",
     "Shipments of maize to resume under the export policy",
     "Shipments of maize resume from the first of next month after the harvest. Exporters register contracts with "
     "the board as before."),
    ("a suspended duty on exports eases", "en",
     "Duties on exports of cocoa beans suspended for the season",
     "The export duty on cocoa beans is suspended for the current season to support growers' incomes. The duty "
     "applies again from the start of the next season."),
    ("a return to a favourable country group eases", "en",
     "Northland returned to Group A of the export control country groups",
     "The Ministry amends the export control order to return Northland to Group A. Exporters may again ship "
     "listed items to Northland under bulk licences."),
    ("a minimum export price removed eases", "en",
     "Minimum export price on basmati rice withdrawn",
     "The Government withdraws the minimum export price on basmati rice with immediate effect. Contracts are "
     "registered as before."),
    ("a duty-free regime extended eases", "en",
     "Duty-free import of lentils extended by one year",
     "The exemption from customs duty on imports of lentils, due to end this month, is extended by one year."),
    ("additions to the Entity List tighten", "en",
     "Additions of nine parties to the Entity List",
     "The Bureau adds nine entities under the destinations of China and the United Arab Emirates to the Entity "
     "List. A licence is required for all items subject to the EAR, with a presumption of denial."),
    ("additions to the Entity List tighten", "zh",
     "关于将十二家外国实体列入不可靠实体清单的公告",
     "根据不可靠实体清单规定，工作机制决定将十二家外国实体列入不可靠实体清单，禁止其从事与中国有关的进出口活动。"),
    ("sanctions imposed on named persons tighten", "en",
     "Sanctions imposed on three individuals supporting weapons procurement",
     "The Office designates three individuals and two companies for supporting weapons procurement networks. "
     "All property and interests in property of these persons are blocked."),
    ("sanctions imposed on named persons tighten", "zh",
     "关于对某国防务企业采取反制措施的决定",
     "根据《中华人民共和国反外国制裁法》，外交部决定对某国防务企业及其高级管理人员采取反制措施，冻结其在中国境内的财产。"),
    ("an authorisation that will not be required eases", "en",
     "Export authorisation will not be required for low-value shipments of dual-use items",
     "From 1 July an authorisation will not be required for exports of listed dual-use items to partner countries "
     "where the consignment is below the value threshold. Exporters keep records as before."),
    ("an authorisation that will not be required eases", "zh",
     "关于部分两用物项出口无需申请许可的公告",
     "对于符合条件的出口，经营者无需申请两用物项出口许可，凭合同向海关申报即可，本公告自2026年1月1日起施行。"),
    ("guidance that existing general licences still apply is procedural", "en",
     "Existing general licences continue to apply after the new control list",
     "This notice answers frequently asked questions. Exporters who use the existing general licences may continue "
     "to do so; the new control list does not change their terms or the countries they cover."),
    ("guidance that existing general licences still apply is procedural", "zh",
     "关于现行通用许可继续有效的说明",
     "管控清单调整后，已经取得的两用物项出口通用许可继续有效，经营者按原有流程办理报关手续，许可范围不变。"),
]
EXPECTED = {"ease": "easing", "tighten": "tightening", "procedural": "procedural"}


def _expected(rule: str) -> str:
    """The direction a rule's last word names ("… eases", "… tighten", "… is procedural")."""
    return EXPECTED[rule.split()[-1].removesuffix("s")]


def _record(index: int, lang: str, title: str, text: str) -> dict:
    return {"id": f"f{index}", "lang": lang, "title": title, "text": text, "published": "2026-01-15"}


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


@pytest.mark.parametrize("index", range(len(EXAMPLES)), ids=[f"{e[0]} ({e[1]})" for e in EXAMPLES])
def test_direction_follows_the_composition(classifier, index: int) -> None:
    rule, lang, title, text = EXAMPLES[index]
    [result] = classifier.classify([_record(index, lang, title, text)])
    assert result["relevant"], title
    assert result["direction"] == _expected(rule), title


@pytest.mark.parametrize("index", range(len(EXAMPLES)), ids=[f"{e[0]} ({e[1]})" for e in EXAMPLES])
def test_the_title_frame_is_listed_with_its_sentence(classifier, index: int) -> None:
    rule, lang, title, text = EXAMPLES[index]
    [frames] = classifier.frames([_record(index, lang, title, text)])
    assert frames, title
    first = frames[0]
    assert set(first) == {"sentence", "action", "instrument", "direction"}
    assert first["direction"] == _expected(rule)
    assert first["sentence"] == " ".join(title.split())
    assert first["instrument"] in title or first["instrument"].removeprefix("not ") in title


STATUS_CHANGES = [
    ("Amendment in the import policy of certain pulses",
     "In exercise of the powers conferred, the Government hereby amends the import policy of the pulses listed "
     "below from 'Restricted' to 'Free', subject to registration of contracts, with immediate effect.", "easing"),
    ("Amendment in the export policy of de-oiled cakes",
     "The Government hereby amends the export policy of de-oiled cakes from \"Free\" to \"Prohibited\" until further "
     "orders, subject to the transition arrangements below.", "tightening"),
]


@pytest.mark.parametrize("title, text, direction", STATUS_CHANGES, ids=["to free", "from free"])
def test_a_change_of_policy_status_decides_wherever_it_stands(classifier, title: str, text: str, direction: str) -> None:
    """The title says only "Amendment in … policy"; the text's change of status is the measure."""
    record = _record(0, "en", title, text)
    [frames] = classifier.frames([record])
    assert [(f["instrument"].strip("'\""), f["direction"]) for f in frames][:1] == [
        (text.split(" from ")[1].split(",")[0].split(" until")[0].strip("'\""), direction)]
    assert classifier.classify([record])[0]["direction"] == direction


@pytest.mark.parametrize("lang, title, direction", [
    ("zh", "国务院关税税则委员会关于延长部分对美加征关税商品排除期限的公告", "easing"),
    ("en", "Tariff Commission terminates the safeguard duty on glass", "easing"),
    ("en", "Export Control Joint Unit lifts the licence requirement for body armour", "easing"),
])
def test_an_issuer_whose_name_holds_an_instrument_is_no_instrument(classifier, lang: str, title: str,
                                                                     direction: str) -> None:
    [frames] = classifier.frames([_record(0, lang, title, "")])
    assert frames and frames[0]["direction"] == direction, frames


def test_a_notice_that_tightens_and_eases_takes_its_title_measure(classifier) -> None:
    record = _record(0, "en", "Additions to and removals from the Entity List",
                     "The Bureau adds six entities to the Entity List and removes one entity from it. "
                     "Licence requirements apply to the added parties from publication.")
    [frames] = classifier.frames([record])
    assert [f["direction"] for f in frames[:2]] == ["tightening", "easing"]
    assert classifier.classify([record])[0]["direction"] == "tightening"


def test_actions_chain_and_negations_flip(classifier) -> None:
    cases = {
        "Extension of the suspension of additional duties on solar panels": "easing",
        "Revocation of the exemption from export licensing for certain machine tools": "tightening",
        "Anti-dumping duties on ceramic tiles no longer apply after expiry of the measure": "easing",
        "Import ban on used vehicles is lifted": "easing",
    }
    records = [_record(i, "en", title, "The measure is published in the official gazette.")
               for i, title in enumerate(cases)]
    directions = [notice_direction_of(frames) for frames in classifier.frames(records)]
    assert directions == list(cases.values())


def notice_direction_of(frames: list[dict]) -> str | None:
    return frames[0]["direction"] if frames else None


def test_procedural_and_background_titles_give_no_deciding_frame(classifier) -> None:
    titles = [
        "New online portal for sanctions licence applications",
        "Export Controls on Certain Laboratory Instruments: Extension of Comment Period",
        "Commission Implementing Regulation correcting the language versions of Regulation imposing anti-dumping duties",
    ]
    records = [_record(i, "en", title, "") for i, title in enumerate(titles)]
    for title, frames in zip(titles, classifier.frames(records), strict=True):
        assert [f["direction"] for f in frames] in ([], ["procedural"]), (title, frames)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_component_runs_in_a_spacy_pipeline(lang: str) -> None:
    nlp = spacy.blank(lang)
    nlp.add_pipe(FACTORY)
    title, text = {
        "en": ("Removal of two entities from the Entity List", "The rule takes effect on publication."),
        "zh": ("关于将两家企业移出不可靠实体清单的公告", "本公告自公布之日起施行。"),
    }[lang]
    doc = nlp(f"{title}\n\n{text}")
    frames = doc._.get(DOC_ATTRIBUTE)
    assert frames and frames[0].in_title and frames[0].direction == "easing"
    assert notice_direction(frames) == "easing"


# A move of parties from one list to another: the list joined, compared with the list left, decides.
MOVES = [
    ("en", "Parties moved from the Unverified List to the Entity List", "The rule takes effect on publication.",
     "tightening"),
    ("en", "Parties moved from the Entity List to the Unverified List", "The rule takes effect on publication.",
     "easing"),
    ("en", "Revisions to the Export Administration Regulations",
     "This rule removes three parties from the Unverified List and adds them to the Entity List. Exports to them "
     "require a licence.", "tightening"),
    ("en", "Revisions to the Export Administration Regulations",
     "This rule removes three parties from the Entity List and adds them to the Unverified List. Exports to them "
     "no longer require a licence.", "easing"),
    ("en", "Company transferred from the Entity List to the validated end-user programme list",
     "The rule takes effect on publication.", "easing"),
    ("zh", "关于将部分外国实体由关注名单转入管控名单的公告", "本公告自公布之日起施行。", "tightening"),
    ("zh", "关于将部分外国实体由管控名单转入关注名单的公告", "本公告自公布之日起施行。", "easing"),
    ("zh", "商务部公告2026年第9号", "商务部决定将下列实体移出关注名单，列入出口管制管控名单，禁止向其出口两用物项。", "tightening"),
]


def _frames_pipeline(lang: str) -> spacy.language.Language:
    nlp = spacy.blank(lang)
    nlp.add_pipe(FACTORY)
    return nlp


@pytest.mark.parametrize("lang, title, text, direction", MOVES, ids=[f"{m[0]}-{i}" for i, m in enumerate(MOVES)])
def test_a_move_between_lists_takes_the_direction_of_the_list_joined(lang: str, title: str, text: str,
                                                                     direction: str) -> None:
    doc = _frames_pipeline(lang)(f"{title}\n\n{text}")
    assert notice_direction(doc._.get(DOC_ATTRIBUTE)) == direction, doc._.get(DOC_ATTRIBUTE)


def test_a_removal_and_an_addition_of_other_parties_are_no_move() -> None:
    nlp = _frames_pipeline("en")
    doc = nlp("Revisions to the Export Administration Regulations\n\nThis rule removes one party from the Entity List "
              "and adds twelve parties to the Unverified List.")
    assert [f.direction for f in doc._.get(DOC_ATTRIBUTE)] == ["easing", "tightening"]
    # A move that names only the list left says nothing of where the parties went.
    assert nlp("Three parties moved off the Entity List\n\nIn force today.")._.get(DOC_ATTRIBUTE) == []
    # A removal on its own eases, and additions to and removals from one list are no move.
    removal = nlp("Removal of two entities from the Entity List\n\nIn force today.")
    assert notice_direction(removal._.get(DOC_ATTRIBUTE)) == "easing"
    both = nlp("Additions to and removals from the Entity List\n\nIn force today.")
    assert [f.direction for f in both._.get(DOC_ATTRIBUTE)] == ["tightening", "easing"]


# Instruments whose words sit inside longer names: a permit requirement is a restriction, whatever permits are
# alone; a price cap restricts, so lowering it tightens; a concession named in an act's title grants nothing.
TITLE_INSTRUMENTS = [
    ("Export permit requirements lifted for certain items destined to partner countries", "easing"),
    ("New export permit requirements for unmanned aerial vehicles", "tightening"),
    ("Import permit requirement removed for recycled copper scrap", "easing"),
    ("Price cap for seaborne crude oil lowered to USD 45 a barrel", "tightening"),
    ("Price cap for petroleum products raised", "easing"),
    ("New tariff concession orders for mining machinery", "easing"),
    ("Tariff concession orders revoked for certain imported steel products", "tightening"),
]


@pytest.mark.parametrize("title, direction", TITLE_INSTRUMENTS, ids=[t for t, _ in TITLE_INSTRUMENTS])
def test_instruments_named_inside_longer_names(title: str, direction: str) -> None:
    doc = _frames_pipeline("en")(f"{title}\n\nThe change takes effect on publication.")
    assert notice_direction(doc._.get(DOC_ATTRIBUTE)) == direction, doc._.get(DOC_ATTRIBUTE)


def test_a_concession_named_in_an_acts_title_is_no_frame() -> None:
    doc = _frames_pipeline("en")("Customs Amendment (Tariff Concession Orders) Instrument 2026\n\n"
                                  "The instrument is made under the Customs Act.")
    assert doc._.get(DOC_ATTRIBUTE) == []
