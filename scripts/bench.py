#!/usr/bin/env python3
"""The four comparisons of PERFORMANCE.md, printed as one table with the machine.

1. wf-tui inspect vs jless: first frame and peak memory on a 20 MB document, first frame on 20 KB.
2. Fetching 100,000 sources: the official Python client's own paging loop (1,000 a page over the
   cursor) vs `wf-tui get source --all -o json`, against one `wf-tui demo-server`.
3. Idle: wf-tui on a list in a terminal (tmux) for 10 s without input: CPU time used.
4. Scale: wf-tui with all 100,000 sources loaded (`G`): resident memory against their JSON bytes;
   a frame at 100,000 rows against one at 100 (from `cargo bench --bench table`'s output).

Usage: scripts/bench.py WF_TUI JLESS [--table-bench FILE] [--runs N] [--mb N] [--only 1,2,3,4]
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
        self.socket = f"wf-bench-{os.getpid()}"
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


def idle_cpu(wf_tui, home, seconds=10):
    """wf-tui --demo on its first list, no input for `seconds`: CPU time it used meanwhile."""
    t = Tmux([wf_tui, "--demo"], clean_env(home))
    try:
        t.wait_for(r"\[\d+\]")  # the list's count label: loaded
        time.sleep(2)  # let the first frames and the login settle
        before = cpu_seconds(t.pid)
        time.sleep(seconds)
        after = cpu_seconds(t.pid)
        return after - before
    finally:
        t.close()


def scale_memory(wf_tui, url, token, home):
    """wf-tui on the 100,000 sources, everything loaded with `G`: (RSS, peak RSS, seconds)."""
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
        t.wait_for(rf"\[{SOURCES}\]", timeout=300)
        took = time.time() - start
        time.sleep(1)
        rss, hwm = memory(t.pid)
        return rss, hwm, took
    finally:
        t.close()


def frame_ratio(path):
    """(100-row frame µs, 100,000-row frame µs) from `cargo bench --bench table` output."""
    frames = {}
    with open(path) as f:
        for line in f:
            if m := re.match(r"frame\s+(\d+) rows:\s+([\d.]+) µs", line):
                frames[int(m.group(1))] = float(m.group(2))
    return frames.get(100), frames.get(SOURCES)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("wf_tui")
    p.add_argument("jless")
    p.add_argument("--table-bench", help="saved output of `cargo bench --bench table`")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--mb", type=int, default=20)
    p.add_argument("--only", default="1,2,3,4")
    a = p.parse_args()
    only = set(a.only.split(","))
    wf = os.path.abspath(a.wf_tui)
    rows = []  # (comparison, wf-tui, peer, ratio, goal, met)

    def row(what, ours, theirs, ratio, goal, met):
        rows.append((what, ours, theirs, ratio, goal, "met" if met else "MISSED"))

    info = machine(wf, a.jless)
    with tempfile.TemporaryDirectory() as home:
        if "1" in only:
            big = os.path.join(home, "big.json")
            small = os.path.join(home, "small.json")
            with open(big, "wb") as f:
                f.write(compare_jless.document(a.mb * 1_000_000))
            with open(small, "wb") as f:
                f.write(compare_jless.document(20_000))
            size = os.path.getsize(big) / 1e6
            for label, path, memory_row in ((f"{size:.0f} MB", big, True),
                                            ("20 KB", small, False)):
                w_t, w_m = compare_jless.measure("wf-tui", [wf, "inspect", path], b"items",
                                                 a.runs)
                j_t, j_m = compare_jless.measure("jless", [a.jless, path], b"items", a.runs)
                goal = 0.5 if memory_row else 1.0
                row(f"1 inspect: first frame, {label}", f"{w_t * 1000:.1f} ms",
                    f"jless {j_t * 1000:.1f} ms", f"{w_t / j_t:.2f}x", f"<= {goal}x",
                    w_t / j_t <= goal)
                if memory_row:
                    row(f"1 inspect: peak memory, {label}", f"{w_m:.0f} MB", f"jless {j_m:.0f} MB",
                        f"{w_m / j_m:.2f}x", "<= 0.33x", w_m / j_m <= 0.33)
        json_bytes = None
        if "2" in only or "4" in only:
            server = DemoServer(wf, home, SOURCES)
            try:
                if "2" in only:
                    runs = [wf_tui_fetch(wf, server.url, server.token, home)
                            for _ in range(3)]
                    w_t = statistics.median(r[0] for r in runs)
                    w_n, json_bytes = runs[0][1], runs[0][2]
                    p_t, p_n = python_client_fetch(server.url, server.token)
                    row("2 all 100,000 sources, 1,000/page", f"{w_t:.2f} s ({w_n} items)",
                        f"Python client {p_t:.2f} s ({p_n} items)", f"{p_t / w_t:.0f}x faster",
                        ">= 20x, same count", p_t / w_t >= 20 and w_n == p_n == SOURCES)
                if "4" in only:
                    if json_bytes is None:
                        json_bytes = wf_tui_fetch(wf, server.url, server.token, home)[2]
                    rss, hwm, took = scale_memory(wf, server.url, server.token, home)
                    row("4 TUI, 100,000 sources loaded (G)",
                        f"RSS {rss / 1e6:.0f} MB (peak {hwm / 1e6:.0f}), {took:.1f} s",
                        f"JSON {json_bytes / 1e6:.1f} MB", f"{rss / json_bytes:.2f}x",
                        "<= 2x", rss / json_bytes <= 2)
            finally:
                server.stop()
        if "4" in only and a.table_bench:
            base, big = frame_ratio(a.table_bench)
            if base and big:
                row("4 frame at 100,000 rows vs 100", f"{big:.0f} µs", f"{base:.0f} µs",
                    f"{big / base:.2f}x", "<= 1.2x", big / base <= 1.2)
        if "3" in only:
            used = idle_cpu(wf, home)
            row("3 idle on a list, 10 s, no input", f"{used:.2f} s CPU", "", "",
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
