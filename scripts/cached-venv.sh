#!/usr/bin/env bash
# cached-venv.sh LINK PIP_INSTALL_ARGUMENTS...
#
# A Python 3.10 virtualenv with these packages, kept outside the work tree in a folder named by a
# fingerprint of the arguments, the files they name (-r lock files) and the interpreter, as the
# trained model is; LINK (.venv, build/venv-...) links to it. A fresh clone whose locks are unchanged
# (CI's) reuses it instead of installing again. `.complete` is written last, so an install stopped
# half-way is started again from nothing. COACH_CACHE moves the cache.
set -uo pipefail
link=$1; shift
python=$("$(dirname "$0")/find-python310.sh") || exit 1
cache=${COACH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/system-leadership-coach}
named_files=()
previous=
for argument in "$@"; do
  if [ "$previous" = "-r" ]; then named_files+=("$argument"); fi
  previous=$argument
done
fingerprint=$({ printf '%s\n' "$@"; cat "${named_files[@]}" /dev/null; "$python" -VV; } | sha256sum | cut -c1-16)
cached="$cache/venv-$(basename "$link")-$fingerprint"
if [ -f "$cached/.complete" ]; then
  echo "Reusing $cached (its packages are unchanged)"
else
  rm -rf "$cached" && mkdir -p "$cache" || exit 1
  echo "Creating $cached with $python and installing its packages (first time: a few minutes)"
  "$python" -m venv "$cached" || exit 1
  "$cached/bin/python" -m pip install --quiet --disable-pip-version-check "$@" 2>&1 \
    | { grep -v 'is ignored: it is neither a file nor a directory' || true; }
  [ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
  touch "$cached/.complete"
fi
if [ -d "$link" ] && [ ! -L "$link" ]; then rm -rf "$link"; fi
mkdir -p "$(dirname "$link")"
ln -sfn "$cached" "$link"
