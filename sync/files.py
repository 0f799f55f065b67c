"""Fetch the files items need, by SHA-256 name: resumable, verified, renamed into place.

A download goes to ``files/.partial/<sha256>``; an interrupted one resumes with an HTTP
``Range`` request (``If-Range`` on the hash, so a changed answer restarts it). Only bytes
whose hash matches are renamed into ``files/<sha256>`` and recorded, which is what makes
the items that need them visible; an answer that does not match, or runs past the size
the signed page names, is thrown away and counted as a refusal, so a replayed or altered
file answer changes nothing. Files no item references any more are collected.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import requests

from device.config import DeviceConfig
from device.store import Store

CHUNK = 512 * 1024


class FileFetchError(RuntimeError):
    """One file could not be fetched or did not verify; it is tried again next time."""


@dataclass
class FetchResult:
    """What one pass over the files did, for the service's log and ``gongkai sync``'s report."""

    fetched: list[str] = field(default_factory=list)
    bytes: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    collected: list[str] = field(default_factory=list)


def fetch_files(config: DeviceConfig, store: Store, http: requests.Session | None = None) -> FetchResult:
    """Check the files the store believes it has, fetch what is missing, collect what is unused."""
    http = http or requests.Session()
    result = FetchResult()
    recheck_present(store)
    for sha256, size in store.wanted_files():
        try:
            result.bytes += _fetch_one(config, store, http, sha256, size)
            result.fetched.append(sha256)
        except FileFetchError as exc:
            result.failed[sha256] = str(exc)
    result.collected = collect_garbage(store)
    store.set_meta("last_file_error", next(iter(result.failed.values()), None))
    return result


def recheck_present(store: Store) -> None:
    """A recorded file that is gone or the wrong size is forgotten, so it is fetched again
    instead of the device believing forever that it is up to date."""
    for sha256, size in store.present_files():
        path = store.file_path(sha256)
        if not path.is_file() or path.stat().st_size != size:
            store.forget_file(sha256)


def collect_garbage(store: Store) -> list[str]:
    """Delete the files no item needs any more, so old attachments do not fill the disk; returns their hashes."""
    removed = store.unreferenced_files()
    for sha256 in removed:
        store.file_path(sha256).unlink(missing_ok=True)
        store.forget_file(sha256)
    return removed


def _fetch_one(config: DeviceConfig, store: Store, http: requests.Session, sha256: str, size: int) -> int:
    final = store.file_path(sha256)
    if final.is_file() and _digest(final) == sha256:  # renamed before a crash, never recorded
        store.add_file(sha256, size)
        return 0
    partial = store.files_dir / ".partial" / sha256
    partial.parent.mkdir(parents=True, exist_ok=True)
    offset = partial.stat().st_size if partial.exists() else 0
    if offset >= size:
        partial.unlink()
        offset = 0
    received = _download(config, http, sha256, partial, offset, size)
    if partial.stat().st_size > size:
        raise _refused(store, partial, f"the answer for file {sha256[:12]}… ran to more than the {size} bytes "
                                       "its signed page names; it will be fetched again")
    if partial.stat().st_size != size or _digest(partial) != sha256:
        raise _refused(store, partial, f"file {sha256[:12]}… did not match its hash; it will be fetched again")
    os.replace(partial, final)
    _fsync_dir(final.parent)
    store.add_file(sha256, size)
    return received


def _refused(store: Store, partial: Path, message: str) -> FileFetchError:
    """Throw away bytes that are not the file a signed page names, and count the refusal."""
    partial.unlink()
    store.count_failed_verification()
    return FileFetchError(message)


def _download(config: DeviceConfig, http: requests.Session, sha256: str, partial: Path, offset: int,
              size: int) -> int:
    """Append the hub's answer to ``partial``, reading no more than one byte past ``size``:
    an endless answer cannot fill the disk."""
    headers = {"Authorization": f"Bearer {config.token}"}
    if offset:
        headers.update({"Range": f"bytes={offset}-", "If-Range": f'"{sha256}"'})
    url = f"{config.hub_url}/api/v1/files/{sha256}"
    received = 0
    try:
        with http.get(url, headers=headers, stream=True, timeout=config.timeout) as response:
            if response.status_code not in (200, 206):
                raise FileFetchError(f"the hub answered HTTP {response.status_code} for file {sha256[:12]}…")
            mode = "ab" if response.status_code == 206 else "wb"
            room = size + 1 - (offset if mode == "ab" else 0)
            with open(partial, mode) as out:
                for chunk in response.iter_content(CHUNK):
                    out.write(chunk[:room - received])
                    received += min(len(chunk), room - received)
                    if received >= room:
                        break
                out.flush()
                os.fsync(out.fileno())
    except requests.RequestException as exc:
        raise FileFetchError(f"download of file {sha256[:12]}… broke off ({type(exc).__name__}); "
                             "it resumes next time") from None
    return received


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            sha.update(block)
    return sha.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
