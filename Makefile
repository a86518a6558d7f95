# The two set-up commands of README.md: `make demo` and `make test`.
SWIFT ?= swift

.PHONY: demo test test-deps build

demo:
	$(SWIFT) build --product patchbay
	./.build/debug/patchbay demo

test-deps:
	./scripts/install-test-deps.sh

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --disable-xctest

build:
	$(SWIFT) build
