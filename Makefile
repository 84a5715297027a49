# 换届通 — the two commands: `make run` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install chromium lint clean

$(STAMP): pyproject.toml requirements.lock package.json package-lock.json
	@command -v $(PY) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PY)）"; exit 1; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	npm ci --no-audit --no-fund
	touch $(STAMP)

install: $(STAMP)

# Start the system with demo data on the embedded SQLite default.
run: install
	$(BIN)/huanjie migrate --noinput
	$(BIN)/huanjie demo --if-empty
	HUANJIE_DEMO=1 $(BIN)/huanjie serve 127.0.0.1:8000

# Browser tests drive Debian's Chromium (never a downloaded browser); installed here when we can.
chromium:
	@{ command -v chromium && command -v pdftoppm; } >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null); } || \
	  { echo "浏览器测试需要 Debian 的 chromium，PDF 测试需要 poppler-utils：sudo apt-get install chromium fonts-noto-cjk poppler-utils"; exit 1; }

# The whole suite on SQLite; with DATABASE_URL set, the same suite on that database.
test: install chromium
	$(BIN)/huanjie makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest -n 2 --dist worksteal

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy huanjie
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) node_modules var
