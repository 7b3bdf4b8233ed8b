"""What a printed contract says, in one place: the web print page (Jinja) and the PDF (Typst) both
lay out these words and rows, so a change to the legal text is made once and shows on both."""

from __future__ import annotations

from typing import Any

from ..models import Contract
from ..security import mask_id_number
from ..templating import date_cn, yuan

TITLE = "就业意向合同"
# Two copies of each contract, one per party; the county office registers the number.
COPIES = ("甲方留存", "乙方留存")
TERMS = (
    "一、甲乙双方经蓬安县人力资源和社会保障局组织的就业服务对接，自愿达成上述就业意向。",
    "二、乙方按约定日期到岗报到后，双方依照《中华人民共和国劳动合同法》签订正式劳动合同，"
    "甲方依法为乙方缴纳社会保险。",
    "三、甲方不得以任何名义向乙方收取押金、保证金、培训费等费用。",
    "四、本意向书一式两份，甲乙双方各执一份；县人社局凭编号登记备案并跟踪回访。",
)
DATE_LINE = "日期：　　年　　月　　日"
# Each block is its lines; an empty line is room for a seal or a signature.
SIGNATURES = (
    ("甲方（盖章）：", "", "代表签字：", DATE_LINE),
    ("乙方（签字）：", "", "", DATE_LINE),
    ("见证人（县人社局工作人员）：", "", "", DATE_LINE),
)
WORDING = {"title": TITLE, "copies": COPIES, "terms": TERMS, "signatures": SIGNATURES}


def rows(c: Contract) -> list[tuple[str, str]]:
    """The contract's table, label and value, as printed."""
    worker = c.worker
    wage = f"人民币 {yuan(c.wage)} 元/月" + (f"（{c.wage_reason}）" if c.wage_reason else "")
    probation = f"{c.probation_months} 个月" if c.probation_months else "无"
    housing = "提供住宿" if c.has_housing else "不提供住宿"
    meals = "提供工作餐" if c.has_meals else "不提供工作餐"
    if worker is not None:
        party = [
            ("乙方（务工人员）", f"{worker.name}（身份证号 {mask_id_number(worker.id_number)}）"),
            ("乙方户籍乡镇", f"蓬安县{worker.home_township.name}"),
        ]
    else:  # the worker deleted the account: the county keeps the masked name, nothing more
        party = [("乙方（务工人员）", f"{c.party_name}（已注销账号）")]
    return [
        ("甲方（用人单位）", c.job.employer.name),
        ("统一社会信用代码", c.job.employer.credit_code),
        *party,
        ("工作岗位", c.position),
        ("月工资", wage),
        ("工作地点", c.workplace),
        ("计划到岗日期", date_cn(c.start_date)),
        ("试用期", probation),
        ("食宿", f"{housing}，{meals}"),
        ("意向有效期", f"到岗日期后 {c.term_days} 天内报到有效"),
    ]


def event_line(c: Contract) -> str:
    e = c.event
    return f"{e.title} · {date_cn(e.held_on)} · {e.place}" if e else ""


def sheet(c: Contract, link: str) -> dict[str, Any]:
    """One contract as plain data: what the Jinja page lays out, and (with ``qr``, the link its QR
    code carries) what the Typst template reads as JSON."""
    return {"number": c.number, "event": event_line(c), "rows": rows(c), "verify_url": link}
