"""Sign-in, sessions, CSRF and roles of the trainers' dashboard."""
from __future__ import annotations

import pytest
from aiohttp import web

from bot.analytics.privacy import pseudonym
from bot.config import Settings
from bot.web import auth, dashboard
from bot.web.app import common_headers
from bot.web.throttle import CLIENT_MAX_FAILURES
from tests.unit.web.conftest import FAST_HASHER, PASSWORD, PERIOD, csrf_in, login, run, signed_in

PAGES = ["/analytics", "/analytics/", "/analytics/conversations", "/analytics/conversations/0123456789abcdef0123",
         "/analytics/trainers"]
EXPORTS = [f"/analytics/export/{table}.csv" for table in
           ("summary", "daily", "topics", "unanswered", "reflections", "programmes", "report", "conversations")]


def test_without_a_session_pages_redirect_to_sign_in_and_exports_answer_401(app):
    async def scenario(client):
        for path in PAGES:
            response = await client.get(path, params=PERIOD, allow_redirects=False)
            assert response.status == 303, path
            assert response.headers["Location"].startswith("/analytics/login?next=/analytics"), path
            assert "sourdough" not in await response.text()
        for path in EXPORTS:
            response = await client.get(path, params=PERIOD, allow_redirects=False)
            assert response.status == 401, path
            body = await response.text()
            assert "sourdough" not in body and "," not in body
        # A made-up session token is no session.
        client.session.cookie_jar.update_cookies({auth.SESSION_COOKIE: "forged"})
        response = await client.get("/analytics", allow_redirects=False)
        assert response.status == 303
        for path in ("/analytics/conversations/0123456789abcdef0123/tags",):
            response = await client.post(path, data={"tag": "x"}, allow_redirects=False)
            assert response.status == 303

    run(app, scenario)


def test_the_sign_in_form_has_labels_csrf_and_the_dashboard_headers(app):
    async def scenario(client):
        page = await client.get("/analytics/login")
        html = await page.text()
        assert page.status == 200
        assert '<label for="name">' in html and '<label for="password">' in html
        assert page.headers["Content-Security-Policy"] == (
            "default-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
        )
        assert page.headers["Cache-Control"] == "no-store"
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        cookie = page.headers["Set-Cookie"]
        assert "slc_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert "<script" not in html and "http://" not in html and "https://" not in html
        css = await client.get("/analytics/static/dashboard.css")
        assert css.status == 200 and css.content_type == "text/css"

    run(app, scenario)


def test_a_right_password_signs_in_with_a_strict_http_only_cookie(app):
    async def scenario(client):
        response = await login(client)
        assert response.status == 303
        assert response.headers["Location"] == "/analytics"
        cookie = next(v for v in response.headers.getall("Set-Cookie") if v.startswith("slc_session="))
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/analytics" in cookie
        assert "Max-Age=28800" in cookie and "Secure" not in cookie  # plain http in tests
        page = await client.get("/analytics", params=PERIOD)
        assert page.status == 200 and "Signed in as tess (trainer)" in await page.text()

    run(app, scenario)


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(app):
    async def scenario(client):
        page = await client.get("/analytics/conversations", params=PERIOD)  # follows the redirect
        html = await page.text()
        assert 'name="next" value="/analytics/conversations?since=2025-03-10&amp;until=2025-03-10"' in html
        response = await client.post("/analytics/login", allow_redirects=False, data={
            "csrf": csrf_in(html), "name": "tess", "password": PASSWORD, "next": "//evil.example/analytics"})
        assert response.headers["Location"] == "/analytics"

    run(app, scenario)


@pytest.mark.parametrize("name,password", [("tess", "wrong password here"), ("nobody", PASSWORD), ("tess", "")])
def test_a_wrong_name_or_password_shows_an_error_and_no_data(app, name, password):
    async def scenario(client):
        response = await login(client, name, password)
        html = await response.text()
        assert response.status in (400, 401)
        assert "slc_session" not in response.headers.get("Set-Cookie", "")
        assert 'role="alert"' in html and "sourdough" not in html
        assert (await client.get("/analytics", allow_redirects=False)).status == 303

    run(app, scenario)


def proxied_app(database_url):
    """The dashboard behind a trusted proxy, so each test client can name its own address."""
    application = web.Application(middlewares=[common_headers])
    settings = Settings.from_environ({"DATABASE_URL": database_url, "TRUSTED_PROXIES": "127.0.0.1"})
    dashboard.setup(application, settings, hasher=FAST_HASHER)
    return application


