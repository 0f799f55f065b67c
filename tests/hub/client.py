"""A console user over real HTTP: logs in as a demo account and posts forms with its CSRF token."""
from __future__ import annotations

import re

import requests
import sqlalchemy as sa

from hub.storage import db


class ConsoleUser:
    def __init__(self, hub, username: str):
        self.hub = hub
        self.http = requests.Session()
        page = self.http.post(f"{hub.url}/console/login", timeout=10,
                              data={"username": username, "password": hub.password_of(username)})
        assert page.status_code == 200, page.text
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)

    def get(self, path: str, **params) -> requests.Response:
        return self.http.get(self.hub.url + path, params=params, timeout=10)

    def post(self, path: str, **data) -> requests.Response:
        return self.http.post(self.hub.url + path, data={"csrf": self.csrf, **data}, timeout=10)


def item_form(**fields) -> dict:
    """A valid item form: a 梅溪村 发展党员公示, which follows the village catalogue."""
    return {"org_id": 5, "category": 3, "audience": "public", "time_limit": "immediate",
            "title": "梅溪村2026年第三批发展党员公示", "body": "经支部委员会研究，拟将王丽同志列为发展对象，现予公示。",
            "gongshi_start": "2026-11-28", "gongshi_end": "2026-12-04", **fields}


def item_id(hub, title: str) -> int:
    with hub.engine.connect() as conn:
        return conn.execute(sa.select(db.items.c.id).where(db.items.c.title == title)).scalar_one()


def item_row(hub, item: int) -> sa.Row:
    with hub.engine.connect() as conn:
        return conn.execute(sa.select(db.items).where(db.items.c.id == item)).one()


def actions(hub, item: int) -> list[str]:
    with hub.engine.connect() as conn:
        return [r.action for r in conn.execute(sa.select(db.audit).where(db.audit.c.item_id == item)
                                               .order_by(db.audit.c.id))]
