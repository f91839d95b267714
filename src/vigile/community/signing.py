"""Ed25519 signatures of exchange bundles: who exported it, and that nothing changed since.

Each workspace has its own key (`.case_signing_key`, PEM, mode 0600, made on first use
like `.secret_key`). A signed bundle carries `signature: {algorithm, public_key,
fingerprint, value}`: the public key (base64 of its 32 raw bytes), its fingerprint
(SHA-256 hex of those bytes) and the signature (base64) of the canonical JSON of the
bundle without `signature`. The embedded key proves integrity; trusting the signer is
the reader's choice: `--trust FINGERPRINT` or the workspace's `trusted_keys.txt`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from vigile.community.library import canonical
from vigile.domain.errors import InputError
from vigile.i18n import t

KEY_FILE = ".case_signing_key"
TRUSTED_FILE = "trusted_keys.txt"
ALGORITHM = "ed25519"
_HEX = re.compile(r"[0-9a-f]{64}")


def workspace_key(home: Path) -> Ed25519PrivateKey:
    """The workspace's signing key, made (readable by its owner only) when missing."""
    path = home / KEY_FILE
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(f"{path}: not an Ed25519 private key")
    return key


def raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public: Ed25519PublicKey) -> str:
    """SHA-256 (hex) of the raw public key: what a peer compares out of band."""
    return hashlib.sha256(raw(public)).hexdigest()


def normalise_fingerprint(text: str) -> str:
    """Lower-case hex without separators ("AB:CD..." and "ab cd..." are the same key)."""
    return re.sub(r"[\s:]", "", text).lower()


def sign(bundle: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """`bundle` with its signature (over everything else in it)."""
    unsigned = {k: v for k, v in bundle.items() if k != "signature"}
    public = key.public_key()
    signature = {
        "algorithm": ALGORITHM,
        "public_key": base64.b64encode(raw(public)).decode(),
        "fingerprint": fingerprint(public),
        "value": base64.b64encode(key.sign(canonical(unsigned))).decode(),
    }
    return {**unsigned, "signature": signature}


def verify(bundle: dict[str, Any], *, lang: str) -> str:
    """The signer's fingerprint, once the signature checks out; else a clear InputError."""
    found = bundle.get("signature")
    if not isinstance(found, dict):
        raise InputError(t("cases.sign.missing", lang), field="signature")
    if found.get("algorithm") != ALGORITHM:
        reason = t("cases.sign.algorithm", lang, found=found.get("algorithm"))
        raise InputError(reason, field="signature.algorithm")
    try:
        key_bytes = base64.b64decode(str(found.get("public_key", "")), validate=True)
        value = base64.b64decode(str(found.get("value", "")), validate=True)
        public = Ed25519PublicKey.from_public_bytes(key_bytes)
    except (binascii.Error, ValueError):
        raise InputError(t("cases.sign.malformed", lang), field="signature") from None
    if fingerprint(public) != found.get("fingerprint"):
        raise InputError(t("cases.sign.fingerprint", lang), field="signature.fingerprint")
    unsigned = {k: v for k, v in bundle.items() if k != "signature"}
    try:
        public.verify(value, canonical(unsigned))
    except InvalidSignature:
        raise InputError(t("cases.sign.invalid", lang), field="signature.value") from None
    return fingerprint(public)


def trusted_keys(path: Path, *, lang: str) -> set[str]:
    """Fingerprints of a trusted-keys file: one a line, `#` comments, a label may follow."""
    keys = set()
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        value = normalise_fingerprint(text.split()[0])
        if not _HEX.fullmatch(value):
            raise InputError(t("cases.sign.bad_trusted", lang, path=path), line=number)
        keys.add(value)
    return keys
