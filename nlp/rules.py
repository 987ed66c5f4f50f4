"""Vocabulary rules: the relevance gate and a keyword fallback for topics and direction.

The trained text classifiers decide topics and direction. These rules only veto
documents that contain no trade-measure vocabulary at all, and give a best-effort
answer when the classifier is unavailable (e.g. while it is being built).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator

# Lower case throughout: compiled case-insensitive for the original text, and
# case-sensitive for a lower-cased copy, which the engine searches much faster.
_MEASURE_WORDS_EN = (
    r"\b(?:(?:export|import)\s+(?:trade\s+)?controls?|controlled\s+items?|control\s+list|dual[-\s]use|end[-\s]use(?:r|rs)?|eccn|ear\b|"
    r"licen[cs]e[sd]?|licensing|authori[sz]ations?|permits?|(?:export|import)\s+permission|quotas?|"
    r"sanction(?:s|ed)?|designat(?:e|es|ed|ion|ions)|blocked|blocking|asset\s+freezes?|embargo(?:es)?|restrictive\s+measures|"
    r"entity\s+list|unverified\s+list|military\s+end[-\s]user|sdn|"
    r"tariffs?|dut(?:y|ies)|anti[-\s]?dumping|countervailing|safeguards?|retaliatory|counter[-\s]tariffs?|"
    r"anti[-\s]?subsid(?:y|ies)|surtax(?:es)?|surcharges?|levy|levies|countermeasures?|rebalancing|blacklist(?:ed)?|whitelist|"
    r"ban(?:s|ned|ning)?|prohibit(?:s|ed|ion|ions)?|restrict(?:s|ed|ion|ions)?|suspend(?:s|ed|ing)?|suspension|halt(?:s|ed)?|resum(?:e|es|ed|ption)|"
    r"export\s+policy|import\s+policy|free\s+to\s+restricted|restricted\s+to\s+free|minimum\s+(?:export|import)\s+prices?)\b"
)
_MEASURE_WORDS_ZH = (
    r"出口管制|管制|许可|制裁|关税|反倾销|反补贴|保障措施|实体清单|管控名单|不可靠实体|禁止|限制|配额|两用物项|加征|税率|禁运|冻结|反制|"
    r"征收|保证金|不得出口|禁止出口|暂停|豁免|排除|恢复[^。；\n]{0,12}(?:进口|出口|输华)|"
    r"關稅|反傾銷|平衡稅|課徵|輸出許可|輸出入"  # traditional script (Taiwan)
)
_MEASURE_VOCABULARY = re.compile(f"{_MEASURE_WORDS_EN}|{_MEASURE_WORDS_ZH}", re.IGNORECASE | re.VERBOSE)
# The halves on their own: an ASCII text cannot hold the Chinese words, and plain
# literals are searched much faster than case-insensitive ones.
_MEASURE_VOCABULARY_EN = re.compile(_MEASURE_WORDS_EN, re.IGNORECASE | re.VERBOSE)
_MEASURE_VOCABULARY_EN_LOWER = re.compile(_MEASURE_WORDS_EN, re.VERBOSE)
_MEASURE_VOCABULARY_ZH = re.compile(_MEASURE_WORDS_ZH)


# Characters that a case-insensitive pattern takes for an ASCII letter although their
# lower case is not that letter (İ ı ſ K). Without them, a case-insensitive ASCII
# literal matches a text exactly where the lower-cased literal occurs in text.lower().
_CASE_FOLD_TRAPS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _lower_case_is_faithful(text: str) -> bool:
    return text.isascii() or not any(trap in text for trap in _CASE_FOLD_TRAPS)


def has_measure_vocabulary(text: str) -> bool:
    """False when the text has none of the words a control, licence, sanction or tariff needs.

    The same answer as _MEASURE_VOCABULARY.search(text), one half at a time.
    """
    if not text.isascii() and _MEASURE_VOCABULARY_ZH.search(text):
        return True
    if _lower_case_is_faithful(text):
        return bool(_MEASURE_VOCABULARY_EN_LOWER.search(text.lower()))
    return bool(_MEASURE_VOCABULARY_EN.search(text))


_TOPIC_RULES: dict[str, re.Pattern[str]] = {
    "export_control": re.compile(
        r"(?i)export\s+controls?\b|control\s+list|dual[-\s]use\s+(?:items|goods|list|regulation)|export\s+ban|ban\s+on\s+(?:the\s+)?exports?|"
        r"prohibit\w*\s+(?:the\s+)?exports?|exports?\s+(?:will\s+be\s+|are\s+|is\s+)?(?:prohibited|banned|restricted)|export\s+policy|entity\s+list|"
        r"出口管制|管控名单|禁止出口|不得出口|出口许可|两用物项"),
    "licensing": re.compile(
        r"(?i)licen[cs]e\s+(?:requirement|application|exception|exemption|applications)|(?:general|open|individual|export|import)\s+licen[cs]e|"
        r"require\w*\s+(?:a\s+|an\s+)?(?:export\s+)?licen[cs]e|licen[cs]e\s+is\s+required|authori[sz]ation|"
        r"出口许可|进口许可|许可证|通用许可|申请许可|许可申请"),
    "sanctions": re.compile(
        r"(?i)sanction|designat\w+|asset\s+freeze|blocked\s+property|embargo|restrictive\s+measures|entity\s+list|"
        r"制裁|不可靠实体清单|反制|冻结|管控名单|实体清单"),
    "tariff": re.compile(
        r"(?i)tariff|customs\s+dut|anti[-\s]?dumping|countervailing|safeguard\s+(?:duty|duties|measure)|additional\s+dut|"
        r"关税|反倾销|反补贴|保障措施|加征|税率"),
}
_NON_MEASURE = re.compile(
    r"(?i)\b(?:statistics|annual\s+report|meeting|conference|seminar|outreach|webinar|trade\s+fair|expo|testif|"
    r"press\s+conference|recruit|vacanc|does\s+not\s+(?:itself\s+)?(?:change|impose|alter)|request\s+for\s+(?:public\s+)?comment)"
    r"|统计|会见|会谈|博览会|展会|招聘|答记者问|新闻发布会|论坛|研讨会"
)
_EASING = re.compile(
    r"(?i)\b(?:lift(?:s|ed|ing)?|remov(?:e|es|ed|al|ing)|suspend(?:s|ed|ing)?|suspension|exempt(?:s|ed|ion|ions)?|"
    r"rescind(?:s|ed)?|revok(?:e|es|ed)|reduc(?:e|es|ed|tion)|lower(?:s|ed)?|eas(?:e|es|ed|ing)|general\s+licen[cs]e|"
    r"open\s+general|delist\w*|terminat\w+|restricted\s+to\s+free)\b"
    r"|取消|暂停|停止实施|移出|豁免|降低|下调|通用许可|放宽|免征|排除"
)
_PROCEDURAL = re.compile(
    r"(?i)\b(?:online|electronic(?:ally)?|system|form|forms|procedure|procedures|contact\s+point|guidance|clarif\w+|"
    r"FAQ|application\s+process|portal|submission)\b|网上|在线|系统|程序|流程|办理|填报|指南"
)


# Guidance that only advises is not a measure (taxonomy: "guidance recommendations"), however much control
# vocabulary it uses. It says both what it is (advice, in its title or opening) and that it binds no one.
_ADVICE = re.compile(
    r"(?i)\b(?:guidance|advisory|advice|recommend(?:s|ed|ing|ations?)?|best\s+practices?|good\s+practices?|red\s+flags?)\b"
    r"|指引|指南|建议|参考文本")
_BINDS_NO_ONE = re.compile(
    r"(?i)\badvice\s+only\b|\b(?:is|are)\s+(?:entirely\s+)?voluntary\b|\bon\s+a\s+voluntary\s+basis\b"
    r"|\b(?:does|do|will)\s+not\s+(?:itself\s+)?(?:change|create|impose|alter|establish|add)\s+(?:any\s+)?(?:new\s+)?"
    r"(?:legal\s+)?(?:obligations?|requirements?|licen[cs](?:e|ing)\s+requirements?|duties\s+on\s+exporters)\b"
    r"|\bcreates?\s+no\s+(?:new\s+)?(?:legal\s+)?(?:obligations?|requirements?)\b|\bnot\s+legally\s+binding\b|\bnon-binding\b"
    r"|不设定(?:新的)?(?:义务|要求)|不(?:具有|具备)强制(?:性|约束力)")  # not 仅供参考: site footers say it of every page
_ADVICE_HEAD_CHARS = 300


def only_advises(title: str, body: str) -> bool:
    """True for guidance that only advises: it calls itself advice, recommendations or good practice in its title
    or opening, and says that it creates no obligation."""
    return bool(_ADVICE.search(title) or _ADVICE.search(body[:_ADVICE_HEAD_CHARS])) and bool(_BINDS_NO_ONE.search(body))


# The title of an act made under a sanctions regime: the EU's "… concerning restrictive measures in view of …",
# the UK's "The Russia (Sanctions) (EU Exit) (Amendment) Regulations", Australia's "Autonomous Sanctions …
# Amendment Instrument", Canada's "Special Economic Measures (…) Regulations". Whatever else the act changes, it
# changes a sanctions regime; guidance, reports and consultations about one are not acts.
_SANCTIONS_REGIME = re.compile(r"(?i)\b(?:restrictive\s+measures|sanctions|special\s+economic\s+measures)\b")
_ACT = re.compile(r"(?i)\b(?:regulations?|decision|instrument|order|determination|directive)\b")
_NOT_AN_ACT = re.compile(r"(?i)\b(?:guidance|guide|faqs?|frequently\s+asked|consultation|call\s+for|report|reporting"
                         r"|statistics|review\s+of|evaluation|webinar|seminar|speech|statement|questions?)\b")


def names_sanctions_act(title: str) -> bool:
    """True when TITLE names an act made under a sanctions regime (a regulation, decision, order or instrument
    whose title names restrictive measures, sanctions or special economic measures)."""
    return bool(_SANCTIONS_REGIME.search(title) and _ACT.search(title) and not _NOT_AN_ACT.search(title))


# A title that announces an event, a procurement or a vacancy: the notice is about that, not about a measure,
# however much control vocabulary it carries. Press conferences are not among them: a minister may announce a
# measure at one (nlp/README.md, "Kinds from published notices").
_NO_MEASURE_TITLE = re.compile(
    r"(?i)(?<!press\s)\b(?:conferences?|seminars?|webinars?|workshops?|outreach\s+program(?:me)?s?"
    r"|training\s+(?:sessions?|programmes?|programs?|courses?|events?)|trade\s+fairs?"
    r"|call\s+for\s+tenders?|invitation\s+to\s+tender|request\s+for\s+(?:tenders?|quotations?|proposals?)"
    r"|approach\s+to\s+market|procurement\s+notice|vacanc(?:y|ies)|recruitment)\b"
    r"|研讨会|培训会|培训班|博览会|展会|交易会|招标公告|采购公告|招聘")


def names_no_measure(title: str) -> bool:
    """True when TITLE announces an event (a conference, seminar, webinar, workshop, outreach or training programme,
    trade fair), a procurement or a vacancy: such a notice announces no measure, whatever its vocabulary."""
    return bool(_NO_MEASURE_TITLE.search(title))


def rule_topics(text: str) -> list[str]:
    """Topics from keyword cues; empty for notices that read like news rather than measures."""
    if not has_measure_vocabulary(text) or _NON_MEASURE.search(text[:400]):
        return []
    return sorted(topic for topic, pattern in _TOPIC_RULES.items() if pattern.search(text))


def rule_direction(text: str) -> str:
    """Direction from keyword cues: easing or procedural cues, else tightening."""
    head = text[:1500]
    if _EASING.search(head):
        return "easing"
    if len(_PROCEDURAL.findall(head)) >= 3:
        return "procedural"
    return "tightening"


# Words that say which way a measure moves trade. They are evidence added to the
# direction classifier's scores, weighted more in the title, which states the measure.
_DIRECTION_WORDS: dict[str, str] = {
    word: direction
    for direction, words in {
        "easing": """lift lifts lifted lifting remove removes removed removal removing suspend suspends suspended suspending
            suspension exempt exempts exempted exemption exemptions rescind rescinds rescinded revoke revokes revoked reduce reduces
            reduced reduction lower lowers lowered cut cuts ease eases eased easing relax relaxes relaxed delist delisted delisting
            decontrol decontrolled terminate terminates terminated termination expire expires expired expiry resume resumes resumed
            simplify simplifies simplified streamline streamlined unfreeze unfrozen waive waiver waived
            authorize authorizes authorise authorises exclusion exclusions remission refund refunds refunded relief""",
        "tightening": """impose imposes imposed imposing ban bans banned prohibit prohibits prohibited prohibition restrict restricts
            restricted restriction restrictions increase increases increased raise raises raised expand expands expanded expansion
            tighten tightens tightened designate designates designated freeze freezes frozen blocked add adds added surtax embargo""",
        "procedural": """online electronic electronically system portal form forms template guidance clarify clarifies clarified
            clarification faq faqs contact helpdesk deadline registration register unchanged procedure procedures reporting submit
            submitted filing correcting corrects corrigendum""",
    }.items()
    for word in words.split()
}
_DIRECTION_PHRASES: dict[str, tuple[str, ...]] = {
    "easing": (
        "general licence", "general license", "general export licence", "open general", "licence exception", "license exception",
        "general export permit", "general authorisation", "general authorization", "no longer need", "no longer require",
        "no longer apply", "no longer be collected", "without a licence", "without a license", "without an individual licence",
        "without individual licences", "without a permit", "licence-free", "license-free", "duty-free", "duty free",
        "to 'free'", "to free", "no longer be subject", "not be subject to", "not subject to the additional",
        # A change of export or import policy status names the state it leaves first: "from 'Prohibited' to 'Free'".
        "from 'prohibited'", "from prohibited", "from 'restricted'", "from restricted",
        "取消", "暂停", "停止实施", "停止加征", "移出", "豁免", "降低", "下调", "通用许可", "放宽", "免征", "排除", "终止", "解除", "便利",
    ),
    "tightening": (
        "additional duty", "additional duties", "additional tariff", "additional control", "new control", "presumption of denial",
        "licence is required", "license is required", "licence will be required", "license will be required",
        "require a licence", "require a license", "requires a licence", "requires a license", "required to obtain",
        "from 'free'", "from free to",
        "加征", "实施出口管制", "列入", "禁止", "不得出口", "征收", "提高", "冻结", "反制", "不予许可", "加强",
    ),
    "procedural": (
        "frequently asked", "extension of time", "technical correction", "technical amendment", "does not change",
        "does not alter", "does not affect",
        "网上", "在线", "系统", "电子化", "表格", "填报", "办理", "流程", "不改变", "技术性调整", "格式", "申领", "程序", "范围不变",
    ),
}
# Words are runs of a-z. Mapping every other byte to a space and splitting finds the
# same runs as re.findall(r"[a-z]+", text) at a fraction of the cost; non-ASCII
# characters, which never belong to a run, are encoded as "?" first.
_NOT_ASCII_LETTER_TO_SPACE = bytes(byte if 97 <= byte <= 122 else 32 for byte in range(256))
_DIRECTION_BY_WORD_BYTES: dict[bytes, str] = {word.encode("ascii"): direction for word, direction in _DIRECTION_WORDS.items()}


def _ascii_words(lowered: str) -> list[bytes]:
    """re.findall(r"[a-z]+", lowered), as bytes."""
    return lowered.encode("ascii", "replace").translate(_NOT_ASCII_LETTER_TO_SPACE).split()


def _phrase_groups(phrases: tuple[str, ...]) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
    """Phrases grouped by their first word, with the group's common prefix (None for a lone phrase).

    A group whose prefix does not occur in a text has no hits there, so one search
    stands for the several counts of the group's phrases.
    """
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(re.split(r"[ -]", phrase)[0], []).append(phrase)
    return tuple((os.path.commonprefix(group) if len(group) > 1 else None, tuple(group)) for group in groups.values())


_PHRASE_GROUPS_BY_SCRIPT: dict[bool, dict[str, tuple[tuple[str | None, tuple[str, ...]], ...]]] = {
    is_chinese: {
        direction: _phrase_groups(tuple(p for p in phrases if p.isascii() != is_chinese))
        for direction, phrases in _DIRECTION_PHRASES.items()
    }
    for is_chinese in (False, True)
}


def _cue_hits(lowered: str, chinese: bool) -> dict[str, int]:
    hits = dict.fromkeys(_DIRECTION_PHRASES, 0)
    if not chinese:
        for word in _ascii_words(lowered):
            direction = _DIRECTION_BY_WORD_BYTES.get(word)
            if direction is not None:
                hits[direction] += 1
    for direction, groups in _PHRASE_GROUPS_BY_SCRIPT[chinese].items():
        count = 0
        for prefix, phrases in groups:
            if prefix is None or prefix in lowered:
                for phrase in phrases:
                    count += lowered.count(phrase)
        hits[direction] += count
    return hits


def direction_cue_scores(title: str, body: str, lang: str = "en", body_chars: int = 1500) -> dict[str, float]:
    """Share of direction cue hits per direction (title hits count three times); zeros when none."""
    chinese = lang == "zh"
    in_title = _cue_hits(title.lower(), chinese)
    in_head = _cue_hits(body[:body_chars].lower(), chinese)
    hits = {direction: 3 * in_title[direction] + in_head[direction] for direction in in_title}
    total = sum(hits.values())
    return {direction: (count / total if total else 0.0) for direction, count in hits.items()}


# A control that requires a licence is also a licence regime (taxonomy: "a licence
# requirement imposed by a new export control is export_control and licensing").
_LICENCE_REQUIREMENT = re.compile(
    r"(?i)\b(?:licen[cs]es?|permits?|authori[sz]ations?)\s+(?:is\s+|are\s+|will\s+be\s+|shall\s+be\s+)?(?:now\s+)?required"
    r"|\brequir(?:e|es|ed|ing)\s+(?:an?\s+|prior\s+)?(?:individual\s+|export\s+|specific\s+)?(?:licen[cs]e|permit|authori[sz]ation)"
    r"|\b(?:apply|applies|application|applications)\s+for\s+(?:an?\s+)?(?:[\w-]+\s+){0,4}(?:licen[cs]e|permit|authori[sz]ation)"
    r"|\b(?:specific|prior|special)\s+permission\b|\bpermission\s+(?:granted|from|of\s+the)\b"
    r"|\b(?:need|needs|obtain|obtains)\s+(?:an?\s+|prior\s+)?(?:export\s+|individual\s+)?(?:licen[cs]e|permit|authori[sz]ation)"
    r"|\bwithout\s+(?:an?\s+)?(?:licen[cs]e|permit|authori[sz]ation)|\bpresumption\s+of\s+denial"
    r"|未经许可|申请许可|申请.{0,12}许可|出口许可|许可证|提出申请"
)


# A measure that changes the licence regime itself is `licensing` whatever else it is
# (taxonomy: "licence regimes ... general or streamlined licences, application and
# processing rules"): it grants a temporary general licence, or revises the criteria
# or policy by which licences are decided.
_LICENCE_REGIME = re.compile(
    r"(?i)\btemporary\s+general\s+(?:export\s+|trade\s+)?licen[cs]es?\b"
    r"|\b(?:revis(?:e|es|ed|ing)|revision\s+of|amend(?:s|ed|ing)?|amendments?\s+to|updat(?:e|es|ed|ing)|replac(?:e|es|ed|ing)|new)"
    r"\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:licen[cs](?:e|ing)\s+(?:assessment\s+|review\s+|decision\s+)?(?:criteria|polic(?:y|ies)|guidelines)"
    r"|criteria\s+(?:for|against\s+which|used\s+to)\s+[^.;\n]{0,40}?licen[cs])"
    r"|临时通用许可|(?:修订|调整|更新|修改)[^。；\n]{0,10}许可(?:审查|审批)?(?:标准|政策|条件)"
)


# Adding parties to (or removing them from) an entity list is a sanction (taxonomy:
# "entity lists, designations ... unreliable-entity lists"). The list name is found
# first; the verb must precede it in the same sentence.
_LIST_NAME = re.compile(r"entity\s+list|unverified\s+list|end[-\s]user\s+list|sdn\s+list|consolidated\s+list")
_LISTING_VERB = re.compile(
    r"\b(?:add(?:s|ed|ing)?|additions?\s+(?:of|to)|plac(?:e|es|ed|ing)|remov(?:e|es|ed|ing|al)|list(?:s|ed|ing)?)\b[^.;\n]*$"
)
_CN_LISTING = re.compile(r"(?:列入|移出)[^。；\n]{0,10}(?:不可靠实体清单|出口管制管控名单|管控名单|实体清单)")
_LICENCE_WORDS = ("licen", "permit", "authori", "permission", "presumption", "许可", "申请")
# Every match of _LICENCE_REQUIREMENT starts with one of these (lower-cased) words.
_LICENCE_REQUIREMENT_STARTS = (
    "licen", "permit", "authori", "requir", "appl", "specific", "prior", "special", "permission", "need", "obtain",
    "without", "presumption", "未经许可", "申请", "出口许可", "许可证", "提出申请",
)
def _has_licence_requirement(text: str, lowered: str) -> bool:
    """_LICENCE_REQUIREMENT.search(text), tried only where one of its first words occurs."""
    if not _lower_case_is_faithful(text):
        return bool(_LICENCE_REQUIREMENT.search(text))
    for word in _LICENCE_REQUIREMENT_STARTS:
        at = lowered.find(word)
        while at != -1:
            if _LICENCE_REQUIREMENT.match(text, at):
                return True
            at = lowered.find(word, at + 1)
    return False


# _LIST_NAME is a name of at most this many characters, spaces, then "list".
_LIST_NAME_REACH = len("consolidated")


def _list_names(lowered: str) -> Iterator[re.Match[str]]:
    """_LIST_NAME.finditer(lowered), tried only just before each "list"."""
    at = lowered.find("list")
    while at != -1:
        name_end = at
        while name_end > 0 and lowered[name_end - 1].isspace():
            name_end -= 1
        if name_end < at:
            match = _LIST_NAME.search(lowered, max(0, name_end - _LIST_NAME_REACH), at + 4)
            if match and match.end() == at + 4:
                yield match
        at = lowered.find("list", at + 4)


def _announces_listing(text: str, lowered: str) -> bool:
    if "list" in lowered:
        for match in _list_names(lowered):
            if _LISTING_VERB.search(lowered, max(0, match.start() - 100), match.start()):
                return True
    return ("清单" in text or "名单" in text) and bool(_CN_LISTING.search(text))


def implied_topics(topics: list[str], text: str) -> list[str]:
    """Topics the taxonomy implies from what the measure does.

    An export control that imposes or lifts a licence requirement is also
    `licensing`, and so is any measure that grants or amends a general licence or
    revises licensing criteria; a measure that adds parties to or removes them from
    an entity list is also `sanctions`. Only applied to notices the classifier found relevant.
    """
    if not topics:
        return topics
    implied = set(topics)
    lowered = text.lower()
    if ("export_control" in implied and "licensing" not in implied
            and any(word in lowered for word in _LICENCE_WORDS) and _has_licence_requirement(text, lowered)):
        implied.add("licensing")
    if "licensing" not in implied and ("licen" in lowered or "许可" in text) and _LICENCE_REGIME.search(text):
        implied.add("licensing")
    if "sanctions" not in implied and _announces_listing(text, lowered):
        implied.add("sanctions")
    return sorted(implied)
