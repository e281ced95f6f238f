#!/usr/bin/env python3
"""wf-tui inspect vs jless: time to the first frame that shows the document's first key, and
peak resident memory, both in the same 120x40 pseudo-terminal, on a generated document.

Usage: scripts/compare_jless.py WF_TUI JLESS [MEGABYTES] [RUNS]
"""
import json
import os
import pty
import resource
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import fcntl
import time


def document(target_bytes):
    """Dashboards with nested charts, like `benches/inspector.rs` builds."""
    parts = []
    size = 0
    i = 0
    while size < target_bytes:
        item = {
            "id": f"dash-{i}", "name": f"Dashboard {i} – Übersicht", "url": f"dash-{i}",
            "numCharts": 12, "tags": {"customerTags": [f"team.{i % 17}", "env.prod"]},
            "sections": [{"name": "Overview", "rows": [{"charts": [
                {"name": f"CPU {i}", "sources": [{"name": "cpu", "query": f"ts(cpu.usage.percentage, env=prod and host=web-{i}) > 90"}],
                 "units": "%", "chartSettings": {"type": "line", "min": 0, "max": 100}},
                {"name": f"Memory {i}", "sources": [{"name": "mem", "query": f"ts(mem.used.percentage, host=web-{i})"}]},
            ]}]}],
            "updatedEpochMillis": 1700000000000 + i, "favorite": i % 2 == 0,
        }
        text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
        parts.append(text)
        size += len(text.encode()) + 1
        i += 1
    return ('{"items":[' + ",".join(parts) + '],"moreItems":false}').encode()


def run_once(argv, marker, cols=120, rows=40, timeout=120):
    """Starts argv in a pty; returns (seconds to marker, peak RSS in MB)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = dict(os.environ, TERM="xterm-256color")

    def setup():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                            preexec_fn=setup, close_fds=True)
    os.close(slave)
    seen = b""
    first = None
    deadline = start + timeout
    while first is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            seen += chunk
            if marker in seen:
                first = time.perf_counter() - start
    os.write(master, b"q")
    # Drain until the process exits, then read its peak memory.
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                pass
        if time.perf_counter() > deadline + 10:
            proc.send_signal(signal.SIGKILL)
    os.close(master)
    if first is None:
        raise RuntimeError(f"{argv[0]} never showed {marker!r}")
    return first, usage.ru_maxrss / 1024.0


def measure(name, argv, marker, runs):
    times, mems = [], []
    for _ in range(runs):
        t, m = run_once(argv, marker)
        times.append(t)
        mems.append(m)
    return statistics.median(times), max(mems)


def main():
    wf_tui, jless = sys.argv[1], sys.argv[2]
    mb = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "big.json")
        small = os.path.join(tmp, "small.json")
        with open(big, "wb") as f:
            f.write(document(mb * 1_000_000))
        with open(small, "wb") as f:
            f.write(document(20_000))
        size = os.path.getsize(big) / 1e6
        print(f"document: {size:.1f} MB; terminal 120x40; median of {runs} runs; peak RSS is the max")
        print(f"{'case':<28}{'wf-tui':>12}{'jless':>12}{'ratio':>9}")
        for label, path in (("first frame, %.0f MB" % size, big), ("first frame, 20 KB", small)):
            w_t, w_m = measure("wf-tui", [wf_tui, "inspect", path], b"items", runs)
            j_t, j_m = measure("jless", [jless, path], b"items", runs)
            print(f"{label:<28}{w_t * 1000:>10.0f}ms{j_t * 1000:>10.0f}ms{w_t / j_t:>8.2f}x")
            print(f"{'  peak memory':<28}{w_m:>10.1f}MB{j_m:>10.1f}MB{w_m / j_m:>8.2f}x")


if __name__ == "__main__":
    main()
