"""Names and numbers for generated people and employers (valid check digits, fictional people)."""

from __future__ import annotations

import random

from stdnum.cn import ric, uscc

# Common surnames of north-east Sichuan and given-name characters, for fictional names.
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN_M = "国建军华明强伟平志勇林德成文永海东兵春红光辉刚超波洪祥福贵荣富斌俊鹏杰涛"
GIVEN_F = "秀英兰芳桂玉珍华丽红梅琴霞燕蓉娟凤萍芬翠洁群敏静慧琼艳莉"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def person_name(rng: random.Random, female: bool) -> str:
    chars = GIVEN_F if female else GIVEN_M
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.8 else "")
    return rng.choice(SURNAMES) + given


def id_number(rng: random.Random, township_code: str, birth_year: int, female: bool) -> str:
    """A resident ID of Peng'an (511323) with a valid check digit; the sequence is random."""
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    seq = rng.randrange(0, 999, 2) + (0 if female else 1)
    body = f"511323{birth_year:04d}{month:02d}{day:02d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def credit_code(rng: random.Random) -> str:
    """A unified social credit code registered in Peng'an (9151 1323 ...), check digit valid."""
    body = "91511323" + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def mobile(rng: random.Random, used: set[str]) -> str:
    while True:
        number = (
            rng.choice(("138", "139", "150", "151", "158", "177", "180", "182", "187", "199"))
            + f"{rng.randrange(10**8):08d}"
        )
        if number not in used:
            used.add(number)
            return number
