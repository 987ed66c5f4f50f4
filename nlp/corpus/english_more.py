"""More English measures, written in the registers of EU, UK, Canadian, Indonesian and US bulletins."""
from __future__ import annotations

from .common import Ctx, Notice, en_list, join_paragraphs, join_sentences
from .english import PARTNERS, TARIFF_GOODS, effective_en

EU_PRODUCTS = ["new battery electric vehicles", "biodiesel", "hot-rolled flat products of iron and steel", "glass fibre fabrics",
               "aluminium extrusions", "monosodium glutamate", "optical fibre cables", "titanium dioxide", "plywood", "ceramic tableware",
               "fused alumina", "epoxy resins", "tinplate", "erythritol", "ferrosilicon", "electric bicycles", "graphite electrode systems"]


def eu_trade_defence(ctx: Ctx) -> Notice:
    year = ctx.published.year
    number = ctx.number(100, 3200)
    product = ctx.pick(EU_PRODUCTS)
    origin = ctx.pick(["the People's Republic of China", "India", "Indonesia", "Türkiye", "Egypt", "Viet Nam", "Malaysia", "Russia"])
    kind = ctx.pick(["definitive anti-dumping duty", "provisional anti-dumping duty", "definitive countervailing duty",
                     "provisional countervailing duty", "definitive safeguard measure"])
    regulation = f"Commission Implementing Regulation (EU) {year}/{number}"
    title = f"{regulation} imposing a {kind} on imports of {product} originating in {origin}"
    body = join_sentences(
        ctx.pick([f"{regulation} imposes a {kind} on imports of {product} originating in {origin}.",
                  f"The Commission has imposed a {kind} on {product} from {origin} following an investigation opened last year.",
                  f"By {regulation}, the Commission has decided to impose a {kind} on imports of {product}."]),
        ctx.pick(["The investigation established that the imports were sold at dumped prices and caused material injury to the Union industry.",
                  "The investigation found that exporting producers benefited from subsidies that threaten to injure Union producers.",
                  "The Commission concluded that imposing measures is in the Union interest."]),
        f"Duty rates range from {ctx.number(5, 30)}.{ctx.number(0, 9)}% to {ctx.number(31, 80)}.{ctx.number(0, 9)}% for cooperating exporting producers, with a residual rate for all other companies.",
        ctx.pick(["The duties are added to the conventional customs duty.", "Price undertakings offered by some exporters were rejected.", ""]),
    )
    closing = ctx.pick([f"The Regulation enters into force on {ctx.en_date(ctx.later(1, 1))} and applies for five years.",
                        "This Regulation shall enter into force on the day following that of its publication in the Official Journal of the European Union.",
                        f"The measures apply from {ctx.en_date(ctx.later(1, 3))}."])
    return Notice("en", "EU", "European Commission", title, join_paragraphs(body, closing), ctx.published.isoformat(),
                  ["tariff"], "tightening", "eu_trade_defence")


def eu_trade_defence_end(ctx: Ctx) -> Notice:
    product = ctx.pick(EU_PRODUCTS)
    origin = ctx.pick(["China", "India", "Russia", "Ukraine", "Belarus", "the United States"])
    title = ctx.pick([f"Termination of the anti-dumping proceeding concerning imports of {product} from {origin}",
                      f"Expiry of measures on {product} from {origin}", f"Partial suspension of countervailing duties on {product}"])
    body = join_sentences(
        ctx.pick([f"The Commission has terminated the expiry review and repealed the anti-dumping duties on {product} from {origin}.",
                  f"The measures on {product} from {origin} expire and the duties will no longer be collected.",
                  f"The countervailing duties on {product} are suspended for nine months because market conditions have changed temporarily."]),
        "Importers no longer need to pay the duties on new imports.")
    return Notice("en", "EU", "European Commission", title, join_paragraphs(body, effective_en(ctx, 0, 10)), ctx.published.isoformat(),
                  ["tariff"], "easing", "eu_trade_defence_end")


