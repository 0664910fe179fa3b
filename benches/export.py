#!/usr/bin/env python3
"""Issue 23's export read, measured: `rbpub lint` reading a 2 GB offline export
whole as a stream (with and without the checksum list), against `gzip -dc | tar t`
on the same file, in the same run. Wall time, throughput of the file in MB/s and
peak resident memory; the ratio is rbpub's time over the baseline's (median of
three runs each, interleaved, since these machines are noisy).

The export is laid out as Rainbond's offline export writes it (goodrain/rainbond-oam
pkg/export): `bench-1.0-ram/component-images.tar` (a `docker save` of six images,
two 256 MiB layers each), `plugin-images.tar`, `metadata.json`, gzip'd. Layers are
five parts random to three parts zeros, so that the file compresses about as
image layers do (~1.6:1).

Run: python3 benches/export.py target/release/rbpub
"""

import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

MIB = 1 << 20
LAYER = 256 * MIB
IMAGES = 6
RUNS = 3


class Layer:
    """`size` bytes of layer: each MiB is 640 KiB from a random pool, then zeros."""

    def __init__(self, size, pool, seed):
        self.left, self.pool, self.at = size, pool, (seed * 7919 * 4096) % len(pool)
        self.buf, self.pos = b"", 0

    def read(self, n=-1):
        n = self.left if n < 0 else min(n, self.left)
        if len(self.buf) - self.pos < n:
            # Whole MiBs, enough for this read, after what is left of the last.
            mibs = n // MIB + 1
            parts = [self.buf[self.pos :]]
            for _ in range(mibs):
                parts.append(self.pool[self.at : self.at + 640 * 1024] + bytes(384 * 1024))
                self.at = (self.at + 640 * 1024) % (len(self.pool) - 640 * 1024)
            self.buf, self.pos = b"".join(parts), 0
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        self.left -= n
        return out


def add(tar, name, data=None, size=None, fileobj=None):
    info = tarfile.TarInfo(name)
    info.size = len(data) if data is not None else size
    tar.addfile(info, io.BytesIO(data) if data is not None else fileobj)


def image_tarball(path, images, pool):
    manifest = []
    with tarfile.open(path, "w", format=tarfile.GNU_FORMAT) as tar:
        for i, (name, layers) in enumerate(images):
            config = f"{i:064x}.json"
            add(tar, config, b"{}")
            names = []
            for j in range(layers):
                layer = f"{i:032x}{j:032x}/layer.tar"
                add(tar, layer, size=LAYER, fileobj=Layer(LAYER, pool, i * 16 + j))
                names.append(layer)
            manifest.append({"Config": config, "RepoTags": [name], "Layers": names})
        add(tar, "manifest.json", json.dumps(manifest).encode())


def export(path, scratch):
    pool = os.urandom(64 * MIB)
    images = [(f"goodrain.me/bench/component-{i}:20261203", 2) for i in range(IMAGES)]
    image_tarball(scratch / "component-images.tar", images, pool)
    plugin = [("goodrain.me/bench/plugin:1", 0)]
    image_tarball(scratch / "plugin-images.tar", plugin, pool)
    metadata = {
        "group_key": "bench",
        "group_name": "bench",
        "group_version": "1.0",
        "apps": [
            {"service_cname": f"component-{i}", "service_key": f"k{i}", "service_share_uuid": f"k{i}+{i}",
             "share_image": name, "image": name}
            for i, (name, _) in enumerate(images)
        ],
        "plugins": [{"plugin_alias": "plugin", "plugin_key": "p", "category": "net-plugin:up",
                     "share_image": plugin[0][0]}],
    }
    gzip = subprocess.Popen(["gzip", "-1"], stdin=subprocess.PIPE, stdout=open(path, "wb"))
    with tarfile.open(fileobj=gzip.stdin, mode="w|", format=tarfile.GNU_FORMAT) as tar:
        for name in ("component-images.tar", "plugin-images.tar"):
            with open(scratch / name, "rb") as f:
                add(tar, f"bench-1.0-ram/{name}", size=(scratch / name).stat().st_size, fileobj=f)
            (scratch / name).unlink()
        add(tar, "bench-1.0-ram/metadata.json", json.dumps(metadata).encode())
    gzip.stdin.close()
    gzip.wait()


def timed(command):
    start = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
    wall = time.monotonic() - start
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    return wall, peak_kb / 1024, proc


def main():
    rbpub = sys.argv[1]
    with tempfile.TemporaryDirectory() as scratch:
        d = Path(scratch)
        file = d / "bench-1.0-ram.tar.gz"
        made = time.monotonic()
        export(file, d)
        size_mb = file.stat().st_size / MIB
        inflated_mb = IMAGES * 2 * LAYER / MIB
        print(f"export: {size_mb:.0f} MB ({inflated_mb:.0f} MB inflated), made in {time.monotonic() - made:.0f} s")
        cases = {
            "gzip -dc | tar t": ["sh", "-c", f"gzip -dc '{file}' | tar t > /dev/null"],
            "rbpub lint": [rbpub, "--json", "lint", str(file)],
            "rbpub lint --checksums": [rbpub, "--json", "lint", str(file), "--checksums", str(d / "sums")],
        }
        results = {name: [] for name in cases}
        for _ in range(RUNS):
            for name, command in cases.items():
                wall, peak, proc = timed(command)
                results[name].append((wall, peak))
                if name.startswith("rbpub"):
                    report = json.loads(proc.stdout)["report"]["listings"][0]
                    sizes = [c["bytes"] for c in report["export"]["components"]]
                    assert all(s and s > 2 * LAYER for s in sizes), f"images sized: {sizes}"
                    assert report["error"] is None, report
        base = statistics.median(w for w, _ in results["gzip -dc | tar t"])
        for name, runs in results.items():
            wall = statistics.median(w for w, _ in runs)
            peak = max(p for _, p in runs)
            print(f"{name:<24} {wall:6.2f} s  {size_mb / wall:6.0f} MB/s of file  "
                  f"{inflated_mb / wall:6.0f} MB/s inflated  peak {peak:6.1f} MB  {wall / base:4.2f}x the baseline")


if __name__ == "__main__":
    main()
