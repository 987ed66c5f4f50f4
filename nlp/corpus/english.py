"""English notices that announce a measure (export controls, licensing, sanctions, tariffs)."""
from __future__ import annotations

from .common import Ctx, Notice, en_list, join_paragraphs, join_sentences

COUNTRIES = ["China", "Russia", "Iran", "Belarus", "North Korea", "Myanmar", "Venezuela", "Syria", "Cuba",
             "Hong Kong", "Pakistan", "the United Arab Emirates", "Türkiye", "Kyrgyzstan", "Armenia"]
PARTNERS = ["the United States", "Canada", "Mexico", "the European Union", "Japan", "the Republic of Korea",
            "Australia", "India", "Viet Nam", "Brazil", "Indonesia", "the United Kingdom", "Switzerland", "Norway"]
CONTROLLED_GOODS = [
    ("advanced computing chips and related software", "3A090"), ("semiconductor manufacturing equipment", "3B001"),
    ("high-bandwidth memory", "3A090.c"), ("quantum computers and components", "4A906"),
    ("gate-all-around transistor technology", "3E905"), ("gallium and germanium compounds", "1C999"),
    ("rare earth magnets and magnet technology", "1C999"), ("unmanned aerial vehicles and their engines", "9A012"),
    ("aero-engine components", "9A001"), ("encryption software", "5D002"), ("firearms and ammunition", "0A501"),
    ("nuclear-grade graphite", "0C004"), ("chemical weapons precursors", "1C350"), ("biological agents and toxins", "1C351"),
    ("lithography systems", "3B001.f"), ("electronic design automation software", "3D006"),
    ("supercomputer components", "4A003"), ("cryogenic wafer probing equipment", "3B904"),
    ("additive manufacturing machines", "2B910"), ("synthetic diamond manufacturing equipment", "2B999"),
    ("lithium-ion battery cathode technology", "1E999"), ("antimony and antimony oxides", "1C999"),
    ("tungsten alloys", "1C117"), ("spacecraft and satellite components", "9A515"),
]
AGENCIES_EXPORT = [
    ("US", "BIS", "The Bureau of Industry and Security (BIS)", "the Export Administration Regulations (EAR)"),
    ("US", "BIS", "The Department of Commerce", "the Export Administration Regulations"),
    ("JP", "METI", "The Ministry of Economy, Trade and Industry (METI)", "the Export Trade Control Order"),
    ("KR", "MOTIE", "The Ministry of Trade, Industry and Energy", "the Foreign Trade Act and the Public Notice on Trade of Strategic Items"),
    ("GB", "ECJU", "The Export Control Joint Unit", "the Export Control Order 2008"),
    ("EU", "European Commission", "The European Commission", "Regulation (EU) 2021/821"),
    ("NL", "Ministry of Foreign Affairs", "The Dutch government", "the national control list"),
    ("TW", "MOEA", "The Ministry of Economic Affairs", "the Regulations Governing Export and Import of Strategic High-Tech Commodities"),
    ("AU", "Defence Export Controls", "Defence Export Controls", "the Customs (Prohibited Exports) Regulations 1958"),
    ("CA", "Global Affairs Canada", "Global Affairs Canada", "the Export Control List"),
    ("IN", "DGFT", "The Directorate General of Foreign Trade", "the SCOMET list"),
    ("SG", "Singapore Customs", "Singapore Customs", "the Strategic Goods (Control) Act"),
]


def effective_en(ctx: Ctx, low: int = 0, high: int = 45) -> str:
    date = ctx.en_date(ctx.later(low, high))
    return ctx.pick([
        f"The rule takes effect on {date}.", f"This measure is effective {date}.",
        f"The amendments enter into force on {date}.", f"The changes apply from {date}.",
        f"These provisions come into force on {date}.", f"DATES: This rule is effective {date}.",
        f"The order will take effect from {date}.", f"It applies with effect from {date}.",
        "The measure is effective immediately.", "The notice takes effect upon publication.",
        f"Effective date: {date}.", "",
    ])


