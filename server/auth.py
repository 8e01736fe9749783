"""Join codes, seat tokens and instructor keys.

A join code is short and easy to read aloud: six characters from an
alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G). What
authenticates is a random token of 256 bits, stored only as its SHA-256.

>>> code = new_join_code()
>>> len(code), set(code) <= set(JOIN_ALPHABET)
(6, True)
>>> normalize_code(" kx7-m4p ")
'KX7M4P'
"""

from __future__ import annotations

import hashlib
import secrets

JOIN_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
JOIN_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))


def normalize_code(text: str) -> str:
    """What a student typed, as a code: upper case, without spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_id() -> str:
    return secrets.token_hex(8)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
