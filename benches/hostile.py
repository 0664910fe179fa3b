#!/usr/bin/env python3
"""Issues 13 and 24's budget, measured: hostile inputs of the shapes the issue found
(and the Markdown ones measured since), each run through the release `rbpub`
command that reads it, with its wall time and peak resident memory against the
target (30 s, 1 GB) and what the command said.

Run: python3 benches/hostile.py target/release/rbpub [LABEL-PART]
"""

import base64
import io
import os
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

TARGET_SECONDS = 30
TARGET_MB = 1024
# A command still running at this point is stopped and reported over.
GIVE_UP_SECONDS = 120


def png(width, height, rows=None):
    """A PNG of the given size; its pixels are zeros unless rows are given."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    if rows is None:
        compressor = zlib.compressobj(9)
        row = b"\0" * (1 + width * 4)
        data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    else:
        data = zlib.compress(rows)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def svg_with_raster(path):
    # A small file whose embedded 6000x6000 raster is drawn 30 times.
    raster = base64.b64encode(png(6000, 6000)).decode()
    uses = "".join(f'<use href="#r" x="{i}"/>' for i in range(30))
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512">'
        f'<defs><image id="r" width="512" height="512" href="data:image/png;base64,{raster}"/></defs>'
        f"{uses}</svg>"
    )


def svg_logo(path, body):
    path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512">{body}</svg>')


def svg_renderer_cases(d):
    # What resvg itself allocates or loops over: each a few hundred bytes.
    svg_logo(d / "pattern.svg",
             '<defs><pattern id="p" width="60000" height="60000" patternUnits="userSpaceOnUse">'
             '<rect width="60000" height="60000" fill="#08f"/></pattern></defs>'
             '<rect width="512" height="512" fill="url(#p)"/>')
    filtered = '<defs><filter id="f">{}</filter></defs><rect width="512" height="512" filter="url(#f)"/>'
    svg_logo(d / "morphology.svg", filtered.format('<feMorphology operator="dilate" radius="2000"/>'))
    svg_logo(d / "turbulence.svg", filtered.format('<feTurbulence baseFrequency="0.05" numOctaves="1000000"/>'))
    svg_logo(d / "layers.svg", '<g opacity="0.99">' * 250 + '<rect width="512" height="512"/>' + "</g>" * 250)


def uniform_gif(side, screen=1):
    """A GIF whose logical screen is screen x screen and whose one frame is side x side of colour 0, LZW-coded."""
    min_code = 2
    clear, eoi = 1 << min_code, (1 << min_code) + 1
    bits, nbits = 0, 0
    out = bytearray()
    size = min_code + 1
    def emit(code):
        nonlocal bits, nbits
        bits |= code << nbits
        nbits += size
        while nbits >= 8:
            out.append(bits & 0xFF); bits >>= 8; nbits -= 8
    left = side * side
    emit(clear)
    next_code = eoi + 1
    k = 1
    while left:
        run = min(k, left)
        emit(0 if run == 1 else eoi + run - 1)
        left -= run
        if left == 0: break
        # the encoder adds run+1 pixels as next_code
        if next_code < 4096:
            next_code += 1
            if next_code == (1 << size) + 1 and size < 12:
                size += 1
            k = run + 1
        if next_code >= 4095:
            emit(clear); size = min_code + 1; next_code = eoi + 1; k = 1
    emit(eoi)
    if nbits: out.append(bits & 0xFF)
    blocks = b"".join(bytes([len(out[i:i+255])]) + bytes(out[i:i+255]) for i in range(0, len(out), 255)) + b"\0"
    head = b"GIF89a" + struct.pack("<HHBBB", screen, screen, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
    desc = b"\x2c" + struct.pack("<HHHHB", 0, 0, side, side, 0)
    return head + desc + bytes([min_code]) + blocks + b"\x3b"


def svg_walk_cases(d):
    # Within every cap the first walk had, and over the budget in what resvg does with them.
    svg_logo(d / "morphology-63.svg",
             '<defs><filter id="m" x="-1024" y="-1024" width="2560" height="2560" filterUnits="userSpaceOnUse">'
             '<feMorphology operator="dilate" radius="63"/></filter></defs>'
             '<rect width="512" height="512" fill="#08f" filter="url(#m)"/>')
    gif = base64.b64encode(uniform_gif(2000, screen=1)).decode()
    uses = "".join(f'<use href="#g" x="{i % 7}"/>' for i in range(1000))
    svg_logo(d / "gif-frames.svg",
             f'<defs><image id="g" width="512" height="512" href="data:image/gif;base64,{gif}"/></defs>{uses}')
    svg_logo(d / "tiles.svg",
             '<defs><pattern id="t" width="4000" height="4000" patternUnits="userSpaceOnUse">'
             '<rect width="4000" height="4000" fill="#f80"/></pattern></defs>'
             + '<rect width="512" height="512" fill="url(#t)"/>' * 1000)
    svg_logo(d / "shapes.svg", '<rect x="-1024" y="-1024" width="2560" height="2560" fill="#08f" opacity="0.5"/>' * 20000)


def many_listings(d, count, times):
    # `count` listing folders, each naming its 8 MB notes file `times` times.
    for i in range(count):
        listing_naming_one_file(d / f"listing-{i}", times)


def png_claiming(path, side):
    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    body = b"IHDR" + header
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + body + struct.pack(">I", zlib.crc32(body))
    )


def strip(path):
    path.write_bytes(png(16384, 1, rows=b"\0" + b"\0\0\xff\xff" * 16384))


class Zeros:
    """A file-like run of zeros, for tar members that claim gigabytes."""

    def __init__(self, size):
        self.left = size

    def read(self, n=-1):
        n = self.left if n < 0 else min(n, self.left)
        self.left -= n
        return b"\0" * n


def ram_with_long_name(path, claimed):
    # A GNU long-name header whose "name" is `claimed` bytes of zeros.
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        info = tarfile.TarInfo("././@LongLink")
        info.type = tarfile.GNUTYPE_LONGNAME
        info.size = claimed
        tar.addfile(info, Zeros(claimed))


def ram_with_zeros_first(path, size):
    # Image layers of zeros before the metadata, past the scan budget.
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        info = tarfile.TarInfo("app/layer.tar")
        info.size = size
        tar.addfile(info, Zeros(size))


def listing(folder, introduction):
    folder.mkdir()
    (folder / "listing.toml").write_text(
        'schema = 1\nid = "hostile"\nname = "hostile"\nintroduction = "introduction.md"\n'
    )
    (folder / "introduction.md").write_text(introduction)


def ram_with_empty_components(path, size):
    # metadata.json of `size` bytes listing only empty components: a few KB gzipped.
    body = b'{"apps":[' + b"{}," * ((size - 20) // 3) + b'{}]}'
    with tarfile.open(path, "w:gz", compresslevel=9) as tar:
        info = tarfile.TarInfo("app/metadata.json")
        info.size = len(body)
        import io
        tar.addfile(info, io.BytesIO(body))


def listing_naming_one_file(folder, times):
    # listing.toml (under its 1 MB cap, inline tables) naming one 8 MB notes file `times` times.
    folder.mkdir()
    (folder / "n").write_text("n" * (8 * 1024 * 1024 - 1))
    (folder / "introduction.md").write_text("# Many\n")
    versions = ",".join(f'{{version="{i}",notes="n"}}' for i in range(times))
    (folder / "listing.toml").write_text(f'schema = 1\nname = "many"\nversions = [{versions}]\n')


def bomb_bundle(path, inflated):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("listing.toml", 'schema = 1\nid = "bomb"\nname = "bomb"\nintroduction = "introduction.md"\n')
        with z.open("introduction.md", "w", force_zip64=True) as f:
            chunk = b"a" * (16 << 20)
            for _ in range(inflated // len(chunk)):
                f.write(chunk)


# ---- issue 33: whole exports, hostile stores, bulk imports ----

META = (Path(__file__).resolve().parent.parent / "crates/core/fixtures/ram-example.json").read_bytes()


def add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def image_tarball(manifest):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.GNU_FORMAT) as tar:
        add_bytes(tar, "manifest.json", manifest)
    return out.getvalue()


def ram_with_tarballs(path, tarballs, meta=META):
    # An export whose folder holds these image tarballs (name, bytes), then metadata.json.
    with tarfile.open(path, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
        for name, data in tarballs:
            add_bytes(tar, f"app/{name}", data)
        add_bytes(tar, "app/metadata.json", meta)


def manifest_of_empty_images(size):
    return b"[" + b"{}," * (size // 3 - 1) + b"{}]"


def manifest_of_empty_tags(size):
    return b'[{"RepoTags":[' + b'"",' * (size // 3 - 1) + b'""]}]'


def ram_with_many_components(path, components, images):
    import json
    meta = json.loads(META)
    app = meta["apps"][0]
    meta["apps"] = [dict(app, service_key=f"k{i}", service_share_uuid=f"k{i}+k{i}", service_cname=f"c{i}",
                         share_image=f"goodrain.me/c{i}:1.0", dep_service_map_list=[]) for i in range(components)]
    manifest = json.dumps([{"Config": "", "RepoTags": [f"goodrain.me/x{i}:1.0"], "Layers": []} for i in range(images)])
    ram_with_tarballs(path, [("images.tar", image_tarball(manifest.encode()))], json.dumps(meta).encode())


def ram_with_long_tar_names(path, count, length):
    # `count` empty image tarballs whose PAX names are `length` bytes long.
    with tarfile.open(path, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
        for i in range(count):
            add_bytes(tar, f"app/{i:05d}{'x' * length}.tar", b"")
        add_bytes(tar, "app/metadata.json", META)


def folder_of_duplicate_versions(folder, count):
    folder.mkdir()
    versions = "".join(f'[[versions]]\nversion="1.0.0"\nnotes="v{i}.md"\n' for i in range(count))
    (folder / "listing.toml").write_text('schema = 1\nid = "dupes"\nname = "dupes"\n' + versions)
    (folder / "introduction.md").write_text("# dupes\n")
    for i in range(count):
        (folder / f"v{i}.md").write_text(f"notes {i}\n")


def bundles_naming_notes(folder, bundles, times):
    # Each bundle: an 8 MB notes file (deflated to a few KB) named by `times` versions.
    folder.mkdir()
    # 8 MB that deflates about 110 times (under the bundle's zip-bomb ratio).
    rng = __import__("random").Random(1)
    notes = bytearray()
    while len(notes) < 8 * 1024 * 1024 - 2048:
        notes += b"a" * 300 + bytes([rng.randrange(97, 123)])
    notes = bytes(notes)
    versions = "".join(f'[[versions]]\nversion = "1.{i}.0"\nnotes = "n.md"\n' for i in range(times))
    for b in range(bundles):
        with zipfile.ZipFile(folder / f"b{b}.rbpub", "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("listing.toml", f'schema = 1\nid = "b{b}"\nname = "b{b}"\n' + versions)
            z.writestr("introduction.md", "# b\n")
            z.writestr("n.md", notes)


class HostileStore:
    """A store that misbehaves as the issue found stores can, on loopback: a
    list that never says "last page", an app of millions of tags, 60 MB texts,
    thousands of identical versions. Its mode is the app id asked for."""

    def __init__(self):
        import http.server
        import json
        import threading

        def app(i, **extra):
            base = {"appKeyID": i, "name": f"app {i}", "desc": "d", "introduction": "", "logo": "",
                    "tags": [], "publishType": "private", "status": 1, "appDetailURL": "", "versions": []}
            return {**base, **extra}

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, body):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):
                path = self.path.split("?")[0].removeprefix("/app-server/openapi")
                parts = path.strip("/").split("/")
                if path == "/apps":
                    intro = "i" * (1 << 20)
                    self.reply({"apps": [app(f"e{n}", introduction=intro) for n in range(50)], "total": 10**9})
                elif len(parts) == 2 and parts[1] == "tags":
                    self.reply(b'{"appKeyID":"tags","name":"tags","tags":[' + b"1," * 30_000_000 + b'1]}')
                elif len(parts) == 2 and parts[1] == "texts":
                    self.reply(app("texts", introduction="t" * (60 << 20)))
                elif len(parts) == 2:
                    self.reply(app(parts[1]))
                elif len(parts) == 3 and parts[2] == "versions":
                    count = {"dupes": 4000, "dupes2k": 2000}.get(parts[1], 1)
                    self.reply({"versions": [{"appVersion": "1.0.0", "desc": "n" * 100} for _ in range(count)]})
                elif len(parts) == 3 and parts[2] == "packages":
                    self.reply({"packages": []})
                else:
                    self.send_response(404)
                    self.end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def run(rbpub, label, args, env=None):
    start = time.monotonic()
    try:
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%M", rbpub, *args],
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            errors="replace",
            timeout=GIVE_UP_SECONDS,
        )
    except subprocess.TimeoutExpired:
        subprocess.run(["pkill", "-f", args[-1]], check=False)
        print(f"{label:<34} stopped after {GIVE_UP_SECONDS} s  OVER")
        return False
    wall = time.monotonic() - start
    lines = proc.stderr.strip().splitlines()
    peak_mb = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    told = lines[:-1] + proc.stdout.strip().splitlines()
    said = next((l for l in told if l.strip() and not l.startswith("Command exited")), "")[:110]
    within = wall <= TARGET_SECONDS and peak_mb <= TARGET_MB
    print(f"{label:<34} exit {proc.returncode:>3}  {wall:>6.2f} s  {peak_mb:>7.1f} MB  {'ok  ' if within else 'OVER'}  {said}")
    return within


def main():
    rbpub = sys.argv[1]
    with tempfile.TemporaryDirectory() as scratch:
        d = Path(scratch)
        svg_with_raster(d / "raster-logo.svg")
        svg_renderer_cases(d)
        svg_walk_cases(d)
        (d / "lint-8").mkdir()
        many_listings(d / "lint-8", 8, 40)
        png_claiming(d / "huge.png", 100_000)
        strip(d / "strip.png")
        ram_with_long_name(d / "longname-ram.tar.gz", 2 << 30)
        ram_with_zeros_first(d / "zeros-ram.tar.gz", 5 << 30)
        eight_mb = 8 * 1024 * 1024 - 64 * 1024  # just under the text limit
        listing(d / "divs", "<div>\n" * (eight_mb // 6))
        listing(d / "open-then-paragraphs", "<div>\n" * 2000 + "\n" + "a\n\n" * (eight_mb // 3))
        listing(d / "table", "|a|\n|-|\n" + "|x|\n" * (eight_mb // 4))
        listing(d / "emphasis", "*a" * (eight_mb // 2))
        bomb_bundle(d / "bomb.rbpub", 1 << 30)
        ram_with_empty_components(d / "empty-components-ram.tar.gz", 63 * 1024 * 1024)
        listing_naming_one_file(d / "one-file-27000-times", 27_000)
        sixteen_mb = 16 * 1024 * 1024 - 1024
        empty_images = image_tarball(manifest_of_empty_images(sixteen_mb))
        ram_with_tarballs(d / "manifests-ram.tar.gz", [(f"m{i}.tar", empty_images) for i in range(8)])
        ram_with_tarballs(d / "repotags-ram.tar.gz", [("t.tar", image_tarball(manifest_of_empty_tags(sixteen_mb)))])
        ram_with_long_tar_names(d / "longnames-ram.tar.gz", 8000, 60_000)
        ram_with_many_components(d / "components-ram.tar.gz", 10_000, 10_000)
        # As many as a listing.toml of at most 1 MB names.
        folder_of_duplicate_versions(d / "dupes", 20_000)
        bundles_naming_notes(d / "bundles", 20, 60)
        data = d / "data"
        data.mkdir()
        subprocess.run([rbpub, "import", str(d / "dupes")], env={**os.environ, "RBPUB_DATA_DIR": str(data)},
                       capture_output=True, check=False)
        sizes = {p.name: p.stat().st_size for p in d.iterdir() if p.is_file()}
        print("inputs: " + ", ".join(f"{n} {s / 1024:.0f} KB" for n, s in sorted(sizes.items())))
        out = str(d / "page.html")
        cases = [
            ("SVG raster drawn 30 times", ["assets", "check", str(d / "raster-logo.svg")]),
            ("SVG: 60000 px pattern tile", ["assets", "check", str(d / "pattern.svg")]),
            ("SVG: feMorphology radius 2000", ["assets", "check", str(d / "morphology.svg")]),
            ("SVG: feTurbulence 1M octaves", ["assets", "check", str(d / "turbulence.svg")]),
            ("SVG: 250 nested opacity groups", ["assets", "check", str(d / "layers.svg")]),
            ("SVG: feMorphology r63, 5x canvas", ["assets", "check", str(d / "morphology-63.svg")]),
            ("SVG: 1x1 GIF, 2000 px frame x1000", ["assets", "check", str(d / "gif-frames.svg")]),
            ("SVG: filled 4000 px tile, 1000 shapes", ["assets", "check", str(d / "tiles.svg")]),
            ("SVG: 20,000 shapes past the canvas", ["assets", "check", str(d / "shapes.svg")]),
            ("PNG claiming 100000x100000", ["assets", "check", str(d / "huge.png")]),
            ("16384x1 strip padded square", ["assets", "fix", "--fix", "pad", "-o", str(d / "o.png"), str(d / "strip.png")]),
            ("RAM: 2 GB long-name header", ["preview", str(d / "longname-ram.tar.gz"), "-o", out]),
            ("RAM: 5 GB of layers first", ["preview", str(d / "zeros-ram.tar.gz"), "-o", out]),
            ("8 MB of nested <div>: preview", ["preview", str(d / "divs"), "-o", out]),
            ("8 MB of nested <div>: lint", ["lint", str(d / "divs")]),
            ("2000 open divs, 8 MB paragraphs", ["preview", str(d / "open-then-paragraphs"), "-o", out]),
            ("8 MB of table rows", ["preview", str(d / "table"), "-o", out]),
            ("8 MB of *a emphasis", ["preview", str(d / "emphasis"), "-o", out]),
            ("bundle inflating to 1 GiB", ["preview", str(d / "bomb.rbpub"), "-o", out]),
            ("RAM: 21M empty components", ["lint", str(d / "empty-components-ram.tar.gz")]),
            ("8 MB notes named 27,000 times", ["lint", str(d / "one-file-27000-times")]),
            ("lint: 8 listings of 320 MB, 8 cores", ["lint", str(d / "lint-8")], {"RAYON_NUM_THREADS": "8"}),
            ("export: 8 manifests of 16 MB {}", ["lint", str(d / "manifests-ram.tar.gz")]),
            ("export: 5.6M empty RepoTags", ["lint", str(d / "repotags-ram.tar.gz")]),
            ("export: 8000 60 KB tar names", ["lint", str(d / "longnames-ram.tar.gz")]),
            ("export: 8000 names, --checksums", ["lint", "--checksums", str(d / "sums.txt"), str(d / "longnames-ram.tar.gz")]),
            ("export report: 10k x 10k images", ["lint", str(d / "components-ram.tar.gz")]),
            ("export of 20,000 versions 1.0.0", ["export", "dupes", "-o", str(d / "dupes-out")],
             {"RBPUB_DATA_DIR": str(data)}),
            ("import: 20 bundles naming 8 MB x60", ["import", *sorted(str(p) for p in (d / "bundles").iterdir())],
             {"RBPUB_DATA_DIR": str(d / "data-import")}),
        ]
        store = HostileStore()
        key = {"RBPUB_STORE_URL": store.url, "RBPUB_STORE_KEY": "hostile-key", "RBPUB_DATA_DIR": str(d / "data-pull")}
        cases += [
            ("store: list never says last page", ["pull", "--all", "--to", str(d / "pulled-all")], key),
            ("store: an app of 30M tags", ["pull", "--app-id", "tags", "--to", str(d / "pulled-tags")], key),
            ("store: an app of 60 MB texts", ["pull", "--app-id", "texts", "--to", str(d / "pulled-texts")], key),
            ("store: 4000 versions 1.0.0", ["pull", "--app-id", "dupes", "--to", str(d / "pulled-dupes")], key),
            ("store: 2000 versions 1.0.0", ["pull", "--app-id", "dupes2k", "--to", str(d / "pulled-dupes2k")], key),
        ]
        # An optional second argument runs only the cases whose label holds it.
        only = sys.argv[2] if len(sys.argv) > 2 else ""
        results = [run(rbpub, *case) for case in cases if only in case[0]]
        print(f"{sum(results)}/{len(results)} within {TARGET_SECONDS} s and {TARGET_MB} MB")


if __name__ == "__main__":
    main()
