"""The trainers' analytics dashboard on the web app, under /analytics.

    GET  /analytics/login                    sign-in form          POST /analytics/login
    POST /analytics/logout
    GET  /analytics                          overview (since, until, channel, cohort)
    GET  /analytics/conversations            pseudonymous list (+ intent, fallback, exercise)
    GET  /analytics/conversations/{p}        masked transcript, tags; POST .../{p}/tags adds one
    GET  /analytics/feedback                 leaders' feedback: satisfaction per topic, entry and
                                             programme, and the review queue; POST .../marks marks
                                             an item (content gap, wrong route, fine, out of scope)
    GET  /analytics/export/review-cases.yml  the review queue as eval cases (tests/eval/leaders.yml)
    GET  /analytics/trainers                 accounts (admins only)
    GET  /analytics/export/{table}.csv       summary, daily, topics, unanswered, out_of_scope,
                                             reflections,
                                             programmes, commitments, conversations, report,
                                             feedback, review
    GET  /analytics/static/dashboard.css

Every page but the sign-in form needs a session (bot/web/auth.py): without one, pages redirect
to the sign-in form and CSV exports answer 401. Figures come from bot.analytics (masked and
pseudonymous there); templates autoescape everything. The database engine is built on the first
request from the settings' DATABASE_URL (nothing connects at import or start-up).
"""
from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from aiohttp import web
from argon2 import PasswordHasher
from sqlalchemy.engine import Engine

from bot.analytics import feedback as feedback_module
from bot.analytics import report as report_module
from bot.analytics import spreadsheet
from bot.analytics.accounts import AccountError, TrainerAccounts
from bot.analytics.queries import Filters, make_filters, overview
from bot.analytics.review import list_conversations, transcript
from bot.config import Settings
from bot.web import auth
from bot.web.charts import bar_chart, days_between, satisfaction_chart
from bot.web.throttle import LoginThrottle, client_address

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES = WEB_DIR / "templates" / "dashboard"
CSS = WEB_DIR / "static" / "dashboard.css"
BASE = "/analytics"
LOGIN = f"{BASE}/login"
CHANNELS = ("rest", "socketio", "teams")
PAGE_SIZE = 100
MAX_PERIOD_DAYS = 366
_PSEUDONYM = re.compile(r"^[0-9a-f]{8,64}$")
_ITEM_KEY = re.compile(rf"^[0-9a-f]{{{feedback_module.KEY_HEX}}}$")
_FREE_TEXT = re.compile(r"^[\w .:@/+-]{0,100}$")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


@dataclass
class Dashboard:
    settings: Settings
    hasher: PasswordHasher | None = None
    _engine: Engine | None = None
    _accounts: TrainerAccounts | None = None

    def __post_init__(self) -> None:
        self.sessions = auth.SessionStore(lambda: self.engine)  # in the database: shared by replicas
        self.throttle = LoginThrottle()  # sign-in attempts per client and per name (bot/web/throttle.py)
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
        )
        self.css = CSS.read_text(encoding="utf-8")

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from bot.db import get_engine, migrate

            # The trainer and tag tables come from the journal's migrations; create them if the
            # action server has not yet (it migrates at start-up too; migrating twice is a no-op).
            migrate(self.settings.database_url)
            self._engine = get_engine(self.settings.database_url)
        return self._engine

    @property
    def accounts(self) -> TrainerAccounts:
        if self._accounts is None:
            self._accounts = TrainerAccounts(self.engine, self.hasher)
        return self._accounts


DASHBOARD_KEY = web.AppKey("dashboard", Dashboard)


def setup(app: web.Application, settings: Settings, *, hasher: PasswordHasher | None = None) -> Dashboard:
    """Add the dashboard's routes (and its security headers) to the web app."""
    dashboard = Dashboard(settings, hasher)
    app[DASHBOARD_KEY] = dashboard
    app.middlewares.append(dashboard_headers)
    add = app.router.add_route
    add("GET", LOGIN, login_form)
    add("POST", LOGIN, login_submit)
    add("POST", f"{BASE}/logout", logout)
    add("GET", BASE, overview_page)
    add("GET", f"{BASE}/", overview_page)
    add("GET", f"{BASE}/conversations", conversations_page)
    add("GET", f"{BASE}/conversations/{{pseudonym}}", transcript_page)
    add("POST", f"{BASE}/conversations/{{pseudonym}}/tags", add_tag)
    add("GET", f"{BASE}/feedback", feedback_page)
    add("POST", f"{BASE}/feedback/marks", mark_item)
    add("GET", f"{BASE}/export/review-cases.yml", export_review_cases)
    add("GET", f"{BASE}/trainers", trainers_page)
    add("GET", f"{BASE}/views", views_page)
    add("GET", f"{BASE}/export/{{table}}.csv", export_csv)
    add("GET", f"{BASE}/static/dashboard.css", stylesheet)
    return dashboard


