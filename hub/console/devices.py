"""Console pages for screens: pair a new one by its code, move it, group it, revoke it, see
the play records each sent that the hub refused as evidence, and ask one for a screenshot.

Everyone signed in may look at the screens of the orgs whose records they read; only a
district admin changes the fleet; a district admin or an editor of the screen's org (or an
org above it) may ask it for a screenshot.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from gongkai.domain.roles import require_admin
from gongkai.domain.screenshots import may_request, require_requester
from hub.api.params import ChosenId, Id
from hub.clock import utcnow
from hub.fleet import devices, proof, releases, screenshots
from hub.storage import db
from hub.workflow import orgs

from .releases import OUTCOME_LABELS
from .render import page, redirect
from .session import Viewer, Writer

router = APIRouter(prefix="/devices")


@router.get("", response_class=HTMLResponse)
def devices_page(request: Request, session: Viewer):
    """The screens of the orgs the user reads: how each is doing, its groups, its last update and
    the play records refused from it."""
    with request.app.state.engine.connect() as conn:
        rows = devices.list_devices(conn, session.actor)
        head = db.feed_head(conn)
        groups = {row.id: sorted(devices.groups_of(conn, row.id)) for row in rows}
        tree = orgs.load_orgs(conn)
        updates = releases.reports(conn)
        refused = proof.refusals(conn)
    now = utcnow()
    states = {row.id: devices.health_of(row, head, now) for row in rows}
    return page(request, "devices.html", session, devices=rows, groups=groups, states=states, orgs=tree,
                updates=updates, outcomes=OUTCOME_LABELS, refused=refused)


@router.post("/pair")
def pair(request: Request, session: Writer, code: Annotated[str, Form(max_length=20)] = "",
         name: Annotated[str, Form(max_length=200)] = "", org_id: Annotated[ChosenId, Form()] = 0,
         groups: Annotated[str, Form(max_length=2000)] = ""):
    """A district admin pairs a new screen by the code it shows, giving it a name, an org and groups."""
    require_admin(session.actor)
    with request.app.state.engine.begin() as conn:
        device = devices.confirm_pairing(conn, code, name.strip(), org_id, devices.parse_groups(groups))
    return redirect("/console/devices", message=f"已配对：{device.name}，终端将在一分钟内开始接收内容")


@router.get("/{device_id}", response_class=HTMLResponse)
def device_page(request: Request, session: Viewer, device_id: Id):
    """One screen: its facts, whether a screenshot is awaited, and the latest one it sent."""
    with request.app.state.engine.connect() as conn:
        row = devices.readable_device(conn, session.actor, device_id)
        tree = orgs.load_orgs(conn)
        state = devices.health_of(row, db.feed_head(conn), utcnow())
        groups = sorted(devices.groups_of(conn, row.id))
        shot = screenshots.latest(conn, row.id)
    return page(request, "device.html", session, device=row, org=tree.get(row.org_id), groups=groups,
                state=state, shot=shot, may_request=may_request(session.actor, tree, row.org_id))


@router.post("/{device_id}/screenshot")
def request_screenshot(request: Request, session: Writer, device_id: Id):
    """Ask a screen for a screenshot: it learns of it at its next sync and sends one back."""
    with request.app.state.engine.begin() as conn:
        row = devices.readable_device(conn, session.actor, device_id)
        require_requester(session.actor, orgs.load_orgs(conn), row.org_id)
        screenshots.request(conn, row.id)
    return redirect(f"/console/devices/{device_id}", message="已请求截图，终端下次同步后（通常一两分钟内）上传")


@router.get("/{device_id}/screenshots/{screenshot_id}")
def screenshot_image(request: Request, session: Viewer, device_id: Id, screenshot_id: Id):
    """A kept screenshot, for staff who may look at the screen it came from."""
    with request.app.state.engine.connect() as conn:
        devices.readable_device(conn, session.actor, device_id)
        found = screenshots.image(conn, device_id, screenshot_id)
    if found is None:
        raise devices.DeviceError("没有这张截图（终端只保留最近几张）")
    data, media_type = found
    return Response(data, media_type=media_type, headers={"Cache-Control": "private, max-age=86400"})


@router.post("/{device_id}")
def update(request: Request, session: Writer, device_id: Id, org_id: Annotated[ChosenId, Form()] = 0,
           groups: Annotated[str, Form(max_length=2000)] = ""):
    """A district admin moves a screen to another org or regroups it; it syncs its content afresh."""
    require_admin(session.actor)
    with request.app.state.engine.begin() as conn:
        devices.update(conn, device_id, org_id, devices.parse_groups(groups))
    return redirect("/console/devices", message="已保存，终端将重新同步内容")


@router.post("/{device_id}/revoke")
def revoke(request: Request, session: Writer, device_id: Id):
    """A district admin stops a lost or retired screen; its token stops working at once."""
    require_admin(session.actor)
    with request.app.state.engine.begin() as conn:
        devices.revoke(conn, device_id)
    return redirect("/console/devices", message="已停用该终端，其令牌立即失效")
