"""Console page for fleet updates: upload a version, offer it to device groups, and watch
which version each screen runs and how its last update went.

Everyone signed in may look (at the screens of the orgs whose records they read); only a
district admin uploads and offers.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from gongkai.domain.roles import require_admin
from hub.api.params import upload_limit
from hub.fleet import releases

from .render import page, redirect
from .session import Viewer, Writer

router = APIRouter(prefix="/console/releases", include_in_schema=False)
OUTCOME_LABELS = {"installed": "已升级", "failed": "升级失败", "rolled_back": "已自动回退"}


@router.get("", response_class=HTMLResponse)
def releases_page(request: Request, session: Viewer):
    """Fleet updates: the uploaded versions, what each group is offered, and each screen's version and last update."""
    with request.app.state.engine.connect() as conn:
        state = releases.overview(conn, session.actor)
    return page(request, "releases.html", session, outcomes=OUTCOME_LABELS, every=releases.EVERY_DEVICE, **state)


@router.post("/upload", max_body_size=upload_limit(releases.MAX_WHEEL_BYTES))
async def upload(request: Request, session: Writer, package: UploadFile):
    """A district admin uploads a new app version, which the hub checks, keeps and signs."""
    require_admin(session.actor)
    data = await package.read(releases.MAX_WHEEL_BYTES + 1)
    try:
        with request.app.state.engine.begin() as conn:
            added = releases.add_release(conn, request.app.state.signing_key, request.app.state.files,
                                         (package.filename or "").rsplit("/", 1)[-1], data,
                                         session.username)
    except releases.ReleaseError as exc:
        return redirect("/console/releases", error=str(exc))
    return redirect("/console/releases", message=f"已上传版本 {added.version}，可以推送给终端分组")


@router.post("/offer")
def offer(request: Request, session: Writer, group: Annotated[str, Form(max_length=100)] = "",
          version: Annotated[str, Form(max_length=40)] = ""):
    """A district admin offers a version to a device group (or every screen), or withdraws the offer."""
    require_admin(session.actor)
    try:
        with request.app.state.engine.begin() as conn:
            releases.offer(conn, group, version, session.username)
    except releases.ReleaseError as exc:
        return redirect("/console/releases", error=str(exc))
    target = "全部终端" if group.strip() in ("", releases.EVERY_DEVICE) else f"分组“{group.strip()}”"
    done = f"已向{target}推送版本 {version}，终端将在五分钟内下载并升级" if version else f"已撤销对{target}的推送"
    return redirect("/console/releases", message=done)
