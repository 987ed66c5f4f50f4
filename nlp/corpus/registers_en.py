"""English notices in the registers real bulletins use, for every label alike.

Real notices wrap a one- or two-sentence measure in long, fixed page furniture: a
Federal Register preamble (AGENCY, ACTION, SUMMARY, DATES, ADDRESSES, FOR FURTHER
INFORMATION CONTACT, SUPPLEMENTARY INFORMATION), an OFAC "Recent Actions" entry, a
GOV.UK notice (Details, What you need to do, Contact), an Official Journal act
(Having regard, Whereas, HAS ADOPTED, Article), an Indian notification (In exercise of
the powers conferred ..., Effect of this Notification) or a ministry press release.
Each register here is filled with measures of every topic and direction and with
notices that change nothing, so the wrapping carries no label and the classifier
has to find the measure inside it.
"""
from __future__ import annotations

from collections.abc import Callable

from .common import Ctx, Notice, join_paragraphs

Core = tuple[list[str], list[str], list[str]]  # (title templates, opening sentences, further sentences)

SANCTIONED = ["Russia", "Iran", "Belarus", "North Korea", "Syria", "Venezuela", "Myanmar", "Nicaragua", "Sudan", "Mali",
              "the Democratic Republic of the Congo", "Zimbabwe", "Libya", "Yemen"]
PARTNER = ["Japan", "Australia", "Canada", "New Zealand", "Norway", "Switzerland", "the Republic of Korea", "India",
           "Singapore", "Israel", "Mexico", "Brazil"]
PRODUCTS = ["hot-rolled steel coils", "aluminium extrusions", "solar glass", "optical fibre cable", "ceramic tiles", "tin mill products",
            "biodiesel", "monosodium glutamate", "polyethylene terephthalate", "hardwood plywood", "electric bicycles",
            "mobile access equipment", "epoxy resins", "titanium dioxide", "glass fibre fabrics", "citric acid",
            "copper tubes", "wind towers", "lysine", "ferrosilicon", "graphite electrodes", "cold-rolled stainless steel",
            "passenger car tyres", "polyvinyl alcohol", "fasteners", "silicon metal"]
CONTROLLED = ["integrated circuits for artificial intelligence", "wafer fabrication equipment", "quantum computing items",
              "cryogenic refrigeration systems", "high-performance computers", "deposition tools", "extreme ultraviolet masks",
              "unmanned aircraft and their parts", "marine propulsion equipment", "night vision cameras", "spacecraft components",
              "gas turbine engine parts", "encryption items", "toxins and pathogens", "nerve agent precursors",
              "machine tools", "lasers and optical sensors", "gallium nitride substrates", "rare earth magnets", "germanium wafers",
              "tungsten heavy alloy", "lithium battery technology", "navigation equipment", "dual-use items"]
ACTIVITIES = ["the delivery of humanitarian aid", "the wind-down of contracts", "civil aviation safety", "the export of agricultural goods and medicine",
              "telecommunications services", "the maintenance of diplomatic missions", "the payment of pensions", "energy transactions",
              "the closing of accounts", "legal services", "the divestment of shares", "port and airport operations"]


def _values(ctx: Ctx) -> dict[str, object]:
    """One set of names and numbers per notice, so the title and the body speak of the same goods."""
    return dict(
        country=ctx.pick(SANCTIONED), partner=ctx.pick(PARTNER), product=ctx.pick(PRODUCTS), item=ctx.pick(CONTROLLED),
        activity=ctx.pick(ACTIVITIES), n=ctx.number(2, 120), rate=ctx.pick(["10", "12.5", "15", "20", "25", "35.6", "50", "100"]),
        gl=f"{ctx.number(1, 130)}{ctx.pick(['', 'A', 'B', 'C', 'D'])}", year=ctx.published.year, days=ctx.pick([15, 30, 45, 60]),
    )