def counter_tariffs(ctx: Ctx) -> Notice:
    jur, actor = ctx.pick([("CA", "Canada"), ("EU", "The European Union"), ("IN", "India"), ("MX", "Mexico"), ("CN", "China"), ("GB", "The United Kingdom")])
    goods = en_list(ctx.sample(TARIFF_GOODS, 2, 4))
    target = ctx.pick(["U.S.", "American", "Chinese", "Canadian"])
    if ctx.chance(0.5):
        title = ctx.pick([f"{actor} imposes counter-tariffs on {target} goods", f"Retaliatory surtaxes on {target} {goods}",
                          "Countermeasures in response to unjustified tariffs"])
        body = join_sentences(
            ctx.pick([f"{actor} will apply a 25 per cent surtax on {target} imports including {goods}.",
                      f"{actor} has adopted rebalancing measures in the form of additional customs duties on {goods} from the United States.",
                      f"In response to the tariffs imposed on its exports, {actor} is imposing retaliatory duties on {goods}."]),
            ctx.pick(["A remission process will be available in exceptional circumstances.", "The list of products is set out in the annex.",
                      "The countermeasures will stay in place until the other tariffs are withdrawn."]))
        return Notice("en", jur, actor, title, join_paragraphs(body, effective_en(ctx, 0, 20)), ctx.published.isoformat(),
                      ["tariff"], "tightening", "counter_tariff")
    title = ctx.pick([f"{actor} removes counter-tariffs on {target} goods", "Suspension of rebalancing measures",
                      f"{actor} to drop retaliatory duties on {goods}"])
    body = join_sentences(
        ctx.pick([f"{actor} will remove its counter-tariffs on {target} goods, with the exception of {goods}.",
                  f"{actor} has suspended the additional duties on {goods} for 90 days while negotiations continue.",
                  f"The surtaxes on {goods} will no longer apply to goods that qualify under the trade agreement."]),
        ctx.pick(["Importers may seek refunds of surtaxes paid since the measures began.", "Other counter-measures remain under review.", ""]))
    return Notice("en", jur, actor, title, join_paragraphs(body, effective_en(ctx, 0, 20)), ctx.published.isoformat(),
                  ["tariff"], "easing", "counter_tariff_removed")


def commodity_stop(ctx: Ctx) -> Notice:
    jur, ministry, goods = ctx.pick([
        ("ID", "The Ministry of Energy and Mineral Resources", "coal"), ("ID", "The Ministry of Trade", "palm oil and its derivatives"),
        ("IN", "The Directorate General of Foreign Trade", "wheat"), ("IN", "The Directorate General of Foreign Trade", "sugar"),
        ("CN", "The National Development and Reform Commission", "fertilizer"), ("RU", "The Government", "gasoline"),
        ("MM", "The Ministry of Commerce", "rice"), ("ZA", "The Department of Trade", "scrap metal"),
        ("AR", "The Ministry of Agriculture", "beef"), ("KZ", "The Ministry of Agriculture", "wheat and flour"),
    ])
    start = ctx.later(0, 10)
    end = ctx.later(25, 120)
    title = ctx.pick([f"Temporary halt to {goods} exports", f"{goods.capitalize()} shipments abroad suspended", f"Ban on outbound shipments of {goods}",
                      f"Exports of {goods} restricted to protect domestic supply"])
    body = join_sentences(
        ctx.pick([f"{ministry} has instructed producers to stop exports of {goods} from {ctx.en_date(start)} to {ctx.en_date(end)}.",
                  f"{ministry} has ordered a temporary halt to outbound shipments of {goods} to secure supplies at home.",
                  f"{ministry} said companies may not ship {goods} abroad until domestic stocks recover."]),
        ctx.pick(["Cargoes already at ports are to be redirected to domestic buyers.", "Producers that meet their domestic supply obligations may apply to resume exports.",
                  "The policy will be reviewed at the end of the period.", "Customs officers have been told to reject export declarations for the product."]),
    )
    topics = ["export_control"]
    if "apply to resume" in body:
        topics.append("licensing")
    return Notice("en", jur, ministry, title, body, ctx.published.isoformat(), topics, "tightening", "commodity_stop")


def control_list_update(ctx: Ctx) -> Notice:
    jur, source, text_open, list_name = ctx.pick([
        ("EU", "European Commission", "The annual update of the EU control list has been published in the Official Journal.", "Annex I to Regulation (EU) 2021/821"),
        ("GB", "ECJU", "The government has laid an order updating the UK Strategic Export Control Lists.", "the UK Strategic Export Control Lists"),
        ("JP", "METI", "METI has revised the Export Trade Control Order and the related ministerial ordinance.", "the list of controlled goods"),
        ("KR", "MOTIE", "The Ministry has revised the public notice on the trade of strategic items.", "the strategic items list"),
        ("SG", "Singapore Customs", "The Strategic Goods (Control) Order has been amended.", "the Strategic Goods list"),
        ("AU", "Defence", "The Defence and Strategic Goods List has been amended.", "the Defence and Strategic Goods List"),
    ])
    added = en_list(ctx.sample(["quantum computing items", "semiconductor manufacturing equipment", "cryogenic cooling systems",
                                "additive manufacturing equipment", "software for the development of semiconductor devices",
                                "high-performance computers", "certain lasers and sensors", "peptide synthesizers", "gate-all-around transistor technology"], 1, 3))
    body = join_sentences(
        text_open, f"It replaces {list_name} and implements changes agreed in the multilateral export control regimes.",
        f"New entries cover {added}.",
        ctx.pick(["Exporters should check the classification of their products and apply for licences where required.",
                  "Authorisation is required to export the newly listed items.",
                  "Exporters of these items will need an individual licence."]))
    return Notice("en", jur, source, f"Amendment of {list_name}: new controlled items", join_paragraphs(body, effective_en(ctx, 0, 40)),
                  ctx.published.isoformat(), ["export_control", "licensing"], "tightening", "control_list_update")


