"""Console page for approvers: the queue of work plans, changes, withdrawals and
terminations waiting for the catalogue owner's decision."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from hub.api.params import Id
from hub.workflow import approvals, disclosures
from hub.workflow.orgs import load_orgs

from .render import page, redirect
from .session import Viewer, Writer

router = APIRouter(prefix="/approvals")


@router.get("", response_class=HTMLResponse)
def approvals_page(request: Request, session: Viewer):
    """The requests waiting for approval in the orgs the user reads, marked where the user is the one to decide."""
    with request.app.state.engine.connect() as conn:
        waiting = approvals.pending(conn, session.actor)
        orgs = load_orgs(conn)
    return page(request, "approvals.html", session, waiting=waiting, orgs=orgs)


@router.post("/{request_id}")
def decide(request: Request, session: Writer, request_id: Id,
           decision: Annotated[str, Form()] = "",
           note: Annotated[str, Form(max_length=disclosures.MAX_NOTE)] = ""):
    """An approver approves a request, which carries it out, or rejects it with a reason the requester sees."""
    approve = decision == "approve"
    with request.app.state.engine.begin() as conn:
        disclosures.decide(conn, session.actor, request_id, approve, note)
    return redirect("/console/approvals", message="已批准，并已执行" if approve else "已驳回，申请人可在事项页面看到理由")
