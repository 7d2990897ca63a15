#!/usr/bin/env bash
# Starts CX Agent with demo data and the offline assistant (no API key needed).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
cargo run --quiet --locked -p cx-cli --bin cx-agent -- chat "$@"
