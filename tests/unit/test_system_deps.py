"""scripts/system-deps.sh, the first step of `make test`: on a PATH of stubs in a temp dir, it
installs exactly the missing programs as root on Debian and otherwise names the one command."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot.config import ROOT

SCRIPT = ROOT / "scripts" / "system-deps.sh"
ALL = ("chromium", "nginx", "pg_ctl", "initdb", "redis-server")


def _stub(folder: Path, name: str, body: str = "exit 0") -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path):
    """A fake machine: `bin` on PATH, `root` for /etc/debian_version and /usr/lib/postgresql."""
    (tmp_path / "bin").mkdir()
    (tmp_path / "root" / "etc").mkdir(parents=True)

    def make(present=ALL, debian=True, uid=0, apt_fails=False, **extra_env):
        for name in present:
            _stub(tmp_path / "bin", name)
        _stub(tmp_path / "bin", "id", f"echo {uid}")
        log = tmp_path / "apt.log"
        _stub(tmp_path / "bin", "apt-get", f'echo "$*" >> {log}\n' + ("exit 100" if apt_fails else "exit 0"))
        if debian:
            (tmp_path / "root" / "etc" / "debian_version").write_text("12.8\n")
        env = {"PATH": str(tmp_path / "bin"), "SYSTEM_DEPS_ROOT": str(tmp_path / "root"), "HOME": str(tmp_path), **extra_env}
        result = subprocess.run(["/bin/bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30)
        apt = log.read_text().splitlines() if log.exists() else []
        return result, apt

    return make


def test_nothing_missing_installs_nothing(machine):
    result, apt = machine()
    assert result.returncode == 0
    assert "nothing to install" in result.stdout
    assert apt == []


def test_root_on_debian_installs_exactly_what_is_missing_and_says_so(machine):
    result, apt = machine(present=("nginx",))
    assert result.returncode == 0, result.stderr
    assert "installing chromium postgresql redis-server with apt-get" in result.stdout
    assert apt[0] == "update -qq"
    assert apt[1].startswith("install -y") and apt[1].split()[-3:] == ["chromium", "postgresql", "redis-server"]


def test_postgresql_found_under_debians_versioned_folder(machine, tmp_path):
    pg = tmp_path / "root" / "usr" / "lib" / "postgresql" / "15" / "bin"
    pg.mkdir(parents=True)
    _stub(pg, "pg_ctl")
    result, apt = machine(present=("chromium", "nginx", "redis-server"))
    assert result.returncode == 0 and apt == []


def test_a_client_alone_is_not_a_postgresql_server(machine):
    result, apt = machine(present=("chromium", "nginx", "redis-server", "pg_ctl"))
    assert apt[-1].split()[-1] == "postgresql"


def test_not_root_stops_with_the_one_command(machine):
    result, apt = machine(present=("chromium", "redis-server", "pg_ctl", "initdb"), uid=1000)
    assert result.returncode == 1
    assert apt == []
    assert "Run: sudo apt-get install -y nginx" in result.stderr


def test_not_debian_stops_and_names_what_to_install(machine):
    result, apt = machine(present=("nginx", "pg_ctl", "initdb", "redis-server"), debian=False)
    assert result.returncode == 1 and apt == []
    assert "missing: chromium" in result.stderr


def test_a_failed_apt_get_fails_the_step(machine):
    result, apt = machine(present=(), apt_fails=True)
    assert result.returncode == 1
    assert "could not install" in result.stderr


def test_chromium_path_counts_as_chromium(machine, tmp_path):
    _stub(tmp_path, "chrome")
    result, apt = machine(present=("nginx", "pg_ctl", "initdb", "redis-server"), CHROMIUM_PATH=str(tmp_path / "chrome"))
    assert result.returncode == 0 and apt == []
