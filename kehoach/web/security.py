"""What keeps the review page local and its forms honest.

- Binding anywhere but the loopback needs an access token (refused otherwise, before starting).
- With a token, a request must carry it (once in the URL, then in a same-site cookie).
- The Host header must name this server (a page on another site cannot reach it by DNS rebinding).
- Every form post carries a per-server CSRF token and, when the browser sends one, a same-origin Origin.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

from extractor.errors import KehoachError

TOKEN_COOKIE = "kehoach_review_token"
LOCAL_NAMES = {"localhost"}


class UnsafeBind(KehoachError):
    """Asked to listen beyond this machine without an access token."""


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse a non-local bind without a token."""
    if not is_loopback(host) and not token:
        raise UnsafeBind(
            f"refusing to listen on {host} without an access token: set --token (or $KEHOACH_REVIEW_TOKEN), "
            "or keep the default 127.0.0.1"
        )


def same(a: str | None, b: str | None) -> bool:
    """Constant-time equality of two secrets (None never matches)."""
    return a is not None and b is not None and hmac.compare_digest(a.encode(), b.encode())


def new_secret() -> str:
    """A fresh random token."""
    return secrets.token_urlsafe(32)


def host_allowed(host_header: str, bind_host: str, port: int) -> bool:
    """Whether a request's Host names this server (loopback names, or the address it is bound to)."""
    parts = urlsplit("//" + host_header)
    try:
        given = parts.port
    except ValueError:
        return False
    if given is not None and given != port:
        return False
    name = parts.hostname or ""
    return is_loopback(name) or name == bind_host.strip("[]") or bind_host in ("0.0.0.0", "::")
