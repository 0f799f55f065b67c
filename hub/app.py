"""The hub as an ASGI application: device API, admin console, OpenAPI document."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

import gongkai

from . import console, device_api, errors
from .disclosures import WorkflowError

_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_app(engine: sa.Engine, signing_key: Ed25519PrivateKey) -> FastAPI:
    app = FastAPI(title="Gongkai hub", version=gongkai.__version__, docs_url=None, redoc_url=None)
    app.state.engine = engine
    app.state.signing_key = signing_key
    errors.install(app)
    app.include_router(device_api.router)
    app.include_router(console.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    @app.exception_handler(console.LoginRequired)
    async def _login(_request: Request, _exc: console.LoginRequired):
        return RedirectResponse("/console/login", status_code=303)

    @app.exception_handler(WorkflowError)
    async def _refused(_request: Request, exc: WorkflowError):
        return JSONResponse({"error": str(exc)}, status_code=403)

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.update(_SECURITY_HEADERS)
        return response

    @app.get("/", include_in_schema=False)
    def _root():
        return RedirectResponse("/console", status_code=303)

    @app.get("/healthz", tags=["ops"], summary="Liveness check")
    def _health():
        return {"ok": True, "version": gongkai.__version__}

    return app
