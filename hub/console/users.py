"""Console page for district admins: users, their roles and orgs, passwords and deactivation."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from gongkai.domain.roles import Role, require_admin
from hub.api.params import Id, id_or_none
from hub.staff import users
from hub.staff.users import UserError
from hub.workflow import orgs

from .render import page, redirect
from .session import Viewer, Writer

router = APIRouter(prefix="/users")
Password = Annotated[str, Form(max_length=1024)]


@router.get("", response_class=HTMLResponse)
def users_page(request: Request, session: Viewer):
    """The district admin's list of console users, with forms to add, reassign, reset and disable them."""
    require_admin(session.actor)
    with request.app.state.engine.connect() as conn:
        rows = users.list_users(conn)
        tree = orgs.load_orgs(conn)
    return page(request, "users.html", session, users=rows, orgs=tree)


@router.post("")
def create(request: Request, session: Writer, username: Annotated[str, Form(max_length=64)] = "",
           password: Password = "", role: Annotated[str, Form()] = "", org_id: Annotated[str, Form()] = ""):
    """A district admin adds a console user with a role and an org."""
    with request.app.state.engine.begin() as conn:
        users.create(conn, session.actor, username, password, _role(role), _org(org_id))
    return redirect("/console/users", message="已新建用户：" + username.strip()[:60])


@router.post("/{user_id}/assign")
def assign(request: Request, session: Writer, user_id: Id, role: Annotated[str, Form()] = "",
           org_id: Annotated[str, Form()] = ""):
    """A district admin gives a user another role or org; the user must sign in again."""
    with request.app.state.engine.begin() as conn:
        users.assign(conn, session.actor, user_id, _role(role), _org(org_id))
    return redirect("/console/users", message="已调整角色，该用户需重新登录")


@router.post("/{user_id}/password")
def reset_password(request: Request, session: Writer, user_id: Id, password: Password = ""):
    """A district admin sets a new password for a user, who must sign in with it."""
    with request.app.state.engine.begin() as conn:
        users.reset_password(conn, session.actor, user_id, password)
    return redirect("/console/users", message="已重置密码，该用户需用新密码登录")


@router.post("/{user_id}/active")
def set_active(request: Request, session: Writer, user_id: Id, active: Annotated[str, Form()] = ""):
    """A district admin disables a user's account, or enables it again."""
    with request.app.state.engine.begin() as conn:
        users.set_active(conn, session.actor, user_id, active == "1")
    return redirect("/console/users", message="已启用该用户" if active == "1" else "已停用该用户")


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise UserError("请选择角色") from None


def _org(value: str) -> int | None:
    return id_or_none(value)
