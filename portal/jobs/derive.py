"""What a posting need not say because its trade says it: the industry and a first skill.

County systems send vacancies with a title and a trade code but without the portal's industry key or
a skill list; refusing them for that (issue: postings refused after ``industry`` and a skill became
required) loses real vacancies. So, when those fields are absent, they are derived here.

``INDUSTRY_OF_TRADE`` maps groups of the 2022 national occupational classification (职业分类大典)
to the portal's industry keys (``portal.reference.INDUSTRIES``). Codes are major-middle-minor-detail
(``6-29-02-01``); the longest prefix listed wins, so a minor group can differ from its middle group
(养老护理员 4-10-01-05 is care inside housekeeping's 4-10). Anything not listed is "other".
"""

from __future__ import annotations

from matching.trades import TradeVocabulary

INDUSTRY_OF_TRADE: dict[str, str] = {
    "4-01-06": "ecommerce",  # 电子商务服务人员
    "4-02": "logistics",  # 交通运输、仓储物流和邮政业服务人员 (drivers, couriers, warehouse)
    "4-03": "catering",  # 住宿和餐饮服务人员
    "4-10": "housekeeping",  # 居民服务人员 (家政, 保育, 美容美发 ...)
    "4-10-01-04": "care",  # 孤残儿童护理员
    "4-10-01-05": "care",  # 养老护理员
    "4-10-02": "garment",  # 服装裁剪和洗染织补人员 (裁缝)
    "4-12": "repair",  # 修理及制作服务人员 (汽车, 摩托车, 家电)
    "4-14-01": "care",  # 医疗辅助服务人员 (医疗护理员, 健康照护师)
    "4-09-10": "farming",  # 绿化与园艺服务人员
    "5": "farming",  # 农、林、牧、渔业生产及辅助人员
    "6": "manufacturing",  # 生产制造及有关人员, unless a group below says otherwise
    "6-05": "garment",  # 纺织品、服装和皮革、毛皮制品加工制作人员 (6-06 is wood and furniture)
    "6-29": "construction",  # 建筑施工人员
    "6-30-05": "construction",  # 通用工程机械操作人员 (挖掘机, 起重: site machinery)
    "6-30-02": "logistics",  # 轨道交通运输机械设备操作人员
    "6-30-04": "logistics",  # 水上运输设备操作人员
    "6-31-01": "repair",  # 机械设备修理人员
    "6-31-02": "repair",  # 船舶、航空器修理人员
}
FALLBACK_INDUSTRY = "other"
SKILL_MAX = 20  # characters in one skill (the form reader allows no more)


def industry_of(trade_code: str) -> str:
    """The portal's industry key for an occupation code: the longest listed prefix, else "other"."""
    parts = trade_code.split("-") if trade_code else []
    for size in range(len(parts), 0, -1):
        if key := INDUSTRY_OF_TRADE.get("-".join(parts[:size])):
            return key
    return FALLBACK_INDUSTRY


def default_skills(title: str, trade_code: str, trades: TradeVocabulary | None) -> list[str]:
    """The trade's name read from the title (焊工 for 急招电焊工), or the title itself when no trade
    was read: a vacancy without any skill would never be matched to a worker."""
    occupation = trades.by_code.get(trade_code) if trades is not None and trade_code else None
    name = occupation.name if occupation is not None else title
    return [name[:SKILL_MAX]] if name else []
