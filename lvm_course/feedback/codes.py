"""Answer codes: what a rater's form hands back, sealed so it cannot be changed or forged.

A code is one line of text a rater can paste into an email (or send as a small file)::

    lvm360-1.<invitation id>.<nonce + ciphertext, base64url>.<HMAC-SHA-256, base64url>

- **Keys.** Each invitation has its own 256-bit secret, kept in the inviting trainee's
  private folder and written into that invitation's form. Two keys are derived from it
  with HMAC-SHA-256: one to seal (encrypt) the answers, one to authenticate the code.
- **Authenticated.** The MAC covers the exact text of the code before it (version,
  invitation id, sealed answers), not a re-serialisation of the answers, so there is no
  canonical form to get wrong between the browser and Python. Each code has one
  spelling only: the version has no leading zeros, and each base64 part is what
  encoding its bytes gives (no padding, no other unused bits in its last character);
  any other spelling is refused as malformed, so the text checked is the text sent.
  Any change (an edited answer, a cut, a code made up by hand, the right form's code
  pasted onto another invitation) fails the MAC check and is refused.
- **Sealed.** The answers are encrypted with HMAC-SHA-256 as a stream cipher (keystream
  block *i* = HMAC(key, nonce ‖ i), encrypt-then-MAC), so an email relay, a shared
  inbox or a facilitator forwarding the message cannot read a rater's answers or
  comment. It uses nothing but HMAC-SHA-256, which the offline form implements in a
  few lines of plain JavaScript: WebCrypto (``crypto.subtle``) only exists in a
  *secure context*, and a room served over plain ``http://`` on a local network is not
  one, so the form never depends on it.
- **What it does not do.** The trainee's own course holds the key, so a trainee who
  decodes a code by hand can read it; the course itself never shows one rater's
  answers (see :mod:`.anonymity`). Anyone holding a rater's form can answer it once:
  an invitation is used once, then refused.

The plaintext is JSON: ``{"v": 1, "a": "4520…", "c": "comment"}``; ``a`` holds one
digit per item of the invitation's form, in its order (0 = not able to rate).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass

from ..errors import LvmCourseError

__all__ = ["CODE_PREFIX", "MAX_CODE", "VERSION", "CodeRefused", "Sealed", "find_codes",
           "new_secret", "open_sealed", "parse_code", "seal"]

VERSION = 1
CODE_PREFIX = "lvm360-"
#: a comment is at most 1000 characters; a code is never near this long
MAX_CODE = 16 * 1024
_B64 = r"[A-Za-z0-9_-]"
_CODE = re.compile(rf"lvm360-([1-9][0-9]{{0,3}})\.({_B64}{{16}})\.({_B64}{{24,}})\.({_B64}{{43}})")
_NONCE = 16


class CodeRefused(LvmCourseError):
    """An answer code that cannot be added; ``kind`` says why (for tests and counts):
    ``malformed``, ``version``, ``foreign``, ``forged``, ``replayed``, ``withdrawn``,
    ``closed`` or ``empty``."""

    def __init__(self, kind: str, message: str):
        self.kind = kind
        super().__init__(message)


@dataclass(frozen=True)
class Sealed:
    """A code taken apart (nothing checked yet but its shape)."""

    version: int
    invitation: str
    body: bytes  # nonce + ciphertext
    mac: bytes
    signed: str  # the text the MAC covers


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_secret() -> str:
    """A fresh 256-bit invitation secret, as base64url text (43 characters)."""
    return b64e(secrets.token_bytes(32))


def _keys(secret: str) -> tuple[bytes, bytes]:
    raw = b64d(secret)
    return (hmac.new(raw, b"lvm360 seal", hashlib.sha256).digest(),
            hmac.new(raw, b"lvm360 mac", hashlib.sha256).digest())


def _stream(key: bytes, nonce: bytes, data: bytes) -> bytes:
    out = bytearray()
    for block in range((len(data) + 31) // 32):
        pad = hmac.new(key, nonce + block.to_bytes(4, "big"), hashlib.sha256).digest()
        chunk = data[block * 32:block * 32 + 32]
        out += bytes(a ^ b for a, b in zip(chunk, pad, strict=False))
    return bytes(out)


def seal(invitation: str, secret: str, answers: str, comment: str = "", *,
         nonce: bytes | None = None) -> str:
    """Make a code as the rater's form does (the form's JavaScript is this, line by line;
    tests check the two agree)."""
    enc_key, mac_key = _keys(secret)
    nonce = nonce or secrets.token_bytes(_NONCE)
    plain = json.dumps({"v": VERSION, "a": answers, "c": comment}, ensure_ascii=False,
                       separators=(",", ":")).encode("utf-8")
    signed = f"{CODE_PREFIX}{VERSION}.{invitation}.{b64e(nonce + _stream(enc_key, nonce, plain))}"
    return f"{signed}.{b64e(hmac.new(mac_key, signed.encode('ascii'), hashlib.sha256).digest())}"


_NOT_A_CODE = ("this is not a complete answer code (it may have been cut off when it was "
               "copied: a code is one long line starting with lvm360-)")


def parse_code(text: str) -> Sealed:
    """Take a code apart.

    Raises:
        CodeRefused: ``malformed`` (not a code, or cut short), or ``version`` (made by a
            newer course).
    """
    if len(text) > MAX_CODE:
        raise CodeRefused("malformed", "this is far too long to be an answer code")
    version = re.match(r"^lvm360-([0-9]{1,4})\.", text)
    if version and int(version.group(1)) != VERSION:
        raise CodeRefused("version", f"this answer code was made by another version of the "
                          f"course (version {int(version.group(1))}; this one reads "
                          f"{VERSION}): ask for the form to be sent again")
    found = _CODE.fullmatch(text)
    if not found:
        raise CodeRefused("malformed", _NOT_A_CODE)
    try:
        body, mac = b64d(found.group(3)), b64d(found.group(4))
    except ValueError:
        raise CodeRefused("malformed", _NOT_A_CODE) from None
    if len(body) <= _NONCE or len(mac) != 32 or b64e(body) != found.group(3) \
            or b64e(mac) != found.group(4):
        raise CodeRefused("malformed", _NOT_A_CODE)
    signed = text[:found.start(4) - 1]
    return Sealed(VERSION, found.group(2), body, mac, signed)


def open_sealed(sealed: Sealed, secret: str) -> dict:
    """Check the code's MAC with the invitation's secret, then unseal the answers.

    Returns:
        ``{"a": str, "c": str}`` as the form wrote it (not yet checked against the items).

    Raises:
        CodeRefused: ``forged`` (changed, or not made by this invitation's form), or
            ``malformed`` (a genuine code whose contents make no sense).
    """
    enc_key, mac_key = _keys(secret)
    expected = hmac.new(mac_key, sealed.signed.encode("ascii"), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, sealed.mac):
        raise CodeRefused("forged", "this answer code has been changed, or was not made by "
                          "the form of this invitation, so it cannot be trusted")
    nonce, cipher = sealed.body[:_NONCE], sealed.body[_NONCE:]
    try:
        data = json.loads(_stream(enc_key, nonce, cipher).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise CodeRefused("malformed", "the answers inside this code cannot be read") from None
    if not isinstance(data, dict) or data.get("v") != VERSION:
        raise CodeRefused("version", "the answers inside this code are of another version")
    answers, comment = data.get("a"), data.get("c", "")
    if not isinstance(answers, str) or not isinstance(comment, str):
        raise CodeRefused("malformed", "the answers inside this code cannot be read")
    return {"a": answers, "c": comment}


def find_codes(text: str) -> list[str]:
    """Every answer code in pasted text or a file's contents, however an email client
    wrapped or quoted it: characters that cannot be part of a code (spaces, line breaks,
    ``>``) are dropped, then the text is split where each code starts."""
    kept = re.sub(r"[^A-Za-z0-9_.\-]", "", text[:MAX_CODE * 20])
    out = []
    for chunk in re.split(r"(?=lvm360-)", kept):
        if chunk.startswith(CODE_PREFIX):
            found = _CODE.match(chunk)
            out.append(found.group(0) if found else chunk[:MAX_CODE + 1])
    return out
