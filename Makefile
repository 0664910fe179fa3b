# The two commands of the README:
#   make run   installs what is missing, builds, and opens the app
#   make test  installs what is missing and runs every test (Rust, UI, real window)
# Everything else here serves those two.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

export PATH := $(HOME)/.cargo/bin:$(PATH)
APP := target/debug/rainbond-publisher
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Build and run: Tauri's Linux needs; real-window tests: Xvfb, WebKitWebDriver, CJK fonts;
# the OS keyring headless: GNOME Keyring on a private D-Bus session (scripts/with-keyring);
# the package checks: desktop-file-validate, update-mime-database, rpm (scripts/check-packages);
# the rules of the house: python3 (scripts/check-house); approvals are checked against OpenSSH's
# own ssh-keygen and ssh-agent (openssh-client).
SYSTEM_PACKAGES := libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libayatana-appindicator3-dev \
	librsvg2-dev libxdo-dev libssl-dev pkg-config build-essential file \
	xvfb xauth webkit2gtk-driver fonts-noto-cjk \
	gnome-keyring dbus-daemon dbus-x11 libsecret-tools curl \
	desktop-file-utils shared-mime-info rpm python3 openssh-client

.PHONY: run test deps system-deps node-deps tauri-driver tauri-cli clippy ui build test-house test-rust test-ui test-window \
	test-package package-stage dist dist-cross test-cross bench bench-deps fuzz bindings

# The app against the local sandbox (console + store); its sign-in details are printed.
run: system-deps node-deps build
	scripts/run-with-sandbox ./$(APP)

test: deps build test-house test-rust test-ui test-window test-package

deps: system-deps node-deps tauri-driver clippy

system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "ok installed" || echo "$$p"; done); \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:" $$missing; \
		$(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

node-deps: node_modules/.package-lock.json

tauri-driver:
	@command -v tauri-driver >/dev/null || cargo install tauri-driver --locked --version '^2'

clippy:
	@cargo clippy --version >/dev/null 2>&1 || rustup component add clippy

# The bundler (`cargo tauri`): its npm package lacks this machine's platform binary.
tauri-cli:
	@command -v cargo-tauri >/dev/null || cargo install tauri-cli --locked --version '^2'

# The UI is built again only when a source of it changed: the app embeds its files, and new
# ones, even byte for byte the same, make the next build compile the app's crate again (five
# minutes for the arm64 release build).
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/vite.config.ts \
	ui/tsconfig.json package.json package-lock.json
ui/dist/index.html: $(UI_SOURCES) | node-deps
	npm run build
ui: ui/dist/index.html

# One build of the whole workspace, tests and benches included, so the test run
# and the app share every compiled crate (same features, no second Tauri build).
build: ui
	cargo build --workspace --all-targets

# The rules of the house (README): which crate uses which, no import circles
# (scripts/check-house), and clippy's default set, denied in Cargo.toml.
test-house:
	scripts/check-house
	cargo clippy --workspace --all-targets

# Under a real Secret Service: the keyring tests use it, and so does rbpub.
test-rust:
	@# nextest does not run doc tests (the crates' examples, the ids' compile_fail): cargo does.
	@if command -v cargo-nextest >/dev/null; then scripts/with-keyring cargo nextest run --workspace --no-fail-fast \
		&& cargo test --doc --workspace -q; \
	else scripts/with-keyring cargo test --workspace --no-fail-fast; fi

test-ui:
	npm run check
	npm test

test-window:
	scripts/with-keyring xvfb-run -a --server-args="-screen 0 1280x860x24" npm run e2e

