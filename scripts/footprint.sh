#!/usr/bin/env bash
# Footprint of the desktop app: start-up time and idle memory of the RELEASE build. Prints figures;
# it is a measurement, not a test (no pass/fail on timing). Goals on a 2-core machine: the
# workspace shows its queue < 1 s after launch; < 250 MB PSS with only the workspace open.
#
# Method (tests/e2e/examples/footprint.rs, using the E2E harness):
# - Each mode: N runs on one fresh data folder (XDG_* and CX_DATABASE_URL in a temp dir), each on
#   its own Xvfb display with its own tauri-driver. Run 1 is a cold start (new database:
#   migrations, demo data, knowledge index); runs 2..N are warm starts on the same folder.
# - "Launch" is the moment the WebDriver session is requested: WebKitWebDriver starts the app at
#   once. Time to queue: the harness then polls the workspace window's DOM every ~10 ms over
#   WebDriver until `[data-testid=queue-waiting]` exists and no "Loading…" is left (the queue is
#   rendered with its data); the figure is the page's own Date.now() at that poll minus the launch
#   time (same wall clock). Resolution: the poll interval plus one WebDriver round trip (~10–30 ms).
#   Also printed, to see where the time goes: the app log's "starting" and "database ready" lines,
#   the WebDriver session, the workspace page's navigation start (performance.timeOrigin), its
#   DOMContentLoaded, the first poll that saw the queue sections.
# - Memory: PSS (proportional set size: shared pages split between the processes mapping them)
#   from /proc/<pid>/smaps_rollup, summed over the app process and every descendant found through
#   /proc/*/status PPid (a WebKitWebProcess per window, WebKitNetworkProcess). Measured after
#   SETTLE seconds idle with both start windows (workspace + kiosk), then after closing the kiosk
#   (WebDriver "close window") and SETTLE seconds more: the workspace alone. USS (private pages)
#   is printed too: PSS drops when other programs map the same libraries (another WebKit app
#   running on the machine), USS does not; the script says when other WebKit processes ran. The
#   app runs under WebDriver automation; one more sample starts it directly (no WebDriver), both
#   windows, for comparison.
# - Everything twice: default, and WEBKIT_DISABLE_COMPOSITING_MODE=1 (see TAURI-ON-LINUX.md).
#
# Usage: scripts/footprint.sh [--runs N] [--settle SECS] [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

build=1
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --runs|--settle) pass+=("$1" "$2"); shift 2 ;;
    *) echo "usage: $0 [--runs N] [--settle SECS] [--no-build]" >&2; exit 2 ;;
  esac
done

if [ "$build" -eq 1 ]; then
  echo "== building the UI and the release app"
  # Reuse an existing node_modules (npm ci would delete it); install when there is none.
  (cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund || npm install --no-audit --no-fund; } && npm run build)
  cargo build --release -p cx-desktop
fi
app="${CARGO_TARGET_DIR:-target}/release/cx-desktop"
[ -x "$app" ] || { echo "no release build at $app (run without --no-build)" >&2; exit 1; }

echo "== measuring $app (nproc: $(nproc))"
cargo run -q -p cx-e2e --example footprint -- --app "$app" "${pass[@]}"