def bis_entity_list(ctx: Ctx, adding: bool = True) -> Notice:
    n = ctx.number(2, 80)
    places = en_list(ctx.sample(COUNTRIES, 1, 4))
    if adding:
        title = ctx.pick([f"Commerce adds {n} entities to the Entity List", "Entity List: new entries",
                          f"BIS adds {n} organizations in {places} to Entity List",
                          "Entity List additions; revisions of existing entries"])
        reason = ctx.pick([
            "for acting contrary to the national security or foreign policy interests of the United States",
            "for supporting the military modernization efforts of a country of concern",
            "for diverting U.S.-origin items to prohibited end users",
            "for their involvement in the development of weapons of mass destruction programmes",
            "for supplying components to sanctioned defence manufacturers",
        ])
        body = join_sentences(
            f"{ctx.pick(['The Bureau of Industry and Security', 'BIS', 'The Department of Commerce'])} is amending the Export Administration Regulations by adding {n} entities under {n} entries to the Entity List.",
            f"The entities are located in {places} and were added {reason}.",
            ctx.pick([
                "A licence is required for the export, reexport or transfer (in-country) of all items subject to the EAR to these entities.",
                "Exporters must now obtain a license for all items subject to the EAR destined to the listed parties, and applications will be reviewed under a presumption of denial.",
                "The rule imposes a license requirement for all items subject to the EAR, with a policy of denial for most items.",
            ]),
            ctx.pick(["No license exceptions are available for exports to these entities.",
                      "Shipments already en route on the effective date may proceed under the savings clause.", ""]),
        )
        return Notice("en", "US", "BIS", title, join_paragraphs(body, effective_en(ctx, 0, 3)), ctx.published.isoformat(),
                      ["export_control", "sanctions", "licensing"], "tightening", "entity_list_add")
    title = ctx.pick(["Removal of certain entities from the Entity List", f"BIS removes {n} entities from the Entity List",
                      "Entity List: removals and modification of entries"])
    body = join_sentences(
        f"{ctx.pick(['BIS', 'The Bureau of Industry and Security'])} is removing {n} entities located in {places} from the Entity List.",
        ctx.pick(["The End-User Review Committee determined that the entities no longer meet the criteria for listing.",
                  "The removals follow requests for removal and the entities' cooperation with end-use checks.",
                  "The entities were removed after they demonstrated changes in ownership and compliance programmes."]),
        "As a result, exports to these parties no longer require a licence unless another provision of the EAR applies.",
    )
    return Notice("en", "US", "BIS", title, join_paragraphs(body, effective_en(ctx, 0, 3)), ctx.published.isoformat(),
                  ["export_control", "sanctions", "licensing"], "easing", "entity_list_remove")


def new_export_control(ctx: Ctx) -> Notice:
    jur, source, agency, law = ctx.pick(AGENCIES_EXPORT)
    goods = ctx.sample(CONTROLLED_GOODS, 1, 3)
    names = en_list([g[0] for g in goods])
    with_licence = ctx.chance(0.8)
    eccns = en_list([g[1] for g in goods])
    title = ctx.pick([f"Export controls on {names}", f"New controls on exports of {names}",
                      f"Amendment to {law} to control {names}", f"Implementation of additional export controls: {names}",
                      f"{source} expands controls on {goods[0][0]}"])
    opening = ctx.pick([
        f"{agency} has amended {law} to impose new controls on {names}.",
        f"{agency} today announced that {names} will become subject to export control under {law}.",
        f"Under an amendment to {law}, {agency} is adding {names} to the list of controlled items.",
        f"{agency} is revising {law} to control exports of {names} to all destinations except close partners.",
    ])
    details = [
        f"The new entries are classified under ECCN {eccns}." if jur == "US" else f"The items are listed in new control entries {eccns}.",
        ctx.pick(["The controls respond to the risk that these items could be used in military end uses.",
                  "The government cited national security concerns and the need to prevent diversion to weapons programmes.",
                  "The measure aligns national controls with partners that adopted equivalent restrictions."]),
        ctx.pick(["Technology for the development or production of the items is also controlled.",
                  "Re-exports and in-country transfers are covered as well.",
                  "Items destined for military end users are subject to additional restrictions."]),
    ]
    licence = ctx.pick([
        "Exporters must apply for an individual export licence before shipping the items.",
        "A licence will be required for exports to all destinations other than those listed in the annex.",
        "Applications will be reviewed case by case, with a presumption of denial for military end users.",
        "Exporters will need prior authorisation for each shipment.",
    ]) if with_licence else ""
    text = join_paragraphs(opening, join_sentences(*ctx.sample(details, 1, 3), licence), effective_en(ctx, 0, 60))
    topics = ["export_control"] + (["licensing"] if with_licence else [])
    return Notice("en", jur, source, title, text, ctx.published.isoformat(), topics, "tightening", "new_control")


