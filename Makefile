# Kiln: two commands on a fresh machine — `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
SAMPLE := build/sample.kiln

# Debian packages the window and the tests need: Xvfb and xcb for a real window, poppler's
# pdftotext/pdftoppm and LibreOffice to read exported PDFs and DOCX back. (Fonts ship in resources/.)
DEB_PACKAGES := xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 \
	libegl1 libgl1 libfontconfig1 libdbus-1-3 poppler-utils libreoffice-writer-nogui

.PHONY: setup setup-dev system-deps run test lint layers bench stress i18n package package-test clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

setup-dev: $(DEVSTAMP)

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

# The layer rule: nothing under app/ imports PySide6 or ui/ (import-linter contracts in pyproject).
layers: setup-dev
	$(VENV)/bin/lint-imports

test: setup-dev system-deps lint layers
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

# Extract every translatable string to i18n/kiln.pot, update the catalogs, compile them.
i18n: setup-dev
	$(VENV)/bin/pybabel extract -F babel.cfg --no-location --sort-by-file \
		--project Kiln --copyright-holder "The Kiln team" -o i18n/kiln.pot .
	for po in i18n/*/LC_MESSAGES/kiln.po; do \
		[ -e "$$po" ] || continue; \
		$(VENV)/bin/pybabel update -i i18n/kiln.pot -D kiln -d i18n -l $$(basename $$(dirname $$(dirname $$po))); \
	done
	[ -z "$$(ls i18n/*/LC_MESSAGES/kiln.po 2>/dev/null)" ] || $(VENV)/bin/pybabel compile -D kiln -d i18n

# The crash test at full scale (CI runs a smaller number of kills).
stress: setup-dev
	KILN_CRASH_KILLS=300 $(PY) -m pytest -q -p no:cacheprovider tests/unit/test_crash_safety.py

bench: setup-dev system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench.run

# Installers: the PyInstaller folder, a .tar.gz and a .deb under build/package (packaging/README.md).
package: setup
	$(PY) -m pip install --quiet -e '.[package]'
	packaging/build_linux.sh $(PY)

package-test:
	packaging/test_package.sh

clean:
	rm -rf build .pytest_cache .ruff_cache
