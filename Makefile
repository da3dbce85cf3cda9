# The two commands a newcomer runs (see README): `make map` and `make test` (`make check`: the quick part).
# Each installs what it needs: a virtual environment in .venv, the pip packages, and for tests
# Debian's chromium and Node's npm (through apt-get, with sudo when not root) when missing, and the
# JavaScript tools pinned in package-lock.json (npm ci, into node_modules).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SCENARIO := layers/idlib-2020/scenario.toml
MAP := build/idlib-2020.html
CHROMIUM := /usr/bin/chromium
NPM := /usr/bin/npm
NODE_MODULES := node_modules/.package-lock.json
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: map test check install install-test chromium js clean

map: $(VENV)/.installed
	@$(BIN)/geo build $(SCENARIO) -o $(MAP)

# Python's lint, the page's JavaScript lint (ESLint, with the payload contract's rules) and unit
# tests (node --test), then every Python and browser test.
test: $(VENV)/.installed-test $(CHROMIUM) $(NODE_MODULES)
	$(BIN)/ruff check geo tests bench layers
	node_modules/.bin/eslint
	node --test js-tests/
	$(BIN)/python -m pytest

# The quick part: both lints, the JavaScript unit tests, and the Python tests that need no browser
# and take no seconds each (not marked browser or slow): under a minute, no Chromium.
check: $(VENV)/.installed-test $(NODE_MODULES)
	$(BIN)/ruff check geo tests bench layers
	node_modules/.bin/eslint
	node --test js-tests/
	$(BIN)/python -m pytest -m "not browser and not slow"

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
chromium: $(CHROMIUM)
js: $(NODE_MODULES)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed: installing Debian's python3-venv"; rm -rf $(VENV); \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	@$(BIN)/python -m pip install -q --upgrade pip 2>/dev/null

# pip's and setuptools' chatter goes to .venv/install.log, shown only when the install fails.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "installing geo and its dependencies into $(VENV)"
	@$(BIN)/python -m pip install -e . > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	@echo "installing the test dependencies into $(VENV)"
	@$(BIN)/python -m pip install -e '.[test]' > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $@

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

$(NPM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm

# npm ci: exactly package-lock.json's versions (ESLint, and the libraries static/vendor/ copies)
$(NODE_MODULES): package.json package-lock.json | $(NPM)
	npm ci --no-audit --no-fund --loglevel=error

clean:
	rm -rf build $(VENV) node_modules
