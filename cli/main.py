"""The ``gongkai`` command: hub, sync, kiosk, display, status and demo."""
from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from pathlib import Path

from device.config import ConfigError, load
from gongkai import __version__

from . import journal


def main(argv: list[str] | None = None) -> int:
    """The ``gongkai`` command line: run the command asked for and give its exit status (2 for a bad config)."""
    journal.setup()
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except ConfigError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130


def _fail(message: str, code: int = 2, command: str = "gongkai") -> int:
    """Say what went wrong in one line on stderr (an error, for the journal) and give the exit status."""
    print(journal.line(logging.ERROR, f"{command}: {message}"), file=sys.stderr)
    return code


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help, with each option's default where it has one worth showing."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if action.option_strings and action.default not in (None, False, argparse.SUPPRESS) \
                and "%(default)" not in text:
            text += " (default: %(default)s)"
        return text


def _hub_environment() -> str:
    """The hub's help epilogue: the environment variables it reads (hub/config.py)."""
    from hub.config import PREFIX, VARIABLES

    return "environment (/etc/gongkai/hub.env under systemd):\n" + "\n".join(
        f"  {PREFIX}{name:<16} {meaning}" for name, meaning in VARIABLES.items())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongkai", description="党务公开: disclosures on public screens, fed from a hub.",
                                     formatter_class=_HelpFormatter)
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}",
                        help="print the version and exit")
    sub = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, **options) -> argparse.ArgumentParser:
        options.setdefault("formatter_class", _HelpFormatter)
        return sub.add_parser(name, help=help_text, description=help_text, **options)

    hub = command("hub", "run the central hub (console, device API)", epilog=_hub_environment(),
                  formatter_class=_HubHelpFormatter)
    _data_option(hub)
    hub.add_argument("--host", default="127.0.0.1", help="address to listen on")
    hub.add_argument("--port", type=int, default=8700, help="port to listen on")
    hub.add_argument("--demo", action="store_true", help="load demo content, a demo device and admin")
    hub.add_argument("--create-admin", metavar="NAME", help="create a district admin (asks for a password) and exit")
    hub.set_defaults(run=_hub)

    sync = command("sync", "pull the hub's content into this device's store")
    _config_option(sync)
    sync.add_argument("--once", action="store_true", help="sync and deliver the outbox once, then exit")
    sync.set_defaults(run=_sync)

    for name, help_text in (("kiosk", "open the touchscreen kiosk"), ("display", "open the unattended display")):
        screen = command(name, help_text)
        _config_option(screen)
        screen.add_argument("--fullscreen", action="store_true", help="fullscreen, no decorations (real screens)")
        screen.add_argument("--size", default="1920x1080", help="window size WxH when not fullscreen")
        screen.add_argument("--sync", action="store_true",
                            help="also run sync, outbox and heartbeat in this process (no separate sync service)")
        screen.set_defaults(run=_screen, screen=name)

    status = command("status", "show this device's sync state; exit status 1 if something needs doing")
    _config_option(status)
    status.add_argument("--json", action="store_true", help="one JSON object")
    status.set_defaults(run=_status)

    selftest = command("selftest", "check config, app settings, store and modules (health check)")
    _config_option(selftest)
    selftest.set_defaults(run=_selftest)

    update = command("update", "install the app version the hub offers (fleet update)")
    _config_option(update)
    update.add_argument("--root", type=Path, default=Path("/"), help="prefix of /opt/gongkai and /var/lib/gongkai")
    update.add_argument("--guard", action="store_true",
                        help="roll back an update on trial that did not confirm itself in time")
    update.set_defaults(run=_update)

    backup = command("hub-backup", "back up the hub's data directory (also while it runs)")
    _data_option(backup)
    backup.add_argument("--to", type=Path, required=True, help="the archive to write (.tar.gz), in an existing folder")
    backup.set_defaults(run=_hub_backup)

    restore = command("hub-restore", "restore a hub backup into a data directory")
    _data_option(restore)
    restore.add_argument("--from", dest="source", type=Path, required=True, help="the archive to restore")
    restore.set_defaults(run=_hub_restore)

    demo = command("demo", "hub with demo content, a kiosk and a display on this machine")
    demo.add_argument("--data", type=Path, default=Path("demo-data"), help="the demo hub's data directory")
    demo.add_argument("--port", type=int, default=8700, help="the demo hub's port on loopback")
    demo.set_defaults(run=_demo)
    return parser


class _HubHelpFormatter(argparse.RawDescriptionHelpFormatter, _HelpFormatter):
    """The hub's help: its epilogue (the environment variables) keeps its lines."""


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, required=True, metavar="FILE",
                        help="the device's config file (TOML; /etc/gongkai/device.toml on a device)")


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, required=True, metavar="DIR",
                        help="the hub's data directory: hub.db, signing-key.pem, files/ (/var/lib/gongkai/hub)")


