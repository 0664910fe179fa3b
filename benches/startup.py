#!/usr/bin/env python3
"""Issue 2's start-up benchmark.

Time from process start to the app being interactive (the page calls the
`app_ready` command once its first screen has its data), and memory after start,
compared in the same run with the same binary showing a blank page (`--blank`).
Memory is the proportional set size (PSS) of the app and every WebKit process it
started, so shared libraries are not counted twice.

Run under a display: xvfb-run -a python3 benches/startup.py target/release/rainbond-publisher [runs]
"""
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time


def descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def pss_kib(pid):
    total = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def one_run(binary, blank):
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, RBPUB_STARTUP_PROBE="1", RBPUB_DATA_DIR=data)
        args = [binary] + (["--blank"] if blank else [])
        start = time.perf_counter()
        proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                text=True, start_new_session=True)
        try:
            for line in proc.stdout:
                if line.strip() == "rbpub-ready":
                    elapsed = time.perf_counter() - start
                    break
            else:
                raise RuntimeError(f"{args} exited without becoming ready")
            # Memory right after start, and once start-up garbage has been collected.
            time.sleep(0.5)
            early = pss_kib(proc.pid)
            time.sleep(1.5)
            settled = pss_kib(proc.pid)
            return elapsed, early, settled
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/rainbond-publisher"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    one_run(binary, True)  # warm the page cache for both
    one_run(binary, False)
    results = {True: [], False: []}
    for _ in range(runs):
        for blank in (True, False):
            results[blank].append(one_run(binary, blank))
    def median(blank, i):
        return statistics.median(r[i] for r in results[blank])
    t_blank, t_app = median(True, 0), median(False, 0)
    e_blank, e_app = median(True, 1), median(False, 1)
    s_blank, s_app = median(True, 2), median(False, 2)
    print(f"runs: {runs} of each, alternating; medians; memory is PSS 0.5 s / 2 s after ready")
    print(f"blank page: {t_blank * 1000:7.1f} ms to ready, {e_blank / 1024:6.1f} / {s_blank / 1024:6.1f} MiB")
    print(f"app:        {t_app * 1000:7.1f} ms to ready, {e_app / 1024:6.1f} / {s_app / 1024:6.1f} MiB")
    print(f"ratio app/blank: time {t_app / t_blank:.2f}x (goal <= 1.3x), "
          f"memory {e_app / e_blank:.2f}x at 0.5 s, {s_app / s_blank:.2f}x at 2 s (goal <= 1.2x)")


if __name__ == "__main__":
    main()
