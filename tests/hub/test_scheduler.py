"""The hub's background jobs: each runs once per period however many processes tick, a hub
that was down catches up, a failed run is retried, and the running hub ticks by itself."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from hub import scheduler
from hub.config import HubConfig
from hub.storage import db
from tests.hub.client import ConsoleUser
from tests.hub.test_feedback import phone_submit, request_row

NOON = datetime(2026, 11, 27, 4, 0, tzinfo=timezone.utc)


@pytest.fixture
def engine(tmp_path):
    engine = db.connect(tmp_path)
    yield engine
    engine.dispose()


def counting(every: timedelta, fails: int = 0) -> tuple[scheduler.Job, list[datetime]]:
    """A job that notes each run (after failing ``fails`` times)."""
    runs: list[datetime] = []

    def run(_engine, now):
        runs.append(now)
        if len(runs) <= fails:
            raise RuntimeError("SMTP server down")
        return f"run {len(runs)}"
    return scheduler.Job("counting", every, run), runs


def last_run(engine) -> sa.Row:
    with engine.connect() as conn:
        return conn.execute(sa.select(db.job_runs).where(db.job_runs.c.name == "counting")).one()


def test_a_job_runs_once_per_period_and_records_its_run(engine):
    job, runs = counting(timedelta(days=1))
    assert scheduler.run_due(engine, [job], NOON) == {"counting": "run 1"}
    assert scheduler.run_due(engine, [job], NOON + timedelta(hours=23)) == {}
    assert (last_run(engine).last_run_at, last_run(engine).outcome) == (NOON.isoformat(), "run 1")
    # the hub was down for three days: one catch-up run, not three
    scheduler.run_due(engine, [job], NOON + timedelta(days=4))
    scheduler.run_due(engine, [job], NOON + timedelta(days=4, minutes=5))
    assert runs == [NOON, NOON + timedelta(days=4)]


def test_a_failed_run_is_tried_again_at_the_next_tick(engine):
    job, runs = counting(timedelta(days=1), fails=2)
    assert scheduler.run_due(engine, [job], NOON) == {}
    assert scheduler.run_due(engine, [job], NOON + scheduler.TICK) == {}
    assert scheduler.run_due(engine, [job], NOON + 2 * scheduler.TICK) == {"counting": "run 3"}
    assert scheduler.run_due(engine, [job], NOON + 3 * scheduler.TICK) == {}
    assert len(runs) == 3


def test_processes_ticking_together_run_a_job_once(engine):
    job, runs = counting(timedelta(hours=1))
    scheduler.run_due(engine, [job], NOON)
    later = NOON + timedelta(hours=2)
    workers = [threading.Thread(target=scheduler.run_due, args=(engine, [job], later)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert runs == [NOON, later]


def test_the_erasure_job_erases_contact_details_past_the_retention_period(hub):
    receipt = phone_submit(hub, name="赵六", phone="13500005555").headers["location"].split("/")[-1].split("?")[0]
    ConsoleUser(hub, "admin").post(f"/console/inbox/{request_row(hub, receipt).id}", action="answer", text="已答复")
    erase, = [job for job in scheduler.jobs(HubConfig()) if job.name == "erase_contacts"]
    scheduler.run_due(hub.engine, [erase], datetime.now(timezone.utc) + timedelta(days=30))
    assert request_row(hub, receipt).phone == "13500005555"
    scheduler.run_due(hub.engine, [erase], datetime.now(timezone.utc) + timedelta(days=366))
    assert (request_row(hub, receipt).phone, request_row(hub, receipt).name) == (None, None)


def test_the_running_hub_ticks_its_jobs_by_itself(hub):
    deadline = time.monotonic() + 20
    names: set[str] = set()
    while time.monotonic() < deadline and names != {job.name for job in scheduler.jobs(HubConfig())}:
        with hub.engine.connect() as conn:
            names = set(conn.execute(sa.select(db.job_runs.c.name)).scalars())
        time.sleep(0.1)
    assert names == {job.name for job in scheduler.jobs(HubConfig())}
