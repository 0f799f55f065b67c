"""Fleet updates: install the version the hub offers beside the current one, switch, and
roll back by itself when the new version does not come up healthy.

A device installed by deploy/install.sh keeps each version in its own virtualenv under
``/opt/gongkai/releases/<version>/venv`` and runs the one the ``current`` symlink names.
An update goes:

1. The hub offers a version to the device's groups (``GET /api/v1/releases/offer``): a
   manifest ``{version, filename, sha256, size}`` signed with the hub's Ed25519 key. The
   signature is checked before the manifest is read, with the key pinned at pairing.
2. The package is downloaded, its size and SHA-256 checked against the manifest, and
   installed into a new virtualenv; the new version's ``gongkai selftest`` must pass there.
3. ``current`` is switched atomically and the version goes on trial; systemd restarts the
   services (gongkai-restart.path). The new version confirms itself once it has run a while
   and its health check passes; if it has not within ``TRIAL_SECONDS``, the guard (run by the
   *previous* version, deploy/bin/gongkai-update-guard) switches back.
   Versions compare as PEP 440 orders them (gongkai.versions). A pre-release (0.3.0rc1)
   is asked for, and taken, only when the device's config says ``[update] prereleases = true``.
4. The outcome goes to the hub (``POST /api/v1/releases/report``) and into every heartbeat.
   A version that failed is not tried again: a fixed build comes with a new version number.

Every path hangs off ``Layout.root`` so tests run the whole cycle in a scratch directory.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from device.config import DeviceConfig
from gongkai import signing, versions

log = logging.getLogger("gongkai.update")

CONFIRM_AFTER_SECONDS = 120.0
"""A new version confirms itself only after running this long (it did not crash at once)."""
TRIAL_SECONDS = 900.0
"""Not confirmed this long after the switch: the guard rolls back."""
HEALTH_TIMEOUT_SECONDS = 180
MAX_PACKAGE_BYTES = 512 * 2**20
CHUNK = 512 * 1024
VERSION = re.compile(r"^[0-9][0-9A-Za-z.+_]{0,39}$")
"""A wheel's version as it appears in its file name, and safe as a directory name."""
SCREEN_UNIT = "gongkai-screen.service"

Installer = Callable[[Path, Path, Path], None]
"""Install the wheel (first argument) into a new release directory (second), with the
device's wheelhouse (third) as the first place to find its dependencies."""
HealthCheck = Callable[["Layout", str], str | None]
"""None when the given version is healthy, else the reason in plain words."""


class UpdateError(RuntimeError):
    """An update cannot go on; the message is plain words for the console and the technician."""


@dataclass(frozen=True)
class Layout:
    """Where releases, the ``current`` link and the update state live on a device."""

    root: Path = Path("/")
    config_path: Path = Path("/etc/gongkai/device.toml")

    @property
    def base(self) -> Path:
        """The app's home on the device (/opt/gongkai): its releases, the ``current`` link and the wheelhouse."""
        return self.root / "opt/gongkai"

    @property
    def releases(self) -> Path:
        """Where each installed version keeps its own virtualenv, one directory per version."""
        return self.base / "releases"

    @property
    def current(self) -> Path:
        """The link naming the release the services run."""
        return self.base / "current"

    @property
    def wheelhouse(self) -> Path:
        """The wheels of the app's dependencies, laid down by deploy/install.sh: an update whose
        dependencies did not change installs from here and the hub alone, with no package index."""
        return self.base / "wheelhouse"

    @property
    def state(self) -> Path:
        """What an update keeps across restarts: the version on trial, the last outcome,
        restart and rollback requests."""
        return self.root / "var/lib/gongkai/update"

    def gongkai(self, version: str) -> Path:
        """The ``gongkai`` command of an installed version."""
        return self.releases / version / "venv" / "bin" / "gongkai"

    def managed(self) -> bool:
        """Whether this device was installed by deploy/install.sh (updates need its layout)."""
        return self.current.is_symlink()

    def current_version(self) -> str | None:
        """The version the services run now; None on a device not laid out for updates."""
        return Path(os.readlink(self.current)).name if self.current.is_symlink() else None

    def switch(self, version: str) -> None:
        """Point ``current`` at ``version`` in one rename: never a moment without a release."""
        staging = self.base / "current.new"
        staging.unlink(missing_ok=True)
        staging.symlink_to(Path("releases") / version)
        os.replace(staging, self.current)

    def request_restart(self) -> None:
        """Ask systemd (gongkai-restart.path) to restart the services onto ``current``."""
        self.state.mkdir(parents=True, exist_ok=True)
        (self.state / "restart-request").write_text(str(time.time()), encoding="utf-8")


