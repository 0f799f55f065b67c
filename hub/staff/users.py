"""Console users: created and managed by district admins, each with a role and an org."""
from __future__ import annotations

import sqlalchemy as sa

from gongkai.domain.roles import Actor, Role, check_role_org, require_admin, require_writer
from hub.clock import utcnow
from hub.storage import db
from hub.workflow.orgs import load_orgs

from . import audit
from .accounts import end_sessions, hash_password

MIN_PASSWORD = 10
MAX_USERNAME = 64


class UserError(ValueError):
    """A user change that cannot be made; the message is for the admin (Chinese)."""


def create_user(conn: sa.Connection, username: str, password: str,
                role: Role = Role.DISTRICT_ADMIN, org_id: int | None = None) -> int:
    """Store a new user; used by the command line (first admin) and by ``create``."""
    username = username.strip()
    if not username or len(username) > MAX_USERNAME or any(c.isspace() for c in username):
        raise UserError("用户名不能为空、不能含空格，且不超过64个字符")
    _check_password(password)
    try:
        check_role_org(role, org_id, load_orgs(conn))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if conn.execute(sa.select(db.users.c.id).where(db.users.c.username == username)).first():
        raise UserError(f"用户名 {username} 已存在")
    return conn.execute(db.users.insert().values(
        username=username, password_hash=hash_password(password), role=role.value, org_id=org_id,
        created_at=utcnow().isoformat())).inserted_primary_key[0]


def set_password(conn: sa.Connection, username: str, password: str,
                 role: Role = Role.DISTRICT_ADMIN, org_id: int | None = None) -> None:
    """Set a user's password, creating the user with ``role`` if needed (demo accounts)."""
    _check_password(password)
    updated = conn.execute(db.users.update().where(db.users.c.username == username)
                           .values(password_hash=hash_password(password))).rowcount
    if not updated:
        create_user(conn, username, password, role, org_id)


def list_users(conn: sa.Connection) -> list[sa.Row]:
    """Every console user, oldest account first, for the district admin's user page."""
    return list(conn.execute(sa.select(db.users).order_by(db.users.c.id)))


def create(conn: sa.Connection, actor: Actor, username: str, password: str, role: Role,
           org_id: int | None) -> int:
    """A district admin adds a console user with a role and an org; the audit log notes it."""
    _require_admin(actor)
    user_id = create_user(conn, username, password, role, org_id)
    audit.record(conn, actor.username, "user_create", None, f"新建用户：{username.strip()}（{role.label}）")
    return user_id


def assign(conn: sa.Connection, actor: Actor, user_id: int, role: Role, org_id: int | None) -> None:
    """Give a user another role or org; their sessions end so the change applies at once."""
    _require_admin(actor)
    name = _username(conn, user_id)
    if name == actor.username and role is not Role.DISTRICT_ADMIN:
        raise UserError("不能取消自己的区级管理员角色")
    try:
        check_role_org(role, org_id, load_orgs(conn))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    conn.execute(db.users.update().where(db.users.c.id == user_id).values(role=role.value, org_id=org_id))
    end_sessions(conn, user_id)
    audit.record(conn, actor.username, "user_assign", None, f"用户 {name} 改为{role.label}")


def reset_password(conn: sa.Connection, actor: Actor, user_id: int, password: str) -> None:
    """A district admin sets a new password for a user, who is signed out everywhere."""
    _require_admin(actor)
    _check_password(password)
    name = _username(conn, user_id)
    conn.execute(db.users.update().where(db.users.c.id == user_id)
                 .values(password_hash=hash_password(password)))
    end_sessions(conn, user_id)
    audit.record(conn, actor.username, "user_password", None, f"重置用户 {name} 的密码")


def set_active(conn: sa.Connection, actor: Actor, user_id: int, active: bool) -> None:
    """A district admin disables a user's account, signing them out at once, or enables it again."""
    _require_admin(actor)
    name = _username(conn, user_id)
    if name == actor.username and not active:
        raise UserError("不能停用自己的账号")
    conn.execute(db.users.update().where(db.users.c.id == user_id).values(active=active))
    end_sessions(conn, user_id)
    audit.record(conn, actor.username, "user_enable" if active else "user_disable", None,
                 f"{'启用' if active else '停用'}用户 {name}")


def _require_admin(actor: Actor) -> None:
    require_writer(actor)
    require_admin(actor)


def _username(conn: sa.Connection, user_id: int) -> str:
    name = conn.execute(sa.select(db.users.c.username).where(db.users.c.id == user_id)).scalar_one_or_none()
    if name is None:
        raise UserError("用户不存在")
    return name


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"密码至少{MIN_PASSWORD}个字符")
