"""The hub's tables, in SQLAlchemy Core so the same code runs on SQLite and PostgreSQL.

Times are stored as ISO-8601 text with their offset (UTC on the hub, so they also sort as
text), dates as ISO text: portable, and exactly what goes on the wire. The schema is made
and upgraded by the Alembic migrations in ``hub/storage/migrations``; change both together.
"""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from . import migrations, private

metadata = sa.MetaData()

counters = sa.Table(
    "counters", metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

orgs = sa.Table(
    "orgs", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("orgs.id")),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False, index=True),
)

items = sa.Table(
    "items", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("org_id", sa.Integer, sa.ForeignKey("orgs.id"), nullable=False),
    sa.Column("category", sa.Integer, nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("audience", sa.String(10), nullable=False),
    sa.Column("time_limit", sa.String(10), nullable=False),
    # draft | submitted | published | withdrawn (a termination is "withdrawn" + terminated)
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("terminated", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("published_at", sa.String(40)),  # null on a draft: "when it is published"
    sa.Column("gongshi_start", sa.String(10)),
    sa.Column("gongshi_end", sa.String(10)),
    sa.Column("period_label", sa.String(200), nullable=False, server_default=""),
    sa.Column("withdrawn_at", sa.String(40)),
    sa.Column("withdrawal_note", sa.Text, nullable=False, server_default=""),
    sa.Column("urgent", sa.Boolean, nullable=False, server_default=sa.false()),  # 紧急通知
    sa.Column("urgent_until", sa.String(40)),
    # JSON list of device group names; empty: every screen that may show the item
    sa.Column("target_groups", sa.Text, nullable=False, server_default="[]"),
    sa.Column("work_plan", sa.Text, nullable=False, server_default=""),  # 工作方案, 目录外 only
    sa.Column("version", sa.Integer, nullable=False),
    # 0 until first published: drafts never enter the device feed
    sa.Column("seq", sa.BigInteger, nullable=False, index=True),
    sa.Column("created_by", sa.String(64), nullable=False, server_default=""),
    sa.Column("created_at", sa.String(40), nullable=False),
)

# Each version of an item the feed carried, as it then stood for the feed's scope rule
# (org, audience, status, target groups), and when it was on screens: from going live until
# the next version replaced it. Play records are checked against it; drafts have none.
item_versions = sa.Table(
    "item_versions", metadata,
    sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("org_id", sa.Integer, nullable=False),
    sa.Column("audience", sa.String(10), nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("target_groups", sa.Text, nullable=False),
    sa.Column("live_from", sa.String(40), nullable=False),
    sa.Column("superseded_at", sa.String(40)),
)

attachments = sa.Table(
    "attachments", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("media_type", sa.String(40), nullable=False),
    sa.Column("name", sa.String(200), nullable=False, server_default=""),
)

catalogue_entries = sa.Table(
    "catalogue_entries", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("owner_org_id", sa.Integer, sa.ForeignKey("orgs.id"), nullable=False, index=True),
    sa.Column("org_kind", sa.String(20), nullable=False),
    sa.Column("category", sa.Integer, nullable=False),
    sa.Column("audience", sa.String(10), nullable=False),
    sa.Column("time_limit", sa.String(10), nullable=False),
    sa.Column("frequency", sa.String(20), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)

approval_requests = sa.Table(
    "approval_requests", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(10), nullable=False),       # plan | change | withdraw | terminate
    sa.Column("explanation", sa.Text, nullable=False),      # the work plan, or the 六.1 explanation
    sa.Column("proposal", sa.Text, nullable=False, server_default=""),  # JSON of a change's new fields
    sa.Column("state", sa.String(10), nullable=False, index=True),      # pending | approved | rejected
    sa.Column("requested_by", sa.String(64), nullable=False),
    sa.Column("requested_at", sa.String(40), nullable=False),
    sa.Column("decided_by", sa.String(64)),
    sa.Column("decided_at", sa.String(40)),
    sa.Column("decision_note", sa.Text, nullable=False, server_default=""),
)

devices = sa.Table(
    "devices", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("org_id", sa.Integer, sa.ForeignKey("orgs.id"), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("last_seen_at", sa.String(40)),
    sa.Column("last_heartbeat_at", sa.String(40)),
    sa.Column("app_version", sa.String(40)),
    sa.Column("cursor", sa.BigInteger),
    sa.Column("outbox_depth", sa.Integer),
    # From heartbeats: the hub's signed time in the freshest feed answer the device trusted,
    # and its own limit (seconds) for going without one.
    sa.Column("fresh_hub_time", sa.String(40)),
    sa.Column("stale_after", sa.Integer),
    sa.Column("kind", sa.String(10), nullable=False, server_default="kiosk"),  # kiosk | display
    # Raised whenever what the device may see changes (org, groups): the device then
    # starts its feed again from zero and drops what it may no longer show.
    sa.Column("scope_version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
    # The device's latest revocation, and when a new token reinstated it: play records from
    # that gap are refused (hub/fleet/proof.py). Its life starts at created_at (pairing).
    sa.Column("revoked_at", sa.String(40)),
    sa.Column("reinstated_at", sa.String(40)),
    # When an admin asked the device for a screenshot that has not arrived yet (NULL: none
    # pending); the device's signed feed pages carry it until one does.
    sa.Column("screenshot_requested_at", sa.String(40)),
)

device_screenshots = sa.Table(
    "device_screenshots", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id"), nullable=False, index=True),
    sa.Column("client_id", sa.String(64), nullable=False),
    sa.Column("media_type", sa.String(20), nullable=False),
    sa.Column("image", sa.LargeBinary, nullable=False),
    sa.Column("width", sa.Integer, nullable=False),
    sa.Column("height", sa.Integer, nullable=False),
    sa.Column("reason", sa.String(20), nullable=False),  # request | heartbeat
    sa.Column("captured_at", sa.String(40), nullable=False),  # the device's corrected clock
    sa.Column("received_at", sa.String(40), nullable=False),  # the hub's clock
    sa.UniqueConstraint("device_id", "client_id", name="uq_screenshot_client_id"),
)

device_groups = sa.Table(
    "device_groups", metadata,
    sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id"), primary_key=True),
    sa.Column("name", sa.String(100), primary_key=True),
)

pairings = sa.Table(
    "pairings", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(6), nullable=False, index=True),
    sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("address", sa.String(64), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("expires_at", sa.String(40), nullable=False),
    sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id")),
    # Held only between the admin's confirmation and the device collecting it.
    sa.Column("token", sa.String(64)),
)

submissions = sa.Table(
    "submissions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("client_id", sa.String(64), nullable=False),
    sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id"), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("received_at", sa.String(40), nullable=False),
    sa.UniqueConstraint("device_id", "client_id", name="uq_submission_client_id"),
)

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(300), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("org_id", sa.Integer, sa.ForeignKey("orgs.id")),  # null only for a district admin
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("email", sa.String(254)),  # where deadline reminders are mailed; set by the user
)

login_failures = sa.Table(
    "login_failures", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("ip", sa.String(64), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Index("ix_login_failures_who", "username", "ip", "at"),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("expires_at", sa.String(40), nullable=False),
)

audit = sa.Table(
    "audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("item_id", sa.Integer, index=True),
    sa.Column("detail", sa.Text, nullable=False, server_default=""),
)


# --- the feedback loop: 点题, 意见建议, 依申请公开, 评议, 监督直通车 ------------------

citizen_requests = sa.Table(
    "citizen_requests", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("receipt", sa.String(24), nullable=False, unique=True),
    sa.Column("kind", sa.String(12), nullable=False),        # dianti | feedback | application
    sa.Column("org_id", sa.Integer, sa.ForeignKey("orgs.id"), nullable=False, index=True),
    sa.Column("category", sa.Integer),
    sa.Column("topic", sa.String(200), nullable=False, server_default=""),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("purpose", sa.String(200), nullable=False, server_default=""),  # 依申请公开: 用途
    # Personal data: shown masked to the public, in full only to staff who answer; erased
    # (set to null, contact_erased_at set) after the retention period.
    sa.Column("name", sa.String(40)),
    sa.Column("phone", sa.String(20), index=True),
    sa.Column("ip", sa.String(64)),
    sa.Column("contact_erased_at", sa.String(40)),
    sa.Column("source", sa.String(10), nullable=False),      # kiosk | phone
    sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id")),
    sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id")),
    sa.Column("duplicate_of", sa.Integer, sa.ForeignKey("citizen_requests.id")),
    sa.Column("state", sa.String(12), nullable=False, index=True),
    sa.Column("published", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("hidden", sa.Boolean, nullable=False, server_default=sa.false()),  # abusive text
    sa.Column("reports", sa.Integer, nullable=False, server_default="0"),  # 举报 since the last review
    # Hidden by citizens' reports (hub/wall_reports.py) until staff restore it or keep it hidden.
    sa.Column("under_review", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("deadline", sa.String(10), nullable=False),
    sa.Column("submitted_at", sa.String(40), nullable=False),
    sa.Column("received_at", sa.String(40), nullable=False),
    sa.Column("answered_at", sa.String(40)),
    sa.Column("published_at", sa.String(40)),
    # 0 until first published: the 回音壁 entry's place in the device feed
    sa.Column("seq", sa.BigInteger, nullable=False, server_default="0", index=True),
)

request_updates = sa.Table(
    "request_updates", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("request_id", sa.Integer, sa.ForeignKey("citizen_requests.id"), nullable=False, index=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("action", sa.String(12), nullable=False),
    sa.Column("state", sa.String(12), nullable=False),        # the state it led to
    sa.Column("published", sa.Boolean, nullable=False),
    sa.Column("text", sa.Text, nullable=False, server_default=""),
)

ratings = sa.Table(
    "ratings", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("org_id", sa.Integer, sa.ForeignKey("orgs.id"), nullable=False, index=True),
    sa.Column("quarter", sa.String(6), nullable=False, index=True),
    sa.Column("level", sa.String(12), nullable=False),
    sa.Column("reason", sa.String(200), nullable=False, server_default=""),
    sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id")),
    sa.Column("request_id", sa.Integer, sa.ForeignKey("citizen_requests.id")),
    sa.Column("source", sa.String(10), nullable=False),
    sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id")),
    sa.Column("created_at", sa.String(40), nullable=False),
)

rating_results = sa.Table(
    "rating_results", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("org_id", sa.Integer, sa.ForeignKey("orgs.id"), nullable=False),
    sa.Column("quarter", sa.String(6), nullable=False),
    sa.Column("satisfied", sa.Integer, nullable=False),
    sa.Column("basically", sa.Integer, nullable=False),
    sa.Column("dissatisfied", sa.Integer, nullable=False),
    sa.Column("published_at", sa.String(40), nullable=False),
    sa.Column("published_by", sa.String(64), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False, index=True),
    sa.UniqueConstraint("org_id", "quarter", name="uq_rating_result_quarter"),
)

contacts = sa.Table(
    "contacts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("org_id", sa.Integer, sa.ForeignKey("orgs.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(12), nullable=False),         # supervisor | hotline | email
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("value", sa.String(100), nullable=False, server_default=""),
    sa.Column("note", sa.String(200), nullable=False, server_default=""),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("seq", sa.BigInteger, nullable=False, index=True),
)

qr_uses = sa.Table(
    "qr_uses", metadata,
    sa.Column("nonce", sa.String(16), primary_key=True),
    sa.Column("action", sa.String(12), primary_key=True),  # what the token did: pingyi | dianti | …
    sa.Column("used_at", sa.String(40), nullable=False),
)

rate_events = sa.Table(
    "rate_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source", sa.String(80), nullable=False),       # device:7 | phone:138… | ip:…
    sa.Column("at", sa.String(40), nullable=False),
    sa.Index("ix_rate_events_source_at", "source", "at"),
)

feedback_settings = sa.Table(
    "feedback_settings", metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


# Fleet updates (hub/releases.py): uploaded app versions, which device group is offered
# which version ("*": every device), and what each device last reported about an update.
releases = sa.Table(
    "releases", metadata,
    sa.Column("version", sa.String(40), primary_key=True),
    sa.Column("filename", sa.String(200), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("manifest", sa.Text, nullable=False),     # the exact signed bytes
    sa.Column("signature", sa.String(200), nullable=False),
    sa.Column("uploaded_by", sa.String(64), nullable=False),
    sa.Column("uploaded_at", sa.String(40), nullable=False),
)

release_offers = sa.Table(
    "release_offers", metadata,
    sa.Column("group_name", sa.String(100), primary_key=True),
    sa.Column("version", sa.String(40), sa.ForeignKey("releases.version"), nullable=False),
    sa.Column("offered_by", sa.String(64), nullable=False),
    sa.Column("offered_at", sa.String(40), nullable=False),
)

release_reports = sa.Table(
    "release_reports", metadata,
    sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id"), primary_key=True),
    sa.Column("version", sa.String(40), nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),  # installed | failed | rolled_back
    sa.Column("detail", sa.Text, nullable=False, server_default=""),
    sa.Column("reported_at", sa.String(40), nullable=False),
)

plays = sa.Table(
    "plays", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("item_id", sa.Integer, nullable=False, index=True),  # no FK: evidence outlives items
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id"), nullable=False),
    sa.Column("started_at", sa.String(40), nullable=False),  # UTC since revision 0008 (sorts as text)
    sa.Column("seconds", sa.Float, nullable=False),
    sa.Index("ix_plays_device_started", "device_id", "started_at"),
)

# Play records the hub did not take as evidence, counted per device and reason for the
# device list (the raw records stay in submissions).
play_refusals = sa.Table(
    "play_refusals", metadata,
    sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id"), primary_key=True),
    sa.Column("reason", sa.String(20), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("last_at", sa.String(40), nullable=False),
)

# Background jobs (hub/scheduler.py): when each last ran, claimed by compare-and-set so
# that one run happens per period however many hub processes tick.
job_runs = sa.Table(
    "job_runs", metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("last_run_at", sa.String(40), nullable=False),
    sa.Column("outcome", sa.String(200), nullable=False, server_default=""),
)

# Deadline reminders (hub/reminders.py): one per request and stage (due soon, overdue),
# shown to each responsible staff member as a notification and mailed once.
reminders = sa.Table(
    "reminders", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("request_id", sa.Integer, sa.ForeignKey("citizen_requests.id"), nullable=False),
    sa.Column("stage", sa.String(10), nullable=False),       # due_soon | overdue
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.UniqueConstraint("request_id", "stage", name="uq_reminder_stage"),
)

notifications = sa.Table(
    "notifications", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reminder_id", sa.Integer, sa.ForeignKey("reminders.id"), nullable=False),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("read_at", sa.String(40)),
    sa.Column("emailed_at", sa.String(40)),
    sa.UniqueConstraint("reminder_id", "user_id", name="uq_notification_user"),
)

# 举报 of 回音壁 entries: one per entry and address (the address is erased with contact
# details after the retention period; reason and time stay as the entry's history).
wall_reports = sa.Table(
    "wall_reports", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("request_id", sa.Integer, sa.ForeignKey("citizen_requests.id"), nullable=False, index=True),
    sa.Column("ip", sa.String(64)),
    sa.Column("reason", sa.String(12), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.UniqueConstraint("request_id", "ip", name="uq_wall_report_address"),
)


def connect(data_dir: Path) -> sa.Engine:
    """Open the embedded SQLite database under ``data_dir``, creating or upgrading its schema,
    once the directory and everything in it are private to the hub's account (hub.storage.private)."""
    private.make_private(data_dir)
    private.create_private_file(data_dir / "hub.db")
    engine = sa.create_engine(f"sqlite:///{data_dir / 'hub.db'}")

    @sa.event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    with engine.begin() as conn:
        migrations.upgrade(conn)
        if conn.execute(sa.select(counters.c.value).where(counters.c.name == "feed")).first() is None:
            conn.execute(counters.insert().values(name="feed", value=0))
    return engine


def next_seq(conn: sa.Connection) -> int:
    """Take the next change-feed sequence number inside the caller's transaction.

    The counter row is updated, not read, so concurrent writers queue on it and
    sequence numbers become visible in commit order: a device never skips a change.
    """
    return conn.execute(
        counters.update().where(counters.c.name == "feed")
        .values(value=counters.c.value + 1).returning(counters.c.value)
    ).scalar_one()


def feed_head(conn: sa.Connection) -> int:
    """The newest change-feed sequence number: how far a device's cursor must reach to be up to date."""
    return conn.execute(sa.select(counters.c.value).where(counters.c.name == "feed")).scalar_one()
