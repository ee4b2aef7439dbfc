# The two commands at the top of the README.
#   make demo   installs what is missing, builds prov, and runs the quickstart on a local emulator
#   make test   installs what is missing, builds, and runs every test
#   make bench  builds prov in release mode and measures it (see BENCHMARKS.md); not part of test

.PHONY: demo test deps build release bench

deps:
	@scripts/install-dependencies.sh

release: deps
	swift build -c release --product prov

build: deps
	swift build --build-tests

demo: release
	scripts/demo.sh .build/release/prov

test: build
	scripts/test.sh

bench: release
	@scripts/install-dependencies.sh --bench
	"$$(scripts/python.sh)" scripts/bench.py --output BENCHMARKS.md
