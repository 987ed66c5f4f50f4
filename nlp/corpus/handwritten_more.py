"""A second set of hand-written notices: longer bulletins with boilerplate, and harder cases."""
from __future__ import annotations

_FR_BOILERPLATE = (
    "FOR FURTHER INFORMATION CONTACT: For questions on this rule, contact the Regulatory Policy Division by email. "
    "SUPPLEMENTARY INFORMATION: Executive Order 12866 requires a review of significant regulatory actions. This rule has been "
    "determined to be significant. Notwithstanding any other provision of law, no person is required to respond to a collection "
    "of information unless it displays a currently valid OMB control number. This rule does not contain policies with federalism "
    "implications. The Regulatory Flexibility Act does not apply because no general notice of proposed rulemaking is required."
)

# (jurisdiction, source, published, title, text, topics, direction)
NOTICES_MORE: list[tuple[str, str, str, str, str, list[str], str | None, str]] = [
    ("US", "BIS", "2024-04-04", "Export Controls on Semiconductor Manufacturing Items; Corrections and Clarifications",
     "AGENCY: Bureau of Industry and Security (BIS), Commerce. ACTION: Interim final rule; corrections and clarifications.\n\n"
     "SUMMARY: BIS is making corrections and clarifications to two rules on advanced computing items and semiconductor manufacturing "
     "items. The changes fix cross-references, clarify the scope of license exception Notified Advanced Computing, and revise "
     "license application instructions. None of these changes expands or reduces the controls.\n\n" + _FR_BOILERPLATE +
     "\n\nDATES: This rule is effective April 4, 2024.", ["export_control", "licensing"], "procedural", "en"),
    ("US", "BIS", "2023-08-21", "Removal of Certain Entities From the Unverified List",
     "AGENCY: Bureau of Industry and Security. ACTION: Final rule.\n\nSUMMARY: This rule removes 33 entities located in China from the "
     "Unverified List after BIS was able to verify their bona fides through end-use checks. Exporters no longer need to obtain an "
     "Unverified List statement from these parties before shipping items subject to the EAR.\n\n" + _FR_BOILERPLATE +
     "\n\nDATES: This rule is effective August 21, 2023.", ["export_control", "sanctions"], "easing", "en"),
    ("US", "BIS", "2022-10-07", "Additions to the Unverified List",
     "The Bureau of Industry and Security is adding 31 entities to the Unverified List because BIS could not verify their bona fides. "
     "Exports to listed parties now require an Unverified List statement, and license exceptions are unavailable. " + _FR_BOILERPLATE,
     ["export_control", "sanctions", "licensing"], "tightening", "en"),
    ("US", "OFAC", "2024-01-30", "Publication of Iran-Related Frequently Asked Questions and Amended General License",
     "OFAC is publishing two new frequently asked questions clarifying how humanitarian organisations may use existing "
     "authorisations, and is amending a general license to correct a reference. The amendments are technical and do not change the "
     "scope of the authorisation.", ["sanctions"], "procedural", "en"),
    ("US", "OFAC", "2023-11-14", "Treasury removes Venezuelan officials from the SDN List following political agreement",
     "The Department of the Treasury removed three former officials from the Specially Designated Nationals and Blocked Persons List. "
     "U.S. persons may once again deal with them, and their property is unblocked. Treasury also issued a license authorising "
     "certain oil and gas sector transactions for six months.", ["sanctions"], "easing", "en"),
    ("US", "USTR", "2024-09-13", "USTR finalises exclusions for machinery used in domestic manufacturing",
     "The Office of the U.S. Trade Representative granted 164 exclusions from the Section 301 tariffs for certain machinery used in "
     "domestic manufacturing, including 19 exclusions for equipment used to make solar wafers and cells. Importers may request "
     "refunds for goods entered since the exclusions apply. The exclusions are in effect through May 31, 2025.",
     ["tariff"], "easing", "en"),
    ("US", "Commerce", "2025-03-05", "Commerce Department announces initiation of Section 232 investigation into copper imports",
     "The Department of Commerce has initiated an investigation under Section 232 of the Trade Expansion Act into whether imports of "
     "copper in all forms threaten national security. Interested parties may submit written comments within 21 days. The "
     "investigation does not itself impose any duties; the Secretary will report findings to the President.",
     [], None, "en"),
    ("US", "ITC", "2024-06-10", "Hearing scheduled in investigation of crystalline silicon photovoltaic cells",
     "The U.S. International Trade Commission will hold a public hearing in connection with the final phase of the antidumping and "
     "countervailing duty investigations on solar cells from four Southeast Asian countries. Requests to appear must be filed by the "
     "deadline in the schedule.", [], None, "en"),
    ("GB", "ECJU", "2025-01-15", "Notice to exporters 2025/02: changes to the open general licence for military goods",
     "The Export Control Joint Unit has replaced the open general export licence for military goods to government or NATO end users. "
     "The replacement licence removes two destinations and adds new conditions on record keeping. Exporters already registered "
     "must re-register before using the new licence.", ["export_control", "licensing"], "tightening", "en"),
    ("GB", "OFSI", "2024-05-09", "OFSI publishes updated consolidated list format",
     "The Office of Financial Sanctions Implementation will move the consolidated list of asset freeze targets to a new search tool. "
     "The data fields and file formats change, but the designations themselves do not. Users of the old format should update "
     "their screening systems.", ["sanctions"], "procedural", "en"),
    ("GB", "Trade Remedies Authority", "2024-11-28", "TRA recommends maintaining anti-dumping duty on aluminium extrusions",
     "The Trade Remedies Authority has concluded its expiry review and recommends that the anti-dumping duty on aluminium extrusions "
     "from China be maintained for a further five years. The Secretary of State has accepted the recommendation, and the duty "
     "continues to apply.", ["tariff"], "tightening", "en"),
    ("EU", "Council of the EU", "2024-04-22", "Iran: Council extends restrictive measures framework for drones and missiles",
     "The Council has widened the scope of the framework for restrictive measures against Iran to cover support for drone and missile "
     "production. It is now possible to list persons and entities involved in these activities and to prohibit the export of "
     "components used in their manufacture.", ["sanctions", "export_control"], "tightening", "en"),
    ("EU", "Council of the EU", "2025-02-24", "Council removes three persons from sanctions list after court ruling",
     "Following judgments of the General Court, the Council has decided not to renew the listing of three individuals. Their funds "
     "are no longer frozen. The remaining listings are renewed for six months.", ["sanctions"], "easing", "en"),
    ("EU", "European Commission", "2024-10-30", "Commission proposes updated list of dual-use items for 2025",
     "The Commission adopted a delegated act proposal to update the EU dual-use list. The proposal will be examined by the European "
     "Parliament and the Council, which have two months to object, and will only enter into force after publication. Until then the "
     "current list continues to apply.", [], None, "en"),
    ("EU", "DG TRADE", "2024-06-12", "Trade defence: initiation of anti-subsidy investigation into imports of electric bicycles",
     "The Commission has initiated an anti-subsidy investigation concerning imports of electric bicycles originating in Indonesia. "
     "Interested parties should make themselves known within 15 days. No duties are imposed at this stage.", [], None, "en"),
    ("JP", "METI", "2024-12-10", "METI publishes results of FY2023 security export control enforcement",
     "METI announced that it issued warnings to 15 companies and administrative sanctions to two for violations of export control "
     "rules in fiscal year 2023. The ministry will continue outreach to small and medium-sized enterprises.", [], None, "en"),
    ("KR", "MOTIE", "2024-05-29", "Korea tightens export controls on items related to Russia and Belarus",
     "The Ministry of Trade, Industry and Energy will add 243 items to the list of goods whose export to Russia and Belarus requires "
     "a licence, bringing the total to 1,402. The additional items include machine tools, construction machinery and parts that "
     "could be used in weapons. The change takes effect on 1 June 2024.", ["export_control", "licensing"], "tightening", "en"),
    ("IN", "DGFT", "2023-07-20", "Notification No. 20/2023: export policy of non-basmati white rice",
     "Notification No. 20/2023 dated 20 July 2023. The export policy of non-basmati white rice under HS code 1006 30 90 is amended "
     "from Free to Prohibited with immediate effect. Exports will be allowed on the basis of permission granted by the Government "
     "of India to other countries to meet their food security needs.", ["export_control", "licensing"], "tightening", "en"),
    ("IN", "CBIC", "2024-03-14", "Customs notification reduces basic customs duty on mobile phone parts",
     "The Central Government has reduced the basic customs duty on specified parts of mobile phones, including battery covers, main "
     "lenses and back covers, from 15 percent to 10 percent. The notification comes into force on the date of its publication in the "
     "Official Gazette.", ["tariff"], "easing", "en"),
    ("IN", "DGTR", "2024-09-27", "Final findings in anti-dumping investigation concerning glass fibre",
     "The Designated Authority recommends imposition of definitive anti-dumping duty on imports of glass fibre from China, Bahrain "
     "and Thailand for five years. The Ministry of Finance will decide on imposing the duty within three months.", [], None, "en"),
    ("AU", "DFAT", "2024-07-01", "Updated guidance on sanctions permits",
     "The Australian Sanctions Office has updated its guidance on how to apply for a sanctions permit through the Pax online portal. "
     "Applicants must now upload supporting documents in a single file. Processing times and criteria are unchanged.",
     ["sanctions", "licensing"], "procedural", "en"),
    ("CA", "Global Affairs Canada", "2024-02-01", "Canada lifts sanctions on individuals following review",
     "Canada has removed two individuals from the schedule of the Special Economic Measures (Russia) Regulations after a review of "
     "their circumstances. The dealings ban no longer applies to them.", ["sanctions"], "easing", "en"),
    ("CA", "CBSA", "2024-10-22", "Customs notice: how to account for the surtax on Chinese electric vehicles",
     "This customs notice explains how importers should account for the surtax on electric vehicles from China, including the "
     "special tariff classification codes and the information required on the commercial accounting declaration. The rates are "
     "set out in the order and are not changed by this notice.", ["tariff"], "procedural", "en"),
    ("TW", "MOEA", "2024-02-06", "Taiwan economy ministry comments on report of chip equipment shipments",
     "Responding to media reports, the ministry said Taiwanese companies comply with export control regulations and that it "
     "monitors exports of sensitive technologies closely. It will investigate any violations under the Foreign Trade Act.",
     [], None, "en"),
    ("CN", "MOFCOM", "2023-07-03", "MOFCOM and GACC Announcement No. 23 of 2023 on implementing export control on gallium and germanium related items",
     "In accordance with the Export Control Law, and to safeguard national security and interests, the Ministry of Commerce and the "
     "General Administration of Customs decided to impose export control on gallium and germanium related items. Items meeting the "
     "characteristics listed shall not be exported without permission. Exporters shall apply for a licence through the provincial "
     "commerce department. This announcement shall come into force on August 1, 2023.",
     ["export_control", "licensing"], "tightening", "en"),
    ("CN", "MOFCOM", "2024-12-05", "MOFCOM spokesperson answers questions on export control of dual-use items to the US",
     "Q: MOFCOM recently strengthened export control of dual-use items to the United States. What is the consideration? A: The US has "
     "long abused export controls to suppress Chinese enterprises. China's measure is a necessary step to safeguard national "
     "security. The spokesperson reiterated that compliant trade will be facilitated.", [], None, "en"),
    ("CN", "MOFCOM", "2024-11-08", "China-EU talks on electric vehicles price undertakings continue",
     "The Chinese and EU technical teams held another round of consultations on price undertakings as an alternative to the "
     "countervailing duties on electric vehicles. The two sides agreed to continue talks. No agreement has yet been reached.",
     [], None, "en"),
    ("CN", "GACC", "2024-09-20", "海关总署公告2024年第128号 关于调整海关监管方式代码的公告",
     "为适应外贸新业态发展需要，海关总署决定增列海关监管方式代码“9810”，全称“跨境电子商务出口海外仓”。企业应按照新的代码申报。"
     "本公告自2024年10月1日起施行。", [], None, "zh"),
    ("CN", "MOFCOM", "2024-04-11", "商务部对原产于美国、欧盟、日本和台湾地区的进口共聚聚甲醛反倾销调查延长调查期限",
     "鉴于本案情况复杂，根据《中华人民共和国反倾销条例》第二十六条规定，商务部决定将本案的调查期限延长至2025年5月19日。",
     [], None, "zh"),
    ("CN", "SCTC", "2025-04-11", "国务院关税税则委员会关于调整对原产于美国的进口商品加征关税措施的公告",
     "美国政府宣布将对中国输美商品征收的所谓“对等关税”提高至125%，经国务院批准，自2025年4月12日起，调整对原产于美国的进口商品加征关税措施，"
     "税率由84%提高至125%。", ["tariff"], "tightening", "zh"),
    ("CN", "SCTC", "2025-05-14", "国务院关税税则委员会关于调整对原产于美国的进口商品加征关税措施的公告",
     "根据中美日内瓦经贸会谈联合声明，经国务院批准，自2025年5月14日12时01分起，调整对原产于美国的进口商品加征关税措施，"
     "由加征34%关税调整为加征10%关税，在90天内暂停实施24%的加征关税。", ["tariff"], "easing", "zh"),
    ("CN", "MOFCOM", "2025-02-04", "商务部公告2025年第6号 关于将PVH集团和因美纳公司列入不可靠实体清单的公告",
     "根据《不可靠实体清单规定》，工作机制决定将PVH集团和因美纳公司列入不可靠实体清单。上述企业违反正常市场交易原则，"
     "中断与中国企业的正常交易，对中国企业采取歧视性措施。相关措施另行公布。", ["sanctions"], "tightening", "zh"),
    ("CN", "MOFCOM", "2024-08-15", "商务部 海关总署公告2024年第33号 关于对锑等物项实施出口管制的公告",
     "根据《中华人民共和国出口管制法》《中华人民共和国对外贸易法》《中华人民共和国海关法》有关规定，为维护国家安全和利益，"
     "经国务院批准，决定对以下物项实施出口管制：锑矿及原料、金属锑及制品、锑化合物、冶炼分离技术；超硬材料相关物项。"
     "出口经营者出口上述物项，应当向商务部申请许可，申报时注明海关商品编号。本公告自2024年9月15日起正式实施。",
     ["export_control", "licensing"], "tightening", "zh"),
    ("CN", "MOFCOM", "2024-07-05", "商务部召开例行新闻发布会（2024年7月4日）",
     "发言人介绍了上半年商务运行情况，并回答了记者关于欧盟电动汽车临时反补贴税、中美经贸关系等问题的提问。"
     "发言人表示，中方将坚决维护自身合法权益。", [], None, "zh"),
    ("CN", "MOFCOM", "2024-12-27", "商务部关于公布2025年农产品进口关税配额再分配及申请条件的公告",
     "2025年粮食进口关税配额总量为：小麦963.6万吨，玉米720万吨，大米532万吨。申请企业应于2024年10月15日至30日向授权机构提出申请，"
     "关税配额内进口实行配额内税率。", ["licensing", "tariff"], "procedural", "zh"),
    ("CN", "MOFCOM", "2025-06-05", "商务部等部门关于进一步优化两用物项出口许可审批流程的通知",
     "为便利合规贸易，各地商务主管部门应缩短两用物项出口许可初审时限，对符合条件的申请实行绿色通道，审查时间由45个工作日缩短至20个工作日。"
     "管制物项范围和审查标准不变。", ["licensing", "export_control"], "easing", "zh"),
    ("CN", "MFA", "2024-07-12", "外交部发言人宣布对美国军工企业采取反制措施",
     "针对美方向台湾地区出售武器，中方决定对美国6家军工企业采取反制措施，冻结其在中国境内的动产、不动产和其他各类财产，"
     "禁止中国境内的组织、个人与其进行有关交易、合作等活动。", ["sanctions"], "tightening", "zh"),
    ("CN", "CCPIT", "2024-06-20", "贸促会发布全球经贸摩擦指数报告",
     "报告显示，5月全球经贸摩擦指数为112，处于高位。美国、印度、欧盟是发起贸易限制措施最多的经济体，涉及产品主要包括钢铁、电动汽车、光伏产品等。",
     [], None, "zh"),
]

