# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
SANDBOX_PORT ?= 5001
export FLASK_APP := wsgi

.PHONY: run test lint bench system-deps translations migrate clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations --statistics

migrate: $(VENV)/.installed translations
	$(BIN)/flask db upgrade heads

## run: set up and start web, worker (with beat) and the sandbox agencies on the embedded default
run: migrate
	# honcho gives every process its own PORT, so the web app's public address is fixed here for all of them.
	PATH=$(CURDIR)/$(BIN):$$PATH SANDBOX_PORT=$(SANDBOX_PORT) \
	  PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)} \
	  SANDBOX_URL=$${SANDBOX_URL:-http://127.0.0.1:$(SANDBOX_PORT)} \
	  $(BIN)/honcho start --port $(PORT) --procfile Procfile

## system-deps: Debian packages the tests need (a browser, PDF rendering, a CJK font for pages)
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || missing="$$missing fonts-wqy-zenhei"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

## test: set up and run every test
test: system-deps $(VENV)/.installed translations
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest

bench: $(VENV)/.installed translations
	$(BIN)/python -m bench.pipeline

clean:
	rm -rf $(VENV) instance