async def login_from(client, address: str, name: str, password: str):
    page = await client.get("/analytics/login")
    token = csrf_in(await page.text())
    return await client.post("/analytics/login", data={"csrf": token, "name": name, "password": password},
                             headers={"X-Real-IP": address}, allow_redirects=False)


def test_a_spray_of_20_failures_across_five_names_from_one_client_is_slowed(database_url):
    async def scenario(client):
        names = ["tess", "ada", "nobody", "someone", "admin"]
        statuses = [(await login_from(client, "203.0.113.9", names[i % 5], "wrong password here")).status
                    for i in range(20)]
        assert statuses == [401] * 9 + [429] * 11
        slowed = await login_from(client, "203.0.113.9", "tess", PASSWORD)  # not even checked
        assert slowed.status == 429 and int(slowed.headers["Retry-After"]) > 0
        assert "Too many attempts, try again in" in await slowed.text()
        # Another client signs in to the same accounts at once: no name was paused.
        assert (await login_from(client, "198.51.100.4", "tess", PASSWORD)).status == 303

    run(proxied_app(database_url), scenario)


@pytest.mark.parametrize("name", ["tess", "nobody"])
def test_a_name_pauses_alike_whether_it_exists_and_its_owner_still_signs_in(database_url, name):
    async def scenario(client):
        statuses = [(await login_from(client, f"10.0.0.{i}", name, "wrong password here")).status for i in range(6)]
        assert statuses == [401, 401, 401, 401, 429, 429]  # the same for a real and an unknown name
        again = await login_from(client, "10.0.0.1", name, PASSWORD)  # a client that has been failing waits
        assert again.status == 429 and again.headers["Retry-After"] == "60"
        owner = await login_from(client, "192.0.2.50", name, PASSWORD if name == "tess" else "wrong password here")
        if name == "tess":  # a client that has not been failing: the right password signs in
            assert owner.status == 303
        else:
            assert owner.status == 429  # a wrong one from a fresh client pauses the name again

    run(proxied_app(database_url), scenario)


def test_without_a_trusted_proxy_x_real_ip_is_ignored(app):
    async def scenario(client):
        for i in range(CLIENT_MAX_FAILURES - 1):
            assert (await login_from(client, f"10.9.9.{i}", f"name{i}", "wrong password here")).status == 401
        # All from this one peer, whatever the header says: the tenth failure is slowed.
        assert (await login_from(client, "10.9.9.200", "name-last", "wrong password here")).status == 429

    run(app, scenario)


@pytest.mark.parametrize("token", [None, "", "wrong"])
def test_sign_in_without_the_right_csrf_token_is_refused(app, token):
    async def scenario(client):
        await client.get("/analytics/login")  # sets the CSRF cookie
        data = {"name": "tess", "password": PASSWORD}
        if token is not None:
            data["csrf"] = token
        response = await client.post("/analytics/login", data=data, allow_redirects=False)
        assert response.status == 403
        assert "slc_session" not in response.headers.get("Set-Cookie", "")

    run(app, scenario)


def test_sign_in_with_a_token_but_no_csrf_cookie_is_refused(app):
    async def scenario(client):
        token = csrf_in(await (await client.get("/analytics/login")).text())
        client.session.cookie_jar.clear()
        response = await client.post("/analytics/login", data={"csrf": token, "name": "tess", "password": PASSWORD},
                                     allow_redirects=False)
        assert response.status == 403

    run(app, scenario)


@pytest.mark.parametrize("token", [None, "wrong"])
def test_sign_out_and_tags_need_the_sessions_csrf_token(app, token):
    target = pseudonym("leader-gap")

    async def scenario(client):
        await signed_in(client)
        data = {} if token is None else {"csrf": token}
        response = await client.post("/analytics/logout", data=data, allow_redirects=False)
        assert response.status == 403
        assert (await client.get("/analytics", allow_redirects=False)).status == 200  # still signed in
        response = await client.post(f"/analytics/conversations/{target}/tags", params=PERIOD,
                                     data={**data, "tag": "follow-up"}, allow_redirects=False)
        assert response.status == 403
        page = await client.get(f"/analytics/conversations/{target}", params=PERIOD)
        assert "follow-up" not in await page.text()

    run(app, scenario)


