"""Paragraphs that surround real bulletins but say nothing about the measure.

They are added to notices of every label alike, so the classifier learns that page
furniture, legal boilerplate and background carry no weight, and so that training
notices are as long as real ones.
"""
from __future__ import annotations

from .common import Ctx

EN_BEFORE = [
    "Home > News and media > Press releases",
    "Share this page: Email | Print | LinkedIn",
    "From: Department for Business and Trade. Published 3 June. Last updated 3 June.",
    "AGENCY: Department of Commerce.",
    "Skip to main content. An official website of the government.",
    "Contents: 1. Summary 2. Background 3. Details 4. Contact",
    "Press release. For immediate release.",
]
EN_AFTER = [
    "FOR FURTHER INFORMATION CONTACT: The Office of the Assistant Secretary, telephone 202-482-0000, or by email.",
    "SUPPLEMENTARY INFORMATION: This document is published under the authority of the relevant statute. Executive Order 12866 "
    "requires review of significant regulatory actions. The Regulatory Flexibility Act and the Paperwork Reduction Act have been "
    "considered. No other provision of law requires prior notice and an opportunity for public comment.",
    "Notes to editors: The department is responsible for trade, investment and business policy. Media enquiries should be directed "
    "to the press office.",
    "About the agency: The agency works with businesses, partner governments and international organisations to support an open, "
    "rules-based trading system and to protect national security.",
    "Having regard to the Treaty on the Functioning of the European Union, and in particular Article 207 thereof, whereas the "
    "Commission has consulted the committee established by the basic Regulation. This Regulation shall be binding in its entirety "
    "and directly applicable in all Member States. Done at Brussels. For the Commission, The President.",
    "Related links: Guidance for exporters; Frequently asked questions; Contact the helpline; Subscribe to email updates.",
    "Background: International trade accounts for a large share of economic output, and the government works closely with "
    "industry associations, chambers of commerce and partner economies. The department publishes regular updates on its website.",
    "This publication is licensed under the terms of the Open Government Licence. Any enquiries regarding this publication should be "
    "sent to the department.",
    "Media contact: Office of Public Affairs, 202-000-0000. Follow us on social media for the latest updates.",
    "The department held meetings with stakeholders in several cities during the year and will continue to engage with industry, "
    "academia and civil society on trade policy, economic security and supply chains.",
    "Billing code. Dated: signed by the Assistant Secretary. Filed for public inspection. Page numbers refer to the printed edition.",
    "List of Subjects: Administrative practice and procedure; Reporting and recordkeeping requirements. For the reasons stated in "
    "the preamble, the regulations are amended as follows. The authority citation for the part continues to read as set out above.",
    "Public participation: Interested persons are invited to submit written data, views or arguments. All submissions will be made "
    "available for public inspection without change, including any personal information provided.",
    "Rulemaking requirements: This action is not expected to be an energy action. It does not have tribal implications and does not "
    "impose an unfunded mandate on State, local or tribal governments. The agency certifies the information collection burden is "
    "unchanged.",
    "Signed in Tokyo by the Director of the division. Inquiries: Trade Control Department, telephone 03-0000-0000 (extension 0000).",
    "Accessibility: If you need this document in a different format, contact the publications team. We will consider your request "
    "and get back to you within ten working days.",
    "The minister will travel to the region next week to meet counterparts and business leaders. A joint press conference is "
    "scheduled. The full programme of the visit will be published later.",
    "Glossary: HS means the Harmonized Commodity Description and Coding System; WTO means the World Trade Organization; OJ means "
    "the Official Journal of the European Union.",
    "Article 3. The annex forms an integral part of this instrument. Article 4. References to the repealed provisions shall be "
    "construed as references to this instrument and read in accordance with the correlation table.",
    "Disclaimer: This page is provided for information only. In case of discrepancy, the text published in the official journal "
    "prevails. Translations are provided for convenience.",
]
ZH_BEFORE = ["当前位置：首页 > 政务公开 > 通知公告", "【字体：大 中 小】【打印本页】【关闭窗口】", "来源：商务部网站", "发布时间：近日 浏览次数：", "索引号：000000/2024-00000"]
ZH_AFTER = [
    "特此公告。", "联系人：办公室 联系电话：010-00000000 传真：010-00000000", "附件：1. 有关清单\n2. 申请表格式", "责任编辑：综合司",
    "分享到：微信 微博", "近年来，我国对外贸易保持平稳发展，商务部将继续推进高水平对外开放，同各方加强沟通合作。",
    "（本文来源于商务部网站，转载请注明出处。）", "各有关单位请认真贯彻执行。执行中如有问题，请及时报告。",
    "商务部网站为您提供相关政策文件的查询服务，如需了解更多信息，请访问相关栏目。",
    "网站地图 | 联系我们 | 版权声明 | 主办单位：中华人民共和国商务部 | 网站标识码：bm00000001",
    "本文件自印发后，由办公厅负责解释。各地在执行过程中遇到的问题，请及时反馈。",
    "为做好相关工作，现将有关情况说明如下：一是加强组织领导；二是做好宣传解读；三是强化督促检查。",
    "（此件公开发布）",
    "会议指出，要坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，推动经济实现质的有效提升和量的合理增长。",
]


def with_boilerplate(ctx: Ctx, lang: str, text: str) -> str:
    """`text` with page furniture before it and boilerplate paragraphs after it, about half the time."""
    if not ctx.chance(0.5):
        return text
    before, after = (EN_BEFORE, EN_AFTER) if lang == "en" else (ZH_BEFORE, ZH_AFTER)
    head = ctx.sample(before, 0, 2)
    tail = ctx.sample(after, 1, 4)
    return "\n\n".join([*head, text, *tail])
