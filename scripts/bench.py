#!/usr/bin/env python3
"""The budgets of issue #23 in PERFORMANCE.md, printed as one table with the machine, each
met or MISSED.

1. Inspector, large document (23 MB) vs jless: first frame within 0.15x jless's and within 2x
   wf-tui's own on 20 KB; peak memory within 0.15x jless's.
2. Inspector, 20 KB: first frame at most 1.0x jless's.
3. Filter: the worst keystroke over 100,000 rows within 4 ms and over 1,000,000 within 16 ms
   (from `cargo bench --bench table`'s output: the key itself, and until its result showed).
4. A million sources: wf-tui with all of them loaded (`G`, in tmux) against one
   `wf-tui demo-server --sources 1000000`: resident memory at most 0.5x their JSON bytes, every
   page within 1.2x of `wf-tui get source --all`'s time; a frame at 1,000,000 rows at most 1.2x
   one at 100 and a sort by any column within 300 ms (from the table bench).
5. Fetching 100,000 sources: the official Python client's own paging loop (1,000 a page over the
   cursor) vs `wf-tui get source --all -o json`: at least 200x faster, the same count.
6. Idle: wf-tui on a list, and on the firing console, in tmux for 10 s without input: at most
   0.02 s of CPU each.

Usage: scripts/bench.py WF_TUI JLESS [--table-bench FILE] [--runs N] [--mb N]
                        [--only 1,2,3,4,5,6] [--million N]
(scripts/bench.sh installs the peers, builds, runs the benches and calls this.)
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the worktree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_jless  # noqa: E402

SOURCES = 100_000
MILLION = 1_000_000
TICK = os.sysconf("SC_CLK_TCK")


def version(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout
        return out.strip().splitlines()[0] if out.strip() else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def machine(wf_tui, jless):
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    os_name = platform.system()
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    os_name = line.split("=", 1)[1].strip().strip('"')
    try:
        from importlib.metadata import version as pkg_version
        client = "wavefront-api-client " + pkg_version("wavefront-api-client")
    except Exception:  # noqa: BLE001 - any failure means "not installed"
        client = "wavefront-api-client ?"
    load = os.getloadavg()
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return [
        f"CPU: {cpu}, {os.cpu_count()} cores, {mem_gib:.0f} GiB; load average at start "
        f"{load[0]:.2f} (anything above ~0.5 means the machine was shared)",
        f"OS: {os_name}, Linux {platform.release()} {platform.machine()}",
        f"versions: {version([wf_tui, '--version'])}; {version(['rustc', '--version'])}; "
        f"{version([jless, '--version'])}; Python {platform.python_version()}, {client}",
    ]


def clean_env(home, **extra):
    """The environment of a wf-tui run: its own HOME and XDG folders, no account but `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("WAVEFRONT_", "CSP_", "XDG_", "WF_TUI_"))}
    env["HOME"] = home
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[var] = os.path.join(home, var.lower())
    env["TERM"] = "xterm-256color"
    env.update(extra)
    return env


class DemoServer:
    """`wf-tui demo-server --sources N` in the background; its URL and API token."""

    def __init__(self, wf_tui, home, sources):
        self.proc = subprocess.Popen(
            [wf_tui, "demo-server", "--sources", str(sources)], stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, env=clean_env(home))
        self.url = self.token = None
        for line in self.proc.stdout:
            if m := re.search(r"WAVEFRONT_ADDRESS=(\S+)", line):
                self.url = m.group(1)
            if m := re.search(r"WAVEFRONT_TOKEN=(\S+)", line):
                self.token = m.group(1)
            if line.startswith("Serving"):
                break
        if not (self.url and self.token):
            raise RuntimeError("demo-server did not print its URL and token")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def python_client_fetch(url, token):
    """The official client's own paging loop: SourceApi.get_all_source over the cursor."""
    import wavefront_api_client as wave
    start = time.perf_counter()
    config = wave.Configuration()
    config.host = url
    client = wave.ApiClient(config, header_name="Authorization", header_value="Bearer " + token)
    api = wave.SourceApi(client)
    count, cursor = 0, None
    while True:
        kwargs = {"limit": 1000}
        if cursor:
            kwargs["cursor"] = cursor
        page = api.get_all_source(**kwargs).response
        count += len(page.items or [])
        if not page.more_items:
            break
        cursor = page.cursor
    return time.perf_counter() - start, count


def wf_tui_fetch(wf_tui, url, token, home):
    """`wf-tui get source --all -o json`, a whole process, stdout to a file. (seconds, items, bytes)"""
    env = clean_env(home, WAVEFRONT_ADDRESS=url, WAVEFRONT_TOKEN=token)
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        subprocess.run([wf_tui, "get", "source", "--all", "-o", "json"], stdout=out, env=env,
                       check=True)
        took = time.perf_counter() - start
        out.seek(0)
        data = out.read()
    items = json.loads(data)
    return took, len(items), len(data)


class Tmux:
    """A private tmux server (its own socket) running one program in a 120x40 window."""

    def __init__(self, argv, env):
        # A socket of its own each time: a server just killed may still hold the last one
        # ("server exited unexpectedly" when budget 6 followed budget 4).
        Tmux.count = getattr(Tmux, "count", 0) + 1
        self.socket = f"wf-bench-{os.getpid()}-{Tmux.count}"
        script = " ".join(shlex_quote(a) for a in argv)
        subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d",
                        "-x", "120", "-y", "40", "exec " + script], env=env, check=True)
        self.pid = int(self.tmux("display-message", "-p", "#{pane_pid}").strip())

    def tmux(self, *args):
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True).stdout

    def screen(self):
        return self.tmux("capture-pane", "-p")

    def keys(self, *keys):
        self.tmux("send-keys", *keys)

    def wait_for(self, pattern, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            screen = self.screen()
            if re.search(pattern, screen):
                return screen
            time.sleep(0.1)
        raise RuntimeError(f"the screen never showed {pattern!r}:\n{self.screen()}")

    def close(self):
        self.tmux("kill-server")


def shlex_quote(s):
    import shlex
    return shlex.quote(s)


def cpu_seconds(pid):
    """utime + stime of a process, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def memory(pid):
    """(VmRSS, VmHWM) in bytes."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) * 1024
    return values["VmRSS"], values["VmHWM"]


def idle_cpu(wf_tui, home, view=None, seconds=10):
    """wf-tui --demo on its first list (or `:view`), no input for `seconds`: CPU time it used."""
    t = Tmux([wf_tui, "--demo"], clean_env(home))
    try:
        t.wait_for(r"\[\d+\]")  # the list's count label: loaded
        if view:
            t.keys(":")
            t.keys("-l", view)
            t.keys("Enter")
            time.sleep(1)
            t.wait_for(r"\[\d+\]")
        time.sleep(2)  # let the first frames and the login settle
        before = cpu_seconds(t.pid)
        time.sleep(seconds)
        after = cpu_seconds(t.pid)
        return after - before
    finally:
        t.close()


def scale_memory(wf_tui, url, token, home, count):
    """wf-tui on `count` sources, everything loaded with `G`: (RSS, peak RSS, seconds)."""
    env = clean_env(home, WAVEFRONT_ADDRESS=url, WAVEFRONT_TOKEN=token)
    t = Tmux([wf_tui], env)
    try:
        t.wait_for(r"\[(\d+|\d+ of [^\]]+)\]")
        t.keys(":")
        t.keys("-l", "sources")
        t.keys("Enter")
        t.wait_for(r"\[100 of")
        start = time.time()
        t.keys("G")
        t.wait_for(rf"\[{count}\]", timeout=1800)
        took = time.time() - start
        time.sleep(1)
        rss, hwm = memory(t.pid)
        return rss, hwm, took
    finally:
        t.close()


def table_bench(path):
    """What `cargo bench --bench table` printed: frames by row count (µs), the worst filter
    keystroke by row count ((key ms, result ms)), the worst sort (ms, rows)."""
    frames, filters, sort = {}, {}, None
    with open(path) as f:
        for line in f:
            if m := re.match(r"frame\s+(\d+) rows:\s+([\d.]+) µs", line):
                frames[int(m.group(1))] = float(m.group(2))
            if m := re.match(r"filter keystroke over (\d+) rows, worst: key ([\d.]+) ms.*"
                             r"result ([\d.]+) ms", line):
                filters[int(m.group(1))] = (float(m.group(2)), float(m.group(3)))
            if m := re.match(r"sort (\d+) rows, worst column: ([\d.]+) ms", line):
                sort = (float(m.group(2)), int(m.group(1)))
    return frames, filters, sort


def inspector(a, home, row):
    """Budgets 1 and 2: wf-tui inspect against jless on a large and a 20 KB document."""
    big = os.path.join(home, "big.json")
    small = os.path.join(home, "small.json")
    with open(big, "wb") as f:
        f.write(compare_jless.document(a.mb * 1_000_000))
    with open(small, "wb") as f:
        f.write(compare_jless.document(20_000))
    size = os.path.getsize(big) / 1e6
    wf = os.path.abspath(a.wf_tui)
    s_t, _ = compare_jless.measure("wf-tui", [wf, "inspect", small], b"items", a.runs)
    sj_t, _ = compare_jless.measure("jless", [a.jless, small], b"items", a.runs)
    b_t, b_m = compare_jless.measure("wf-tui", [wf, "inspect", big], b"items", a.runs)
    bj_t, bj_m = compare_jless.measure("jless", [a.jless, big], b"items", a.runs)
    row(f"1 inspect: first frame, {size:.0f} MB", f"{b_t * 1000:.1f} ms",
        f"jless {bj_t * 1000:.1f} ms", f"{b_t / bj_t:.2f}x", "<= 0.15x", b_t / bj_t <= 0.15)
    row(f"1 inspect: first frame, {size:.0f} MB vs 20 KB", f"{b_t * 1000:.1f} ms",
        f"wf-tui 20 KB {s_t * 1000:.1f} ms", f"{b_t / s_t:.2f}x", "<= 2x", b_t / s_t <= 2)
    row(f"1 inspect: peak memory, {size:.0f} MB", f"{b_m:.0f} MB", f"jless {bj_m:.0f} MB",
        f"{b_m / bj_m:.2f}x ({b_m / size:.1f}x the file)", "<= 0.15x", b_m / bj_m <= 0.15)
    row("2 inspect: first frame, 20 KB", f"{s_t * 1000:.1f} ms", f"jless {sj_t * 1000:.1f} ms",
        f"{s_t / sj_t:.2f}x", "<= 1.0x", s_t / sj_t <= 1.0)


def bench_rows(path, row):
    """Budgets 3 and 4 as the table bench measured them."""
    frames, filters, sort = table_bench(path)
    for n, budget in ((SOURCES, 4.0), (MILLION, 16.0)):
        if n in filters:
            key, result = filters[n]
            row(f"3 filter keystroke, worst, {n:,} rows", f"key {key:.2f} ms",
                f"result shown after {result:.2f} ms", "", f"<= {budget:.0f} ms",
                key <= budget)
    base, big = frames.get(100), frames.get(MILLION)
    if base and big:
        row("4 frame at 1,000,000 rows vs 100", f"{big:.0f} µs", f"{base:.0f} µs",
            f"{big / base:.2f}x", "<= 1.2x", big / base <= 1.2)
    if sort:
        row(f"4 sort {sort[1]:,} rows, worst column", f"{sort[0]:.0f} ms", "", "",
            "<= 300 ms", sort[0] <= 300)


def million(a, home, row):
    """Budget 4 in the TUI: every page of a million sources, memory and time."""
    wf = os.path.abspath(a.wf_tui)
    server = DemoServer(wf, home, a.million)
    try:
        get_t, get_n, json_bytes = wf_tui_fetch(wf, server.url, server.token, home)
        rss, hwm, took = scale_memory(wf, server.url, server.token, home, a.million)
    finally:
        server.stop()
    row(f"4 TUI, {a.million:,} sources loaded (G): memory",
        f"RSS {rss / 1e6:.0f} MB (peak {hwm / 1e6:.0f})", f"JSON {json_bytes / 1e6:.1f} MB",
        f"{rss / json_bytes:.2f}x", "<= 0.5x", rss / json_bytes <= 0.5)
    row(f"4 TUI, {a.million:,} sources loaded (G): time", f"{took:.1f} s",
        f"wf-tui get --all {get_t:.1f} s ({get_n} items)", f"{took / get_t:.2f}x", "<= 1.2x",
        took / get_t <= 1.2)


def fetching(a, home, row):
    """Budget 5: `wf-tui get source --all` against the official Python client's loop."""
    wf = os.path.abspath(a.wf_tui)
    server = DemoServer(wf, home, SOURCES)
    try:
        runs = [wf_tui_fetch(wf, server.url, server.token, home) for _ in range(3)]
        w_t = statistics.median(r[0] for r in runs)
        w_n = runs[0][1]
        p_t, p_n = python_client_fetch(server.url, server.token)
    finally:
        server.stop()
    row("5 all 100,000 sources, 1,000/page", f"{w_t:.2f} s ({w_n} items)",
        f"Python client {p_t:.2f} s ({p_n} items)", f"{p_t / w_t:.0f}x faster",
        ">= 200x, same count", p_t / w_t >= 200 and w_n == p_n == SOURCES)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("wf_tui")
    p.add_argument("jless")
    p.add_argument("--table-bench", help="saved output of `cargo bench --bench table`")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--mb", type=int, default=23)
    p.add_argument("--only", default="1,2,3,4,5,6")
    p.add_argument("--million", type=int, default=MILLION, help="sources for budget 4's TUI run")
    a = p.parse_args()
    only = set(a.only.split(","))
    rows = []  # (comparison, wf-tui, peer, ratio, goal, met)

    def row(what, ours, theirs, ratio, goal, met):
        rows.append((what, ours, theirs, ratio, goal, "met" if met else "MISSED"))

    info = machine(os.path.abspath(a.wf_tui), a.jless)
    with tempfile.TemporaryDirectory() as home:
        if only & {"1", "2"}:
            inspector(a, home, row)
        if only & {"3", "4"} and a.table_bench:
            bench_rows(a.table_bench, row)
        if "4" in only:
            million(a, home, row)
        if "5" in only:
            fetching(a, home, row)
        if "6" in only:
            wf = os.path.abspath(a.wf_tui)
            for label, view in (("a list", None), ("the firing console", "firing")):
                used = idle_cpu(wf, home, view)
                row(f"6 idle on {label}, 10 s, no input", f"{used:.2f} s CPU", "", "",
                    "<= 0.02 s", used <= 0.02 + 1e-9)

    print()
    for line in info:
        print(line)
    print(f"runs: median of {a.runs} (inspect), 3 (wf-tui get), 1 (Python client); "
          f"terminal 120x40")
    print()
    headers = ("comparison", "wf-tui", "peer / reference", "ratio", "goal", "")
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")


if __name__ == "__main__":
    main()
