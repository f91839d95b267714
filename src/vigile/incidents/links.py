"""Signed acknowledgment links: anyone holding the link may acknowledge that one alert."""

from __future__ import annotations

import hashlib
import hmac


def sign(secret: str, alert_id: int, contact: str) -> str:
    message = f"ack:{alert_id}:{contact}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def verify(secret: str, alert_id: int, contact: str, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, alert_id, contact), signature)


def ack_url(base_url: str, secret: str, alert_id: int, contact: str) -> str:
    signature = sign(secret, alert_id, contact)
    return f"{base_url.rstrip('/')}/ack/{alert_id}?contact={contact}&sig={signature}"
