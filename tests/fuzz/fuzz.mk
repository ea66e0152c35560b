# fuzz.mk - host-side fuzzing of the parsers of boot and user input with
# clang's libFuzzer (Debian: clang, libclang-rt-14-dev), under ASan and
# UBSan, included by the top-level Makefile.
#
#   fuzz_fdt   the device-tree reader and the boot_info builder (platform/)
#   fuzz_elf   the ELF parser exec uses (kernel/libk/elf.c)
#   fuzz_cpio  the initrd loader (kernel/fs/cpio.c) into a fresh ramfs
#   fuzz_tty   the terminal line discipline (kernel/devices/tty_ldisc.c):
#              keyboard bytes, reads and tcsetattr() attributes
#
# Each target starts from the fixtures of the repository: the device trees
# of tests/platform/dtb, and tests/fuzz/corpus/<target>/ (good and hostile
# files, plus a regression file for every crash fuzzing found, named after
# the bug).  libFuzzer runs every file of the corpus first, so each past
# crash is run again every time.  New inputs go to build/fuzz-parsers/corpus-<target>.
#
#   make fuzz-parsers        long: FUZZ_PARSER_RUNS (10^6) inputs per target
#   make fuzz-parsers-test   short, in make test: FUZZ_PARSER_TEST_RUNS
#                            (20,000) inputs per target from a fixed seed and
#                            a fresh corpus; a verdict on crashes only, never
#                            on time.  The repository's corpus runs whole
#                            every time; the mutated inputs after it are
#                            nearly, not exactly, the same from run to run
#                            (libFuzzer 14 under ASan is not bit-reproducible)
#
# A crash leaves its input in build/fuzz-parsers/crash-<target>-*; reproduce with
# build/fuzz-parsers/fuzz_<target> FILE.
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.

FUZZ_CC       ?= clang
FUZZ_OUT      := build/fuzz-parsers
FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                 -fno-omit-frame-pointer
FUZZ_CFLAGS   := -std=gnu11 -g -O1 -Wall -Wextra -Werror -fno-builtin -MMD -MP \
                 -fsanitize=fuzzer-no-link $(FUZZ_SAN)
FUZZ_LDFLAGS  := -fsanitize=fuzzer $(FUZZ_SAN)
FUZZ_PACKAGES := clang libclang-rt-14-dev
FUZZ_PARSER_RUNS      ?= 1000000
FUZZ_PARSER_TEST_RUNS ?= 20000
FUZZ_PARSER_SEED      ?= 1
FUZZ_TARGETS  := fdt elf cpio tty

# kernel code, compiled as the fs host tests compile it (tests/fs/fs.mk)
FUZZ_KINC     := $(foreach d,hal/host hal/generic kernel kernel/libk kernel/mm \
                   kernel/kern kernel/devices kernel/fs kernel/syscalls tests/host tests/fs,-iquote $(d))
FUZZ_KSRCS    := $(wildcard kernel/libk/*.c kernel/mm/*.c hal/host/*.c) kernel/devices/tty_ldisc.c \
                 tests/host/test_env.c tests/fs/fs_env.c
FUZZ_FSRCS    := $(wildcard kernel/fs/*.c)
FUZZ_KOBJS    := $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(FUZZ_KSRCS))
FUZZ_FOBJS    := $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(FUZZ_FSRCS))
FUZZ_LIBC_OBJ := $(FUZZ_OUT)/obj/tests/host/test_host_libc.o
FUZZ_PSRCS    := platform/fdt.c platform/boot_info.c tests/fuzz/fuzz_fdt.c
FUZZ_POBJS    := $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(FUZZ_PSRCS))
FUZZ_BINS     := $(addprefix $(FUZZ_OUT)/fuzz_,$(FUZZ_TARGETS))

.PHONY: fuzz-parsers fuzz-parsers-test fuzz-parsers-build fuzz-deps
fuzz-deps:
	@sh tools/deps.sh $(FUZZ_PACKAGES)

fuzz-parsers-build: fuzz-deps
	@$(MAKE) -s --no-print-directory $(FUZZ_BINS)

fuzz-parsers: fuzz-parsers-build
	@sh tests/fuzz/run.sh $(FUZZ_PARSER_RUNS) $(FUZZ_PARSER_SEED) $(FUZZ_TARGETS)

fuzz-parsers-test: fuzz-parsers-build
	@FUZZ_FRESH=1 sh tests/fuzz/run.sh $(FUZZ_PARSER_TEST_RUNS) $(FUZZ_PARSER_SEED) $(FUZZ_TARGETS)

$(FUZZ_KOBJS) $(FUZZ_OUT)/obj/tests/fuzz/fuzz_elf.o $(FUZZ_OUT)/obj/tests/fuzz/fuzz_cpio.o \
		$(FUZZ_OUT)/obj/tests/fuzz/fuzz_tty.o: \
		$(FUZZ_OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_KINC) -include tests/host/libk_rename.h -c $< -o $@

$(FUZZ_FOBJS): $(FUZZ_OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_KINC) -include tests/host/libk_rename.h \
		-Dsched_yield=fs_test_sched_yield -c $< -o $@

$(FUZZ_LIBC_OBJ): $(FUZZ_OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_KINC) -c $< -o $@

# platform/ is plain C on the libc (as tests/platform builds it)
$(FUZZ_POBJS): $(FUZZ_OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -iquote platform -iquote kernel -c $< -o $@

$(FUZZ_OUT)/fuzz_fdt: $(FUZZ_POBJS)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^

$(FUZZ_OUT)/fuzz_elf: $(FUZZ_OUT)/obj/tests/fuzz/fuzz_elf.o $(FUZZ_KOBJS) $(FUZZ_FOBJS) $(FUZZ_LIBC_OBJ)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^ -lcmocka -lpthread

$(FUZZ_OUT)/fuzz_cpio: $(FUZZ_OUT)/obj/tests/fuzz/fuzz_cpio.o $(FUZZ_KOBJS) $(FUZZ_FOBJS) $(FUZZ_LIBC_OBJ)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^ -lcmocka -lpthread

$(FUZZ_OUT)/fuzz_tty: $(FUZZ_OUT)/obj/tests/fuzz/fuzz_tty.o $(FUZZ_KOBJS) $(FUZZ_FOBJS) $(FUZZ_LIBC_OBJ)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^ -lcmocka -lpthread

-include $(FUZZ_KOBJS:.o=.d) $(FUZZ_FOBJS:.o=.d) $(FUZZ_POBJS:.o=.d) $(FUZZ_LIBC_OBJ:.o=.d) \
         $(FUZZ_OUT)/obj/tests/fuzz/fuzz_elf.d $(FUZZ_OUT)/obj/tests/fuzz/fuzz_cpio.d \
         $(FUZZ_OUT)/obj/tests/fuzz/fuzz_tty.d