# (topics, direction) -> cores. Each core: title templates, the sentence that states the
# measure (one is picked for the summary), and sentences that add detail.
MEASURES: dict[tuple[tuple[str, ...], str], list[Core]] = {
    (("export_control", "licensing", "sanctions"), "tightening"): [
        (["New entries on the Entity List", "Entity List additions and revisions", "{n} parties added to the list of end users of concern"],
         ["This rule adds {n} entities located in {country} and third countries to the Entity List.",
          "The government has placed {n} foreign companies on the end-user list because they procure items for weapons programmes."],
         ["A licence is required for every item subject to the regulations, and applications will be reviewed under a presumption of denial.",
          "No licence exceptions may be used for exports, reexports or transfers to the listed parties.",
          "Exporters must apply for permission before shipping any controlled item to these end users."]),
    ],
    (("export_control", "licensing", "sanctions"), "easing"): [
        (["Removal of entities from the Entity List", "Entity List: removals following requests for reconsideration",
          "{n} companies deleted from the end-user list"],
         ["This rule removes {n} entries from the Entity List after the committee granted their removal requests.",
          "Following a review of their ownership and conduct, {n} foreign companies are deleted from the end-user list."],
         ["Shipments to these parties no longer need a licence on account of the listing.",
          "The licence requirements that apply to the items themselves are not affected by the removal."]),
    ],
    (("export_control", "licensing"), "tightening"): [
        (["New controls on {item}", "Export controls on {item}", "Revisions to controls on {item}"],
         ["This rule imposes new export controls on {item}.",
          "The amended control list adds {item} to the goods that need an export licence.",
          "Export authorisation is now required for {item} shipped to any destination outside the partner group."],
         ["Applications will be reviewed case by case, with a policy of denial for military end users.",
          "The foreign direct product rule is extended to cover the new items.",
          "Exporters must obtain an individual licence before shipment."]),
    ],
    (("export_control", "licensing"), "easing"): [
        (["Licence exception broadened for exports of {item} to {partner}", "Open general licence for {item}",
          "Removal of licence requirements for {item} to close partners", "{partner} added to the favourable country group"],
         ["This rule removes the licence requirement for {item} exported to {partner}.",
          "A new open general licence allows {item} to be exported to {partner} without an individual licence.",
          "{partner} is placed in the group of destinations eligible for bulk licences and licence exceptions.",
          "Exporters may now ship {item} to {partner} under a general authorisation instead of applying case by case.",
          "The temporary general licence allowing exports of {item} to existing customers is extended for another year.",
          "{partner} is again treated as a trusted destination, so exporters regain access to bulk licences."],
         ["Users of the general licence must register before first use and keep records for four years.",
          "Fewer shipments will need individual applications, which is expected to save exporters time and cost.",
          "Licence-free treatment applies to most items; a short excluded list still needs a permit."]),
    ],
    # How to apply for a licence is the licence regime's procedure (licensing), not a change to the controls.
    (("licensing",), "procedural"): [
        (["New online system for export licence applications", "Licensing portal replaces legacy application system",
          "Electronic submission of export licence applications"],
         ["From the stated date, export licence applications must be lodged through the new online portal.",
          "The legacy electronic licensing system will stop accepting new applications and cases will move to the new platform.",
          "Applicants will file licence requests and receive licences as electronic data through the customs single window."],
         ["Pending applications will be migrated automatically and keep their reference numbers.",
          "Users must register and nominate an administrator for their company account.",
          "Which items are controlled and how applications are assessed stay exactly as before."]),
        (["Revised application form for export authorisation", "New contact details for the licensing helpline",
          "Change of licence-issuing offices"],
         ["Applicants must use the revised application form, which records end-user details in a structured format.",
          "The licensing helpline moves to a new number and enquiries should be sent through the online form.",
          "Licences will be issued by the regional offices instead of headquarters from the stated date."],
         ["There is no change in the policy for any item.",
          "Licences already issued remain valid until they expire.",
          "Opening hours and processing times are unchanged."]),
    ],
    (("export_control",), "procedural"): [
        (["Technical corrections to the control regulations", "Frequently asked questions on the {item} rule",
          "Guidance on classifying {item}", "Extension of comment period on proposed controls on {item}"],
         ["This document corrects cross-references and typographical errors in the control regulations.",
          "New frequently asked questions explain how exporters should apply the existing controls on {item}.",
          "The agency extends by {days} days the period for comments on its proposed rule concerning {item}.",
          "This notice clarifies the interpretation of the control entry for {item}.",
          "The period for public comment on the proposed controls on {item} is reopened for {days} days at the request of industry.",
          "Updated answers to frequently asked questions explain how to measure the performance thresholds in the existing {item} controls."],
         ["The guidance does not amend the regulations or change the scope of any control.",
          "The corrections are technical and make no substantive change, so prior notice and comment are unnecessary.",
          "The proposed rule itself is unchanged; only the deadline for comments moves.",
          "Exporters unsure about a specific product may ask for a formal classification."]),
    ],
    (("export_control",), "tightening"): [
        (["Export policy of {product} amended from Free to Prohibited", "Prohibition on exports of {item} to {country}"],
         ["The export policy of {product} is amended from 'Free' to 'Prohibited' with immediate effect.",
          "The export, sale or supply of {item} to {country} is prohibited."],
         ["Transitional arrangements apply only where loading had begun before this notification.",
          "Brokering and technical assistance related to these goods are prohibited as well."]),
    ],
    (("export_control",), "easing"): [
        (["Export policy of {product} amended from Prohibited to Free", "Export prohibition on {product} lifted"],
         ["The export policy of {product} is amended from 'Prohibited' to 'Free'.",
          "The earlier prohibition on exports of {product} is withdrawn, and shipments may resume."],
         ["Exports are permitted subject to registration of contracts with the export promotion council.",
          "A minimum export price continues to apply."]),
    ],
    (("sanctions",), "tightening"): [
        (["Designations under the {country} sanctions programme", "Financial sanctions notice: {country}",
          "Council adds {n} persons to the {country} sanctions list", "Treasury sanctions procurement network supplying {country}"],
         ["{n} individuals and entities have been designated and added to the list of persons subject to an asset freeze.",
          "All property and interests in property of the persons identified today are blocked.",
          "The Council added {n} persons and entities to the list of those subject to restrictive measures in respect of {country}."],
         ["Making funds or economic resources available to them is prohibited unless a licence is granted.",
          "Institutions must freeze any accounts and report what they hold.",
          "Entities owned 50 percent or more by the listed persons are also covered."]),
    ],
    (("sanctions",), "easing"): [
        (["Issuance of {country}-related General License {gl}", "General licence for {activity}", "{country}-related designation removals",
          "Council suspends restrictive measures on {country}", "Amended general licence extends authorisation for {activity}"],
         ["OFAC is issuing General License {gl}, which authorizes transactions ordinarily incident and necessary to {activity}.",
          "A general licence permits payments and dealings needed for {activity} that would otherwise be prohibited.",
          "{n} persons have been removed from the sanctions list and their property is no longer blocked.",
          "The Council suspended the sectoral restrictions on {country} concerning banking, energy and transport.",
          "The amended licence extends the authorization for {activity} to a later expiry date.",
          "The general licence that allows {activity} is extended, and its scope now also covers related payments."],
         ["The licence replaces and supersedes the previous version.",
          "The authorization now runs for a further six months.",
          "U.S. persons may now engage in these dealings without applying for a specific license.",
          "Frozen funds of the delisted parties may be released.",
          "Persons relying on the licence must report their activity within 30 days."]),
    ],
    (("sanctions",), "procedural"): [
        (["Electronic reporting of blocked property", "New online sanctions portal", "Frequently asked questions on the {country} regulations",
          "Publication of consolidated list in a new format"],
         ["Reports of blocked property and rejected transactions must now be filed through the online reporting system.",
          "Permit applications and breach reports should be lodged through the new sanctions portal.",
          "New frequently asked questions explain how the existing prohibitions apply to {activity}.",
          "The consolidated list will be published in a new data format from the stated date.",
          "Additional answers to frequently asked questions set out how insurers, shippers and banks meet the existing {country} obligations."],
         ["Who must report and the deadlines for reporting do not change.",
          "No persons are added or removed and no licence is changed.",
          "The guidance describes existing requirements only."]),
    ],
    (("tariff",), "tightening"): [
        (["Definitive anti-dumping duty on {product} from {country}", "Additional duties on {product}",
          "Extension of the safeguard measure on {product}", "Expiry review: duties on {product} maintained"],
         ["A definitive anti-dumping duty of up to {rate} % is imposed on imports of {product}.",
          "An additional ad valorem duty of {rate} percent applies to imports of {product}.",
          "The safeguard measure on {product} is extended for a further two years.",
          "Following the expiry review, the duties on {product} will continue to be collected for five years."],
         ["The provisional duties are collected definitively.",
          "Goods in transit before the effective date are not affected.",
          "The rates for individual exporters are set out in the annex."]),
    ],
    (("tariff",), "easing"): [
        (["Extension of exclusions from the additional duties", "Remission of surtaxes on {product}", "Tariff suspensions for manufacturing inputs",
          "Termination of anti-dumping measures on {product}", "Autonomous tariff quotas for {product}", "Products removed from the scope of the additional tariffs",
          "Quota tariffs to lower prices of {product}"],
         ["The exclusions for {n} products are extended, so those goods remain outside the additional duties.",
          "Remission of the surtax is granted for {product} used in domestic manufacturing.",
          "Import duties on {n} manufacturing inputs are suspended until further notice.",
          "The dumping duty notice for {product} is revoked and duties will no longer be collected.",
          "A zero-duty tariff quota is opened for {product}.",
          "The products listed in the annex shall no longer be subject to the additional tariffs.",
          "Quota tariffs temporarily lower the customs duty on {product} to zero."],
         ["Duties paid on goods entered after the effective date will be refunded.",
          "Importers may claim the relief through the customs declaration.",
          "The change is expected to reduce costs for manufacturers and consumers."]),
        # The outcome of a review or an expiry inquiry is a measure; opening one is not (see NEGATIVES).
        (["Outcome of review: measures on {product} revoked", "Countervailing duties on {product} end after expiry review",
          "Autonomous tariff quotas opened for manufacturing inputs"],
         ["Following a review, the Minister has decided to revoke the anti-dumping measures on {product}, so no duty is payable on later entries.",
          "The expiry review found no likelihood that injury would recur, and the countervailing duties on {product} come to an end.",
          "Within the quota volumes listed in the annex, {product} may be imported at a zero rate of duty.",
          "The Council opens new autonomous tariff quotas so that manufacturers can import {product} without customs duty."],
         ["Securities taken on earlier entries will be released.",
          "The quotas are managed on a first-come, first-served basis.",
          "The Commissioner's recommendation was accepted in full."]),
        # Extensions that keep trade open: "extend" is not a tightening word in itself.
        (["Extension of tariff suspensions for {product}", "Temporary duty exemption for {product} extended",
          "Extension of product exclusions", "Additional duty on {product} reduced"],
         ["The suspension of import duties on {product} is extended for another two years.",
          "The temporary exemption of {product} from the additional duties is prolonged until the end of next year.",
          "The exclusion process is reopened and {n} exclusions that were due to expire are extended.",
          "The additional duty on {product} is cut from {rate} percent to zero."],
         ["Without this extension the goods would again have paid the full rate.",
          "Importers need take no action; the reduced rate applies automatically at entry.",
          "Goods covered remain free of the additional duties while the extension lasts."]),
    ],
    (("tariff",), "procedural"): [
        (["Registration of imports of {product}", "Correction of a language version of the duty regulation",
          "Guidance on declaring goods subject to the additional duties", "Extension of time limits in the review of {product}"],
         ["Customs authorities are directed to register imports of {product} so that duties could later be applied from the date of registration.",
          "This act corrects an error in one language version of the regulation imposing duties on {product}; other versions are unaffected.",
          "Importers must report the metal content on separate lines of the entry summary.",
          "The deadline for submissions in the review concerning {product} is extended by {days} days."],
         ["The duty rates are not changed.",
          "Entries that do not follow the new reporting format will be rejected.",
          "Registration does not by itself impose any duty."]),
    ],
}

