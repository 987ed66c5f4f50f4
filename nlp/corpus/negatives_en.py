"""English notices that use the vocabulary of trade controls but announce no measure."""
from __future__ import annotations

from .common import Ctx, Notice, join_paragraphs, join_sentences
from .english import COUNTRIES, PARTNERS

JURISDICTIONS = [("US", "Department of Commerce"), ("GB", "Department for Business and Trade"), ("EU", "European Commission"),
                 ("JP", "METI"), ("KR", "MOTIE"), ("IN", "Ministry of Commerce and Industry"), ("AU", "DFAT"),
                 ("CA", "Global Affairs Canada"), ("TW", "MOEA"), ("ID", "Ministry of Trade"), ("SG", "MTI"), ("DE", "BAFA")]
PRODUCTS = ["semiconductors", "rare earths", "steel", "aluminium", "gallium", "lithium", "nickel products", "rice", "coal",
            "electric vehicles", "copper", "graphite", "machinery", "solar cells", "chips", "crude oil", "wheat"]


def _news(ctx: Ctx, kind: str, title: str, *paragraphs: str) -> Notice:
    jur, source = ctx.pick(JURISDICTIONS)
    return Notice("en", jur, source, title, join_paragraphs(*paragraphs), ctx.published.isoformat(), [], None, kind)


def trade_statistics(ctx: Ctx) -> Notice:
    product = ctx.pick(PRODUCTS)
    change = ctx.pick(["rose", "fell", "increased", "declined", "were broadly flat"])
    pct = ctx.number(1, 45)
    title = ctx.pick([f"Exports of {product} {change} {pct}% in the first half", f"Monthly trade in goods: {ctx.pick(['April', 'June', 'October'])} figures",
                      f"Customs data show {product} shipments {change}", "Quarterly merchandise trade statistics released"])
    return _news(ctx, "statistics", title,
                 join_sentences(f"Exports of {product} {change} by {pct} percent year on year, according to customs statistics.",
                                ctx.pick([f"Shipments to {ctx.pick(PARTNERS)} accounted for the largest share.",
                                          "Analysts attributed the change to export controls and tariffs introduced by several economies last year.",
                                          "The trade surplus narrowed as import values increased."])),
                 ctx.pick(["The figures are provisional and will be revised next month.",
                           "The statistics office does not comment on the effect of specific tariff or licensing measures.",
                           "Detailed tables by HS chapter are available on the website."]))


def ministerial_meeting(ctx: Ctx) -> Notice:
    partner = ctx.pick(PARTNERS + ["the G7", "the G20", "ASEAN"])
    topic = ctx.pick(["export controls", "supply chains for critical minerals", "sanctions coordination", "tariffs", "economic security",
                      "semiconductor supply chains", "trade remedies"])
    title = ctx.pick([f"Minister meets counterpart from {partner}", f"Trade ministers discuss {topic}",
                      f"Joint statement after dialogue with {partner}", f"Ministers' meeting held on {topic}"])
    return _news(ctx, "meeting", title,
                 join_sentences(f"The minister held talks with a delegation from {partner} on {topic}, market access and investment.",
                                ctx.pick(["Both sides agreed to keep communication channels open and to strengthen cooperation.",
                                          "The parties exchanged views on each other's export control systems and agreed to meet again next year.",
                                          "The ministers expressed concern about the use of tariffs and coercive measures and committed to dialogue."])),
                 ctx.pick(["No new measures were announced.", "A working group will report to ministers at the next meeting.",
                           "The meeting was held in a constructive atmosphere."]))


def speech_or_testimony(ctx: Ctx) -> Notice:
    title = ctx.pick(["Secretary delivers remarks at export control conference", "Under Secretary testifies before Senate committee",
                      "Minister's speech on economic security", "Keynote address at annual update conference"])
    return _news(ctx, "speech", title,
                 join_sentences(ctx.pick(["In prepared remarks, the official described the department's work on export enforcement and sanctions.",
                                          "The testimony reviewed the budget request for export control enforcement and licensing staff.",
                                          "The speech set out priorities for protecting sensitive technologies and working with allies on controls."]),
                                ctx.pick(["The official highlighted the number of licence applications processed last year.",
                                          "She said the government would continue to assess risks from advanced chips and critical minerals.",
                                          "He called on industry to strengthen compliance programmes."])),
                 "The full text of the remarks is available on the website.")


def trade_fair(ctx: Ctx) -> Notice:
    title = ctx.pick(["International trade fair opens with record exhibitors", "Pavilion showcases exporters at industry expo",
                      "Buyers meet suppliers at sourcing week"])
    return _news(ctx, "fair", title,
                 join_sentences(f"More than {ctx.number(200, 4000)} companies from {ctx.number(20, 150)} countries are exhibiting {ctx.pick(PRODUCTS)}, machinery and consumer goods.",
                                "Organisers expect deals worth several billion dollars.", "Trade promotion agencies organised business matchmaking sessions."))


def annual_report(ctx: Ctx) -> Notice:
    year = ctx.published.year - 1
    title = ctx.pick([f"Strategic Export Controls Annual Report {year}", f"Annual report on sanctions implementation {year}",
                      f"Report to Congress on export control enforcement, fiscal year {year}", f"Trade remedies annual review {year}"])
    return _news(ctx, "report", title,
                 join_sentences(f"The report sets out the number of export licence decisions, refusals and revocations during {year}.",
                                "It describes enforcement actions, outreach to exporters and cooperation with international partners.",
                                ctx.pick(["The report does not change any policy.", "It is laid before Parliament for information.",
                                          "Statistics on licensing processing times are included in an annex."])))


