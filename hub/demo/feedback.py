"""Demo feedback-loop content for ``gongkai hub --demo``: the district's 监督直通车, a few
answered and published 点题 on the 回音壁, and a published 评议 result, so every feedback
screen has something real to show."""
from __future__ import annotations

import sqlalchemy as sa

from gongkai.domain.feedback.citizen_requests import Action, RequestKind
from gongkai.domain.feedback.public_feedback import ContactKind
from gongkai.domain.feedback.ratings import Satisfaction, quarter_of
from gongkai.domain.roles import Actor, Role
from hub.clock import DISTRICT_ZONE, utcnow
from hub.feedback import citizen_requests, ratings, supervision

ADMIN = Actor("admin", Role.DISTRICT_ADMIN, None)
CONTACTS = (
    (1, ContactKind.HOTLINE, "南湖区纪委举报投诉电话", "0573-82012345", "工作日 8:30-17:00"),
    (1, ContactKind.EMAIL, "区党务公开工作领导小组办公室", "dwgk@nanhu.example.cn", ""),
    (4, ContactKind.SUPERVISOR, "陈建华", "13957300001", "区党代表"),
    (4, ContactKind.SUPERVISOR, "沈美英", "13957300002", "普通党员"),
)
ANSWERED = (
    (4, 3, "希望公开社区2026年党费收缴、管理和使用情况", "王芳",
     "社区党委已于每季度末在党务公开栏公布党费收缴情况，2026年使用明细已在本终端“组织建设”类目公开。"),
    (4, 6, "社区老年食堂的补贴标准是怎么定的？", "",
     "补贴标准由街道党工委会同社区居委会研究确定，详见“联系和服务党员群众”类目的公示。"),
)


def load(conn: sa.Connection) -> None:
    """Give a fresh demo hub its 监督直通车, answered 点题 on the 回音壁 and a published 评议
    result, entered as staff would."""
    for org_id, kind, name, value, note in CONTACTS:
        supervision.add(conn, ADMIN, org_id, kind, name, value, note)
    for org_id, category, question, name, answer in ANSWERED:
        receipt = citizen_requests.file_from_phone(conn, citizen_requests.Submission(
            kind=RequestKind.DIANTI, org_id=org_id, text=question, source="phone", category=category, name=name,
            ip="demo"))
        request_id = citizen_requests.by_receipt(conn, receipt).id
        citizen_requests.act(conn, ADMIN, request_id, Action.ANSWER, answer)
        citizen_requests.act(conn, ADMIN, request_id, Action.PUBLISH, "")
    for level in [Satisfaction.SATISFIED] * 18 + [Satisfaction.BASICALLY] * 4 + [Satisfaction.DISSATISFIED]:
        ratings.record(conn, 4, level, "", "phone")
    ratings.publish(conn, ADMIN, 4, quarter_of(utcnow().astimezone(DISTRICT_ZONE).date()))