NEGATIVES: list[Core] = [
    (["Request for comments on {item} supply chains", "Notice of public hearing on trade in {product}"],
     ["The agency invites written comments on supply chains for {item}; it has made no decision on any action.",
      "A public hearing will be held to collect views on imports of {product}."],
     ["Comments must be submitted through the online portal.", "Nothing in this notice changes any current requirement."]),
    (["Notice of initiation of an anti-dumping proceeding concerning {product}", "Section 232 investigation of imports of {product} initiated"],
     ["Having received a complaint, the authority initiates an investigation into imports of {product}.",
      "The department has opened an investigation into whether imports of {product} threaten national security."],
     ["Interested parties may make themselves known within the stated period.", "No measure applies while the investigation is under way."]),
    (["Judgment in an action against a sanctions listing", "Court rules on a challenge to a sanctions designation"],
     ["The court rejected the applicant's request to annul the decisions that kept him listed.",
      "In the court's view the material the Council had gathered was enough to support the designation."],
     ["Either party may appeal, on questions of law only, within two months.", "The judgment does not alter the list."]),
    (["Annual report on export licensing", "Sanctions implementation: annual review", "Export control statistics for the quarter"],
     ["The report describes licensing, enforcement and outreach work during the year.",
      "The review records the number of breach reports received and the value of frozen assets.",
      "The release gives the number of licence applications processed and the share completed within target."],
     ["It contains no new requirements.", "The figures are provisional.", "No designations or licences are introduced."]),
    (["Advisory committee meeting on export controls", "Conference on sanctions and export compliance"],
     ["The technical advisory committee will meet to discuss proposals for the next round of the multilateral regime.",
      "Officials will speak about enforcement priorities at the annual compliance conference."],
     ["Part of the meeting is closed to the public.", "Registration is open on the website."]),
    (["Statement on the monthly trade figures", "Remarks on economic security at an industry forum"],
     ["The official said the latest figures showed the trade deficit narrowing and investment rising.",
      "The speech reviewed the government's use of tariffs, sanctions and export controls over the past year."],
     ["No new measures were announced.", "The full text is available online."]),
]

