"""First contact: a screen with no token asks the hub for a pairing code and waits.

The code is shown on the device (printed by ``gongkai sync``, kept in the store for the
screen to display) until an admin enters it in the console; the device then collects its
token and the hub's public key once, with a secret only it holds, and keeps them in its
enrolment file. That answer is signed by the hub and names the pairing request (the SHA-256
of its secret), so a replayed or altered one is refused; a hub key pinned in the config must
match the one pairing returns.
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import replace

import requests

from device.config import DeviceConfig, save_enrolment
from device.store import Store
from gongkai import signing

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
    _check_paired(config, store, answer, body, pairing["secret"])
    save_enrolment(config, body["token"], body["public_key"], str(body.get("device_name", "")))
    store.set_meta("pairing", None)
    store.set_meta("pairing_code", None)
    return replace(config, token=body["token"], public_key=body["public_key"])


def _check_paired(config: DeviceConfig, store: Store, answer: requests.Response, body: dict, secret: str) -> None:
    """Raise PairingError, counted as a refusal, unless the answer is signed by the hub's key
    (the one pinned in the config, if any) and was made for this pairing request: neither
    another screen's answer nor a swapped key is ever taken."""
    if not isinstance(body.get("token"), str) or not isinstance(body.get("public_key"), str):
        raise PairingError("the hub's pairing answer was not understood")
    problem = _pairing_problem(config, answer, body, secret)
    if problem:
        store.count_failed_verification()
        raise PairingError(problem)


def _pairing_problem(config: DeviceConfig, answer: requests.Response, body: dict, secret: str) -> str | None:
    if config.public_key and config.public_key != body["public_key"]:
        return "the hub's key does not match the key pinned in this device's config; check hub.url and hub.public_key"
    try:
        signing.verify(signing.parse_public_key(body["public_key"]), answer.content, answer.headers.get(signing.HEADER))
    except signing.SignatureError as exc:
        return f"refused the hub's pairing answer: {exc}"
    if body.get("pairing") != hashlib.sha256(secret.encode()).hexdigest():
        return "refused the hub's pairing answer: it was made for another pairing request"
    return None


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
