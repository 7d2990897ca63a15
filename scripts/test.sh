#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust unit and integration tests (real SQLite files,
# the real async-openai client against a scripted server on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked
