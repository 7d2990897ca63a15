#!/usr/bin/env bash
# Footprint of the desktop app (release build): time from launch until the workspace shows its
# queue, and idle memory. Prints one table with the goals next to the figures; a measurement,
# not a test (it fails only when the app does not start).
#
# Method — the app started directly (no WebDriver), on its own Xvfb display, with a fresh data
# folder (XDG_* and CX_DATABASE_URL in a temporary directory), the offline assistant:
# - Launch → queue: from just before the process is spawned until the app prints the line
#   "workspace queue shown" on stderr. The workspace sends that mark once, on the frame after its
#   queue first rendered with its data (ui/src/lib/api.ts reportQueueShown →
#   src-tauri/src/footprint.rs). Run 1 is the first start (new database: migrations, demo data,
#   knowledge index). Then, as root, one start after dropping the page cache (cold: binary,
#   libraries, WebKit and the database read from disk; `--no-cold` skips it — dropping the cache
#   slows everything else running on the machine for a moment); then warm starts (median).
# - Memory: PSS (proportional set size: pages shared between processes split between them) from
#   /proc/<pid>/smaps_rollup, summed over the app and every process below it (a WebKitWebProcess
#   per window, WebKitNetworkProcess), SETTLE seconds after the queue showed (workspace + kiosk),
#   then SETTLE seconds after closing the kiosk window (WM_DELETE_WINDOW, as its close button
#   does): the workspace alone. Median over the warm starts. Other WebKit programs running on the
#   machine share library pages with the app and so lower its PSS: the script says when any ran.
#
# Usage: scripts/footprint.sh [--runs N] [--settle SECS] [--no-build] [--no-cold] [--app PATH]
#   --runs N       warm starts (default 3)     --settle SECS  idle time before measuring (10)
#   --no-build     measure the existing target/release/cx-desktop
#   --app PATH     measure another build (implies --no-build)
# After the goals, the warm launch split at the app's own marks (median per step): spawn → main(),
# main() → `workspace window created`, → the page's navigation start, → the window's code runs, → the
# queue on screen (the last two on the page's clock, sent with the mark).
# The table ends with the engine's figures as the benches last saved them
# (cargo bench -p cx-core --bench turn / --bench search write target/bench-figures/*.json).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

build=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --no-cold) args+=("$1"); shift ;;
    --runs|--settle) args+=("$1" "$2"); shift 2 ;;
    --app) build=0; args+=("$1" "$2"); shift 2 ;;
    *) echo "usage: $0 [--runs N] [--settle SECS] [--no-build] [--no-cold] [--app PATH]" >&2; exit 2 ;;
  esac
done

if [ "$build" -eq 1 ]; then
  echo "== the release app (built as scripts/run.sh builds it: the UI only when its sources changed)"
  if [ ! -d ui/node_modules ]; then
    (cd ui && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; })
  fi
  if [ ! -f ui/dist/index.html ] || [ -n "$(find ui/src ui/public ui/index.html ui/package.json \
      ui/package-lock.json ui/vite.config.ts ui/svelte.config.js ui/tsconfig*.json \
      -newer ui/dist/index.html -print -quit 2>/dev/null)" ]; then
    (cd ui && npm run build)
  fi
  cargo build --release --locked -p cx-desktop
fi

exec python3 - "${args[@]}" <<'PY'
import ctypes, ctypes.util, json, os, re, shutil, signal, statistics, subprocess, sys, tempfile, threading, time

MARK = "workspace queue shown"
WINDOW_MARK = "workspace window created"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
STEP_NAMES = ["spawn → main()", "main() → workspace window created", "window → page navigation starts",
              "navigation → window code runs", "window code → queue on screen"]

def launch_steps(total, m):
    """The launch split at the app's marks (ms since main() on its clock, the page's since its
    navigation started); a step is None when a mark is missing."""
    shown, script, page = m.get("since_start_ms"), m.get("page_script_ms"), m.get("page_shown_ms")
    window = m.get("window")
    nav = shown - page if shown is not None and page is not None else None
    return {
        STEP_NAMES[0]: total - shown if shown is not None else None,
        STEP_NAMES[1]: window,
        STEP_NAMES[2]: nav - window if nav is not None and window is not None else None,
        STEP_NAMES[3]: script,
        STEP_NAMES[4]: page - script if page is not None and script is not None else None,
    }
