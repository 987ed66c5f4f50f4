"""An English gist of a notice: one line built from its extracted facts, never translated free text.

    MOFCOM/GACC Announcement 2025 No. 10 — imposes export controls on tungsten (HS 8101940000), from 10 Feb 2025 — tightening

The parts: the authority and the document id (a Chinese id rewritten by a fixed
glossary of issuers and forms), what is done to what (the main direction frame:
the title's first frame, else the text's first, its action and instrument in
English from a closed glossary of the frame lexicon's words), the commodities by
their English display names, the codes, the effective date and the direction. A
part that was not extracted is left out; a notice that is not a measure says so.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from archive.taxonomy import display_name

SEPARATOR = " — "
MAX_ITEMS = 3  # commodities or codes of one kind named before "and N more"

# Issuers of Chinese notices, longest first where one holds another.
_ZH_AUTHORITIES = (
    ("国务院关税税则委员会", "SCTC"), ("税委会", "SCTC"), ("不可靠实体清单工作机制", "UEL Working Mechanism"),
    ("商务部", "MOFCOM"), ("海关总署", "GACC"), ("外交部", "MFA"), ("国家国防科工局", "SASTIND"),
    ("中央军委装备发展部", "CMC EDD"), ("工业和信息化部", "MIIT"), ("财政部", "MOF"), ("財政部", "MOF"),
    ("国家发展和改革委员会", "NDRC"), ("国家发展改革委", "NDRC"), ("国家出口管制工作协调机制", "Export Control Coordination Mechanism"),
)
_ZH_FORMS = (("公告", "Announcement"), ("决定", "Decision"), ("通知", "Notice"), ("令", "Order"))
_ZH_ID = re.compile(r"^(?P<who>.*?)(?P<form>公告|决定|通知|令)?\s*(?:〔(?P<bracket>\d{4})〕|(?P<year>\d{4})年)?\s*第?\s*(?P<no>\d+)\s*号$")

# What the frame lexicon's actions do, as an English verb; matched by the action's first word's stem.
_EN_ACTIONS = (
    ("re-impos", "reimposes"), ("reimpos", "reimposes"), ("reinstat", "reinstates"), ("impos", "imposes"),
    ("addition", "adds"), ("add", "adds"), ("plac", "places"), ("introduc", "introduces"), ("establish", "establishes"),
    ("issu", "issues"), ("implement", "implements"), ("extension", "extends"), ("extend", "extends"),
    ("prolong", "extends"), ("renew", "renews"), ("expan", "expands"), ("broaden", "expands"), ("tighten", "tightens"),
    ("strengthen", "tightens"), ("grant", "grants"), ("open", "opens"), ("increas", "raises"), ("rais", "raises"),
    ("reduc", "lowers"), ("lower", "lowers"), ("cut", "lowers"), ("decreas", "lowers"), ("new", "introduces"),
    ("subject", "applies"), ("appl", "applies"), ("resum", "resumes"), ("restor", "restores"), ("lift", "lifts"),
    ("remov", "removes"), ("rescin", "rescinds"), ("revo", "revokes"), ("terminat", "terminates"),
    ("expir", "lets expire"), ("laps", "lets lapse"), ("repeal", "repeals"), ("withdr", "withdraws"),
    ("eliminat", "eliminates"), ("narrow", "narrows"), ("relax", "relaxes"), ("eas", "eases"), ("exempt", "exempts"),
    ("waiv", "waives"), ("den", "denies"), ("refus", "refuses"), ("remi", "remits"), ("refund", "refunds"),
    ("unfr", "unfreezes"), ("paus", "pauses"), ("drop", "drops"), ("scrap", "scraps"), ("abol", "abolishes"),
    ("delet", "deletes"), ("mov", "moves"), ("transfer", "moves"), ("take", "removes"), ("taken", "removes"),
    ("suspen", "suspends"), ("halt", "halts"),
    ("stop", "stops"), ("ceas", "ceases"), ("cessation", "ceases"), ("freez", "freezes"), ("requir", "requires"),
    ("need", "requires"), ("must", "requires"), ("obtain", "requires"),
)
_ZH_ACTIONS = {
    **dict.fromkeys(("实施", "施行", "实行", "采取", "加征"), "imposes"),
    **dict.fromkeys(("列入", "纳入", "增列", "新增"), "adds"),
    **dict.fromkeys(("征收", "开征"), "levies"),
    **dict.fromkeys(("延长", "延续"), "extends"),
    **dict.fromkeys(("继续实施", "继续征收"), "continues"),
    **dict.fromkeys(("扩大", "扩展"), "expands"),
    **dict.fromkeys(("加强", "收紧"), "tightens"),
    **dict.fromkeys(("授予", "给予", "批准"), "grants"),
    "调整为": "changes",
    **dict.fromkeys(("恢复", "恢复实施", "恢复执行", "恢复征收"), "resumes"),
    **dict.fromkeys(("取消", "解除"), "lifts"),
    **dict.fromkeys(("移出", "移除"), "removes"),
    "删除": "deletes",
    **dict.fromkeys(("转入", "转列", "调入", "移入"), "moves"),
    **dict.fromkeys(("撤销", "撤回"), "revokes"),
    "废止": "repeals",
    **dict.fromkeys(("终止", "终止实施", "停止实施", "停止执行", "停止征收", "不再实施", "不再征收", "不再执行"), "ends"),
    "缩小": "narrows", "放宽": "relaxes",
    **dict.fromkeys(("免征", "免除"), "exempts"),
    "不予": "refuses",
    **dict.fromkeys(("到期", "期满", "失效"), "lets expire"),
    **dict.fromkeys(("退还", "退税"), "refunds"),
    **dict.fromkeys(("提高", "上调", "增加", "调增"), "raises"),
    **dict.fromkeys(("降低", "下调", "减少", "调减", "削减"), "lowers"),
    **dict.fromkeys(("暂停", "暂停实施", "暂停执行", "暂停征收", "暂缓", "中止", "中止实施"), "suspends"),
    "停止": "stops", "冻结": "freezes",
    **dict.fromkeys(("需", "须", "需要", "应当申请", "须经", "需经", "应当取得", "须取得", "需取得"), "requires"),
    **dict.fromkeys(("无需申请", "无须申请", "无需办理", "无须办理", "无需取得", "无须取得", "不需要申请", "免于申请", "免予申请"),
                    "waives"),
}
_ZH_INSTRUMENTS = {
    "出口管制": "export controls", "进口管制": "import controls",
    **dict.fromkeys(("管制", "管控"), "controls"),
    **dict.fromkeys(("管制措施", "管控措施"), "control measures"),
    **dict.fromkeys(("出口管制管控名单", "管控名单", "出口管制名单"), "the export control list"),
    "实体清单": "the Entity List", "不可靠实体清单": "the Unreliable Entity List", "关注名单": "the watch list",
    "清单": "the list",
    **dict.fromkeys(("制裁", "制裁措施"), "sanctions"),
    **dict.fromkeys(("限制", "限制措施"), "restrictions"), "出口限制": "export restrictions",
    **dict.fromkeys(("关税", "关税措施"), "tariffs"), "税率": "duty rates",
    **dict.fromkeys(("反倾销税", "反倾销", "反倾销措施"), "anti-dumping duties"),
    **dict.fromkeys(("反补贴税", "反补贴", "反补贴措施"), "countervailing duties"),
    **dict.fromkeys(("保障措施", "保障措施关税", "特别保障措施"), "safeguard measures"),
    "保证金": "deposits",
    **dict.fromkeys(("措施", "规定", "有关规定"), "measures"),
    **dict.fromkeys(("许可证管理", "出口许可证管理", "许可管理"), "licence management"),
    "进口许可证管理": "import licence management",
    **dict.fromkeys(("反制措施", "反制"), "countermeasures"),
    **dict.fromkeys(("配额", "出口配额", "进口配额"), "quotas"), "关税配额": "tariff quotas",
    **dict.fromkeys(("优惠税率", "暂定税率", "协定税率"), "preferential rates"),
    **dict.fromkeys(("禁止", "禁令", "不得"), "a ban"),
    **dict.fromkeys(("不得出口", "禁止出口"), "an export ban"),
    **dict.fromkeys(("不得进口", "禁止进口"), "an import ban"), "禁运": "an embargo",
    **dict.fromkeys(("加征关税", "加征的关税"), "additional tariffs"),
    **dict.fromkeys(("通用许可", "通用许可证"), "general licences"), "白名单": "the whitelist",
    **dict.fromkeys(("零关税", "免税"), "duty-free treatment"),
    **dict.fromkeys(("便利化措施", "便利措施", "便利", "绿色通道"), "facilitation measures"),
    "豁免清单": "the exemption list",
    **dict.fromkeys(("排除清单", "排除", "排除措施"), "exclusions"),
    "豁免": "exemptions", "例外": "exceptions",
    **dict.fromkeys(("许可", "许可证"), "licences"),
    **dict.fromkeys(("出口许可", "出口许可证"), "export licences"),
    **dict.fromkeys(("进口许可", "进口许可证"), "import licences"),
    "批准文件": "approvals", "授权": "authorisations",
    **dict.fromkeys(("出口", "输出"), "exports"), "进口": "imports", "贸易": "trade",
}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def english_authority(name: str) -> str:
    """An issuer's name in English: Chinese issuers by the glossary (joined with "/"), others as they are."""
    if not _has_cjk(name):
        return " ".join(name.split())
    found: list[tuple[int, str]] = []
    rest = name
    for chinese, english in _ZH_AUTHORITIES:
        at = rest.find(chinese)
        if at >= 0:
            found.append((at, english))
            rest = rest.replace(chinese, " " * len(chinese))
    return "/".join(dict.fromkeys(english for _, english in sorted(found)))


