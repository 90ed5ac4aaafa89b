"""The server-rendered pages (Jinja2) and their forms. Every page works without JavaScript;
static/app.js only adds conveniences (highlighting the statement an anchor points to)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from ..model import STANCES
from ..store import statement_judgements as sj
from . import charts, data, highlight
from .api import ActorIdPath, IdPath, SearchParams, record_decision
from .models import MAX_QUERY, DecisionIn, EditIn, ReviewIn, split_targets
from .security import CSRF_FIELD, SESSION_COOKIE, same_origin

router = APIRouter(include_in_schema=False)

# stance -> (what a cell or badge says, +1 blames / -1 rejects / 0 neither), for legends
STANCE_WORDS = {
    "accuse": "accuses", "claim_responsibility": "claims it", "acknowledge": "acknowledges",
    "assert": "asserts", "deny": "denies", "reject": "rejects", "question": "questions",
    "warn": "warns", "other": "other",
}


def make_templates(directory: Path) -> Jinja2Templates:
    t = Jinja2Templates(directory=str(directory))
    t.env.globals.update(STANCES=STANCES, STANCE_WORDS=STANCE_WORDS, CSRF_FIELD=CSRF_FIELD)
    t.env.filters["day"] = lambda v: (v or "")[:10] or "undated"
    # an article's URL comes from the crawled page: only http(s) may become a link
    t.env.filters["http_url"] = lambda v: v if isinstance(v, str) and v.lower().startswith(("http://", "https://")) else ""
    return t


def _context(request: Request, **values: Any) -> dict[str, Any]:
    guard = request.app.state.guard
    signed_in = guard.session_id(request) is not None
    return {"request": request, "writable": guard.enabled, "signed_in": signed_in,
            "csrf": guard.csrf_token(request) if signed_in else None, **values}


def render(request: Request, name: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, _context(request, **values),
                                                        status_code=status_code)


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status_code, status=status_code, message=message)


def _store(request: Request) -> Any:
    return request.app.state.store


# -- reading ----------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, params: Annotated[SearchParams, Depends()]) -> HTMLResponse:
    store = _store(request)
    searched = any(v for v in params.values.values())
    result = data.search(store, params.filter, params.page, params.page_size)
    query = {k: v for k, v in params.values.items() if v}

    def page_link(n: int) -> str:
        return "/?" + urlencode({**query, "page": n, "page_size": params.page_size}, doseq=True)

    return render(request, "search.html", title="Search statements", values=params.values, result=result,
                  searched=searched, facets=data.facets(store), page_link=page_link,
                  events=data.event_list(store, 5), articles=data.article_list(store, 8) if not searched else [])


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request) -> HTMLResponse:
    return render(request, "articles.html", title="Articles", articles=data.article_list(_store(request), 200))


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: IdPath) -> HTMLResponse:
    a = data.article(_store(request), article_id)
    if a is None:
        raise HTTPException(404, "No article with this id.")
    body = highlight.render(a["text"], a["highlights"], a["statements_by_id"])
    return render(request, "article.html", title=a["title"] or "Article", article=a, body=body)


@router.get("/statement/{attribution_id}", response_class=HTMLResponse)
def statement_page(request: Request, attribution_id: IdPath, saved: str | None = None) -> HTMLResponse:
    s = data.statement(_store(request), attribution_id)
    if s is None:
        raise HTTPException(404, "No statement with this id.")
    return render(request, "statement.html", title="Statement", s=s, saved=saved == "1")


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, q: Annotated[str | None, Query(max_length=MAX_QUERY)] = None) -> HTMLResponse:
    return render(request, "actors.html", title="Actors", q=q or "",
                  actors=data.actor_list(_store(request), q, 200))


@router.get("/actor/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: ActorIdPath) -> HTMLResponse:
    a = data.actor(_store(request), actor_id)
    if a is None:
        raise HTTPException(404, "No actor with this id (is the claim graph built?).")
    points = [{"date": p["published"], "lane": p["party"],
               "cls": "pos" if p["polarity"] > 0 else ("neg" if p["polarity"] < 0 else "neutral"),
               "label": f"{(p['published'] or '')[:10]}: "
                        f"{'blames' if p['polarity'] > 0 else 'rejects blame on' if p['polarity'] < 0 else 'mentions'} {p['party']}",
               "href": f"/statement/{p['attribution_id']}"} for p in a["positions"]]
    if not points:  # no responsibility claims: chart the stances over time instead
        points = [{"date": s["published"], "lane": s["stance"], "cls": f"stance-{s['stance']}",
                   "label": f"{(s['published'] or '')[:10]}: {s['stance']}: {s['content'][:80]}",
                   "href": f"/statement/{s['attribution_id']}"} for s in a["statements"] if not s["rejected"]]
    chart = charts.timeline(points, f"Positions of {a['name']} over time")
    return render(request, "actor.html", title=a["name"], actor=a, chart=chart)


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request) -> HTMLResponse:
    from ..graph.story import graph_is_stale

    store = _store(request)
    return render(request, "stories.html", title="Stories", events=data.event_list(store, 200),
                  stale=graph_is_stale(store))


@router.get("/story/{event_id}", response_class=HTMLResponse)
def story_page(request: Request, event_id: IdPath) -> HTMLResponse:
    d = data.story(_store(request), event_id)
    if d is None:
        raise HTTPException(404, "No event with this id (is the claim graph built?).")
    cells = {(c["speaker_id"], c["party_id"]): (i, c) for i, c in enumerate(d["matrix"])}
    points = []
    for t in d["timeline"]:
        t["href"] = "/?" + urlencode({k: v for k, v in (("target", t["party"]), ("date_from", t["start"]),
                                                         ("date_to", t["end"])) if v})
        when = t["start"] if t["unit"] == "day" else f"{t['start']} – {t['end']}"
        mix = ", ".join(f"{n} {STANCE_WORDS.get(st, st)}" for st, n in t["stances"].items())
        points.append({"date": t["start"], "lane": t["party"], "cls": f"stance-{t['stance']}",
                       "label": f"{when or 'undated'}: {t['statements']} statement{'s' * (t['statements'] != 1)} "
                                f"about {t['party']} ({mix})", "href": t["href"]})
    for ch in d["changes"]:
        e = ch["evidence"]
        points.append({"date": e.get("published"), "lane": "position changes", "cls": "change",
                       "label": f"{e.get('published') or 'undated'}: {ch['actor']} {ch['kind']} on {ch['party']}",
                       "href": f"/article/{e.get('article_id')}#ev-{e['attribution_id']}"})
    chart = charts.timeline(points, f"Timeline of statements and position changes: {d['event']['label']}")
    return render(request, "story.html", title=d["event"]["label"], story=d, cells=cells, chart=chart)


@router.get("/judgements", response_class=HTMLResponse)
def judgements_page(request: Request) -> HTMLResponse:
    return render(request, "judgements.html", title="Judgements", judgements=data.judgement_list(_store(request)))


# -- signing in -------------------------------------------------------------------------------

def _local_path(value: str | None) -> str:
    """Only a path on this server is a place to go back to (no open redirect)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value and len(value) < 500:
        return value
    return "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", title="Sign in to correct", next=_local_path(next))


