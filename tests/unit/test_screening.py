"""Screening a posting's words: a rule written once catches its disguises."""

import pytest

from portal.jobs.screening import rules


def found(text: str) -> set[str]:
    return {f.rule for f in rules().text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "入职需交押金500元",
        "入职需交押 金",
        "需交壓金",
        "交yajin两百",
        "交ＹＡＪＩＮ",
        "保証金三百",
        "押✓金",
        "先交培训费再上岗",
        "办理培训贷",
        "体检费自理",
    ],
)
def test_fee_demands_are_caught_in_any_disguise(text):
    assert "fee" in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "加V: abc123 详聊",
        "联系 一三八一二三四五六七八",
        "联系 1 3 8 1 2 3 4 5 6 7 8",
        "联系 13⑨8①72④④56",
        "联系1\u200b3\u200b8\u200b1726\u200b5049",
        "有意的加我薇❤ pa_mugong88",
        "详见 www.abc.com",
        "QQ 12345678",
        "薇信同号",
    ],
)
def test_contact_details_that_pull_workers_off_the_portal_are_caught(text):
    assert "contact" in found(text)


@pytest.mark.parametrize("text", ["日赚千元 轻松", "网络兼职打字", "夜场陪酒"])
def test_scam_and_adult_words_are_caught(text):
    assert "spam" in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "县城钢结构工地招电焊工，包吃住，工资月结",
        "工资按月打卡，不收任何费用",
        "食品厂包装工，年满18岁，长白班",
        "电话面试后到厂里看环境",
        "压路机司机，持证上岗",
    ],
)
def test_ordinary_postings_are_clean(text):
    assert found(text) == set()


@pytest.mark.parametrize(
    "text", ["学徒包教包会，不收培训费", "不收押金和保证金", "体检费由公司承担", "免押金"]
)
def test_a_fee_named_only_to_deny_it_is_not_a_demand(text):
    assert "fee" not in found(text)


def test_a_denial_does_not_hide_another_charge():
    assert "fee" in found("不收押金，但需交培训费800元")


def test_bait_wages_are_flagged_against_the_trade_and_the_county_ceiling():
    assert rules().wage(20000, usual=8000).rule == "wage"
    assert rules().wage(9000, usual=8000) is None
    assert rules().wage(50000, usual=None).rule == "wage"
    assert rules().wage(9000, usual=None) is None


@pytest.mark.parametrize(
    "text",
    [
        "培训féi 800元",
        "需交押 .金200元",
        "入职sfz押公司，离职时拿回",
        "每月从工资中扣除200元作为风险金",
        "首月工资押一个月",
        "入职需向园方借款5000元",
        "需先购买公司指定的工作手机一部",
        "员工宿舍需先付三个月房租给公司",
        "制服 需 自 费，每套200元",
    ],
)
def test_money_and_papers_asked_in_words_no_list_names_are_caught(text):
    assert "fee" in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "每月话费补贴100元，交通补贴150元",
        "公司承诺不扣押任何证件",
        "农商银行招客户经理，负责涉农贷款营销和贷后管理",
        "入职前做职业健康体检，费用由公司承担",
        "公司承担入职体检费用",
        "周末兼职促销员，每天150元，当天结算，不收任何费用",
    ],
)
def test_words_that_only_look_like_fees_are_not_flagged(text):
    assert found(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "q群：6 3 8 2 9 1 7 4 5 进群报名",
        "更多岗位见 pajob点com",
        "报名请打开 h t t p s : // pa-jobs . cn / 888",
        "加飞机号 @bc_kefu",
    ],
)
def test_more_contact_disguises_are_caught(text):
    assert "contact" in found(text)


def test_entering_a_work_group_after_hiring_is_not_a_contact_but_renting_your_wechat_is_spam():
    assert found("入职后加入班组微信群接收排班通知") == set()
    assert found("用你的微信、支付宝收款码帮平台收款，佣金3%") == {"spam"}