def outreach_event(ctx: Ctx) -> Notice:
    place = ctx.pick(["Bengaluru", "Osaka", "Manchester", "Houston", "Busan", "Taichung", "Melbourne", "Toronto"])
    title = ctx.pick([f"Export control outreach programme in {place}", f"Seminar on sanctions compliance for exporters in {place}",
                      "Webinar: introduction to licence applications", "Industry training on classification of dual-use items"])
    return _news(ctx, "outreach", title,
                 join_sentences(f"The agency will hold an outreach event in {place} to raise awareness of export controls, sanctions and licensing procedures.",
                                "Speakers will explain how to classify products, screen end users and build internal compliance programmes.",
                                ctx.pick(["Participation is free, but registration is required.", "Slides will be published after the event."])))


def advisory_committee(ctx: Ctx) -> Notice:
    committee = ctx.pick(["Information Systems Technical Advisory Committee", "Materials and Equipment Technical Advisory Committee",
                          "Emerging Technology Technical Advisory Committee", "Sensors and Instrumentation Technical Advisory Committee",
                          "Regulations and Procedures Technical Advisory Committee"])
    date = ctx.en_date(ctx.later(15, 40))
    return _news(ctx, "committee", f"{committee}: meeting on {date}",
                 f"The {committee} meets on {date} to give technical advice to the government on its export control lists.",
                 "Members of the public may attend the first half, where companies present their products and members review draft changes; the second half is held in private.",
                 "Written statements may be submitted to the committee's executive secretary.")


def consultation(ctx: Ctx) -> Notice:
    subject = ctx.pick(["possible controls on emerging technologies", "the review of the dual-use export control regulation",
                        "a draft list of critical minerals", "future trade remedy reforms", "options for outbound investment screening",
                        "the economic security strategy", "a possible safeguard investigation"])
    title = ctx.pick([f"Call for evidence on {subject}", f"Request for public comment: {subject}", f"White paper on {subject}",
                      f"Advance notice of proposed rulemaking on {subject}"])
    return _news(ctx, "consultation", title,
                 join_sentences(f"The government is seeking views on {subject}.",
                                "Respondents are invited to describe the likely effects on trade, supply chains and competitiveness.",
                                ctx.pick(["The consultation does not itself change any rules.", "No decision has been taken.",
                                          "Any proposals would be subject to further consultation before adoption."])),
                 f"Comments must be received by {ctx.en_date(ctx.later(20, 60))}.")


def personnel(ctx: Ctx) -> Notice:
    title = ctx.pick(["New Assistant Secretary for Export Enforcement sworn in", "Appointment of Director General of Trade Remedies",
                      "Vacancy: licensing officer, export control unit", "Head of sanctions unit appointed"])
    return _news(ctx, "personnel", title,
                 join_sentences(ctx.pick(["The new official has served in export enforcement and sanctions roles for two decades.",
                                          "The post involves assessing export licence applications and advising on tariffs and sanctions policy.",
                                          "Applicants should have experience in trade law and regulatory compliance."]),
                                ctx.pick(["The appointment takes effect next month.", "Applications close at the end of the month.", ""])))


def commentary(ctx: Ctx) -> Notice:
    country = ctx.pick(COUNTRIES + PARTNERS)
    measure = ctx.pick(["export controls on chips", "new tariffs", "sanctions on its companies", "an entity list", "anti-dumping duties"])
    title = ctx.pick([f"Spokesperson comments on {country}'s {measure}", f"Statement on {measure} announced by {country}",
                      f"Government responds to questions on {measure}"])
    return _news(ctx, "commentary", title,
                 join_sentences(f"Asked about {measure} announced by {country}, the spokesperson said the government was studying the measures closely.",
                                ctx.pick(["She urged all parties to avoid unilateral steps that disrupt supply chains.",
                                          "He said the government would respond if necessary but announced no action.",
                                          "The spokesperson declined to comment on possible countermeasures."])))


def market_news(ctx: Ctx) -> Notice:
    product = ctx.pick(PRODUCTS)
    title = ctx.pick([f"{product.capitalize()} prices climb on supply worries", f"Industry group reports record {product} output",
                      f"Company expands {product} plant"])
    return _news(ctx, "market", title,
                 join_sentences(f"Prices of {product} rose to a two-year high as buyers worried about export restrictions and tariffs.",
                                ctx.pick(["Producers said they were investing in new capacity.", "Traders expect volatility to continue.",
                                          "The company said the new line would serve customers in Europe and Asia."])))


def anniversary_or_policy_review(ctx: Ctx) -> Notice:
    title = ctx.pick(["Ten years of the strategic trade control system", "Explainer: how export controls work",
                      "Frequently asked questions about tariffs", "Guide to trade remedies for small businesses"])
    return _news(ctx, "explainer", title,
                 join_sentences("This page explains the purpose of export controls, sanctions and tariffs and how the different agencies share responsibility.",
                                "It summarises rules already in force and links to the relevant legislation.",
                                "It does not introduce new requirements."))


GENERATORS_NEG_EN = [
    (trade_statistics, 22), (ministerial_meeting, 22), (speech_or_testimony, 14), (trade_fair, 10), (annual_report, 12),
    (outreach_event, 14), (advisory_committee, 10), (consultation, 18), (personnel, 10), (commentary, 16),
    (market_news, 14), (anniversary_or_policy_review, 8),
]