# What the packages ship beside the app, made from one build of rbpub (PROFILE=debug
# or release): the binary, its manual pages (gzip'd, as Debian wants them) and completions.
# scripts/cross stages the arm64 rbpub with the same recipe: its own STAGE and STAGE_BIN, and
# STAGE_RUN, what starts that rbpub here (qemu).
PROFILE ?= release
STAGE ?= target/dist/stage
STAGE_BIN ?= target/$(PROFILE)/rbpub
STAGE_RUN ?=
package-stage:
	rm -rf $(STAGE) && mkdir -p $(STAGE)/man $(STAGE)/completions
	cp $(STAGE_BIN) $(STAGE)/rbpub
	$(STAGE_RUN) $(STAGE)/rbpub man --dir $(STAGE)/man && gzip -9n $(STAGE)/man/*.1
	for sh in bash zsh fish; do $(STAGE_RUN) $(STAGE)/rbpub completions $$sh > $(STAGE)/completions/rbpub.$$sh; done

# The installers: a .deb and an .rpm (AppImage needs tools from GitHub, which
# these machines cannot reach), in target/release/bundle/.
dist: system-deps node-deps tauri-cli ui
	cargo build --release -p rbpub-cli
	$(MAKE) package-stage PROFILE=release
	cd src-tauri && cargo tauri build --ci --bundles deb,rpm
	@ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm

# rbpub for 64-bit Windows and for arm64 Linux, and the app's .deb for arm64, cross-built with
# Debian's second Rust (scripts/cross says why and how), copied into target/dist/ under the
# names a release attaches. Not part of `make dist`: it needs packages of its own (scripts/cross
# deps) and arm64's libraries (about 210 MB of Debian's packages, fetched once).
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
dist-cross: tauri-cli ui
	scripts/cross windows
	scripts/cross arm64
	scripts/cross arm64-deb
	mkdir -p target/dist
	cp target/cross/windows/x86_64-pc-windows-gnu/release/rbpub.exe target/dist/rbpub-$(VERSION)-x86_64-pc-windows-gnu.exe
	cp target/cross/arm64/aarch64-unknown-linux-gnu/release/rbpub target/dist/rbpub-$(VERSION)-aarch64-unknown-linux-gnu
	cp target/cross/arm64/aarch64-unknown-linux-gnu/release/bundle/deb/*_$(VERSION)_arm64.deb \
		target/dist/rainbond-publisher_$(VERSION)_arm64.deb
	@ls -l target/dist/rbpub-$(VERSION)-* target/dist/rainbond-publisher_$(VERSION)_arm64.deb

# The cross-built rbpub run under Wine and qemu beside the native one (scripts/check-cross):
# the same findings, pages and refusals in both languages; rbpub.exe against the sandbox; the
# arm64 .deb unpacked and its programs looked at.
# .ci/run calls it after `make test`.
test-cross: build dist-cross
	scripts/check-cross
	@# The release workflow runs on GitHub's runners, never here: checked against GitHub's schema.
	@command -v check-jsonschema >/dev/null || python3 -m pip install -q check-jsonschema==0.39.0
	check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/release.yml

# The same packages around the debug build `make build` made (`tauri bundle` packs
# what is built, no second compile), unpacked into a scratch root and checked as a
# desktop would use them.
test-package: tauri-cli
	$(MAKE) package-stage PROFILE=debug
	cd src-tauri && cargo tauri bundle --ci --debug --bundles deb,rpm
	scripts/check-packages target/debug/bundle

# The logo benchmark runs ImageMagick's convert beside the pipeline.
bench-deps:
	@command -v convert-im6.q16 >/dev/null || { $(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq imagemagick; }

bench: ui bench-deps
	cargo bench -p rbpub-assets --bench logo
	cargo bench -p rbpub-service --bench portfolio
	cargo bench -p rbpub-service --bench publish
	cargo bench -p rbpub-service --bench destinations
	scripts/with-keyring cargo bench -p rbpub-service --bench soak
	cargo bench -p rbpub-service --bench polling
	cargo bench -p rbpub-preview --bench preview
	cargo bench -p rbpub-core --bench upgrade
	cargo build --release -p rbpub-cli -p rbpub-files --bins --examples
	python3 benches/lint.py target/release/rbpub target/release/examples/many_listings
	python3 benches/hostile.py target/release/rbpub
	python3 benches/export.py target/release/rbpub
	cargo build --release -p rbpub-sandbox
	python3 benches/pull.py target/release/rbpub target/release/rbpub-sandbox
	cargo build --release -p rainbond-publisher
	# On a private session bus that is torn down after: each start of the app would
	# otherwise autolaunch a bus (and portals) that outlive it.
	scripts/with-keyring xvfb-run -a --server-args="-screen 0 1280x860x24" python3 benches/startup.py target/release/rainbond-publisher

# Every reader of untrusted bytes under libFuzzer (nightly Rust, cargo-fuzz),
# each for FUZZ_SECONDS: image decode-and-check, SVGs drawn from a grammar of
# patterns, filters and layers, the bundle reader, the RAM reader, templates
# with counts past the caps, and Markdown to the preview page. New inputs go to a scratch folder so
# the committed corpus stays small; a crash is saved under fuzz/artifacts/ and
# belongs in fuzz/corpus/<target>/, which `make test` replays.
FUZZ_SECONDS ?= 600
# One input's limit: the product's 30 s. Sanitizer builds run an SVG's drawing
# several times slower than release (a 1 s logo took 13 s on a loaded machine),
# so an input past this is far past the release budget.
FUZZ_UNIT_SECONDS ?= 30
FUZZ_TARGETS ?= decode_and_check draw_svg read_bundle read_ram read_export read_store_reply read_template markdown_preview
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p target/fuzz-corpus/$$t && \
		cargo +nightly fuzz run $$t target/fuzz-corpus/$$t fuzz/corpus/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=$(FUZZ_UNIT_SECONDS) || exit 1; \
	done

bindings:
	UPDATE_BINDINGS=1 cargo test -p rbpub-service --test bindings