def eased_export_control(ctx: Ctx) -> Notice:
    jur, source, agency, law = ctx.pick(AGENCIES_EXPORT)
    goods = ctx.pick(CONTROLLED_GOODS)[0]
    partner = ctx.pick(PARTNERS)
    variant = ctx.number(0, 4)
    if variant == 0:
        title = f"License exception for exports of {goods} to close partners"
        body = join_sentences(f"{agency} is creating a new licence exception that authorises exports of {goods} to {partner} and other partner countries without an individual licence.",
                              "Exporters must keep records and notify the agency within 30 days of each shipment.",
                              "The change reduces the number of licence applications and speeds up trade with allies.")
        topics = ["export_control", "licensing"]
    elif variant == 1:
        title = f"Controls on {goods} lifted for {partner}"
        body = join_sentences(f"{agency} has removed the licence requirement for exports of {goods} to {partner}.",
                              f"{partner} has adopted equivalent controls, so the additional requirement is no longer necessary.",
                              "Exports to other destinations remain subject to the existing rules.")
        topics = ["export_control", "licensing"]
    elif variant == 2:
        title = f"{source} removes items from the control list"
        body = join_sentences(f"{agency} has amended {law} to decontrol certain {goods} that are now widely available on the commercial market.",
                              "The items are removed from the control list and may be exported without restriction.",
                              "The amendment follows the annual review of control parameters.")
        topics = ["export_control"]
    elif variant == 3:
        title = f"Suspension of export ban on {goods}"
        body = join_sentences(f"{agency} has suspended the ban on exports of {goods} to {partner} for twelve months.",
                              "The suspension follows consultations with the partner government and industry.",
                              "Exporters may resume shipments without applying for special permission.")
        topics = ["export_control"]
    else:
        title = f"Streamlined licensing for {goods}"
        body = join_sentences(f"{agency} will issue general authorisations covering exports of {goods} to trusted end users in {partner}.",
                              "Eligible exporters can ship multiple consignments under one authorisation instead of applying for each one.",
                              "Validity is extended from one year to three years.")
        topics = ["licensing", "export_control"]
    return Notice("en", jur, source, title, join_paragraphs(body, effective_en(ctx, 0, 30)), ctx.published.isoformat(),
                  topics, "easing", "eased_control")


