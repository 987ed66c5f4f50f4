"""Hand-written notices in registers the classifier missed: spoken announcements, trade
sanctions notices that ban imports, changes to the licence regime, and announcements
that annex a list of goods. Written for the project; the names of places are invented.
"""
from __future__ import annotations

# (jurisdiction, source, published, title, text, topics, direction, lang)
NOTICES_KINDS: list[tuple[str, str, str, str, str, list[str], str | None, str]] = [
    # Press conferences and ministerial statements that announce a measure.
    ("IN", "MOCI", "2024-06-03", "Transcript of the Commerce Minister's media briefing on pulses and onions",
     "MINISTER: Thank you for coming. Domestic prices of onions have risen sharply over the last month. After consulting the "
     "states, the Government has decided to ban the export of onions from June 10 until further orders. Consignments already "
     "handed to customs may be cleared.\nQUESTION: Will the ban extend to dehydrated onion?\nMINISTER: Dehydrated onion is not "
     "covered for now; we will review the position every fortnight.",
     ["export_control"], "tightening", "en"),
    ("ID", "MOT", "2025-01-20", "Statement by the Minister of Trade on crude palm kernel shipments",
     "MINISTER OF TRADE: I want to inform you that, with effect from today, the export of crude palm kernel is prohibited. The "
     "prohibition stays in place until the domestic supply target is met. Exporters holding permits issued before today may use "
     "them for another seven days.\nREPORTER: Is this a permanent policy?\nMINISTER: It is temporary and will be reviewed.",
     ["export_control"], "tightening", "en"),
    ("AR", "MECON", "2024-09-02", "Press conference of the Economy Minister: export duties on grains",
     "MINISTER: Today we are announcing that the export duty on wheat and maize will be cut from 12% to zero from September 9. "
     "This is the first step in removing export taxes on farm goods.\nJOURNALIST: What about soybeans?\nMINISTER: Soybean "
     "duties stay as they are for this season.",
     ["tariff"], "easing", "en"),
    ("GB", "DBT", "2025-02-24", "Oral statement to Parliament: further trade measures against Eastland",
     "The Secretary of State for Business and Trade: With permission, I will make a statement on new trade sanctions. From "
     "today, the United Kingdom prohibits the import of metals, machinery and chemicals originating in Eastland, and bans the "
     "export of further electronic components to Eastland. These measures add to the restrictions already in force. I commend "
     "this statement to the House.",
     ["sanctions"], "tightening", "en"),
    ("CN", "MOFCOM", "2025-06-05", "商务部新闻发言人就对部分物项实施出口管制答记者问",
     "问：商务部今天宣布对部分物项实施出口管制，请问有何考虑？\n答：为维护国家安全和利益，经国务院批准，自6月15日起对部分无人机"
     "发动机及相关技术实施出口管制。出口经营者应当依法申请许可，未经许可不得出口。有关措施不针对任何特定国家和地区。",
     ["export_control", "licensing"], "tightening", "zh"),
    ("CN", "MOFCOM", "2025-07-10", "商务部新闻发言人就暂停实施部分出口管制措施答记者问",
     "问：商务部宣布暂停部分出口管制措施，请问具体安排是什么？\n答：经研究，自即日起暂停实施对部分物项的出口管制措施，"
     "暂停期限为一年。暂停期间，相关物项出口无需申请许可。",
     ["export_control", "licensing"], "easing", "zh"),
    # Press conferences that only comment stay irrelevant.
    ("IN", "MOCI", "2024-07-15", "Transcript of the Commerce Minister's media briefing on export performance",
     "MINISTER: Good afternoon. Merchandise exports grew 6% in the first quarter, led by electronics and engineering goods. "
     "We expect the trend to continue.\nQUESTION: Are any export bans being considered?\nMINISTER: There is no proposal before "
     "the Government at present; we keep supplies under watch.",
     [], None, "en"),
    ("CN", "MOFCOM", "2025-05-15", "商务部召开例行新闻发布会（2025年5月15日）",
     "新闻发言人介绍了今年前四个月对外贸易运行情况，货物贸易进出口总值同比增长。\n问：有媒体报道将调整出口管制措施，请问是否属实？\n"
     "答：目前没有新的措施要发布，我们将继续关注有关情况。",
     [], None, "zh"),
    # Trade sanctions notices that ban imports as well as exports.
    ("GB", "ECJU", "2025-02-21", "Notice to exporters 2025/04: trade sanctions on Eastland extended",
     "The Eastland (Sanctions) (Amendment) Regulations extend the trade sanctions against Eastland. They introduce a ban on "
     "importing iron, steel and aluminium goods that originate in or are consigned from Eastland, and prohibit the export of "
     "additional industrial machinery to Eastland. The new measures come into force on 1 March 2025.",
     ["sanctions"], "tightening", "en"),
    ("GB", "DBT", "2024-11-05", "New import sanctions on Westmark oil products",
     "The Government has introduced new sanctions that prohibit the import into the United Kingdom of refined oil products "
     "processed in third countries from Westmark crude oil, together with related financial and brokering services. The "
     "prohibitions apply from 5 December 2024.",
     ["sanctions"], "tightening", "en"),
    ("EU", "Council", "2025-03-17", "Eastland: Council adopts further restrictive measures, including an import ban on metals",
     "The Council today adopted a further package of restrictive measures against Eastland. It bans the import of primary "
     "aluminium and semi-finished steel products from Eastland and extends the list of goods that may not be exported to it. "
     "Twelve further persons are subject to an asset freeze.",
     ["sanctions"], "tightening", "en"),
    ("GB", "DBT", "2025-05-02", "Import ban on Eastland diamonds lifted for stones cut in third countries",
     "The Government has amended the trade sanctions against Eastland so that the import ban on diamonds no longer applies to "
     "stones cut and polished in a third country before 1 January 2024. The change takes effect on 9 May 2025.",
     ["sanctions"], "easing", "en"),
    # Changes to the licence regime itself.
    ("GB", "ECJU", "2025-01-14", "Notice to exporters 2025/01: revised strategic export licensing criteria",
     "The Government has revised the criteria against which applications for strategic export and trade licences are "
     "assessed. The revised criteria add a test on the risk of serious violations of international humanitarian law and "
     "apply to all licence applications decided from 14 January 2025.",
     ["export_control", "licensing"], "tightening", "en"),
    ("AU", "DoD", "2024-10-01", "Updated licensing policy for exports of military goods",
     "Defence Export Controls has updated its licensing policy for permits to export military goods and technology. Permit "
     "applications will now be assessed against five criteria, including regional security and human rights. The updated "
     "policy applies from 1 October 2024.",
     ["export_control", "licensing"], "tightening", "en"),
    ("GB", "OFSI", "2025-04-02", "Temporary general licence for the wind-down of contracts with Eastland Shipping",
     "OFSI has issued a temporary general licence that permits the wind-down of transactions with Eastland Shipping and its "
     "subsidiaries, which were designated on 1 April 2025. The licence is valid until 30 April 2025. Persons relying on it "
     "must report to OFSI within 14 days of its expiry.",
     ["sanctions", "licensing"], "easing", "en"),
    ("US", "BIS", "2024-08-15", "Temporary general license for continued servicing of existing telecommunications networks",
     "BIS is issuing a temporary general license that authorizes exports, reexports and transfers to a listed entity that are "
     "needed to maintain existing telecommunications networks and equipment. The temporary general license is valid for 90 "
     "days from the date of publication.",
     ["export_control", "licensing"], "easing", "en"),
    ("CN", "MOFCOM", "2025-02-01", "商务部关于调整两用物项出口许可审查标准的公告",
     "为完善两用物项出口管制，商务部修订两用物项出口许可审查标准。自2025年3月1日起，出口经营者申请出口许可的，"
     "商务部按照修订后的标准进行审查，并对最终用户和最终用途进行评估。",
     ["export_control", "licensing"], "tightening", "zh"),
    # Announcements that annex a list of goods with customs codes.
    ("CN", "MOFCOM", "2025-08-01", "商务部 海关总署公告2025年第88号 关于对部分电池材料相关物项实施出口管制的公告",
     "根据《中华人民共和国出口管制法》有关规定，经国务院批准，决定对下列物项实施出口管制，现将有关事项公告如下：\n"
     "一、未经许可，不得出口下列物项：\n"
     "1. 磷酸铁锂正极材料，海关商品编号3824999999\n2. 三元前驱体，海关商品编号2853909050\n3. 人造石墨负极材料，海关商品编号3801100000\n"
     "4. 电池正极材料制备设备，海关商品编号8417809090\n5. 负极材料石墨化炉，海关商品编号8514190000\n"
     "二、出口经营者应当向商务部申请许可。\n三、本公告自2025年9月1日起正式实施。",
     ["export_control", "licensing"], "tightening", "zh"),
    ("IN", "DGFT", "2024-12-20", "Export policy of certain chemicals amended from Free to Restricted",
     "In exercise of the powers conferred by the Foreign Trade Act, the Central Government amends the export policy of the "
     "items below from Free to Restricted. Exports are permitted only against an authorisation issued by DGFT.\n"
     "1. Ex 29239000 Tetramethylammonium hydroxide\n2. Ex 28273990 Other chlorides\n3. Ex 29333990 Other pyridine compounds\n"
     "4. Ex 38249900 Other chemical preparations\n5. Ex 29211990 Other acyclic amines",
     ["export_control", "licensing"], "tightening", "en"),
    ("EU", "Commission", "2025-06-30", "Definitive anti-dumping duty on imports of electrolytic manganese dioxide",
     "The Commission imposes a definitive anti-dumping duty on imports of electrolytic manganese dioxide originating in "
     "Eastland. The rates of duty applicable to the net, free-at-Union-frontier price, before duty, are as follows:\n"
     "Company | Duty | TARIC additional code\nEastland Manganese Works | 17,6 % | 899A\nRiver Chemical Co. | 21,3 % | 899B\n"
     "All other companies | 34,5 % | 8999",
     ["tariff"], "tightening", "en"),
    # More press conferences whose title says only "press conference" but which announce a measure.
    ("IN", "MOCI", "2023-07-21", "Press conference of the Food Minister after the Cabinet meeting",
     "MINISTER: The Cabinet has approved a ban on the export of non-basmati white rice from July 25 to keep prices in "
     "check. Shipments with letters of credit opened before the ban may go.\nQUESTION: Is parboiled rice included?\n"
     "MINISTER: No, parboiled rice can still be exported.",
     ["export_control"], "tightening", "en"),
    ("MY", "MITI", "2024-04-08", "Minister's press conference on poultry supplies",
     "MINISTER: I can announce that the ban on chicken exports will be lifted from April 15, since supplies have recovered. "
     "Exporters will no longer need a special permit.\nREPORTER: Will the ban return?\nMINISTER: Only if supplies fall again.",
     ["export_control", "licensing"], "easing", "en"),
    ("KR", "MOTIE", "2025-01-06", "Press conference of the Trade Minister on export controls",
     "MINISTER: From January 20 a licence will be required to export advanced battery cathode technology to any country. "
     "The Government made this decision today to protect core technology.\nQUESTION: Which companies are affected?\n"
     "MINISTER: All exporters of the listed technology.",
     ["export_control", "licensing"], "tightening", "en"),
    ("CN", "MOFCOM", "2025-04-17", "商务部召开例行新闻发布会（2025年4月17日）",
     "新闻发言人宣布：经国务院批准，商务部会同海关总署决定，自4月25日起对部分高性能激光器物项实施出口管制，"
     "出口经营者应当申请许可，未经许可不得出口。",
     ["export_control", "licensing"], "tightening", "zh"),
    ("CN", "MOFCOM", "2025-09-04", "商务部召开例行新闻发布会（2025年9月4日）",
     "新闻发言人宣布：国务院关税税则委员会决定，自9月10日起，停止对部分进口商品加征关税。"
     "有关企业可按规定申请退还已加征的税款。",
     ["tariff"], "easing", "zh"),
    ("GB", "DBT", "2025-03-03", "Press conference on new trade sanctions",
     "SECRETARY OF STATE: Today the Government is banning the import of Eastland timber and fertiliser and prohibiting the "
     "export of drones and their parts to Eastland, with effect from today.\nJOURNALIST: Will allies follow?\n"
     "SECRETARY OF STATE: We are working with partners.",
     ["sanctions"], "tightening", "en"),
    ("IN", "MOCI", "2025-02-12", "Press conference of the Commerce Minister on trade talks",
     "MINISTER: The talks with our partners went well and we hope to conclude an agreement this year. Exports rose 4% in "
     "January.\nQUESTION: Will export bans on rice be lifted?\nMINISTER: No decision has been taken; we will keep reviewing.",
     [], None, "en"),
    ("CN", "MOFCOM", "2024-10-24", "商务部召开例行新闻发布会（2024年10月24日）",
     "新闻发言人介绍了消费品以旧换新工作进展。\n问：近期是否会出台新的出口管制措施？\n"
     "答：中方一贯依法实施出口管制，目前没有需要发布的信息。",
     [], None, "zh"),
]
