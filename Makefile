# sheetpipe — the two commands of the README, and the tools around them.
#   make run    runs the national-report pipeline on the bundled samples into out/, installing what it needs
#   make test   builds with warnings as errors and runs every test (what CI runs)
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin
SWIFT ?= swift
OUT ?= out

.PHONY: run test deps build release bench fixtures format lint container clean

# System libraries (Debian packages). Installed only when pkg-config cannot find them.
deps:
	@if ! pkg-config --exists libzip libxml-2.0 xlsxwriter 2>/dev/null; then \
	  echo "installing libxml2-dev libzip-dev libxlsxwriter-dev pkg-config…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libxml2-dev libzip-dev libxlsxwriter-dev pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build -Xswiftc -warnings-as-errors

release: deps
	$(SWIFT) build -c release

run: release
	@# The national-report pipeline on samples/ (exit 1 means: done, some rows rejected — the samples hold some).
	.build/release/sheetpipe run; status=$$?; [ $$status -le 1 ]

test: deps
	$(SWIFT) build --build-tests -Xswiftc -warnings-as-errors
	$(SWIFT) test --skip-build

# Standard workbooks (10k, 100k, 1M rows) next to python-calamine and polars when installed.
bench: release
	.build/release/sheetpipe bench --sizes 10k,100k,1m

# Regenerate the test fixtures (needs Python with xlsxwriter, openpyxl, python-calamine, and LibreOffice).
fixtures:
	python3 tools/fixtures/make_fixtures.py
	python3 tools/fixtures/calamine_oracle.py

format:
	$(SWIFT) format --in-place --recursive --parallel Package.swift Sources Tests

lint:
	$(SWIFT) format lint --recursive --parallel Package.swift Sources Tests

container:
	../shared/tools/container-check inspect /data/in/fiches-bretagne.xlsx

clean:
	rm -rf .build $(OUT)
