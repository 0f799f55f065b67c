"""Ed25519 signatures on what the hub serves, so nothing unsigned reaches a public screen.

The hub signs the exact bytes of each feed page, pairing answer and outbox acknowledgement;
a device verifies them with the hub's public key before it even parses the JSON.
"""
from __future__ import annotations

import base64
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

HEADER = "X-Gongkai-Signature"
_PREFIX = "ed25519:"


class SignatureError(ValueError):
    """Content that does not carry a valid signature from the hub."""


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The hub's signing key, created (mode 600) on first start."""
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise SignatureError(f"{path} does not hold an Ed25519 key")
        return key
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return key


def public_key_text(key: Ed25519PrivateKey) -> str:
    """The public key as devices carry it in their config: ``ed25519:<base64>``."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return _PREFIX + base64.b64encode(raw).decode()


def parse_public_key(text: str) -> Ed25519PublicKey:
    """The hub's key as a device's config carries it, ready to verify pages; SignatureError if malformed."""
    if not text.startswith(_PREFIX):
        raise SignatureError("public key must look like ed25519:<base64>")
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text[len(_PREFIX):], validate=True))
    except ValueError:
        raise SignatureError("public key is not a valid Ed25519 key") from None


def sign(key: Ed25519PrivateKey, body: bytes) -> str:
    """The hub's signature over ``body`` (a feed page, a release manifest), in the form ``verify`` checks."""
    return _PREFIX + base64.b64encode(key.sign(body)).decode()


def verify(public_key: Ed25519PublicKey, body: bytes, signature: str | None) -> None:
    """Raise SignatureError unless ``signature`` is the hub's over exactly ``body``."""
    if not signature:
        raise SignatureError("it carries no signature")
    if not signature.startswith(_PREFIX):
        raise SignatureError("the signature is not an Ed25519 signature")
    try:
        public_key.verify(base64.b64decode(signature[len(_PREFIX):], validate=True), body)
    except (InvalidSignature, ValueError):
        raise SignatureError("its signature does not verify against the hub's key") from None
