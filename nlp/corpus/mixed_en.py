"""English notices assembled from sentence pools per label, mixed with neutral context.

Each pool holds sentences written for one (topics, direction) class; neutral and
background sentences appear in every class and in negatives, so the classifier
has to rely on the words that carry the measure, not on the surrounding prose.
"""
from __future__ import annotations

from .common import Ctx, Notice, join_paragraphs, join_sentences

NEUTRAL = [
    "The department consulted industry associations and partner governments before taking the decision.",
    "Further information is available on the agency's website.",
    "Trade between the two economies reached a record level last year.",
    "The government has repeatedly said it seeks stable and predictable trade relations.",
    "Questions may be sent to the helpdesk by email.",
    "The minister said the government would keep the situation under review.",
    "The notice was published in the official gazette.",
    "Industry groups have asked for more time to adjust their supply chains.",
    "The agency will publish an updated list on its website.",
    "Several partner countries have taken similar steps in recent months.",
    "The text of the decision is set out in the annex.",
    "Officials briefed foreign embassies on the decision.",
    "The legal basis is the relevant trade statute.",
    "Companies with questions should consult their legal advisers.",
]

POOLS: dict[tuple[tuple[str, ...], str], dict[str, list[str]]] = {
    (("tariff",), "tightening"): {
        "title": ["Higher duties on imports of {goods}", "Tariff increase for {goods} from {country}", "New import surcharge on {goods}",
                  "Anti-dumping duties imposed on {goods}", "Surtax applies to {goods} from {country}", "Countervailing measures on {goods}"],
        "body": ["Imports of {goods} from {country} will be subject to an additional duty of {rate} percent.",
                 "The customs duty on {goods} is raised from {low} percent to {rate} percent.",
                 "A surtax of {rate} per cent will apply to {goods} originating in {country}.",
                 "The tariff-rate quota for {goods} is cut, and imports above the quota pay {rate} percent.",
                 "Definitive anti-dumping duties of up to {rate}% are imposed on {goods} from {country}.",
                 "The investigation found injurious subsidisation, and countervailing duties will be collected on {goods}.",
                 "Preferential tariff treatment for {country} is withdrawn, so the general rate applies to {goods}.",
                 "The exclusion for {goods} expires and the additional duty will be collected again.",
                 "Safeguard duties on {goods} are extended for a further three years."],
    },
    (("tariff",), "easing"): {
        "title": ["Duties on {goods} reduced", "Tariff cut for {goods}", "Additional tariffs on {goods} from {country} lifted",
                  "Duty exemption granted for {goods}", "Anti-dumping measures on {goods} expire", "Tariff relief for {goods}"],
        "body": ["The additional duty on {goods} from {country} is reduced from {rate} percent to {low} percent.",
                 "Imports of {goods} are exempted from customs duty for twelve months.",
                 "The surtax on {goods} is removed, and importers may claim refunds.",
                 "The anti-dumping duties on {goods} lapse because no expiry review was requested.",
                 "A zero-duty quota of {quantity} tonnes is opened for {goods}.",
                 "The retaliatory tariffs on {goods} are suspended while talks continue.",
                 "Most-favoured-nation duties on {goods} are eliminated to lower costs for manufacturers.",
                 "Goods from {country} will again benefit from preferential tariff treatment."],
    },
    (("tariff",), "procedural"): {
        "title": ["Procedures for tariff exclusion requests", "Technical corrections to tariff headings", "Declaration requirements for goods subject to additional duties",
                  "Extension of deadline in anti-dumping investigation", "Registration of imports of {goods}"],
        "body": ["Importers must state the country of origin of the {goods} on the entry using the new statistical suffix.",
                 "The deadline for comments in the review of the duties on {goods} is extended by 30 days.",
                 "Technical corrections are made to the headings listed in the annex; the duty rates are unchanged.",
                 "Customs will register imports of {goods} so that duties can be collected retroactively if measures are adopted.",
                 "Requests for exclusion from the additional duties must be filed on the online portal.",
                 "The rules for calculating the value of {goods} for duty purposes are clarified."],
    },
    (("sanctions",), "tightening"): {
        "title": ["Sanctions imposed on {count} entities", "New designations target {country}", "Asset freeze on {country} officials",
                  "Embargo on arms sales to {country} tightened", "Restrictive measures against {country} extended"],
        "body": ["The government designated {count} individuals and entities, freezing their assets and banning their travel.",
                 "All property of the listed persons is blocked, and making funds available to them is prohibited.",
                 "The restrictive measures against {country} are extended for another year and {count} names are added.",
                 "The sanctions target companies that help {country} evade existing restrictions.",
                 "Financial institutions must freeze accounts held by the designated persons without delay.",
                 "Transactions with the listed vessels and their operators are prohibited.",
                 "The arms embargo on {country} now also covers related technical assistance and brokering."],
    },
    (("sanctions",), "easing"): {
        "title": ["Sanctions on {country} eased", "Persons removed from sanctions list", "General licence authorises transactions with {country}",
                  "Asset freeze lifted for {count} entities"],
        "body": ["{count} individuals and entities are removed from the consolidated list, and their assets are unfrozen.",
                 "A general licence authorises humanitarian and agricultural trade with {country}.",
                 "Restrictions on the financial sector of {country} are suspended for six months.",
                 "The listing of the company is revoked following a court ruling.",
                 "The sanctions regime against {country} is terminated, although some individual designations remain."],
    },
    (("sanctions",), "procedural"): {
        "title": ["Updated guidance on sanctions reporting", "New form for sanctions licence applications", "Sanctions list published in new format"],
        "body": ["Firms must report frozen assets using the new online form.",
                 "The consolidated list is now published in a machine-readable format; the listed persons do not change.",
                 "The guidance explains how to apply for a specific licence and what evidence to provide.",
                 "The contact address for sanctions licensing has changed."],
    },
    (("export_control",), "tightening"): {
        "title": ["Export ban on {item}", "Exports of {item} prohibited to {country}", "Controls on {item} expanded", "Catch-all control extended"],
        "body": ["Exports of {item} to {country} are prohibited.",
                 "The export of {item} is banned to safeguard domestic supply.",
                 "New catch-all provisions cover any item intended for military end uses in {country}.",
                 "The control list is amended to add {item}.",
                 "Re-exports of {item} of national origin are now subject to the controls.",
                 "The de minimis threshold for foreign-made items containing controlled content is lowered."],
    },
    (("export_control", "licensing"), "tightening"): {
        "title": ["Licence requirement for {item}", "New export licensing for {item}", "Controls and licensing for {item} to {country}"],
        "body": ["An export licence is now required for {item} destined for {country}.",
                 "Exporters of {item} must obtain prior authorisation; applications will be reviewed case by case.",
                 "A licence will be needed for {item}, and most applications will be denied.",
                 "{item} are added to the control list, and exporters need an individual licence for every shipment.",
                 "License exceptions are no longer available for {item} bound for {country}."],
    },
    (("export_control", "licensing"), "easing"): {
        "title": ["Licence requirement for {item} lifted", "General licence for {item}", "Easier licensing for exports to {country}",
                  "{item} decontrolled for partner countries"],
        "body": ["The licence requirement for {item} to {country} is removed.",
                 "A general licence now allows exports of {item} to trusted partners without individual applications.",
                 "Licence processing times for {item} are cut and licences will be valid for three years instead of one.",
                 "{country} is added to the list of destinations eligible for the licence exception.",
                 "Exporters may ship {item} under a bulk licence rather than applying for each consignment.",
                 "The previously imposed licence requirements have been rescinded."],
    },
    (("export_control",), "easing"): {
        "title": ["Export ban on {item} lifted", "Restrictions on {item} exports relaxed", "{item} removed from control list"],
        "body": ["The export ban on {item} is lifted.", "{item} are removed from the control list and can be exported freely.",
                 "The minimum export price for {item} is withdrawn and exports are allowed again.",
                 "The prohibition on exporting {item} to {country} is suspended."],
    },
    (("export_control", "licensing"), "procedural"): {
        "title": ["New online system for export licence applications", "Revised end-user certificate form", "Clarification of classification rules for {item}"],
        "body": ["Licence applications for {item} must now be submitted through the electronic system.",
                 "The end-user certificate form has been revised; old forms are accepted until the end of the transition period.",
                 "The agency has clarified how exporters should classify {item}; the controls themselves are unchanged.",
                 "Licence holders must file shipment reports every quarter instead of once a year.",
                 "Classification requests should be sent to the new licensing unit."],
    },
    (("licensing",), "tightening"): {
        "title": ["Import licence requirement for {goods}", "Import quota for {goods} tightened", "Automatic import licensing ends for {goods}"],
        "body": ["Imports of {goods} will require a licence from the trade ministry.", "The annual import quota for {goods} is cut by a third.",
                 "Importers of {goods} must now apply for non-automatic licences.", "The import policy for {goods} is changed from free to restricted."],
    },
    (("licensing",), "easing"): {
        "title": ["Import licensing for {goods} simplified", "Quota for {goods} increased", "Import licence no longer needed for {goods}"],
        "body": ["The import licence requirement for {goods} is abolished.", "The import quota for {goods} is raised by {quantity} tonnes.",
                 "Licences for {goods} will be granted automatically within three days."],
    },
    (("export_control", "licensing", "sanctions"), "tightening"): {
        "title": ["{count} companies added to export blacklist", "Entities in {country} added to the restricted parties list"],
        "body": ["{count} companies in {country} are added to the list of entities for which a licence is required for all exports.",
                 "Exports of any controlled goods to the listed entities will need a licence, which will normally be refused.",
                 "The listed end users are barred from receiving items subject to the regulations without authorisation."],
    },
    (("export_control", "licensing", "sanctions"), "easing"): {
        "title": ["Entities removed from export blacklist", "Restricted parties list: removals"],
        "body": ["{count} entities are removed from the restricted parties list, and exports to them no longer need a licence.",
                 "Following a review, the listing of the companies in {country} is revoked."],
    },
}