@web.middleware
async def dashboard_headers(request: web.Request, handler):
    """The dashboard's CSP and no-store on everything under /analytics, errors and redirects too."""
    if request.path != BASE and not request.path.startswith(BASE + "/"):
        return await handler(request)
    try:
        response = await handler(request)
    except web.HTTPException as error:
        for name, value in PAGE_HEADERS.items():
            error.headers[name] = value
        raise
    for name, value in PAGE_HEADERS.items():
        if name == "Cache-Control" and request.path.endswith(".css"):
            continue
        response.headers[name] = value
    return response


# Helpers --------------------------------------------------------------------------------------


def _dashboard(request: web.Request) -> Dashboard:
    return request.app[DASHBOARD_KEY]


def _session(request: web.Request) -> auth.Session | None:
    return _dashboard(request).sessions.get(request.cookies.get(auth.SESSION_COOKIE))


def _safe_next(value: str | None) -> str:
    """Only a dashboard path may follow the sign-in (no open redirect)."""
    if value and (value == BASE or value.startswith(BASE + "/") or value.startswith(BASE + "?")) \
            and "//" not in value and "\\" not in value and not value.startswith(LOGIN):
        return value
    return BASE


def _require(request: web.Request, *, csv_: bool = False) -> auth.Session:
    session = _session(request)
    if session is None:
        if csv_:
            raise web.HTTPUnauthorized(text="Sign in to the dashboard first.\n")
        raise web.HTTPSeeOther(f"{LOGIN}?{urlencode({'next': request.path_qs})}")
    return session


def _render(request: web.Request, template: str, status: int = 200, **context) -> web.Response:
    session = _session(request)
    html = _dashboard(request).templates.get_template(template).render(
        session=session, path=request.path, **context
    )
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")


def _forbidden(request: web.Request, message: str) -> web.Response:
    return _render(request, "error.html", status=403, title="Not allowed", message=message)


async def _form(request: web.Request):
    """The posted form; a malformed one (bad encoding, a broken multipart body) is a 400, not a 500."""
    try:
        return await request.post()
    except (ValueError, UnicodeDecodeError, AssertionError) as error:
        raise web.HTTPBadRequest(text="The form could not be read. Reload the page and try again.") from error


async def _blocking(function, *args, **kwargs):
    """Database work and argon2 off the event loop."""
    return await asyncio.to_thread(function, *args, **kwargs)


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not _FREE_TEXT.match(value):
        raise ValueError("Filters are letters, digits and . : @ / + - only (up to 100 characters).")
    return value


@dataclass
class Query:
    filters: Filters
    values: dict[str, str]  # what the form shows (and what links carry)
    error: str | None = None


def _filters(request: web.Request, session: auth.Session, extra: tuple[str, ...] = ()) -> Query:
    """The page's filters; a trainer limited to cohorts sees one of theirs (the asked one, else the first)."""
    get = request.query.get
    values = {key: (get(key) or "").strip() for key in ("since", "until", "channel", "cohort", *extra)}
    error = None
    try:
        channel = values["channel"] or None
        if channel and channel not in CHANNELS:
            raise ValueError(f"Channel must be one of {', '.join(CHANNELS)}.")
        filters = make_filters(values["since"] or None, values["until"] or None, channel, _text(values["cohort"]))
        if (filters.until - filters.since).days >= MAX_PERIOD_DAYS:
            raise ValueError(f"Choose a period of at most {MAX_PERIOD_DAYS} days.")
        for key in extra:
            if key != "fallback":
                _text(values[key])
        if values.get("fallback") not in (None, "", "yes", "no"):
            raise ValueError("Had a fallback is yes, no or any.")
    except ValueError as problem:
        error = str(problem)
        filters = make_filters()
        values = {key: "" for key in values}
    if session.restricted and filters.cohort not in session.cohorts:
        filters = replace(filters, cohort=session.cohorts[0])
        values["cohort"] = session.cohorts[0]
    if not values["since"]:
        values["since"] = filters.since.isoformat()
    if not values["until"]:
        values["until"] = filters.until.isoformat()
    return Query(filters, values, error)