AGENCIES_FR = [("BIS", "Commerce, Bureau of Industry and Security"), ("OFAC", "Treasury, Office of Foreign Assets Control"),
               ("USTR", "Executive Office of the President, Office of the Trade Representative"),
               ("ITA", "Commerce, International Trade Administration"), ("DDTC", "State, Directorate of Defense Trade Controls")]


def _date(ctx: Ctx, low: int = 0, high: int = 45) -> str:
    return ctx.en_date(ctx.later(low, high))


def _effect_sentence(ctx: Ctx) -> str:
    date = _date(ctx)
    return ctx.pick([
        f"This rule is effective {date}.", f"The changes take effect on {date}.", f"It applies from {date}.",
        f"The measure applies to goods entered for consumption on or after 12:01 a.m. eastern time on {date}.",
        "It takes effect on the date of publication.", f"The instrument comes into force on {date}.",
    ])


def _fr_rule(ctx: Ctx, topics: tuple[str, ...], title: str, lead: str, details: list[str], negative: bool) -> tuple[str, str, str]:
    source, agency = ctx.pick(AGENCIES_FR)
    action = "Notice; request for comments." if negative else ctx.pick(["Final rule.", "Interim final rule.", "Notice.", "Final rule; correction."])
    dates = (f"DATES: Comments must be received by {_date(ctx, 20, 60)}." if negative else "DATES: " + _effect_sentence(ctx))
    parts = [
        f"AGENCY: {agency}.", f"ACTION: {action}",
        "SUMMARY: " + " ".join([lead, *details[:1]]), dates,
        ctx.pick(["ADDRESSES: Submissions may be made through the Federal eRulemaking Portal using the docket number shown above.",
                  "ADDRESSES: Send written comments by email with the docket number in the subject line.", ""]),
        ctx.pick(["FOR FURTHER INFORMATION CONTACT: The regulatory policy division, by telephone or email.",
                  "FOR FURTHER INFORMATION CONTACT: The office of the assistant director for licensing."]),
        "SUPPLEMENTARY INFORMATION:",
        ctx.pick(["Background", "I. Background", "A. Background"]),
        ctx.pick(["The agency administers these rules under the statutes cited in the authority section and publishes changes in the Federal Register.",
                  "This document follows earlier rules on the same subject and reflects consultation with other agencies.",
                  "Electronic availability: this document and related guidance are posted on the agency's website."]),
        " ".join(details[1:]),
        ctx.pick(["Rulemaking requirements: this action has been reviewed under the applicable executive orders and does not contain a new collection of information.",
                  "Because this action is exempt from notice-and-comment requirements, no regulatory flexibility analysis is required.",
                  "Executive Order 12866: this action is not significant for purposes of the order."]),
        f"[FR Doc. {ctx.published.year}-{ctx.number(10000, 29999)} Filed {ctx.published.month}-{ctx.published.day}-{ctx.published.year % 100}; 8:45 am]",
    ]
    return source, title, join_paragraphs(*parts)


