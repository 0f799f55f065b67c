"""How the console answers: pages from the hub's templates and redirects that
carry a short notice back to the page the admin came from."""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from hub.rendering import templates

MAX_NOTICE = 200


def page(request: Request, name: str, session, status_code: int = 200, **context) -> HTMLResponse:
    """Render a console page; ``message``/``error`` come from the redirect that led here."""
    context.setdefault("message", request.query_params.get("message", "")[:MAX_NOTICE])
    context.setdefault("error", request.query_params.get("error", "")[:MAX_NOTICE])
    return templates.TemplateResponse(request, name, {"session": session, **context},
                                      status_code=status_code)


def redirect(path: str, message: str = "", error: str = "") -> RedirectResponse:
    """Send the admin back to a console page after a form post, with a short notice or error to show there."""
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
