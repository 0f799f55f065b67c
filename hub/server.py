"""Run the hub with uvicorn."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
import uvicorn

from gongkai import signing

from .app import create_app


def signing_key(data_dir: Path):
    """The hub's Ed25519 key, kept beside its database (back both up together)."""
    return signing.load_or_create_key(data_dir / "signing-key.pem")


def serve(engine: sa.Engine, data_dir: Path, *, host: str, port: int, demo: bool) -> None:
    url = f"http://{host}:{port}"
    key = signing_key(data_dir)
    if demo:
        from . import demo as demo_data

        demo_data.load(engine, data_dir, url, signing.public_key_text(key))
        print(f"demo hub: console {url}/console  (login in {data_dir / 'demo-admin.txt'})")
        print(f"demo device config: {data_dir / 'demo-device.toml'}", flush=True)
    uvicorn.run(create_app(engine, key), host=host, port=port, log_level="warning",
                server_header=False, date_header=True)
