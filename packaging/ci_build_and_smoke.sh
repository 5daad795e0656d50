#!/usr/bin/env bash
# CI: build the Linux one-folder bundle and smoke-test it.
#
#   [PYTHON=.venv/bin/python] bash packaging/ci_build_and_smoke.sh [DIST_DIR [WORK_DIR]]
#
# Builds DIST_DIR/pos-profile (default dist/) with packaging/build.py and the interpreter
# $PYTHON (default .venv/bin/python; the bundle carries that interpreter). build.py runs the
# frozen and the source `--self-test --demo`, compares their keyring backend and starts the
# demo headless. Then, when no D-Bus session exists but dbus-run-session and gnome-keyring are
# installed, the frozen `--self-test --demo` runs again inside a private session with an
# unlocked keyring, so the Secret Service backend is proven inside the bundle. WORK_DIR
# (default build/pyinstaller, PyInstaller's cache beside it in build/pyinstaller-cache) takes
# PyInstaller's work files; given, its cache goes to WORK_DIR/cache, so parallel builds do not
# share (or --clean) one cache. Prints build time, size and total time; exits non-zero on any
# failure. Afterwards: export POS_PROFILE_BUNDLE=DIST_DIR/pos-profile for the pytest checks in
# tests/e2e/test_frozen_bundle.py.
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${1:-dist}
PY=${PYTHON:-.venv/bin/python}
WORKDIR=${2:-}
work_args=()
if [ -n "$WORKDIR" ]; then
  work_args=(--work "$WORKDIR")
  export PYINSTALLER_CONFIG_DIR=$WORKDIR/cache
fi
SECONDS=0
echo "ci_build_and_smoke: $("$PY" -c 'import platform, sys; print(f"Python {platform.python_version()} ({sys.base_prefix})")') -> $DIST/pos-profile"

"$PY" -c 'import PyInstaller' 2>/dev/null || "$PY" -m pip install -q --disable-pip-version-check '.[packaging]'
"$PY" packaging/build.py --dist "$DIST" "${work_args[@]}" --no-timing 2>&1 | grep -v -e 'WARNING: Library .* required via ctypes not found' -e '^[0-9]* INFO: '

BUNDLE=$(cd "$DIST/pos-profile" && pwd)
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null \
   && command -v gnome-keyring-daemon >/dev/null; then
  scratch=$(mktemp -d /tmp/pos-profile-smoke.XXXXXX)
  trap 'rm -rf "$scratch"' EXIT
  mkdir -p -m 700 "$scratch/run"
  HOME=$scratch XDG_RUNTIME_DIR=$scratch/run XDG_DATA_HOME=$scratch/data \
  XDG_CONFIG_HOME=$scratch/config XDG_STATE_HOME=$scratch/state XDG_CACHE_HOME=$scratch/cache \
  QT_QPA_PLATFORM=offscreen \
    dbus-run-session -- bash -c '
      printf %s smoke | gnome-keyring-daemon --unlock --components=secrets >/dev/null
      out=$("$0/pos-profile" --self-test --demo) || { echo "$out"; exit 1; }
      grep "keyring:" <<<"$out"
      grep -q "^ok   keyring: backend keyring.backends.SecretService.Keyring" <<<"$out"
    ' "$BUNDLE" 2> >(grep -v "Failed to set fd limit" >&2)
  echo "secret service in the bundle: ok"
fi

du -sh "$BUNDLE"
echo "ci_build_and_smoke: ${SECONDS} s in all"
