"""The hub as an ASGI application: device API, admin console, OpenAPI document."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import iter_route_contexts
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import assets
import gongkai
from gongkai.domain.catalogue import CatalogueError
from gongkai.domain.feedback.citizen_requests import TransitionError
from gongkai.domain.orgtree import OrgTreeError
from gongkai.domain.roles import Forbidden
from gongkai.domain.workflow import WorkflowError
from hub.console.render import came_from, page, redirect
from hub.console.session import LoginRequired
from hub.feedback.settings import SettingsError
from hub.feedback.supervision import ContactError
from hub.fleet.devices import DeviceError
from hub.rendering import templates
from hub.staff.users import UserError
from hub.storage.files import FileStore
from hub.workflow.attachments import AttachmentError

from . import scheduler
from .api import admin as admin_api
from .api import device as device_api
from .api import errors
from .api import release as release_api
from .api.models import Health, ok
from .config import HubConfig
from .console import citizen_requests as console_inbox
from .console import dashboard as console
from .console import echo_wall_reports as console_reports
from .console import feedback as console_feedback
from .console import notifications as console_notifications
from .console import oversight as console_oversight
from .console import releases as console_releases
from .forwarded import ForwardedClient
from .phone import pages as phone

_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
MAX_BODY_BYTES = 4 * 2**20
"""The most any request may send, unless its route allows more (uploads): a device's full
outbox batch fits, and nobody can fill the hub's disk through the form parser."""


def create_app(engine: sa.Engine, signing_key: Ed25519PrivateKey, files: FileStore,
               config: HubConfig = HubConfig()) -> FastAPI:
    """The whole hub, ready to serve: what ``gongkai hub`` runs and the tests start."""
    app = _Hub(title="Gongkai hub", version=gongkai.__version__, docs_url=None, redoc_url=None,
               lifespan=scheduler.running, max_body_size=MAX_BODY_BYTES)
    app.state.engine = engine
    app.state.config = config
    app.state.signing_key = signing_key
    app.state.files = files
    errors.install(app)
    app.include_router(device_api.router)
    app.include_router(admin_api.router)
    app.include_router(console.router)
    app.include_router(console_oversight.router)
    app.include_router(console_inbox.router, prefix="/console")
    app.include_router(console_feedback.router, prefix="/console")
    app.include_router(console_notifications.router, prefix="/console")
    app.include_router(console_reports.router, prefix="/console")
    app.include_router(phone.router)
    app.include_router(release_api.router)
    app.include_router(console_releases.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.mount("/fonts", StaticFiles(directory=assets.ROOT / "fonts"), name="fonts")

    @app.exception_handler(LoginRequired)
    async def _login(_request: Request, _exc: LoginRequired):
        return RedirectResponse("/console/login", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden):
        if _is_api(request):
            return errors.answer(403, str(exc))
        return page(request, "refused.html", None, status_code=403, reason=str(exc),
                    back=came_from(request))

    for refusal in (WorkflowError, CatalogueError, OrgTreeError, UserError, DeviceError, AttachmentError,
                    TransitionError, SettingsError, ContactError):
        @app.exception_handler(refusal)
        async def _refused(request: Request, exc: ValueError):
            """A rule said no: back to the form's page, with the reason in Chinese."""
            if _is_api(request):
                return errors.answer(422, str(exc))
            return redirect(came_from(request), error=str(exc))

    _install_failures(app)
    app.add_middleware(ForwardedClient, trusted=config.trusted_proxies)

    @app.get("/", include_in_schema=False)
    def _root():
        return RedirectResponse("/console", status_code=303)

    @app.get("/healthz", tags=["ops"], summary="Liveness check", responses=ok(Health))
    def _health():
        return {"ok": True, "version": gongkai.__version__}

    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


class _Hub(FastAPI):
    """FastAPI with one more layer outside all of Starlette's own: _Answers."""

    def build_middleware_stack(self) -> ASGIApp:
        return _Answers(super().build_middleware_stack())


class _Answers:
    """The outermost layer, so that every answer carries the security headers (a 500 from
    Starlette's error layer and a 413 from its body limiter included), and the limiter's bare
    413 becomes the hub's own refusal."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        replaced = False

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in _SECURED]
                message = {**message, "headers": kept + _RAW_SECURITY_HEADERS}
            await send(message)

        async def answer(message: Message) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start" and _is_bare_413(message):
                replaced = True
                await _refusal(Request(scope), 413, "request body too large")(scope, receive, secured)
            elif not replaced:
                await secured(message)

        await self.app(scope, receive, answer)


_SECURED = {name.lower() for name in _SECURITY_HEADERS}
_RAW_SECURITY_HEADERS = [(name.lower().encode(), value.encode()) for name, value in _SECURITY_HEADERS.items()]


def _is_bare_413(message: Message) -> bool:
    """Starlette's body limiter's answer: 413 in plain text (the hub's own 413s are JSON or HTML)."""
    headers = dict(message.get("headers", []))
    return message["status"] == 413 and headers.get(b"content-type", b"").startswith(b"text/plain")


_PAGE_REASONS = {404: "没有这个页面", 405: "不支持这种请求方式", 413: "提交的内容太大，请减小文件或文字后重试"}


def _install_failures(app: FastAPI) -> None:
    """Input the routes never got to judge (bad fields, unknown addresses, bodies too large) and
    faults of the hub's own: JSON ``{"error"}`` on the APIs, a page in Chinese elsewhere."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        if _is_api(request):
            return errors.answer(400, f"invalid {where}: {first.get('msg', 'bad request')}")
        return _refusal_page(request, 400, f"请求中的内容无效（{where}），请返回重试")

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException):
        headers = {**(exc.headers or {}), **({"Allow": _allowed(request)} if exc.status_code == 405 else {})}
        return _refusal(request, exc.status_code, str(exc.detail), headers)

    @app.exception_handler(Exception)
    async def _fault(request: Request, _exc: Exception):
        """The hub's own fault: no template, since rendering may be what failed."""
        if _is_api(request):
            return errors.answer(500, "服务器出错，请稍后重试")
        return HTMLResponse(_FAULT_PAGE, status_code=500)


_FAULT_PAGE = ('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>服务器出错</title>'
               '<p>服务器出错，请稍后重试。</p></html>')


def _allowed(request: Request) -> str:
    """Every method some route takes at this address (Starlette's 405 names only the first route's)."""
    path = request.url.path
    methods = {method for route in iter_route_contexts(request.app.routes) if route.path and route.methods
               and compile_path(route.path)[0].match(path) for method in route.methods}
    return ", ".join(sorted(methods))


def _refusal(request: Request, status: int, detail: str, headers: dict | None = None) -> Response:
    """An HTTP refusal: ``detail`` in the error shape on the APIs, a page in Chinese elsewhere."""
    if _is_api(request):
        return errors.answer(status, detail, headers)
    return _refusal_page(request, status, _PAGE_REASONS.get(status, "请求无法处理，请返回重试"), headers)


def _refusal_page(request: Request, status: int, reason: str, headers: dict | None = None) -> Response:
    """A refusal in Chinese on the phone pages' or the console's own refusal page."""
    if request.url.path.startswith("/m"):
        answer = templates.TemplateResponse(request, "phone/refused.html", {"reason": reason}, status_code=status)
    else:
        answer = page(request, "refused.html", None, status_code=status, reason=reason, back=came_from(request))
    answer.headers.update(headers or {})
    return answer
