"""Console pages for supervision (六.4 监督检查): the year's overview of 定期 disclosure per
org with missed quarters flagged, the quarterly report of one org, the 立卷归档 ZIP
(五(一)4) of one org's year, and the quarter's 公示 showing check from proof of play.

All of them only read. District admins and supervisors see every org; editors and
approvers their own org and the orgs below it (gongkai.domain.roles.readable_orgs).
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from starlette.background import BackgroundTask

from gongkai.domain.model import Org
from gongkai.domain.orgtree import OrgTreeError, outline
from gongkai.domain.oversight import Quarter
from gongkai.domain.roles import readable_orgs, require_reader
from gongkai.domain.showings import missed_label
from hub.api.params import Id, id_or_none
from hub.clock import utcnow
from hub.oversight import archive, quarterly, showings
from hub.workflow.orgs import load_orgs

from .render import page
from .session import Viewer

router = APIRouter(prefix="/console/oversight", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def overview_page(request: Request, session: Viewer, year: str = ""):
    """The year's 定期 disclosure of every org the user oversees, quarter by quarter, missed quarters flagged."""
    now = utcnow()
    with request.app.state.engine.connect() as conn:
        orgs = load_orgs(conn)
        overseen = readable_orgs(session.actor, orgs)
        visible = [o for o, _ in outline(orgs) if o.id in overseen]
        chosen = _year(year, now)
        rows = quarterly.year_overview(conn, orgs, [o.id for o in visible], chosen, now)
        years = _years(conn, now)
    return page(request, "oversight.html", session, rows=rows, year=chosen, years=years, visible=visible,
                **quarterly.WORDING)


@router.get("/archive")
def archive_download(request: Request, session: Viewer, org: str = "", year: str = ""):
    """The 立卷归档 ZIP of one org's year, built in a temporary file deleted once sent."""
    now = utcnow()
    wanted = _year(year, now)
    with request.app.state.engine.connect() as conn:
        _, chosen = _overseen(conn, session, id_or_none(org))
        path = archive.build(conn, request.app.state.files, chosen, wanted, now)
    return FileResponse(path, media_type="application/zip", filename=archive.archive_name(chosen, wanted),
                        background=BackgroundTask(path.unlink, missing_ok=True))


@router.get("/showings", response_class=HTMLResponse)
def showings_page(request: Request, session: Viewer, year: str = "", quarter: str = ""):
    """Whether each 公示 was on public screens every day of its window, from proof of play."""
    now = utcnow()
    wanted = _quarter(year, quarter, now)
    with request.app.state.engine.connect() as conn:
        orgs = load_orgs(conn)
        rows = showings.quarter_showings(conn, readable_orgs(session.actor, orgs), wanted, now)
        years = _years(conn, now)
    return page(request, "showings.html", session, rows=rows, orgs=orgs, quarter=wanted, years=years,
                missed_label=missed_label)


@router.get("/{org_id}", response_class=HTMLResponse)
def report_page(request: Request, session: Viewer, org_id: Id, year: str = "", quarter: str = ""):
    """One org's quarterly report: what its catalogue required, what it disclosed and what is overdue."""
    now = utcnow()
    with request.app.state.engine.connect() as conn:
        orgs, chosen = _overseen(conn, session, org_id)
        wanted = _quarter(year, quarter, now)
        report = quarterly.quarter_report(conn, orgs, chosen.id, wanted, now)
        years = _years(conn, now)
    return page(request, "oversight_report.html", session, report=report, quarter=wanted, years=years,
                current=Quarter.at(now), **quarterly.WORDING)


def _overseen(conn: sa.Connection, session, org_id: int | None) -> tuple[dict[int, Org], Org]:
    """The org tree and the org asked for, once the asking user may oversee it."""
    orgs = load_orgs(conn)
    if org_id not in orgs:
        raise OrgTreeError("党组织不存在")
    require_reader(session.actor, orgs, org_id)
    return orgs, orgs[org_id]


def _year(value: str, now: datetime) -> int:
    """The year asked for, or this year when it is missing or out of range."""
    this_year = Quarter.at(now).year
    year = id_or_none(value)
    return year if year is not None and 2000 <= year <= this_year else this_year


def _quarter(year: str, number: str, now: datetime) -> Quarter:
    """The quarter asked for, or the current one."""
    current = Quarter.at(now)
    chosen = int(number) if number in ("1", "2", "3", "4") else current.number
    return Quarter(_year(year, now), chosen)


def _years(conn: sa.Connection, now: datetime) -> list[int]:
    this_year = Quarter.at(now).year
    return list(range(this_year, quarterly.first_year(conn, this_year) - 1, -1))