def procedural_licensing(ctx: Ctx) -> Notice:
    jur, source, agency, law = ctx.pick(AGENCIES_EXPORT)
    system = ctx.pick(["SNAP-R", "SPIRE", "LITE", "NACCS", "the online licensing portal", "the DGFT e-platform", "the YESTRADE system"])
    variant = ctx.number(0, 4)
    if variant == 0:
        title = f"Licence applications must be filed through {system}"
        body = join_sentences(f"{agency} announced that all export licence applications under {law} must be submitted electronically through {system}.",
                              "Paper forms will no longer be accepted.", "Applicants need to register an account and upload end-user statements in PDF format.",
                              "The list of controlled items and the licensing policy are unchanged.")
        topics = ["licensing"]
    elif variant == 1:
        title = "Revised end-user statement form for licence applications"
        body = join_sentences(f"{agency} has published a revised end-user statement template to be attached to licence applications.",
                              "The new form asks for the consignee's registration number and a description of the end use.",
                              "Applications submitted with the old form after the transition period will be returned.")
        topics = ["licensing"]
    elif variant == 2:
        title = "Clarification of reporting requirements for licence holders"
        body = join_sentences(f"{agency} has clarified how holders of export licences should report shipments made under their licences.",
                              "Reports must now be submitted quarterly through the online system instead of annually by post.",
                              "The scope of the controls does not change.")
        topics = ["licensing", "export_control"]
    elif variant == 3:
        title = "Change of contact point for export control enquiries"
        body = join_sentences(f"{agency} has moved its export control helpdesk and licensing enquiries to a new unit.",
                              "Classification requests and licence queries should be sent to the new address from the date below.",
                              "Pending applications will be transferred automatically.")
        topics = ["licensing", "export_control"]
    else:
        title = "Guidance on the new interim final rule: frequently asked questions"
        body = join_sentences(f"{agency} has issued answers to frequently asked questions on recent amendments to {law}.",
                              "The guidance explains how to determine whether a foreign-produced item is subject to the rules and how to complete licence applications.",
                              "It does not create new obligations.")
        topics = ["export_control", "licensing"]
    return Notice("en", jur, source, title, join_paragraphs(body, effective_en(ctx, 10, 120)), ctx.published.isoformat(),
                  topics, "procedural", "procedural_licensing")


SANCTIONS_BODIES = [
    ("US", "OFAC", "The Office of Foreign Assets Control (OFAC)", "Executive Order 14024"),
    ("US", "OFAC", "Treasury's Office of Foreign Assets Control", "Executive Order 13224"),
    ("US", "State Department", "The Department of State", "Executive Order 13846"),
    ("GB", "OFSI", "The UK government", "the Russia (Sanctions) (EU Exit) Regulations 2019"),
    ("GB", "FCDO", "The Foreign, Commonwealth and Development Office", "the Global Human Rights sanctions regime"),
    ("EU", "Council of the EU", "The Council of the European Union", "Regulation (EU) No 269/2014"),
    ("AU", "DFAT", "The Australian Government", "the Autonomous Sanctions Regulations 2011"),
    ("CA", "Global Affairs Canada", "Canada", "the Special Economic Measures Act"),
    ("JP", "MOFA", "The Government of Japan", "the Foreign Exchange and Foreign Trade Act"),
    ("CH", "SECO", "The State Secretariat for Economic Affairs", "the Ordinance on Measures in connection with the Situation in Ukraine"),
    ("NZ", "MFAT", "New Zealand", "the Russia Sanctions Act 2022"),
]
TARGETS = ["shipping companies", "oil traders", "defence manufacturers", "banks", "procurement agents", "technology suppliers",
           "senior officials", "cyber actors", "drone producers", "mining companies", "front companies", "tanker operators"]


def sanctions_designation(ctx: Ctx) -> Notice:
    jur, source, body_name, authority = ctx.pick(SANCTIONS_BODIES)
    country = ctx.pick(COUNTRIES)
    targets = en_list(ctx.sample(TARGETS, 1, 3))
    n = ctx.number(3, 150)
    title = ctx.pick([f"{source} sanctions {targets} supporting {country}", f"New designations under {authority}",
                      f"{n} individuals and entities added to sanctions list", f"Sanctions imposed on {country}-linked {targets}",
                      f"Asset freeze on {n} persons over {country}"])
    body = join_sentences(
        ctx.pick([f"{body_name} today designated {n} {targets} pursuant to {authority}.",
                  f"{body_name} has imposed asset freezes and travel bans on {n} individuals and entities, including {targets}.",
                  f"{body_name} added {n} names to its consolidated list of designated persons under {authority}."]),
        ctx.pick([f"The designated parties have supported {country}'s military-industrial base.",
                  f"They are involved in evading existing restrictions on {country}.",
                  "The targets facilitated shipments of sensitive goods through third countries."]),
        ctx.pick(["All property and interests in property of the designated persons are blocked, and dealings with them are prohibited.",
                  "Funds and economic resources belonging to the listed persons must be frozen, and no funds may be made available to them.",
                  "Transactions with the designated persons are prohibited unless authorised."]),
        ctx.pick(["Persons who engage in certain transactions with them may themselves be exposed to sanctions.",
                  "Entities owned 50 percent or more by designated persons are also blocked.", ""]),
    )
    return Notice("en", jur, source, title, join_paragraphs(body, ctx.pick(["", effective_en(ctx, 0, 0)])),
                  ctx.published.isoformat(), ["sanctions"], "tightening", "sanctions_add")