def _query_string(values: dict[str, str]) -> str:
    return urlencode({key: value for key, value in values.items() if value})


# Sign-in ----------------------------------------------------------------------------------------


async def login_form(request: web.Request) -> web.Response:
    if _session(request) is not None:
        raise web.HTTPSeeOther(_safe_next(request.query.get("next")))
    return _login_page(request)


def _login_page(request: web.Request, status: int = 200, error: str | None = None, name: str = "",
                next_: str | None = None) -> web.Response:
    token = auth.new_token()
    response = _render(request, "login.html", status=status, title="Sign in", csrf=token, error=error, name=name,
                       next=_safe_next(next_ if next_ is not None else request.query.get("next")))
    auth.set_cookie(response, request, auth.LOGIN_CSRF_COOKIE, token, auth.LOGIN_CSRF_SECONDS)
    return response


async def login_submit(request: web.Request) -> web.Response:
    form = await _form(request)
    if not auth.tokens_match(request.cookies.get(auth.LOGIN_CSRF_COOKIE), form.get("csrf")):
        return _forbidden(request, "The sign-in form expired or did not come from this site. Reload it and try again.")
    name, password = form.get("name"), form.get("password")
    next_ = _safe_next(form.get("next") if isinstance(form.get("next"), str) else None)
    if not isinstance(name, str) or not isinstance(password, str) or not name or not password:
        return _login_page(request, 400, "Enter your name and password.", next_=next_)
    name = name.strip()[:100]
    dashboard = _dashboard(request)
    client = client_address(request.remote, request.headers.get("X-Real-IP"), dashboard.settings.trusted_proxy_list)
    decision = dashboard.throttle.check(client, name)
    if not decision.allowed:
        return _too_many_attempts(request, decision.retry_after_s, name, next_)
    result = await _blocking(dashboard.accounts.verify_login, name, password)
    if not result.ok or result.trainer is None:
        decision = dashboard.throttle.failed(client, name)
        if not decision.allowed:
            return _too_many_attempts(request, decision.retry_after_s, name, next_)
        return _login_page(request, 401, "The name or password is not right.", name, next_)
    dashboard.throttle.succeeded(name)
    sessions = dashboard.sessions
    await _blocking(sessions.delete, request.cookies.get(auth.SESSION_COOKIE))  # a fresh token at every sign-in
    session = await _blocking(sessions.create, result.trainer.name)
    if session is None:  # removed between the password check and now
        return _login_page(request, 401, "The name or password is not right.", name, next_)
    response = web.HTTPSeeOther(next_)
    auth.set_cookie(response, request, auth.SESSION_COOKIE, session.token, auth.SESSION_SECONDS)
    auth.clear_cookie(response, auth.LOGIN_CSRF_COOKIE)
    raise response


def _too_many_attempts(request: web.Request, retry_after_s: int, name: str, next_: str | None) -> web.Response:
    response = _login_page(request, 429, f"Too many attempts, try again in {retry_after_s} seconds.", name, next_)
    response.headers["Retry-After"] = str(retry_after_s)
    return response


async def logout(request: web.Request) -> web.Response:
    session = _session(request)
    form = await _form(request)
    if session is None:
        raise web.HTTPSeeOther(LOGIN)
    if not auth.tokens_match(session.csrf, form.get("csrf")):
        return _forbidden(request, "That sign-out did not come from this dashboard.")
    _dashboard(request).sessions.delete(session.token)
    response = web.HTTPSeeOther(LOGIN)
    auth.clear_cookie(response, auth.SESSION_COOKIE)
    raise response


# Pages ------------------------------------------------------------------------------------------


async def overview_page(request: web.Request) -> web.Response:
    session = _require(request)
    query = _filters(request, session)
    figures = await _blocking(overview, _dashboard(request).engine, query.filters)
    series = days_between(query.filters.since, query.filters.until, figures["conversations_per_day"])
    chart = bar_chart(
        series, title="Conversations per day", x_label="Day (UTC, month-day)", y_label="Conversations",
        chart_id="chart-daily",
    )
    programmes = sorted(set(figures["programme_referrals"]["shown"]) | set(figures["programme_referrals"]["clicked"]))
    return _render(
        request, "overview.html", title="Overview", query=query, qs=_query_string(query.values),
        channels=CHANNELS, figures=figures, chart=chart, series=series, programmes=programmes,
        commitments=commitment_rows(figures) if figures["commitments"]["by_cohort"] else [],
    )


