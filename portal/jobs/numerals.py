"""Chinese numerals in a posting read as figures, so the wage and fee checks see them:
月薪四千五 -> 月薪4500, 一万二 -> 12000, 叁佰元 -> 300元, 六七千 -> 6000-7000, 四百一天 -> 400每天.

Only runs that carry a unit (十 百 千 万) are read: 五险一金, 三班倒 and 一区二区 stay words.
cn2an reads the figures; the two colloquial forms it does not (a span of two digits, 六七千, and
一 meaning "per", 一天) are handled here first.
"""

from __future__ import annotations

import re
import warnings

import cn2an

# 一天 / 一个月 / 一小时 as "per": 四百一天 is 400 a day, not 410 days; not 第一天, not 一月 (January).
_PER = re.compile(r"(?<![第周初礼拜期十])一(?=(?:天|小时|个小时|钟头|晚|个月))")
_DIGIT = "一二两三四五六七八九"
_SPAN = re.compile(rf"([{_DIGIT}])([{_DIGIT}])([十百千万])")
_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+")
_UNIT = re.compile(r"[十百千万拾佰仟]")


def _figure(run: str) -> str:
    if not _UNIT.search(run):
        return run
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns as well as raising on what it cannot read
        try:
            value = cn2an.cn2an(run, "smart")
        except (ValueError, KeyError, IndexError):
            return run
    return str(int(value)) if float(value).is_integer() else str(value)


def _span(m: re.Match[str]) -> str:
    a, b, unit = m.groups()
    return f"{_figure(a + unit)}-{_figure(b + unit)}"


def figures(text: str) -> str:
    """``text`` (already Simplified) with its Chinese numerals written as figures."""
    if not _RUN.search(text):
        return text
    text = _PER.sub("每", text)
    text = _SPAN.sub(_span, text)
    return _RUN.sub(lambda m: _figure(m.group(0)), text)
