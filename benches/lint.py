#!/usr/bin/env python3
"""Issue 5's lint benchmark: `rbpub lint` over a folder of 1,000 listings.

Goal: under 1 s on these 2-core machines using both cores. Each run is the whole
command (process start, discovery, reading every listing.toml, introduction,
release notes, template.json and logo header, every rule), alternating one core
(RAYON_NUM_THREADS=1) and both, so the speed-up is measured in the same run.

Run: python3 benches/lint.py target/release/rbpub target/release/examples/many_listings [runs]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run(rbpub, folder, threads):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    start = time.perf_counter()
    done = subprocess.run([rbpub, "lint", folder, "--format", "json"], env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 10):
        sys.exit(f"rbpub lint failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed, done.stdout


def main():
    rbpub, generator = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([generator, folder, "1000"], check=True)
        out = run(rbpub, folder, 2)[1]  # warm the page cache, as a CI job's checkout is
        errors = out.count(b'"level": "error"')
        one, two = [], []
        for _ in range(runs):
            one.append(run(rbpub, folder, 1)[0])
            two.append(run(rbpub, folder, 2)[0])
        m1, m2 = statistics.median(one), statistics.median(two)
        print(f"rbpub lint, 1000 listings ({errors} error findings), median of {runs}:")
        print(f"  one core:   {m1 * 1000:.0f} ms")
        print(f"  both cores: {m2 * 1000:.0f} ms  ({m1 / m2:.2f}x one core; goal < 1000 ms: {1 / m2:.1f}x under it)")


if __name__ == "__main__":
    main()
