#!/usr/bin/env bash
# Starts CX Agent — the desktop app (agent workspace + kiosk windows) — with the demo data (seeded
# on first start) and the offline assistant (the default provider: no API key, no network).
# Arguments go to the app, e.g. `scripts/run.sh --kiosk` (kiosk window fullscreen, no decorations).
#
# The UI is built first: the app embeds ui/dist when it is compiled. Then the release build is
# built and started: the app people use (optimized, no WebKit inspector in any window — release
# builds have no devtools). The first release build takes several minutes and ~1.5 GB more in
# target/; later runs rebuild only what changed. scripts/test.sh and the end-to-end tests keep
# using the debug build: the kiosk's lockdown (no inspector, no navigation away from the app, no
# new windows, no context menu) holds in every build (src-tauri/src/windows.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display (DISPLAY/WAYLAND_DISPLAY unset). On a headless machine: xvfb-run -a scripts/run.sh" >&2
  exit 1
fi

echo "== ui: building (ui/dist)"
(
  cd ui
  if [ ! -d node_modules ]; then
    npm ci --no-audit --no-fund || npm install --no-audit --no-fund
  fi
  npm run build
)

echo "== cx-desktop: building (release) and starting (database: ${XDG_DATA_HOME:-$HOME/.local/share}/cx-agent/cx-agent.db, logs: ${XDG_STATE_HOME:-$HOME/.local/state}/cx-agent/logs)"
exec cargo run --release --locked -p cx-desktop -- "$@"
