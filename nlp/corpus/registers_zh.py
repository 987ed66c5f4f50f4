"""Chinese notices in the full form of real 公告, 通知 and 决定, for every label alike.

Real MOFCOM, GACC and SCTC documents carry a fixed frame: a page header (索引号,
发布机构, 成文日期), a number line, a legal basis (根据……), "现将有关事项公告如下",
numbered articles, "特此公告" and a signature with the date. Procedural notices
(系统切换, 申报要求, 发证机构调整, 表格修订) and easing notices (暂停, 移出, 排除延期,
终止征收, 通用许可) were thin in the corpus; they are filled here, together with
negatives in the same frame (征求意见稿, 任免, 统计, 发布会, 座谈会) and a share of
traditional-script notices as Taiwan publishes them.
"""
from __future__ import annotations

from .common import Ctx, Notice, join_paragraphs

ITEMS = ["镓、锗相关物项", "部分稀土相关物项", "锑及其化合物", "人造石墨负极材料", "部分无人机及其关键零部件", "高纯氧化钇", "超硬材料",
         "部分化学品及其前体", "锂电池正极材料制备技术", "部分激光器", "钨基高比重合金", "部分航空发动机零部件", "磷化铟晶圆"]
GOODS = ["进口丙酸", "进口乙二醇和二甘醇的单丁醚", "进口聚苯硫醚", "进口牛肉", "进口猪肉", "进口葡萄酒", "进口菜籽", "进口不锈钢冷轧薄板",
         "进口碘甲烷", "进口未漂白纸袋纸", "进口光纤预制棒", "进口卤化丁基橡胶", "进口聚碳酸酯"]
COUNTRIES = ["美国", "欧盟", "日本", "加拿大", "印度", "英国", "澳大利亚", "韩国", "台湾地区"]
ISSUERS = ["商务部", "商务部 海关总署", "海关总署", "国务院关税税则委员会", "商务部办公厅"]


def _header(ctx: Ctx, issuer: str) -> str:
    date = ctx.zh_date(ctx.published)
    return ctx.pick([
        f"索引号：000019318/{ctx.published.year}-{ctx.number(10000, 99999)}\n发布机构：{issuer}\n成文日期：{date}",
        f"当前位置：首页 > 政策发布 > {ctx.pick(['公告', '通知', '政策解读'])}",
        f"发布时间：{date}　来源：{issuer}　【打印】【关闭】",
        "",
    ])


def _signature(ctx: Ctx, issuer: str) -> str:
    return join_paragraphs(ctx.pick(["特此公告。", "特此通知。", ""]), issuer.replace(" ", "\n"), ctx.zh_date(ctx.published),
                           ctx.pick(["（此件公开发布）", "", "附件：相关清单"]))


def _effect(ctx: Ctx) -> str:
    return ctx.pick([f"本公告自{ctx.zh_date(ctx.later(1, 40))}起施行。", "本公告自发布之日起实施。", f"自{ctx.zh_date(ctx.later(1, 40))}起执行。",
                     "本通知自印发之日起施行。", f"上述措施自{ctx.zh_date(ctx.later(1, 40))}零时起实施。", ""])


def _basis(ctx: Ctx) -> str:
    return ctx.pick(["根据《中华人民共和国出口管制法》《中华人民共和国对外贸易法》等法律法规有关规定，",
                     "根据《中华人民共和国关税法》《中华人民共和国海关法》有关规定，",
                     "根据《中华人民共和国两用物项出口管制条例》有关规定，",
                     "为落实有关工作部署，",
                     "经研究，"])


def _values(ctx: Ctx) -> dict[str, object]:
    """One set of names and dates per notice, so the title and the articles agree."""
    return dict(item=ctx.pick(ITEMS), goods=ctx.pick(GOODS), country=ctx.pick(COUNTRIES), n=ctx.number(2, 40),
                date=ctx.zh_date(ctx.later(5, 60)), end=ctx.zh_date(ctx.later(120, 400)), year=ctx.published.year)


