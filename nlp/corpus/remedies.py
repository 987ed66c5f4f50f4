"""Trade-remedy proceedings that impose nothing yet (negatives), and their Chinese counterparts."""
from __future__ import annotations

from .common import Ctx, Notice, join_paragraphs, join_sentences

PRODUCTS_EN = ["hardwood plywood", "steel wire rod", "ceramic tiles", "polyethylene terephthalate", "electric bicycles", "mattresses",
               "aluminium foil", "solar glass", "citric acid", "tinplate", "optical fibre", "brake drums", "epoxy resins", "vinyl flooring"]
ORIGINS_EN = ["China", "Viet Nam", "Indonesia", "India", "Türkiye", "Malaysia", "Thailand", "Korea", "Brazil", "Egypt"]
AUTHORITIES_EN = [("EU", "European Commission", "The Commission"), ("US", "Commerce", "The Department of Commerce"),
                  ("US", "ITC", "The U.S. International Trade Commission"), ("IN", "DGTR", "The Directorate General of Trade Remedies"),
                  ("AU", "Anti-Dumping Commission", "The Anti-Dumping Commission"), ("GB", "TRA", "The Trade Remedies Authority"),
                  ("CA", "CBSA", "The Canada Border Services Agency"), ("BR", "SECEX", "The Foreign Trade Secretariat")]


def remedy_proceeding(ctx: Ctx) -> Notice:
    jur, source, body = ctx.pick(AUTHORITIES_EN)
    product, origin = ctx.pick(PRODUCTS_EN), ctx.pick(ORIGINS_EN)
    stage = ctx.number(0, 5)
    if stage == 0:
        title = f"Initiation of an anti-dumping investigation concerning imports of {product} from {origin}"
        text = join_sentences(f"{body} has initiated an anti-dumping investigation into imports of {product} originating in {origin}, following a complaint by domestic producers.",
                              "Interested parties must make themselves known within 15 days and reply to the questionnaires.",
                              "No provisional duties are imposed at this stage.")
    elif stage == 1:
        title = f"Public hearing in the countervailing duty investigation on {product}"
        text = join_sentences(f"{body} will hold a public hearing in the countervailing duty investigation on {product} from {origin}.",
                              "Parties wishing to appear must file a request by the deadline in the schedule. Briefs are limited to 50 pages.")
    elif stage == 2:
        title = f"Recommendation in the sunset review of duties on {product}"
        text = join_sentences(f"{body} has published its recommendation in the expiry review of the measures on {product} from {origin}.",
                              "The final decision rests with the minister, who has 90 days to decide. Until then the existing measures continue unchanged.")
    elif stage == 3:
        title = f"Questionnaire deadline extended in investigation on {product}"
        text = join_sentences(f"At the request of several exporters, {body.lower() if body.startswith('The') else body} has extended the deadline for questionnaire responses in the investigation on {product} by ten days.",
                              "The investigation timetable is otherwise unchanged.")
    elif stage == 4:
        title = f"Request for review of anti-dumping measures on {product} received"
        text = join_sentences(f"{body} has received a request for an interim review of the anti-dumping measures on {product} from {origin}.",
                              "It is examining whether the request contains sufficient evidence to justify initiating a review.")
    else:
        title = f"Preliminary injury determination in the investigation on {product}"
        text = join_sentences(f"{body} determined that there is a reasonable indication that the domestic industry is materially injured by imports of {product} from {origin}.",
                              "The investigation continues; the Department of Commerce will issue its preliminary determination later.")
    return Notice("en", jur, source, title, text, ctx.published.isoformat(), [], None, "remedy_proceeding")


def commentary_en(ctx: Ctx) -> Notice:
    speaker = ctx.pick(["The ministry spokesperson", "The trade minister", "A senior official", "The ambassador", "The foreign ministry"])
    subject = ctx.pick(["the new export controls announced by the United States", "China's controls on rare earth exports",
                        "the EU's duties on electric vehicles", "the latest sanctions package", "the entity list additions",
                        "the tariff increases announced last week"])
    title = ctx.pick([f"Spokesperson answers questions on {subject}", f"Remarks on {subject}", f"Government reacts to {subject}"])
    text = join_sentences(f"{speaker} said the government firmly opposes {subject}, calling them a violation of international trade rules.",
                          ctx.pick(["The government will take necessary measures to safeguard its legitimate rights.",
                                    "It urged the other side to correct its wrong practices and return to dialogue.",
                                    "Officials are assessing the impact on domestic companies."]),
                          ctx.pick(["No countermeasures were announced.", "", "Further details were not given."]))
    return Notice("en", ctx.pick(["CN", "US", "EU", "JP", "KR"]), "press", title, text, ctx.published.isoformat(), [], None, "commentary_en")


def zh_remedy_proceeding(ctx: Ctx) -> Notice:
    product = ctx.pick(["共聚聚甲醛", "卤化丁基橡胶", "牛肉", "乳制品", "白兰地", "聚苯硫醚", "光纤预制棒", "不锈钢", "丙酸", "进口猪肉"])
    origin = ctx.pick(["美国", "欧盟", "日本", "台湾地区", "加拿大", "印度"])
    stage = ctx.number(0, 3)
    if stage == 0:
        title = f"商务部关于对原产于{origin}的进口{product}进行反倾销立案调查的公告"
        text = f"根据国内产业申请，商务部决定自{ctx.zh_date(ctx.published)}起对原产于{origin}的进口{product}进行反倾销立案调查，调查期一般为一年。利害关系方可于20天内登记参加调查。"
    elif stage == 1:
        title = f"商务部关于延长{product}反倾销调查期限的公告"
        text = f"鉴于案情复杂，商务部决定将原产于{origin}的进口{product}反倾销调查期限延长6个月。调查期间不征收任何税款。"
    elif stage == 2:
        title = f"商务部贸易救济调查局召开{product}反补贴案听证会"
        text = f"商务部贸易救济调查局就原产于{origin}的进口{product}反补贴调查案召开听证会，各利害关系方代表陈述了意见。"
    else:
        title = f"商务部对原产于{origin}的{product}发起反倾销期终复审调查"
        text = f"应国内产业申请，商务部决定对原产于{origin}的进口{product}所适用的反倾销措施进行期终复审调查。复审期间，反倾销措施继续按原税率实施。"
    return Notice("zh", "CN", "MOFCOM", title, join_paragraphs(text), ctx.published.isoformat(), [], None, "zh_remedy_proceeding")


GENERATORS_REMEDIES = [(remedy_proceeding, 30), (commentary_en, 20), (zh_remedy_proceeding, 20)]