def sanctions_easing(ctx: Ctx) -> Notice:
    jur, source, body_name, authority = ctx.pick(SANCTIONS_BODIES)
    country = ctx.pick(COUNTRIES)
    variant = ctx.number(0, 3)
    if variant == 0:
        title = ctx.pick(["Delisting of individuals and entities", f"{source} removes persons from sanctions list"])
        body = join_sentences(f"{body_name} has removed {ctx.number(1, 30)} individuals and entities from the list of designated persons under {authority}.",
                              "Their assets are unfrozen and dealings with them are no longer prohibited.",
                              "The removals follow a review of the evidence and successful challenges.")
    elif variant == 1:
        title = f"General licence authorising humanitarian transactions involving {country}"
        body = join_sentences(f"{body_name} has issued a general licence authorising transactions ordinarily incident to the delivery of food, medicine and humanitarian aid to {country}.",
                              "The authorisation expands the exemptions available to non-governmental organisations.")
    elif variant == 2:
        title = f"Sanctions on {country} eased following political agreement"
        body = join_sentences(f"{body_name} has lifted restrictions on the energy, banking and transport sectors of {country}.",
                              "Sectoral prohibitions are suspended for an initial period of twelve months.",
                              "Designations of individuals responsible for human rights abuses remain in force.")
    else:
        title = "Wind-down authorisation and suspension of certain restrictive measures"
        body = join_sentences(f"{body_name} has suspended certain restrictive measures against {country} and issued a licence authorising the wind-down of contracts.",
                              "Payments to suspended entities are now permitted.")
    return Notice("en", jur, source, title, join_paragraphs(body, effective_en(ctx, 0, 5)), ctx.published.isoformat(),
                  ["sanctions"], "easing", "sanctions_ease")


TARIFF_GOODS = ["steel products", "aluminium articles", "electric vehicles", "solar panels", "semiconductors", "lithium-ion batteries",
                "critical minerals", "pork", "soybeans", "wheat", "wine", "whisky", "motorcycles", "cars and auto parts",
                "copper", "furniture", "textiles", "medical gloves", "ceramic tiles", "fertilizers", "sugar", "rice",
                "graphite electrodes", "wind turbines", "plywood", "tyres", "glass fibre", "biodiesel"]
TARIFF_AUTHORITIES = [
    ("US", "USTR", "The Office of the United States Trade Representative", "Section 301 of the Trade Act of 1974"),
    ("US", "White House", "The President", "Section 232 of the Trade Expansion Act of 1962"),
    ("US", "White House", "The President", "the International Emergency Economic Powers Act"),
    ("CA", "Department of Finance", "The Government of Canada", "the Customs Tariff"),
    ("EU", "European Commission", "The European Commission", "the basic anti-dumping Regulation"),
    ("IN", "Ministry of Finance", "The Central Government", "the Customs Tariff Act, 1975"),
    ("GB", "Department for Business and Trade", "The UK government", "the Taxation (Cross-border Trade) Act 2018"),
    ("AU", "Anti-Dumping Commission", "The Anti-Dumping Commission", "the Customs Act 1901"),
    ("JP", "Ministry of Finance", "The Ministry of Finance", "the Customs Tariff Act"),
    ("KR", "Ministry of Economy and Finance", "The Korean government", "the Customs Act"),
    ("MX", "Secretaría de Economía", "Mexico", "the General Import and Export Tax Law"),
]