NOTICES_MORE += [
    ("GB", "OFSI", "2025-05-20", "Financial sanctions notice: Russia",
     "Financial sanctions notice. Russia. 20/05/2025. The Secretary of State has designated the following persons under the Russia "
     "(Sanctions) (EU Exit) Regulations 2019 and added them to the consolidated list: 18 entities and 100 ships. Asset freeze: a "
     "person must not deal with funds or economic resources owned, held or controlled by a designated person. Trust services "
     "sanctions also apply.", ["sanctions"], "tightening", "en"),
    ("GB", "OFSI", "2025-03-03", "Financial sanctions notice: Libya — amendment",
     "The entries for two individuals on the consolidated list have been amended to update their passport details and addresses. "
     "These persons remain subject to an asset freeze. No new designations have been made.", ["sanctions"], "procedural", "en"),
    ("US", "OFAC", "2025-01-10", "Recent Actions: Issuance of Russia-related General License; Publication of Amended FAQs",
     "OFAC is issuing Russia-related General License 8L, authorising certain energy-related transactions involving specified banks "
     "until March 12, 2025, and is publishing amended frequently asked questions.", ["sanctions"], "easing", "en"),
    ("EU", "Official Journal", "2024-12-16", "Council Implementing Regulation (EU) 2024/3187 implementing Regulation (EU) No 269/2014",
     "The Council has added 54 natural persons and 30 entities to the list of persons, entities and bodies subject to restrictive "
     "measures in Annex I to Regulation (EU) No 269/2014. All funds and economic resources belonging to them shall be frozen. This "
     "Regulation shall enter into force on the date of its publication in the Official Journal.", ["sanctions"], "tightening", "en"),
    ("US", "White House", "2025-02-01", "Imposing Duties to Address the Flow of Illicit Drugs Across Our Northern Border",
     "An additional 25 percent ad valorem duty shall apply to all articles that are products of Canada, except energy and energy "
     "resources, which shall be subject to an additional 10 percent duty. The duties apply to goods entered for consumption on or "
     "after 12:01 a.m. eastern time on February 4, 2025.", ["tariff"], "tightening", "en"),
    ("JP", "METI", "2023-03-31", "Publication of the draft amendment to the ministerial ordinance for public comment",
     "METI published a draft amendment that would add 23 items related to semiconductor manufacturing equipment to the list of "
     "controlled goods. Comments are invited until April 29. The amendment would be promulgated after the comment period.",
     [], None, "en"),
    ("KR", "MOTIE", "2024-11-18", "Trade minister holds export strategy meeting with industry",
     "The minister chaired a meeting with semiconductor, automobile and shipbuilding companies to review export performance and "
     "discuss responses to possible tariff increases by major trading partners. The government will expand trade insurance and "
     "marketing support.", [], None, "en"),
    ("IN", "DGFT", "2024-06-07", "Notification No. 12/2024-25: import policy of certain electronic items",
     "Notification No. 12/2024-25. In exercise of powers conferred by the Foreign Trade (Development and Regulation) Act, the Central "
     "Government amends the import policy conditions for the items mentioned: imports of IT hardware are allowed subject to "
     "registration on the import management system. The authorisation will be valid until 31 December 2025.",
     ["licensing"], "procedural", "en"),
    ("AU", "DFAT", "2025-03-26", "Australia lifts sanctions on Syrian central bank",
     "Australia has removed the Central Bank of Syria and several banks from the list of sanctioned entities, following similar "
     "action by partners, to support reconstruction. Targeted sanctions on individuals responsible for human rights abuses remain.",
     ["sanctions"], "easing", "en"),
    ("CN", "MOFCOM", "2025-10-09", "MOFCOM Announcement No. 57 of 2025 on export controls on lithium battery and artificial graphite anode technologies",
     "In accordance with the Export Control Law, MOFCOM decides to implement export controls on technologies for the manufacture of "
     "high-performance lithium-ion batteries, cathode materials and artificial graphite anode materials. Exports of these "
     "technologies without a licence are prohibited. This announcement takes effect on November 8, 2025.",
     ["export_control", "licensing"], "tightening", "en"),
    ("CN", "MOFCOM", "2025-11-07", "MOFCOM announces suspension of export control measures announced in October",
     "MOFCOM announced that the implementation of Announcements No. 55, 56, 57 and 58 of 2025 is suspended until November 10, 2026, "
     "in line with the consensus reached in China-US economic and trade consultations.", ["export_control"], "easing", "en"),
    ("CN", "MOFCOM", "2024-09-12", "Regular Press Conference of the Ministry of Commerce (September 12, 2024)",
     "The spokesperson introduced the ministry's work on promoting consumption and answered questions on the EU anti-subsidy case, "
     "China-US trade relations and export controls. She said China would take all necessary measures to safeguard its companies' "
     "rights and interests.", [], None, "en"),
    ("CN", "MOFCOM", "2025-03-04", "商务部公告2025年第12号 关于将15家美国实体列入出口管制管控名单的公告",
     "根据《中华人民共和国出口管制法》有关规定，商务部决定将15家美国实体列入出口管制管控名单，禁止出口经营者向其出口两用物项，"
     "正在开展的相关出口活动应当立即停止。本公告自公布之日起正式实施。", ["export_control", "sanctions", "licensing"], "tightening", "zh"),
    ("CN", "GACC", "2025-02-20", "海关总署关于暂停部分美国企业大豆输华资质的公告",
     "鉴于近期从相关企业输华大豆中多次检出麦角菌、种衣剂等问题，海关总署决定自即日起暂停3家美国企业大豆输华资质。",
     [], None, "zh"),
    ("CN", "MOFCOM", "2024-03-27", "商务部关于对原产于澳大利亚的进口葡萄酒所适用反倾销措施和反补贴措施复审裁定的公告",
     "商务部裁定，鉴于中国葡萄酒市场情况已发生变化，继续对原产于澳大利亚的进口葡萄酒征收反倾销税和反补贴税已无必要。"
     "国务院关税税则委员会决定，自2024年3月29日起，终止对原产于澳大利亚的进口相关葡萄酒征收反倾销税和反补贴税。",
     ["tariff"], "easing", "zh"),
    ("CN", "MOFCOM", "2024-05-20", "商务部关于对美国通用原子航空系统公司等实体采取不可靠实体清单措施的公告",
     "不可靠实体清单工作机制决定，禁止上述企业从事与中国有关的进出口活动，禁止上述企业在中国境内新增投资，禁止其高级管理人员入境。"
     "本公告自公布之日起施行。", ["sanctions"], "tightening", "zh"),
    ("CN", "MOFCOM", "2024-10-18", "2024年1-9月我国对外投资合作情况",
     "2024年1-9月，我国对外全行业直接投资1.14万亿元人民币，同比增长11.8%。对外承包工程完成营业额7985.2亿元，新签合同额1.05万亿元。",
     [], None, "zh"),
]

