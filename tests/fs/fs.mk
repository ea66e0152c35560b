# fs.mk - host unit tests of the file system layer and the ELF parser
# (cmocka), to be included by the top-level Makefile.  `make fs-test` builds
# every tests/fs/test_*.c into build/fs/ against the host HAL, with libk, mm
# and kernel/fs compiled for the host as tests/host/host.mk does, and runs
# them; the last line is "fs: N passed, M failed".
#
# The common test environment of tests/host (test_env.c: simulated
# clusters, console capture, panic) is reused; tests/fs/fs_env.c adds the
# console input and sched_yield() of the fs code.  kernel/fs is compiled
# with sched_yield renamed fs_test_sched_yield, so the stub does not replace
# the libc's sched_yield the host HAL itself calls.  A small riscv64 ELF is
# linked at build time for the ELF parser tests.
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.

TOP ?= .

FS_HOST_CC  ?= gcc
FS_OUT      := $(TOP)/build/fs
FS_SAN      ?= -fsanitize=address,undefined -fno-sanitize-recover=undefined \
               -fno-omit-frame-pointer
FS_INC      := $(foreach d,hal/host hal/generic kernel kernel/libk kernel/mm \
                 kernel/kern kernel/devices kernel/fs kernel/syscalls tests/host tests/fs, \
                 -iquote $(TOP)/$(d))
FS_ELF      := $(FS_OUT)/prog.elf
FS_CFLAGS   := -std=gnu11 -g -O1 -Wall -Wextra -Werror -fno-builtin -MMD -MP \
               $(FS_SAN) $(FS_INC) -DFS_TEST_ELF='"$(abspath $(FS_ELF))"'
FS_RENAME   := -include $(TOP)/tests/host/libk_rename.h
FS_LDLIBS   := $(FS_SAN) -lcmocka -lpthread

FS_KSRCS    := $(wildcard $(TOP)/kernel/libk/*.c $(TOP)/kernel/mm/*.c \
                          $(TOP)/hal/host/*.c) \
               $(TOP)/tests/host/test_env.c $(TOP)/tests/fs/fs_env.c
FS_FSRCS    := $(wildcard $(TOP)/kernel/fs/*.c)
FS_KOBJS    := $(patsubst $(TOP)/%.c,$(FS_OUT)/obj/%.o,$(FS_KSRCS))
FS_FOBJS    := $(patsubst $(TOP)/%.c,$(FS_OUT)/obj/%.o,$(FS_FSRCS))
FS_LIBC_OBJ := $(FS_OUT)/obj/tests/host/test_host_libc.o
FS_TSRCS    := $(wildcard $(TOP)/tests/fs/test_*.c)
FS_TBINS    := $(patsubst $(TOP)/tests/fs/%.c,$(FS_OUT)/%,$(FS_TSRCS))
FS_TOBJS    := $(patsubst $(TOP)/%.c,$(FS_OUT)/obj/%.o,$(FS_TSRCS))

.PHONY: fs-test fs-test-build fs-clean

fs-test: fs-test-build
	@TEST_SUITE=fs HOST_TEST_TIMEOUT=$${FS_TEST_TIMEOUT:-120} sh $(TOP)/tests/host/run_tests.sh $(FS_TBINS)

fs-test-build: $(FS_TBINS) $(FS_ELF)

$(FS_KOBJS) $(FS_TOBJS): $(FS_OUT)/obj/%.o: $(TOP)/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $(patsubst $(TOP)/%,%,$<)"
	@$(FS_HOST_CC) $(FS_CFLAGS) $(FS_RENAME) -c $< -o $@

$(FS_FOBJS): $(FS_OUT)/obj/%.o: $(TOP)/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $(patsubst $(TOP)/%,%,$<)"
	@$(FS_HOST_CC) $(FS_CFLAGS) $(FS_RENAME) -Dsched_yield=fs_test_sched_yield -c $< -o $@

$(FS_LIBC_OBJ): $(TOP)/tests/host/test_host_libc.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $(patsubst $(TOP)/%,%,$<)"
	@$(FS_HOST_CC) $(FS_CFLAGS) -c $< -o $@

$(FS_TBINS): $(FS_OUT)/%: $(FS_OUT)/obj/tests/fs/%.o $(FS_KOBJS) $(FS_FOBJS) $(FS_LIBC_OBJ)
	@echo "  HOSTLD  $(patsubst $(TOP)/%,%,$@)"
	@$(FS_HOST_CC) -o $@ $^ $(FS_LDLIBS)

# a static riscv64 executable for the ELF parser tests
$(FS_ELF): $(TOP)/tests/fs/elf_prog.c
	@mkdir -p $(dir $@)
	@echo "  CC      $(patsubst $(TOP)/%,%,$<)"
	@riscv64-unknown-elf-gcc -march=rv64imac -mabi=lp64 -O2 -nostdlib -static $< -o $@

fs-clean:
	rm -rf $(FS_OUT)

-include $(FS_KOBJS:.o=.d) $(FS_FOBJS:.o=.d) $(FS_TOBJS:.o=.d) $(FS_LIBC_OBJ:.o=.d)
