"""Jobs the hub runs by itself, in the background of its process: the daily erasure of
expired contact details (citizens' and reporters' addresses) and the hourly deadline
reminders (hub.feedback.reminders).

Every hub process (one per uvicorn worker) ticks the same APScheduler interval. A job's
last run is a row in ``job_runs``, claimed by compare-and-set, so however many processes
tick, each job runs once per period. A hub that was down when a run fell due catches up
at its first tick after starting; a run that fails gives its claim back, so the next tick
tries again. What a job does must be safe to repeat anyway: a crash after the work and
before the record means it runs again.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler
from fastapi import FastAPI

from .clock import DISTRICT_ZONE, utcnow
from .config import HubConfig
from .feedback import citizen_requests, echo_wall_reports, reminders
from .storage import db

log = logging.getLogger(__name__)

TICK = timedelta(minutes=5)
"""How often each process looks for due jobs: the longest a due job waits."""


@dataclass(frozen=True)
class Job:
    """One of the hub's background jobs and how often it must run, however many processes tick."""

    name: str
    every: timedelta
    run: Callable[[sa.Engine, datetime], str]
    """Does the work in its own transactions; returns what it did, for the record."""


def erase_contacts(engine: sa.Engine, now: datetime) -> str:
    """The daily job: erase citizens' contact details and reporters' addresses kept past the retention period."""
    with engine.begin() as conn:
        return (f"erased {citizen_requests.erase_expired_contacts(conn, now)} contacts, "
                f"{echo_wall_reports.erase_addresses(conn, now)} report addresses")


def jobs(config: HubConfig) -> tuple[Job, ...]:
    """The hub's background jobs: the daily erasure of expired contact details and the hourly deadline reminders."""
    return (Job("erase_contacts", timedelta(days=1), erase_contacts),
            Job("deadline_reminders", timedelta(hours=1), partial(reminders.run, config=config)))


def run_due(engine: sa.Engine, jobs: Sequence[Job], now: datetime | None = None) -> dict[str, str]:
    """Run each job whose period has passed since its last run; what each one that ran did."""
    now = now or utcnow()
    done = {}
    for job in jobs:
        claim = _claim(engine, job, now)
        if claim is None:
            continue
        try:
            outcome = job.run(engine, now)
        except Exception:
            log.exception("job %s failed; the next tick tries again", job.name)
            _give_back(engine, job, now, claim.previous)
            continue
        with engine.begin() as conn:
            conn.execute(db.job_runs.update().where(db.job_runs.c.name == job.name)
                         .values(outcome=outcome[:200]))
        done[job.name] = outcome
    return done


@dataclass(frozen=True)
class _Claim:
    previous: str | None


def _claim(engine: sa.Engine, job: Job, now: datetime) -> _Claim | None:
    """The claim on a due job's run, or None when it is not due or another process took it."""
    table = db.job_runs
    try:
        with engine.begin() as conn:
            last = conn.execute(sa.select(table.c.last_run_at).where(table.c.name == job.name)).scalar()
            if last is None:
                conn.execute(table.insert().values(name=job.name, last_run_at=now.isoformat()))
                return _Claim(None)
            if datetime.fromisoformat(last) > now - job.every:
                return None
            taken = conn.execute(table.update().where(table.c.name == job.name, table.c.last_run_at == last)
                                 .values(last_run_at=now.isoformat())).rowcount
            return _Claim(last) if taken else None
    except sa.exc.IntegrityError:  # another process recorded the job's first run meanwhile
        return None


def _give_back(engine: sa.Engine, job: Job, now: datetime, previous: str | None) -> None:
    table = db.job_runs
    mine = sa.and_(table.c.name == job.name, table.c.last_run_at == now.isoformat())
    with engine.begin() as conn:
        if previous is None:
            conn.execute(table.delete().where(mine))
        else:
            conn.execute(table.update().where(mine).values(last_run_at=previous))


def start(engine: sa.Engine, config: HubConfig) -> BackgroundScheduler:
    """Tick now and every TICK in a background thread of this process."""
    ticker = BackgroundScheduler(timezone=DISTRICT_ZONE)
    ticker.add_job(run_due, "interval", args=(engine, jobs(config)), id="hub-jobs",
                   seconds=TICK.total_seconds(), next_run_time=datetime.now(DISTRICT_ZONE),
                   coalesce=True, max_instances=1, misfire_grace_time=None)
    ticker.start()
    return ticker


@asynccontextmanager
async def running(app: FastAPI):
    """The app's lifespan: jobs tick while it serves, and stop (finishing a running job) after."""
    ticker = start(app.state.engine, app.state.config)
    try:
        yield
    finally:
        ticker.shutdown()
