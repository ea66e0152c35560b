# almos-rv - the one entry point.
#
#   make            build the kernel (build/kernel.elf, build/kernel.bin)
#   make run        boot it on qemu-system-riscv64 -machine virt
#   make test       host unit tests, ISA tests, QEMU self-test boots
#   make fuzz-parsers  libFuzzer on the device-tree, ELF and cpio parsers
#   make debug      QEMU halted with its gdbstub; prints the gdb command
#   make deps       install the Debian packages the project needs
#
# Knobs: CLUSTERS (2), HARTS_PER_CLUSTER (2), MEM_PER_CLUSTER (128M),
# BOOTARGS (""), NODE_HARTS / NODE_MEMS (uneven nodes, e.g. "1,2,1"),
# ICOUNT=1 (count instructions: -icount shift=0), ACLINT=1 (QEMU's ACLINT
# devices, aclint=on: the kernel raises IPIs through the SSWI).
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.

TOP := .
BUILD := build

CLUSTERS          ?= 2
HARTS_PER_CLUSTER ?= 2
MEM_PER_CLUSTER   ?= 128M
BOOTARGS          ?=
ICOUNT            ?= 0
ACLINT            ?= 0

CROSS   := riscv64-unknown-elf-
CC      := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
NM      := $(CROSS)nm
QEMU    := qemu-system-riscv64
OPENSBI := /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin

KERNEL_ELF := $(BUILD)/kernel.elf
KERNEL_BIN := $(BUILD)/kernel.bin

# ------------------------------------------------------------- packages --
DEB_PACKAGES := gcc make libc6-dev gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf opensbi \
                qemu-system-misc device-tree-compiler libcmocka-dev gdb-multiarch cpio python3 tmux \
                verilator yosys clang libclang-rt-14-dev

.PHONY: all deps run debug test clean kernel
all: kernel

deps:
	@sh tools/deps.sh $(DEB_PACKAGES)

# --------------------------------------------------------------- kernel --
KERNEL_DIRS := kernel/libk kernel/mm kernel/kern kernel/devices kernel/fs kernel/syscalls kernel \
               hal/generic hal/riscv sbi platform