@pytest.mark.parametrize(
    "text",
    [
        "国产精品 亚洲欧美 日韩在线 免费观看 高清视频 最新地址",
        "成 人 视 频 在 线 观 看｜一 区 二 区 三 区",
        "國產精品 無碼專區 免費觀看",
        "澳门葡京 威尼斯人官网 注册送彩金 首充",
        "中文字幕 精品 国产 午夜 影院 免费 高清 在线 观看 永久 网址",
    ],
)
def test_video_and_gambling_site_keyword_lists_are_held_as_spam(text):
    assert "spam" in found(text)


def test_a_keyword_list_is_named_as_such_for_staff():
    [finding] = rules().text("中文字幕 精品 国产 午夜 影院 免费 高清 在线 观看 永久 网址")
    assert finding.msgid.startswith("A list of video or gambling site keywords")
    assert "中文字幕" in finding.params["words"]


@pytest.mark.parametrize(
    "text",
    [
        "招短视频剪辑，负责拍摄门店宣传视频，会用剪映，月薪4000-6000",
        "电影院招放映员，负责影厅设备和高清放映，晚班补贴",
        "体育彩票实体店招销售员，持证经营",
        "农产品直播带货助理，负责直播间上架，下载订单和打包发货",
        "首饰店招营业员，彩金、黄金柜台，底薪加提成",
    ],
)
def test_jobs_that_only_mention_video_film_or_lottery_shops_are_clean(text):
    assert "spam" not in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "联系电话 138 1234 5678",
        "请致电0817-8621234人事部",
        "联系人：李姐 151-8172-0034",
        "联系电话１３６８１７２４５９０",
        "两班倒（7:00-14:30、14:30-22:00），月薪2800-3200",
        "手机号直接打：13678173309 王姐，不用加微信",
        "我们只在本平台和电话沟通，不会让你加私人微信",
    ],
)
def test_a_phone_written_plainly_is_how_older_workers_call_and_is_not_held(text):
    assert "contact" not in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "工牌加储物柜钥匙要先押 两 百 块",
        "费用叁佰元整，当天现场交给带队老师",
        "学习期间每天交50块伙食加油耗给师傅",
    ],
)
def test_money_asked_in_words_and_figures_is_a_fee(text):
    assert "fee" in found(text)


def test_a_fee_the_employer_reimburses_is_not_a_demand():
    assert "fee" not in found("包吃。入职体检费凭票报销。")


@pytest.mark.parametrize(
    "text",
    [
        "錦屏鎮臨街門面出租，80平米，適合開餐館，有意者電話聯繫：13550817723",
        "自家养的土蜂蜜，80一斤，两斤起卖，上门自取，电话13698175510",
        "征信花、网贷逾期都能下款，最高20万，当天到账",
    ],
)
def test_an_advertisement_or_a_loan_is_not_a_job(text):
    assert "spam" in {f.rule for f in rules().posting(text, 3000, None)}


@pytest.mark.parametrize(
    "text", ["种菜采摘，一天120，当天结，包午饭", "众包骑手，自己安排时间，一单4-7元，跑得多挣得多"]
)
def test_day_work_in_few_words_is_still_a_job(text):
    assert rules().posting(text, 3500, None) == []


def test_a_high_wage_for_work_that_needs_nothing_is_too_good_to_be_true():
    screen = rules()
    easy = "只需要晚上在仓库睡觉看东西，不用干活，无需经验"
    assert screen.easy_money(easy, 18000).rule == "wage"
    assert screen.easy_money(easy, 4000) is None  # a night watch at a usual wage
    assert (
        screen.easy_money("塔吊司机，持证上岗，经验三年以上", 15000) is None
    )  # skilled and paid for it


def test_a_row_of_job_board_search_words_is_spam_and_a_short_title_is_not():
    stuffed = "招普工，月薪3500-4500。蓬安招聘 蓬安人才网 南充招聘 南充最新招聘 蓬安兼职 附近找工作 日结工"
    assert found(stuffed) == {"spam"}
    assert found("钢筋工 点工 安置小区 扎钢筋，点工420一天") == set()
    assert found("要求 能吃苦 服从安排 男女不限 包吃住 长白班 不加班") == set()
