# Entry points an operator or CI uses; the build itself is Meson + Ninja.
#   make demo   install what is missing, build, run the demo
#   make check  install what is missing, build, run every test
#   make build  build only (build/)

BUILD       ?= build
BUILD_ASAN  ?= build-asan
BUILD_FUZZ  ?= build-fuzz
FUZZ_SECONDS ?= 20

.PHONY: all build deps check demo clean fuzz bench

all: build

deps:
	@scripts/setup-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) >/dev/null

$(BUILD_ASAN)/build.ninja:
	CC=clang meson setup $(BUILD_ASAN) -Db_sanitize=address,undefined -Db_lundef=false \
	    -Dbuildtype=debug >/dev/null

$(BUILD_FUZZ)/build.ninja:
	CC=clang meson setup $(BUILD_FUZZ) -Dfuzzing=true -Db_sanitize=address,undefined \
	    -Db_lundef=false -Dbuildtype=debug >/dev/null

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

# gcc build: every unit and fuzz-replay test; clang ASan+UBSan build: every
# test including the network-namespace integration tests; libFuzzer build:
# each target runs for a bounded time. The last line is the total.
check: deps
	@scripts/check.sh

fuzz: $(BUILD_FUZZ)/build.ninja
	ninja -C $(BUILD_FUZZ)
	scripts/fuzz.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

demo: deps build
	@scripts/demo.sh $(BUILD)/src/pxed

bench: deps build
	bench/run

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ)