def tariff_increase(ctx: Ctx) -> Notice:
    jur, source, body_name, authority = ctx.pick(TARIFF_AUTHORITIES)
    goods = en_list(ctx.sample(TARIFF_GOODS, 1, 3))
    country = ctx.pick(COUNTRIES + PARTNERS)
    rate = ctx.pick([10, 15, 20, 25, 34, 35, 50, 100])
    variant = ctx.number(0, 4)
    if variant == 0:
        title = f"Additional {rate} percent tariff on {goods} from {country}"
        body = join_sentences(f"{body_name} has imposed an additional ad valorem duty of {rate}% on imports of {goods} originating in {country}, under {authority}.",
                              "The additional duty applies on top of the most-favoured-nation rate.",
                              ctx.pick(["Goods in transit before the effective date are not affected.", "No exclusions will be granted.", ""]))
    elif variant == 1:
        title = f"Tariff rate on {goods} raised to {rate}%"
        body = join_sentences(f"Following a review under {authority}, {body_name.lower() if body_name.startswith('The') else body_name} will increase the tariff on {goods} to {rate} percent.",
                              "The increase responds to unfair trade practices and overcapacity.")
    elif variant == 2:
        title = f"Definitive anti-dumping duty on imports of {goods} originating in {country}"
        body = join_sentences(f"{body_name} has imposed a definitive anti-dumping duty on imports of {goods} originating in {country}.",
                              f"The investigation found dumping margins of between {ctx.number(5, 30)}% and {ctx.number(31, 120)}% and material injury to the domestic industry.",
                              f"Duty rates range from {ctx.number(3, 20)}.{ctx.number(0, 9)}% to {ctx.number(21, 90)}.{ctx.number(0, 9)}% depending on the exporter.",
                              "The duties apply for five years.")
    elif variant == 3:
        title = f"Provisional countervailing duties on {goods} from {country}"
        body = join_sentences(f"{body_name} has decided to impose provisional countervailing duties on {goods} from {country} after finding that producers benefit from countervailable subsidies.",
                              "Importers must lodge a security equal to the provisional duty.")
    else:
        title = f"Safeguard measure on imports of {goods}"
        body = join_sentences(f"{body_name} has adopted a safeguard measure in the form of a tariff-rate quota on imports of {goods}.",
                              f"Imports above the quota will pay an additional duty of {rate}%.",
                              "The measure is intended to protect domestic producers from a surge in imports.")
    return Notice("en", jur, source, title, join_paragraphs(body, effective_en(ctx, 0, 40)), ctx.published.isoformat(),
                  ["tariff"], "tightening", "tariff_up")


def tariff_decrease(ctx: Ctx) -> Notice:
    jur, source, body_name, authority = ctx.pick(TARIFF_AUTHORITIES)
    goods = en_list(ctx.sample(TARIFF_GOODS, 1, 3))
    country = ctx.pick(COUNTRIES + PARTNERS)
    variant = ctx.number(0, 4)
    if variant == 0:
        title = f"Removal of retaliatory tariffs on {goods}"
        body = join_sentences(f"{body_name} will remove the retaliatory tariffs applied to {goods} from {country}.",
                              "The decision follows a negotiated settlement of the trade dispute.", "Importers may apply for refunds of duties paid after the agreement date.")
    elif variant == 1:
        title = f"Tariff exclusions extended for {goods}"
        body = join_sentences(f"{body_name} has extended exclusions from the additional duties for {goods}.",
                              "Products covered by the exclusions may be imported without the additional tariff until the end of the extension.")
    elif variant == 2:
        title = f"Reduction of customs duty on {goods}"
        body = join_sentences(f"{body_name} has reduced the basic customs duty on {goods} from {ctx.number(10, 40)}% to {ctx.number(0, 9)}%.",
                              "The cut is intended to lower input costs for manufacturers.")
    elif variant == 3:
        title = f"Expiry of anti-dumping measures on {goods} from {country}"
        body = join_sentences(f"{body_name} has terminated the anti-dumping duties on {goods} from {country} after an expiry review found no likelihood of recurrence of injury.",
                              "The duties will no longer be collected.")
    else:
        title = f"Suspension of additional duties on {goods}"
        body = join_sentences(f"{body_name} has suspended the additional duties on {goods} originating in {country} for 90 days.",
                              "The suspension gives time for negotiations to continue.")
    return Notice("en", jur, source, title, join_paragraphs(body, effective_en(ctx, 0, 40)), ctx.published.isoformat(),
                  ["tariff"], "easing", "tariff_down")