def _recent_action(ctx: Ctx, topics: tuple[str, ...], title: str, lead: str, details: list[str], negative: bool) -> tuple[str, str, str]:
    parts = ["Recent Actions", lead, *details,
             ctx.pick(["Press release and related documents are linked below.", "See the related frequently asked questions for more detail.",
                       "Identifying information for each entry is available in the list search tool.", ""])]
    return "OFAC", title, join_paragraphs(*parts)


def _gov_uk(ctx: Ctx, topics: tuple[str, ...], title: str, lead: str, details: list[str], negative: bool) -> tuple[str, str, str]:
    source = ctx.pick(["ECJU", "OFSI", "DBT", "TRA"])
    if not negative and ctx.chance(0.4) and ("export_control" in topics or "licensing" in topics):
        title = f"Notice to exporters {ctx.published.year}/{ctx.number(1, 30):02d}: {title[0].lower()}{title[1:]}"
    parts = [f"From: {ctx.pick(['Export Control Joint Unit', 'Office of Financial Sanctions Implementation', 'Department for Business and Trade'])}",
             f"Published {ctx.published.day} {ctx.published.strftime('%B')} {ctx.published.year}", "Details", lead, *details,
             ctx.pick(["What you need to do", "Who this affects", ""]),
             ctx.pick(["Check whether this affects your business and update your compliance procedures.", "Exporters should read the full guidance before relying on it.", ""]),
             "Contact",
             ctx.pick(["If you have questions, contact the helpline by email.", "You can subscribe to these notices by email.",
                       "Enquiries should be sent to the relevant team using the contact form."])]
    return source, title, join_paragraphs(*parts)


