"""The OpenAPI contract is true: schemathesis fuzzes /openapi.json against a real hub as an admin,
as a device and with no token, and any 5xx, or any answer the contract does not describe
(status, body, headers, auth), fails the test. Bounded to well under a minute per caller."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests

CONFIG = Path(__file__).with_name("schemathesis.toml")
EXAMPLES = 60
"""Test cases per operation and phase: enough to reach every documented refusal, quick in CI."""
SEED = 13
"""Fixed, so that CI runs the same cases every time and a failure reproduces."""
SECONDS = 150


def admin_token(hub) -> str:
    answer = requests.post(f"{hub.url}/api/admin/v1/sessions", timeout=10,
                           json={"username": "admin", "password": hub.admin_password()})
    return answer.json()["token"]


@pytest.mark.parametrize("caller", ["admin", "device", "anonymous"])
def test_schemathesis_finds_no_5xx_and_no_answer_outside_the_contract(hub, tmp_path, caller):
    token = {"admin": lambda: admin_token(hub), "device": lambda: hub.device_config().token,
             "anonymous": lambda: None}[caller]()
    command = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "--no-color",
               "run", f"{hub.url}/openapi.json", "--checks", "all", "--phases", "examples,coverage,fuzzing,stateful",
               "--max-examples", str(EXAMPLES), "--seed", str(SEED)]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=SECONDS)
    assert done.returncode == 0, done.stdout[-12000:] + done.stderr[-2000:]


def test_the_contract_names_its_bearer_schemes_answers_and_error_shape(hub):
    spec = requests.get(f"{hub.url}/openapi.json", timeout=10).json()
    schemes = spec["components"]["securitySchemes"]
    assert {name: (s["type"], s["scheme"]) for name, s in schemes.items()} == {
        "adminSession": ("http", "bearer"), "deviceToken": ("http", "bearer")}
    assert spec["components"]["schemas"]["Error"]["required"] == ["error"]
    assert "HTTPValidationError" not in str(spec)
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            answers = operation["responses"]
            success = answers.get("200") or answers["204"]
            assert any(media.get("schema") for media in success.get("content", {}).values()), where
            for status, answer in answers.items():
                if status.startswith("4") and status != "416":
                    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
            if path.startswith("/api/admin/v1/") and path != "/api/admin/v1/sessions":
                assert operation["security"] == [{"adminSession": []}] and "401" in answers, where
            elif path.startswith("/api/v1/") and not path.startswith("/api/v1/pairings"):
                assert operation["security"] == [{"deviceToken": []}] and "401" in answers, where
