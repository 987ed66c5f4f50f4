"""Chinese notices: measures (出口管制、许可、制裁、关税) and news without a measure."""
from __future__ import annotations

from .common import Ctx, Notice, join_paragraphs, zh_join

ZH_ITEMS = ["镓相关物项", "锗相关物项", "石墨相关物项", "锑相关物项", "超硬材料相关物项", "稀土相关技术", "中重稀土相关物项",
            "钨、碲、铋、钼、铟相关物项", "部分无人机相关物项", "部分航空航天相关物项", "锂电池和人造石墨负极材料相关技术",
            "部分高性能计算相关物项", "钐、钆、铽、镝、镥、钪、钇相关物项", "部分半导体制造设备", "部分化学品", "部分激光雷达相关物项"]
ZH_ISSUERS = ["商务部 海关总署", "商务部", "商务部 海关总署 国家国防科工局", "商务部 海关总署 国家国防科工局 中央军委装备发展部"]
ZH_COUNTRIES = ["美国", "日本", "欧盟", "加拿大", "印度", "澳大利亚", "英国", "台湾地区"]
ZH_GOODS = ["鸡肉、小麦、玉米、棉花", "大豆、猪肉、牛肉", "原油、农业机械、大排量汽车", "煤炭、液化天然气", "部分农产品",
            "聚甲醛共聚物", "白兰地", "猪肉及猪副产品", "进口卤化丁基橡胶", "部分稀土产品", "光纤预制棒", "不锈钢钢坯和热轧板卷"]


def _zh_effective(ctx: Ctx) -> str:
    return ctx.pick([f"本公告自{ctx.zh_date(ctx.later(0, 45))}起施行。", f"本公告自{ctx.zh_date(ctx.later(0, 45))}起正式实施。",
                     "本公告自公布之日起施行。", "本公告自发布之日起实施。", f"上述措施自{ctx.zh_date(ctx.later(0, 30))}起执行。", ""])


def _number(ctx: Ctx) -> str:
    return f"公告{ctx.published.year}年第{ctx.number(1, 70)}号"


def zh_export_control(ctx: Ctx) -> Notice:
    issuer = ctx.pick(ZH_ISSUERS)
    items = ctx.pick(ZH_ITEMS)
    doc = issuer + _number(ctx)
    title = ctx.pick([f"{doc} 关于对{items}实施出口管制的公告", f"关于对{items}实施出口管制的公告", f"{issuer}发布对{items}实施出口管制的公告"])
    body = zh_join(
        ctx.pick(["根据《中华人民共和国出口管制法》《中华人民共和国两用物项出口管制条例》等法律法规有关规定，",
                  "为维护国家安全和利益、履行防扩散等国际义务，"]),
        f"经国务院批准，决定对{items}实施出口管制。现将有关事项公告如下：")
    clauses = [f"一、满足以下特性的物项，未经许可，不得出口：{items}。",
               "二、出口经营者应当按照有关规定办理出口许可手续，通过省级商务主管部门向商务部提出申请，填写两用物项出口申请表，并提交最终用户和最终用途说明。",
               ctx.pick(["三、商务部应当自收到出口申请文件之日起进行审查，并在法定期限内作出准予或者不予许可的决定。",
                         "三、出口经营者未经许可擅自出口的，依法追究法律责任。",
                         "三、禁止向军事用户或用于军事用途出口上述物项。"])]
    text = join_paragraphs(doc, body, "\n".join(clauses), _zh_effective(ctx))
    return Notice("zh", "CN", "MOFCOM", title, text, ctx.published.isoformat(), ["export_control", "licensing"], "tightening", "zh_new_control")


def zh_control_list(ctx: Ctx) -> Notice:
    n = ctx.number(2, 30)
    country = ctx.pick(ZH_COUNTRIES[:5])
    doc = "商务部" + _number(ctx)
    title = ctx.pick([f"{doc} 关于将{n}家{country}实体列入出口管制管控名单的公告", f"商务部关于将{n}家{country}实体列入出口管制管控名单的决定"])
    text = join_paragraphs(doc,
        f"根据《中华人民共和国出口管制法》有关规定，为维护国家安全和利益，商务部决定将{n}家{country}实体列入出口管制管控名单，并采取以下措施：",
        "一、禁止出口经营者向上述实体出口两用物项；正在开展的相关出口活动应当立即停止。\n二、特殊情况下确需出口的，出口经营者应当向商务部提出申请。",
        _zh_effective(ctx))
    return Notice("zh", "CN", "MOFCOM", title, text, ctx.published.isoformat(), ["export_control", "sanctions", "licensing"], "tightening", "zh_control_list")


