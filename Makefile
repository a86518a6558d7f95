# The two set-up commands of README.md: `make demo` and `make test`.
SWIFT ?= swift

.PHONY: demo test deps build bench fuzz goldens

demo: deps
	$(SWIFT) build --product patchbay
	./.build/debug/patchbay demo

deps:
	./scripts/install-deps.sh

# The tests run beside a throwaway PostgreSQL cluster (loopback, a free port, removed afterwards).
test: deps
	$(SWIFT) build --build-tests
	./scripts/with-postgres.sh $(SWIFT) test --disable-xctest

build: deps
	$(SWIFT) build

# Benchmarks print figures; they are not tests. Release build: discovery and listings of a generated
# 20,000 x 10,000 WSUS on SQLite and on a throwaway PostgreSQL, one job applying 10 patches to 1,000 simulated
# servers (one daemon on SQLite beside one and two daemons on PostgreSQL), and the console with 100,000
# approved patches. Each figure is printed beside its anchor from the same run (docs/development.md).
bench: deps
	./scripts/with-postgres.sh ./scripts/bench-discovery.py
	./scripts/with-postgres.sh ./scripts/bench-jobs.py --skip-build
	./scripts/bench-console.py --skip-build

# Longer runs of the randomised tests than `make test` gives them: ten times the fuzz cases (and time budget)
# over the WSUS responses, the servers file, the configuration and the key decoder, and 400 signals at seeded
# random moments of the console (PATCHBAY_SIGNAL_SEED=N repeats a storm).
fuzz: deps
	$(SWIFT) build --build-tests
	PATCHBAY_FUZZ_SCALE=10 $(SWIFT) test --disable-xctest --skip-build --filter FuzzTests
	PATCHBAY_SIGNAL_RUNS=400 PATCHBAY_SIGNAL_BUDGET=900 $(SWIFT) test --disable-xctest --skip-build --filter SignalStormEndToEndTests

# Writes the console's goldens (Tests/ConsoleTests/Goldens) from what the screens draw now, and removes those of
# scenes that are gone. Only this writes them: read the diff before committing.
goldens:
	$(SWIFT) build --build-tests
	PATCHBAY_WRITE_GOLDENS=1 $(SWIFT) test --disable-xctest --skip-build --filter GoldenTests
