"""`gongkai status` says what is wrong in plain words, and what to do about it."""
from __future__ import annotations

import json

from cli.main import main


def write_config(tmp_path, extra: str = "") -> str:
    path = tmp_path / "device.toml"
    path.write_text(f'[hub]\nurl = "http://127.0.0.1:9"\n{extra}[store]\npath = "device.db"\n', encoding="utf-8")
    return str(path)


def test_an_unpaired_device_tells_the_technician_its_code(tmp_path, capsys):
    from device.store import Store

    config = write_config(tmp_path)
    store = Store(tmp_path / "device.db")
    store.set_meta("pairing_code", "482719")
    store.close()
    assert main(["status", "--config", config]) == 1, "a problem listed is exit status 1, for monitoring"
    out = capsys.readouterr().out
    assert "what to do:" in out and "enter code 482 719 in the console" in out


def test_a_rolled_back_update_is_explained(tmp_path, capsys, monkeypatch):
    state = tmp_path / "root/var/lib/gongkai/update"
    state.mkdir(parents=True)
    (state / "outcome.json").write_text(json.dumps(
        {"version": "0.2.0", "outcome": "rolled_back", "detail": "0.2.0 did not come up healthy", "at": 0}))
    monkeypatch.setenv("GONGKAI_ROOT", str(tmp_path / "root"))
    assert main(["status", "--config", write_config(tmp_path), "--json"]) == 1
    status = json.loads(capsys.readouterr().out)
    assert status["update"]["outcome"] == "rolled_back"
    assert main(["status", "--config", write_config(tmp_path)]) == 1
    assert "update to 0.2.0 failed and this device stayed on its version" in capsys.readouterr().out