CONVERSATION_FILTERS = ("intent", "fallback", "exercise")


def _conversations(dashboard: Dashboard, query: Query, offset: int = 0, limit: int = PAGE_SIZE):
    fallback = {"yes": True, "no": False}.get(query.values.get("fallback", ""))
    return list_conversations(
        dashboard.engine, query.filters, intent=query.values.get("intent") or None, had_fallback=fallback,
        exercise=query.values.get("exercise") or None, limit=limit, offset=offset,
    )


def _offset(request: web.Request) -> int:
    try:
        return max(0, min(int(request.query.get("offset", "0")), 1_000_000))
    except ValueError:
        return 0


async def conversations_page(request: web.Request) -> web.Response:
    session = _require(request)
    query = _filters(request, session, CONVERSATION_FILTERS)
    offset = _offset(request)
    rows = await _blocking(_conversations, _dashboard(request), query, offset, PAGE_SIZE + 1)
    more = len(rows) > PAGE_SIZE
    qs = _query_string(query.values)
    return _render(
        request, "conversations.html", title="Conversations", query=query, qs=qs, channels=CHANNELS,
        rows=rows[:PAGE_SIZE], offset=offset, next_offset=offset + PAGE_SIZE if more else None,
        previous_offset=max(0, offset - PAGE_SIZE) if offset else None,
        period_qs=_query_string({"since": query.values["since"], "until": query.values["until"]}),
    )


def _transcript_context(dashboard: Dashboard, pseudonym: str, filters: Filters):
    found = transcript(dashboard.engine, pseudonym, filters)
    tags = dashboard.accounts.list_tags(pseudonym)
    return found, tags


async def transcript_page(request: web.Request, *, status: int = 200, error: str | None = None,
                          form: dict | None = None) -> web.Response:
    session = _require(request)
    pseudonym = request.match_info["pseudonym"]
    query = _filters(request, session)
    if not _PSEUDONYM.match(pseudonym):
        raise web.HTTPNotFound(text="No such conversation.")
    found, tags = await _blocking(_transcript_context, _dashboard(request), pseudonym, query.filters)
    if (found is None and not tags) or not session.may_see(found and found["cohort"]):
        # Another cohort's conversation is "not found" to a trainer limited to theirs.
        return _render(request, "error.html", status=404, title="Conversation not found",
                       message="No conversation with that pseudonym in this period. Try a longer period.")
    await _blocking(_dashboard(request).accounts.record_view, session.name, pseudonym)
    period_qs = _query_string({"since": query.values["since"], "until": query.values["until"]})
    return _render(
        request, "transcript.html", status=status, title=f"Conversation {pseudonym}", pseudonym=pseudonym,
        conversation=found, tags=tags, csrf=session.csrf, error=error, form=form or {"tag": "", "note": ""},
        query=query, period_qs=period_qs,
    )


async def add_tag(request: web.Request) -> web.Response:
    session = _require(request)
    form = await _form(request)
    if not auth.tokens_match(session.csrf, form.get("csrf")):
        return _forbidden(request, "That form did not come from this dashboard. Reload the page and try again.")
    pseudonym = request.match_info["pseudonym"]
    if not _PSEUDONYM.match(pseudonym):
        raise web.HTTPNotFound(text="No such conversation.")
    if session.restricted:
        found, _ = await _blocking(_transcript_context, _dashboard(request), pseudonym, _filters(request, session).filters)
        if not session.may_see(found and found["cohort"]):
            raise web.HTTPNotFound(text="No such conversation.")
    tag, note = form.get("tag"), form.get("note") or ""
    if not isinstance(tag, str) or not isinstance(note, str):
        return await transcript_page(request, status=400, error="A tag is text.")
    try:
        await _blocking(_dashboard(request).accounts.add_tag, pseudonym, tag, session.name, note)
    except AccountError as problem:
        return await transcript_page(request, status=400, error=str(problem), form={"tag": tag, "note": note})
    query = _filters(request, session)
    period_qs = _query_string({"since": query.values["since"], "until": query.values["until"]})
    raise web.HTTPSeeOther(f"{BASE}/conversations/{pseudonym}?{period_qs}#tags")


# Feedback and the review queue (bot/analytics/feedback.py) ---------------------------------------