def _eu_act(ctx: Ctx, topics: tuple[str, ...], title: str, lead: str, details: list[str], negative: bool) -> tuple[str, str, str]:
    number = f"{ctx.published.year}/{ctx.number(100, 3300)}"
    kind = ctx.pick(["COMMISSION IMPLEMENTING REGULATION (EU)", "COUNCIL IMPLEMENTING REGULATION (EU)", "COUNCIL DECISION (CFSP)", "COUNCIL REGULATION (EU)"])
    if negative:
        return "European Commission", title, join_paragraphs(lead, *details, "The notice is published for information in the C series of the Official Journal.")
    parts = [f"{kind} {number}", f"of {ctx.published.day} {ctx.published.strftime('%B')} {ctx.published.year}", title,
             ctx.pick(["THE EUROPEAN COMMISSION,", "THE COUNCIL OF THE EUROPEAN UNION,"]),
             ctx.pick(["Having regard to the Treaty on the Functioning of the European Union,",
                       "Having regard to the Treaty on European Union, and in particular Article 29 thereof,"]),
             "Whereas:",
             "(1) " + ctx.pick(["The measures concerned were adopted under the basic act referred to in the title.",
                                "The Council adopted the framework for these measures in an earlier act.",
                                "The Commission conducted the procedure in accordance with the applicable rules."]),
             "(2) " + lead, "(3) " + " ".join(details) if details else "",
             ctx.pick(["HAS ADOPTED THIS REGULATION:", "HAS ADOPTED THIS DECISION:"]),
             "Article 1", ctx.pick(["The Annex is amended as set out in the Annex to this act.", lead]),
             "Article 2",
             ctx.pick(["This act shall enter into force on the day following that of its publication in the Official Journal of the European Union.",
                       "This act shall enter into force on the date of its publication in the Official Journal of the European Union.",
                       f"This act shall apply from {_date(ctx, 5, 40)}."]),
             f"Done at {ctx.pick(['Brussels', 'Luxembourg'])}."]
    return ctx.pick(["EUR-Lex", "Council of the EU"]), title, join_paragraphs(*parts)


