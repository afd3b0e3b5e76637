#!/usr/bin/env bash
# The system programs `make test` needs beyond Python and Node: Chromium (browser tests), nginx
# (production layout), PostgreSQL's server binaries and redis-server (the production layout's
# private database and cache). Run as root on Debian, it installs the missing ones with apt-get
# and says which; anywhere else it names them and the one command to run, and exits 1.
# Uses shell builtins plus `id` and `apt-get`, so tests can run it on a PATH of stubs;
# SYSTEM_DEPS_ROOT (default /) is where it looks for /etc/debian_version and /usr/lib/postgresql.
set -uo pipefail
root="${SYSTEM_DEPS_ROOT:-}"

has_postgresql_server() {
  local found
  for found in "$root"/usr/lib/postgresql/*/bin/pg_ctl; do
    [ -x "$found" ] && return 0
  done
  command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1
}

missing=()
command -v "${CHROMIUM_PATH:-chromium}" >/dev/null 2>&1 || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
has_postgresql_server || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages: chromium, nginx, postgresql, redis-server are present; nothing to install."
  exit 0
fi

if [ -f "$root/etc/debian_version" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "System packages: installing ${missing[*]} with apt-get (missing on this machine)"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; then
    echo "System packages: installed ${missing[*]}"
    exit 0
  fi
  echo "System packages: apt-get could not install ${missing[*]}; see its message above." >&2
  exit 1
fi

if [ -f "$root/etc/debian_version" ]; then
  echo "System packages missing: ${missing[*]}. Run: sudo apt-get install -y ${missing[*]}" >&2
else
  echo "System packages missing: ${missing[*]}. Install them with your system's package manager" \
    "(on Debian or Ubuntu: sudo apt-get install -y ${missing[*]}), then run make test again." >&2
fi
exit 1
