# sheetpipe — the two commands of the README, and the tools around them.
#   make run    runs the national-report pipeline on the bundled samples into out/, installing what it needs
#   make test   builds with warnings as errors and runs every test (what CI runs)
#   make stress  times the inputs of issue 15 (generated once into stress-data/) beside the all-valid run
#   make consumer   builds a package that depends on SheetReading by version (CI runs it after the tests)
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin
SWIFT ?= swift
OUT ?= out

.PHONY: k8s-local shard-bench run test consumer docs deps build release bench bench-ods stress fixtures fuzz format lint container clean

# System libraries (Debian packages). Installed only when pkg-config cannot find them.
deps:
	@if ! pkg-config --exists libzip libxml-2.0 xlsxwriter libcrypto 2>/dev/null; then \
	  echo "installing libxml2-dev libzip-dev libxlsxwriter-dev libssl-dev pkg-config…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libxml2-dev libzip-dev libxlsxwriter-dev libssl-dev pkg-config >/dev/null; \
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

# Someone else's package (Examples/Consumer) depending on SheetReading by version, as a user's would:
# a clone of the commit (CONSUMER_REF, default HEAD: commit first) is tagged 1.0.0 in the clone
# only, and the consumer builds against it, then reads a bundled sample. A version dependency is
# what makes SwiftPM refuse a product built with unsafe flags; `path:` and `branch:` skip that check.
CONSUMER_REF ?= HEAD
consumer: deps
	@set -e; work=$$(mktemp -d /tmp/sheetpipe-consumer.XXXXXX); trap 'rm -rf "$$work"' EXIT; \
	  git clone -q --no-local . "$$work/sheetpipe"; \
	  git -C "$$work/sheetpipe" checkout -q --detach "$$(git rev-parse $(CONSUMER_REF))"; \
	  git -C "$$work/sheetpipe" tag 1.0.0; \
	  cp -R Examples/Consumer "$$work/consumer"; \
	  echo "consumer: SheetReading from 1.0.0 = $$(git -C "$$work/sheetpipe" rev-parse --short HEAD)"; \
	  cd "$$work/consumer"; \
	  SHEETPIPE_CLONE="$$work/sheetpipe" $(SWIFT) build --disable-dependency-cache; \
	  .build/debug/Consumer "$$work/sheetpipe/samples/fiches-bretagne.xlsx"

# The DocC catalogs of SheetReading and SheetSchema, as .doccarchive folders under .build/docs
# (symbol graphs from the build, then the toolchain's docc; broken symbol links are errors).
docs: deps
	$(SWIFT) package dump-symbol-graph --minimum-access-level public >/dev/null
	@set -e; for module in SheetReading SheetSchema; do \
	  rm -rf .build/docs/$$module-symbols && mkdir -p .build/docs/$$module-symbols; \
	  cp .build/*/symbolgraph/$$module.symbols.json .build/*/symbolgraph/$$module@*.symbols.json .build/docs/$$module-symbols/ 2>/dev/null || true; \
	  docc convert Sources/$$module/$$module.docc --additional-symbol-graph-dir .build/docs/$$module-symbols \
	    --fallback-display-name $$module --fallback-bundle-identifier sheetpipe.$$module \
	    --output-path .build/docs/$$module.doccarchive --warnings-as-errors; \
	done

# Standard workbooks (10k, 100k, 1M rows) next to python-calamine and polars when installed.
bench: release
	.build/release/sheetpipe bench --sizes 10k,100k,1m

# Reading ODS: the standard workbooks converted once by LibreOffice (needs soffice), read by
# sheetpipe, python-calamine and pandas' odf engine (pip install python-calamine pandas odfpy).
bench-ods: release
	.build/release/sheetpipe bench --ods --sizes 10k,100k