def english_doc_id(doc_id: str) -> str:
    """A document id in English: a Chinese one rewritten ("商务部公告2025年第70号" → "MOFCOM Announcement 2025 No. 70")."""
    if not _has_cjk(doc_id):
        return doc_id
    match = _ZH_ID.match(doc_id.strip())
    if not match:
        return ""
    form = dict(_ZH_FORMS).get(match["form"] or "", "")
    year = match["bracket"] or match["year"]
    parts = [english_authority(match["who"]), form, year or "", f"No. {match['no']}"]
    return " ".join(part for part in parts if part)


def _english_action(action: str, lang: str) -> str:
    if lang == "zh" or _has_cjk(action):
        words = action.split()
        return _ZH_ACTIONS.get(action.strip(), _ZH_ACTIONS.get(words[0] if words else "", ""))
    first = action.lower().split()[0] if action.split() else ""
    return next((verb for stem, verb in _EN_ACTIONS if first.startswith(stem)), "")


def _english_instrument(instrument: str, lang: str) -> str:
    if lang == "zh" or _has_cjk(instrument):
        return _ZH_INSTRUMENTS.get(instrument.strip(), "")
    words = " ".join(instrument.split())
    if _LIST.search(words):  # a named list keeps its capitals: "the Entity List"
        return words if words.lower().startswith("the ") else f"the {words}"
    return words.lower() if words not in ("VEU",) else words


