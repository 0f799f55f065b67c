"""Suggested 点题 topics per category, taken from the seed's own list of what each category
covers (四、主要内容), so a citizen can pick a question in one tap instead of typing it."""
from __future__ import annotations

from gongkai.domain.model import Category

SUGGESTED: dict[Category, tuple[str, ...]] = {
    Category.DUTIES: ("重大决策及执行情况", "任期工作目标及落实情况", "重要工作和活动安排"),
    Category.IDEOLOGY: ("理论学习计划及落实情况", "党员干部教育培训安排"),
    Category.ORGANISATION: ("党费收缴、管理和使用情况", "发展党员情况", "党内选举情况", "流动党员管理情况"),
    Category.LEADERSHIP: ("领导班子职责分工", "民主生活会召开情况", "议事规则和决策程序"),
    Category.CADRES: ("干部考察预告和任前公示", "竞争性选拔情况", "干部考核和奖惩情况"),
    Category.SERVICE: ("党员群众意见建议办理情况", "结对帮扶落实情况", "涉及群众切身利益事项办理情况"),
    Category.INTEGRITY: ("党风廉政建设责任制落实情况", "述职述廉情况", "违纪党员处理情况"),
    Category.OTHER: ("其他希望公开的党务事项",),
}
