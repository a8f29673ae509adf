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
    # shapes of the web set (tests/data/web, fold A) and issue #9, written as reports write them
    pytest.param("全年预计完成国内生产总值5 9亿元。", [(590000000, "元")], id="decimal-point-lost-to-a-space"),
    pytest.param("占全年任务的108 3%。", [(108.3, "%")], id="decimal-point-lost-in-a-rate"),
    pytest.param("固定资产投资总额56.4亿元，增速-4.7%。", [(5640000000, "元"), (-4.7, "%")], id="negative-growth"),
    pytest.param("1-5月份，新建道路3公里。", [(3, "公里")], id="month-range-dash-is-no-sign"),
    pytest.param("梅雨量达815毫米，为常年3倍。", [(815, "毫米"), (3, "倍")], id="multiple"),
    pytest.param("比上年增长一倍。", [(1, "倍")], id="multiple-of-one-in-words"),
    pytest.param("梅雨期长达50天，持续3个多月。", [(50, "天"), (3, "个月")], id="durations-of-work"),
    pytest.param("审批时限压缩至20个工作日。", [(20, "个工作日")], id="working-days"),
    pytest.param("全村有道路34.7km。", [(34.7, "km")], id="latin-km"),
    pytest.param("清运新土方12万方。", [(120000, "方")], id="cubic-metres-as-fang"),
    pytest.param("共收缴烤烟4049担。", [(4049, "担")], id="dan-of-tobacco"),
    pytest.param("PM2.5平均浓度37.1微克/立方米。", [(37.1, "微克/立方米")], id="concentration"),
    pytest.param("人口密度为每平方公里48人。", [(48, "人/平方公里")], id="per-area-written-before"),
    pytest.param("补助标准提高到300元/人/月。", [(300, "元/人/月")], id="compound-per-units"),
    pytest.param("购置农机具120台(套)。", [(120, "台(套)")], id="machine-sets"),
    pytest.param("新增光伏装机5兆瓦。", [(5, "兆瓦")], id="megawatts"),
    pytest.param("出栏家禽50万羽，港口吞吐量12万标箱，接种疫苗3.2万剂次。",
                 [(500000, "羽"), (120000, "标箱"), (32000, "剂次")], id="statistical-counting-units"),
    pytest.param("实施投资3737万的土地综合整理。", [(37370000, "元")], id="money-implied-after-investment"),
    pytest.param("全镇总人口近79万，", [(790000, "人")], id="people-implied-after-population"),
    pytest.param("工程总投资过千万。", [(10000000, "元")], id="bare-ten-million-implied-money"),
    pytest.param("投资1千余万元。", [(10000000, "元")], id="thousand-then-wan"),
    pytest.param("今年我局主要承担了两项，经过三个多月的艰苦努力，", [(2, "项"), (3, "个月")],
                 id="chinese-numeral-counts-of-tasks-and-months"),
    pytest.param("北陈花园四个小区解决了吃水难。", [(4, "个")], id="chinese-numeral-count-of-places"),
    pytest.param("项目分两期进行建设。", [(2, "期")], id="phases-counted"),
    pytest.param("生产厂房共 13600\n平。", [(13600, "平")], id="ping-for-square-metres-across-a-break"),
    pytest.param("正在洽谈的规模企业有2家:一是…", [(2, "家")], id="count-before-a-colon-list"),
    # full corpus (tests/data/full): numerals in words and converted-PDF spacing
    pytest.param("我国有13亿多人口。", [(1300000000, "人")], id="people-written-as-population"),
    pytest.param("农业总产值平均每年增长百分之四点九。", [(4.9, "%")], id="percent-words-with-dian-decimal"),
    pytest.param("增长百分之十四點七。", [(14.7, "%")], id="percent-words-traditional-dian"),
    pytest.param("增长将近一点四倍。", [(1.4, "倍")], id="multiple-with-dian-decimal"),
    pytest.param("收入２３，６８８，９４４，０００元。", [(23688944000, "元")], id="fullwidth-separators"),
    pytest.param("国内生产总值达到7 4 7 7 2 亿元。", [(7477200000000, "元")], id="letter-spaced-digits"),
    pytest.param("人口覆盖率都达到了8 5 %以上。", [(85, "%")], id="letter-spaced-two-digits-before-unit"),
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


def test_range_keeps_both_bounds():
    [metric] = metrics_of("申报创建1－2个美丽乡村亮点示范村。")
    assert (metric.value_min, metric.value_max, metric.value) == (1, 2, 2)


def test_a_single_value_has_no_bounds():
    [metric] = metrics_of("新建道路5公里。")
    assert (metric.value_min, metric.value_max) == (None, None)


@pytest.mark.parametrize(("text", "change"), [
    pytest.param("梅雨量达815毫米，为常年3倍。", "率", id="multiple-is-a-ratio"),
    pytest.param("比上年增长一倍。", "率", id="multiple-after-growth-is-a-ratio"),
    pytest.param("地区生产总值220.1亿元，增速3.1%。", "增长", id="speed-of-growth"),
    pytest.param("梅雨期比常年偏多24天。", "增长", id="more-than-usual"),
])
def test_change_of_rates_and_multiples(text, change):
    assert metrics_of(text)[-1].change == change
