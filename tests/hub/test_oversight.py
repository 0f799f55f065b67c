"""Oversight on the hub (六.4, 六.5, 五(一)4): the quarterly report's numbers, the year's
overview, the 立卷归档 ZIP, and who may see which org's."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime, time, timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from gongkai.domain.catalogue import CatalogueEntry, Frequency
from gongkai.domain.model import Audience, Category, OrgKind, TimeLimit
from gongkai.domain.oversight import ZONE, Quarter
from gongkai.domain.roles import Actor, Role
from hub.clock import utcnow
from hub.oversight import quarterly
from hub.server import file_store
from hub.storage import db
from hub.workflow import attachments, catalogues, disclosures, orgs
from hub.workflow.disclosures import Draft
from tests.hub.client import ConsoleUser
from tests.hub.test_hostile_input import ESCAPED, XSS
from tests.sync.test_files import picture

ADMIN = Actor("测试管理员", Role.DISTRICT_ADMIN, None)
C, T, A = Category, TimeLimit, Audience
MISSED_VILLAGE = "中共新塘村委员会"
DEMO_DUTIES = {1: 3, 2: 4, 3: 1, 4: 3, 5: 5}
"""Quarterly 定期 entries in each demo org's catalogue (hub/demo_content.py)."""


def previous(quarter: Quarter) -> Quarter:
    return Quarter.of(quarter.first_day - timedelta(days=1))


def backdate_catalogues(hub, quarter: Quarter) -> None:
    """Date every catalogue entry to the start of ``quarter``, from which it is due."""
    start = datetime.combine(quarter.first_day, time(0, 0), ZONE)
    with hub.engine.begin() as conn:
        conn.execute(db.catalogue_entries.update().values(created_at=start.isoformat()))


def publish(hub, org_id: int, category: Category, time_limit: TimeLimit, at: datetime,
            title: str = "季度公开", body: str = "正文", audience: Audience = A.PUBLIC) -> int:
    with hub.engine.begin() as conn:
        return disclosures.publish(conn, Draft(org_id=org_id, category=category, title=title, body=body,
                                               audience=audience, time_limit=time_limit, published_at=at), ADMIN)


def missed_quarter_village(hub) -> tuple[int, Quarter]:
    """A new village under 青荷镇 (its catalogue has five quarterly entries) that disclosed
    three of them last quarter, plus one it then withdrew and one 长期 item, and one so far
    this quarter. Returns the village and last quarter."""
    current = Quarter.at(utcnow())
    missed = previous(current)
    backdate_catalogues(hub, missed)
    with hub.engine.begin() as conn:
        village = orgs.create(conn, ADMIN, MISSED_VILLAGE, OrgKind.VILLAGE, 3)
    mid = datetime.combine(missed.first_day + timedelta(days=20), time(9, 30), ZONE)
    for category in (C.ORGANISATION, C.SERVICE, C.INTEGRITY):
        publish(hub, village, category, T.PERIODIC, mid, title=f"{missed.label}{category.label}情况")
    publish(hub, village, C.DUTIES, T.STANDING, mid, title="新塘村议事规则")
    taken_back = publish(hub, village, C.IDEOLOGY, T.PERIODIC, mid, title="新塘村党员教育培训安排")
    with hub.engine.begin() as conn:
        disclosures.withdraw(conn, taken_back, "培训时间有误，撤回后重新发布。", ADMIN)
    publish(hub, village, C.LEADERSHIP, T.PERIODIC, datetime.combine(current.first_day, time(0, 0), ZONE),
            title="新塘村班子成员述职述廉安排")
    return village, missed


def report(hub, org_id: int, quarter: Quarter) -> quarterly.QuarterReport:
    with hub.engine.connect() as conn:
        return quarterly.quarter_report(conn, orgs.load_orgs(conn), org_id, quarter, utcnow())


def test_a_missed_quarter_is_overdue_and_rated(hub):
    village, missed = missed_quarter_village(hub)
    result = report(hub, village, missed)
    assert len(result.review.checks) == 5
    assert sorted(c.entry.category for c in result.review.disclosed) == [C.ORGANISATION, C.SERVICE, C.INTEGRITY]
    assert sorted(c.entry.title for c in result.review.overdue) == ["党员教育培训安排", "班子成员述职述廉"]
    assert result.review.rate == pytest.approx(0.6)
    # the withdrawn item went public, so the tally counts it; it just does not settle its entry
    assert result.tally.total == 5
    assert result.tally.count(C.IDEOLOGY, T.PERIODIC) == 1 and result.tally.count(C.DUTIES, T.STANDING) == 1
    assert result.tally.with_time_limit(T.PERIODIC) == 4