def tariff_procedural(ctx: Ctx) -> Notice:
    jur, source, body_name, authority = ctx.pick(TARIFF_AUTHORITIES)
    goods = en_list(ctx.sample(TARIFF_GOODS, 1, 2))
    title = ctx.pick([f"Procedures for requesting exclusions from duties on {goods}",
                      "Technical amendments to the tariff schedule for additional duties",
                      "New declaration requirements for goods subject to additional duties"])
    body = join_sentences(ctx.pick([
        f"{body_name} has set out the procedure and deadlines for requesting product exclusions from the additional duties on {goods}.",
        f"{body_name} has published technical corrections to the headings used to collect the additional duties on {goods}; the rates do not change.",
        f"Importers of {goods} must declare the country where the metal was melted and poured on their customs entries."]),
        "Requests must be filed through the online portal with supporting documents.",
        "The duty rates themselves are unchanged.")
    return Notice("en", jur, source, title, join_paragraphs(body, effective_en(ctx, 5, 60)), ctx.published.isoformat(),
                  ["tariff"], "procedural", "tariff_procedural")


COMMODITY_BANS = [
    ("IN", "DGFT", "non-basmati white rice", "1006 30 90"), ("IN", "DGFT", "wheat", "1001"), ("IN", "DGFT", "sugar", "1701"),
    ("IN", "DGFT", "onions", "0703 10"), ("ID", "Ministry of Energy and Mineral Resources", "coal", "2701"),
    ("ID", "Ministry of Trade", "nickel ore", "2604"), ("ID", "Ministry of Trade", "bauxite", "2606"),
    ("ID", "Ministry of Trade", "crude palm oil", "1511"), ("RU", "Government of Russia", "fertilizers", "3102"),
    ("MY", "Ministry of Agriculture", "chicken", "0207"), ("ZW", "Ministry of Mines", "raw lithium ore", "2530"),
    ("PH", "Department of Agriculture", "rice", "1006"), ("VN", "Ministry of Industry and Trade", "rare earth ores", "2846"),
    ("KZ", "Ministry of Trade", "diesel fuel", "2710"), ("BD", "Ministry of Commerce", "urea", "3102 10"),
]


def commodity_export_ban(ctx: Ctx) -> Notice:
    jur, source, goods, hs = ctx.pick(COMMODITY_BANS)
    permission = ctx.chance(0.5)
    title = ctx.pick([f"Export policy of {goods} amended from Free to Prohibited", f"Temporary ban on exports of {goods}",
                      f"Export restrictions on {goods} to secure domestic supply", f"Government halts {goods} exports"])
    body = join_sentences(
        ctx.pick([f"The export policy of {goods} under HS code {hs} is amended from \"Free\" to \"{'Restricted' if permission else 'Prohibited'}\".",
                  f"The government has banned exports of {goods} to keep domestic prices stable and secure supply.",
                  f"Exports of {goods} are suspended with immediate effect until further notice."]),
        ctx.pick(["Exports will be allowed only with a licence issued on the request of partner governments for food security.",
                  "Exports against irrevocable letters of credit opened before the notification may be allowed under a licence.",
                  "Shipments may proceed only with specific permission from the ministry."]) if permission else
        ctx.pick(["Consignments already loaded before the notification may be shipped.", "The ban will be reviewed after three months.",
                  "Customs will stop clearing export declarations for the product."]),
    )
    topics = ["export_control"] + (["licensing"] if permission else [])
    return Notice("en", jur, source, title, join_paragraphs(body, effective_en(ctx, 0, 14)), ctx.published.isoformat(),
                  topics, "tightening", "commodity_ban")


