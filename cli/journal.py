"""Logs for systemd's journal: every process of the ``gongkai`` command logs to stderr, one line
per event, and when stderr is the journal each line starts with its syslog priority (``<4>``
for a warning), which journald reads as the entry's level (SyslogLevelPrefix, on by default).
No process keeps log files of its own; ``journalctl -u gongkai-screen -p warning`` finds them.
"""
from __future__ import annotations

import logging
import os
import sys
import threading

from device.ui.window import route_kivy_logs

PRIORITIES = ((logging.CRITICAL, 2), (logging.ERROR, 3), (logging.WARNING, 4), (logging.INFO, 6))
"""syslog priorities by Python level, highest first; anything lower is debug (7)."""
QUIET = ("apscheduler", "alembic")
"""Libraries heard only from warnings up: APScheduler's two lines per job run, every ten seconds,
and Alembic's plugin and context lines on every start would fill the journal's size cap with nothing."""
FOLD = " | "
"""What joins the lines of a traceback (or a message) into the one line of its event."""


def priority(level: int) -> int:
    """The syslog priority journald gives a record logged at ``level``."""
    return next((value for threshold, value in PRIORITIES if level >= threshold), 7)


def to_journal() -> bool:
    """Whether stderr is connected to journald: systemd names that stream in JOURNAL_STREAM."""
    try:
        stat = os.fstat(sys.stderr.fileno())
    except (AttributeError, OSError, ValueError):
        return False
    return os.environ.get("JOURNAL_STREAM") == f"{stat.st_dev}:{stat.st_ino}"


def line(level: int, text: str) -> str:
    """``text`` as one line of stderr: with its priority prefix for the journal, folded if it had several."""
    folded = FOLD.join(part.rstrip() for part in text.splitlines() if part.strip())
    return f"<{priority(level)}>{folded}" if to_journal() else folded


class JournalFormatter(logging.Formatter):
    """``name: message``, a traceback folded onto it, the level as the journal's prefix (or in words on a terminal)."""

    def __init__(self) -> None:
        super().__init__("%(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """One line for ``record``."""
        text = super().format(record)
        if not to_journal():
            text = f"{record.levelname.lower()}: {text}"
        return line(record.levelno, text)


def setup(level: int = logging.INFO) -> None:
    """Send this process's logs (Kivy's and uvicorn's too) to stderr as journal lines, and
    uncaught exceptions with them. Like logging.basicConfig, it leaves a process whose logging
    is already set up (a test runner calling ``main``) as it is."""
    route_kivy_logs()
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JournalFormatter())
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    sys.excepthook = _log_uncaught
    threading.excepthook = lambda args: _log_uncaught(args.exc_type, args.exc_value, args.exc_traceback)


def _log_uncaught(exc_type, exc_value, traceback) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc_value, traceback)
        return
    logging.getLogger("gongkai").critical("stopped by an unexpected error: %s", exc_value,
                                          exc_info=(exc_type, exc_value, traceback))