def test_sign_out_ends_the_session(app):
    async def scenario(client):
        csrf = await signed_in(client)
        old = client.session.cookie_jar.filter_cookies(client.make_url("/analytics"))[auth.SESSION_COOKIE].value
        response = await client.post("/analytics/logout", data={"csrf": csrf}, allow_redirects=False)
        assert response.status == 303 and response.headers["Location"] == "/analytics/login"
        assert (await client.get("/analytics", allow_redirects=False)).status == 303
        client.session.cookie_jar.update_cookies({auth.SESSION_COOKIE: old})  # replaying the old token
        assert (await client.get("/analytics", allow_redirects=False)).status == 303

    run(app, scenario)


def test_trainers_page_is_for_admins_only(app):
    async def as_trainer(client):
        await signed_in(client, "tess")
        response = await client.get("/analytics/trainers")
        assert response.status == 403
        html = await response.text()
        assert "ada" not in html
        assert 'href="/analytics/trainers"' not in html

        client.session.cookie_jar.clear()
        await signed_in(client, "ada")
        response = await client.get("/analytics/trainers")
        html = await response.text()
        assert response.status == 200
        assert "<td>tess</td><td>trainer</td>" in html and "<td>ada</td><td>admin</td>" in html
        assert "password" not in html.lower().replace("python -m bot trainers", "")

    run(app, as_trainer)


@pytest.mark.parametrize("change", ["remove", "set-password"])
def test_a_removed_trainers_cookie_or_one_from_before_a_password_change_opens_nothing(app, database_url, change):
    from bot.analytics.accounts import TrainerAccounts
    from bot.db import get_engine

    async def scenario(client):
        await signed_in(client)
        target = pseudonym("leader-private")
        assert (await client.get(f"/analytics/conversations/{target}", params=PERIOD)).status == 200
        accounts = TrainerAccounts(get_engine(database_url))
        if change == "remove":
            assert accounts.remove_trainer("tess")
        else:
            assert accounts.set_password("tess", "a brand new passphrase")
        transcript = await client.get(f"/analytics/conversations/{target}", params=PERIOD, allow_redirects=False)
        assert transcript.status == 303 and transcript.headers["Location"].startswith("/analytics/login")
        export = await client.get("/analytics/export/conversations.csv", params=PERIOD)
        assert export.status == 401 and "leader" not in await export.text()

    run(app, scenario)


def test_a_trainer_limited_to_a_cohort_sees_only_its_conversations_and_every_view_is_recorded(app, database_url):
    from bot.analytics.accounts import TrainerAccounts
    from bot.db import get_engine

    accounts = TrainerAccounts(get_engine(database_url))
    accounts.set_cohorts("tess", ["beta"])
    own, other = pseudonym("leader-reflect"), pseudonym("leader-private")  # cohorts beta and gamma

    async def as_trainer(client):
        await signed_in(client, "tess")
        listing = await (await client.get("/analytics/conversations", params={**PERIOD, "cohort": "gamma"})).text()
        assert own in listing and other not in listing  # asked for gamma, shown beta, theirs
        assert (await client.get(f"/analytics/conversations/{own}", params=PERIOD)).status == 200
        refused = await client.get(f"/analytics/conversations/{other}", params=PERIOD)
        assert refused.status == 404 and "sourdough" not in await refused.text()
        csrf = csrf_in(await (await client.get(f"/analytics/conversations/{own}", params=PERIOD)).text())
        tagged = await client.post(f"/analytics/conversations/{other}/tags", params=PERIOD, allow_redirects=False,
                                   data={"csrf": csrf, "tag": "peek"})
        assert tagged.status == 404
        csv = await (await client.get("/analytics/export/conversations.csv", params=PERIOD)).text()
        assert own in csv and other not in csv
        assert (await client.get("/analytics/views")).status == 403

        client.session.cookie_jar.clear()
        await signed_in(client, "ada")  # an admin sees every cohort, and the record of views
        assert (await client.get(f"/analytics/conversations/{other}", params=PERIOD)).status == 200
        views = await (await client.get("/analytics/views")).text()
        assert views.count(f"<td>tess</td><td>{own}</td>") == 2 and f"<td>ada</td><td>{other}</td>" in views
        assert f"<td>tess</td><td>{other}</td>" not in views  # refused, so not shown to them

    run(app, as_trainer)
    assert [name for _, name, _ in accounts.list_views()] == ["ada", "tess", "tess"]
