"""``gongkai hub --demo``: fill an empty hub with the demo district, its catalogues, a device
and one account per role and level."""
from __future__ import annotations

import secrets
from pathlib import Path

import sqlalchemy as sa

from gongkai.domain.roles import Role
from hub.clock import DISTRICT_ZONE, utcnow
from hub.fleet import devices
from hub.staff import users
from hub.storage import db
from hub.workflow import catalogues, disclosures, orgs

from . import device_config
from . import feedback as feedback_demo
from .content import build

DEMO_DEVICE_NAME = "南湖区党员服务中心触摸屏"
DEMO_ADMIN = "admin"

DEMO_USERS = [
    (DEMO_ADMIN, Role.DISTRICT_ADMIN, None),
    ("qu-shenpi", Role.APPROVER, 1),        # district: approves for towns and streets
    ("qu-bianji", Role.EDITOR, 1),
    ("donghu-shenpi", Role.APPROVER, 2),    # street: approves for its communities
    ("donghu-bianji", Role.EDITOR, 2),
    ("qinghe-shenpi", Role.APPROVER, 3),    # town: approves for its villages
    ("qinghe-bianji", Role.EDITOR, 3),
    ("hefeng-bianji", Role.EDITOR, 4),
    ("meixi-bianji", Role.EDITOR, 5),
    ("jianduyuan", Role.SUPERVISOR, 1),
]
"""Demo accounts: (username, role, org id). Passwords are random, new at every start."""


def load(engine: sa.Engine, data_dir: Path, hub_url: str, public_key: str) -> None:
    """Load the demo district once; issue a fresh device token and passwords every start.

    Nothing secret is fixed in the code: each start writes ``demo-device.toml`` and
    ``demo-admin.txt`` (mode 600, every demo account) under the data directory.
    """
    with engine.begin() as conn:
        if conn.execute(sa.select(db.orgs.c.id).limit(1)).first() is None:
            content = build(utcnow().astimezone(DISTRICT_ZONE).date())
            for org in content.orgs:
                orgs.add_org(conn, org)
            for entry in content.catalogue:
                catalogues.import_entry(conn, entry)
            for item in content.items:
                disclosures.import_item(conn, item, "demo")
            feedback_demo.load(conn)
        token = devices.issue_token(conn, DEMO_DEVICE_NAME, org_id=1)
        names = orgs.load_orgs(conn)
        accounts = []
        for username, role, org_id in DEMO_USERS:
            password = secrets.token_urlsafe(12)
            users.set_password(conn, username, password, role, org_id)
            where = f" · {names[org_id].name}" if org_id else ""
            accounts.append(f"username: {username}\npassword: {password}\nrole: {role.label}{where}\n")
    device_config.write(data_dir / "demo-device.toml", hub_url=hub_url, token=token,
                 public_key=public_key, store_path="device.db", name=DEMO_DEVICE_NAME,
                 sync_interval=10)
    admin_file = data_dir / "demo-admin.txt"
    admin_file.touch(mode=0o600)
    admin_file.write_text("\n".join(accounts), encoding="utf-8")
    admin_file.chmod(0o600)
