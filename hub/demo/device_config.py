"""The demo device's config file: what ``gongkai hub --demo`` writes beside its data so a
kiosk and a display on the same machine can sync from it at once."""
from __future__ import annotations

from pathlib import Path

from hub.storage.private import create_private_file


def write(path: Path, *, hub_url: str, token: str, public_key: str, store_path: str, name: str,
          sync_interval: float = 60) -> None:
    """Write a ready device config, as an installer would (config/README.md has every key);
    mode 600, for it holds the device's token."""
    create_private_file(path)
    path.write_text(
        "# Gongkai device configuration (see config/README.md)\n"
        "[device]\n"
        f"name = {_toml_str(name)}\n"
        'timezone = "Asia/Shanghai"\n\n'
        "[hub]\n"
        f"url = {_toml_str(hub_url)}\n"
        f"token = {_toml_str(token)}\n"
        f"public_key = {_toml_str(public_key)}\n\n"
        "[store]\n"
        f"path = {_toml_str(store_path)}\n\n"
        "[sync]\n"
        f"interval = {sync_interval:g}\n",
        encoding="utf-8",
    )
    path.chmod(0o600)


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