# (topics, direction, issuer, titles, articles): articles are numbered in order.
MEASURES_ZH: list[tuple[tuple[str, ...], str, str, list[str], list[str]]] = [
    (("export_control", "licensing"), "procedural", "商务部办公厅",
     ["关于两用物项出口许可申请系统升级的通知", "关于启用两用物项出口许可证电子证书的通知", "关于做好两用物项出口许可证申领工作的通知"],
     ["自{date}起，出口经营者应通过新版业务系统在线提交两用物项出口许可申请，原系统停止受理新申请。",
      "已受理尚未办结的申请由系统自动迁移，企业无需重新提交。",
      "本次调整仅涉及办理方式，不改变管制物项范围和许可审查标准。"]),
    (("licensing",), "procedural", "商务部配额许可证事务局",
     ["关于调整部分进出口许可证发证机构的通知", "关于进出口许可证申领联系方式变更的通知", "关于修订进口许可证申请表格式的通知"],
     ["自{date}起，有关许可证改由企业注册地省级商务主管部门签发。",
      "申请材料、审核标准和办理时限保持不变，已签发的许可证在有效期内继续有效。",
      "企业如有疑问，可拨打咨询电话或通过网上咨询栏目提出。"]),
    (("export_control",), "procedural", "海关总署",
     ["关于两用物项出口报关单填制有关事项的公告", "关于出口管制物项通关申报规范的公告"],
     ["出口经营者申报出口管制物项，应在报关单相应栏目填报许可证编号和物项技术参数。",
      "商品编号与管制物项相同但不属于管制范围的货物，应在申报时作出说明。",
      "本公告不改变出口管制物项的范围和许可要求，自{date}起实施。"]),
    (("tariff",), "procedural", "海关总署",
     ["关于加征关税商品申报有关事项的公告", "关于调整进出口税则商品编号的公告"],
     ["进口加征关税商品的，进口货物收货人应在报关单“原产国”栏目如实申报原产地。",
      "部分税则号列作技术性调整，适用税率不变。",
      "本公告自{date}起施行。"]),
    (("export_control", "licensing"), "easing", "商务部",
     ["关于对部分两用物项出口实施通用许可的公告", "关于优化两用物项出口许可审批的公告"],
     ["对内部合规制度健全的出口经营者，可申请两用物项出口通用许可，有效期内多次出口无需逐单申请。",
      "符合条件的民用最终用户申请，审批时限缩短至十个工作日。",
      "本公告自发布之日起施行。"]),
    (("export_control", "licensing"), "easing", "商务部",
     ["关于暂停实施部分出口管制措施的公告", "关于暂停执行对{country}出口有关规定的公告"],
     ["暂停实施对{item}的有关出口管制措施，暂停期限至{end}。",
      "暂停期间，出口经营者出口上述物项，按照一般规定申请许可，商务部依法审查。",
      "本公告自公布之日起执行。"]),
    (("export_control", "sanctions", "licensing"), "easing", "商务部",
     ["关于将部分实体移出出口管制管控名单的公告"],
     ["经审查，决定将{n}家实体移出出口管制管控名单。",
      "出口经营者向上述实体出口两用物项，不再适用管控名单的禁止措施。",
      "本公告自公布之日起施行。"]),
    (("export_control", "licensing"), "easing", "商务部",
     ["关于延长暂停实施有关出口管制措施期限的公告"],
     ["将暂停实施有关出口管制措施的期限延长至{end}。",
      "延长期内，出口经营者出口{item}，按照一般规定申请许可。",
      "本公告自公布之日起施行。"]),
    (("tariff",), "easing", "国务院关税税则委员会",
     ["关于延长暂停加征关税期限的公告", "关于取消对{country}部分商品加征关税的公告"],
     ["经国务院批准，将暂停加征关税的期限延长至{end}，在此期间不再加征有关关税。",
      "自{date}起，取消对原产于{country}的部分商品加征的关税，恢复适用原税率。",
      "对已加征的关税，按规定予以退还。"]),
    (("sanctions",), "easing", "不可靠实体清单工作机制",
     ["关于暂停对部分外国实体采取处理措施的公告", "关于将有关实体移出不可靠实体清单的公告"],
     ["工作机制决定，暂停对{n}家实体采取的禁止从事与中国有关的进出口活动等处理措施，暂停期限为一年。",
      "鉴于有关实体已采取措施纠正其行为，工作机制决定将其移出不可靠实体清单。",
      "本公告自公布之日起施行。"]),
    (("tariff",), "easing", "国务院关税税则委员会",
     ["关于对{country}加征关税商品排除延期的公告", "关于停止对{country}部分商品加征关税的公告", "关于降低部分商品进口暂定税率的通知"],
     ["附件所列商品，自{date}至{end}，继续不加征反制措施所加征的关税。",
      "经国务院批准，自{date}起，停止对原产于{country}的部分商品加征的关税。",
      "对部分资源性产品和关键零部件实施较低的进口暂定税率。"]),
    (("tariff",), "easing", "商务部",
     ["关于{goods}反倾销措施期终复审裁定的公告", "关于终止对{goods}征收反补贴税的公告"],
     ["调查机关裁定，如果终止反倾销措施，倾销不大可能继续或再度发生。",
      "国务院关税税则委员会根据商务部的建议作出决定，自{date}起，终止征收。"]),
    (("tariff",), "tightening", "商务部",
     ["关于{goods}反倾销措施期终复审裁定的公告", "关于对原产于{country}的{goods}采取临时反倾销措施的公告"],
     ["调查机关裁定，如果终止反倾销措施，倾销可能继续或再度发生，对国内产业造成的损害可能继续或再度发生。",
      "国务院关税税则委员会决定，自{date}起，继续按照原税率征收反倾销税，实施期限5年。",
      "进口经营者在进口被调查产品时，应依据初裁确定的保证金比率向海关提供保证金。"]),
    (("sanctions",), "tightening", "外交部",
     ["关于对{country}有关企业采取反制措施的决定"],
     ["决定对{n}家{country}企业采取反制措施：冻结其在我国境内的财产，禁止境内组织和个人与其进行交易、合作等活动。",
      "本决定自{date}起施行。"]),
]

