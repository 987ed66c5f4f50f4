"""Hand-written notices of the kinds the rules knew least: export bans announced as suspensions, safeguard
prolongations, duty changes in smaller economies (all measures), and statistics, guidance that only
recommends, and consultations on drafts (none of them measures; shared/taxonomy.md). Written for the project;
the names of firms and places are invented.
"""
from __future__ import annotations

# (jurisdiction, source, published, title, text, topics, direction, lang)
NOTICES_THIN: list[tuple[str, str, str, str, str, list[str], str | None, str]] = [
    # An export "suspended" or "halted" is an export ban: tightening.
    ("PH", "DA", "2024-08-12", "Memorandum order on the temporary suspension of the exportation of fresh shallots",
     "In view of the shortfall in domestic supply, the exportation of fresh shallots is hereby temporarily suspended from "
     "15 August 2024 until 31 December 2024. The Bureau of Plant Industry shall not issue phytosanitary export clearances "
     "for the covered goods during the suspension.",
     ["export_control"], "tightening", "en"),
    ("VN", "MOIT", "2025-02-03", "Ministry halts exports of broken rice for three months",
     "The Ministry of Industry and Trade has decided to halt exports of broken rice for three months from 10 February 2025 "
     "to secure stocks for the domestic market. Customs offices will not clear export declarations for the goods during "
     "this period; contracts signed before the decision may be performed if registered by 9 February.",
     ["export_control"], "tightening", "en"),
    ("ID", "ESDM", "2023-05-15", "Exports of unprocessed nickel-bearing laterite suspended",
     "Exports of unprocessed laterite ore are suspended with effect from 1 June 2023 under the mineral downstreaming "
     "policy. Holders of mining business permits must process the ore in domestic smelting facilities. Export approvals "
     "issued earlier lapse on the same date.",
     ["export_control"], "tightening", "en"),
    ("KZ", "MTI", "2024-09-27", "Order on the suspension of exports of sunflower seeds",
     "By order of the Minister of Trade and Integration, the export of sunflower seeds from the territory of the republic "
     "is suspended for a period of six months from 1 October 2024. The suspension does not apply to seeds for sowing or to "
     "goods in transit.",
     ["export_control"], "tightening", "en"),
    ("CN", "MOFCOM", "2025-03-20", "商务部 海关总署公告 关于暂停部分矿产品出口的公告",
     "为维护国家安全和利益，经国务院批准，决定自2025年4月1日起暂停向有关国家出口部分矿产品及其相关技术。"
     "暂停期间，商务部不予受理相关出口许可申请，海关不予放行。",
     ["export_control", "licensing"], "tightening", "zh"),
    ("IN", "DGFT", "2024-03-05", "Export of de-oiled rice bran: suspension extended",
     "The suspension of exports of de-oiled rice bran, in place since 28 July 2023, is extended until 31 July 2024. Export "
     "policy of the item remains Prohibited until that date.",
     ["export_control"], "tightening", "en"),
    # Lifting an export suspension is easing.
    ("VN", "MOIT", "2025-05-12", "Exports of broken rice resume",
     "The temporary halt on exports of broken rice ends on 15 May 2025 and exports may resume from that date. Customs "
     "offices will again accept export declarations for the goods.",
     ["export_control"], "easing", "en"),
    # Ending or suspending a restriction on exports (their duty, quota or licence management) is easing.
    ("CN", "MOFCOM", "2025-06-30", "商务部 海关总署公告 关于取消部分商品出口许可证管理的公告",
     "根据国内生产供应情况，经研究决定，自2025年7月1日起取消对部分农产品的出口许可证管理，企业凭出口合同向海关办理"
     "出口手续，海关不再验核出口许可证。",
     ["export_control", "licensing"], "easing", "zh"),
    ("CI", "MEF", "2024-12-16", "Export levy on raw cashew nuts suspended for the marketing season",
     "The levy collected on exports of raw cashew nuts is suspended for the 2025 marketing season, to help exporters "
     "clear stocks. Exporters pay no levy on shipments declared during the season.",
     ["tariff"], "easing", "en"),
    ("UG", "MOF", "2025-03-03", "Export duty on unroasted coffee waived for six months",
     "The Minister has waived the export duty on unroasted coffee beans for six months from 1 April 2025. The duty "
     "is payable again on shipments declared after 30 September 2025.",
     ["tariff"], "easing", "en"),
    # Safeguard measures prolonged (tightening), or ended early (easing).
    ("TR", "MoT", "2024-06-28", "Communiqué on the extension of the safeguard measure on imports of glass containers",
     "Following the review investigation, the safeguard measure on imports of glass containers, in the form of an "
     "additional financial obligation, is extended for a further three years from 1 July 2024. The additional amount per "
     "tonne is progressively liberalised in each year of the extension.",
     ["tariff"], "tightening", "en"),
    ("ZA", "ITAC", "2025-01-17", "Continuation of the safeguard duty on imports of galvanised wire",
     "The Commission recommended, and the Minister approved, the continuation of the safeguard duty on galvanised steel "
     "wire for a further two years. The duty continues to apply at 21 per cent in the first year and 18 per cent in the "
     "second year.",
     ["tariff"], "tightening", "en"),
    ("PH", "DTI", "2024-10-07", "Department order prolonging the definitive safeguard duty on imported ceramic sinks",
     "The definitive safeguard duty on imported ceramic sinks and lavatory pans is prolonged for three years, at rates "
     "declining from 9 pesos per kilogram, after the Tariff Commission found that the domestic industry is still "
     "adjusting.",
     ["tariff"], "tightening", "en"),
    ("MA", "MIC", "2025-04-02", "Early termination of the safeguard measure on imports of cold-rolled sheet",
     "The safeguard measure on imports of cold-rolled steel sheet is terminated before its expiry date, with effect from "
     "15 April 2025, following the end of the adjustment period. Imports of the product are no longer subject to the "
     "additional duty.",
     ["tariff"], "easing", "en"),
    # Duty changes in smaller economies.
    ("MY", "MOF", "2025-02-26", "Export duty on crude palm oil for March 2025",
     "The export duty on crude palm oil for March 2025 is set at 10 per cent, up from 9.5 per cent in February, as the "
     "reference price rose above the upper threshold. The reference price is calculated from the average price of the "
     "preceding month.",
     ["tariff"], "tightening", "en"),
    ("KE", "NT", "2024-07-08", "Import duty on milling wheat reduced to 10 per cent",
     "The Cabinet Secretary for the National Treasury has approved a reduction of the import duty on milling wheat from "
     "35 per cent to 10 per cent for one year, for millers that buy their quota of local wheat first.",
     ["tariff"], "easing", "en"),
    ("NG", "FMF", "2025-01-13", "Fiscal policy measures: import duty on used vehicles raised",
     "The Minister of Finance has approved fiscal policy measures raising the import duty on used passenger vehicles "
     "from 20 per cent to 35 per cent and the levy on imported cement. The new rates apply to bills of lading dated on or "
     "after 1 February 2025.",
     ["tariff"], "tightening", "en"),
    ("BD", "NBR", "2024-10-20", "Regulatory duty on rice imports withdrawn",
     "The National Board of Revenue has withdrawn the regulatory duty on imported rice and cut the customs duty from 15 "
     "per cent to 2 per cent until 15 April 2025, to ease prices in the domestic market.",
     ["tariff"], "easing", "en"),
    ("LK", "MOF", "2024-11-01", "Special commodity levy on imported big onions increased",
     "By order under the Special Commodity Levy Act, the levy on imported big onions is increased from 10 rupees to 30 "
     "rupees per kilogram for six months, with effect from midnight today.",
     ["tariff"], "tightening", "en"),
    # Statistics announce no measure.
    ("CL", "Customs", "2025-03-10", "Monthly foreign trade report: copper cathode exports rise",
     "Exports of refined copper cathodes reached 410,000 tonnes in February, 7 per cent more than a year earlier, while "
     "exports of lithium carbonate fell 3 per cent. Import figures by product and partner are in the tables annexed to "
     "this report.",
     [], None, "en"),
    ("CN", "GACC", "2025-04-14", "2025年一季度重点商品进出口情况",
     "海关统计数据显示，一季度我国锑品出口量同比下降，镓、锗产品出口量较上年同期有所波动，稀土出口量与上年基本持平。"
     "具体数据见附表。",
     [], None, "zh"),
    # Guidance that only recommends imposes nothing.
    ("GB", "DBT", "2025-01-29", "Advisory note: good practice in screening customers for dual-use goods",
     "This advisory note sets out practices that exporters of dual-use goods may find useful, such as screening "
     "customers against published lists, asking for end-user statements and keeping records of checks. It is advice "
     "only: it does not change any licensing requirement or create new obligations.",
     [], None, "en"),
    ("SG", "Customs", "2024-12-02", "Recommended red flags for exporters of common high-priority items",
     "Singapore Customs encourages traders of common high-priority items to watch for red flags, such as unusual routing "
     "or reluctance to share end-use information, and to report suspicious enquiries. The recommendations are voluntary.",
     [], None, "en"),
    ("CN", "MOFCOM", "2024-11-18", "两用物项出口经营者内部合规指引（参考文本）",
     "为帮助出口经营者建立健全内部合规制度，商务部编写了本指引，供企业参考。指引不设定新的义务，企业可结合自身情况采用。",
     [], None, "zh"),
    # Consultations on drafts change nothing yet.
    ("CA", "GAC", "2024-09-16", "Consultation on proposed amendments to the export control list",
     "The Government is seeking the views of stakeholders on proposed amendments to the export control list that would "
     "add certain unmanned aircraft components. Written submissions are invited until 15 November 2024. The proposals "
     "have no legal effect until adopted.",
     [], None, "en"),
    ("AU", "DFAT", "2025-02-10", "Exposure draft of amendments to the customs tariff published for comment",
     "An exposure draft of amendments to the customs tariff, which would raise duty on certain processed foods, has "
     "been released for public comment. Comments close on 14 March 2025; no change applies before the legislation "
     "passes.",
     [], None, "en"),
    ("CN", "MOFCOM", "2025-01-06", "商务部关于《出口许可证管理办法（修订征求意见稿）》公开征求意见的通知",
     "为完善出口许可证管理，商务部研究起草了《出口许可证管理办法（修订征求意见稿）》，现向社会公开征求意见。"
     "有关单位和个人可于2025年2月5日前通过电子邮件提出意见。",
     [], None, "zh"),
]
