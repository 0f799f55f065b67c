"""The ``gongkai`` command: hub, sync, kiosk, display, status and demo."""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from device.config import ConfigError, load
from gongkai import __version__


def main(argv: list[str] | None = None) -> int:
    """The ``gongkai`` command line: run the command asked for and give its exit status (2 for a bad config)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except ConfigError as exc:
        print(f"gongkai: {exc}", file=_stderr())
        return 2
    except KeyboardInterrupt:
        return 130


def _stderr():
    """Where a message for the technician goes. Kivy, once imported, turns sys.stderr into a
    stream into its own logger (silent under KIVY_NO_CONSOLELOG): go around it."""
    kivy_logger = sys.modules.get("kivy.logger")
    if kivy_logger is not None and isinstance(sys.stderr, kivy_logger.ProcessingStream):
        return sys.__stderr__
    return sys.stderr


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongkai", description="党务公开: disclosures on public screens, fed from a hub.")
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    hub = sub.add_parser("hub", help="run the central hub (console, device API)")
    hub.add_argument("--data", type=Path, required=True, help="data directory (SQLite database, files)")
    hub.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    hub.add_argument("--port", type=int, default=8700)
    hub.add_argument("--demo", action="store_true", help="load demo content, a demo device and admin")
    hub.add_argument("--create-admin", metavar="NAME", help="create a district admin (asks for a password) and exit")
    hub.set_defaults(run=_hub)

    sync = sub.add_parser("sync", help="pull the hub's content into this device's store")
    sync.add_argument("--config", type=Path, required=True)
    sync.add_argument("--once", action="store_true", help="sync and deliver the outbox once, then exit")
    sync.set_defaults(run=_sync)

    for name, help_text in (("kiosk", "open the touchscreen kiosk"), ("display", "open the unattended display")):
        screen = sub.add_parser(name, help=help_text)
        screen.add_argument("--config", type=Path, required=True)
        screen.add_argument("--fullscreen", action="store_true", help="fullscreen, no decorations (real screens)")
        screen.add_argument("--size", default="1920x1080", help="window size WxH when not fullscreen")
        screen.add_argument("--sync", action="store_true",
                            help="also run sync, outbox and heartbeat in this process (no separate sync service)")
        screen.set_defaults(run=_screen, screen=name)

    status = sub.add_parser("status", help="show this device's sync state")
    status.add_argument("--config", type=Path, required=True)
    status.add_argument("--json", action="store_true", help="one JSON object")
    status.set_defaults(run=_status)

    selftest = sub.add_parser("selftest", help="check config, app settings, store and modules (health check)")
    selftest.add_argument("--config", type=Path, required=True)
    selftest.set_defaults(run=_selftest)

    update = sub.add_parser("update", help="install the app version the hub offers (fleet update)")
    update.add_argument("--config", type=Path, required=True)
    update.add_argument("--root", type=Path, default=Path("/"), help="prefix of /opt/gongkai and /var/lib/gongkai")
    update.add_argument("--guard", action="store_true",
                        help="roll back an update on trial that did not confirm itself in time")
    update.set_defaults(run=_update)

    backup = sub.add_parser("hub-backup", help="back up the hub's data directory (also while it runs)")
    backup.add_argument("--data", type=Path, required=True)
    backup.add_argument("--to", type=Path, required=True, help="the archive to write (.tar.gz)")
    backup.set_defaults(run=_hub_backup)

    restore = sub.add_parser("hub-restore", help="restore a hub backup into a data directory")
    restore.add_argument("--data", type=Path, required=True)
    restore.add_argument("--from", dest="source", type=Path, required=True, help="the archive to restore")
    restore.set_defaults(run=_hub_restore)

    demo = sub.add_parser("demo", help="hub with demo content, a kiosk and a display on this machine")
    demo.add_argument("--data", type=Path, default=Path("demo-data"))
    demo.add_argument("--port", type=int, default=8700)
    demo.set_defaults(run=_demo)
    return parser


def _hub(args) -> int:
    from hub.config import from_environ
    from hub.server import serve
    from hub.staff import users
    from hub.storage import db, private

    os.umask(private.UMASK)
    try:
        config = from_environ(os.environ)
    except ValueError as exc:
        print(f"gongkai: {exc}", file=sys.stderr)
        return 2
    engine = db.connect(args.data)
    if args.create_admin:
        password = getpass.getpass(f"password for {args.create_admin}: ")
        try:
            with engine.begin() as conn:
                users.create_user(conn, args.create_admin, password)
        except ValueError as exc:
            print(f"gongkai: {exc}", file=sys.stderr)
            return 2
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
        print(f"gongkai sync: {exc}", file=sys.stderr)
        return 1
    if result.not_modified:
        print("up to date (the hub signed that nothing is new)")
    else:
        print(f"applied {result.changes} changes in {result.pages} pages; cursor {store.cursor}")
    if files.fetched:
        print(f"fetched {len(files.fetched)} files ({files.bytes} bytes)")
    if delivered:
        print(f"delivered {delivered} outbox records")
    for problem in files.failed.values():
        print(f"gongkai sync: {problem}", file=sys.stderr)
    return 1 if files.failed else 0


def _pair_once(config, store) -> int:
    from sync.pairing import PairingError, pairing_step

    try:
        if pairing_step(config, store, config.kind) is not None:
            print("paired with the hub; run gongkai sync again to fetch content")
            return 0
    except PairingError as exc:
        print(f"gongkai sync: {exc}", file=sys.stderr)
        return 1
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
        print(f"gongkai: {exc}", file=sys.stderr)
        return 2
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
    from sync.status import describe, device_status

    config = load(args.config)
    status = device_status(config, Store(config.store_path))
    print(json.dumps(status, ensure_ascii=False) if args.json else describe(status))
    return 0


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
        print(f"gongkai selftest: this version cannot load its modules: {exc}", file=_stderr())
        return 1
    Store(config.store_path).close()
    print(f"selftest ok: gongkai {__version__}, {config.kind}, hub {config.hub_url}")
    return 0


def _update(args) -> int:
    from sync.update import Layout, UpdateError, Updater

    config = load(args.config)
    if not config.paired:
        print("gongkai update: this device is not paired with the hub yet", file=sys.stderr)
        return 1
    updater = Updater(config, Layout(root=args.root, config_path=args.config))
    try:
        print(updater.guard() if args.guard else updater.step())
    except UpdateError as exc:
        print(f"gongkai update: {exc}", file=sys.stderr)
        return 1
    return 0


def _hub_backup(args) -> int:
    from hub.storage.backup import BackupError, backup

    try:
        count = backup(args.data, args.to)
    except BackupError as exc:
        print(f"gongkai: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {args.data} to {args.to} (database, signing key, {count} files)")
    return 0


def _hub_restore(args) -> int:
    from hub.storage import db
    from hub.storage.backup import BackupError, restore

    try:
        key_changed = restore(args.source, args.data)
    except BackupError as exc:
        print(f"gongkai: {exc}", file=sys.stderr)
        return 1
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
