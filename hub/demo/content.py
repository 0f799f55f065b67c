"""Demo content that reads like a real district's disclosure board (all text invented).

Dates are relative to ``today`` so that the demo always has a 公示 ending today, one
with days left, one not yet started and one just ended, whenever it is run.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from gongkai.domain.catalogue import CatalogueEntry, default_frequency
from gongkai.domain.dates import quarter_label
from gongkai.domain.model import Audience, Category, Disclosure, ItemStatus, Org, OrgKind, TimeLimit

C, T = Category, TimeLimit

ORGS = [
    Org(1, "中共南湖区委", OrgKind.DISTRICT),
    Org(2, "中共东湖街道工作委员会", OrgKind.STREET, 1),
    Org(3, "中共青荷镇委员会", OrgKind.TOWN, 1),
    Org(4, "中共禾丰社区委员会", OrgKind.COMMUNITY, 2),
    Org(5, "中共梅溪村委员会", OrgKind.VILLAGE, 3),
]


@dataclass(frozen=True)
class _Entry:
    org: int
    category: Category
    time_limit: TimeLimit
    title: str
    body: str
    age_days: int = 10
    gongshi: tuple[int, int] | None = None   # (start, end) in days from today
    audience: Audience = Audience.PUBLIC
    withdrawn: str = ""                      # explanation, when withdrawn


_ENTRIES = [
    # 1 党组织履行职责
    _Entry(1, C.DUTIES, T.STANDING, "南湖区基层党组织党务公开目录（2026年版）",
           "为推进和深化党务公开工作，区委制定本目录，明确各类基层党组织公开的内容、范围、方式和时限。"
           "目录分为党组织履行职责、思想建设、组织建设、领导班子建设、干部选拔和管理、联系和服务党员群众、党风廉政建设和其他八个方面。\n"
           "各镇、街道党（工）委应依照本目录组织实施公开；目录外需要公开的事项，应制定工作方案，报区委审核同意后公开。", 120),
    _Entry(2, C.DUTIES, T.PHASED, "东湖街道老旧小区改造工作推进情况（第二阶段）",
           "根据街道党工委年度工作部署，东湖街道2026年老旧小区改造涉及禾丰、荷花两个社区共十二幢住宅楼。"
           "第一阶段已完成管网改造和外墙修缮；第二阶段自九月起实施加装电梯和停车位改造，目前已完成三台电梯的井道施工。\n"
           "下一阶段将开展绿化提升和智能安防建设，预计十二月底前完工。施工期间如有意见建议，请联系社区党委。", 20),
    _Entry(4, C.DUTIES, T.PERIODIC, "禾丰社区党委2026年第三季度重点工作完成情况",
           "本季度社区党委围绕“红色网格”建设，完成网格党支部调整六个，走访居民一千二百余户，收集并办结居民诉求八十七件。"
           "开展“邻里守望”志愿服务十四场次，参与党员志愿者三百余人次。\n详细台账可在社区党群服务中心查阅。", 40),
    _Entry(5, C.DUTIES, T.STANDING, "梅溪村党委议事规则和决策程序",
           "村级重大事项实行“五议两公开”：党员群众建议、村党委提议、村务联席会议商议、党员大会审议、村民代表会议决议，"
           "决议公开、实施结果公开。\n凡涉及村集体资产处置、工程项目建设、集体经济收益分配等事项，一律按照上述程序办理。", 200),
    _Entry(3, C.DUTIES, T.PHASED, "青荷镇美丽乡村精品线建设进展（第一阶段）",
           "精品线全长十八公里，串联梅溪、荷塘、新丰三个村。第一阶段完成道路拓宽和沿线环境整治，投入资金一千三百六十万元，"
           "资金使用情况已经镇纪委审核。第二阶段将于明年春季启动。", 5),
    _Entry(1, C.DUTIES, T.PERIODIC, "区委常委会2026年第三季度重要决策事项公开",
           "本季度区委常委会共召开会议六次，研究审议了基层治理现代化、乡村振兴示范带建设、民生实事项目推进等重要事项。"
           "有关决议已按程序部署落实，执行情况将在下季度公开。", 45),
    # 2 思想建设
    _Entry(2, C.IDEOLOGY, T.PERIODIC, "东湖街道党工委2026年第四季度理论学习计划",
           "十月：专题学习党的建设有关重要论述，由党工委书记领学；十一月：开展“红船精神”专题研讨，各支部书记交流发言；"
           "十二月：组织党员干部赴南湖革命纪念馆开展现场教学。\n学习安排如有调整，将另行通知。", 30),
    _Entry(5, C.IDEOLOGY, T.PERIODIC, "梅溪村党员冬训工作安排",
           "今冬明春党员集中轮训定于十二月上旬开始，分三批进行，每批两天。内容包括政策理论学习、乡村振兴实用技术培训和警示教育。"
           "年老体弱、行动不便的党员由党小组长上门送学。", 3),
    _Entry(4, C.IDEOLOGY, T.STANDING, "禾丰社区“党员学习日”制度",
           "每月第一个星期五为“党员学习日”，社区全体党员原则上应参加集中学习；在职党员可参加所在单位学习后向社区报备。"
           "学习内容由社区党委统一安排，学习情况纳入党员民主评议。", 300),
    _Entry(3, C.IDEOLOGY, T.PHASED, "青荷镇“青年理论宣讲团”组建及宣讲进展",
           "宣讲团由二十名青年党员组成，已赴各村（社区）宣讲十六场，听众一千一百余人次。下一阶段将走进企业车间和田间地头开展微宣讲。", 12),
    # 3 组织建设
    _Entry(5, C.ORGANISATION, T.IMMEDIATE, "梅溪村2026年第二批发展党员公示",
           "经支部委员会研究，拟将张建华、李秀英两名同志列为发展对象（预备党员）。现予公示，公示期间，党员群众如有意见，"
           "可通过来信、来电、来访等方式向村党委或镇党委组织办反映。\n联系电话：0573-82012345。", 2, gongshi=(-2, 4)),
    _Entry(4, C.ORGANISATION, T.PERIODIC, "禾丰社区党委2026年第三季度党费收缴、管理和使用情况",
           "本季度应收党费一万二千四百六十元，实收一万二千四百六十元，收缴率百分之百。"
           "按规定上缴街道党工委九千九百六十八元，留存部分用于慰问困难党员和订阅党报党刊，共支出二千一百元。", 35),
    _Entry(2, C.ORGANISATION, T.STANDING, "东湖街道党工委机构设置和主要职责",
           "街道党工委下设党政办公室、党建工作办公室、纪工委（监察办公室）。党工委负责领导街道各项工作，"
           "指导社区党组织、非公企业和社会组织党组织建设，做好党员教育管理服务。", 400),
    _Entry(3, C.ORGANISATION, T.IMMEDIATE, "青荷镇新丰村党支部换届选举结果公告",
           "新丰村党支部于十一月召开党员大会，应到党员六十二名，实到五十八名。选举产生新一届支部委员会委员五名，"
           "王志强同志当选支部书记。选举结果已报镇党委批复同意。", 1, gongshi=(0, 6)),
    _Entry(4, C.ORGANISATION, T.PERIODIC, "禾丰社区流动党员管理服务情况",
           "社区现有流动党员二十三名，已全部建立联系档案。本季度通过线上组织生活会联系流动党员十九名，"
           "为四名流动党员办理组织关系转接。", 50),
    _Entry(1, C.ORGANISATION, T.IMMEDIATE, "2026年度区级“两优一先”拟表彰对象公示",
           "经基层推荐、综合考察，区委研究确定了2026年度优秀共产党员、优秀党务工作者和先进基层党组织拟表彰对象，现予公示。"
           "公示期间如有异议，请向区委组织部反映，反映问题应实事求是，提倡实名。", 3, gongshi=(-3, 2)),
    _Entry(5, C.ORGANISATION, T.PERIODIC, "梅溪村党委党务工作经费使用情况（第三季度）",
           "本季度党务工作经费支出四千八百元，其中党员教育培训一千六百元，党群服务中心运行维护二千二百元，困难党员慰问一千元。", 42),
    # 4 领导班子建设
    _Entry(3, C.LEADERSHIP, T.STANDING, "青荷镇党委领导班子成员分工",
           "党委书记：主持党委全面工作；党委副书记、镇长：负责政府全面工作；党委副书记：协助书记抓党建、群团工作；"
           "纪委书记：负责纪检监察工作；组织委员：负责组织、人事、人才工作；宣传委员：负责宣传、统战、文化工作。", 150),
    _Entry(2, C.LEADERSHIP, T.PERIODIC, "东湖街道党工委2026年度民主生活会召开情况",
           "党工委班子围绕年度主题召开专题民主生活会，查摆问题十二条，制定整改措施二十六项，整改清单在街道党群服务中心公开，"
           "接受党员群众监督。", 60),
    _Entry(4, C.LEADERSHIP, T.STANDING, "禾丰社区党委议事规则",
           "社区党委会议原则上每月召开一次，由书记召集和主持，半数以上委员到会方能召开；讨论决定重要事项时，应有三分之二以上委员到会。"
           "会议实行一事一议，表决以赞成票超过应到会委员半数为通过。", 250),
    _Entry(5, C.LEADERSHIP, T.PERIODIC, "梅溪村党委班子成员年度述职述廉安排",
           "定于十二月中旬召开党员大会，村党委班子成员逐一述职述廉，接受党员群众民主测评，测评结果将在本屏公开。", 8),
    # 5 干部选拔和管理
    _Entry(1, C.CADRES, T.IMMEDIATE, "区管干部任前公示",
           "根据干部选拔任用有关规定，经区委常委会研究，拟任命周晓东同志为青荷镇党委副书记，现予公示。"
           "公示期间，对公示对象有异议的，可以通过来信、来电、来访等形式向区委组织部干部监督室反映。\n举报电话：12380。", 1, gongshi=(-1, 3)),
    _Entry(1, C.CADRES, T.IMMEDIATE, "区管干部考察预告",
           "为做好干部选拔任用工作，区委组织部将对陈丽华同志进行任职考察。考察期间，干部群众可以通过来信、来电、来访等形式反映情况。", 0, gongshi=(0, 0)),
    _Entry(3, C.CADRES, T.IMMEDIATE, "青荷镇机关中层干部竞争性选拔结果公示",
           "经笔试、面试、民主测评和组织考察，拟聘任沈佳琪同志为镇农业农村办公室副主任，现予公示。", 12, gongshi=(-10, -1)),
    _Entry(2, C.CADRES, T.PERIODIC, "东湖街道干部轮岗交流情况",
           "本年度街道机关完成轮岗交流干部九名，其中科级干部三名。轮岗交流按照“人岗相适、人尽其才”的原则进行。", 70),
    _Entry(3, C.CADRES, T.IMMEDIATE, "青荷镇村级后备干部人选公示",
           "经个人自荐、群众推荐和组织考察，拟确定九名同志为村级后备干部人选，名单详见镇党群服务中心公告栏。", 0, gongshi=(3, 9)),
    # 6 联系和服务党员群众
    _Entry(4, C.SERVICE, T.STANDING, "禾丰社区党群服务中心服务项目和联系方式",
           "服务时间：周一至周日 8:30—17:30（法定节假日除外）。服务项目：党员组织关系转接、党费收缴、困难群众帮扶、"
           "居家养老服务预约、矛盾纠纷调解。\n值班电话：0573-82098765。", 90),
    _Entry(5, C.SERVICE, T.PERIODIC, "梅溪村第三季度党员群众意见建议办理情况",
           "本季度共收到意见建议三十一条，已办结二十八条，正在办理三条。其中“村南桥头路灯不亮”等问题已在一周内解决，"
           "“增设老年食堂送餐点”已列入明年计划。", 38),
    _Entry(2, C.SERVICE, T.PHASED, "东湖街道“结对帮扶”工作进展",
           "街道机关党员干部与辖区八十六户困难家庭结对，第一阶段完成入户走访和需求登记；第二阶段落实就业推荐二十三人、"
           "助学帮扶十五人、医疗救助三十一人次。", 25),
    _Entry(3, C.SERVICE, T.STANDING, "青荷镇“领导接待日”安排",
           "每周三上午为镇领导接待日，由镇领导班子成员轮流在镇便民服务中心接待来访群众。群众也可拨打热线电话0573-82011234预约。", 180),
    _Entry(4, C.SERVICE, T.IMMEDIATE, "禾丰社区2026年度困难党员慰问对象公示",
           "经居民小组推荐、社区党委研究，拟将八名同志列为年度困难党员慰问对象，现予公示。如有意见，请于公示期内向社区党委反映。", 2, gongshi=(-2, 5)),
    # 7 党风廉政建设
    _Entry(1, C.INTEGRITY, T.STANDING, "南湖区党务公开监督员名单及联系方式",
           "区委聘请党代表、人大代表、政协委员和普通党员共十二名同志担任党务公开监督员，负责对党务公开的内容、形式和时限提出建议，"
           "收集和反馈党员群众意见。\n“直通车”电子信箱：dwgk@nanhu.example.cn；举报投诉电话：0573-82010000。", 100),
    _Entry(5, C.INTEGRITY, T.PERIODIC, "梅溪村集体“三资”管理情况（第三季度）",
           "本季度村集体经营性收入一百二十六万元，主要为厂房出租和土地流转收入；支出八十四万元，主要用于道路维修、保洁和公共服务。"
           "村集体资产出租均通过镇农村产权交易平台公开进行。", 33),
    _Entry(2, C.INTEGRITY, T.PERIODIC, "东湖街道岗位廉政风险防控工作情况",
           "街道梳理排查岗位廉政风险点四十七个，其中高风险八个，已逐一制定防控措施，并在街道党群服务中心公开接受监督。", 55),
    _Entry(3, C.INTEGRITY, T.PHASED, "青荷镇“示范村”创建进展（第三阶段）",
           "梅溪村、荷塘村“农村基层党风廉政建设示范村”创建已进入第三阶段，村务监督委员会履职台账规范率达百分之百。"
           "跨年度创建工作结束时将进行总结性公开。", 15),
    _Entry(1, C.INTEGRITY, T.STANDING, "违纪党员处理和党员申诉办理程序",
           "党员对党组织给予本人的处理或处分不服的，可以向作出决定的党组织提出申诉。受理申诉的党组织应当在三个月内作出复查决定，"
           "并将复查结果书面通知申诉人。", 365),
    # 8 其他
    _Entry(4, C.OTHER, T.IMMEDIATE, "禾丰社区“红色网格”网格长调整公告",
           "因工作需要，第三网格网格长由孙美玲同志担任，联系电话：138****5678。原网格长王建国同志另有任用。", 1, gongshi=(-1, 6)),
    _Entry(5, C.OTHER, T.STANDING, "梅溪村党务公开栏和电子屏设置说明",
           "本村党务公开栏设于村党群服务中心东侧，电子触摸屏设于一楼大厅，群众可随时查阅。点题栏意见箱设于服务大厅入口处。", 210),
    _Entry(2, C.OTHER, T.PHASED, "东湖街道“共享菜园”试点项目情况",
           "应居民要求，街道在禾丰社区试点建设“共享菜园”，首期已向四十户居民分配地块，二期建设方案正在征求意见。", 18),
    _Entry(3, C.OTHER, T.PERIODIC, "青荷镇党员群众点题事项办理情况（第三季度）",
           "本季度通过点题栏收到党员群众点题十九件，涉及征地补偿、低保评定、村级工程等事项，已全部答复，其中十四件已在回音壁公开。", 44),
    _Entry(1, C.OTHER, T.PERIODIC, "2026年第三季度全区党务公开工作通报",
           "本季度全区各基层党组织共公开事项三千二百余条，按时公开率百分之九十八点六。对未按期公开的三个党组织已责令限期整改。", 50),
    # 党内 items: for members, never on public screens
    _Entry(1, C.ORGANISATION, T.PERIODIC, "区委组织部关于党员组织关系排查的内部通知",
           "请各基层党组织于本月底前完成党员组织关系集中排查，排查情况仅在党内通报。", 6, audience=Audience.PARTY),
    _Entry(2, C.INTEGRITY, T.STANDING, "街道纪工委诫勉谈话工作规程（党内）",
           "诫勉谈话由纪工委书记或委托的纪工委委员进行，谈话情况记录在案并向本人所在党组织通报。", 100, audience=Audience.PARTY),
    # a withdrawal, published with its explanation (六.1)
    _Entry(4, C.SERVICE, T.IMMEDIATE, "禾丰社区老年食堂运营主体公示",
           "经社区党委研究，拟确定某餐饮服务公司为社区老年食堂运营主体，现予公示。", 6, gongshi=(-6, 1),
           withdrawn="经核实，该公司资质材料不全，社区党委决定撤回本公示，将重新组织遴选，结果另行公示。"),
]


A, P = Audience.PUBLIC, Audience.PARTY
K = OrgKind

# 五(一)1: each catalogue is made by the level above; the district makes its own as well.
# (owner org, kind it applies to, category, time limit, audience, 事项)
_CATALOGUE = [
    (1, K.DISTRICT, C.DUTIES, T.STANDING, A, "党务公开目录、工作制度和工作程序"),
    (1, K.DISTRICT, C.DUTIES, T.PERIODIC, A, "区委常委会重要决策事项"),
    (1, K.DISTRICT, C.ORGANISATION, T.IMMEDIATE, A, "“两优一先”拟表彰对象公示"),
    (1, K.DISTRICT, C.ORGANISATION, T.PERIODIC, P, "党员组织关系管理情况（党内）"),
    (1, K.DISTRICT, C.CADRES, T.IMMEDIATE, A, "干部考察预告和任前公示"),
    (1, K.DISTRICT, C.INTEGRITY, T.STANDING, A, "党务公开监督员、违纪处理和申诉程序"),
    (1, K.DISTRICT, C.OTHER, T.PERIODIC, A, "全区党务公开工作通报"),
    (1, K.STREET, C.DUTIES, T.PHASED, A, "重点工作推进情况"),
    (1, K.STREET, C.IDEOLOGY, T.PERIODIC, A, "理论学习计划及落实"),
    (1, K.STREET, C.ORGANISATION, T.STANDING, A, "机构设置和主要职责"),
    (1, K.STREET, C.LEADERSHIP, T.PERIODIC, A, "民主生活会召开和整改情况"),
    (1, K.STREET, C.CADRES, T.PERIODIC, A, "干部轮岗交流情况"),
    (1, K.STREET, C.SERVICE, T.PHASED, A, "结对帮扶工作进展"),
    (1, K.STREET, C.INTEGRITY, T.PERIODIC, A, "岗位廉政风险防控情况"),
    (1, K.STREET, C.INTEGRITY, T.STANDING, P, "纪工委工作规程（党内）"),
    (1, K.STREET, C.OTHER, T.PHASED, A, "应党员群众要求公开的试点项目"),
    (1, K.TOWN, C.DUTIES, T.PHASED, A, "重点工程和阶段性工作进展"),
    (1, K.TOWN, C.IDEOLOGY, T.PHASED, A, "理论宣讲开展情况"),
    (1, K.TOWN, C.ORGANISATION, T.IMMEDIATE, A, "党内选举结果公告"),
    (1, K.TOWN, C.LEADERSHIP, T.STANDING, A, "领导班子成员分工"),
    (1, K.TOWN, C.CADRES, T.IMMEDIATE, A, "干部竞争性选拔和后备干部人选公示"),
    (1, K.TOWN, C.SERVICE, T.STANDING, A, "领导接待日安排"),
    (1, K.TOWN, C.INTEGRITY, T.PHASED, A, "党风廉政建设示范村创建进展"),
    (1, K.TOWN, C.OTHER, T.PERIODIC, A, "点题事项办理情况"),
    (2, K.COMMUNITY, C.DUTIES, T.PERIODIC, A, "季度重点工作完成情况"),
    (2, K.COMMUNITY, C.IDEOLOGY, T.STANDING, A, "党员学习制度"),
    (2, K.COMMUNITY, C.ORGANISATION, T.PERIODIC, A, "党费收缴、管理和使用情况；流动党员管理"),
    (2, K.COMMUNITY, C.ORGANISATION, T.PERIODIC, P, "党员组织关系排查情况（党内）"),
    (2, K.COMMUNITY, C.LEADERSHIP, T.STANDING, A, "议事规则和决策程序"),
    (2, K.COMMUNITY, C.SERVICE, T.STANDING, A, "党群服务中心服务项目和联系方式"),
    (2, K.COMMUNITY, C.SERVICE, T.IMMEDIATE, A, "帮扶慰问对象和服务主体公示"),
    (2, K.COMMUNITY, C.OTHER, T.IMMEDIATE, A, "网格长等人员调整公告"),
    (3, K.VILLAGE, C.DUTIES, T.STANDING, A, "“五议两公开”议事规则和决策程序"),
    (3, K.VILLAGE, C.IDEOLOGY, T.PERIODIC, A, "党员教育培训安排"),
    (3, K.VILLAGE, C.ORGANISATION, T.IMMEDIATE, A, "发展党员公示"),
    (3, K.VILLAGE, C.ORGANISATION, T.PERIODIC, A, "党务工作经费使用情况"),
    (3, K.VILLAGE, C.LEADERSHIP, T.PERIODIC, A, "班子成员述职述廉"),
    (3, K.VILLAGE, C.CADRES, T.IMMEDIATE, A, "村级后备干部人选公示"),
    (3, K.VILLAGE, C.SERVICE, T.PERIODIC, A, "党员群众意见建议办理情况"),
    (3, K.VILLAGE, C.INTEGRITY, T.PERIODIC, A, "村集体“三资”管理情况"),
    (3, K.VILLAGE, C.OTHER, T.STANDING, A, "党务公开栏和电子屏设置说明"),
]


@dataclass(frozen=True)
class DemoContent:
    """The invented district a demo hub starts with: its org tree, disclosures and catalogue."""

    orgs: list[Org]
    items: list[Disclosure]
    catalogue: list[CatalogueEntry]


def build(today: date, zone: ZoneInfo = ZoneInfo("Asia/Shanghai")) -> DemoContent:
    """The demo district as it stands on ``today``."""
    items = [_disclosure(n, entry, today, zone) for n, entry in enumerate(_ENTRIES, start=1)]
    catalogue = [CatalogueEntry(owner, kind, category, audience, limit, default_frequency(limit), title)
                 for owner, kind, category, limit, audience, title in _CATALOGUE]
    return DemoContent(orgs=list(ORGS), items=items, catalogue=catalogue)


def _disclosure(item_id: int, entry: _Entry, today: date, zone: ZoneInfo) -> Disclosure:
    published = datetime.combine(today - timedelta(days=entry.age_days), time(9, 30), zone)
    start = end = None
    if entry.gongshi:
        start, end = (today + timedelta(days=d) for d in entry.gongshi)
        published = min(published, datetime.combine(start, time(8, 30), zone))
    withdrawn_at = datetime.combine(today - timedelta(days=1), time(16, 0), zone) if entry.withdrawn else None
    return Disclosure(
        id=item_id,
        org_id=entry.org,
        category=entry.category,
        title=entry.title,
        body=entry.body,
        audience=entry.audience,
        time_limit=entry.time_limit,
        published_at=published,
        gongshi_start=start,
        gongshi_end=end,
        period_label=quarter_label(published.date()) if entry.time_limit is TimeLimit.PERIODIC else "",
        status=ItemStatus.WITHDRAWN if entry.withdrawn else ItemStatus.PUBLISHED,
        withdrawn_at=withdrawn_at,
        withdrawal_note=entry.withdrawn,
        version=2 if entry.withdrawn else 1,
    )