def zh_unreliable_entity(ctx: Ctx) -> Notice:
    n = ctx.number(1, 20)
    country = ctx.pick(ZH_COUNTRIES)
    title = ctx.pick([f"不可靠实体清单工作机制关于将{n}家{country}实体列入不可靠实体清单的公告", f"关于将{n}家外国实体列入不可靠实体清单的公告"])
    measures = ctx.sample(["禁止其从事与中国有关的进出口活动", "禁止其在中国境内新增投资", "禁止其高级管理人员入境",
                           "对其处以罚款", "禁止中国境内组织和个人与其进行交易"], 2, 4)
    text = join_paragraphs("不可靠实体清单工作机制公告" + ctx.pick(["", f"〔{ctx.published.year}〕{ctx.number(1, 12)}号"]),
        f"根据《中华人民共和国对外贸易法》《中华人民共和国国家安全法》和《不可靠实体清单规定》等有关规定，工作机制决定将{n}家实体列入不可靠实体清单，并采取以下措施：{'；'.join(measures)}。",
        ctx.pick(["上述实体参与对台湾地区军售，严重损害中国国家主权、安全和发展利益。", "上述实体配合外国政府对中国企业实施所谓制裁。"]),
        _zh_effective(ctx))
    return Notice("zh", "CN", "MOFCOM", title, text, ctx.published.isoformat(), ["sanctions"], "tightening", "zh_unreliable")


def zh_countersanctions(ctx: Ctx) -> Notice:
    country = ctx.pick(ZH_COUNTRIES)
    title = ctx.pick([f"外交部关于对{country}军工企业及高级管理人员采取反制措施的决定", f"关于对{country}有关机构和人员采取反制措施的决定"])
    text = join_paragraphs(
        f"依照反外国制裁法，对{country}{ctx.number(2, 15)}家军工企业及其{ctx.number(1, 10)}名高管实施反制：",
        "一、查封、扣押上述企业在中国的财产；\n二、中国公民和机构不得同其交易或合作；\n三、上述高管不得来华。",
        _zh_effective(ctx))
    return Notice("zh", "CN", "MFA", title, text, ctx.published.isoformat(), ["sanctions"], "tightening", "zh_countersanctions")


def zh_tariff_up(ctx: Ctx) -> Notice:
    country = ctx.pick(ZH_COUNTRIES[:4])
    goods = ctx.pick(ZH_GOODS)
    rate = ctx.pick([10, 15, 25, 34, 50, 84])
    doc = f"税委会公告{ctx.published.year}年第{ctx.number(1, 12)}号"
    variant = ctx.number(0, 2)
    if variant == 0:
        title = f"国务院关税税则委员会关于对原产于{country}的部分进口商品加征关税的公告（{doc}）"
        text = join_paragraphs(doc, f"经国务院批准，{ctx.zh_date(ctx.later(3, 20))}起，{country}原产的{goods}进口时另加{rate}%的关税。",
                               "加征部分叠加于现行税率之上，不适用减免税和保税政策。")
        return Notice("zh", "CN", "SCTC", title, text, ctx.published.isoformat(), ["tariff"], "tightening", "zh_tariff_up")
    if variant == 1:
        title = f"商务部关于对原产于{country}的{goods}反倾销调查的最终裁定"
        text = join_paragraphs(f"商务部公告{ctx.published.year}年第{ctx.number(1, 60)}号",
                               f"商务部裁定，原产于{country}的进口{goods}存在倾销，国内产业受到实质损害，且倾销与实质损害之间存在因果关系。",
                               f"根据《中华人民共和国反倾销条例》的规定，国务院关税税则委员会根据商务部的建议作出决定，自{ctx.zh_date(ctx.later(1, 10))}起，对原产于{country}的进口{goods}征收反倾销税，征收期限为5年。各公司的税率为{ctx.number(10, 40)}.{ctx.number(0, 9)}%至{ctx.number(41, 200)}.{ctx.number(0, 9)}%。")
        return Notice("zh", "CN", "MOFCOM", title, text, ctx.published.isoformat(), ["tariff"], "tightening", "zh_ad")
    title = f"商务部关于对原产于{country}的进口{goods}采取临时反倾销措施的公告"
    text = join_paragraphs(f"商务部初步裁定原产于{country}的进口{goods}存在倾销，国内产业受到实质损害。",
                           f"自{ctx.zh_date(ctx.later(1, 10))}起，进口经营者在进口上述产品时，应依据初裁确定的保证金比率向海关提供相应的保证金。")
    return Notice("zh", "CN", "MOFCOM", title, text, ctx.published.isoformat(), ["tariff"], "tightening", "zh_ad_provisional")


