# The two commands a newcomer runs (see README): `make map` and `make test`.
# Each installs what it needs: a virtual environment in .venv, the pip packages, and for tests
# Debian's chromium (through apt-get, with sudo when not root) when /usr/bin/chromium is missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SCENARIO := layers/idlib-2020/scenario.toml
MAP := build/idlib-2020.html
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: map test install install-test chromium clean

map: $(VENV)/.installed
	@$(BIN)/geo build $(SCENARIO) -o $(MAP)

test: $(VENV)/.installed-test $(CHROMIUM)
	$(BIN)/python -m pytest

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
chromium: $(CHROMIUM)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed: installing Debian's python3-venv"; rm -rf $(VENV); \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	@$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

clean:
	rm -rf build $(VENV)
