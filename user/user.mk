# user/user.mk - almos-rv user space: programs, tests and the initrd.
#
# Included by the top-level Makefile (or run alone from the repository root:
# `make -f user/user.mk user`).  Outputs under build/user/; the initrd is
# $(INITRD) (cpio newc) made from the staging tree build/user/root:
#   /bin/*        init, sh, utilities, bench, utest, the parallel apps
#   /tests/*      test programs and helpers, /tests/bad/* malformed ELF files
#   /etc/rc       commands init runs first
#   /dev, /tmp    empty directories (the kernel provides /dev/tty)
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.

TOP ?= .
U_T     := $(patsubst ./%,%,$(TOP)/)
U_SRC   := $(U_T)user
U_OUT   := $(U_T)build/user
U_ROOT  := $(U_OUT)/root
INITRD  := $(U_T)build/initrd.cpio

U_CC    := riscv64-unknown-elf-gcc
U_STRIP := riscv64-unknown-elf-strip
U_PICO  := /usr/lib/picolibc/riscv64-unknown-elf
U_PLIB  := $(U_PICO)/lib/release/rv64imac/lp64
U_ARCH  := -march=rv64imac -mabi=lp64 -mcmodel=medany
U_CFLAGS := $(U_ARCH) -std=gnu11 -O2 -g -Wall -Wextra -Werror \
            -ffunction-sections -fdata-sections -fno-common -ftls-model=local-exec \
            -I$(U_SRC)/include -I$(U_T)kernel/syscalls -I$(U_SRC)/lib \
            -isystem $(U_PICO)/include -nostdinc \
            -isystem $(shell $(U_CC) -print-file-name=include) -MMD -MP
U_LDFLAGS := $(U_ARCH) -static -nostdlib -nostartfiles -T $(U_SRC)/lib/user.ld \
             -Wl,--gc-sections -Wl,-z,max-page-size=4096 -Wl,--build-id=none

U_LIB_SRCS := $(addprefix $(U_SRC)/lib/,crt0.c syscalls.c stdio.c pthread.c)
U_LIB_OBJS := $(U_OUT)/obj/lib/crt0_S.o $(patsubst $(U_SRC)/%.c,$(U_OUT)/obj/%.o,$(U_LIB_SRCS))
U_LIBS     := -Wl,--start-group $(U_PLIB)/libc.a -lgcc -Wl,--end-group

U_BIN_NAMES  := $(basename $(notdir $(wildcard $(U_SRC)/bin/*.c)))
U_TEST_NAMES := $(basename $(notdir $(wildcard $(U_SRC)/tests/*.c)))
U_APP_NAMES  := $(basename $(notdir $(wildcard $(U_SRC)/apps/*.c)))
U_BINS  := $(addprefix $(U_OUT)/bin/,$(U_BIN_NAMES))
U_APPS  := $(addprefix $(U_OUT)/apps/,$(U_APP_NAMES))
U_TESTS := $(addprefix $(U_OUT)/tests/,$(U_TEST_NAMES))
U_OBJS  := $(U_LIB_OBJS) $(patsubst $(U_SRC)/%.c,$(U_OUT)/obj/%.o,\
             $(wildcard $(U_SRC)/bin/*.c $(U_SRC)/tests/*.c $(U_SRC)/apps/*.c))

.PHONY: user user-clean user-hostcheck
.SECONDARY: $(U_OBJS)
user: $(INITRD)

$(U_OUT)/obj/lib/crt0_S.o: $(U_SRC)/lib/crt0.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(U_CC) $(U_ARCH) -c $< -o $@

$(U_OUT)/obj/%.o: $(U_SRC)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(U_CC) $(U_CFLAGS) -c $< -o $@

$(U_OUT)/bin/%: $(U_OUT)/obj/bin/%.o $(U_LIB_OBJS) $(U_SRC)/lib/user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(U_CC) $(U_LDFLAGS) -o $@ $(U_LIB_OBJS) $< $(U_LIBS)

$(U_OUT)/tests/%: $(U_OUT)/obj/tests/%.o $(U_LIB_OBJS) $(U_SRC)/lib/user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(U_CC) $(U_LDFLAGS) -o $@ $(U_LIB_OBJS) $< $(U_LIBS)

# parallel applications (user/apps/), with libm; installed in /bin
$(U_OUT)/apps/%: $(U_OUT)/obj/apps/%.o $(U_LIB_OBJS) $(U_SRC)/lib/user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(U_CC) $(U_LDFLAGS) -o $@ $(U_LIB_OBJS) $< $(U_PLIB)/libm.a $(U_LIBS)

# the staging tree (stripped programs) and the initrd; the malformed ELF
# files are made from the stripped /bin/echo
$(INITRD): $(U_BINS) $(U_APPS) $(U_TESTS) $(U_SRC)/tools/mkbadelf.py $(U_SRC)/etc/rc $(U_SRC)/user.mk
	@echo "  CPIO    $@"
	@rm -rf $(U_ROOT)
	@mkdir -p $(U_ROOT)/bin $(U_ROOT)/tests/bad $(U_ROOT)/etc $(U_ROOT)/dev $(U_ROOT)/tmp
	@cp $(U_BINS) $(U_APPS) $(U_ROOT)/bin/
	@cp $(U_TESTS) $(U_ROOT)/tests/
	@mv $(U_ROOT)/tests/utest $(U_ROOT)/bin/utest
	@$(U_STRIP) $(U_ROOT)/bin/* $(U_ROOT)/tests/t_*
	@python3 $(U_SRC)/tools/mkbadelf.py $(U_ROOT)/bin/echo $(U_ROOT)/tests/bad
	@cp $(U_SRC)/etc/rc $(U_ROOT)/etc/rc
	@cd $(U_ROOT) && find . -mindepth 1 | LC_ALL=C sort | sed 's|^\./||' | \
		cpio --quiet -o -H newc -R 0:0 > $(abspath $(INITRD))

# runs a few programs on a tiny M-mode monitor under QEMU (no kernel):
# start code, stack contract, stdio, malloc, TLS, the shell's builtins
user-hostcheck: user
	@sh $(U_SRC)/tools/hostcheck/run.sh

user-clean:
	rm -rf $(U_OUT) $(INITRD)

-include $(U_OBJS:.o=.d)
