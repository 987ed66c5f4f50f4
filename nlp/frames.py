"""Direction frames: what a notice does (an action) to what (an instrument), and which way that moves trade.

A measure's direction is the polarity of its action applied to the polarity of its
instrument. Actions are positive (impose, add, extend, require, 实施, 列入, 延长 …) or
negative (lift, remove, suspend, rescind, let expire, 取消, 移出, 暂停实施 …);
instruments are restrictive (controls, licence requirements, bans, entity lists,
designations, duties, quotas, safeguards …) or permissive (licence exceptions,
general licences, validated end-user status, exclusions, whitelists, exemptions,
waivers … and trade itself: "suspension of exports" is a ban). The product of the
polarities gives the direction: removing from a restrictive list eases, removing a
permissive one tightens, extending an exemption eases. Actions chain ("extends the
suspension of the additional duties": + · − · + = easing), a negation flips the
action it precedes ("an authorisation will not be required"), and status-quo verbs
("existing general licences continue to apply") give a procedural frame.

The `regwatch_direction_frames` spaCy component finds the frames in a doc's
operative sentences: the title (the doc's first line) and the sentences of the
text after it. `notice_direction` gives the direction of the notice's main measure
when its title has a frame (the first one decides), or else when its text changes a
policy status ("from 'Prohibited' to 'Free'"); otherwise the classifier's
categoriser decides.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import pairwise

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

FACTORY = "regwatch_direction_frames"
DOC_ATTRIBUTE = "direction_frames"

# Mention kinds.
_ACTION = "action"  # changes an instrument; polarity +1 or -1
_REQUIRE = "require"  # an action (+1) that makes a bare licence a licence requirement
_STATUS_QUO = "status_quo"  # leaves an instrument as it is: a procedural frame
_NEGATION = "negation"  # flips the next action or instrument
_COORDINATION = "coordination"  # "and"/"or" between two actions: each governs on its own
_BLOCKER = "blocker"  # an object (a comment period, an investigation) that ends an action's reach
_INSTRUMENT = "instrument"  # polarity +1 restrictive, -1 permissive
_NAME = "name"  # words that only name an act ("Implementing Regulation"): no action
_HEAD = "head"  # a noun that makes an instrument just before it a modifier ("sanctions portal", "加征关税商品")


@dataclass(frozen=True, slots=True)
class _Term:
    kind: str
    polarity: int = 0
    implied: bool = False  # an instrument that states its own imposition ("bans", "designations", "加征关税")
    governs: bool = False  # a permissive noun that acts on a following instrument ("exemption from duties")
    licence: bool = False  # a bare licence/authorisation: a requirement under "require", a permission otherwise
    flow: bool = False  # trade itself (exports, 出口): only suspend/halt/resume-type actions right before it govern it
    flow_action: bool = False  # an action that can govern a trade flow
    weak: bool = False  # an action that says something only when negated ("no longer subject to")
    amount: bool = False  # an action on a magnitude (raise, lower): it moves a rate or a volume
    prefix: bool = False  # an adjective ("new"): it acts only on a noun after it
    magnitude: int = 0  # what raising the instrument does, when not its polarity: a larger quota lets more through
    transition: bool = False  # a change of policy status, old state first ("from 'Prohibited' to 'Free'")
    list_rank: int = 0  # a list parties are put on: 2 a full restriction (Entity List), 1 a lesser one (Unverified
    # List, watch list), -1 a permissive one (validated end-users, white list); 0 not a list of parties
    transfer: bool = False  # an action that moves parties from one list to another ("moved", 转入)


def _terms(words: str, term: _Term) -> dict[str, _Term]:
    return {word.strip(): term for word in words.split("|") if word.strip()}


_TIGHTEN = _Term(_ACTION, +1)
_EASE = _Term(_ACTION, -1)
_TIGHTEN_FLOW = _Term(_ACTION, +1, flow_action=True)
_EASE_FLOW = _Term(_ACTION, -1, flow_action=True)
_RESTRICTIVE = _Term(_INSTRUMENT, +1)
_RESTRICTIVE_IMPLIED = _Term(_INSTRUMENT, +1, implied=True)
_PERMISSIVE = _Term(_INSTRUMENT, -1)
_PERMISSIVE_IMPLIED = _Term(_INSTRUMENT, -1, implied=True)
_PERMISSIVE_GOVERNING = _Term(_INSTRUMENT, -1, implied=True, governs=True)
_LICENCE = _Term(_INSTRUMENT, -1, licence=True)
_FLOW = _Term(_INSTRUMENT, -1, flow=True)
_LIST_FULL = _Term(_INSTRUMENT, +1, list_rank=2)
_LIST_LESSER = _Term(_INSTRUMENT, +1, list_rank=1)
_LIST_PERMISSIVE = _Term(_INSTRUMENT, -1, implied=True, list_rank=-1)
_TRANSFER = _Term(_ACTION, +1, transfer=True)
_TO_FREE = _Term(_INSTRUMENT, -1, implied=True, transition=True)
_FROM_FREE = _Term(_INSTRUMENT, +1, implied=True, transition=True)

# English terms are matched on lower-cased tokens, so every inflection is listed.
_ENGLISH: dict[str, _Term] = {
    **_terms("""impose|imposes|imposed|imposing|imposition|add|adds|added|adding|addition|additions|place|places|placed|placing|
        introduce|introduces|introduced|introducing|introduction|establish|establishes|established|establishing|
        issue|issues|issued|issuing|implement|implements|implemented|implementing|implementation|
        extend|extends|extended|extending|extension|extensions|prolong|prolongs|prolonged|prolonging|prolongation|
        renew|renews|renewed|renewal|expand|expands|expanded|expanding|expansion|broaden|broadens|broadened|
        tighten|tightens|tightened|tightening|strengthen|strengthens|strengthened|grant|grants|granted|granting|open|opens|opening|
        re-impose|reimpose|reimposes|reimposed|reinstate|reinstates|reinstated""", _TIGHTEN),
    **_terms("increase|increases|increased|increasing|raise|raises|raised|raising", _Term(_ACTION, +1, amount=True)),
    **_terms("reduce|reduces|reduced|reducing|reduction|lower|lowers|lowered|lowering|cut|cuts|decrease|decreases|decreased",
             _Term(_ACTION, -1, amount=True)),
    **_terms("new", _Term(_ACTION, +1, prefix=True)),
    **_terms("subject to|apply to|applies to|apply|applies", _Term(_ACTION, +1, weak=True)),
    **_terms("resume|resumes|resumed|resuming|resumption|restore|restores|restored|restoring|restoration", _TIGHTEN_FLOW),
    **_terms("""lift|lifts|lifted|lifting|remove|removes|removed|removing|removal|removals|rescind|rescinds|rescinded|
        rescinding|rescission|revoke|revokes|revoked|revoking|revocation|terminate|terminates|terminated|terminating|
        termination|expire|expires|expired|expiry|expiration|lapse|lapses|lapsed|repeal|repeals|repealed|repealing|
        withdraw|withdraws|withdrawn|withdrawal|eliminate|eliminates|eliminated|elimination|
        narrow|narrows|narrowed|narrowing|relax|relaxes|relaxed|relaxation|ease|eases|eased|exempt|exempts|exempted|
        exempting|waive|waives|waived|waiving|deny|denies|denied|refuse|refuses|refused|remit|remits|remitted|
        remission|refund|refunds|refunded|unfreeze|unfreezes|unfrozen|
        pause|pauses|paused|drop|drops|dropped|scrap|scraps|scrapped|abolish|abolishes|abolished|abolition|lift the|delete|deletes|deleted|deletion|take off|taken off""", _EASE),
    **_terms("""suspend|suspends|suspended|suspending|suspension|halt|halts|halted|halting|stop|stops|stopped|stopping|
        cease|ceases|ceased|cessation|freeze|freezes""", _EASE_FLOW),
    **_terms("require|requires|required|requiring|need|needs|needed|must obtain|obtain", _Term(_REQUIRE, +1)),
    **_terms("""remain in effect|remains in effect|remain in force|remains in force|remain in place|remains in place|
        remain valid|remains valid|remain available|remains available|continue to apply|continues to apply|
        still apply|still applies|remain unchanged|remains unchanged|unchanged|does not change|do not change|
        will not change|does not alter|does not affect|continue to be valid|continues to be valid|
        remain applicable|remains applicable|still valid|correct|corrects|correcting|correction|corrections|
        corrigendum|technical amendment|technical amendments|clarify|clarifies|clarifying|clarification""",
             _Term(_STATUS_QUO)),
    **_terms("not|no|no longer|never|n't|neither|nor", _Term(_NEGATION)),
    **_terms("and|or|as well as|and/or", _Term(_COORDINATION)),
    **_terms("""comment|comments|comment period|deadline|investigation|investigations|review|reviews|consultation|
        hearing|hearings|request for comments|petition|petitions|inquiry|application period|portal|system|systems|
        form|forms|module|helpline|website|faq|faqs|guidance|questions|format|formats|template|templates""",
             _Term(_BLOCKER)),
    **_terms("""implementing regulation|implementing decision|implementing act|delegated regulation|
        implementing rules""", _Term(_NAME)),
    # Issuers whose names hold an instrument's word: a name, not a measure.
    **_terms("""tariff commission|customs tariff commission|anti-dumping commission|trade remedies authority|
        directorate general of trade remedies|export control joint unit|export control organisation|
        export control organization|office of export enforcement|sanctions unit""", _Term(_NAME)),
    **_terms("""application|applications|holder|holders|reporting|report|reports|data|number|numbers|office|unit|
        officer|team|statistics|processing|applicant|applicants|regulation|regulations|notice|notices""",
             _Term(_HEAD)),
    **_terms("""control|controls|export control|export controls|import control|import controls|control measures|
        licence requirement|licence requirements|license requirement|license requirements|licensing requirement|
        export licence requirement|export licence requirements|export license requirement|export license requirements|
        import licence requirement|import licence requirements|import license requirement|import license requirements|
        export licensing requirement|export licensing requirements|permit requirement|permit requirements|
        export permit requirement|export permit requirements|import permit requirement|import permit requirements|
        licensing requirements|prohibition|prohibitions|restriction|restrictions|export restrictions|
        control list|
        restrictive measures|asset freeze|asset freezes|duty|duties|tariff|tariffs|
        customs duty|customs duties|anti-dumping duty|anti-dumping duties|antidumping duty|antidumping duties|
        countervailing duty|countervailing duties|anti-dumping measures|countervailing measures|anti-dumping measure|
        safeguard|safeguards|safeguard measure|safeguard measures|safeguard duty|safeguard duties|levy|levies|surcharge|surcharges|surtax|surtaxes|
        measure|measures|trade remedy measures|presumption of denial|controlled items|end-use controls|
        end-user controls|licensing policy|denial policy|blocked|blocking|authorisation requirement|
        authorisation requirements|authorization requirement|authorization requirements""", _RESTRICTIVE),
    **_terms("""entity list|military end-user list|military end user list|meu list|sdn list|specially designated nationals list|
        consolidated list|blacklist|end-user list|end user list""", _LIST_FULL),
    **_terms("unverified list|watch list|watchlist", _LIST_LESSER),
    **_terms("move|moves|moved|moving|transfer|transfers|transferred|transferring", _TRANSFER),
    **_terms("quota|quotas|export quota|export quotas|import quota|import quotas", _Term(_INSTRUMENT, +1, magnitude=-1)),
    # A price cap restricts: lowering it tightens, as lowering a quota does.
    **_terms("price cap|price caps", _Term(_INSTRUMENT, +1, magnitude=-1)),
    **_terms("minimum export price|minimum export prices|minimum import price|minimum import prices", _RESTRICTIVE),
    **_terms("""tariff quota|tariff quotas|tariff-rate quota|tariff-rate quotas|tariff rate quota|tariff rate quotas""",
             _Term(_INSTRUMENT, -1, implied=True)),
    **_terms("""preferential tariff|preferential tariffs|preferential rate|preferential rates""",
             _Term(_INSTRUMENT, -1, implied=True, magnitude=+1)),
    **_terms("prohibited to free|restricted to free|'prohibited' to 'free'|'restricted' to 'free'|"
             "\"prohibited\" to \"free\"|\"restricted\" to \"free\"", _TO_FREE),
    **_terms("free to prohibited|free to restricted|'free' to 'prohibited'|'free' to 'restricted'|"
             "\"free\" to \"prohibited\"|\"free\" to \"restricted\"", _FROM_FREE),
    **_terms("""ban|bans|banned|banning|export ban|export bans|import ban|import bans|prohibit|prohibits|prohibited|
        prohibiting|embargo|embargoes|arms embargo|designate|designates|designated|designating|designation|
        designations|additional duty|additional duties|additional tariff|additional tariffs|retaliatory tariffs|
        retaliatory duties|sanction|sanctions|countermeasures|counter-measures""", _RESTRICTIVE_IMPLIED),
    **_terms("""licence exception|licence exceptions|license exception|license exceptions|general licence|
        general licences|general license|general licenses|open general licence|open general licences|
        open general export licence|open general export licences|open individual export licence|
        general export licence|general export licences|general authorisation|general authorisations|
        general authorization|general authorizations|general export permit|general permit|
        validated end-user|validated end-users|validated end user|veu|veu program|veu programme|
        white countries|group a|country group a|favourable treatment|favorable treatment|
        duty-free|duty free|
        preferential treatment|duty-free treatment|duty suspension|duty suspensions|
        tariff suspension|tariff suspensions|
        licence-free|license-free|delisting|delisted|delist|delists""", _PERMISSIVE_IMPLIED),
    **_terms("whitelist|white list|validated end-user list|veu list", _LIST_PERMISSIVE),
    **_terms("""exemption|exemptions|exclusion|exclusions|waiver|waivers|relief|
        product exclusion|product exclusions|tariff exclusion|tariff exclusions|carve-out|carve-outs""",
             _PERMISSIVE_GOVERNING),
    # A concession named alone (an act's title, "Tariff Concession Instrument") states no grant: only an action on it
    # ("new concession orders", "removes the concession") is a frame.
    **_terms("concession|concessions|tariff concession|tariff concessions|concession order|concession orders|"
             "tariff concession order|tariff concession orders", _Term(_INSTRUMENT, -1, governs=True)),
    **_terms("""licence|licences|license|licenses|authorisation|authorisations|authorization|authorizations|permit|permits|
        export licence|export licences|export license|export licenses|import licence|import licences|
        individual licence|individual licences|individual license|individual licenses|export permit|export permits|
        approval|approvals|permission""", _LICENCE),
    **_terms("exports|imports|exportation|importation|shipments|export of|import of|exports of|imports of|trade", _FLOW),
}
# A "-" between letters is a token of its own in spaCy's English tokenizer: the
# patterns are tokenised by the same tokenizer, so "anti-dumping" matches as written.

# Chinese is matched on characters, so a term is its characters as written.
_CHINESE: dict[str, _Term] = {
    **_terms("""实施|施行|列入|纳入|增列|新增|加征|征收|开征|延长|延续|继续实施|继续征收|扩大|加强|收紧|
        采取|调整为|授予|给予|批准|实行|扩展""", _TIGHTEN),
    **_terms("恢复|恢复实施|恢复执行|恢复征收", _TIGHTEN_FLOW),
    **_terms("""取消|移出|移除|删除|撤销|撤回|废止|终止|终止实施|停止实施|停止执行|停止征收|解除|缩小|放宽|
        免征|免除|不予|不再实施|不再征收|不再执行|到期|期满|失效|退还|退税""", _EASE),
    **_terms("提高|上调|增加|调增", _Term(_ACTION, +1, amount=True)),
    **_terms("降低|下调|减少|调减|削减", _Term(_ACTION, -1, amount=True)),
    **_terms("暂停|暂停实施|暂停执行|暂停征收|暂缓|中止|中止实施|停止|冻结", _EASE_FLOW),
    **_terms("需|须|需要|应当申请|须经|需经|应当取得|须取得|需取得", _Term(_REQUIRE, +1)),
    **_terms("无需申请|无须申请|无需办理|无须办理|无需取得|无须取得|不需要申请|免于申请|免予申请", _Term(_REQUIRE, -1)),
    **_terms("更正|勘误|技术性调整|澄清|继续有效|仍然有效|仍有效|继续适用|仍然适用|仍适用|保持不变|不变|不改变|维持不变|照常", _Term(_STATUS_QUO)),
    **_terms("不|不再|无需|无须|并非", _Term(_NEGATION)),
    **_terms("和|及|以及|或|或者|与", _Term(_COORDINATION)),
    **_terms("调查|复审|征求意见|意见|听证|评论|申请期|系统|平台|网站|表格|指南|格式", _Term(_BLOCKER)),
    **_terms("实施细则|实施办法|实施条例|国务院关税税则委员会|关税税则委员会|税则委员会|出口管制工作协调机制|"
             "不可靠实体清单工作机制", _Term(_NAME)),
    **_terms("商品|产品|物项|货物|企业|申请|申领|证书|统计|数据", _Term(_HEAD)),
    **_terms("""出口管制|进口管制|管制|管制措施|管控|管控措施|
        清单|制裁|制裁措施|限制|限制措施|出口限制|关税|税率|反倾销税|反补贴税|反倾销措施|反补贴措施|
        保障措施|保障措施关税|特别保障措施|保证金|措施|许可证管理|出口许可证管理|
        进口许可证管理|许可管理|关税措施|反制措施|反倾销|反补贴|规定|有关规定""", _RESTRICTIVE),
    **_terms("出口管制管控名单|管控名单|实体清单|不可靠实体清单|出口管制名单", _LIST_FULL),
    **_terms("关注名单", _LIST_LESSER),
    **_terms("转入|转列|调入|移入", _TRANSFER),
    **_terms("配额|出口配额|进口配额", _Term(_INSTRUMENT, +1, magnitude=-1)),
    **_terms("关税配额", _Term(_INSTRUMENT, -1, implied=True)),
    **_terms("优惠税率|暂定税率|协定税率", _Term(_INSTRUMENT, -1, implied=True, magnitude=+1)),
    **_terms("禁止|禁令|禁运|不得出口|不得进口|不得|加征关税|加征的关税|反制|禁止出口|禁止进口", _RESTRICTIVE_IMPLIED),
    **_terms("""通用许可|通用许可证|零关税|免税|便利化措施|便利措施|绿色通道|
        豁免清单|排除清单|排除|便利""", _PERMISSIVE_IMPLIED),
    **_terms("白名单", _LIST_PERMISSIVE),
    **_terms("豁免|例外|排除措施", _PERMISSIVE_GOVERNING),
    **_terms("许可|许可证|出口许可|出口许可证|进口许可|进口许可证|批准文件|授权", _LICENCE),
    **_terms("出口|进口|贸易|输出", _FLOW),
}
_LEXICON: dict[str, dict[str, _Term]] = {"en": _ENGLISH, "zh": _CHINESE}

# Clause ends. An English "." ends a sentence only before whitespace and a capital
# or digit, and not after a common abbreviation ("No. 18", "U.S. Government").
_CLAUSE_END = {
    "en": re.compile(r"\n|[;:](?=\s)|(?<!\bNo)(?<!\bNos)(?<!\bArt)(?<!\bDept)(?<!\bCo)(?<!\bInc)(?<!\bLtd)(?<!\bSt)"
                     r"(?<![A-Z])[.!?](?=\s+[A-Z0-9\"“(]|\s*$)"),
    "zh": re.compile(r"\n|[。；：！？;:]"),
}
# How far (in tokens; Chinese tokens are characters) a negation reaches, a flow
# action reaches its flow, and an instrument looks ahead for an action that follows it
# ("the ban is lifted", "the licence requirement will not apply").
_NEGATION_REACH = {"en": 4, "zh": 3}
_FLOW_REACH = {"en": 4, "zh": 6}
_AFTER_REACH = {"en": 10, "zh": 8}
# What stands just before a list that parties leave, or join ("removes them from the", "adds them to the").
_FROM_LIST = re.compile(r"\b(?:from|off)\s+(?:the\s+|its\s+|their\s+)?$")
_TO_LIST = re.compile(r"\b(?:to|onto|into|on|in)\s+(?:the\s+|its\s+|their\s+)?$")
# The parties an adding verb takes are those just removed: "adds them to", "adding those entities to".
_SAME_PARTIES = re.compile(r"(?i)\s*(?:them|it|him|her|these|those|the\s+same|each|both)\b")
# Tokens at most between an instrument and the trade flow that says what it applies to ("duties on exports").
_QUALIFIER_GAP = 2
_MAX_SENTENCE_CHARS = 400  # a frame's sentence is cut to this length for display


@dataclass(frozen=True, slots=True)
class Frame:
    """One thing a notice does: an action applied to an instrument, in a sentence, and its direction."""

    sentence: str
    action: str
    instrument: str
    direction: str
    in_title: bool = False
    decisive: bool = False  # a change of policy status or a move between lists: it states the measure wherever it stands

    def as_dict(self) -> dict[str, str]:
        """The frame as `show`/`--json` list it."""
        return {"sentence": self.sentence, "action": self.action, "instrument": self.instrument,
                "direction": self.direction}


@dataclass(slots=True)
class _Mention:
    start: int  # token index
    end: int
    start_char: int
    end_char: int
    text: str
    term: _Term
    negated: bool = False
    used: bool = False  # a following action already taken by the instrument before it


def _direction(polarity: int) -> str:
    return "tightening" if polarity > 0 else "easing" if polarity < 0 else "procedural"


class DirectionFrames:
    """spaCy component: sets `doc._.direction_frames` to the frames of the doc's title (first line) and text."""

    def __init__(self, nlp: Language, name: str = FACTORY) -> None:
        self.name = name
        self.lang = "zh" if nlp.lang == "zh" else "en"
        self._lexicon = _LEXICON[self.lang]
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER" if self.lang == "en" else "ORTH")
        make_doc = nlp.make_doc
        for text in self._lexicon:
            self._matcher.add(text, [make_doc(text)])
        self._keys = {nlp.vocab.strings[text]: text for text in self._lexicon}
        if not Doc.has_extension(DOC_ATTRIBUTE):
            Doc.set_extension(DOC_ATTRIBUTE, default=None)

    def __call__(self, doc: Doc) -> Doc:
        first_line = doc.text.find("\n")
        title_end = first_line if first_line > 0 else 0
        doc._.set(DOC_ATTRIBUTE, self.frames(doc, title_end, title_end))
        return doc

    def frames(self, doc: Doc, title_end: int, body_start: int | None, text: str | None = None) -> list[Frame]:
        """Frames in doc.text[:title_end] (the title) and doc.text[body_start:] (the operative text), in order.

        Whatever lies between (in the classifier's docs: the title again) is skipped;
        with body_start None, only the title is read. `text` is doc.text when the
        caller has it (spaCy builds doc.text anew on every call).
        """
        text = doc.text if text is None else text
        if body_start is None:
            text = text[:title_end]
            title = doc.char_span(0, title_end, alignment_mode="expand")
            if title is None:
                return []
            mentions = self._mentions(title, text, title_end, len(text))
        else:
            mentions = self._mentions(doc, text, title_end, body_start)
        if not any(m.term.kind == _INSTRUMENT for m in mentions):
            return []
        ends = [match.end() for match in _CLAUSE_END[self.lang].finditer(text)]
        frames: list[Frame] = []
        clause: list[_Mention] = []
        clause_index = -1
        for mention in mentions:
            index = bisect.bisect_right(ends, mention.start_char)
            if index != clause_index and clause:
                frames += self._clause_frames(clause, text, ends, clause_index, title_end)
                clause = []
            clause_index = index
            clause.append(mention)
        if clause:
            frames += self._clause_frames(clause, text, ends, clause_index, title_end)
        return frames

    def _mentions(self, doclike: Doc | Span, text: str, title_end: int, body_start: int) -> list[_Mention]:
        """Lexicon matches in `doclike`, the longest where they overlap, outside the skipped stretch."""
        doc = doclike if isinstance(doclike, Doc) else doclike.doc
        spans = []
        for key, start, end in self._matcher(doclike):
            start_char = doc[start].idx
            if title_end <= start_char < body_start:
                continue
            last = doc[end - 1]
            spans.append((start, end, start_char, last.idx + len(last), self._keys[key]))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        mentions: list[_Mention] = []
        last_end = -1
        for start, end, start_char, end_char, term_text in spans:
            if start >= last_end:
                mentions.append(_Mention(start, end, start_char, end_char, text[start_char:end_char],
                                         self._lexicon[term_text]))
                last_end = end
        reach = _NEGATION_REACH[self.lang]
        for before, after in pairwise(mentions):
            if (before.term.kind == _NEGATION and after.term.kind in (_ACTION, _REQUIRE, _INSTRUMENT)
                    and after.start - before.end < reach and not self._is_number_sign(doc, before)
                    and not _CLAUSE_END[self.lang].search(text, before.end_char, after.start_char)):
                after.negated = True
        kept = []
        for index, mention in enumerate(mentions):
            if mention.term.kind in (_NEGATION, _NAME, _HEAD):
                continue
            following = mentions[index + 1] if index + 1 < len(mentions) else None
            if mention.term.kind == _INSTRUMENT and following is not None and following.start == mention.end:
                # A noun before another noun only qualifies it: "sanctions portal", "duty exemption", "关税豁免".
                if following.term.kind in (_HEAD, _BLOCKER):
                    continue
                if following.term.kind == _INSTRUMENT and not (following.term.flow and not mention.term.flow):
                    # (the trade after an instrument only says what it applies to: "duty-free import of lentils")
                    if mention.term.implied and not following.term.implied and mention.term.polarity == following.term.polarity:
                        following.term = replace(following.term, implied=True)  # "加征关税措施" still states itself
                    following.negated = following.negated or mention.negated
                    continue
            kept.append(mention)
        return kept

    @staticmethod
    def _is_number_sign(doc: Doc, mention: _Mention) -> bool:
        """"No." before a number ("Notice No. 9") is no negation."""
        return mention.end < len(doc) and (doc[mention.end].text == "." or doc[mention.end].like_num)

    def _clause_frames(self, clause: list[_Mention], text: str, ends: list[int], index: int,
                       title_end: int) -> list[Frame]:
        start = ends[index - 1] if index > 0 else 0
        end = ends[index] if index < len(ends) else len(text)
        sentence = " ".join(text[start:end].split())[:_MAX_SENTENCE_CHARS]
        in_title = clause[0].start_char < title_end
        transfer = self._transfer(clause, text)
        if transfer is None:
            return self._chain_frames(clause, sentence, in_title)
        first, last, frame = transfer
        # The mentions before the move and after it make frames of their own.
        moved = [] if frame is None else [replace(frame, sentence=sentence, in_title=in_title)]
        return (self._chain_frames(clause[:first], sentence, in_title) + moved
                + self._chain_frames(clause[last + 1:], sentence, in_title))

    def _chain_frames(self, clause: list[_Mention], sentence: str, in_title: bool) -> list[Frame]:
        if not clause:
            return []
        frames = []
        chain: list[list[_Mention]] = [[]]  # coordinated groups of actions waiting for an instrument
        blocked = any(m.term.kind == _BLOCKER for m in clause)  # a title about a portal, an FAQ, a review
        for position, mention in enumerate(clause):
            term = mention.term
            if term.kind == _COORDINATION:
                if chain[-1]:
                    chain.append([])
            elif term.kind == _BLOCKER:
                chain = [[]]
            elif term.kind in (_ACTION, _REQUIRE, _STATUS_QUO):
                if not mention.used:
                    chain[-1].append(mention)
            elif term.flow:
                # Trade itself is governed only by a suspend/halt/resume-type action just before it.
                last = chain[-1][-1] if chain[-1] else None
                if (last is not None and last.term.flow_action and mention.start - last.end < _FLOW_REACH[self.lang]
                        and not any(m.term.kind == _INSTRUMENT and not m.term.flow for m in clause[position + 1:])):
                    frames.append(self._frame(sentence, [last], mention, in_title))
                    chain = [[]]
                elif not chain[-1] and (after := self._flow_action_after(clause, position)) is not None:
                    after.used = True  # "exports of the ore are suspended", "出口暂停"
                    frames.append(self._frame(sentence, [after], mention, in_title))
                    chain = [[]]
            elif term.governs and self._governs_next(clause, position):
                chain[-1].append(mention)  # "exemption from the duties": a negative action on what follows
            else:
                groups = [group for group in chain if group]
                if not groups:
                    after = None if term.transition else self._action_after(clause, position)
                    if after is not None:
                        after.used = True
                        groups = [[after]]
                    elif (in_title or term.transition) and (term.implied or mention.negated) and not blocked:
                        groups = [[]]  # the title names the measure itself ("Designations", "加征关税"), as a change of status does
                frames += [self._frame(sentence, group, mention, in_title) for group in groups
                           if self._says_something(group, mention)]
                chain = [[]]
        return frames

    def _list_role(self, clause: list[_Mention], position: int, text: str) -> str | None:
        """"from" when the list at `position` is the one parties leave, "to" when it is the one they join, else None."""
        mention = clause[position]
        if self.lang == "en":
            before = text[max(0, mention.start_char - 24):mention.start_char].lower()
            return "from" if _FROM_LIST.search(before) else "to" if _TO_LIST.search(before) else None
        if mention.start_char > 0 and text[mention.start_char - 1] in "由从自":
            return "from"
        previous = clause[position - 1] if position else None
        if previous is None or previous.term.kind != _ACTION or mention.start_char - previous.end_char > 1:
            return None
        return "from" if previous.term.polarity < 0 else "to"

    def _transfer(self, clause: list[_Mention], text: str) -> tuple[int, int, Frame | None] | None:
        """A move of parties from one list to another in the clause: (first and last position it spans, its frame).

        A move reads "moved/transferred from the X to the Y" (由X转入Y), or "removes … from the X and adds them to
        the Y" (移出X，列入Y). The list the parties join is the measure, compared with the one they leave: joining
        a stricter list tightens (Unverified List → Entity List), a less strict one eases (Entity List → Unverified
        List), a list as strict adds a restriction. A move that names only the list left ("moved from the Unverified
        List") makes no frame: where the parties went decides, and it is not said.
        """
        lists = [i for i, m in enumerate(clause) if m.term.list_rank]
        if not lists:
            return None
        roles = {i: self._list_role(clause, i, text) for i in lists}
        source = next((i for i in lists if roles[i] == "from"), None)
        if source is None:
            return None
        left = clause[source]
        destination = next((i for i in lists if roles[i] == "to" and clause[i].text.lower() != left.text.lower()), None)
        reach = source if destination is None else max(source, destination)
        actions = [i for i, m in enumerate(clause) if m.term.kind == _ACTION and i < reach]
        moved = [i for i in actions if clause[i].term.transfer]
        if destination is None:
            if not moved or moved[0] > source:
                return None
            return moved[0], source, None
        joined = clause[destination]
        adding = [i for i in actions if clause[i].term.polarity > 0 and i < destination]
        if not moved:
            # "removes … from the X and adds them to the Y": the parties added are the parties removed.
            if not adding or (self.lang == "en" and not _SAME_PARTIES.match(
                    text, clause[adding[-1]].end_char, joined.start_char)):
                return None
        if not actions:
            return None
        step = joined.term.list_rank - left.term.list_rank
        direction = _direction(step if step else joined.term.polarity)
        action = clause[moved[0]] if moved else clause[adding[-1]]
        frame = Frame("", action.text, joined.text, direction, decisive=True)
        return min(actions[0], source, destination), max(source, destination), frame

    @staticmethod
    def _says_something(actions: list[_Mention], instrument: _Mention) -> bool:
        """False for frames that read as background or practice rather than a change.

        A weak action counts only negated ("no longer subject to"); a bare licence
        only under a requirement, a negation or a negative action ("licences are
        granted" is practice, "licences will be refused" a change).
        """
        if any(a.term.weak and not a.negated for a in actions):
            return False
        if instrument.term.licence and not instrument.negated:
            return any(a.term.kind == _REQUIRE or a.negated or a.term.polarity < 0 for a in actions)
        return True

    @staticmethod
    def _governs_next(clause: list[_Mention], position: int) -> bool:
        for mention in clause[position + 1:]:
            if mention.term.kind == _INSTRUMENT:
                return not mention.term.flow
            if mention.term.kind != _COORDINATION:
                return False
        return False

    def _action_after(self, clause: list[_Mention], position: int) -> _Mention | None:
        instrument = clause[position]
        for mention in clause[position + 1:]:
            if mention.term.flow and not instrument.term.flow and mention.start - instrument.end <= _QUALIFIER_GAP:
                continue  # the trade it applies to: "the duties on exports are suspended"
            if mention.start - instrument.end >= _AFTER_REACH[self.lang] or mention.term.kind in (_INSTRUMENT, _BLOCKER):
                return None
            if mention.term.kind in (_ACTION, _REQUIRE, _STATUS_QUO) and not mention.term.prefix:
                return mention
        return None

    def _flow_action_after(self, clause: list[_Mention], position: int) -> _Mention | None:
        """A suspend/halt/resume-type action that follows a trade flow closely, with no other instrument or action
        between: the flow is its subject ("exports ... are suspended", "shipments resume")."""
        flow = clause[position]
        before = clause[position - 1] if position else None
        if (before is not None and before.term.kind == _INSTRUMENT and not before.term.flow
                and flow.start - before.end <= _QUALIFIER_GAP):
            return None  # the flow only says what an instrument applies to ("duties on exports")
        for mention in clause[position + 1:]:
            if mention.start - flow.end >= _AFTER_REACH[self.lang] or mention.term.kind in (_INSTRUMENT, _BLOCKER):
                return None
            if mention.term.kind in (_ACTION, _REQUIRE, _STATUS_QUO):
                return mention if mention.term.flow_action and not mention.used else None
        return None

    @staticmethod
    def _frame(sentence: str, actions: list[_Mention], instrument: _Mention, in_title: bool) -> Frame:
        polarity = 1
        requirement = False
        for action in actions:
            if action.term.kind == _STATUS_QUO:
                polarity = 0
            requirement = requirement or action.term.kind == _REQUIRE
            polarity *= -action.term.polarity if action.negated else action.term.polarity
        instrument_polarity = instrument.term.polarity
        if instrument.term.licence and requirement:
            instrument_polarity = +1  # "a licence is required": the requirement, a restriction
        if instrument.term.magnitude and actions and actions[-1].term.amount:
            instrument_polarity = instrument.term.magnitude  # a higher quota eases, a higher rate tightens
        polarity *= -instrument_polarity if instrument.negated else instrument_polarity
        words = " ".join(("not " if a.negated else "") + a.text for a in actions) or "(stated)"
        return Frame(sentence, words, ("not " if instrument.negated else "") + instrument.text, _direction(polarity),
                     in_title, instrument.term.transition)


