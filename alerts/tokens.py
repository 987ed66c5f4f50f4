"""Unsubscribe tokens: the one secret a subscriber holds."""
from __future__ import annotations

import secrets


def new_token() -> str:
    """A subscription's unsubscribe token: 192 random bits, URL-safe, never starting with ``-`` (which a
    command line would read as an option: ``regwatch unsubscribe TOKEN``)."""
    while (token := secrets.token_urlsafe(24)).startswith("-"):
        pass
    return token
