"""First contact: a screen with no token asks the hub for a pairing code and waits.

The code is shown on the device (printed by ``gongkai sync``, kept in the store for the
screen to display) until an admin enters it in the console; the device then collects its
token and the hub's public key once, with a secret only it holds, and keeps them in its
enrolment file. A hub key pinned in the config must match the one pairing returns.
"""
from __future__ import annotations

import json
import time
from dataclasses import replace

import requests

from device.config import DeviceConfig, save_enrolment
from device.store import Store

POLL_SECONDS = 5.0


class PairingError(RuntimeError):
    """Pairing cannot go on; the message is plain words for the technician."""


def pairing_step(config: DeviceConfig, store: Store, kind: str,
                 http: requests.Session | None = None) -> DeviceConfig | None:
    """One round of pairing: ask for a code if there is none, else ask whether it was
    confirmed. Returns the paired config, or None while still waiting."""
    if config.paired:
        return config
    http = http or requests.Session()
    pending = store.meta("pairing")
    if pending is None:
        _request(config, store, kind, http)
        return None
    pairing = json.loads(pending)
    answer = _post_or_get(http, "get", f"{config.hub_url}/api/v1/pairings/{pairing['id']}", config,
                          headers={"X-Pairing-Secret": pairing["secret"]})
    if answer.status_code == 404:  # expired or already collected: start again
        store.set_meta("pairing", None)
        _request(config, store, kind, http)
        return None
    body = _json(answer)
    if body.get("state") != "paired":
        return None
    if config.public_key and config.public_key != body["public_key"]:
        raise PairingError("the hub's key does not match the key pinned in this device's config; "
                           "check hub.url and hub.public_key")
    save_enrolment(config, body["token"], body["public_key"], body.get("device_name", ""))
    store.set_meta("pairing", None)
    store.set_meta("pairing_code", None)
    return replace(config, token=body["token"], public_key=body["public_key"])


def wait_for_pairing(config: DeviceConfig, store: Store, kind: str, announce=print,
                     poll_seconds: float = POLL_SECONDS) -> DeviceConfig:
    """Block until paired, announcing the code whenever it changes."""
    shown = None
    while True:
        paired = pairing_step(config, store, kind)
        if paired is not None:
            return paired
        code = store.meta("pairing_code")
        if code != shown:
            announce(f"pairing code {code[:3]} {code[3:]}: enter it in the hub console "
                     f"({config.hub_url}/console/devices) to connect this screen")
            shown = code
        time.sleep(poll_seconds)


def _request(config: DeviceConfig, store: Store, kind: str, http: requests.Session) -> None:
    answer = _post_or_get(http, "post", f"{config.hub_url}/api/v1/pairings", config, json={"kind": kind})
    body = _json(answer)
    store.set_meta("pairing", json.dumps({"id": body["id"], "secret": body["secret"]}))
    store.set_meta("pairing_code", body["code"])


def _post_or_get(http: requests.Session, method: str, url: str, config: DeviceConfig, **kwargs) -> requests.Response:
    try:
        answer = getattr(http, method)(url, timeout=config.timeout, **kwargs)
    except requests.RequestException as exc:
        raise PairingError(f"cannot reach the hub at {config.hub_url} to pair: {type(exc).__name__}") from None
    if answer.status_code == 429:
        raise PairingError("the hub refuses more pairing requests from this address for now; wait an hour")
    if answer.status_code not in (200, 404):
        raise PairingError(f"the hub answered HTTP {answer.status_code} to a pairing request")
    return answer


def _json(answer: requests.Response) -> dict:
    try:
        body = answer.json()
    except ValueError:
        raise PairingError("the hub's pairing answer was not understood") from None
    if not isinstance(body, dict):
        raise PairingError("the hub's pairing answer was not understood")
    return body