def _hub(args) -> int:
    from hub.config import from_environ
    from hub.server import serve
    from hub.staff import users
    from hub.storage import db, private

    os.umask(private.UMASK)
    try:
        config = from_environ(os.environ)
    except ValueError as exc:
        return _fail(str(exc))
    engine = db.connect(args.data)
    if args.create_admin:
        password = getpass.getpass(f"password for {args.create_admin}: ")
        try:
            with engine.begin() as conn:
                users.create_user(conn, args.create_admin, password)
        except ValueError as exc:
            return _fail(str(exc))
        print(f"created district admin {args.create_admin}")
        return 0
    serve(engine, args.data, host=args.host, port=args.port, demo=args.demo, config=config)
    return 0


def _sync(args) -> int:
    from device.store import Store
    from sync import delivery
    from sync.feed import SyncError, sync_once
    from sync.files import fetch_files
    from sync.service import run_forever

    config = load(args.config)
    if not args.once:
        run_forever(config)
        return 0
    store = Store(config.store_path)
    if not config.paired:
        return _pair_once(config, store)
    try:
        result = sync_once(config, store)
        files = fetch_files(config, store)
        delivered = delivery.drain(config, store)
    except (SyncError, delivery.OutboxError) as exc:
        return _fail(str(exc), 1, "gongkai sync")
    if result.not_modified:
        print("up to date (the hub signed that nothing is new)")
    else:
        print(f"applied {result.changes} changes in {result.pages} pages; cursor {store.cursor}")
    if files.fetched:
        print(f"fetched {len(files.fetched)} files ({files.bytes} bytes)")
    if delivered:
        print(f"delivered {delivered} outbox records")
    for problem in files.failed.values():
        _fail(problem, 1, "gongkai sync")
    return 1 if files.failed else 0


def _pair_once(config, store) -> int:
    from sync.pairing import PairingError, pairing_step

    try:
        if pairing_step(config, store, config.kind) is not None:
            print("paired with the hub; run gongkai sync again to fetch content")
            return 0
    except PairingError as exc:
        return _fail(str(exc), 1, "gongkai sync")
    code = store.meta("pairing_code")
    print(f"not paired yet: pairing code {code[:3]} {code[3:]} — enter it in the hub console "
          f"({config.hub_url}/console/devices)")
    return 3


def _screen(args) -> int:
    from device.ui.window import parse_size

    config = load(args.config)
    try:
        size = parse_size(args.size)
    except ValueError as exc:
        return _fail(f"--size: {exc}")
    _app_settings(config, args.screen)
    if args.screen == "kiosk":
        from kiosk.app import run
    else:
        from display.app import run
    background = None
    if args.sync:
        from sync.service import start_background as background
    run(config, size=size, fullscreen=args.fullscreen, background=background)
    return 0


def _status(args) -> int:
    from device.store import Store
    from sync.status import describe, device_status, problems

    config = load(args.config)
    status = device_status(config, Store(config.store_path))
    print(json.dumps(status, ensure_ascii=False) if args.json else describe(status))
    return 1 if problems(status) else 0


def _app_settings(config, app: str):
    """The checked [kiosk] or [display] section: a bad key stops here, before any window opens."""
    if app == "kiosk":
        from kiosk.settings import load as load_settings
    else:
        from display.settings import load as load_settings
    return load_settings(config)


def _selftest(args) -> int:
    """Exit 0 only if this version can run this device: the health check of a fleet update.
    A module that will not load is said in one line, for the device list on the hub."""
    config = load(args.config)
    try:
        import sync.service  # noqa: F401  (the sync service's modules import cleanly)
        from device.store import Store

        for app in {config.kind} | {name for name in ("kiosk", "display") if getattr(config, name)}:
            _app_settings(config, app)
    except ImportError as exc:
        return _fail(f"this version cannot load its modules: {exc}", 1, "gongkai selftest")
    Store(config.store_path).close()
    print(f"selftest ok: gongkai {__version__}, {config.kind}, hub {config.hub_url}")
    return 0


def _update(args) -> int:
    from sync.update import Layout, UpdateError, Updater

    config = load(args.config)
    if not config.paired:
        return _fail("this device is not paired with the hub yet: pair it first (gongkai status says how)", 1,
                     "gongkai update")
    updater = Updater(config, Layout(root=args.root, config_path=args.config))
    try:
        print(updater.guard() if args.guard else updater.step())
    except UpdateError as exc:
        return _fail(str(exc), 1, "gongkai update")
    return 0


def _hub_backup(args) -> int:
    from hub.storage.backup import BackupError, backup

    if not args.to.parent.is_dir():
        return _fail(f"the folder {args.to.parent} does not exist: create it (mkdir -p) or give --to a path "
                     "in an existing folder")
    try:
        count = backup(args.data, args.to)
    except BackupError as exc:
        return _fail(str(exc), 1)
    print(f"backed up {args.data} to {args.to} (database, signing key, {count} files)")
    return 0


def _hub_restore(args) -> int:
    from hub.storage import db
    from hub.storage.backup import BackupError, restore

    try:
        key_changed = restore(args.source, args.data)
    except BackupError as exc:
        return _fail(str(exc), 1)
    db.connect(args.data).dispose()  # an older backup is migrated to this version's schema
    print(f"restored {args.source} into {args.data}")
    if key_changed:
        print("the signing key changed: restart the hub (systemctl restart gongkai-hub) so it signs with it")
    return 0


def _demo(args) -> int:
    from .demo import run_demo

    return run_demo(args.data, args.port)


if __name__ == "__main__":
    sys.exit(main())