@router.post("/login")
def login(request: Request, token: Annotated[str, Form(max_length=512)],
          next: Annotated[str | None, Form(max_length=500)] = None) -> Any:
    guard = request.app.state.guard
    if not guard.enabled:
        raise HTTPException(403, "This workbench is read-only: it was started without a write token.")
    if not same_origin(request):
        raise HTTPException(403, "Sign-in refused: the form was not sent from this site.")
    if not guard.token_matches(token):
        return render(request, "login.html", status_code=401, title="Sign in to correct", next=_local_path(next),
                      failed=True)
    response = RedirectResponse(_local_path(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, guard.new_session_cookie(), httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str | None, Form(max_length=200)] = None) -> Any:
    request.app.state.guard.require_form_write(request, csrf_token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- corrections (forms) ----------------------------------------------------------------------

def _valid(model: type, request: Request, **fields: Any) -> Any:
    try:
        return model(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc']) or 'form'}: {err['msg']}" for err in e.errors())
        raise HTTPException(422, f"Nothing was changed. {problems}") from None


def _saved(attribution_id: str) -> RedirectResponse:
    return RedirectResponse(f"/statement/{attribution_id}?saved=1", status_code=303)


@router.post("/statement/{attribution_id}/review")
def review_form(request: Request, attribution_id: IdPath,
                verdict: Annotated[str, Form(max_length=20)],
                note: Annotated[str | None, Form(max_length=2000)] = None,
                csrf_token: Annotated[str | None, Form(max_length=200)] = None) -> Any:
    request.app.state.guard.require_form_write(request, csrf_token)
    body = _valid(ReviewIn, request, verdict=verdict, note=note or None)
    try:
        sj.record(_store(request), sj.REVIEW, attribution_id, {"verdict": body.verdict}, note=body.note)
    except KeyError:
        raise HTTPException(404, "No statement with this id.") from None
    return _saved(attribution_id)


@router.post("/statement/{attribution_id}/edit")
def edit_form(request: Request, attribution_id: IdPath,
              speaker: Annotated[str | None, Form(max_length=2000)] = None,
              stance: Annotated[str | None, Form(max_length=40)] = None,
              targets: Annotated[str | None, Form(max_length=5000)] = None,
              clear_targets: Annotated[str | None, Form(max_length=10)] = None,
              note: Annotated[str | None, Form(max_length=2000)] = None,
              csrf_token: Annotated[str | None, Form(max_length=200)] = None) -> Any:
    request.app.state.guard.require_form_write(request, csrf_token)
    current = data.statement(_store(request), attribution_id)
    if current is None:
        raise HTTPException(404, "No statement with this id.")
    # the form shows every field filled in: only what the user changed is a correction
    speaker = (speaker or "").strip() or None
    target_list = [] if clear_targets else split_targets(targets)
    if speaker == (current["speaker"] or None):
        speaker = None
    if stance == current["stance"]:
        stance = None
    if target_list is not None and target_list == current["targets"]:
        target_list = None
    if speaker is None and stance is None and target_list is None:
        raise HTTPException(422, "Nothing was changed: the form holds the values already shown.")
    body = _valid(EditIn, request, speaker=speaker, stance=stance or None, targets=target_list, note=note or None)
    try:
        sj.record(_store(request), sj.EDIT, attribution_id, body.edits(), note=body.note)
    except KeyError:
        raise HTTPException(404, "No statement with this id.") from None
    return _saved(attribution_id)


@router.post("/judgements/{judgement_id}/delete")
def withdraw_form(request: Request, judgement_id: IdPath,
                  next: Annotated[str | None, Form(max_length=500)] = None,
                  csrf_token: Annotated[str | None, Form(max_length=200)] = None) -> Any:
    request.app.state.guard.require_form_write(request, csrf_token)
    if not sj.delete(_store(request), judgement_id):
        raise HTTPException(404, "No judgement with this id.")
    return RedirectResponse(_local_path(next or "/judgements"), status_code=303)


@router.post("/actors/{kind}")
def decision_form(request: Request, kind: str, a: Annotated[str, Form(max_length=2000)],
                  b: Annotated[str, Form(max_length=2000)],
                  note: Annotated[str | None, Form(max_length=2000)] = None,
                  next: Annotated[str | None, Form(max_length=500)] = None,
                  csrf_token: Annotated[str | None, Form(max_length=200)] = None) -> Any:
    if kind not in ("merge", "split"):
        raise HTTPException(404, "Unknown action: merge or split.")
    request.app.state.guard.require_form_write(request, csrf_token)
    body = _valid(DecisionIn, request, a=a, b=b, note=note or None)
    record_decision(_store(request), kind, body)
    return RedirectResponse(_local_path(next or "/judgements"), status_code=303)


@router.post("/graph/build")
def build_form(request: Request, next: Annotated[str | None, Form(max_length=500)] = None,
               csrf_token: Annotated[str | None, Form(max_length=200)] = None) -> Any:
    from ..graph.build import build_graph

    request.app.state.guard.require_form_write(request, csrf_token)
    build_graph(_store(request))
    return RedirectResponse(_local_path(next or "/stories"), status_code=303)
