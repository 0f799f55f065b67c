"""Console pages for the org tree and the disclosure catalogues each org writes for the
kinds of org below it (五(一)1)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from gongkai.domain import orgtree
from gongkai.domain.catalogue import CatalogueEntry, CatalogueError, Frequency, kinds_catalogued_by
from gongkai.domain.model import Audience, Category, OrgKind, TimeLimit
from gongkai.domain.orgtree import OrgTreeError
from gongkai.domain.roles import may_keep_catalogue
from hub.api.params import Id, id_or_none
from hub.workflow import catalogues, orgs

from .render import page, redirect
from .session import Viewer, Writer

router = APIRouter()
Name = Annotated[str, Form(max_length=orgs.MAX_NAME)]


@router.get("/orgs", response_class=HTMLResponse)
def orgs_page(request: Request, session: Viewer):
    """The district's org tree, level by level, with forms to add and rename orgs."""
    with request.app.state.engine.connect() as conn:
        tree = orgs.load_orgs(conn)
    return page(request, "orgs.html", session, rows=orgtree.outline(tree), tree=tree,
                child_kinds=orgtree.CHILD_KINDS)


@router.post("/orgs")
def create_org(request: Request, session: Writer, name: Name = "", kind: Annotated[str, Form()] = "",
               parent_id: Annotated[str, Form()] = ""):
    """A district admin adds an org under its parent; screens learn of it at their next sync."""
    try:
        org_kind = OrgKind(kind)
    except ValueError:
        raise OrgTreeError("请选择党组织类型") from None
    with request.app.state.engine.begin() as conn:
        orgs.create(conn, session.actor, name, org_kind, id_or_none(parent_id))
    return redirect("/console/orgs", message="已新建党组织：" + name.strip()[:60])


@router.post("/orgs/{org_id}/rename")
def rename_org(request: Request, session: Writer, org_id: Id, name: Name = ""):
    """A district admin renames an org."""
    with request.app.state.engine.begin() as conn:
        orgs.rename(conn, session.actor, org_id, name)
    return redirect("/console/orgs", message="已更名：" + name.strip()[:60])


@router.get("/catalogues", response_class=HTMLResponse)
def catalogues_page(request: Request, session: Viewer, owner: str = ""):
    """One owner org's 公开目录 for each kind of org below it; its approvers may edit it here."""
    with request.app.state.engine.connect() as conn:
        tree = orgs.load_orgs(conn)
        owners = [o for o, _ in orgtree.outline(tree) if kinds_catalogued_by(o)]
        chosen = tree.get(id_or_none(owner))
        chosen = chosen if chosen in owners else (owners[0] if owners else None)
        entries = catalogues.owned_by(conn, chosen.id) if chosen else []
    kinds = kinds_catalogued_by(chosen) if chosen else ()
    return page(request, "catalogues.html", session, owners=owners, owner=chosen, kinds=kinds,
                entries={k: [e for e in entries if e.org_kind is k] for k in kinds},
                editable=chosen is not None and may_keep_catalogue(session.actor, chosen.id))


@router.post("/catalogues")
def add_entry(request: Request, session: Writer, owner_org_id: Annotated[Id, Form()],
              org_kind: Annotated[str, Form()] = "", category: Annotated[str, Form()] = "",
              audience: Annotated[str, Form()] = "", time_limit: Annotated[str, Form()] = "",
              frequency: Annotated[str, Form()] = "", title: Name = ""):
    """An approver adds an entry to their org's 公开目录."""
    try:
        entry = CatalogueEntry(owner_org_id, OrgKind(org_kind), Category(int(category)), Audience(audience),
                               TimeLimit(time_limit), Frequency(frequency), title)
    except ValueError:
        raise CatalogueError("请完整选择适用党组织类型、类别、范围、时限和频次") from None
    with request.app.state.engine.begin() as conn:
        catalogues.add(conn, session.actor, entry)
    return redirect(f"/console/catalogues?owner={owner_org_id}", message="已增加目录事项：" + title.strip()[:60])


@router.post("/catalogues/{entry_id}/remove")
def remove_entry(request: Request, session: Writer, entry_id: Id):
    """An approver removes an entry from their org's 公开目录."""
    with request.app.state.engine.begin() as conn:
        owner = catalogues.remove(conn, session.actor, entry_id)
    return redirect(f"/console/catalogues?owner={owner}", message="已删除目录事项")

