# docent — the two commands a newcomer needs:
#   make run    install what is missing, build, and open the demo gallery with its guided tour
#               (headless without a display: the first 12 s of the tour, to a screenshot)
#   make test   install what is missing, build, and run the whole test suite through ctest
BUILD_DIR ?= build
MAKEFLAGS += --no-print-directory
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
GLTF_REF_DIR ?= $(abspath ../shared/gltf-ref)
RUN_ARGS ?=
CTEST_ARGS ?=

.PHONY: all deps configure build run test test-asan test-tsan fuzz bench soak package screenshots format format-check clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DDOCENT_GLTF_REF_DIR=$(GLTF_REF_DIR) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		$(BUILD_DIR)/bin/docent $(RUN_ARGS); \
	else \
		$(BUILD_DIR)/bin/docent --headless --duration 12 --screenshot $(BUILD_DIR)/docent-demo.png \
			--stats $(BUILD_DIR)/docent-demo-stats.json $(RUN_ARGS); \
	fi

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS) $(CTEST_ARGS)

# The Debian package (CPack): build/docent_VERSION_amd64.deb; docs/KIOSK.md installs a kiosk from it.
package: build
	@cd $(BUILD_DIR) && cpack -G DEB >/dev/null && ls -1 "$$PWD"/docent_*.deb

# The visitor's live, card and replay screens in zh, fr and en (build/screenshots/), for review.
screenshots: build
	@tools/ui-screenshots.sh $(BUILD_DIR)

# The kiosk soak at length: a simulated week of kiosk time at 20 s a step (about an hour here;
# the CI version runs 400 s of it at 5 steps a second).
SOAK_SECONDS ?= 604800
SOAK_FPS ?= 0.05
soak: build
	@cd $(BUILD_DIR) && DOCENT_SOAK_SECONDS=$(SOAK_SECONDS) DOCENT_SOAK_FPS=$(SOAK_FPS) \
		ctest --output-on-failure --timeout 14400 -L soak

# The benchmark suite in full, side by side with its peers (f3d, ffmpeg, mpv under Xvfb): figures,
# not tests. Writes bench/results/*.json, then docs/PERFORMANCE.md and its plots. About an hour on
# 2 cores, most of it making and opening the stress gallery (BENCH_ARGS="--cases walk,video"
# narrows it; --stress-triangles N --stress-textures N shrinks the gallery).
BENCH_ARGS ?=
bench: build
	@scripts/install-deps.sh bench
	@bench/suite.py --bin $(BUILD_DIR)/bin --work $(BUILD_DIR)/bench --gltf-ref $(GLTF_REF_DIR) $(BENCH_ARGS)
	@bench/report.py

# The suite under AddressSanitizer and UndefinedBehaviorSanitizer. ASAN_TARGETS narrows what is
# built, CTEST_ARGS what runs (CI: ASAN_TARGETS="engine_tests engine_gl_tests hotspots_tests
# streaming_tests" CTEST_ARGS="-L 'engine|hotspots|streaming'"). Leaks are checked except where
# OpenGL runs: Mesa's driver is unloaded by EGL before LeakSanitizer reports, so its own
# allocations show up unsymbolised and cannot be told from docent's. (The build itself runs
# docent with GL to record the demo tour.)
ASAN_TARGETS ?= all
SANITIZER_ENV = UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
test-asan: deps
	@cmake -S . -B $(BUILD_DIR)-asan -DCMAKE_BUILD_TYPE=Debug -DDOCENT_SANITIZE=ON -DDOCENT_GLTF_REF_DIR=$(GLTF_REF_DIR) >/dev/null
	@ASAN_OPTIONS=detect_leaks=0 cmake --build $(BUILD_DIR)-asan -j$(JOBS) --target $(ASAN_TARGETS)
	@cd $(BUILD_DIR)-asan && ASAN_OPTIONS=detect_leaks=1 $(SANITIZER_ENV) \
		ctest --output-on-failure -j$(JOBS) -LE "gl|app|scale|soak" $(CTEST_ARGS)
	@cd $(BUILD_DIR)-asan && ASAN_OPTIONS=detect_leaks=0 $(SANITIZER_ENV) \
		ctest --output-on-failure -j$(JOBS) -L "gl|app|scale|soak" $(CTEST_ARGS)

# The streaming tests (queues, clocks, reconnects: docent's own threads) under ThreadSanitizer.
# FFmpeg and OpenAL Soft are not instrumented; tests/tsan.supp names the few reports that come
# from inside them, and OpenAL Soft's null backend keeps PulseAudio's threads out of the run.
test-tsan: deps
	@cmake -S . -B $(BUILD_DIR)-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOCENT_SANITIZE_THREAD=ON -DDOCENT_GLTF_REF_DIR=$(GLTF_REF_DIR) >/dev/null
	@cmake --build $(BUILD_DIR)-tsan -j$(JOBS) --target streaming_tests
	@cd $(BUILD_DIR)-tsan && ALSOFT_DRIVERS=null TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/tsan.supp" \
		ctest --output-on-failure -j$(JOBS) -L streaming $(CTEST_ARGS)

# The libFuzzer targets (fuzz/), built with clang, ASan and UBSan, each run for FUZZ_SECONDS on
# its seeds (scripts/fuzz.sh); CI runs them briefly. FUZZ_TARGETS narrows the list.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?=
fuzz:
	@scripts/install-deps.sh fuzz
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(BUILD_DIR)-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOCENT_FUZZ=ON -DBUILD_TESTING=OFF -DDOCENT_GLTF_REF_DIR=$(GLTF_REF_DIR) >/dev/null
	@cmake --build $(BUILD_DIR)-fuzz -j$(JOBS) --target docent_fuzzers
	@GLTF_REF_DIR=$(GLTF_REF_DIR) scripts/fuzz.sh $(BUILD_DIR)-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

FORMAT_FILES = $(shell git ls-files '*.cpp' '*.h' '*.cc')
format:
	@clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES)

clean:
	@rm -rf $(BUILD_DIR) $(BUILD_DIR)-asan $(BUILD_DIR)-tsan $(BUILD_DIR)-fuzz