def test_the_current_quarter_is_due_by_its_end(hub):
    village, missed = missed_quarter_village(hub)
    current = missed.next()
    result = report(hub, village, current)
    assert [c.entry.category for c in result.review.disclosed] == [C.LEADERSHIP]
    assert len(result.review.pending) == 4 and result.review.overdue == ()
    page = ConsoleUser(hub, "admin").get(f"/console/oversight/{village}", year=current.year,
                                         quarter=current.number).text
    assert f"本季度尚未公开，截止{current.last_day.month}月{current.last_day.day}日" in page


def test_the_report_page_shows_the_numbers(hub):
    village, missed = missed_quarter_village(hub)
    page = ConsoleUser(hub, "jianduyuan").get(f"/console/oversight/{village}", year=missed.year,
                                              quarter=missed.number)
    assert page.status_code == 200
    assert f"{MISSED_VILLAGE} · {missed.label}党务公开情况" in page.text
    assert "60%" in page.text and "逾期未公开（应于" in page.text
    assert page.text.count('class="badge overdue"') == 2


def test_the_overview_flags_the_org_that_missed_a_quarter(hub):
    village, missed = missed_quarter_village(hub)
    with hub.engine.connect() as conn:
        tree = orgs.load_orgs(conn)
        rows = {r.org.id: r for r in quarterly.year_overview(conn, tree, tree, missed.year, utcnow())}
    assert {i: len(r.duties) for i, r in rows.items() if i != village} == DEMO_DUTIES
    assert rows[village].overdue == 2
    page = ConsoleUser(hub, "admin").get("/console/oversight", year=missed.year).text
    assert f'<tr data-org-id="{village}" class="flagged">' in page and "逾期 2 项" in page


def test_entries_added_this_quarter_are_not_overdue_for_earlier_ones(hub):
    """The demo's catalogues were written today: nothing before this quarter is due."""
    now = utcnow()
    with hub.engine.connect() as conn:
        tree = orgs.load_orgs(conn)
        rows = quarterly.year_overview(conn, tree, tree, Quarter.at(now).year, now)
    assert all(r.overdue == 0 for r in rows)
    assert "没有逾期未公开的定期事项" in ConsoleUser(hub, "admin").get("/console/oversight").text


# ---- 立卷归档 ----------------------------------------------------------------------------

