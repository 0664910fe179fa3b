#!/usr/bin/env python3
"""Issue 25's pull at scale, measured: `rbpub pull --all --to DIR` of 100 store
apps with three versions each (the sandbox's `--store-apps 100`), every request
answered 50 ms late, against the serial sum of those latencies (the requests
the pull made, counted by the sandbox, times 50 ms) in the same run: what
bounded concurrency saves over asking one request after another.

Run: python3 benches/pull.py target/release/rbpub target/release/rbpub-sandbox
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

APPS = 100
LATENCY_MS = 50
KEY = "sandbox-write-key-5f1c2e"


def stats(url):
    with urllib.request.urlopen(f"{url}/__sandbox/stats") as r:
        return json.load(r)


def main():
    rbpub, sandbox = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as scratch:
        d = Path(scratch)
        server = subprocess.Popen(
            [sandbox, "--port", "0", "--db", str(d / "sandbox.db"), "--store-apps", str(APPS),
             "--latency-ms", str(LATENCY_MS)],
            stdout=subprocess.PIPE, text=True,
        )
        try:
            url = None
            for line in server.stdout:
                m = re.search(r"listening on (http://[\d.:]+)", line)
                if m:
                    url = m.group(1)
                    break
            before = stats(url)["requests"]
            env = {**os.environ, "RBPUB_STORE_URL": url, "RBPUB_STORE_KEY": KEY, "RBPUB_DATA_DIR": str(d / "data")}
            start = time.monotonic()
            proc = subprocess.run([rbpub, "--json", "pull", "--all", "--to", str(d / "out")],
                                  capture_output=True, text=True, env=env)
            wall = time.monotonic() - start
            assert proc.returncode == 0, proc.stderr
            pulled = json.loads(proc.stdout)["pulled"]
            assert len(pulled) == APPS, len(pulled)
            after = stats(url)
            requests = after["requests"] - before
            serial = requests * LATENCY_MS / 1000
            print(f"pulled {len(pulled)} apps (3 versions each): {requests} requests, "
                  f"at most {after['peakInFlight']} at once")
            print(f"wall {wall:.2f} s against {serial:.2f} s of latency one after another: "
                  f"{wall / serial:.2f}x")
        finally:
            server.terminate()


if __name__ == "__main__":
    main()