def _notification_in(ctx: Ctx, topics: tuple[str, ...], title: str, lead: str, details: list[str], negative: bool) -> tuple[str, str, str]:
    year = ctx.published.year
    kind = ctx.pick(["Notification", "Public Notice", "Trade Notice"])
    number = f"{kind} No. {ctx.number(1, 60)}/{year}-{(year + 1) % 100:02d}"
    parts = ["Government of India", "Ministry of Commerce and Industry", "Directorate General of Foreign Trade",
             number, f"New Delhi, dated {ctx.published.day} {ctx.published.strftime('%B')}, {year}", f"Subject: {title}.",
             ctx.pick(["In exercise of the powers conferred by Section 3 of the Foreign Trade (Development and Regulation) Act, 1992, the Central Government hereby notifies as under:",
                       "In exercise of powers conferred under the Foreign Trade Policy, the Director General of Foreign Trade makes the following amendment:",
                       "This notice is issued for the information of members of trade and all regional authorities."]),
             lead, *details,
             f"Effect of this {kind}: " + ctx.pick([lead, "As stated above.", "Members of trade are informed accordingly."]),
             "This is issued with the approval of the competent authority."]
    return "DGFT", title, join_paragraphs(*parts)


def _press_release(ctx: Ctx, topics: tuple[str, ...], title: str, lead: str, details: list[str], negative: bool) -> tuple[str, str, str]:
    source = ctx.pick(["METI", "MOTIE", "DFAT", "Global Affairs Canada", "Finance Canada", "BOFT", "Anti-Dumping Commission", "MOF Japan"])
    parts = [ctx.pick(["Media release", "Press release", "News release", "Announcement", ""]), lead, *details,
             ctx.pick(["Enquiries may be directed to the responsible division.", "The full text is published on the ministry's website.",
                       "The ministry will hold an online briefing for businesses.", ""])]
    return source, title, join_paragraphs(*parts)


Register = Callable[..., tuple[str, str, str]]
# Which registers carry which kind of notice (an OFAC entry never announces a tariff).
REGISTERS_BY_TOPIC: dict[str, list[Register]] = {
    "sanctions": [_fr_rule, _recent_action, _gov_uk, _eu_act, _press_release],
    "tariff": [_fr_rule, _gov_uk, _eu_act, _notification_in, _press_release],
    "export_control": [_fr_rule, _gov_uk, _eu_act, _notification_in, _press_release],
    "licensing": [_fr_rule, _gov_uk, _eu_act, _notification_in, _press_release],
}
# One register list per entry of NEGATIVES, in order.
NEGATIVE_REGISTERS: list[list[Register]] = [
    [_fr_rule, _gov_uk, _press_release], [_fr_rule, _eu_act, _press_release], [_eu_act, _press_release],
    [_gov_uk, _press_release, _notification_in], [_fr_rule, _press_release], [_press_release, _gov_uk],
]
JURISDICTION = {"BIS": "US", "OFAC": "US", "USTR": "US", "ITA": "US", "DDTC": "US", "ECJU": "GB", "OFSI": "GB", "DBT": "GB", "TRA": "GB",
                "EUR-Lex": "EU", "Council of the EU": "EU", "European Commission": "EU", "DGFT": "IN", "METI": "JP", "MOF Japan": "JP",
                "MOTIE": "KR", "DFAT": "AU", "Anti-Dumping Commission": "AU", "Global Affairs Canada": "CA", "Finance Canada": "CA", "BOFT": "TW"}


def _build(ctx: Ctx, core: Core, topics: tuple[str, ...], direction: str | None, kind: str, registers: list[Register]) -> Notice:
    titles, leads, details = core
    values = _values(ctx)
    title = ctx.pick(titles).format(**values)
    lead = ctx.pick(leads).format(**values)
    extra = [s.format(**values) for s in ctx.sample(details, 1, 2)]
    if direction is not None and ctx.chance(0.6):
        extra.append(_effect_sentence(ctx))
    register = ctx.pick(registers)
    source, title, text = register(ctx, topics, title, lead, extra, direction is None)
    return Notice("en", JURISDICTION.get(source, "US"), source, title, text, ctx.published.isoformat(), list(topics), direction, kind)


def register_measure(ctx: Ctx) -> Notice:
    (topics, direction), cores = ctx.pick(list(MEASURES.items()))
    registers = REGISTERS_BY_TOPIC[topics[0]]
    return _build(ctx, ctx.pick(cores), topics, direction, f"register_{direction}", registers)


def register_negative(ctx: Ctx) -> Notice:
    index = ctx.rng.randrange(len(NEGATIVES))
    return _build(ctx, NEGATIVES[index], (), None, "register_negative", NEGATIVE_REGISTERS[index])


GENERATORS_REGISTERS_EN = [(register_measure, 330), (register_negative, 110)]
