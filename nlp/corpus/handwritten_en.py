"""Hand-written English notices, each composed individually (not from templates)."""
from __future__ import annotations

# (jurisdiction, source, published, title, text, topics, direction)
NOTICES_EN: list[tuple[str, str, str, str, str, list[str], str | None]] = [
    ("US", "BIS", "2023-10-25", "Export Controls on Semiconductor Manufacturing Items; Corrections and Clarifications",
     "AGENCY: Bureau of Industry and Security, Commerce.\nACTION: Interim final rule; correction.\n\n"
     "SUMMARY: This rule corrects typographical errors in the interim final rule on semiconductor manufacturing items and clarifies "
     "how the foreign direct product rule applies to wafers fabricated at facilities outside the United States. The corrections do not "
     "change the scope of the controls or the licence review policy.\n\nDATES: This correction is effective October 25, 2023.",
     ["export_control"], "procedural"),
    ("US", "BIS", "2024-12-02", "Foreign-Produced Direct Product Rule Additions, and Refinements to Controls for Advanced Computing and Semiconductor Manufacturing Items",
     "BIS is revising the Export Administration Regulations to further restrict the ability of a country of concern to produce advanced-node "
     "integrated circuits. The rule adds controls on 24 types of semiconductor manufacturing equipment and three types of software tools, "
     "and imposes new controls on high-bandwidth memory. It also creates two new foreign direct product rules and adds 140 entries to the "
     "Entity List. A license is required for exports of the newly controlled items to destinations in Country Group D:5 and Macau.\n\n"
     "DATES: Effective December 2, 2024. Compliance with the high-bandwidth memory provisions is required from December 31, 2024.",
     ["export_control", "licensing", "sanctions"], "tightening"),
    ("US", "BIS", "2025-01-15", "Revision to License Exception ACA for Certain Exports to Allied Destinations",
     "The Bureau of Industry and Security amends License Exception Advanced Computing Authorized (ACA) so that exporters no longer need to file "
     "a prior notification for shipments of certain advanced computing items to data centres in allied destinations. Eligible exporters "
     "may now ship under the exception immediately after classification. The rule reduces the paperwork burden on industry while keeping "
     "controls on destinations of concern in place.\n\nThis rule is effective January 15, 2025.",
     ["export_control", "licensing"], "easing"),
    ("US", "OFAC", "2024-06-12", "Treasury Targets Third-Country Suppliers of Russia's Military-Industrial Base",
     "Today, the Department of the Treasury designated nearly 300 individuals and entities, including suppliers in China, Türkiye and the "
     "United Arab Emirates that ship machine tools and microelectronics to Russia. Treasury also expanded the definition of Russia's "
     "military-industrial base so that foreign banks dealing with any person blocked under Executive Order 14024 face secondary sanctions "
     "risk.\n\nAs a result of today's action, all property and interests in property of the designated persons in the United States are "
     "blocked and must be reported to OFAC.",
     ["sanctions"], "tightening"),
    ("US", "OFAC", "2025-05-23", "General License 25 authorises transactions involving Syria",
     "The Office of Foreign Assets Control issued Syria General License 25, which authorises transactions prohibited by the Syrian "
     "Sanctions Regulations, effectively lifting sanctions on Syria. The general license allows new investment in Syria, the provision of "
     "financial services and transactions involving Syrian petroleum products. Persons on the SDN List for terrorism or human rights "
     "abuses remain blocked.",
     ["sanctions"], "easing"),
    ("US", "OFAC", "2024-03-01", "Publication of Updated Sanctions Regulations to Reflect Statutory Changes",
     "OFAC is amending its regulations to update the civil monetary penalty amounts for inflation and to revise the reporting forms used "
     "for blocked property. The amendments also add a new email address for licence applications. They do not change any sanctions "
     "programme or list.",
     ["sanctions"], "procedural"),
    ("US", "CBP", "2025-04-11", "Clarification of exemptions from reciprocal tariffs for certain electronics",
     "U.S. Customs and Border Protection issued guidance listing the HTSUS subheadings of smartphones, computers and other electronics "
     "that are excluded from the reciprocal tariffs under the recent executive order. Importers should use the secondary classification "
     "9903.01.32 when entering excluded goods. Goods entered on or after April 5, 2025 qualify, and importers may request refunds for "
     "duties paid on excluded goods.",
     ["tariff"], "easing"),
    ("US", "Commerce", "2024-07-25", "Deputy Secretary speaks at the BIS Update Conference on export controls",
     "The Deputy Secretary opened the annual BIS Update Conference in Washington, telling some 800 attendees that export controls are "
     "now at the centre of national security. He reviewed recent rules on advanced computing and semiconductor manufacturing equipment, "
     "described cooperation with allies, and thanked industry for its compliance efforts. Panels covered licensing, enforcement and the "
     "Entity List. No new regulations were announced at the conference.",
     [], None),
    ("US", "BIS", "2024-03-28", "BIS and DOJ announce settlement with electronics distributor over unlicensed exports",
     "A Texas-based distributor agreed to pay a civil penalty of $1.2 million to resolve charges that it exported integrated circuits "
     "to a listed entity without the required licences. The settlement follows a voluntary self-disclosure. The company will also "
     "commission two independent audits of its export compliance programme.",
     [], None),
    ("GB", "OTSI", "2024-10-08", "Office for Trade Sanctions Implementation begins operations",
     "The new Office for Trade Sanctions Implementation (OTSI) has started work within the Department for Business and Trade. It will "
     "investigate possible breaches of trade sanctions, work with HM Revenue and Customs on enforcement, and issue guidance to exporters. "
     "The office's creation does not change any sanctions prohibitions.",
     [], None),
    ("GB", "ECJU", "2025-02-24", "UK announces largest package of sanctions against Russia since 2022",
     "The UK has sanctioned 107 further individuals, entities and ships, including third-country suppliers of machine tools and "
     "electronics to Russia's military. The package also introduces new trade measures: exports of software and components used in "
     "drones are prohibited, and the import of certain Russian metals is banned. Anyone in the UK must freeze the assets of the "
     "designated persons.",
     ["sanctions", "export_control"], "tightening"),
    ("GB", "ECJU", "2024-04-30", "Notice to exporters 2024/11: new digital licensing system replaces SPIRE",
     "From 1 June 2024 all applications for standard individual export licences must be made on LITE, the new export licensing "
     "service. SPIRE will remain available only to view historic licences. Exporters should create a LITE account and transfer their "
     "registrations. The change does not affect which goods need a licence or how applications are assessed.",
     ["licensing"], "procedural"),
    ("EU", "Council of the EU", "2024-02-23", "Russia's war of aggression against Ukraine: EU adopts 13th package of sanctions",
     "The Council adopted a thirteenth package of restrictive measures, adding 194 individuals and entities to the list of those subject "
     "to an asset freeze. The package also adds 27 entities to the list of those directly supporting Russia's military-industrial "
     "complex, which are subject to tighter export restrictions on dual-use goods and technologies, and extends import bans to "
     "additional components for drones.",
     ["sanctions", "export_control"], "tightening"),
    ("EU", "European Commission", "2023-09-29", "Commission publishes guidance on enforcing the no-Russia clause",
     "The Commission published updated frequently asked questions explaining how exporters should apply the contractual no-Russia clause "
     "required by the sanctions regulation. The guidance gives model wording and explains how to document due diligence. It does not "
     "change the legal obligations.",
     ["sanctions"], "procedural"),
    ("EU", "European Commission", "2025-03-20", "EU launches public consultation on revision of steel safeguard",
     "The Commission has opened a consultation on the future of the steel safeguard, which expires in June 2026. Stakeholders are "
     "invited to comment on options including a replacement measure. The consultation runs for eight weeks. No decision has been taken "
     "on the form of any future measure.",
     [], None),
    ("EU", "European Commission", "2024-07-04", "Commission imposes provisional countervailing duties on battery electric vehicles from China",
     "Following its anti-subsidy investigation, the Commission has imposed provisional countervailing duties on imports of battery "
     "electric vehicles from China. Individual rates range from 17.4% to 37.6%. The duties will be collected in the form of a guarantee "
     "required by customs in each Member State and will only be collected definitively if definitive duties are imposed.",
     ["tariff"], "tightening"),
    ("EU", "Official Journal", "2024-10-10", "Commission Implementing Regulation (EU) 2024/2600 on registration of imports of titanium dioxide",
     "Commission Implementing Regulation (EU) 2024/2600 makes imports of titanium dioxide originating in China subject to registration. "
     "Customs authorities shall take appropriate steps to register the imports so that duties may be applied retroactively. Importers "
     "must declare the product using TARIC code 3206 11 00 10. The Regulation enters into force on the day following that of its "
     "publication.",
     ["tariff"], "procedural"),
    ("JP", "METI", "2024-02-15", "Announcement of the Security Export Control Seminar schedule for FY2024",
     "METI and the Center for Information on Security Trade Control will hold security export control seminars in Tokyo, Osaka, Nagoya "
     "and Fukuoka. The seminars explain the licensing system, catch-all controls and internal compliance programmes. Registration opens "
     "next month.",
     [], None),
    ("JP", "MOF", "2024-03-29", "Japan extends additional duty-free treatment for least developed countries",
     "The Customs Tariff Law amendment adopted by the Diet extends preferential duty-free and quota-free treatment for products from "
     "least developed countries for ten more years and expands it to additional agricultural products. The changes apply from April 1, "
     "2024.",
     ["tariff"], "easing"),
    ("KR", "MOTIE", "2023-04-24", "Korea restores Japan to its whitelist of trusted trading partners",
     "The Ministry of Trade, Industry and Energy has revised the Public Notice on Trade of Strategic Items to move Japan back to the "
     "group of countries that receive simplified export licensing. Exporters shipping strategic items to Japan can again use "
     "comprehensive licences, and review periods are shortened from fifteen to five days. The revision takes effect upon promulgation.",
     ["export_control", "licensing"], "easing"),
    ("KR", "KITA", "2024-08-12", "Korea's semiconductor exports hit record in July",
     "Semiconductor exports reached 11.2 billion dollars in July, up 50 percent from a year earlier, driven by demand for high-bandwidth "
     "memory used in AI servers. Exports to China and Hong Kong recovered despite export controls. Total exports rose for the tenth "
     "consecutive month.",
     [], None),
    ("TW", "MOEA", "2025-06-14", "Taiwan adds Huawei and SMIC to its strategic high-tech commodities entity list",
     "The International Trade Administration has added 601 entities, including Huawei and SMIC and their subsidiaries, to the list of "
     "entities subject to export restrictions on strategic high-tech commodities. Taiwanese companies must obtain permission from the "
     "authorities before exporting controlled items to the listed entities.",
     ["export_control", "sanctions", "licensing"], "tightening"),
    ("AU", "ABF", "2024-01-31", "Anti-dumping notice: extension of time for the statement of essential facts",
     "The Commissioner has extended the deadline for publishing the statement of essential facts in the investigation into "
     "aluminium extrusions from Malaysia by 30 days. Interested parties may lodge submissions until the new date. The extension does not "
     "affect the measures currently in force.",
     [], None),
    ("CA", "Global Affairs Canada", "2024-09-18", "Amendments to the Export Control List: General Export Permit No. 47",
     "Global Affairs Canada has issued General Export Permit No. 47, which allows exporters to ship certain dual-use goods and technology "
     "to eligible destinations without applying for individual permits. Exporters must notify the department before first use and keep "
     "records for six years.",
     ["export_control", "licensing"], "easing"),
    ("IN", "DGFT", "2024-05-04", "Export of onions permitted with minimum export price",
     "Notification No. 06/2024-25. The export policy of onions under HS code 0703 10 19 is amended from Prohibited to Free, subject to a "
     "minimum export price of USD 550 per tonne. The export duty of 40 percent also applies. The notification takes effect immediately.",
     ["export_control"], "easing"),
    ("IN", "DGFT", "2024-01-10", "Trade Notice: online filing of SCOMET licence applications through the new module",
     "All applications for SCOMET export authorisations must be filed on the new online module of the DGFT portal from 1 February 2024. "
     "Applicants must attach the end-use certificate in the revised format. Pending applications will be migrated automatically. The "
     "SCOMET list and the licensing criteria are unchanged.",
     ["licensing", "export_control"], "procedural"),
    ("IN", "Ministry of Commerce", "2024-09-14", "India's merchandise exports in August 2024",
     "India's merchandise exports stood at 34.7 billion dollars in August, compared with 38.3 billion dollars in the same month last year. "
     "Petroleum products exports fell sharply due to lower prices. Imports of gold and silver increased. The trade deficit widened to "
     "29.7 billion dollars.",
     [], None),
    ("ID", "Ministry of Trade", "2022-04-27", "Export ban on crude palm oil and cooking oil raw materials",
     "The President announced a ban on exports of crude palm oil, refined bleached deodorised palm olein and used cooking oil to bring "
     "down domestic cooking oil prices. The ban applies until domestic prices fall to the government's target. Exporters violating the "
     "ban will face sanctions under the trade law.",
     ["export_control"], "tightening"),
    ("SG", "Singapore Customs", "2024-08-01", "Circular: updates to Strategic Goods (Control) Order to align with Wassenaar list",
     "The Strategic Goods (Control) Order has been amended to incorporate the latest changes to the Wassenaar Arrangement control lists. "
     "New items include certain computational lithography software and advanced gate-all-around technology. Permits are required for the "
     "export, transhipment and brokering of these items from 1 September 2024.",
     ["export_control", "licensing"], "tightening"),
    ("CH", "SECO", "2024-07-08", "Switzerland adopts further EU sanctions against Russia",
     "The Federal Department of Economic Affairs has adopted the latest EU sanctions package against Russia. The measures include new "
     "listings of individuals and entities, a ban on the transshipment of Russian liquefied natural gas and new export restrictions on "
     "goods that could contribute to Russia's military capabilities.",
     ["sanctions", "export_control"], "tightening"),
    ("NL", "Government of the Netherlands", "2023-06-30", "Dutch government publishes new export control measures for advanced semiconductor equipment",
     "The Dutch government has published a ministerial regulation that introduces a national licence requirement for certain advanced "
     "semiconductor manufacturing equipment, including advanced deposition and immersion lithography tools. From 1 September 2023, "
     "companies must apply for an export licence before exporting these items outside the EU.",
     ["export_control", "licensing"], "tightening"),
    ("MY", "MITI", "2024-07-14", "Malaysia requires permits for exports of US-origin high-performance AI chips",
     "The Ministry of Investment, Trade and Industry announced that exports, transshipments and transits of high-performance AI chips of "
     "United States origin will require a Strategic Trade Permit. Companies must notify the ministry at least 30 days before shipment. "
     "The requirement takes effect immediately.",
     ["export_control", "licensing"], "tightening"),
    ("VN", "Ministry of Industry and Trade", "2024-10-02", "Viet Nam hosts regional conference on critical minerals supply chains",
     "Officials from ASEAN economies met in Hanoi to discuss investment in rare earth processing, cooperation on export controls and the "
     "development of battery supply chains. Participants agreed to set up a working group on traceability. No trade measures were "
     "adopted.",
     [], None),
    ("US", "White House", "2025-04-02", "Regulating Imports with a Reciprocal Tariff to Rectify Trade Practices",
     "By the authority vested in me by the International Emergency Economic Powers Act, I hereby order an additional ad valorem duty on "
     "all imports from all trading partners. A 10 percent duty applies from April 5, 2025, and higher country-specific rates listed in "
     "Annex I apply from April 9, 2025. Goods listed in Annex II, including certain energy products, pharmaceuticals and semiconductors, "
     "are not subject to the additional duty.",
     ["tariff"], "tightening"),
    ("US", "White House", "2025-05-12", "Modifying Reciprocal Tariff Rates to Reflect Discussions with China",
     "Following the joint statement issued in Geneva, the additional ad valorem rate of duty on articles of China is reduced from 125 "
     "percent to 10 percent for an initial period of 90 days. The modification applies to goods entered for consumption on or after "
     "May 14, 2025.",
     ["tariff"], "easing"),
    ("US", "State Department", "2024-09-10", "Statement by the Secretary on the anniversary of sanctions coordination with partners",
     "One year ago, partners launched the coordination mechanism on sanctions enforcement. Since then, we have shared information on "
     "evasion networks and aligned our lists. We will continue working with allies to cut off Russia's access to battlefield goods.",
     [], None),
    ("GB", "HMRC", "2024-12-19", "Overseas trade statistics: October 2024",
     "UK exports of goods to non-EU countries fell by 3.2% compared with October 2023, while imports from the EU rose. Machinery and "
     "transport equipment remained the largest commodity group. The figures are published on the uktradeinfo website, where detailed "
     "tables by commodity code are available.",
     [], None),
    ("EU", "European Parliament", "2024-04-23", "Parliament adopts position on revised anti-coercion instrument",
     "Members of the European Parliament debated the use of trade defence instruments against economic coercion. The resolution calls "
     "on the Commission to report on the application of the anti-coercion regulation. The resolution is not legally binding and "
     "does not introduce any new measure.",
     [], None),
    ("US", "USTR", "2025-03-31", "2025 National Trade Estimate Report on Foreign Trade Barriers",
     "The report describes significant foreign barriers to U.S. exports, including tariffs, import licensing, export restrictions and "
     "other non-tariff measures maintained by trading partners. It is submitted annually to the President and Congress and does not "
     "itself impose any measures.",
     [], None),
]