# The inputs of issue 15 that used to make memory and time grow with the mess (300,000 rows with
# 3-5 errors each beside 300,000 valid ones, a dot-decimal CSV, YAML bombs, templated titles), written
# once into STRESS_DATA by tools/bench/stress_inputs.py (needs PYTHON with xlsxwriter), then timed:
# time, peak RSS, outputs, issues and candidates, and the logs' MB/s beside dd. A case still running
# after STRESS_TIME_LIMIT seconds is killed and reported.
STRESS_DATA ?= stress-data
STRESS_TIME_LIMIT ?= 600
PYTHON ?= python3
stress: release
	@$(PYTHON) -c 'import xlsxwriter' 2>/dev/null || { echo "make stress needs xlsxwriter: pip install xlsxwriter (Debian's Python: pip install --break-system-packages xlsxwriter, or a venv and PYTHON=venv/bin/python3)"; exit 1; }
	$(PYTHON) tools/bench/stress_inputs.py --out $(STRESS_DATA)
	.build/release/sheetpipe bench --stress $(STRESS_DATA) --time-limit $(STRESS_TIME_LIMIT)

# A sharded run against a single run as local processes (200 files x 5,000 rows and 2,000 x 500):
# CPU, wall time and peak RSS of each shard and of the merge, outputs compared byte for byte.
shard-bench: release
	tools/bench/shard_bench.sh .build/release/sheetpipe

# deploy/kubernetes played without a cluster (not in CI): the image built by container-check, one
# podman pod per index of the shards' Indexed Job (podman 4.3 does not play `kind: Job`), then the
# merge Job's pod, and the merged outputs compared with a single run in the same image.
K8S_SHARDS ?= 3
k8s-local:
	../shared/tools/container-check --version
	CONTAINERS_CONF=/var/tmp/container-check/containers.conf python3 tools/k8s/play_indexed_job.py \
	  --image localhost/sheetpipe:check --shards $(K8S_SHARDS)

# Regenerate the test fixtures (needs Python with xlsxwriter, openpyxl, python-calamine, and LibreOffice).
fixtures:
	python3 tools/fixtures/make_fixtures.py
	python3 tools/fixtures/calamine_oracle.py

# libFuzzer on each parser (Sources/SheetFuzzing) for FUZZ_SECONDS of CPU each (Fuzz/run-target.sh
# stops it once it has had them: on a busy machine a fuzzer gets a share of a core), AddressSanitizer
# on; what adds coverage is merged into the committed corpora (Fuzz/corpus/<target>), findings
# (crash-, timeout-, oom-) land in Fuzz/findings/<target>/. Hangs: over 1 s; memory: over 256 MiB.
# FUZZ_JOBS targets run side by side.
FUZZ_SECONDS ?= 600
FUZZ_JOBS ?= 1
FUZZ_TARGETS ?= xlsx sheet-xml shared-strings styles ods ods-content csv french-values table-schema definition
FUZZ_BINARY = .build-fuzz/release/sheetpipe-fuzz
# The targets that read files write each input to a scratch folder: in memory (/dev/shm) where there
# is one, so that the disk's stalls under a busy machine are not taken for hangs.
FUZZ_SCRATCH ?= $(shell test -d /dev/shm && test -w /dev/shm && echo /dev/shm || echo /tmp)
fuzz: deps
	@# Swift drops the fuzzer's coverage when AddressSanitizer is on too: it is asked for explicitly.
	SHEETPIPE_FUZZ=1 $(SWIFT) build -c release --sanitize=fuzzer --sanitize=address --product sheetpipe-fuzz \
	  -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp --build-path .build-fuzz
	@mkdir -p Fuzz/findings
	@printf '%s\n' $(FUZZ_TARGETS) | xargs -P $(FUZZ_JOBS) -I{} sh -c \
	  'Fuzz/run-target.sh $(FUZZ_BINARY) {} $(FUZZ_SECONDS) $(FUZZ_SCRATCH) > Fuzz/findings/{}.log 2>&1; \
	   echo "== {}"; cat Fuzz/findings/{}.log'

format:
	$(SWIFT) format --in-place --recursive --parallel Package.swift Sources Tests Examples Fuzz/Entry

lint:
	$(SWIFT) format lint --recursive --parallel Package.swift Sources Tests Examples Fuzz/Entry

container:
	../shared/tools/container-check inspect /data/in/fiches-bretagne.xlsx

clean:
	rm -rf .build $(OUT)
