# ledger-recon — the two commands a fresh machine needs: `make run` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
RELEASE_BIN := .build/release/ledger-recon
DB ?= ledger.sqlite
TRIALS ?= 200
MUTATIONS ?= 2000

.PHONY: deps build release run test bench bench-10m reliability screenshot clean

# Installs the C libraries the package links (libcsv, SQLite) when their headers are missing,
# and the tools `make bench` measures with (the sqlite3 CLI, GNU time).
deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product ledger-recon

# The nightly job on samples/ with the embedded SQLite database; safe to run twice.
run: release
	@bash scripts/run-samples.sh "$(RELEASE_BIN)" "$(DB)"

# Against a private PostgreSQL cluster started and stopped around the tests: every suite (the store
# suites on both backends), then the end-to-end suite again with the binary on PostgreSQL.
test: deps
	$(SWIFT) build --build-tests
	LEDGER_RECON_BIN="$(CURDIR)/.build/debug/ledger-recon" bash scripts/pg-cluster.sh around \
		bash scripts/test-backends.sh $(SWIFT) --parallel --num-workers 2

# 1M transfers, each figure a ratio against `sqlite3 .import` of the same CSV in the same run
# (README "Performance"); a few minutes. bench-10m: 10M transfers against 10 x the 1M run.
bench: release
	@bash scripts/bench.sh "$(RELEASE_BIN)"

bench-10m: release
	@bash scripts/bench.sh "$(RELEASE_BIN)" 10m

# The reliability campaign (README "Reliability campaign"); not part of `make test`.
# Scale it down with e.g. `make reliability TRIALS=20 MUTATIONS=100`.
reliability: release
	@TRIALS=$(TRIALS) MUTATIONS=$(MUTATIONS) bash scripts/reliability.sh "$(RELEASE_BIN)"

# docs/report.png: the sample night's report.html rendered by headless Chromium (installed when
# missing); not part of `make test`.
screenshot: release
	@bash scripts/screenshot-report.sh "$(RELEASE_BIN)" docs/report.png

clean:
	rm -rf .build reports/*/ reports/latest bench-data