NEGATIVE_POOL = {
    "title": ["Trade ministers discuss export controls", "Report on {goods} trade published", "Seminar on sanctions compliance",
              "Minister visits {goods} plant", "Statement on the trade talks with {country}", "Consultation on future tariff policy",
              "Annual review of licensing statistics", "Officials meet business leaders on supply chains", "Export figures for {goods}"],
    "body": ["Officials from both sides exchanged views on export controls, tariffs and sanctions and agreed to keep talking.",
             "Exports of {goods} rose by {low} percent in the first quarter, according to customs figures.",
             "The seminar explained how exporters can apply for licences and screen customers against sanctions lists.",
             "The minister toured a factory producing {goods} and praised the sector's growth.",
             "The government is seeking views on possible changes to tariff policy; no decision has been taken.",
             "The report shows that {count} licence applications were processed last year, most within twenty days.",
             "Business leaders raised concerns about duties and export restrictions imposed by other countries.",
             "The spokesperson said the government was studying the measures announced by {country}.",
             "Analysts expect demand for {goods} to remain strong despite tariffs in major markets."],
}

GOODS = ["steel", "aluminium", "solar panels", "electric vehicles", "rice", "wheat", "fertiliser", "copper cathodes", "lithium",
         "semiconductors", "rare earth magnets", "textiles", "pork", "dairy products", "tyres", "glass", "paper", "machine tools"]
