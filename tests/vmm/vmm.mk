# vmm.mk - host unit tests of the GPT (Sv39 code of hal/riscv) and of the
# VMM (kernel/mm/vmm.c, vseg.c), on simulated clusters.  `make vmm-test`
# builds tests/vmm/test_*.c against the host HAL and runs them; the last
# line is "vmm: N passed, M failed".
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.

TOP ?= .

VMM_CC      ?= gcc
VMM_OUT     := $(TOP)/build/vmm
VMM_SAN     ?= -fsanitize=address,undefined -fno-sanitize-recover=undefined \
               -fno-omit-frame-pointer
VMM_INC     := $(foreach d,hal/host hal/generic kernel kernel/libk kernel/mm \
                 kernel/kern kernel/devices kernel/fs tests/host tests/vmm hal/riscv,\
                 -iquote $(TOP)/$(d))
VMM_CFLAGS  := -std=gnu11 -g -O1 -Wall -Wextra -Werror -fno-builtin -MMD -MP \
               $(VMM_SAN) $(VMM_INC)
# test sources see the kernel's process.h beside libc headers: the prelude
# renames pid_t and sched_yield there; the kernel sources only need the
# libk renames
VMM_PRE     := -include $(TOP)/tests/vmm/vmm_prelude.h
VMM_REN     := -include $(TOP)/tests/host/libk_rename.h
VMM_KSRCS   := $(wildcard $(TOP)/kernel/libk/*.c $(TOP)/kernel/mm/*.c \
                          $(TOP)/hal/host/*.c) $(TOP)/tests/host/test_env.c
VMM_KOBJS   := $(patsubst $(TOP)/%.c,$(VMM_OUT)/obj/%.o,$(VMM_KSRCS))
VMM_LIBC    := $(VMM_OUT)/obj/tests/host/test_host_libc.o
VMM_TSRCS   := $(wildcard $(TOP)/tests/vmm/test_*.c)
VMM_TBINS   := $(patsubst $(TOP)/tests/vmm/%.c,$(VMM_OUT)/%,$(VMM_TSRCS))

.PHONY: vmm-test vmm-test-build

vmm-test: vmm-test-build
	@TEST_SUITE=vmm sh $(TOP)/tests/host/run_tests.sh $(VMM_TBINS)

vmm-test-build: $(VMM_TBINS)

$(VMM_KOBJS) $(patsubst $(TOP)/%.c,$(VMM_OUT)/obj/%.o,$(VMM_TSRCS)): $(VMM_OUT)/obj/%.o: $(TOP)/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $(patsubst $(TOP)/%,%,$<)"
	@$(VMM_CC) $(VMM_CFLAGS) $(if $(filter %/test_env.c %/test_vmm.c tests/vmm/%,$<),$(VMM_PRE),$(VMM_REN)) -c $< -o $@

$(VMM_LIBC): $(TOP)/tests/host/test_host_libc.c
	@mkdir -p $(dir $@)
	@$(VMM_CC) $(VMM_CFLAGS) -c $< -o $@

$(VMM_TBINS): $(VMM_OUT)/%: $(VMM_OUT)/obj/tests/vmm/%.o $(VMM_KOBJS) $(VMM_LIBC)
	@echo "  HOSTLD  $(patsubst $(TOP)/%,%,$@)"
	@$(VMM_CC) -o $@ $^ $(VMM_SAN) -lcmocka -lpthread

-include $(VMM_KOBJS:.o=.d) $(patsubst $(TOP)/%.c,$(VMM_OUT)/obj/%.d,$(VMM_TSRCS))
