# tinynet — set-up is two commands: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/release/tinynet
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test demo bench mnist fuzz clean

# OpenBLAS and zlib, found by pkg-config; installed with apt when missing.
deps:
	@if ! pkg-config --exists openblas zlib 2>/dev/null; then \
		echo "installing libopenblas-dev zlib1g-dev pkg-config with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq pkg-config libopenblas-dev zlib1g-dev; \
	fi

build: deps
	$(SWIFT) build -c release

# Builds the debug binary the end-to-end tests run, then every test.
test: deps
	$(SWIFT) build
	$(SWIFT) test

# Trains on the bundled digits (gzipped CSV), then evaluates the checkpoint.
demo: build
	$(BIN) train --config configs/digits.toml --out digits.safetensors
	$(BIN) eval --model digits.safetensors --data data/digits.csv.gz
	@echo "(eval above covers all 1797 rows, training rows included; the validation line of train is the held-out score)"

bench: build
	$(BIN) bench

mnist: build
	$(BIN) train --config configs/mnist.toml
	$(BIN) eval --model mnist.safetensors --data data/mnist_test.csv.gz

clean:
	rm -rf .build