def zh_tariff_down(ctx: Ctx) -> Notice:
    country = ctx.pick(ZH_COUNTRIES[:4])
    goods = ctx.pick(ZH_GOODS)
    variant = ctx.number(0, 3)
    if variant == 0:
        title = f"国务院关税税则委员会关于调整对{country}加征关税措施的公告"
        text = join_paragraphs(f"税委会公告{ctx.published.year}年第{ctx.number(1, 12)}号",
                               f"为推动中{country[:1]}经贸关系健康发展，经国务院批准，自{ctx.zh_date(ctx.later(1, 15))}起，停止实施对原产于{country}的{goods}加征的关税，保留10%加征税率。")
    elif variant == 1:
        title = f"国务院关税税则委员会关于第{ctx.number(1, 9)}批对{country}加征关税商品排除延期清单的公告"
        text = join_paragraphs(f"对排除清单所列{goods}，自{ctx.zh_date(ctx.later(1, 15))}至{ctx.zh_date(ctx.later(200, 380))}，继续不加征我为反制{country}301措施所加征的关税。",
                               "对已加征的关税税款不予退还。")
    elif variant == 2:
        title = f"税委会发布{ctx.published.year + 1}年度关税调整安排"
        text = join_paragraphs(f"为扩大进口，经国务院批准，自{ctx.published.year + 1}年1月1日起，对{ctx.number(300, 1000)}项商品实施低于最惠国税率的进口暂定税率。",
                               f"降低部分{ctx.pick(['医药', '资源性产品', '关键零部件', '先进设备'])}的进口关税，以更好满足国内需求。")
    else:
        title = f"商务部关于终止对原产于{country}的进口{goods}反倾销措施的公告"
        text = join_paragraphs("期终复审调查结果表明，如果终止反倾销措施，倾销不大可能继续或再度发生。",
                               f"因此，自{ctx.zh_date(ctx.later(1, 10))}起，终止对原产于{country}的进口{goods}征收反倾销税。")
    return Notice("zh", "CN", "SCTC", title, text, ctx.published.isoformat(), ["tariff"], "easing", "zh_tariff_down")


def zh_easing_controls(ctx: Ctx) -> Notice:
    items = ctx.pick(ZH_ITEMS)
    variant = ctx.number(0, 3)
    if variant == 0:
        title = f"商务部 海关总署{_number(ctx)} 关于对{items}出口实施通用许可的公告"
        text = join_paragraphs(f"出口{items}的企业，内部合规制度健全、经商务部审查合格的，可以申领两用物项出口通用许可。",
                               "持证企业在许可期限内向同一最终用户出口的，不必每批另行申请。", _zh_effective(ctx))
        topics = ["export_control", "licensing"]
    elif variant == 1:
        title = f"商务部关于暂停实施{_number(ctx)}的公告"
        text = join_paragraphs(f"经研究决定，暂停实施对{items}的出口管制措施，暂停期限为一年。", _zh_effective(ctx))
        topics = ["export_control"]
    elif variant == 2:
        title = "不可靠实体清单工作机制关于将有关实体移出不可靠实体清单的公告"
        text = join_paragraphs(f"鉴于有关实体已作出整改，工作机制决定将{ctx.number(1, 10)}家实体移出不可靠实体清单，解除对其采取的相关措施。", _zh_effective(ctx))
        topics = ["sanctions"]
    else:
        title = "商务部关于将部分实体移出出口管制管控名单的公告"
        text = join_paragraphs(f"根据出口管制法有关规定，商务部决定将{ctx.number(2, 20)}家实体移出出口管制管控名单，出口经营者向其出口两用物项恢复按一般规定办理。", _zh_effective(ctx))
        topics = ["export_control", "sanctions", "licensing"]
    return Notice("zh", "CN", "MOFCOM", title, text, ctx.published.isoformat(), topics, "easing", "zh_easing")