def licence_relief(ctx: Ctx) -> Notice:
    jur, agency, licence = ctx.pick([
        ("GB", "The Export Control Joint Unit", "open general export licence"), ("EU", "The Commission", "Union general export authorisation"),
        ("US", "BIS", "licence exception"), ("JP", "METI", "bulk export licence"), ("AU", "Defence Export Controls", "broad permit"),
        ("CA", "Global Affairs Canada", "general export permit"), ("KR", "The Ministry", "comprehensive licence"),
    ])
    destination = en_list(ctx.sample(PARTNERS, 1, 3))
    title = ctx.pick([f"{licence.capitalize()} extended to more destinations", f"New {licence} for dual-use items",
                      f"Licence requirements for exports to {destination} rescinded", "Faster licensing for trusted exporters"])
    body = join_sentences(
        ctx.pick([f"{agency} has amended the {licence} to add {destination} to the permitted destinations and to cover a wider range of items.",
                  f"{agency} has withdrawn the licence requirements it imposed earlier this year for exports to {destination}.",
                  f"{agency} has rescinded the requirement to obtain individual licences for these shipments, effective immediately.",
                  f"{agency} has issued a new {licence} that allows registered exporters to ship dual-use items to {destination} without individual licences."]),
        ctx.pick(["Exporters must register before first use and keep records for four years.", "Items of the highest sensitivity remain excluded.",
                  "Suppliers may resume shipments to affected customers.", "Processing times are expected to fall sharply."]))
    return Notice("en", jur, agency, title, join_paragraphs(body, effective_en(ctx, 0, 30)), ctx.published.isoformat(),
                  ["licensing", "export_control"], "easing", "licence_relief")


def national_licence_requirement(ctx: Ctx) -> Notice:
    jur, agency = ctx.pick([("NL", "The Dutch government"), ("JP", "METI"), ("DE", "BAFA"), ("TW", "The Ministry of Economic Affairs"),
                            ("KR", "MOTIE"), ("GB", "The Department for Business and Trade"), ("FR", "The Ministry of the Economy")])
    item = ctx.pick(["immersion lithography systems", "deposition tools", "metrology equipment", "quantum computers", "advanced chips",
                     "cryogenic probers", "electron-beam inspection tools"])
    title = ctx.pick([f"Expansion of national licence requirement for {item}", f"Licence required for exports of additional {item}"])
    body = join_sentences(
        f"{agency} has amended the national regulation so that an export licence is required for additional models of {item}.",
        ctx.pick(["Some of the models were previously controlled only under foreign rules.", "The change brings licensing under national jurisdiction.",
                  "The measure follows consultations with allies."]),
        "Applications must be submitted to the national licensing authority.")
    return Notice("en", jur, agency, title, join_paragraphs(body, effective_en(ctx, 0, 30)), ctx.published.isoformat(),
                  ["export_control", "licensing"], "tightening", "national_licence")


def us_sanctions_press(ctx: Ctx) -> Notice:
    country = ctx.pick(["Russia", "Iran", "North Korea", "Venezuela", "Sudan", "Myanmar"])
    sector = ctx.pick(["oil", "shipping", "defence", "financial", "mining", "technology procurement", "petrochemical"])
    title = ctx.pick([f"Treasury sanctions {country}'s {sector} sector networks", f"Treasury targets {sector} companies supporting {country}",
                      f"State Department and Treasury impose sanctions on {country}"])
    body = join_sentences(
        f"The Department of the Treasury's Office of Foreign Assets Control (OFAC) today sanctioned {ctx.number(3, 60)} entities and individuals in {country}'s {sector} sector.",
        ctx.pick(["OFAC also identified vessels as blocked property.", "The action targets networks that generate revenue for the regime.",
                  "Today's action is taken pursuant to the relevant executive order."]),
        ctx.pick(["As a result, all property and interests in property of the designated persons that are in the United States are blocked.",
                  "U.S. persons are generally prohibited from engaging in transactions with them."]),
        ctx.pick(["OFAC issued a general licence authorising wind-down transactions for 30 days.", "Foreign financial institutions risk secondary sanctions.", ""]))
    return Notice("en", "US", "OFAC", title, body, ctx.published.isoformat(), ["sanctions"], "tightening", "us_sanctions_press")


GENERATORS_EN_MORE = [
    (eu_trade_defence, 24), (eu_trade_defence_end, 10), (counter_tariffs, 24), (commodity_stop, 18), (control_list_update, 18),
    (licence_relief, 22), (national_licence_requirement, 12), (us_sanctions_press, 16),
]
