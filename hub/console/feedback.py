"""Console page for the rest of the feedback loop: 评议 results per org and quarter (and
publishing them to screens), the 监督直通车 contacts, and the deadline and retention settings."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from gongkai.domain.feedback.public_feedback import ContactKind
from gongkai.domain.feedback.ratings import is_quarter, quarter_label, quarter_of
from gongkai.domain.roles import readable_orgs
from hub.api.params import Id
from hub.clock import DISTRICT_ZONE, utcnow
from hub.feedback import citizen_requests, ratings, supervision
from hub.feedback import settings as feedback_settings
from hub.workflow.orgs import load_orgs

from .render import page, redirect
from .session import Viewer, Writer

router = APIRouter(prefix="/feedback", include_in_schema=False)

QuarterField = Annotated[str, Form(pattern=r"^\d{4}Q[1-4]$")]


@router.get("", response_class=HTMLResponse)
def feedback_page(request: Request, session: Viewer, quarter: str = ""):
    """The feedback loop for one quarter: each org's 评议 counts and reasons and its published
    result, the 监督直通车 contacts, and the deadline settings."""
    current = quarter_of(utcnow().astimezone(DISTRICT_ZONE).date())
    chosen = quarter if is_quarter(quarter) else current
    with request.app.state.engine.connect() as conn:
        orgs = load_orgs(conn)
        mine = readable_orgs(session.actor, orgs)
        tallies = {org_id: t for org_id, t in ratings.tallies(conn, chosen).items() if org_id in mine}
        published = {r.org_id: r for r in ratings.published(conn, mine) if r.quarter == chosen}
        reasons = {org_id: ratings.reasons(conn, org_id, chosen) for org_id in tallies}
        contacts = supervision.listed(conn, mine)
        settings = feedback_settings.load(conn)
    return page(request, "feedback.html", session, orgs=orgs, own_orgs=[orgs[i] for i in sorted(mine)],
                tallies=tallies, published=published, reasons=reasons, contacts=contacts, settings=settings,
                quarter=chosen, quarter_label=quarter_label(chosen), ContactKind=ContactKind)


@router.post("/ratings")
def publish_rating(request: Request, session: Writer, org_id: Annotated[Id, Form()], quarter: QuarterField):
    """Publish an org's 评议 result for a quarter to its screens."""
    with request.app.state.engine.begin() as conn:
        ratings.publish(conn, session.actor, org_id, quarter)
    return redirect(f"/console/feedback?quarter={quarter}", message="评议结果已公布，终端下次同步后显示")


@router.post("/contacts")
def add_contact(request: Request, session: Writer, org_id: Annotated[Id, Form()],
                kind: Annotated[str, Form()], name: Annotated[str, Form(max_length=200)] = "",
                value: Annotated[str, Form(max_length=200)] = "", note: Annotated[str, Form(max_length=400)] = ""):
    """Add a 监督直通车 contact for an org; screens show it after their next sync."""
    if kind not in ContactKind.__members__.values():
        raise supervision.ContactError("请选择渠道类型")
    with request.app.state.engine.begin() as conn:
        supervision.add(conn, session.actor, org_id, ContactKind(kind), name, value, note)
    return redirect("/console/feedback", message="已增加，终端下次同步后显示")


@router.post("/contacts/{contact_id}/remove")
def remove_contact(request: Request, session: Writer, contact_id: Id):
    """Take a 监督直通车 contact off the screens and phone pages."""
    with request.app.state.engine.begin() as conn:
        supervision.remove(conn, session.actor, contact_id)
    return redirect("/console/feedback", message="已删除，终端下次同步后不再显示")


@router.post("/settings")
def save_settings(request: Request, session: Writer, answer_days: Annotated[str, Form(max_length=10)] = "",
                  remind_days: Annotated[str, Form(max_length=10)] = "",
                  retention_days: Annotated[str, Form(max_length=10)] = "",
                  report_threshold: Annotated[str, Form(max_length=10)] = "",
                  holidays: Annotated[str, Form(max_length=8000)] = "",
                  make_up_days: Annotated[str, Form(max_length=2000)] = ""):
    """A district admin saves the deadline, retention and 举报 settings; contact details now past
    retention are erased at once."""
    with request.app.state.engine.begin() as conn:
        feedback_settings.save(conn, session.actor, {
            "answer_days": answer_days, "remind_days": remind_days, "retention_days": retention_days,
            "report_threshold": report_threshold, "holidays": holidays, "make_up_days": make_up_days})
        erased = citizen_requests.erase_expired_contacts(conn)
    return redirect("/console/feedback", message=f"设置已保存；已删除{erased}条过期的联系方式")