def zh_procedural(ctx: Ctx) -> Notice:
    variant = ctx.number(0, 3)
    if variant == 0:
        title = "商务部办公厅关于两用物项出口许可证件电子化的通知"
        text = join_paragraphs("各省、自治区、直辖市商务主管部门：",
                               f"为提高办理效率，自{ctx.zh_date(ctx.later(10, 60))}起，两用物项出口许可证实行电子化签发，海关通过联网核查验放，不再签发纸质证件。",
                               "本通知不改变现行管制物项范围和许可审查标准。")
        topics = ["licensing", "export_control"]
    elif variant == 1:
        title = "关于启用新版两用物项出口申请表的通知"
        text = join_paragraphs("为进一步规范申请材料，商务部修订了两用物项出口申请表和最终用户和最终用途说明格式。",
                               f"自{ctx.zh_date(ctx.later(10, 60))}起，出口经营者应使用新版表格在线填报，旧版表格停止使用。")
        topics = ["licensing", "export_control"]
    elif variant == 2:
        title = f"商务部 海关总署{_number(ctx)} 关于公布《两用物项和技术进出口许可证管理目录》的公告"
        text = join_paragraphs("根据有关法律法规，现公布调整后的《两用物项和技术进出口许可证管理目录》，目录所列商品编号和名称按照新版《进出口税则》作了技术性调整，管制范围不变。",
                               _zh_effective(ctx))
        topics = ["licensing", "export_control"]
    else:
        title = "关于调整进口许可证发证机构的通知"
        text = join_paragraphs("根据工作需要，部分进口许可证的发证机构由商务部配额许可证事务局调整为地方商务主管部门。",
                               f"自{ctx.zh_date(ctx.later(10, 60))}起，企业应向注册地商务主管部门提交进口许可申请。")
        topics = ["licensing"]
    return Notice("zh", "CN", "MOFCOM", title, text, ctx.published.isoformat(), topics, "procedural", "zh_procedural")


def zh_licence_quota(ctx: Ctx) -> Notice:
    goods = ctx.pick(["化肥", "稀土", "小麦", "大米", "食糖", "原油", "成品油", "钨、锑、白银"])
    year = ctx.published.year + 1
    tight = ctx.chance(0.5)
    if tight:
        title = f"商务部关于对{goods}出口实施许可证管理的公告"
        text = join_paragraphs(f"为保障国内供应，自{ctx.zh_date(ctx.later(5, 30))}起，对{goods}出口实施出口许可证管理，出口经营者凭出口许可证向海关办理报关手续。", "未取得许可证的，海关不予放行。")
        topics, direction = ["licensing", "export_control"], "tightening"
    else:
        title = f"{year}年{goods}进口关税配额申请和分配细则"
        text = join_paragraphs(f"{year}年{goods}进口关税配额量为{ctx.number(50, 900)}万吨，较上年增加，申请企业应于规定时间内提交申请。",
                               "关税配额内进口适用较低的配额内税率。")
        topics, direction = ["licensing", "tariff"], "easing"
    return Notice("zh", "CN", "MOFCOM", title, text, ctx.published.isoformat(), topics, direction, "zh_quota")


# --- news without a measure ----------------------------------------------------------------

def _zh_news(ctx: Ctx, kind: str, title: str, *paragraphs: str) -> Notice:
    return Notice("zh", "CN", ctx.pick(["MOFCOM", "GACC", "CCCMC"]), title, join_paragraphs(*paragraphs), ctx.published.isoformat(), [], None, kind)


def zh_statistics(ctx: Ctx) -> Notice:
    product = ctx.pick(["稀土", "镓锗产品", "钢材", "集成电路", "汽车", "锂电池", "光伏产品", "大豆", "铜精矿", "煤炭"])
    trend = ctx.pick(["增长", "下降", "基本持平"])
    return _zh_news(ctx, "zh_statistics", ctx.pick([f"海关统计：前{ctx.number(2, 11)}个月{product}出口量同比{trend}", f"{ctx.published.month}月{product}进出口数据发布"]),
                    f"据海关统计，今年前{ctx.number(2, 11)}个月，我国{product}出口{ctx.number(1, 900)}万吨，同比{trend}{ctx.number(1, 40)}.{ctx.number(0, 9)}%。",
                    ctx.pick(["业内人士认为，出口管制和国际市场需求变化对出口产生一定影响。", "其中对东盟出口增长较快。", "以上数据为初步统计数。"]))


