# Parcours — the one front door. `make run` and `make test` do all the set-up on a fresh Debian machine.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
SANITIZE ?= OFF
JOBS ?= $(shell nproc)

CMAKE_FLAGS = -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DPARCOURS_SANITIZE=$(SANITIZE)

.PHONY: all deps configure build test run bench bench-quick fmt fmt-check clean

all: build

deps:
	@scripts/install-deps

$(BUILD_DIR)/build.ninja: | deps
	@cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) >/dev/null

configure: deps
	@cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) >/dev/null

build: deps $(BUILD_DIR)/build.ninja
	@cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Starts parcoursd on the embedded store in ./var with the examples loaded as drafts.
# RUN_ARGS are passed to parcoursd, e.g. RUN_ARGS="--clock manual".
run: build
	@mkdir -p var
	@scripts/run-server $(BUILD_DIR) $(RUN_ARGS)

# Every workload of issue 6 at full size (~10 min on 2 cores, building aside): writes docs/benchmarks.md.
bench: build
	@scripts/run-bench $(BUILD_DIR)

# The same workloads at small sizes (under 2 min): checks they complete, asserts nothing about
# speed, writes to a temporary file (BENCH_OUT=FILE to choose it), never to docs/.
bench-quick: build
	@scripts/run-bench --quick $(if $(BENCH_OUT),--out $(BENCH_OUT)) $(BUILD_DIR)

fmt: deps
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

fmt-check: deps
	@git ls-files '*.cc' '*.h' | xargs clang-format --dry-run -Werror

clean:
	@rm -rf $(BUILD_DIR)
