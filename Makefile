# Kiln: two commands on a fresh machine — `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
SAMPLE := build/sample.kiln
# Compiled catalogs (.mo) are built from the .po files, never committed (.gitignore).
MO_FILES = $(patsubst %.po,%.mo,$(wildcard i18n/*/LC_MESSAGES/kiln.po))

# Debian packages the window and the tests need: Xvfb, xdotool and the xcb libraries for a real
# window typed into with real key events, poppler's pdftotext/pdftoppm and LibreOffice to read
# exported PDFs and DOCX back, and PostgreSQL's server for the studio tests (they start a
# throwaway cluster on a Unix socket in a temporary folder; the package's own cluster is not
# used). (Fonts ship in resources/.)
DEB_PACKAGES := xvfb xauth xdotool libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 \
	libegl1 libgl1 libfontconfig1 libdbus-1-3 poppler-utils libreoffice-writer-nogui \
	postgresql

.PHONY: setup setup-dev system-deps run test lint layers ddl bench stress i18n catalogs screenshots \
	golden package package-test clean

setup: $(STAMP) catalogs

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

setup-dev: $(DEVSTAMP) catalogs

$(DEVSTAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Installs only what is missing, so it is quick (and needs no root) on a machine that has it all.
system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
		case " $$missing " in *" postgresql "*) \
			echo "Dropping the cluster Debian made and started with PostgreSQL (the tests bring their own, on a socket)"; \
			for v in $$(ls /etc/postgresql 2>/dev/null); do $$SUDO pg_dropcluster --stop $$v main 2>/dev/null || true; done;; \
		esac; \
	fi

$(SAMPLE): $(STAMP) resources/sample/porcelain.kiln.json
	mkdir -p build
	$(PY) main.py demo --out $(SAMPLE) --force

# Opens the window on a fresh copy of the sample project (under Xvfb when there is no display).
run: setup system-deps $(SAMPLE)
	cp $(SAMPLE) build/sample-copy.kiln
	if [ -n "$$DISPLAY" ] || [ -n "$$WAYLAND_DISPLAY" ]; then \
		$(PY) main.py build/sample-copy.kiln; \
	else \
		xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) main.py build/sample-copy.kiln; \
	fi

lint: setup-dev
	$(VENV)/bin/ruff check .

# The schema as plain SQL (app/store/ddl.py), generated from the ORM tables: run after changing
# app/store/schema.py (tests/unit/test_plain_writer.py fails while it is stale).
ddl: setup-dev
	$(PY) -m app.store.ddl_gen

# The layer rule: nothing under app/ imports PySide6 or ui/ (import-linter contracts in pyproject).
layers: setup-dev
	$(VENV)/bin/lint-imports

test: setup-dev system-deps lint layers
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

# Extract every translatable string to i18n/kiln.pot, update the catalogs, regenerate the
# English one (msgstr = msgid), compile them all. The workflow: i18n/README.md.
i18n: setup-dev
	$(VENV)/bin/pybabel extract -F babel.cfg --no-location --sort-by-file \
		--project Kiln --copyright-holder "The Kiln team" -o i18n/kiln.pot .
	for po in i18n/*/LC_MESSAGES/kiln.po; do \
		[ -e "$$po" ] || continue; \
		lang=$$(basename $$(dirname $$(dirname $$po))); [ "$$lang" = en ] && continue; \
		$(VENV)/bin/pybabel update -i i18n/kiln.pot -D kiln -d i18n -l $$lang; \
	done
	$(PY) i18n/english_catalog.py
	$(VENV)/bin/pybabel compile -D kiln -d i18n --statistics

# Compile a catalog whenever its .po is newer than its .mo (setup does this, so a fresh clone
# has them). A catalog marked fuzzy in its header is refused, and make test says why.
catalogs: $(MO_FILES)

i18n/%/LC_MESSAGES/kiln.mo: i18n/%/LC_MESSAGES/kiln.po | $(STAMP)
	$(VENV)/bin/pybabel compile -D kiln -d i18n -l $*

# The pictures README and docs/ show, redrawn into docs/screenshots: the tests marked
# `screenshot` (window, board and its rhythm lane markers, editor in both layouts and its fit
# badges, notes panel, series rhythm and fit, the window in each interface language). make test draws them into build/screenshots only, so it leaves the tree as it was.
screenshots: setup-dev system-deps
	KILN_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q \
		-p no:cacheprovider -m screenshot tests/ui

# The golden renderings make test compares exports with (tests/golden/: each page's text lines and
# where they stand, from the sample in every language and two real screenplays; written by
# tests/support/golden.py) and the pictures docs/exports.md shows (docs/exports/*.png, drawn by
# tests/support/export_pictures.py), both from the exports as they are now. Run it when an
# export changes on purpose, look at the diff and the pictures, and commit them.
golden: setup-dev system-deps
	$(PY) -m tests.support.golden
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.support.export_pictures

# The reliability suite at full scale (make test runs it smaller): SIGKILL crashes, damaged
# files, disk changes, fuzzed and hostile inputs, the readers' budgets at the sizes issue #24
# reported (figures in build/reader-*.jsonl), and the studio: 20 laptops x 200 edits syncing
# at once, 50 server stops mid-sync and 50 laptops killed mid-push. docs/reliability.md and
# docs/benchmarks.md quote a run's figures (the studio load writes build/studio-load.json).
stress: setup-dev system-deps
	rm -f build/reader-budgets.jsonl build/reader-backtracking.jsonl
	KILN_CRASH_KILLS=300 KILN_FUZZ_EXAMPLES=2000 KILN_CORRUPT_CASES=600 KILN_ATTACK_SCALE=full \
		KILN_STUDIO_CLIENTS=20 KILN_STUDIO_EDITS=200 KILN_STUDIO_FAULTS=50 \
		QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -s -p no:cacheprovider \
		tests/unit/test_crash_safety.py tests/unit/test_corruption.py \
		tests/unit/test_disk_change.py tests/unit/test_fuzz_readers.py \
		tests/unit/test_hostile_inputs.py tests/unit/test_reader_budgets.py \
		tests/unit/test_reader_backtracking.py tests/unit/test_reader_controls.py \
		tests/unit/test_studio_load.py tests/unit/test_studio_faults.py

# The whole benchmark suite on a generated 100-episode series and a 20,000-entry library, several
# rounds each, beside two peer tools; writes docs/benchmarks.md (tests/bench/run.py).
PEERS := build/peers
bench: setup-dev system-deps $(PEERS)/.installed
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench.run

# The peers the benchmark compares with, never Kiln's dependencies: screenplain (PyPI) in a
# virtual environment of its own and afterwriting (npm), both under build/peers; node and npm
# from Debian when the machine has none.
$(PEERS)/.installed: | $(STAMP)
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
		echo "Installing Debian packages: nodejs npm"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends nodejs npm; \
	fi
	mkdir -p $(PEERS)
	test -x $(PEERS)/venv/bin/python || $(PY) -m venv $(PEERS)/venv
	$(PEERS)/venv/bin/python -m pip install --quiet screenplain reportlab
	npm install --silent --no-audit --no-fund --prefix $(PEERS) afterwriting
	touch $@

# Installers: the PyInstaller folder, a .tar.gz and a .deb under build/package (packaging/README.md).
package: setup
	$(PY) -m pip install --quiet -e '.[package]'
	packaging/build_linux.sh $(PY)

package-test:
	packaging/test_package.sh

clean:
	rm -rf build .pytest_cache .ruff_cache