def zh_meeting(ctx: Ctx) -> Notice:
    partner = ctx.pick(["美国商会会长", "欧盟委员会贸易委员", "日本经济产业大臣", "德国经济部长", "韩国产业通商资源部长官", "外资企业代表"])
    return _zh_news(ctx, "zh_meeting", ctx.pick([f"王文涛会见{partner}", f"商务部领导与{partner}举行会谈", "中外经贸磋商在京举行"]),
                    "双方就经贸关系、出口管制、关税等共同关心的问题深入交换意见。",
                    ctx.pick(["商务部表示，中方愿与各方加强沟通，维护产业链供应链稳定。", "双方同意保持沟通。", "会谈坦诚、务实、富有建设性。"]))


def zh_fair(ctx: Ctx) -> Notice:
    return _zh_news(ctx, "zh_fair", ctx.pick(["第八届中国国际进口博览会开幕", "广交会闭幕 成交额创新高", "中国国际供应链促进博览会在京举办"]),
                    f"本届展会展览面积超过{ctx.number(10, 40)}万平方米，来自{ctx.number(50, 150)}个国家和地区的{ctx.number(1000, 5000)}余家企业参展。",
                    "展会设置先进制造、清洁能源、智能汽车、数字科技等展区。商务部有关负责人表示，将持续扩大高水平对外开放。")


def zh_spokesperson(ctx: Ctx) -> Notice:
    country = ctx.pick(ZH_COUNTRIES)
    measure = ctx.pick(["对华加征关税", "半导体出口管制新规", "将中国企业列入实体清单", "对华电动汽车反补贴调查终裁", "对华钢铁产品反倾销调查"])
    return _zh_news(ctx, "zh_spokesperson", ctx.pick([f"商务部新闻发言人就{country}{measure}答记者问", f"商务部新闻发言人就{country}{measure}发表谈话"]),
                    f"问：近日，{country}宣布{measure}，请问商务部对此有何评论？",
                    ctx.pick(["答：中方对此坚决反对。这一做法违反世贸组织规则，严重损害中国企业正当权益。中方将密切关注事态发展，坚决维护自身合法权益。",
                              "答：中方注意到有关情况。我们敦促对方立即纠正错误做法，通过对话协商妥善解决分歧。",
                              "答：中方将对有关措施进行评估，必要时采取必要措施。"]))


def zh_recruitment(ctx: Ctx) -> Notice:
    org = ctx.pick(["中国五矿化工进出口商会", "商务部国际贸易经济合作研究院", "中国机电产品进出口商会", "商务部配额许可证事务局"])
    return _zh_news(ctx, "zh_recruitment", f"{org}{ctx.published.year}年度招聘启事",
                    f"根据工作需要，{org}拟公开招聘工作人员{ctx.number(2, 15)}名，岗位涉及贸易救济、出口管制合规研究、许可证管理等。",
                    "应聘人员须具有硕士及以上学历。报名时间截至本月底。")


def zh_training(ctx: Ctx) -> Notice:
    city = ctx.pick(["深圳", "苏州", "宁波", "成都", "厦门", "青岛"])
    return _zh_news(ctx, "zh_training", ctx.pick([f"两用物项出口管制合规培训会在{city}举办", f"{city}举办出口管制政策宣讲会"]),
                    f"为帮助企业提升合规能力，商务部在{city}举办出口管制政策培训，讲解《出口管制法》、许可申请流程和内部合规制度建设。",
                    f"来自{ctx.number(100, 500)}家企业的代表参加培训。")


def zh_commentary(ctx: Ctx) -> Notice:
    return _zh_news(ctx, "zh_commentary", ctx.pick(["权威解读：出口管制法实施以来取得积极成效", "专家：稀土产业链供应链保持稳定", "商务部召开例行新闻发布会"]),
                    "有关负责人介绍，我国出口管制体系日益完善，依法审查许可申请，对合规贸易予以便利。",
                    ctx.pick(["发布会还介绍了近期消费、外资等方面情况。", "专家认为，相关措施不针对特定国家和地区。", "本次发布会未宣布新的措施。"]))


GENERATORS_ZH = [
    (zh_export_control, 30), (zh_control_list, 12), (zh_unreliable_entity, 14), (zh_countersanctions, 10), (zh_tariff_up, 26),
    (zh_tariff_down, 20), (zh_easing_controls, 20), (zh_procedural, 16), (zh_licence_quota, 12),
]
GENERATORS_NEG_ZH = [
    (zh_statistics, 18), (zh_meeting, 16), (zh_fair, 10), (zh_spokesperson, 18), (zh_recruitment, 8), (zh_training, 12), (zh_commentary, 12),
]
