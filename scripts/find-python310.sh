#!/usr/bin/env sh
# Prints the path of a working Python 3.10 (Rasa 3.6 does not install on 3.11+), or explains in
# one line how to get one and exits 1. Looks on PATH first, then under pyenv.
for candidate in "${PYTHON310:-}" python3.10; do
  [ -n "$candidate" ] || continue
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
    command -v "$candidate"; exit 0
  fi
done
root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for candidate in $(ls -d "$root"/versions/3.10.*/bin/python3.10 2>/dev/null | sort -V -r); do
  if "$candidate" -c 'import sys' >/dev/null 2>&1; then echo "$candidate"; exit 0; fi
done
echo "Python 3.10 is missing: install it (e.g. 'pyenv install 3.10.13' or 'apt-get install python3.10 python3.10-venv') and run make again." >&2
exit 1