KERNEL_SRCS := $(wildcard kernel/libk/*.c kernel/mm/*.c kernel/kern/*.c \
                          kernel/devices/*.c kernel/fs/*.c kernel/syscalls/*.c \
                          hal/riscv/*.c sbi/*.c) \
               platform/fdt.c platform/boot_info.c
KERNEL_ASMS := $(wildcard hal/riscv/*.S)
KERNEL_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(KERNEL_SRCS)) \
               $(patsubst %.S,$(BUILD)/obj/%.o,$(KERNEL_ASMS))

ARCH_FLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -mno-relax
KCFLAGS := -std=gnu11 -O2 -g $(ARCH_FLAGS) -ffreestanding -nostdlib -fno-pic \
           -fno-jump-tables -fno-omit-frame-pointer -fno-stack-protector \
           -fno-common -Wall -Wextra -Werror -MMD -MP \
           $(addprefix -I,$(KERNEL_DIRS))

kernel: $(KERNEL_BIN)

$(BUILD)/obj/%.o: %.c | toolchain
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.S | toolchain
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KCFLAGS) -D__ASSEMBLER__ -c $< -o $@

# Two links: the first without the symbol table, whose text symbols
# tools/ksyms.py turns into the table (read-only data, after the text) of
# the second; the text does not move, which the cmp of the two symbol
# lists checks.
KERNEL_LD = $(CC) -march=rv64imac -mabi=lp64 -mcmodel=medany -nostdlib -T hal/riscv/kernel.ld \
            -Wl,--no-relax
$(KERNEL_ELF): $(KERNEL_OBJS) hal/riscv/kernel.ld tools/ksyms.py
	@echo "  LD      $@"
	@$(KERNEL_LD) -o $(BUILD)/kernel.pass1.elf $(KERNEL_OBJS) -lgcc
	@$(NM) -n --defined-only $(BUILD)/kernel.pass1.elf > $(BUILD)/kernel.pass1.syms
	@python3 tools/ksyms.py $(BUILD)/kernel.pass1.syms $(BUILD)/ksyms.S
	@$(CC) $(ARCH_FLAGS) -c $(BUILD)/ksyms.S -o $(BUILD)/obj/ksyms.o
	@$(KERNEL_LD) -o $@ $(KERNEL_OBJS) $(BUILD)/obj/ksyms.o -lgcc
	@$(NM) -n --defined-only $@ | grep ' [tT] ' > $(BUILD)/kernel.syms
	@grep ' [tT] ' $(BUILD)/kernel.pass1.syms | cmp -s - $(BUILD)/kernel.syms || \
		{ echo "ksyms: the symbol table moved the kernel's text"; rm -f $@; exit 1; }

$(KERNEL_BIN): $(KERNEL_ELF)
	@$(OBJCOPY) -O binary $< $@

.PHONY: toolchain
toolchain:
	@command -v $(CC) >/dev/null || sh tools/deps.sh $(DEB_PACKAGES)

-include $(KERNEL_OBJS:.o=.d)

# ------------------------------------------------------------------ run --
QEMU_MACHINE = $(shell ACLINT=$(ACLINT) sh platform/qemu-virt/qemu-args.sh $(CLUSTERS) $(HARTS_PER_CLUSTER) $(MEM_PER_CLUSTER))
QEMU_ICOUNT  = $(if $(filter 1,$(ICOUNT)),-icount shift=0)
RUN_INITRD   = $(if $(CMD),$(BUILD)/initrd-cmd.cpio,$(INITRD))
QEMU_ARGS    = $(QEMU_MACHINE) $(QEMU_ICOUNT) -nographic -bios $(OPENSBI) \
               -kernel $(KERNEL_BIN) -initrd $(RUN_INITRD) -append "$(strip $(BOOTARGS) $(if $(CMD),scripted))"

# CMD='...': init runs that shell command line, then powers off with its
# status (QEMU's exit status).  Bootarg "scripted": should user space not
# start (a bad initrd), the kernel powers off with status 1 instead of
# waiting in its monitor for a user who is not there.
export CMD
.PHONY: run-initrd
run-initrd: user
	@$(if $(CMD),sh tools/initrd-cmd.sh $(INITRD) $(BUILD)/initrd-cmd.cpio)

run: deps kernel run-initrd
	@$(if $(CMD),,echo "almos-rv: $(QEMU) $(QEMU_ARGS)   (quit: Ctrl-A X)")
	@$(QEMU) $(QEMU_ARGS) $(if $(CMD),< /dev/null)

debug: deps kernel run-initrd
	@echo "almos-rv: QEMU is halted, gdbstub on tcp::1234. In another terminal:"
	@echo "  gdb-multiarch $(KERNEL_ELF) -ex 'set architecture riscv:rv64' -ex 'target remote :1234'"
	@$(QEMU) $(QEMU_ARGS) -S -gdb tcp::1234

# ----------------------------------------------------------------- test --
-include tests/host/host.mk
include tests/platform/platform.mk
-include tests/fs/fs.mk
-include tests/vmm/vmm.mk
ISS_KERNEL := $(KERNEL_BIN)       # make iss-run boots this kernel (and the initrd)
-include tools/iss/iss.mk
include user/user.mk
include tests/fuzz/fuzz.mk
-include fpga/boards/board.mk
iss-run: user
-include fpga/sim/sim.mk

TEST_SUITES := host-test platform-test fuzz-parsers-test $(if $(wildcard tests/fs/fs.mk),fs-test) $(if $(wildcard tests/vmm/vmm.mk),vmm-test) qemu-test $(if $(wildcard tools/iss/iss.mk),iss-test) $(if $(wildcard fpga/sim/sim.mk),sim-test)

test: deps
	@sh tools/run-suites.sh $(MAKE) $(TEST_SUITES)

qemu-test: kernel user
	@sh tests/qemu/run.sh

# Figures (not in `make test`: long).  figures: bench and xbench under
# -icount on 4 clusters x 2 harts, processes kept in cluster 0 (xbench's
# figures are made from there).
# speedup: tools/speedup.sh (wall time under MTTCG, build/speedup.png).
.PHONY: figures figures-iss speedup
FIGURES_RUN = timeout 1200 $(MAKE) -s run ICOUNT=1 CLUSTERS=4 HARTS_PER_CLUSTER=2 \
              BOOTARGS=place=local
figures: kernel user
	$(FIGURES_RUN) CMD='bench; xbench pf thread rpc ipi pte cow1 cow2 cow4'

# The same on the SoC's C model (deterministic round-robin, quantum 10):
# its cycle counter is the measuring hart's instructions, so the figures
# that wait for other harts (shootdowns, COW across clusters) have no
# time-slice artefact there.
figures-iss: $(ISS) kernel user
	CMD='bench; xbench' sh tools/initrd-cmd.sh $(INITRD) $(BUILD)/initrd-figures.cpio
	timeout 1200 $(MAKE) -s iss-run CLUSTERS=4 HARTS_PER_CLUSTER=2 BOOTARGS=place=local \
	    INITRD=$(BUILD)/initrd-figures.cpio ISS_ARGS='--quantum 10'
speedup: kernel user
	sh tools/speedup.sh

# The system-call fuzzer, long: 10^6 calls per machine (FUZZ_CALLS, FUZZ_SEED,
# FUZZ_TOPOLOGIES to change).
FUZZ_CALLS ?= 1000000
FUZZ_SEED ?= 1
FUZZ_TOPOLOGIES ?= 1x1 1x2 2x2 4x2
.PHONY: fuzz
fuzz: deps kernel user
	@sh tools/fuzz.sh $(FUZZ_CALLS) $(FUZZ_SEED) "$(FUZZ_TOPOLOGIES)"

clean:
	rm -rf $(BUILD)