def notice_direction(frames: Iterable[Frame]) -> str | None:
    """The direction of the notice's main measure: that of the title's first frame, else that of the text's first
    change of policy status or move of parties between lists; None when there is neither.

    The title states the main measure. A frame found only in the text may be
    background ("the duties imposed in 2019") or a side measure, and on the
    evaluation sets such frames were right less often than the categoriser, so
    they are listed but do not decide; a change of status ("amends the export
    policy from 'Prohibited' to 'Free'") and a move between lists ("removes them
    from the Unverified List and adds them to the Entity List") are the measure itself.
    """
    frames = list(frames)
    return next((frame.direction for frame in frames if frame.in_title), None) or next(
        (frame.direction for frame in frames if frame.decisive), None)


# Every change of policy status has "free" right before or after its "to", quoted or not.
_STATUS_CHANGE_HINT = re.compile(r"(?i)\bto\W{0,3}free\b|\bfree\W{0,3}to\b")


def may_change_status(text: str) -> bool:
    """False when TEXT holds no change of policy status ("from 'Prohibited' to 'Free'") and no move of parties from
    one list to another, as a cheap test before the text's frames are read."""
    lowered = text.lower()
    if "free" in lowered and _STATUS_CHANGE_HINT.search(text) is not None:
        return True
    if "list" in lowered:
        return _MOVE_HINT.search(lowered) is not None
    return ("名单" in text or "清单" in text) and any(word in text for word in _LEAVE_LIST_ZH)


_LEAVE_LIST_ZH = ("由", "从", "移出", "自")
# A list left: "from the Unverified List", "off the Entity List".
_MOVE_HINT = re.compile(r"\b(?:from|off)\s+(?:the\s+|its\s+|their\s+)?[a-z -]{0,30}\blist\b")


@Language.factory(FACTORY, assigns=[f"doc._.{DOC_ATTRIBUTE}"])
def make_direction_frames(nlp: Language, name: str) -> DirectionFrames:
    """Factory of the direction-frame component (registered as "regwatch_direction_frames")."""
    return DirectionFrames(nlp, name)
