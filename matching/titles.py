"""The trade part of a real job-board title: everything around the trade stripped.

Titles on county boards and in phone groups wrap the trade in noise that names no trade: the
company and the city, the wage and the shift ("300/天", "上四休二"), the benefits, emoji and slogans,
and the rank of the worker wanted (学徒, 大工, 储备干部). Left in, that noise is read as trades: 月综合
matched 综合柜员, 市政道路项目 an engineering occupation, 12小时两班倒 nothing at all.

Kept on purpose: 小工 (工地小工 is a labourer's trade), 厂 (电子厂普工 says which factory), and the
setting words (养老院, 医院, 幼儿园) that decide between trades doing the same work.
"""

from __future__ import annotations

import re
import unicodedata

from .text import fold

_NUM = r"[0-9一二三四五六七八九十两百千万.]+"
_DIGITS = r"[0-9][0-9.]*"  # not Chinese numerals: 二保焊, 三轮车 are trades
_AGE = rf"{_DIGITS}\s*[-~到至]\s*{_DIGITS}\s*周?岁|{_DIGITS}\s*周?岁以[下上内]|年龄"
_WAGE = (
    rf"(?:日薪|月薪|时薪|底薪|月入|日入|年薪|月综合|综合工资|工资|薪资|薪水|待遇|保底)?{_DIGITS}"
    rf"(?:\s*[-~到至]\s*{_DIGITS})?\s*(?:k|w|千|万)?\+?\s*(?:元|块)?"
    r"\s*(?:/|每|一|一个)?\s*(?:天|日|小时|时|月|台|平方?|方|件|个|吨|车)?(?:以上|起|左右|多)?"
)
_SHIFT = (
    rf"[上做]{_NUM}休{_NUM}|月休{_NUM}天?|{_NUM}小时|两班倒|三班倒|倒班|长白班|白班|夜班|早班|晚班|"
    rf"早{_NUM}晚{_NUM}|坐着上班|站班|轮休|双休|单休|大小周"
)
_BENEFIT = (
    r"五险一金|五险|社保|包吃包住|包吃住|管吃住|包住|包吃|管住|管饭|管中午饭|免费工作餐|工作餐|有住宿|"
    r"节日福利|福利好|福利|年终奖|(?:夜班|外出|交通|餐)(?:有)?补贴|补贴|待遇从优|待遇优厚|"
    r"工价面议|薪资面议|面议|底薪\+?提成|提成高|提成|计件|按平方算?|按台算|按天算|日结|周结|月结|"
    r"多劳多得|随到随上|活多|长期有活|一年四季有活|不拖欠|工资高|工资日结|高薪"
)
_SLOGAN = (
    r"只要你肯干|月入过万不是梦|欢迎(?:加入|你加入)?(?:我们)?(?:的)?大家庭|欢迎加入我们|加入我们|"
    r"工厂直招|厂家直招|直招|有人带|有师傅带|包教包会|包教|不会可以学|可以学|学技术|速来|有意者|"
    r"欢迎咨询|诚邀|火热招聘中?|招聘中|急急急"
)
# Who is wanted, not what they do: 学徒 电焊 is a welder all the same.
_RANK = r"储备干部|管培生|学徒工?|大工|中工|熟练工|熟手|老师傅|师傅|技工|普工岗"
_PLACE = (
    r"四川省?|重庆市?|成都市?|南充市?|广安市?|遂宁市?|达州市?|巴中市?|绵阳市?|德阳市?|宜宾市?|"
    r"泸州市?|乐山市?|眉山市?|资阳市?|内江市?|自贡市?|广元市?|雅安市?|蓬安县?|顺庆区?|高坪区?|"
    r"嘉陵区?|阆中市?|营山县?|仪陇县?|西充县?|北京市?|上海市?|广州市?|深圳市?|东莞市?|"
    r"(?:本地|附近|县城|城区|外地|全国|市内|区域|片区)"
)
_COMPANY = re.compile(
    r"^.{0,14}?(?:有限责任公司|有限公司|股份公司|集团|公司|工作室|商行|门市部)|某\S{0,6}?(?:公司|厂|店)"
)
NOISE = re.compile(
    "|".join(f"(?:{p})" for p in (_AGE, _SHIFT, _BENEFIT, _SLOGAN, _RANK, _PLACE, _WAGE))
    + r"|[a-z]\d(?![a-z0-9])|驾龄\S{0,3}|持证上岗|持证|有证优先|有证|优先"
)


def _no_symbols(text: str) -> str:
    """Emoji, pictographs and their joiners out: 🔥钢筋工✅ reads as 钢筋工."""
    return "".join(
        " " if unicodedata.category(c) in ("So", "Sk", "Cs", "Co") else c
        for c in text
        if c not in "\u200d\ufe0f\ufe0e"
    )


def without_noise(text: str) -> str:
    """Each space-separated part of a title with its company, place, wage, shift, benefits, slogan
    and rank removed; parts keep their spaces so a company name never swallows the trade after it."""
    parts = []
    for chunk in _no_symbols(text).split():
        folded = fold(chunk)
        folded = _COMPANY.sub(" ", folded)
        parts.append(NOISE.sub(" ", folded))
    return " ".join(parts)