GOALS = {"warm": 400.0, "alone": 200.0, "both": 260.0}  # ms, MB PSS, MB PSS (issue #11)

argv = sys.argv[1:]
def opt(name, default):
    return argv[argv.index(name) + 1] if name in argv else default
runs = int(opt("--runs", "3"))
settle = float(opt("--settle", "10"))
app = os.path.abspath(opt("--app", os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release/cx-desktop")))
cold_wanted = "--no-cold" not in argv
if not os.access(app, os.X_OK):
    sys.exit(f"footprint: no app at {app} (build it: cargo build --release -p cx-desktop)")

# ---- Xvfb on a free display -------------------------------------------------------------------
def start_xvfb():
    for n in range(90, 190):
        if os.path.exists(f"/tmp/.X{n}-lock") or os.path.exists(f"/tmp/.X11-unix/X{n}"):
            continue
        p = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(200):
            if p.poll() is not None:
                break
            if os.path.exists(f"/tmp/.X11-unix/X{n}"):
                return p, f":{n}"
            time.sleep(0.025)
        p.kill(); p.wait()
    sys.exit("footprint: Xvfb did not start on any display :90-:189")

# ---- closing a window the way its close button does (no window manager under Xvfb) ------------
def close_window(display, title_part):
    x = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
    vp, ul = ctypes.c_void_p, ctypes.c_ulong
    x.XOpenDisplay.restype, x.XOpenDisplay.argtypes = vp, [ctypes.c_char_p]
    x.XDefaultRootWindow.restype, x.XDefaultRootWindow.argtypes = ul, [vp]
    x.XInternAtom.restype, x.XInternAtom.argtypes = ul, [vp, ctypes.c_char_p, ctypes.c_int]
    x.XQueryTree.argtypes = [vp, ul, ctypes.POINTER(ul), ctypes.POINTER(ul),
                             ctypes.POINTER(ctypes.POINTER(ul)), ctypes.POINTER(ctypes.c_uint)]
    x.XGetWindowProperty.argtypes = [vp, ul, ul, ctypes.c_long, ctypes.c_long, ctypes.c_int, ul,
                                     ctypes.POINTER(ul), ctypes.POINTER(ctypes.c_int),
                                     ctypes.POINTER(ul), ctypes.POINTER(ul), ctypes.POINTER(vp)]
    x.XFree.argtypes, x.XFlush.argtypes, x.XCloseDisplay.argtypes = [vp], [vp], [vp]

    class ClientMessage(ctypes.Structure):
        _fields_ = [("type", ctypes.c_int), ("serial", ul), ("send_event", ctypes.c_int),
                    ("display", vp), ("window", ul), ("message_type", ul), ("format", ctypes.c_int),
                    ("data", ctypes.c_long * 5)]
    class Event(ctypes.Union):
        _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]
    x.XSendEvent.argtypes = [vp, ul, ctypes.c_int, ctypes.c_long, ctypes.POINTER(Event)]

    d = x.XOpenDisplay(display.encode())
    if not d:
        return 0
    def name(w):
        for prop in (b"_NET_WM_NAME", b"WM_NAME"):
            t, f, n, after, data = ul(), ctypes.c_int(), ul(), ul(), vp()
            if x.XGetWindowProperty(d, w, x.XInternAtom(d, prop, 0), 0, 256, 0, 0, ctypes.byref(t),
                                    ctypes.byref(f), ctypes.byref(n), ctypes.byref(after),
                                    ctypes.byref(data)) == 0 and data.value:
                s = ctypes.string_at(data.value, n.value).decode("utf-8", "replace")
                x.XFree(data)
                if s:
                    return s
        return ""
    r, p, kids, n = ul(), ul(), ctypes.POINTER(ul)(), ctypes.c_uint()
    x.XQueryTree(d, x.XDefaultRootWindow(d), ctypes.byref(r), ctypes.byref(p), ctypes.byref(kids), ctypes.byref(n))
    closed = 0
    for i in range(n.value):
        if title_part in name(kids[i]):
            ev = Event()
            c = ev.xclient
            c.type, c.window, c.format = 33, kids[i], 32  # ClientMessage
            c.message_type = x.XInternAtom(d, b"WM_PROTOCOLS", 0)
            c.data[0] = x.XInternAtom(d, b"WM_DELETE_WINDOW", 0)
            x.XSendEvent(d, kids[i], 0, 0, ctypes.byref(ev))
            closed += 1
    x.XFlush(d)
    x.XCloseDisplay(d)
    return closed

# ---- memory -------------------------------------------------------------------------------------
def procs():
    out = {}
    for e in os.listdir("/proc"):
        if e.isdigit():
            try:
                st = open(f"/proc/{e}/stat").read()
                out[int(e)] = (int(st[st.rindex(")") + 2:].split()[1]), st[st.index("(") + 1:st.rindex(")")])
            except (OSError, ValueError):
                pass
    return out

def tree(root):
    table, out = procs(), [root]
    for pid in out:
        out.extend(p for p, (pp, _) in table.items() if pp == pid)
    return out, table

def pss_mb(root):
    pids, table = tree(root)
    total, parts = 0, []
    for pid in pids:
        try:
            kib = next(int(l.split()[1]) for l in open(f"/proc/{pid}/smaps_rollup") if l.startswith("Pss:"))
        except (OSError, StopIteration):
            continue
        total += kib
        parts.append(f"{table.get(pid, (0, '?'))[1]} {kib / 1024:.0f}")
    others = sum(1 for p, (_, n) in table.items() if n.startswith("WebKitWebProces") and p not in pids)
    return total / 1024, ", ".join(parts), others

# ---- one start --------------------------------------------------------------------------------
def drop_caches():
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False

def start(home, display, measure_memory):
    env = {k: v for k, v in os.environ.items()
           if k not in ("CX_LLM_API_KEY", "OPENAI_API_KEY", "WAYLAND_DISPLAY", "CX_KIOSK_IDLE_SECS",
                        "TAURI_WEBVIEW_AUTOMATION", "WEBKIT_DISABLE_COMPOSITING_MODE")}
    env.update(DISPLAY=display, GDK_BACKEND="x11", NO_AT_BRIDGE="1", RUST_LOG="info",
               XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config",
               XDG_CACHE_HOME=f"{home}/cache", XDG_STATE_HOME=f"{home}/state",
               XDG_RUNTIME_DIR=f"{home}/runtime", CX_DATABASE_URL=f"sqlite://{home}/cx.db?mode=rwc",
               CX_CONFIG_DIR=os.path.abspath("config"))
    log = open(f"{home}/app.log", "a")
    shown = threading.Event()
    t0 = time.monotonic()
    p = subprocess.Popen([app], env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.PIPE,
                         start_new_session=True)
    marks = {}
    def read():
        for raw in p.stderr:
            line = raw.decode("utf-8", "replace")
            log.write(line)
            fields = dict(re.findall(r"(\w+)=(\d+)", ANSI.sub("", line)))
            if WINDOW_MARK in line and "since_start_ms" in fields:
                marks["window"] = int(fields["since_start_ms"])
            if not shown.is_set() and MARK.encode() in raw:
                marks.update({k: int(fields[k]) for k in ("since_start_ms", "page_script_ms", "page_shown_ms") if k in fields})
                shown.t = (time.monotonic() - t0) * 1000
                shown.set()
        log.flush()
    threading.Thread(target=read, daemon=True).start()
    try:
        if not shown.wait(60):
            sys.exit(f"footprint: no '{MARK}' within 60 s; see {home}/app.log")
        both = alone = None
        if measure_memory:
            time.sleep(settle)
            both = pss_mb(p.pid)
            if close_window(display, "Kiosk") != 1:
                sys.exit("footprint: could not find the kiosk window to close")
            time.sleep(settle)
            alone = pss_mb(p.pid)
        return shown.t, both, alone, marks
    finally:
        try:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()

xvfb, display = start_xvfb()
home = tempfile.mkdtemp(prefix="cx-footprint-")
for d in ("data", "config", "cache", "state", "runtime"):
    os.makedirs(f"{home}/{d}", mode=0o700)
try:
    print(f"app: {app}\nnproc {os.cpu_count()}, load average {' '.join(open('/proc/loadavg').read().split()[:3])}")
    first, _, _, _ = start(home, display, False)
    print(f"first start (new database):   queue shown {first:.0f} ms")
    cold = None
    if cold_wanted and drop_caches():
        cold, _, _, _ = start(home, display, False)
        print(f"cold start (page cache dropped): queue shown {cold:.0f} ms")
    elif cold_wanted:
        print("cold start: not measured (dropping the page cache needs root)")
    warm, both, alone, steps = [], [], [], []
    for i in range(runs):
        t, b, a, marks = start(home, display, True)
        warm.append(t); both.append(b); alone.append(a)
        steps.append(launch_steps(t, marks))
        print(f"warm start {i + 1}: queue shown {t:.0f} ms; idle PSS workspace + kiosk {b[0]:.1f} MB "
              f"[{b[1]}], workspace alone {a[0]:.1f} MB [{a[1]}]")
    others = max(x[2] for x in both + alone)
    if others:
        print(f"note: {others} other WebKitWebProcess on the machine (shared pages → lower PSS)")
    med = lambda v: statistics.median(v)
    rows = [
        ("idle PSS, workspace alone", f"{med([a[0] for a in alone]):.0f} MB", GOALS["alone"], med([a[0] for a in alone])),
        ("idle PSS, workspace + kiosk", f"{med([b[0] for b in both]):.0f} MB", GOALS["both"], med([b[0] for b in both])),
        ("launch → queue, warm (median)", f"{med(warm):.0f} ms", GOALS["warm"], med(warm)),
        ("launch → queue, cold", f"{cold:.0f} ms" if cold is not None else "not measured", None, None),
        ("launch → queue, first start", f"{first:.0f} ms", None, None),
    ]
    units = ["MB", "MB", "ms", "ms", "ms"]
    rows = [(n, s, g, v, u) for (n, s, g, v), u in zip(rows, units)]
    # Where a warm launch goes, from the app's own marks (median of each step).
    for name in STEP_NAMES:
        got = [st[name] for st in steps if st.get(name) is not None]
        if got:
            rows.append((f"  launch step: {name}", f"{med(got):.0f} ms", None, med(got), "ms"))
    # The engine's figures, as the benches last saved them (cargo bench -p cx-core --bench turn /
    # --bench search): one table with everything issue #11 sets a goal for.
    figures = os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "bench-figures")
    sources = []
    for f in sorted(os.listdir(figures)) if os.path.isdir(figures) else []:
        if not f.endswith(".json"):
            continue
        try:
            doc = json.load(open(os.path.join(figures, f)))
        except (OSError, ValueError):
            continue
        sources.append(f"{f[:-5]} bench: {doc.get('measured_at', '?')[:16]}Z, {doc.get('context', '')}")
        for r in doc.get("rows", []):
            v, u = r["measured"], r["unit"]
            shown = f"{v:.0f} {u}" if u in ("turns/s", "MB") or v >= 100 else f"{v:.2f} {u}"
            rows.append((r["figure"], shown, r.get("goal"), v, u, r.get("at_least", False)))
    width = max(len(r[0]) for r in rows)
    print(f"\n{'figure':<{width}} {'measured':>14} {'goal':>12}  ")
    for row in rows:
        name, shown, goal, value, unit = row[:5]
        at_least = len(row) > 5 and row[5]
        if goal is None:
            g, mark = "—", ""
        elif at_least:
            g, mark = f"≥ {goal:g} {unit}", "ok" if value >= goal else "under"
        else:
            g, mark = f"≤ {goal:g} {unit}", "ok" if value <= goal else "over"
        print(f"{name:<{width}} {shown:>14} {g:>12}  {mark}")
    print(f"(release build, Xvfb 1400x900, idle = {settle:.0f} s; PSS summed over the app and its WebKit processes)")
    for src in sources:
        print(f"({src})")
    if not sources:
        print("(no bench figures yet: cargo bench -p cx-core --bench turn and --bench search save them)")
except BaseException:
    print(f"footprint: the app's data folder and log are kept in {home}", file=sys.stderr)
    home = None
    raise
finally:
    os.killpg(xvfb.pid, signal.SIGTERM)
    xvfb.wait()
    if home:
        shutil.rmtree(home, ignore_errors=True)
PY