ITEMS = ["drones", "machine tools", "advanced chips", "lithography equipment", "encryption software", "gallium", "graphite anodes",
         "satellite components", "night-vision devices", "chemical precursors", "high-end sensors", "quantum computers", "rare earth technology"]
COUNTRIES = ["Russia", "Iran", "China", "Belarus", "North Korea", "Myanmar", "Venezuela", "Syria", "India", "Türkiye", "the United States"]


def _fill(ctx: Ctx, template: str) -> str:
    return template.format(goods=ctx.pick(GOODS), item=ctx.pick(ITEMS), country=ctx.pick(COUNTRIES), rate=ctx.pick([10, 15, 20, 25, 35, 50, 100]),
                           low=ctx.pick([0, 2, 5, 7]), count=ctx.number(2, 90), quantity=ctx.number(10, 500) * 1000)


def _closing(ctx: Ctx) -> str:
    return ctx.pick([f"The measure applies from {ctx.en_date(ctx.later(0, 40))}.", f"It takes effect on {ctx.en_date(ctx.later(0, 40))}.",
                     "It is effective immediately.", f"Effective {ctx.en_date(ctx.later(0, 40))}.", "", ""])


def mixed_measure(ctx: Ctx) -> Notice:
    (topics, direction), pool = ctx.pick(list(POOLS.items()))
    title = _fill(ctx, ctx.pick(pool["title"]))
    body = [_fill(ctx, s) for s in ctx.sample(pool["body"], 1, 3)]
    neutral = ctx.sample(NEUTRAL, 0, 2)
    sentences = body + neutral
    ctx.rng.shuffle(sentences)
    sentences.insert(0, body[0]) if body[0] != sentences[0] else None
    text = join_paragraphs(join_sentences(*dict.fromkeys(sentences)), _closing(ctx))
    return Notice("en", ctx.pick(["US", "EU", "GB", "JP", "KR", "IN", "AU", "CA", "TW", "SG", "ID", "MX", "BR", "ZA", "NZ"]), "mixed",
                  title, text, ctx.published.isoformat(), list(topics), direction, "mixed")


def mixed_negative(ctx: Ctx) -> Notice:
    title = _fill(ctx, ctx.pick(NEGATIVE_POOL["title"]))
    sentences = [_fill(ctx, s) for s in ctx.sample(NEGATIVE_POOL["body"], 1, 3)] + ctx.sample(NEUTRAL, 0, 2)
    ctx.rng.shuffle(sentences)
    return Notice("en", ctx.pick(["US", "EU", "GB", "JP", "KR", "IN", "AU", "CA"]), "mixed", title, join_sentences(*sentences),
                  ctx.published.isoformat(), [], None, "mixed_negative")


GENERATORS_MIXED_EN = [(mixed_measure, 160), (mixed_negative, 60)]