FEEDBACK_GROUPS = (("by_topic", "Topic"), ("by_entry", "Entry"), ("by_programme", "Programme (cohort)"))


def _feedback_context(dashboard: Dashboard, filters: Filters) -> tuple[dict, list[dict]]:
    return (feedback_module.summary(dashboard.engine, filters),
            feedback_module.review_queue(dashboard.engine, filters))


async def feedback_page(request: web.Request, *, status: int = 200, error: str | None = None) -> web.Response:
    session = _require(request)
    query = _filters(request, session)
    summary, queue = await _blocking(_feedback_context, _dashboard(request), query.filters)
    chart = satisfaction_chart(list(summary["by_topic"].items()), title="Answers rated, per topic",
                               chart_id="chart-satisfaction")
    return _render(request, "feedback.html", status=status, title="Feedback and review", query=query,
                   qs=_query_string(query.values), channels=CHANNELS, summary=summary, queue=queue, chart=chart,
                   groups=FEEDBACK_GROUPS, marks=feedback_module.MARKS, csrf=session.csrf, error=error)


async def mark_item(request: web.Request) -> web.Response:
    session = _require(request)
    form = await _form(request)
    if not auth.tokens_match(session.csrf, form.get("csrf")):
        return _forbidden(request, "That form did not come from this dashboard. Reload the page and try again.")
    key, mark = form.get("key"), form.get("mark")
    if not isinstance(key, str) or not _ITEM_KEY.match(key) or mark not in feedback_module.MARKS:
        return await feedback_page(request, status=400, error="Choose one of the marks for an item of the queue.")
    await _blocking(_dashboard(request).accounts.add_tag, key, feedback_module.MARK_PREFIX + mark, session.name)
    raise web.HTTPSeeOther(f"{BASE}/feedback?{_query_string(_filters(request, session).values)}#item-{key}")


