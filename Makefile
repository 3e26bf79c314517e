# tinynet — set-up is two commands: `make demo` and `make test`.
SWIFT ?= swift
# One release build serves the demo, the benchmarks and the tests (-enable-testing
# lets the tests import internals): the zero-allocation test needs optimized code.
# Like llm.c's -march=native, code for this machine's CPU: its wider vectors (AVX2, AVX-512) in the
# elementwise loops (activations, SGD) make wide tanh/sigmoid networks at large batches 10-35% faster
# (see the README's Performance), with bit-identical results. Such a binary needs a CPU like the one it was built on: PORTABLE=1 builds for any of its family.
CPU_FLAGS := $(if $(PORTABLE),,-Xswiftc -target-cpu -Xswiftc native)
BUILD_FLAGS := -c release -Xswiftc -enable-testing $(CPU_FLAGS)
BIN := .build/release/tinynet
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test python-deps demo bench mnist splits fuzz clean

# OpenBLAS and zlib, found by pkg-config; installed with apt when missing.
deps:
	@if ! pkg-config --exists openblas zlib 2>/dev/null; then \
		echo "installing libopenblas-dev zlib1g-dev pkg-config with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq pkg-config libopenblas-dev zlib1g-dev; \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# Builds the release binary the end-to-end tests run, then every test.
test: deps python-deps
	$(SWIFT) build $(BUILD_FLAGS)
	$(SWIFT) test $(BUILD_FLAGS)

# numpy and safetensors for the Python round-trip test (Tests/Python), with pip when
# missing; without them that test is skipped and says why.
python-deps:
	@if ! command -v python3 >/dev/null 2>&1; then \
		echo "warning: no python3: the Python round-trip tests will be skipped"; \
	elif ! python3 -c "import numpy, safetensors" 2>/dev/null; then \
		echo "installing numpy safetensors with pip"; \
		python3 -m pip install --quiet numpy safetensors \
			|| echo "warning: pip could not install numpy and safetensors: the NumPy round-trip test will be skipped"; \
	fi

# Trains on the bundled digits (gzipped CSV), then evaluates the checkpoint.
demo: build
	$(BIN) train --config configs/digits.toml --out digits.safetensors
	$(BIN) eval --model digits.safetensors --data data/digits.csv.gz
	@echo "(eval above covers all 1797 rows, training rows included; the validation line of train is the held-out score)"

# tinynet beside PyTorch and NumPy (each skipped with a hint when not installed),
# then CSV/gzip loading beside pandas and gzip -dc. THREADS=N to change the thread count.
bench: build
	bash Benchmarks/run.sh $(BIN) $(THREADS)

mnist: build
	$(BIN) train --config configs/mnist.toml
	$(BIN) eval --model mnist.safetensors --data data/mnist_test.csv.gz

# A shipped config over SEEDS validation splits beside scikit-learn on the same rows
# (needs scikit-learn): make splits CONFIG=configs/breast_cancer.toml SEEDS=30
CONFIG ?= configs/breast_cancer.toml
SEEDS ?= 30
splits: build
	python3 Benchmarks/splits.py $(CONFIG) --seeds $(SEEDS) --bin $(BIN)

# libFuzzer with AddressSanitizer on the checkpoint loader and on the CSV reader,
# FUZZ_SECONDS each, seeded from Fuzz/corpus (a separate package: see Fuzz/Package.swift).
# A crash ends that target's run (the other still runs), leaves the input in
# Fuzz/.build/crashes/ and fails `make fuzz`. New inputs accumulate in Fuzz/.build/corpus/.
# Swift's own backtracer is off: libFuzzer and AddressSanitizer report the crash.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS ?=
FUZZ_OUT := Fuzz/.build

fuzz: deps
	cd Fuzz && $(SWIFT) build -c debug -Xswiftc -sanitize=fuzzer,address
	@failed=""; \
	for target in Checkpoint:checkpoint CSV:csv; do \
		name=$${target%%:*}; input=$${target##*:}; \
		mkdir -p $(FUZZ_OUT)/corpus/$$input $(FUZZ_OUT)/crashes; \
		echo "fuzz: Fuzz$$name for $(FUZZ_SECONDS) s, seeded from Fuzz/corpus/$$input"; \
		SWIFT_BACKTRACE=enable=no $(FUZZ_OUT)/debug/Fuzz$$name -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=$(FUZZ_OUT)/crashes/$$input- $(FUZZ_FLAGS) \
			$(FUZZ_OUT)/corpus/$$input Fuzz/corpus/$$input || failed="$$failed $$input"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: crashes in:$$failed (inputs in $(FUZZ_OUT)/crashes/)"; exit 1; fi; \
	echo "fuzz: no crash in $(FUZZ_SECONDS) s per target"

clean:
	rm -rf .build Fuzz/.build