NEGATIVES_ZH: list[tuple[str, list[str], list[str]]] = [
    ("商务部", ["关于《出口许可证管理办法（征求意见稿）》公开征求意见的通知", "关于《两用物项出口管制清单（征求意见稿）》公开征求意见的公告"],
     ["为做好相关工作，商务部起草了征求意见稿，现向社会公开征求意见。", "公众可通过电子邮件或信函提出意见，截止时间为{date}。", "附件：征求意见稿及起草说明"]),
    ("国务院", ["有关人员职务任免的通知", "商务部有关司局负责人任职公示"],
     ["某某同志任商务部副部长，某某同志不再担任海关总署副署长。", "根据干部选拔任用有关规定，现对拟任职人员进行公示，公示期为5个工作日。"]),
    ("商务部", ["{year}年前三季度全国吸收外资情况", "前10个月我国对外非金融类直接投资情况"],
     ["前三季度，全国新设立外商投资企业{n}000余家，同比增长。", "从行业看，高技术产业实际使用外资占比保持稳定。"]),
    ("商务部", ["商务部召开例行新闻发布会", "商务部新闻发言人就近期经贸热点答记者问"],
     ["发言人介绍了近期消费市场运行情况，并回答了记者关于关税和出口管制问题的提问。",
      "发言人表示，中方注意到有关报道，中方立场是一贯的，将坚决维护自身正当权益。", "本次发布会未宣布新的政策措施。"]),
    ("商务部", ["商务部召开出口管制合规企业座谈会", "商务部负责同志调研稀土企业"],
     ["会议听取了企业对出口许可审批工作的意见建议，与会企业介绍了合规建设情况。", "有关负责同志表示，将继续依法依规审批，保障合规贸易。"]),
    ("国务院新闻办公室", ["《中国的出口管制》白皮书发布", "国新办举行稳外贸政策吹风会"],
     ["白皮书全面介绍了中国出口管制体系的发展历程和基本立场。", "有关负责同志介绍了支持外贸企业稳订单、拓市场的政策措施，并答记者问。"]),
]

# Traditional-script notices, as Taiwan's Ministry of Finance and Bureau of Foreign Trade publish them.
MEASURES_TW: list[tuple[tuple[str, ...], str, str, list[str], list[str]]] = [
    (("tariff",), "tightening", "財政部",
     ["公告對原產於中國大陸之{tw_goods}課徵反傾銷稅", "公告對{tw_goods}繼續課徵反傾銷稅"],
     ["貿委會調查後認定，該貨品以低價傾銷輸入，國內業者因而受損。",
      "自即日起對該貨品加徵反傾銷稅百分之{n}，為期五年。",
      "本公告自即日起實施。"]),
    (("tariff",), "easing", "財政部",
     ["公告停止對{tw_goods}課徵反傾銷稅", "公告調降部分貨品進口關稅稅率"],
     ["經調查認定停止課徵反傾銷稅不致使傾銷及損害再度發生。", "本部決定自即日起停止課徵上開貨物之反傾銷稅。",
      "為穩定物價，調降部分農工原料之進口關稅稅率。"]),
    (("export_control", "licensing", "sanctions"), "tightening", "經濟部國際貿易署",
     ["修正戰略性高科技貨品輸出入管理辦法之出口管制實體名單", "增列出口管制實體名單"],
     ["增列{n}個外國實體至出口管制實體名單。", "廠商出口戰略性高科技貨品至名單所列實體，應事先申請輸出許可證。", "本公告自發布日起生效。"]),
    (("export_control", "licensing"), "procedural", "經濟部國際貿易署",
     ["戰略性高科技貨品輸出許可證改採線上申辦", "公告輸出許可申請書格式修正"],
     ["自公告日起，戰略性高科技貨品輸出許可證申請應透過線上系統辦理。", "本次修正僅涉及申請程序，管制範圍不變。"]),
]
NEGATIVES_TW = [
    ("經濟部統計處", ["外銷訂單統計", "出口統計速報"], ["本月外銷訂單金額較上年同月增加，資訊通信產品訂單成長最多。", "基本金屬及化學品訂單則較上年同月減少。"]),
    ("經濟部國際貿易署", ["舉辦出口管制法規說明會", "國際貿易署署長率團出席經貿會議"], ["為協助廠商瞭解出口管制規定，本署將於各地舉辦說明會。", "雙方就供應鏈合作及經貿議題交換意見。"]),
]
TW_GOODS = ["熱軋碳鋼鋼板", "不鏽鋼冷軋鋼品", "過氧化苯甲醯", "聚酯加工絲", "陶瓷面磚", "鋁箔", "石英玻璃"]