# A list one is added to or removed from ("the Entity List", "the Unreliable Entity List", 管控名单).
_LIST = re.compile(r"\blist\b|\bcountries\b", re.IGNORECASE)
_LIST_VERBS = {"moves": "moves to", "adds": "adds to", "places": "places on", "removes": "removes from",
               "deletes": "deletes from"}


def main_frame(frames: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The frame that states the notice's main measure: the title's first, else the first of the text."""
    return next((f for f in frames if f.get("in_title")), frames[0] if frames else None)


def _what(labels: Mapping[str, Any], frame: Mapping[str, Any] | None, lang: str) -> str:
    if frame is not None:
        action = _english_action(str(frame.get("action") or ""), lang)
        instrument = _english_instrument(str(frame.get("instrument") or ""), lang)
        if instrument.startswith("not "):  # a negated instrument: the labels say it better than the words
            instrument = ""
        if action == "imposes" and frame.get("direction") == "easing":  # a permission is introduced, not imposed
            action = "introduces"
        if instrument and action:
            if _LIST.search(instrument):
                action = _LIST_VERBS.get(action, action)
            return f"{action} {instrument}"
        if instrument:
            return instrument
    topics = [display_name(t).lower() for t in labels.get("topics") or []]
    return f"{' and '.join(topics)} measure" if topics else "measure"


def _names(values: Sequence[str]) -> str:
    shown = list(values[:MAX_ITEMS])
    more = len(values) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def _commodity(slug: str) -> str:
    name = display_name(slug)
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def _date(iso: str) -> str:
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def build_gist(labels: Mapping[str, Any], frames: Sequence[Mapping[str, Any]] = (), *, authority: str | None = None,
               lang: str = "en") -> str:
    """The one-line English gist of a notice from its labels, its direction frames and its issuer."""
    doc_ids = [english_doc_id(str(x)) for x in labels.get("doc_ids") or []]
    doc_id = next((x for x in doc_ids if x), "")
    issuer = english_authority(authority or "")
    head = doc_id if issuer and doc_id.startswith(issuer) else " ".join(x for x in (issuer, doc_id) if x)
    head = head or "Notice"
    if not labels.get("relevant"):
        return f"{head}{SEPARATOR}not a trade measure"
    what = _what(labels, main_frame(frames), lang)
    commodities = [_commodity(slug) for slug in labels.get("commodities") or []]
    if commodities:
        what += f" on {_names(commodities)}"
    codes = []
    if labels.get("hs_codes"):
        codes.append(f"HS {_names(labels['hs_codes'])}")
    if labels.get("eccns"):
        codes.append(f"ECCN {_names(labels['eccns'])}")
    if codes:
        what += f" ({'; '.join(codes)})"
    if labels.get("effective_date"):
        what += f", from {_date(str(labels['effective_date']))}"
    direction = labels.get("direction")
    return f"{head}{SEPARATOR}{what}" + (f"{SEPARATOR}{direction}" if direction else "")
