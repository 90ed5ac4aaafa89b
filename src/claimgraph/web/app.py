"""The workbench application: `create_app(db, write_token)` -> a FastAPI app serving the pages
(pages.py, Jinja2 templates, static CSS/JS) and the JSON API (api.py) over one store.

    >>> app = create_app("claims.db", write_token=None)   # read-only
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..store import open_store
from . import api, pages
from .security import WriteGuard

HERE = Path(__file__).parent
MAX_BODY_BYTES = 64 * 1024  # a judgement is a few hundred bytes; nothing legitimate is larger

_SECURITY_HEADERS = {
    # everything the pages need comes from this server; no inline script or style
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                "script-src 'self'; object-src 'none'; base-uri 'none'; "
                                "frame-ancestors 'none'; form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(db: str | None = None, write_token: str | None = None, *, store: Any = None,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The app over the store at `db` (or an open `store`, which the caller closes).
    `allowed_hosts`: the Host header values accepted (None: any)."""
    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        yield
        if app.state.owns_store:
            app.state.store.close()

    app = FastAPI(title="claimgraph workbench", lifespan=lifespan, version=__version__,
                  description="Explore, check and correct the claim map: who claimed what, via whom, "
                              "about whom. Reads are open; writes need the write token "
                              "(`Authorization: Bearer <token>`).",
                  # no Swagger UI: it loads scripts from a CDN, which the pages' CSP (and no network) forbid
                  docs_url=None, redoc_url=None)
    app.state.store = store if store is not None else open_store(db)
    app.state.owns_store = store is None
    app.state.guard = WriteGuard(write_token or None)
    app.state.templates = pages.make_templates(HERE / "templates")

    @app.middleware("http")
    async def limits_and_headers(request: Request, call_next):  # noqa: ANN202
        length = request.headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                return JSONResponse({"detail": "invalid Content-Length"}, status_code=400)
            if int(length) > MAX_BODY_BYTES:
                return JSONResponse({"detail": f"request body too large (at most {MAX_BODY_BYTES} bytes)"},
                                    status_code=413)
        elif request.method in ("POST", "PUT", "PATCH") and "chunked" in request.headers.get("transfer-encoding", ""):
            return JSONResponse({"detail": "send a Content-Length (chunked bodies are not accepted)"},
                                status_code=411)
        response: Response = await call_next(request)
        for k, v in _SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):  # noqa: ANN202
        problems = [_problem(e) for e in exc.errors()]
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": "; ".join(problems), "errors": problems}, status_code=422)
        return pages.error_page(request, 422, "Invalid input: " + "; ".join(problems))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return pages.error_page(request, exc.status_code, str(exc.detail))

    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def _problem(error: dict[str, Any]) -> str:
    """One validation error as a sentence, without echoing the (maybe huge) input back."""
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path"))
    msg = str(error.get("msg", "invalid"))
    return f"{where}: {msg}" if where else msg
