#!/usr/bin/env bash
# Starts CX Agent — the desktop app (agent workspace + kiosk windows) — with the demo data (seeded
# on first start) and the offline assistant (the default provider: no API key, no network).
# Arguments go to the app, e.g. `scripts/run.sh --kiosk` (kiosk window fullscreen, no decorations).
#
# Runs the release build: the app people use (optimized, no WebKit inspector in any window —
# release builds have no devtools). The first run builds it (README: "Running it" says how long
# that takes); a later run starts it at once, rebuilding only what changed. The UI is embedded in
# the binary, so it is rebuilt (ui/dist) only when its sources are newer than the last build —
# a fresh ui/dist would make cargo recompile the app. scripts/test.sh and the end-to-end tests
# use the debug build: the kiosk's lockdown (no inspector, no navigation away from the app, no
# new windows, no context menu) holds in every build (src-tauri/src/windows.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display (DISPLAY/WAYLAND_DISPLAY unset). On a headless machine: xvfb-run -a scripts/run.sh" >&2
  exit 1
fi

# The UI: installed once, built when a source changed since ui/dist was made.
ui_changed() {
  [ ! -f ui/dist/index.html ] ||
    [ -n "$(find ui/src ui/public ui/index.html ui/package.json ui/package-lock.json ui/vite.config.ts \
      ui/svelte.config.js ui/tsconfig*.json -newer ui/dist/index.html -print -quit 2>/dev/null)" ]
}
if [ ! -d ui/node_modules ]; then
  (cd ui && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; })
fi
if ui_changed; then
  echo "== ui: building (ui/dist)"
  (cd ui && npm run build)
fi

target="${CARGO_TARGET_DIR:-target}"
echo "== cx-desktop: release build (nothing to do when unchanged; the first takes several minutes)"
cargo build --release --locked -p cx-desktop
echo "== starting (database: ${XDG_DATA_HOME:-$HOME/.local/share}/cx-agent/cx-agent.db, logs: ${XDG_STATE_HOME:-$HOME/.local/state}/cx-agent/logs)"
exec "$target/release/cx-desktop" "$@"