def commodity_ban_lifted(ctx: Ctx) -> Notice:
    jur, source, goods, hs = ctx.pick(COMMODITY_BANS)
    title = ctx.pick([f"Export ban on {goods} lifted", f"Export policy of {goods} revised from Prohibited to Free",
                      f"Exports of {goods} allowed again"])
    body = join_sentences(
        f"The government has lifted the ban on exports of {goods}, citing improved domestic supply.",
        ctx.pick([f"The export policy for HS {hs} is revised to \"Free\".", "Exporters may resume shipments without prior approval.",
                  "The minimum export price is also withdrawn."]),
    )
    return Notice("en", jur, source, title, join_paragraphs(body, effective_en(ctx, 0, 14)), ctx.published.isoformat(),
                  ["export_control"], "easing", "commodity_ban_lifted")


def import_licensing(ctx: Ctx) -> Notice:
    jur = ctx.pick(["IN", "ID", "EU", "GB", "AU", "KR", "US"])
    goods = ctx.pick(["laptops and tablets", "steel products", "gold", "solar modules", "pulses", "used vehicles",
                      "refrigerants", "certain chemicals", "drones", "rough diamonds", "firearms"])
    tight = ctx.chance(0.65)
    if tight:
        title = ctx.pick([f"Import licensing introduced for {goods}", f"Import policy of {goods} amended to Restricted",
                          f"Import quotas for {goods} set for the coming year"])
        body = join_sentences(ctx.pick([f"Imports of {goods} will require an import licence.",
                                        f"The import policy of {goods} is amended from Free to Restricted, and imports will be allowed only against a valid licence.",
                                        f"Annual import quotas for {goods} have been fixed, and importers must apply for quota allocations."]),
                              "Exemptions apply to small quantities for research and repair.")
        direction = "tightening"
    else:
        title = ctx.pick([f"Automatic import licensing for {goods} discontinued", f"Import licence requirement for {goods} removed",
                          f"Quota for {goods} increased"])
        body = join_sentences(ctx.pick([f"The import licence requirement for {goods} is removed, and the goods may be imported freely.",
                                        f"The annual quota for {goods} is increased by {ctx.number(10, 60)} percent to ease supply shortages."]),
                              "Licences already issued remain valid.")
        direction = "easing"
    return Notice("en", jur, "Trade ministry", title, join_paragraphs(body, effective_en(ctx, 0, 60)), ctx.published.isoformat(),
                  ["licensing"], direction, "import_licensing")


def eu_sanctions_package(ctx: Ctx) -> Notice:
    number = ctx.pick(["twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"])
    items = ctx.sample([
        "a ban on imports of Russian liquefied natural gas into specific terminals",
        "additional export restrictions on dual-use goods and advanced technology",
        "a transaction ban on further banks", "the listing of additional vessels of the shadow fleet",
        "a lower price cap for Russian crude oil", "restrictions on aluminium imports",
        "a prohibition on providing software to Russian companies", "a ban on exports of machine tools",
    ], 2, 4)
    n = ctx.number(20, 200)
    title = ctx.pick([f"Russia: EU adopts {number} package of sanctions", f"Council adopts {number} package of restrictive measures against Russia"])
    body = join_sentences(f"The Council has adopted its {number} package of economic and individual restrictive measures against Russia.",
                          f"The package includes {en_list(items)}.", f"A further {n} individuals and entities are listed.",
                          ctx.pick(["Member states are responsible for enforcement.", "The measures are designed to reduce Russia's revenues.", ""]))
    topics = ["sanctions"]
    if "dual-use" in body or "machine tools" in body or "software" in body:
        topics.append("export_control")
    return Notice("en", "EU", "Council of the EU", title, join_paragraphs(body, ctx.pick(["", effective_en(ctx, 0, 1)])),
                  ctx.published.isoformat(), topics, "tightening", "eu_package")


GENERATORS_EN = [
    (bis_entity_list, 22), (lambda c: bis_entity_list(c, adding=False), 8), (new_export_control, 40), (eased_export_control, 24),
    (procedural_licensing, 26), (sanctions_designation, 30), (sanctions_easing, 14), (tariff_increase, 34),
    (tariff_decrease, 22), (tariff_procedural, 10), (commodity_export_ban, 16), (commodity_ban_lifted, 8),
    (import_licensing, 14), (eu_sanctions_package, 8),
]
