"""Numbers, multipliers, units, hedges and changes: what each wording of a metric reads as."""

import pytest

from .helpers import metrics_of, values_of

# (snippet, [(value, unit), ...]) — every number that measures something, in order
VALUES = [
    # wording from the dev reports
    pytest.param("全年粮食作物播种面积58873亩，", [(58873, "亩")], id="plain-count-area"),
    pytest.param("完成固定资产投资6.67亿元，", [(667000000, "元")], id="yi-yuan"),
    pytest.param("发放各类社会救助津贴共计1594.93万元。", [(15949300, "元")], id="wan-yuan-decimal"),
    pytest.param("全镇耕地面积4.2万亩。", [(42000, "亩")], id="wan-mu"),
    pytest.param("补领婚姻登记证1.7万余对。", [(17000, "对")], id="wan-then-hedge"),
    pytest.param("接待群众约95万人次。", [(950000, "人次")], id="wan-renci"),
    pytest.param("营业额达0.12亿元。", [(12000000, "元")], id="fraction-of-yi"),
    pytest.param("发放总金额3332605.7元。", [(3332605.7, "元")], id="long-decimal"),
    pytest.param("生物防火林带 6.28 公里。", [(6.28, "公里")], id="spaces-around-number"),
    pytest.param("同比增长34.62％。", [(34.62, "%")], id="fullwidth-percent"),
    pytest.param("申报特色种养产业项目两批共计237个。", [(2, "批"), (237, "个")], id="chinese-liang"),
    pytest.param("涉及水稻生产基地建设等六个项目已基本完成。", [(6, "个")], id="chinese-count"),
    pytest.param("重点培育一家规上企业、一家限上商贸、一家大个体。", [(1, "家"), (1, "家"), (1, "家")],
                 id="chinese-one-in-list"),
    pytest.param("总投资IlOO多万元的低温仓储烘干项目。", [(11000000, "元")], id="ocr-garbled-digits"),
    pytest.param("全年纳入监测“三类对象”31户71人。", [(31, "户"), (71, "人")], id="households-and-people"),
    pytest.param("县委巡察反馈的3类15项33个问题。", [(3, "类"), (15, "项"), (33, "个")], id="chained-counts"),
    pytest.param("整治乱摆卖1825处、乱搭建264处。", [(1825, "处"), (264, "处")], id="list-of-counts"),
    pytest.param("申报创建1－2个美丽乡村亮点示范村。", [(2, "个")], id="range-counts"),
    pytest.param("孤儿12.6万人次XX万元。", [(126000, "人次")], id="real-number-before-placeholder"),
    pytest.param("XX花生种植面积达7860亩。", [(7860, "亩")], id="real-number-after-placeholder-name"),
    # wording named in the issue
    pytest.param("共投入一千二百万元。", [(12000000, "元")], id="chinese-thousands"),
    pytest.param("累计完成1,234户改造。", [(1234, "户")], id="thousands-separator"),
    pytest.param("失业率控制在百分之五。", [(5, "%")], id="percent-word"),
    pytest.param("城镇化率提高1.5个百分点。", [(1.5, "个百分点")], id="percentage-points"),
    pytest.param("预计增长4.5%至5%。", [(5, "%")], id="range-percent"),
    pytest.param("分别增长9.7%、15.3%。", [(9.7, "%"), (15.3, "%")], id="list-of-rates"),
    pytest.param("新建道路１２．５公里。", [(12.5, "公里")], id="fullwidth-digits"),
    pytest.param("绿化面积3万平方米。", [(30000, "平方米")], id="wan-square-metres"),
    pytest.param("接待游客120万人次以上。", [(1200000, "人次")], id="hedge-after-unit"),
    pytest.param("覆盖率达到百分之百。", [(100, "%")], id="percent-word-hundred"),
    # wording of other reports (county government work reports, street-office summaries)
    pytest.param("全年走访企业230余家次。", [(230, "家次")], id="visits-to-firms"),
    pytest.param("实际利用外资2300万美元。", [(23000000, "美元")], id="us-dollars"),
    pytest.param("粮食总产量达到58.3万吨，连续5年稳定在55万吨以上。", [(583000, "吨"), (550000, "吨")],
                 id="years-of-a-streak-are-not-counted"),
    pytest.param("全县共有各类学校186所。", [(186, "所")], id="schools"),
    pytest.param("共培训二十多名干部。", [(20, "名")], id="chinese-tens-hedged"),
    pytest.param("建设1000千瓦光伏电站。", [(1000, "千瓦")], id="kilowatt-is-not-a-thousand-watts"),
]


@pytest.mark.parametrize(("text", "expected"), VALUES)
def test_values_and_units(text, expected):
    assert values_of(text) == [(pytest.approx(v), u) for v, u in expected]


def test_range_keeps_its_upper_bound():
    [metric] = metrics_of("力争增长4.5%至5%。")
    assert (metric.value, metric.value_max, metric.approx) == (5, 5, True)


APPROX = [
    pytest.param("接待办事群众近25000人次。", True, id="jin"),
    pytest.param("新增示范面积约1000亩。", True, id="yue"),
    pytest.param("投入50余万元。", True, id="yu-before-wan"),
    pytest.param("综合盖章23800多人次。", True, id="duo"),
    pytest.param("建设投入超9000万元。", True, id="chao"),
    pytest.param("签约率达90％以上。", True, id="yishang"),
    pytest.param("500亩左右的玉米基地。", True, id="zuoyou"),
    pytest.param("发放补贴逾200万元。", True, id="yu-exceeding"),
    pytest.param("筹集资金突破1亿元。", True, id="tupo"),
    pytest.param("新引进项目不少于20个。", True, id="at-least"),
    pytest.param("争取上级资金不低于5000万元。", True, id="no-less-than"),
    pytest.param("建成农村电子商务点32个。", False, id="exact"),
]


@pytest.mark.parametrize(("text", "approx"), APPROX)
def test_hedges(text, approx):
    [metric] = metrics_of(text)
    assert metric.approx is approx


CHANGES = [
    pytest.param("完成固定资产投资6.67亿元，同比增长34.62％。", [None, "同比增长"], id="level-then-yoy-growth"),
    pytest.param("全乡农业生产总值增长6％。", ["增长"], id="growth"),
    pytest.param("能耗同比下降3.2%。", ["同比下降"], id="yoy-decline"),
    pytest.param("城镇化率提高1.5个百分点。", ["提高"], id="points-rise"),
    pytest.param("参保率达99.1％。", ["率"], id="rate"),
    pytest.param("完成占比102%。", ["占比"], id="share"),
    pytest.param("投入资金8.6亿元，占一般公共预算支出的70%以上。", [None, "占比"], id="share-of-a-total"),
    pytest.param("城镇化率58.6%，较上年提高1.2个百分点。", ["率", "提高"], id="rate-then-points"),
    pytest.param("平均每月增加2400余元收入。", [None], id="money-increase-is-a-level"),
    pytest.param("完成财政收入5亿元，增长1.2亿元。", [None, "增长"], id="money-growth-of-a-level"),
    pytest.param("分别增长9.7%、15.3%。", ["增长", "增长"], id="list-shares-change-word"),
    # wording of reports outside the dev set (tests/extract/heldout_like)
    pytest.param("播种面积132.6万亩，比上年增加1.8万亩。", [None, "增加"], id="increase-over-last-year-is-a-change"),
    pytest.param("较去年同期减少12起。", ["减少"], id="decrease-over-same-period"),
]


@pytest.mark.parametrize(("text", "changes"), CHANGES)
def test_change_words(text, changes):
    assert [m.change for m in metrics_of(text)] == changes