def _zh_notice(ctx: Ctx, issuer: str, articles: list[str], numbered: bool, values: dict[str, object]) -> str:
    filled = [a.format(**values) for a in articles]
    if numbered:
        numerals = "一二三四五六"
        filled = [f"{numerals[i]}、{a}" for i, a in enumerate(filled)]
    intro = _basis(ctx) + ctx.pick(["现将有关事项公告如下：", "现将有关事项通知如下：", "决定如下：", ""])
    number = ctx.pick([f"{issuer.split()[0]}公告{ctx.published.year}年第{ctx.number(1, 90)}号", ""])
    return join_paragraphs(_header(ctx, issuer), number, intro, "\n".join(filled), _effect(ctx) if ctx.chance(0.3) else "", _signature(ctx, issuer))


def zh_register_measure(ctx: Ctx) -> Notice:
    topics, direction, issuer, titles, articles = ctx.pick(MEASURES_ZH)
    values = _values(ctx)
    title = ctx.pick(titles).format(**values)
    picked = ctx.sample(articles, 1, len(articles))
    chosen = [a for a in articles if a in picked]  # keep the articles in order
    text = _zh_notice(ctx, issuer, chosen, ctx.chance(0.7), values)
    source = "SCTC" if issuer == "国务院关税税则委员会" else ("GACC" if issuer == "海关总署" else "MOFCOM")
    return Notice("zh", "CN", source, title, text, ctx.published.isoformat(), list(topics), direction, f"zh_register_{direction}")


def zh_register_negative(ctx: Ctx) -> Notice:
    issuer, titles, paragraphs = ctx.pick(NEGATIVES_ZH)
    values = _values(ctx)
    title = ctx.pick(titles).format(**values)
    picked = ctx.sample(paragraphs, 1, len(paragraphs))
    chosen = [p for p in paragraphs if p in picked]
    text = join_paragraphs(_header(ctx, issuer), *[p.format(**values) for p in chosen])
    return Notice("zh", "CN", "MOFCOM", title, text, ctx.published.isoformat(), [], None, "zh_register_negative")


def tw_measure(ctx: Ctx) -> Notice:
    topics, direction, issuer, titles, articles = ctx.pick(MEASURES_TW)
    goods = ctx.pick(TW_GOODS)
    title = ctx.pick(titles).format(tw_goods=goods)
    body = [a.format(n=ctx.number(5, 80)) for a in ctx.sample(articles, 1, len(articles))]
    text = join_paragraphs(f"{issuer}公告", f"主旨：{title}。", "公告事項：", "\n".join(f"{'一二三四'[i]}、{a}" for i, a in enumerate(body)))
    return Notice("zh", "TW", issuer, title, text, ctx.published.isoformat(), list(topics), direction, f"tw_{direction}")


def tw_negative(ctx: Ctx) -> Notice:
    issuer, titles, paragraphs = ctx.pick(NEGATIVES_TW)
    title = ctx.pick(titles)
    return Notice("zh", "TW", issuer, title, join_paragraphs(*ctx.sample(paragraphs, 1, len(paragraphs))), ctx.published.isoformat(), [], None, "tw_negative")


GENERATORS_REGISTERS_ZH = [(zh_register_measure, 150), (zh_register_negative, 50), (tw_measure, 30), (tw_negative, 10)]
