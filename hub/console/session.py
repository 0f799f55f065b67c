"""Who is asking: the session cookie behind every console page, and the CSRF token and
write permission behind every form post."""
from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Cookie, Depends, Request

from gongkai.domain.roles import Forbidden, require_writer
from hub.staff import accounts

COOKIE = "gk_session"
STALE_FORM = "页面已过期或来源不明，请刷新页面后重试"


class LoginRequired(Exception):
    """Raised by the session dependency; the app turns it into a redirect to the login page."""


def current_session(request: Request, gk_session: Annotated[str | None, Cookie()] = None):
    """The signed-in user behind a console page; without a live session, off to the login page."""
    with request.app.state.engine.connect() as conn:
        found = accounts.session(conn, gk_session)
    if found is None:
        raise LoginRequired()
    return found


Viewer = Annotated[accounts.Session, Depends(current_session)]


async def posting_session(request: Request, session: Viewer) -> accounts.Session:
    """The session behind a form post, whose CSRF token must match the session's own."""
    token = (await request.form()).get("csrf", "")
    if not isinstance(token, str) or not hmac.compare_digest(session.csrf.encode(), token.encode()):
        raise Forbidden(STALE_FORM)
    return session


Poster = Annotated[accounts.Session, Depends(posting_session)]


def writing_session(session: Poster) -> accounts.Session:
    """A form post that changes something: refused at once for read-only supervisors."""
    require_writer(session.actor)
    return session


Writer = Annotated[accounts.Session, Depends(writing_session)]
