"""The audit log: every console action, who did it and why, kept for supervision (六.4).

An item's history in the console is its rows here, oldest first.
"""
from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa

from gongkai.domain.model import Org
from gongkai.domain.roles import Actor, readable_orgs, reads_every_org
from hub.clock import utcnow
from hub.storage import db


def record(conn: sa.Connection, actor: str, action: str, item_id: int | None, detail: str) -> None:
    """Note a console action in the audit log: who did what, to which item if any, and the details."""
    conn.execute(db.audit.insert().values(
        at=utcnow().isoformat(), actor=actor, action=action, item_id=item_id, detail=detail))


def history(conn: sa.Connection, item_id: int) -> list[sa.Row]:
    """An item's history as its console page and archive page show it: every action on it, oldest first."""
    return list(conn.execute(sa.select(db.audit).where(db.audit.c.item_id == item_id)
                             .order_by(db.audit.c.id)))


def recent(conn: sa.Connection, actor: Actor, orgs: Mapping[int, Org], limit: int = 20) -> list[sa.Row]:
    """The newest entries ``actor`` may read: those about items of the orgs whose records they
    read; entries about no item (users, the org tree, catalogues, settings) only for those
    who read every org's."""
    query = sa.select(db.audit).order_by(db.audit.c.id.desc()).limit(limit)
    if not reads_every_org(actor):
        readable_items = sa.select(db.items.c.id).where(db.items.c.org_id.in_(readable_orgs(actor, orgs)))
        query = query.where(db.audit.c.item_id.in_(readable_items))
    return list(conn.execute(query))


ACTION_LABELS = {
    "import": "导入", "save": "保存草稿", "publish": "发布", "change": "变更（新版本）",
    "withdraw": "撤回", "terminate": "终止", "reject": "驳回申请",
    "request_plan": "提交目录外事项工作方案", "request_change": "申请变更",
    "request_withdraw": "申请撤回", "request_terminate": "申请终止",
    "org_create": "新建党组织", "org_rename": "党组织更名",
    "catalogue_add": "增加目录事项", "catalogue_remove": "删除目录事项",
    "user_create": "新建用户", "user_assign": "调整用户角色", "user_password": "重置密码",
    "user_enable": "启用用户", "user_disable": "停用用户", "attach": "上传附件",
    "rating_publish": "公布评议结果", "contact_add": "增加监督直通车", "contact_remove": "删除监督直通车",
    "feedback_settings": "修改答复期限设置",
}
"""How each audit action reads in the console's history."""
