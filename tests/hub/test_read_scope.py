"""Staff read only their own org's subtree; supervisors and district admins read everything
(docs/hub.md, gongkai.domain.roles.readable_orgs).

Another org's draft, 党内 item, attachment, citizen's request, item history and screens are
planted; then a village editor walks every console page and admin API read, enumerated from
the app's own routes so a new one cannot be forgotten. A route that names an item, a request
or an org is tried with the other orgs' ids and must answer 403; a list answers 200 or 403;
no answer may carry the planted words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
import requests
import sqlalchemy as sa
from fastapi.routing import iter_route_contexts

from hub.app import create_app
from hub.server import file_store, signing_key
from hub.storage import db
from tests.hub.client import ConsoleUser, item_form, item_id
from tests.hub.test_admin_api import session as api_session
from tests.hub.test_attachments_console import png, upload

OUTSIDER = "meixi-bianji"     # 梅溪村 (5), under 青荷镇 (3)
PARTY_ITEM = 43               # demo: 街道纪工委诫勉谈话工作规程（党内）, 东湖街道 (2)
DEMO_SCREEN = "南湖区党员服务中心触摸屏"  # the district's (1) screen

DISTRICT_DRAFT = {"title": "区委人事调整内部草稿", "body": "拟调整人选：赵某某任副书记（未定稿）"}
COMMUNITY_DRAFT = {"title": "禾丰社区党委内部整改清单", "body": "整改对象：钱某某，限期说明情况",
                   "attachment": "禾丰内部整改附件.png"}
REQUEST = {"text": "举报禾丰社区某楼栋党员违规经商问题", "name": "孙小明", "phone": "13800007777"}
WITHDRAWAL = "申请撤回：季度数据与台账不符，待纪工委核实"  # an approval request, for 禾丰社区's item 3

STAFF_PREFIXES = ("/console", "/api/admin/")
OTHER_READS = {"/", "/healthz", "/openapi.json", "/static", "/fonts"}
OTHER_PREFIXES = ("/api/v1/", "/m/", "/m")
"""GET routes that are not staff reads: the device API (a screen's token), the public phone
pages, the hub's front door, its styles and fonts. Any other route must be added to the walk or here."""


@dataclass(frozen=True)
class Planted:
    """Another org's records, the ids to try them by and the words that must not show."""

    ids: tuple[dict[str, object], ...]
    words: tuple[str, ...]
    image: bytes


@pytest.fixture
def planted(hub) -> Planted:
    ConsoleUser(hub, "qu-bianji").post("/console/items", action="save", **item_form(
        org_id=1, title=DISTRICT_DRAFT["title"], body=DISTRICT_DRAFT["body"]))
    community = ConsoleUser(hub, "hefeng-bianji")
    community.post("/console/items", action="save", **item_form(
        org_id=4, audience="party", title=COMMUNITY_DRAFT["title"], body=COMMUNITY_DRAFT["body"]))
    draft, image = item_id(hub, COMMUNITY_DRAFT["title"]), png()
    assert upload(community, draft, COMMUNITY_DRAFT["attachment"], image).status_code == 200
    community.post("/console/items/3/withdraw", note=WITHDRAWAL)
    filed = requests.post(f"{hub.url}/m/dianti", data={"org_id": 4, "category": 3, **REQUEST},
                          timeout=10, allow_redirects=False)
    receipt = re.search(r"/m/follow/([\w-]+)", filed.headers["location"]).group(1)
    with hub.engine.connect() as conn:
        request_id = conn.execute(sa.select(db.citizen_requests.c.id)
                                  .where(db.citizen_requests.c.receipt == receipt)).scalar_one()
        sha256 = conn.execute(sa.select(db.attachments.c.sha256)
                              .where(db.attachments.c.item_id == draft)).scalar_one()
        party = conn.execute(sa.select(db.items).where(db.items.c.id == PARTY_ITEM)).one()
        screen = conn.execute(sa.select(db.devices.c.id).where(db.devices.c.name == DEMO_SCREEN)).scalar_one()
    assert party.audience == "party" and party.org_id == 2
    assert WITHDRAWAL in ConsoleUser(hub, "donghu-shenpi").get("/console/approvals").text
    common = {"request_id": request_id, "sha256": sha256, "device_id": screen, "screenshot_id": 1}
    ids = ({**common, "item_id": item_id(hub, DISTRICT_DRAFT["title"]), "org_id": 1},
           {**common, "item_id": draft, "org_id": 4},
           {**common, "item_id": PARTY_ITEM, "org_id": 2})
    words = (DISTRICT_DRAFT["title"], DISTRICT_DRAFT["body"], COMMUNITY_DRAFT["title"], COMMUNITY_DRAFT["body"],
             COMMUNITY_DRAFT["attachment"], party.title, party.body, *REQUEST.values(), WITHDRAWAL, DEMO_SCREEN)
    return Planted(ids, words, image)


def staff_reads(hub) -> list[str]:
    """Every GET route of the console and the admin API, as its path pattern."""
    app = create_app(hub.engine, signing_key(hub.data_dir), file_store(hub.data_dir))
    paths = sorted({r.path for r in iter_route_contexts(app.routes) if "GET" in (r.methods or {"GET"})})
    others = [p for p in paths if not p.startswith(STAFF_PREFIXES)]
    unknown = [p for p in others if p not in OTHER_READS and not p.startswith(OTHER_PREFIXES)]
    assert not unknown, f"new GET routes: add them to the read-scope walk or to OTHER_READS: {unknown}"
    return [p for p in paths if p.startswith(STAFF_PREFIXES)]


def outsider(hub) -> requests.Session:
    """The village editor, signed in to the console (cookie) and the admin API (bearer token)."""
    http = api_session(hub, OUTSIDER)
    http.cookies.update(ConsoleUser(hub, OUTSIDER).http.cookies)
    return http


def test_a_village_editor_reads_nothing_of_other_orgs_on_any_route(hub, planted):
    http = outsider(hub)
    routes = staff_reads(hub)
    assert {"/console/items/{item_id}", "/console/inbox/{request_id}", "/api/admin/v1/items/{item_id}"} <= set(routes)
    problems = []
    for pattern in routes:
        names = re.findall(r"{(\w+)}", pattern)
        missing = [n for n in names if n not in planted.ids[0]]
        assert not missing, f"{pattern}: tell the walk which other org's id to try for {missing}"
        for ids in planted.ids:
            path = pattern.format(**{n: ids[n] for n in names})
            query = {"org": ids["org_id"], "org_id": ids["org_id"], "owner": ids["org_id"]}
            answer = http.get(hub.url + path, params=query, timeout=30, allow_redirects=False)
            if answer.status_code not in ({403} if names else {200, 403}):
                problems.append((path, answer.status_code))
            leaked = [w for w in planted.words if w in answer.text]
            if leaked or planted.image in answer.content:
                problems.append((path, leaked or "the attachment"))
    assert not problems


def test_supervisors_and_district_admins_read_everything(hub, planted):
    district_draft, community_draft, _ = (ids["item_id"] for ids in planted.ids)
    request_id, sha256 = planted.ids[0]["request_id"], planted.ids[0]["sha256"]
    for reader in ("jianduyuan", "admin"):
        console = ConsoleUser(hub, reader)
        assert DISTRICT_DRAFT["body"] in console.get(f"/console/items/{district_draft}/edit").text
        assert COMMUNITY_DRAFT["attachment"] in console.get(f"/console/items/{community_draft}").text
        assert console.get(f"/console/items/{community_draft}/files/{sha256}").content == planted.image
        assert REQUEST["text"] in console.get(f"/console/inbox/{request_id}").text
        assert DEMO_SCREEN in console.get("/console/devices").text
        api = api_session(hub, reader)
        assert api.get(f"{hub.url}/api/admin/v1/items/{PARTY_ITEM}", timeout=10).json()["audience"] == "party"


def test_staff_read_their_own_org_and_the_orgs_below(hub, planted):
    meixi = ConsoleUser(hub, OUTSIDER)
    meixi.post("/console/items", action="save", **item_form(title="梅溪村内部草稿", body="村内部讨论稿"))
    own = item_id(hub, "梅溪村内部草稿")
    assert "村内部讨论稿" in ConsoleUser(hub, "qinghe-bianji").get(f"/console/items/{own}").text
    assert ConsoleUser(hub, "hefeng-bianji").get(f"/console/items/{own}").status_code == 403
    assert ConsoleUser(hub, "donghu-shenpi").get(f"/console/inbox/{planted.ids[0]['request_id']}").status_code == 200
    listed = api_session(hub, OUTSIDER).get(f"{hub.url}/api/admin/v1/items", timeout=10).json()
    assert own in [i["id"] for i in listed] and {i["org_id"] for i in listed} == {5}
    assert "梅溪村内部草稿" in meixi.get("/console/items").text
