"""`make run-prod` stopped as a harness or a user stops it leaves no process (nginx and its workers
included) and no listening port, in under 10 s: during start-up (SIGTERM to make's process group),
once the first ports listen (the whole group killed outright), and under load through nginx
(Ctrl-C's SIGINT). Runs after test_shutdown.py (the session's layout is stopped by then), on the
same private PostgreSQL and Redis; each run gets a database of its own.
"""
from __future__ import annotations

import signal
import uuid

import pytest

from tests.integration.stops import (
    ROUNDS,
    MakeRun,
    ctrl_c_under_load,
    killed_outright_once_a_port_listens,
    sigterm_while_starting,
)
from tests.production.servers import REST_TOKEN, free_block

pytestmark = pytest.mark.production


@pytest.fixture
def make_run_prod(tmp_path, services):
    postgres, redis = services
    rasa, action, web, prod = free_block(2), free_block(2), free_block(1), free_block(2)
    env = {
        "DATABASE_URL": postgres.url.rsplit("/", 1)[0] + f"/stops_{uuid.uuid4().hex[:10]}",
        "LOCK_STORE_URL": redis.url, "RASA_PORT": str(rasa), "ACTION_PORT": str(action), "WEB_PORT": str(web),
        "PROD_PORT": str(prod), "ACTION_PROXY_PORT": str(prod + 1), "PROD_VAR_DIR": str(tmp_path / "var"),
        "REST_TOKEN": REST_TOKEN,
    }
    ports = [rasa, rasa + 1, action, action + 1, web, prod, prod + 1]
    run = MakeRun("run-prod", env, ports, tmp_path / "make-run-prod.log")
    run.url = f"http://127.0.0.1:{prod}"
    yield run
    if run.process and run.process.poll() is None:
        run.stop(signal.SIGKILL)


@pytest.mark.parametrize("round_", ROUNDS)
def test_sigterm_while_the_layout_starts(make_run_prod, round_):
    sigterm_while_starting(make_run_prod)


@pytest.mark.parametrize("round_", ROUNDS)
def test_the_whole_group_killed_outright_once_a_port_listens(make_run_prod, round_):
    killed_outright_once_a_port_listens(make_run_prod)


@pytest.mark.parametrize("round_", ROUNDS)
def test_ctrl_c_under_load_through_nginx(make_run_prod, round_):
    ctrl_c_under_load(make_run_prod, f"{make_run_prod.url}/webhooks/rest/webhook",
                      {"Authorization": f"Bearer {REST_TOKEN}"})
