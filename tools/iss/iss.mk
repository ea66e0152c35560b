# iss.mk -- the almos-rv reference model (tools/iss), its ISA tests and runs.
# Included by the top-level Makefile; standalone: make -f tools/iss/iss.mk <target>
#
#   make iss        build build/iss/iss
#   make iss-test   ISA tests on the model and on QEMU + differential runs (after iss-api-test)
#   make iss-api-test  the co-simulation API: record/replay of ISA tests (cosim_test)
#   make iss-run    OpenSBI + $(KERNEL_BIN) [+ $(INITRD)] on the model
#   make iss-dts    build/iss/soc.dts + soc.dtb for CLUSTERS/HARTS_PER_CLUSTER/MEM_PER_CLUSTER

TOP ?= .
ISS_SRC   := $(TOP)/tools/iss
ISS_OUT   := $(TOP)/build/iss
ISS_PLAT  := $(TOP)/platform/fpga-soc
ISS_TESTS := $(TOP)/tests/isa
ISS       := $(ISS_OUT)/iss

ISS_CC     ?= gcc
ISS_CFLAGS ?= -O2 -g -Wall -Wextra -Werror
RV_CC      ?= riscv64-unknown-elf-gcc
RV_OBJCOPY ?= riscv64-unknown-elf-objcopy
QEMU_RV    ?= qemu-system-riscv64
OPENSBI_FW ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin

CLUSTERS          ?= 2
HARTS_PER_CLUSTER ?= 2
MEM_PER_CLUSTER   ?= 128M
KERNEL_BIN        ?= build/kernel.bin
INITRD            ?=
BOOTARGS          ?=

ISS_OBJS := $(addprefix $(ISS_OUT)/,cpu.o csr.o mmu.o dev.o machine.o cosim.o)
ISS_LIB  := $(ISS_OUT)/libiss.a

.PHONY: iss iss-test iss-api-test iss-run iss-payload iss-dts

iss: $(ISS)

$(ISS_OUT)/bootrom.elf: $(ISS_PLAT)/bootrom.S
	@mkdir -p $(ISS_OUT)
	$(RV_CC) -nostdlib -Ttext=0x1000 -o $@ $<

$(ISS_OUT)/bootrom.bin: $(ISS_OUT)/bootrom.elf
	$(RV_OBJCOPY) -O binary $< $@

$(ISS_OUT)/rom_bin.h: $(ISS_OUT)/bootrom.bin
	{ echo 'static const unsigned char rom_bin[] = {'; \
	  od -An -v -tx1 $< | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '};'; } > $@

$(ISS_OUT)/%.o: $(ISS_SRC)/%.c $(ISS_SRC)/iss.h $(ISS_OUT)/rom_bin.h
	$(ISS_CC) $(ISS_CFLAGS) -I$(ISS_OUT) -DISS_MKDTS='"$(abspath $(ISS_PLAT)/mkdts.py)"' -c -o $@ $<

$(ISS_LIB): $(ISS_OBJS)
	$(AR) rcs $@ $^

$(ISS): $(ISS_OUT)/main.o $(ISS_LIB)
	$(ISS_CC) $(ISS_CFLAGS) -o $@ $^

# the co-simulation API (cosim.c) on its own: record + replay of ISA tests
ISS_COSIM_TEST := $(ISS_OUT)/cosim_test
$(ISS_COSIM_TEST): $(ISS_OUT)/cosim_test.o $(ISS_LIB)
	$(ISS_CC) $(ISS_CFLAGS) -o $@ $^

# ---- a tiny S-mode payload standing in for the kernel (SBI console + SRST) ----
ISS_PAYLOAD := $(ISS_OUT)/payload.bin
iss-payload: $(ISS_PAYLOAD)
$(ISS_OUT)/payload.elf: $(ISS_TESTS)/payload.S
	@mkdir -p $(ISS_OUT)
	$(RV_CC) -nostdlib -march=rv64imac_zicsr -mabi=lp64 -Ttext=0x80200000 -o $@ $<
$(ISS_PAYLOAD): $(ISS_OUT)/payload.elf
	$(RV_OBJCOPY) -O binary $< $@

# The image iss-run boots: $(KERNEL_BIN) when it exists, else the payload.
# Once the top-level Makefile has a rule for the kernel, it can set
# ISS_KERNEL = $(KERNEL_BIN) so that iss-run (re)builds it first.
ISS_KERNEL ?= $(if $(wildcard $(KERNEL_BIN)),$(KERNEL_BIN),$(ISS_PAYLOAD))

iss-run: $(ISS) $(ISS_KERNEL)
	$(ISS) --clusters $(CLUSTERS) --harts $(HARTS_PER_CLUSTER) --mem-per-cluster $(MEM_PER_CLUSTER) \
	  --bios $(OPENSBI_FW) --kernel $(ISS_KERNEL) $(if $(INITRD),--initrd $(INITRD)) \
	  $(if $(BOOTARGS),--bootargs '$(subst ','\'',$(BOOTARGS))') $(ISS_ARGS)

iss-dts:
	@mkdir -p $(ISS_OUT)
	python3 $(ISS_PLAT)/mkdts.py --clusters $(CLUSTERS) --harts $(HARTS_PER_CLUSTER) --mem $(MEM_PER_CLUSTER) \
	  $(if $(BOOTARGS),--bootargs '$(subst ','\'',$(BOOTARGS))') > $(ISS_OUT)/soc.dts
	dtc -q -I dts -O dtb -o $(ISS_OUT)/soc.dtb $(ISS_OUT)/soc.dts
	@echo "$(ISS_OUT)/soc.dts, $(ISS_OUT)/soc.dtb"

-include $(ISS_TESTS)/tests.mk

# The co-simulation API, before the ISA tests (a failure stops iss-test);
# uart.elf needs input on stdin, left out.
ISS_API_ELFS := $(filter-out %/uart.elf,$(ISA_ELFS)) $(patsubst %,$(ISS_OUT)/diff/seed%.elf,1 2) $(ISS_OUT)/diff/trapseed1.elf $(ISS_OUT)/diff/vmseed1.elf
iss-api-test: $(ISS_COSIM_TEST) $(ISS_API_ELFS)
	@$(ISS_COSIM_TEST) $(ISS_API_ELFS)
iss-test: iss-api-test