@dataclass(frozen=True)
class Offer:
    """A version the hub offers this device, as its signed manifest names it: the package and how to check it."""

    version: str
    filename: str
    sha256: str
    size: int


# --- state kept between runs -----------------------------------------------------------

def _read(layout: Layout, name: str) -> dict:
    try:
        return json.loads((layout.state / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write(layout: Layout, name: str, data: dict) -> None:
    layout.state.mkdir(parents=True, exist_ok=True)
    tmp = layout.state / f".{name}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, layout.state / name)


def trial(layout: Layout) -> dict:
    """The version on trial, ``{version, previous, switched_at}``, or {}."""
    return _read(layout, "trial.json")


def last_outcome(layout: Layout) -> dict:
    """The last update's ``{version, outcome, detail, at}`` (outcome: installed, failed, rolled_back)."""
    return _read(layout, "outcome.json")


def heartbeat_fields(layout: Layout) -> dict:
    """What the heartbeat says about updates, so the console can show a failed one."""
    outcome = last_outcome(layout)
    return {"update_version": outcome.get("version"), "update_outcome": outcome.get("outcome"),
            "update_detail": outcome.get("detail"), "update_on_trial": trial(layout).get("version")}


# --- talking to the hub ----------------------------------------------------------------

def fetch_offer(config: DeviceConfig, http: requests.Session) -> Offer | None:
    """The version the hub offers this device, its manifest verified; None if none is offered."""
    answer = _call(http, "get", config, "/api/v1/releases/offer", params=_offer_params(config))
    if answer.status_code == 204:
        return None
    if answer.status_code != 200:
        raise UpdateError(f"the hub answered HTTP {answer.status_code} when asked for an update")
    try:
        body = answer.json()
        manifest = body["manifest"].encode()
        signing.verify(signing.parse_public_key(config.public_key), manifest, body["signature"])
        fields = json.loads(manifest)
        offer = Offer(version=str(fields["version"]), filename=str(fields["filename"]),
                      sha256=str(fields["sha256"]), size=int(fields["size"]))
    except signing.SignatureError as exc:
        raise UpdateError(f"the offered update is refused: {exc}") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UpdateError("the hub's update offer was not understood") from None
    if not VERSION.match(offer.version) or versions.parse(offer.version) is None \
            or not re.fullmatch(r"[0-9a-f]{64}", offer.sha256) or not 0 < offer.size <= MAX_PACKAGE_BYTES:
        raise UpdateError("the hub's update offer has an invalid version, hash or size")
    if versions.is_prerelease(offer.version) and not config.prereleases:
        raise UpdateError(f"the hub offers the pre-release {offer.version}, which this device does not take")
    return offer


def _offer_params(config: DeviceConfig) -> dict[str, str]:
    """What an offer or package request says about this device: whether it takes pre-releases."""
    return {"prereleases": "true"} if config.prereleases else {}


def download(config: DeviceConfig, http: requests.Session, offer: Offer, target: Path) -> Path:
    """Fetch the package to ``target``, checked against the signed manifest before it is kept."""
    partial = target.with_name(target.name + ".partial")
    digest, size = hashlib.sha256(), 0
    answer = _call(http, "get", config, f"/api/v1/releases/{offer.version}/package", stream=True,
                   params=_offer_params(config))
    if answer.status_code != 200:
        raise UpdateError(f"the hub answered HTTP {answer.status_code} for the package of {offer.version}")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with partial.open("wb") as out:
            for chunk in answer.iter_content(CHUNK):
                size += len(chunk)
                if size > offer.size:
                    raise UpdateError(f"the package of {offer.version} is larger than its manifest says")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except requests.RequestException as exc:
        raise UpdateError(f"the download of {offer.version} broke off: {type(exc).__name__}") from None
    if size != offer.size or digest.hexdigest() != offer.sha256:
        partial.unlink(missing_ok=True)
        raise UpdateError(f"the package of {offer.version} does not match its signed hash; not installed")
    os.replace(partial, target)
    return target


def report(config: DeviceConfig, http: requests.Session, outcome: dict) -> None:
    """Tell the hub how the last update went; the heartbeat repeats it if this is lost."""
    try:
        _call(http, "post", config, "/api/v1/releases/report", json=outcome)
    except UpdateError as exc:
        log.warning("update outcome not reported: %s", exc)


def _call(http: requests.Session, method: str, config: DeviceConfig, path: str, **kwargs) -> requests.Response:
    try:
        return getattr(http, method)(f"{config.hub_url}{path}", timeout=config.timeout,
                                     headers={"Authorization": f"Bearer {config.token}"}, **kwargs)
    except requests.RequestException as exc:
        raise UpdateError(f"cannot reach the hub at {config.hub_url} for updates: {type(exc).__name__}") from None


# --- installing and checking -----------------------------------------------------------

def pip_install(wheel: Path, release: Path, wheelhouse: Path) -> None:
    """A fresh virtualenv for the release, with the wheel and a screen's dependencies
    (gongkai[device]) in it.

    Village service centres often reach the hub and nothing else, so the dependencies come
    from the device's wheelhouse first; only a release that needs a wheel the device lacks
    goes to the package index (pip's own configuration: PyPI or a mirror).
    """
    python = getattr(sys, "_base_executable", sys.executable)
    venv = release / "venv"
    _run([python, "-m", "venv", str(venv)], wheel)
    install = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
               "--find-links", str(wheelhouse)]
    try:
        _run([*install, "--no-index", f"{wheel}[device]"], wheel)
    except UpdateError as offline:
        log.info("not everything %s needs is in the wheelhouse; trying the package index", wheel.name)
        try:
            _run([*install, f"{wheel}[device]"], wheel)
        except UpdateError as online:
            raise UpdateError(f"{offline} (and from the package index: {online})") from None


def _run(command: list[str], wheel: Path) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise UpdateError(f"installing {wheel.name} failed: {_last_line(result.stderr or result.stdout)}")


def _last_line(output: str) -> str:
    """pip's own reason (its last line, e.g. which dependency was not found), short enough
    for the device list."""
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return lines[-1][-300:] if lines else "no output"


def selftest(layout: Layout, version: str) -> str | None:
    """The version's own ``gongkai selftest`` against this device's config."""
    try:
        result = subprocess.run([str(layout.gongkai(version)), "selftest", "--config", str(layout.config_path)],
                                capture_output=True, text=True, timeout=HEALTH_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"selftest of {version} did not run: {type(exc).__name__}"
    if result.returncode != 0:
        return f"selftest of {version} failed: {(result.stderr or result.stdout).strip()[-300:]}"
    return None


def running_health(layout: Layout, version: str) -> str | None:
    """After the switch: the selftest passes and, under systemd, the screen unit is up."""
    problem = selftest(layout, version)
    if problem or not Path("/run/systemd/system").is_dir() or layout.root != Path("/"):
        return problem
    screen = subprocess.run(["systemctl", "is-active", "--quiet", SCREEN_UNIT])
    return None if screen.returncode == 0 else f"{SCREEN_UNIT} is not running on {version}"


# --- the cycle -------------------------------------------------------------------------

class Updater:
    """One device's update cycle; ``step`` is the scheduled job, ``guard`` the rollback check."""

    def __init__(self, config: DeviceConfig, layout: Layout, *, http: requests.Session | None = None,
                 installer: Installer = pip_install, pre_switch: HealthCheck = selftest,
                 health: HealthCheck = running_health, clock: Callable[[], float] = time.time,
                 confirm_after: float = CONFIRM_AFTER_SECONDS, trial_seconds: float = TRIAL_SECONDS):
        self.config, self.layout = config, layout
        self.http = http or requests.Session()
        self.installer, self.pre_switch, self.health = installer, pre_switch, health
        self.clock, self.confirm_after, self.trial_seconds = clock, confirm_after, trial_seconds

    def step(self) -> str:
        """Confirm a version on trial, or look for an offer and install it. Says what happened."""
        if trial(self.layout):
            return self.confirm()
        offer = fetch_offer(self.config, self.http)
        current = self.layout.current_version()
        if offer is None or versions.same(offer.version, current):
            return "up to date"
        if offer.version in _read(self.layout, "failed.json"):
            return f"{offer.version} failed here before; waiting for another version"
        release = self.layout.releases / offer.version
        shutil.rmtree(release, ignore_errors=True)
        # A broken download is tried again next time; a version that will not install or
        # pass its selftest here is given up on.
        wheel = download(self.config, self.http, offer, release / offer.filename)
        try:
            self._install(offer.version, wheel)
        except UpdateError as exc:
            self._fail(offer.version, "failed", str(exc))
            shutil.rmtree(self.layout.releases / offer.version, ignore_errors=True)
            return f"update to {offer.version} failed: {exc}"
        _write(self.layout, "trial.json", {"version": offer.version, "previous": current,
                                           "switched_at": self.clock()})
        (self.layout.state / "rollback-to").write_text(current or "", encoding="utf-8")
        self.layout.switch(offer.version)
        self.layout.request_restart()
        log.warning("switched to %s; on trial until it confirms it is healthy", offer.version)
        return f"switched to {offer.version}, on trial"

    def confirm(self) -> str:
        """Run by the new version: keep it once it has run a while and is healthy."""
        on_trial = trial(self.layout)
        version = on_trial["version"]
        if self.layout.current_version() != version:
            return f"{version} on trial but not current; the guard will settle it"
        if self.clock() - on_trial["switched_at"] < self.confirm_after:
            return f"{version} on trial"
        problem = self.health(self.layout, version)
        if problem:
            return f"{version} on trial, not healthy yet: {problem}"
        self._end_trial()
        self._settle(version, "installed", f"now running {version}")
        self._remove_old(keep={version, on_trial.get("previous")})
        return f"{version} confirmed"

    def guard(self) -> str:
        """Run by the previous version: roll back a trial that outlived its deadline."""
        on_trial = trial(self.layout)
        if not on_trial:
            return "nothing on trial"
        if self.clock() - on_trial["switched_at"] < self.trial_seconds:
            return f"{on_trial['version']} on trial"
        previous = on_trial["previous"]
        self.layout.switch(previous)
        self._end_trial()
        self._fail(on_trial["version"], "rolled_back",
                   f"{on_trial['version']} did not come up healthy within {self.trial_seconds / 60:.0f} "
                   f"minutes; back on {previous}")
        self.layout.request_restart()
        return f"rolled back to {previous}"

    def _install(self, version: str, wheel: Path) -> None:
        self.installer(wheel, wheel.parent, self.layout.wheelhouse)
        problem = self.pre_switch(self.layout, version)
        if problem:
            raise UpdateError(problem)

    def _end_trial(self) -> None:
        (self.layout.state / "trial.json").unlink(missing_ok=True)
        (self.layout.state / "rollback-to").unlink(missing_ok=True)

    def _fail(self, version: str, outcome: str, detail: str) -> None:
        failed = _read(self.layout, "failed.json")
        failed[version] = detail
        _write(self.layout, "failed.json", failed)
        self._settle(version, outcome, detail)
        log.warning("%s", detail)

    def _settle(self, version: str, outcome: str, detail: str) -> None:
        record = {"version": version, "outcome": outcome, "detail": detail[:500], "at": self.clock()}
        _write(self.layout, "outcome.json", record)
        report(self.config, self.http, record)

    def _remove_old(self, keep: set) -> None:
        """Keep the running and the previous release (a rollback target); drop the rest."""
        for release in self.layout.releases.iterdir():
            if release.name not in keep:
                shutil.rmtree(release, ignore_errors=True)
