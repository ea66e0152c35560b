# host.mk - host unit tests of libk and mm (cmocka), included by the
# top-level Makefile.  `make host-test` builds every tests/host/test_*.c into
# build/host/ against the host HAL (hal/host) and runs them all, and the
# script tests/host/test_run_suites.sh (tools/run-suites.sh).
#
# Kernel headers are searched with -iquote only, so that libk's "string.h",
# "errno.h" or "assert.h" never shadow the libc headers cmocka and pthreads
# pull in with <...>; libk_rename.h keeps libk's memcpy/snprintf... apart
# from the libc's (see that file).
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.

TOP ?= .

HOST_CC       ?= gcc
HOST_OUT      := $(TOP)/build/host
# ASan works with the simulated-cluster window: the window is an ordinary
# PROT_NONE reservation in the application range.
HOST_SAN      ?= -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                 -fno-omit-frame-pointer
HOST_INC      := $(foreach d,hal/host hal/generic kernel kernel/libk kernel/mm \
                   kernel/kern kernel/devices kernel/syscalls tests/host,-iquote $(TOP)/$(d))
HOST_CFLAGS   := -std=gnu11 -g -O1 -Wall -Wextra -Werror -fno-builtin \
                 -MMD -MP $(HOST_SAN) $(HOST_INC)
HOST_RENAME   := -include $(TOP)/tests/host/libk_rename.h
HOST_LDLIBS   := $(HOST_SAN) -lcmocka -lpthread

HOST_KSRCS    := $(wildcard $(TOP)/kernel/libk/*.c $(TOP)/kernel/mm/*.c \
                            $(TOP)/hal/host/*.c) $(TOP)/kernel/devices/tty_ldisc.c \
                 $(TOP)/tests/host/test_env.c
HOST_KOBJS    := $(patsubst $(TOP)/%.c,$(HOST_OUT)/obj/%.o,$(HOST_KSRCS))
HOST_LIBC_OBJ := $(HOST_OUT)/obj/tests/host/test_host_libc.o
HOST_TSRCS    := $(filter-out %/test_env.c %/test_host_libc.c, \
                   $(wildcard $(TOP)/tests/host/test_*.c))
HOST_TBINS    := $(patsubst $(TOP)/tests/host/%.c,$(HOST_OUT)/%,$(HOST_TSRCS))
HOST_TOBJS    := $(patsubst $(TOP)/%.c,$(HOST_OUT)/obj/%.o,$(HOST_TSRCS))

.PHONY: host-test host-test-build host-clean

host-test: host-test-build
	@sh $(TOP)/tests/host/run_tests.sh $(HOST_TBINS) $(TOP)/tests/host/test_run_suites.sh

host-test-build: $(HOST_TBINS)

$(HOST_KOBJS) $(HOST_TOBJS): $(HOST_OUT)/obj/%.o: $(TOP)/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $(patsubst $(TOP)/%,%,$<)"
	@$(HOST_CC) $(HOST_CFLAGS) $(HOST_RENAME) -c $< -o $@

$(HOST_LIBC_OBJ): $(TOP)/tests/host/test_host_libc.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $(patsubst $(TOP)/%,%,$<)"
	@$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

$(HOST_TBINS): $(HOST_OUT)/%: $(HOST_OUT)/obj/tests/host/%.o $(HOST_KOBJS) $(HOST_LIBC_OBJ)
	@echo "  HOSTLD  $(patsubst $(TOP)/%,%,$@)"
	@$(HOST_CC) -o $@ $^ $(HOST_LDLIBS)

host-clean:
	rm -rf $(HOST_OUT)

-include $(HOST_KOBJS:.o=.d) $(HOST_TOBJS:.o=.d) $(HOST_LIBC_OBJ:.o=.d)