async def export_review_cases(request: web.Request) -> web.Response:
    session = _require(request, csv_=True)
    query = _filters(request, session)
    if query.error:
        raise web.HTTPBadRequest(text=query.error + "\n")
    _, queue = await _blocking(_feedback_context, _dashboard(request), query.filters)
    stamp = f"{query.filters.since.isoformat()}_{query.filters.until.isoformat()}"
    return web.Response(text=feedback_module.to_eval_yaml(queue), content_type="text/yaml", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="coach-review-cases-{stamp}.yml"'})


def _feedback_table(table: str, dashboard: Dashboard, filters: Filters) -> str:
    if table == "feedback":
        summary = feedback_module.summary(dashboard.engine, filters)
        rows = [(label, key, t["answered"], t["helpful"], t["not_helpful"], t["no_feedback"],
                 "" if t["satisfaction"] is None else t["satisfaction"])
                for group, label in FEEDBACK_GROUPS for key, t in summary[group].items()]
        return _csv(["group", "name", "answered", "helpful", "not_helpful", "no_feedback", "satisfaction"], rows)
    queue = feedback_module.review_queue(dashboard.engine, filters)
    return _csv(["kind", "question (masked)", "count", "answer rated", "reasons", "comments (masked)",
                 "nearest entry", "mark"],
                ((i["kind"], i["question"], i["count"], i["entry_id"] or "",
                  " ".join(f"{k}:{n}" for k, n in i["reasons"].items()), " | ".join(i["comments"]),
                  (i["nearest"] or {}).get("id", ""), feedback_module.MARKS.get(i["mark"], "")) for i in queue))


async def _admin_page(request: web.Request, refusal: str, load, template: str, title: str, name: str):
    """A page for admins only, showing what `load(accounts)` returns as `name`."""
    session = _require(request)
    if not session.is_admin:
        return _forbidden(request, refusal)
    rows = await _blocking(load, _dashboard(request).accounts)
    return _render(request, template, title=title, **{name: rows})


async def trainers_page(request: web.Request) -> web.Response:
    return await _admin_page(request, "Only administrators can see the trainers' accounts.",
                             TrainerAccounts.list_trainers, "trainers.html", "Trainers", "trainers")


async def views_page(request: web.Request) -> web.Response:
    """Admins: who opened which transcript, and when (newest first)."""
    return await _admin_page(request, "Only administrators can see who opened which transcript.",
                             TrainerAccounts.list_views, "views.html", "Transcript views", "views")


async def stylesheet(request: web.Request) -> web.Response:
    return web.Response(text=_dashboard(request).css, content_type="text/css", charset="utf-8",
                        headers={"Cache-Control": "no-cache"})


# CSV --------------------------------------------------------------------------------------------


_csv = spreadsheet.to_csv  # every cell escaped against spreadsheet formulas (bot/analytics/spreadsheet.py)


def _overview_table(table: str, figures: dict, filters: Filters) -> str | None:
    if table == "summary":
        return _csv(["metric", "value"], [
            ("period_from", figures["period"]["from"]), ("period_to", figures["period"]["to"]),
            ("conversations", figures["conversations"]), ("unique_leaders", figures["leaders"]),
            ("messages", figures["messages"]), ("average_turns", figures["average_turns"]),
            ("fallback_rate", figures["fallback_rate"]), ("unanswered", figures["unanswered_total"]),
            ("out_of_scope", figures["out_of_scope_total"]), ("wellbeing_signposts", figures["wellbeing_signposts"]),
            ("clinical_declines", figures["clinical_declines"]),
        ])
    if table == "daily":
        return _csv(["day", "conversations"],
                    days_between(filters.since, filters.until, figures["conversations_per_day"]))
    if table == "topics":
        return _csv(["topic", "count"], figures["top_topics"].items())
    if table in ("unanswered", "out_of_scope"):
        return _csv(["question (masked)", "count"], ((u["text"], u["count"]) for u in figures[table]))
    if table == "reflections":
        return _csv(["exercise", "started", "completed", "saved"], (
            (name, f["started"], f["completed"], f["saved"])
            for name, f in figures["reflections"]["by_exercise"].items()
        ))
    if table == "programmes":
        referrals = figures["programme_referrals"]
        names = sorted(set(referrals["shown"]) | set(referrals["clicked"]))
        return _csv(["programme", "shown", "clicked"],
                    ((n, referrals["shown"].get(n, 0), referrals["clicked"].get(n, 0)) for n in names))
    if table == "commitments":
        return _csv(["cohort", *COMMITMENT_COLUMNS], commitment_rows(figures))
    if table == "report":
        return report_module.to_csv(figures)
    return None


COMMITMENT_COLUMNS = ("made", "checked_in", "done", "partly", "not_yet", "skipped", "teams_reminders")


def commitment_rows(figures: dict) -> list[tuple]:
    """The commitments table: a row per cohort, then all cohorts (counts only)."""
    commitments = figures["commitments"]
    rows = [(cohort, *(counts[c] for c in COMMITMENT_COLUMNS)) for cohort, counts in commitments["by_cohort"].items()]
    total = {"made": commitments["made"], "checked_in": commitments["checked_in"],
             "teams_reminders": commitments["teams_reminders"], **commitments["outcomes"]}
    return [*rows, ("all cohorts", *(total[c] for c in COMMITMENT_COLUMNS))]


FEEDBACK_TABLES = ("feedback", "review")
OVERVIEW_TABLES = ("summary", "daily", "topics", "unanswered", "out_of_scope", "reflections", "programmes", "commitments", "report")


def _export(dashboard: Dashboard, table: str, query: Query) -> str | None:
    if table == "conversations":
        rows = _conversations(dashboard, query, 0, 500)
        return _csv(
            ["pseudonym", "first", "last", "channel", "cohort", "turns", "had_fallback", "exercises"],
            ((c.pseudonym, c.first.isoformat(), c.last.isoformat(), c.channel or "", c.cohort or "", c.turns,
              "yes" if c.had_fallback else "no", " ".join(c.exercises)) for c in rows),
        )
    if table in FEEDBACK_TABLES:
        return _feedback_table(table, dashboard, query.filters)
    if table in OVERVIEW_TABLES:
        return _overview_table(table, overview(dashboard.engine, query.filters), query.filters)
    return None


async def export_csv(request: web.Request) -> web.Response:
    session = _require(request, csv_=True)
    table = request.match_info["table"]
    if table != "conversations" and table not in OVERVIEW_TABLES and table not in FEEDBACK_TABLES:
        raise web.HTTPNotFound(text="No such table.\n")
    query = _filters(request, session, CONVERSATION_FILTERS if table == "conversations" else ())
    if query.error:
        raise web.HTTPBadRequest(text=query.error + "\n")
    body = await _blocking(_export, _dashboard(request), table, query)
    stamp = f"{query.filters.since.isoformat()}_{query.filters.until.isoformat()}"
    return web.Response(
        text=body, content_type="text/csv", charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="coach-{table}-{stamp}.csv"'},
    )
