"""``gongkai hub --demo``: fill an empty hub with the demo district, a device and an admin."""
from __future__ import annotations

import secrets
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from gongkai import config
from gongkai.clock import now

from . import accounts, db, devices, disclosures
from .demo_content import build

DEMO_DEVICE_NAME = "南湖区党员服务中心触摸屏"
DEMO_ADMIN = "admin"


def load(engine: sa.Engine, data_dir: Path, hub_url: str, public_key: str) -> None:
    """Load the demo district once; issue a fresh device token and admin password every start.

    Nothing secret is fixed in the code: each start writes ``demo-device.toml`` and
    ``demo-admin.txt`` (mode 600) under the data directory.
    """
    with engine.begin() as conn:
        if conn.execute(sa.select(db.orgs.c.id).limit(1)).first() is None:
            content = build(now(ZoneInfo("Asia/Shanghai")).date())
            for org in content.orgs:
                disclosures.add_org(conn, org)
            for item in content.items:
                disclosures.import_item(conn, item, "demo")
        token = devices.issue_token(conn, DEMO_DEVICE_NAME, org_id=1)
        password = secrets.token_urlsafe(12)
        accounts.set_password(conn, DEMO_ADMIN, password)
    config.write(data_dir / "demo-device.toml", hub_url=hub_url, token=token,
                 public_key=public_key, store_path="device.db", name=DEMO_DEVICE_NAME,
                 sync_interval=10)
    admin_file = data_dir / "demo-admin.txt"
    admin_file.write_text(f"username: {DEMO_ADMIN}\npassword: {password}\n", encoding="utf-8")
    admin_file.chmod(0o600)
