# kiroku: a fixed-record batch engine.
#
#   make            build build/libkiroku.a and build/kiroku (optimised)
#   make check      install missing Debian packages, build with AddressSanitizer and
#                   UndefinedBehaviorSanitizer under build/check/, run every test
#   make demo       install missing packages, build, run the demo job stream on generated data
#   make bench      speed against GNU sort/join, GnuCOBOL, iconv and OpenSSL, as ratios (not a
#                   test); fails when an output differs from its peer's or when 20M records sort
#                   in more than 4.5 times the time of 5M (bench/sizes.sh)
#   make fuzz       install clang if missing, build the libFuzzer targets of tests/fuzz/ under
#                   build/fuzz/ and run each for FUZZ_SECONDS (default 600); new inputs go to
#                   build/fuzz/corpus/TARGET, crashes to build/fuzz/crash/TARGET
#   make install PREFIX=/usr/local
#
# BUILD names the output directory; SAN=1 adds the sanitizers (make check sets both).

BUILD   ?= build
PREFIX  ?= /usr/local
CC      ?= cc
SAN     ?=

WARN    := -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-missing-field-initializers
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
OPT     ?= -O2 -g
ifeq ($(SAN),1)
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
           -fno-sanitize-recover=undefined
SANLD   := -fsanitize=address,undefined
endif
# FUZZ=1 (make fuzz, with CC=clang): the library instrumented for libFuzzer's coverage.
ifeq ($(FUZZ),1)
OPT     += -fsanitize=fuzzer-no-link
endif
CFLAGS_ALL := $(CSTD) $(WARN) $(OPT) -Iinclude -Isrc -I$(BUILD)/gen -pthread -MMD -MP
LDLIBS  := -ldb-5.3 -lcrypto -lpthread
LDFLAGS_ALL := $(SANLD) -pthread

LIB_SRCS := $(sort $(filter-out src/cmd/%,$(wildcard src/*/*.c)))
LIB_OBJS := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRCS)) $(BUILD)/obj/gen/cp932_tables.o
CMD_SRCS := src/main.c $(sort $(wildcard src/cmd/*.c))
CMD_OBJS := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(CMD_SRCS))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 600

.PHONY: all check demo bench fuzz install clean deps-build deps-check deps-demo deps-bench \
        deps-fuzz unit-tests fuzz-replay FORCE

all: $(BUILD)/kiroku $(BUILD)/libkiroku.a

V ?= 0
ifeq ($(V),0)
Q := @
endif

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -c $< -o $@

# The installed data directory, rewritten only when PREFIX changes (so that
# `make install PREFIX=...` after `make` rebuilds what depends on it).
$(BUILD)/gen/datadir.h: FORCE
	@mkdir -p $(dir $@)
	@echo '#define KIROKU_DATADIR "$(PREFIX)/share/kiroku"' > $@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

$(BUILD)/obj/core/datapath.o: $(BUILD)/gen/datadir.h

FORCE:

# The CP932 tables come from glibc iconv at build time (tools/gen_cp932.c).
$(BUILD)/gen/gen_cp932: tools/gen_cp932.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=c11 -D_DEFAULT_SOURCE -O1 -Wall -Wextra -Werror $< -o $@

$(BUILD)/gen/cp932_tables.c: $(BUILD)/gen/gen_cp932
	$(Q)$< > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/cp932_tables.o: $(BUILD)/gen/cp932_tables.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=c11 $(OPT) -c $< -o $@

$(BUILD)/libkiroku.a: $(LIB_OBJS)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/kiroku: $(CMD_OBJS) $(BUILD)/libkiroku.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS_ALL) $^ $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libkiroku.a tests/unit/unit.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CFLAGS_ALL) $< $(BUILD)/libkiroku.a $(LDFLAGS_ALL) -lcmocka $(LDLIBS) -o $@

unit-tests: $(UNIT_BINS)

# A fuzz target with replay.c's main instead of libFuzzer: `make check` feeds it the
# committed corpus (tests/diff/fuzz_corpora.sh), so check needs no clang.
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(BUILD)/libkiroku.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(CFLAGS_ALL) tests/fuzz/replay.c $< $(BUILD)/libkiroku.a $(LDFLAGS_ALL) $(LDLIBS) -o $@

fuzz-replay: $(FUZZ_REPLAY)

deps-build deps-check deps-demo deps-bench deps-fuzz:
	@scripts/deps.sh $(patsubst deps-%,%,$@)

check: deps-check
	@$(MAKE) --no-print-directory BUILD=build/check SAN=1 all unit-tests fuzz-replay
	@tests/run-all.sh build/check

demo: deps-demo
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh $(BUILD)

fuzz: deps-fuzz
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang SAN=1 FUZZ=1 build/fuzz/libkiroku.a
	@tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS)

bench: deps-bench
	@$(MAKE) --no-print-directory all
	@bench/run.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	           $(DESTDIR)$(PREFIX)/share/kiroku/layouts
	install -m 755 $(BUILD)/kiroku $(DESTDIR)$(PREFIX)/bin/kiroku
	install -m 644 docs/kiroku.1 $(DESTDIR)$(PREFIX)/share/man/man1/kiroku.1
	install -m 644 layouts/*.layout $(DESTDIR)$(PREFIX)/share/kiroku/layouts/
	install -d $(DESTDIR)$(PREFIX)/share/kiroku/layouts/fold $(DESTDIR)$(PREFIX)/share/kiroku/layouts/gaiji
	install -m 644 layouts/fold/*.fold $(DESTDIR)$(PREFIX)/share/kiroku/layouts/fold/
	install -m 644 layouts/gaiji/*.gaiji $(DESTDIR)$(PREFIX)/share/kiroku/layouts/gaiji/
	install -d $(DESTDIR)$(PREFIX)/share/kiroku/layouts/calendars
	install -m 644 layouts/calendars/*.cal $(DESTDIR)$(PREFIX)/share/kiroku/layouts/calendars/

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
