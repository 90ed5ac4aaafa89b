"""Who may write, and how a write proves it is wanted.

- The workbench is read-only unless it was started with a write token (`--write-token` or
  CLAIMGRAPH_WRITE_TOKEN). Every write checks it; without one, every write is refused (403).
- The API takes the token in a header (`Authorization: Bearer T` or `X-Claimgraph-Token: T`).
  A page in another site cannot make a browser send a custom header cross-origin without a
  CORS preflight, which this server never grants, so header-authenticated writes need no
  further cross-site protection.
- The pages' forms: the user types the token once (/login); the server answers with a session
  cookie (HttpOnly, SameSite=Strict) holding a random session id signed with a key derived
  from the token, and each form carries a CSRF token bound to that session (an HMAC of the
  session id). A form write needs the cookie, the matching CSRF field, and an Origin (or, when
  a browser sends none, Referer) header naming this server. Cookies die with the process (the
  signing key mixes in a per-process secret) and whenever the token changes.
- Comparisons are constant-time (hmac.compare_digest).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

SESSION_COOKIE = "claimgraph_session"
CSRF_FIELD = "csrf_token"
TOKEN_HEADER = "x-claimgraph-token"
MAX_TOKEN_CHARS = 512


@dataclass
class WriteGuard:
    token: str | None
    _process_secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    def _key(self) -> bytes:
        assert self.token
        return hashlib.sha256(self._process_secret + self.token.encode("utf-8")).digest()

    def _sign(self, purpose: str, value: str) -> str:
        return hmac.new(self._key(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    def token_matches(self, candidate: str | None) -> bool:
        if not self.enabled or not candidate or len(candidate) > MAX_TOKEN_CHARS:
            return False
        return hmac.compare_digest(candidate.encode("utf-8"), self.token.encode("utf-8"))

    # -- sessions (pages) ------------------------------------------------------------------
    def new_session_cookie(self) -> str:
        sid = secrets.token_hex(16)
        return f"{sid}.{self._sign('session', sid)}"

    def session_id(self, request: Request) -> str | None:
        """The request's session id when its cookie is one this process signed, else None."""
        if not self.enabled:
            return None
        cookie = request.cookies.get(SESSION_COOKIE) or ""
        sid, _, sig = cookie.partition(".")
        if not sid or len(cookie) > 200 or not hmac.compare_digest(sig, self._sign("session", sid)):
            return None
        return sid

    def csrf_token(self, request: Request) -> str | None:
        sid = self.session_id(request)
        return self._sign("csrf", sid) if sid else None

    # -- the checks ------------------------------------------------------------------------
    def require_api_write(self, request: Request) -> None:
        """An API write: the token in a header (or a page session with its CSRF header)."""
        self._require_enabled()
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip() if auth[:7].lower() == "bearer " else request.headers.get(TOKEN_HEADER)
        if self.token_matches(given):
            if not same_origin_or_absent(request):
                raise HTTPException(403, "cross-origin write refused (Origin does not match this server)")
            return
        # The page's JavaScript may call the API with the session cookie and the CSRF token.
        csrf = request.headers.get("x-csrf-token")
        if csrf and self._session_csrf_ok(request, csrf):
            return
        raise HTTPException(401, "this write needs the write token: send 'Authorization: Bearer <token>'")

    def require_form_write(self, request: Request, csrf: str | None) -> None:
        self._require_enabled()
        if self.session_id(request) is None:
            raise HTTPException(401, "sign in with the write token first (/login)")
        if not csrf or not self._session_csrf_ok(request, csrf):
            raise HTTPException(403, "the form's CSRF token is missing or stale: reload the page and try again")

    def _session_csrf_ok(self, request: Request, csrf: str) -> bool:
        expected = self.csrf_token(request)
        return (expected is not None and len(csrf) <= 200 and hmac.compare_digest(csrf, expected)
                and same_origin(request))

    def _require_enabled(self) -> None:
        if not self.enabled:
            raise HTTPException(403, "the workbench is read-only: start it with --write-token "
                                     "(or CLAIMGRAPH_WRITE_TOKEN) to record corrections")


def _origin_of(request: Request) -> str:
    host = request.headers.get("host", "")
    return f"{request.url.scheme}://{host}".lower()


def _header_origin(request: Request) -> str | None:
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return origin.lower().rstrip("/")
    referer = request.headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}".lower()
    return None


def same_origin(request: Request) -> bool:
    """The browser says the request comes from a page of this server (Origin, else Referer).
    A form post with neither is refused: every current browser sends Origin on POST."""
    given = _header_origin(request)
    return given is not None and given == _origin_of(request)


def same_origin_or_absent(request: Request) -> bool:
    """For token-bearing API calls: scripts and curl send no Origin; a browser always does."""
    given = _header_origin(request)
    return given is None or given == _origin_of(request)