# Adopted list updates, the counterpart of the drafts and proposals above.
NOTICES_MORE += [
    ("EU", "Official Journal", "2024-11-15", "Commission Delegated Regulation (EU) 2024/2547 updating the EU list of dual-use items",
     "The annual update of Annex I to the Dual-Use Regulation was published in the Official Journal today and becomes applicable "
     "immediately. It transposes the decisions taken in the Wassenaar Arrangement, the Missile Technology Control Regime, the "
     "Australia Group and the Nuclear Suppliers Group in 2023, including new entries for certain electronic components and revised "
     "thresholds for machine tools. Exporters must now hold an authorisation for the newly listed goods.",
     ["export_control", "licensing"], "tightening", "en"),
    ("GB", "DBT", "2024-04-02", "The Export Control (Amendment) Order 2024 comes into force",
     "The Export Control (Amendment) Order 2024, laid before Parliament last month, has now come into force. It updates the UK "
     "Strategic Export Control Lists to reflect changes agreed in the multilateral regimes and introduces new national controls on "
     "quantum computing and semiconductor items. A standard individual export licence is required for the new items.",
     ["export_control", "licensing"], "tightening", "en"),
    ("KR", "MOTIE", "2024-09-26", "Revised public notice on strategic items promulgated",
     "The revised Public Notice on Trade of Strategic Items was promulgated today. The annex listing dual-use items has been "
     "replaced to reflect the latest decisions of the international export control regimes, adding items related to advanced "
     "semiconductors. Exporters of the added items must obtain an export licence from the ministry.",
     ["export_control", "licensing"], "tightening", "en"),
    ("CN", "MOFCOM", "2024-11-15", "商务部 工业和信息化部 海关总署 国家密码管理局公告2024年第51号 公布《中华人民共和国两用物项出口管制清单》",
     "根据《中华人民共和国两用物项出口管制条例》，现公布《中华人民共和国两用物项出口管制清单》，自2024年12月1日起施行。"
     "出口清单所列物项，出口经营者应当向商务部申请许可。", ["export_control", "licensing"], "tightening", "zh"),
]
