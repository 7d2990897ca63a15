#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust unit and integration tests (real SQLite files,
# the real async-openai client against a scripted server on 127.0.0.1), the shipped scenario suite
# (cx-agent eval evals/), the core's tests again on a real PostgreSQL server (installed when
# missing, a throwaway cluster) with the CLI's, then the end-to-end tests of the desktop app
# (tests/e2e: Xvfb + tauri-driver, screenshots in target/e2e-screenshots/; team_stations runs a
# kiosk station and an agent desk on that server).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all --check
# The desktop crate embeds ui/dist at compile time, so the UI is built before anything compiles it.
echo "== ui: npm run build"
(cd ui && (npm ci --no-audit --no-fund || npm install --no-audit --no-fund) && npm run build)
echo "== ui: svelte-check and Vitest"
(cd ui && npm run check && npm test)
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked --exclude cx-e2e
echo "== cx-agent eval: the shipped scenario suite (evals/), offline assistant + scripted models, 3 trials"
cargo run -q -p cx-cli --locked --bin cx-agent -- eval evals --trials 3
echo "== cargo test -p cx-core and -p cx-cli on PostgreSQL (a throwaway server: scripts/postgres.sh)"
# The server stays up through the end-to-end tests (team_stations runs two apps on it); it is
# stopped at the end, or by postgres.sh's EXIT trap when a step fails.
source scripts/postgres.sh
pg_start
cargo test -p cx-core --locked
cargo test -p cx-cli --locked
echo "== end-to-end: the built app under Xvfb, driven over WebDriver (tests/e2e)"
cargo build -p cx-desktop --locked
cargo test -p cx-e2e --locked -- --test-threads=1
pg_stop
