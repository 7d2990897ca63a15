#!/usr/bin/env bash
# Installs what building and testing CX Agent needs, only when it is missing. Sourced by run.sh and
# test.sh so a fresh Debian/Ubuntu machine needs no manual step. Safe to run again.
set -euo pipefail

need_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# System packages for Tauri 2 / WebKitGTK, the headless display and WebDriver.
APT_PACKAGES=(libwebkit2gtk-4.1-dev build-essential libssl-dev libayatana-appindicator3-dev
  librsvg2-dev libxdo-dev pkg-config file xvfb xauth webkit2gtk-driver python3 curl)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  need_sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive need_sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js and npm build the front end.
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: installing nodejs and npm"
  DEBIAN_FRONTEND=noninteractive need_sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

# Rust: the project needs a recent stable toolchain (edition 2024, rust 1.94+).
if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup: no Rust toolchain found; install stable Rust (rustup) first" >&2
    exit 1
  fi
fi

# tauri-driver bridges WebDriver to the app for the end-to-end tests (tests/e2e); it drives
# /usr/bin/WebKitWebDriver from the webkit2gtk-driver package above.
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi
