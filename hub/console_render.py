"""How the console answers: pages from Jinja2 templates (autoescaped) and redirects that
carry a short notice back to the page the admin came from."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from gongkai.domain.catalogue import Frequency
from gongkai.domain.model import Audience, Category, OrgKind, TimeLimit
from gongkai.domain.roles import Role
from gongkai.domain.workflow import RequestKind, State

from .audit import ACTION_LABELS
from .clock import DISTRICT_ZONE

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(
    Category=Category, Audience=Audience, TimeLimit=TimeLimit, OrgKind=OrgKind, State=State,
    Frequency=Frequency, Role=Role, RequestKind=RequestKind, ACTION_LABELS=ACTION_LABELS)

MAX_NOTICE = 200


def local_time(value: str | None) -> str:
    """A stored UTC timestamp as the district reads it: 2026-11-28 09:30."""
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(DISTRICT_ZONE).strftime("%Y-%m-%d %H:%M")


def screen_time(seconds: float) -> str:
    """How long something was on screen, to the unit an inspector reads: 3 小时 12 分, 2 分 5 秒."""
    whole = round(seconds)
    hours, minutes, rest = whole // 3600, whole // 60 % 60, whole % 60
    return f"{hours} 小时 {minutes} 分" if hours else f"{minutes} 分 {rest} 秒"


templates.env.filters["local"] = local_time
templates.env.filters["screen_time"] = screen_time


def page(request: Request, name: str, session, status_code: int = 200, **context) -> HTMLResponse:
    """Render a console page; ``message``/``error`` come from the redirect that led here."""
    context.setdefault("message", request.query_params.get("message", "")[:MAX_NOTICE])
    context.setdefault("error", request.query_params.get("error", "")[:MAX_NOTICE])
    return templates.TemplateResponse(request, name, {"session": session, **context},
                                      status_code=status_code)


def redirect(path: str, message: str = "", error: str = "") -> RedirectResponse:
    notice = {k: v[:MAX_NOTICE] for k, v in {"message": message, "error": error}.items() if v}
    separator = "&" if "?" in path else "?"
    return RedirectResponse(path + (separator + urlencode(notice) if notice else ""), status_code=303)


def came_from(request: Request) -> str:
    """The console page a form was posted from (same site only), to return to with an error."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc not in ("", request.url.netloc) or not referer.path.startswith("/console"):
        return "/console"
    query = "&".join(p for p in referer.query.split("&") if p and not p.startswith(("message=", "error=")))
    return referer.path + ("?" + query if query else "")
