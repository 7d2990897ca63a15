#!/usr/bin/env bash
# Starts CX Agent — the desktop app (agent workspace + kiosk windows) — with the demo data (seeded
# on first start) and the offline assistant (the default provider: no API key, no network).
# Arguments go to the app, e.g. `scripts/run.sh --kiosk` (kiosk window fullscreen, no decorations).
#
# The UI is built first: the app embeds ui/dist when it is compiled. The app is built in the debug
# profile on purpose: it is the build scripts/test.sh and the end-to-end tests already make (same
# target/, no second ~6 min release build and ~1.5 GB more on disk), and with dependencies at
# opt-level 1 (Cargo.toml [profile.dev.package."*"]) a kiosk turn with the offline assistant takes
# well under 0.2 s. For a release build: `cargo run --release -p cx-desktop`.
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

echo "== cx-desktop: building and starting (database: ${XDG_DATA_HOME:-$HOME/.local/share}/cx-agent/cx-agent.db, logs: ${XDG_STATE_HOME:-$HOME/.local/state}/cx-agent/logs)"
exec cargo run --locked -p cx-desktop -- "$@"
