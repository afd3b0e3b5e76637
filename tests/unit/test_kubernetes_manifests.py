"""deploy/kubernetes/ describes the production layout of `make run-prod` (schema validity is
`make validate-deploy`'s job): probes on the health URLs the launcher waits for, autoscaling,
socket.io stickiness and the public-port mark as in deploy/nginx.conf.template, every secret
variable in the Secret and none written into the repo."""
from __future__ import annotations

import re

import pytest
import yaml

from bot.config import ROOT

FOLDER = ROOT / "deploy" / "kubernetes"
# The README's secret variables, and the two the trial database and lock store add.
SECRET_VARIABLES = {"DATABASE_URL", "TEAMS_APP_PASSWORD", "ANALYTICS_SECRET", "REST_TOKEN", "ACTION_SERVER_TOKEN",
                    "SESSION_SECRET", "WIDGET_JWT_SECRET", "LOCK_STORE_PASSWORD", "POSTGRES_PASSWORD"}
HEALTH = {"coach-rasa": ("/", 5005), "coach-actions": ("/health", 5055), "coach-web": ("/health", 8000)}


def resources(folder=FOLDER):
    return [doc for path in sorted(folder.rglob("*.yaml")) for doc in yaml.safe_load_all(path.read_text()) if doc]


def find(kind, name):
    return next(doc for doc in resources() if doc["kind"] == kind and doc["metadata"]["name"] == name)


def container(deployment):
    return deployment["spec"]["template"]["spec"]["containers"][0]


@pytest.mark.parametrize("name", sorted(HEALTH))
def test_each_server_is_probed_on_its_health_url(name):
    path, port = HEALTH[name]
    spec = container(find("Deployment", name))
    ports = {p["name"]: p["containerPort"] for p in spec["ports"]}
    for probe in ("readinessProbe", "livenessProbe"):
        get = spec[probe]["httpGet"]
        assert get["path"] == path and ports[get["port"]] == port, probe


@pytest.mark.parametrize("name", ["coach-rasa", "coach-actions"])
def test_rasa_and_the_action_servers_scale_on_cpu_from_two(name):
    hpa = find("HorizontalPodAutoscaler", name)
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
    assert hpa["spec"]["minReplicas"] >= 2 and hpa["spec"]["maxReplicas"] > hpa["spec"]["minReplicas"]
    assert container(find("Deployment", name))["resources"]["requests"]["cpu"]  # utilisation needs a request


def test_socketio_sticks_by_client_address_and_webhooks_are_marked_public():
    socketio = find("Ingress", "coach-socketio")
    assert socketio["metadata"]["annotations"]["nginx.ingress.kubernetes.io/upstream-hash-by"] == "$remote_addr"
    assert int(socketio["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"]) > 45
    assert socketio["spec"]["rules"][0]["http"]["paths"][0]["path"] == "/socket.io/"
    nginx = (ROOT / "deploy" / "nginx.conf.template").read_text()
    header = re.search(r'proxy_set_header (X-Coach-Public-Port "1");', nginx)[1]
    snippet = find("Ingress", "coach-webhooks")["metadata"]["annotations"]["nginx.ingress.kubernetes.io/configuration-snippet"]
    assert header in snippet


def test_every_secret_variable_is_in_the_secret_with_no_value_in_the_repo():
    secret = find("Secret", "coach-secrets")
    assert set(secret["stringData"]) == SECRET_VARIABLES
    assert set(secret["stringData"].values()) == {""}
    readme = (ROOT / "README.md").read_text()
    table = {name for line in readme.splitlines() if line.startswith("| `") for name in re.findall(r"`([A-Z_]+)`", line.split("|")[1])}
    assert {"SESSION_SECRET", "ANALYTICS_SECRET", "REST_TOKEN", "ACTION_SERVER_TOKEN"} <= table
    assert SECRET_VARIABLES - {"LOCK_STORE_PASSWORD", "POSTGRES_PASSWORD"} <= table


def test_no_container_is_given_a_secret_as_a_literal():
    for doc in resources():
        if doc["kind"] in ("Deployment", "StatefulSet"):
            for spec in doc["spec"]["template"]["spec"]["containers"]:
                literal = {env["name"] for env in spec.get("env", []) if "value" in env}
                assert not literal & SECRET_VARIABLES, doc["metadata"]["name"]
    config = find("ConfigMap", "coach-config")
    assert not set(config["data"]) & SECRET_VARIABLES


def test_the_secret_template_is_not_applied_with_the_folder():
    top_level = [doc["kind"] for path in FOLDER.glob("*.yaml") for doc in yaml.safe_load_all(path.read_text()) if doc]
    assert "Secret" not in top_level