def archive(user: ConsoleUser, org_id: int, year: int) -> zipfile.ZipFile:
    response = user.get("/console/oversight/archive", org=org_id, year=year)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == "application/zip"
    assert "filename*=utf-8''" in response.headers["content-disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_archive_holds_every_item_its_history_and_attachments(hub):
    now = utcnow()
    year = Quarter.at(now).year
    item = publish(hub, 5, C.OTHER, T.STANDING, now - timedelta(minutes=5), title=XSS + "服务指南",
                   body=XSS + "\n第二段")
    with hub.engine.begin() as conn:
        [attached] = attachments.attach(conn, file_store(hub.data_dir), item, picture(), "平面图.png")
        disclosures.terminate(conn, item, "服务调整，终止公开。", ADMIN)
        draft = disclosures.save_draft(conn, ADMIN, Draft(5, C.OTHER, "草稿不归档", "", A.PUBLIC, T.STANDING))
    with archive(ConsoleUser(hub, "meixi-bianji"), 5, year) as zf:
        names = set(zf.namelist())
        assert {"index.html", "summary.xlsx", f"items/{item}.html"} <= names
        assert f"items/{draft}.html" not in names
        assert not any(n.startswith("items/") and n != f"items/{item}.html" and _org_of(hub, n) != 5
                       for n in names)
        stored = file_store(hub.data_dir).path(attached.sha256).read_bytes()
        assert zf.read(f"attachments/{attached.sha256}.png") == stored

        index = zf.read("index.html").decode()
        assert ESCAPED in index and XSS not in index
        assert f'href="items/{item}.html"' in index and "已终止" in index

        page = zf.read(f"items/{item}.html").decode()
        assert ESCAPED in page and XSS not in page
        assert "终止说明" in page and "服务调整，终止公开。" in page
        assert f'src="../attachments/{attached.sha256}.png"' in page and "平面图.png" in page
        assert "发布" in page and "终止" in page   # the audit history

        sheet = load_workbook(io.BytesIO(zf.read("summary.xlsx")))["公开事项"]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("编号", "发布时间", "类别")
        assert len(rows) == 1 + sum(n.startswith("items/") for n in names)
        [mine] = [r for r in rows if r[0] == item]
        assert mine[5] == XSS + "服务指南" and mine[6] == "已终止"


def test_a_title_that_looks_like_a_formula_stays_text_in_the_summary(hub):
    now = utcnow()
    formula = '=HYPERLINK("http://example.com","点击")'
    item = publish(hub, 5, C.OTHER, T.STANDING, now - timedelta(minutes=1), title=formula)
    with archive(ConsoleUser(hub, "admin"), 5, Quarter.at(now).year) as zf:
        sheet = load_workbook(io.BytesIO(zf.read("summary.xlsx")))["公开事项"]
        [cell] = [row[5] for row in sheet.iter_rows() if row[0].value == item]
        assert cell.value == formula and cell.data_type == "s"


def _org_of(hub, name: str) -> int:
    item_id = int(name.removeprefix("items/").removesuffix(".html"))
    with hub.engine.connect() as conn:
        return conn.execute(sa.select(db.items.c.org_id).where(db.items.c.id == item_id)).scalar_one()


# ---- escaping -----------------------------------------------------------------------------

def test_hostile_titles_are_inert_on_the_oversight_pages(hub):
    with hub.engine.begin() as conn:
        catalogues.add(conn, ADMIN, CatalogueEntry(3, OrgKind.VILLAGE, C.OTHER, A.PARTY, T.PERIODIC,
                                                   Frequency.QUARTERLY, XSS))
    last = previous(Quarter.at(utcnow()))
    backdate_catalogues(hub, last)   # the hostile entry is overdue last quarter, on every page
    publish(hub, 5, C.OTHER, T.STANDING, utcnow() - timedelta(minutes=1), title=XSS)
    admin = ConsoleUser(hub, "admin")
    for path, params in (("/console/oversight", {"year": last.year}), ("/console/oversight/5", {}),
                         ("/console/oversight/5", {"year": last.year, "quarter": last.number})):
        text = admin.get(path, **params).text
        assert XSS not in text and ESCAPED in text, path


# ---- who may see what ----------------------------------------------------------------------

def _refused(response) -> None:
    assert response.status_code == 403 and "您无权查看" in response.text


def test_an_editor_sees_and_exports_only_its_own_subtree(hub):
    editor = ConsoleUser(hub, "meixi-bianji")
    _refused(editor.get("/console/oversight/archive", org=4))
    _refused(editor.get("/console/oversight/4"))
    page = editor.get("/console/oversight").text
    assert 'data-org-id="5"' in page and 'data-org-id="4"' not in page
    assert '<option value="4">' not in page


def test_an_approver_sees_its_org_and_those_below(hub):
    page = ConsoleUser(hub, "qinghe-shenpi").get("/console/oversight").text
    assert 'data-org-id="3"' in page and 'data-org-id="5"' in page and 'data-org-id="4"' not in page
    _refused(ConsoleUser(hub, "qinghe-shenpi").get("/console/oversight/archive", org=4))


def test_a_supervisor_sees_every_org_and_changes_nothing(hub):
    supervisor = ConsoleUser(hub, "jianduyuan")
    page = supervisor.get("/console/oversight").text
    assert all(f'data-org-id="{i}"' in page for i in DEMO_DUTIES)
    report_page = supervisor.get("/console/oversight/4").text
    for text in (page, report_page):
        assert text.count('method="post"') == 1   # only the logout form
    with archive(supervisor, 4, Quarter.at(utcnow()).year) as zf:
        assert "index.html" in zf.namelist()
    assert supervisor.post("/console/oversight/archive", org=4).status_code == 405


def test_an_unknown_org_is_answered_in_chinese(hub):
    response = ConsoleUser(hub, "admin").get("/console/oversight/999")
    assert response.status_code == 200 and "党组织不存在" in response.text


def test_signed_out_visitors_are_sent_to_log_in(hub):
    import requests

    response = requests.get(f"{hub.url}/console/oversight/archive?org=5", allow_redirects=False, timeout=10)
    assert response.status_code == 303 and response.headers["location"] == "/console/login"
