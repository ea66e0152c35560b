# board.mk -- the SoC on an FPGA board (included from the top Makefile).
#
#   make fpga BOARD=ulx3s [CLUSTERS= HARTS_PER_CLUSTER= FPGA_MHZ=40]
#       the open ECP5 flow (yosys synth_ecp5 -> nextpnr-ecp5 -> ecppack) to
#       build/fpga/ulx3s.bit; prints LUT4/FF/block RAM/multipliers and Fmax.
#       The YoWASP tools are installed from PyPI into build/fpga-venv when
#       missing.
#   make fpga-image BOARD=ulx3s [CLUSTERS= HARTS_PER_CLUSTER= CMD= BOOTARGS= INITRD=]
#       the flash boot image (OpenSBI fw_dynamic.bin, kernel, device tree for
#       the board's SDRAM, initrd) to build/fpga/ulx3s-image.bin.
#   make flash BOARD=ulx3s
#       writes the bitstream (flash offset 0) and the image (FPGA_IMAGE_OFFSET)
#       to the board's SPI flash with Debian's openFPGALoader -b ulx3s.
#   make board-test
#       the benches of the board pieces (fpga/tests/board/run.sh).
#
# The board top is fpga/boards/$(BOARD)/$(BOARD)_top.v (the SoC) when it
# exists, else $(BOARD)_bringup.v (everything but the SoC).

BOARD             ?= ulx3s
# the board's own default: 2 clusters x 1 hart (CLUSTERS= / HARTS_PER_CLUSTER=
# on the command line override it; the Makefile's defaults are QEMU's)
FPGA_CLUSTERS     := $(if $(filter command line environment,$(origin CLUSTERS)),$(CLUSTERS),2)
FPGA_HARTS        := $(if $(filter command line environment,$(origin HARTS_PER_CLUSTER)),$(HARTS_PER_CLUSTER),1)
FPGA_MHZ          ?= 40
FPGA_OUT          := $(BUILD)/fpga
FPGA_VENV         ?= $(BUILD)/fpga-venv
FPGA_IMAGE_OFFSET ?= 0x200000
FPGA_RAM_MIB      := 32
FPGA_BIT          := $(FPGA_OUT)/$(BOARD).bit
FPGA_IMAGE        := $(FPGA_OUT)/$(BOARD)-image.bin
FPGA_TOP          ?= $(if $(wildcard fpga/boards/$(BOARD)/$(BOARD)_top.v),$(BOARD)_top,$(BOARD)_bringup)
# the SoC's knobs reach the top only when it holds the SoC
FPGA_PARAMS        = CORE_MHZ=$(FPGA_MHZ) \
                     $(if $(filter %_top,$(FPGA_TOP)),CLUSTERS=$(FPGA_CLUSTERS) HARTS_PER_CLUSTER=$(FPGA_HARTS) \
                       BOOTROM_HEX=/o/$(notdir $(FPGA_BOOTROM)))
# mtime's rate, as the device tree must give it: the top ticks mtime every
# CORE_MHZ / 10 cycles (integer division), 10 MHz for a multiple of 10
FPGA_TIMEBASE      = $(shell echo $$(( $(FPGA_MHZ) * 1000000 / ($(FPGA_MHZ) / 10) )))
# the board's SDRAM is shared out evenly between the clusters
FPGA_MEM_PER_CLUSTER = $(shell echo $$(( $(FPGA_RAM_MIB) / $(FPGA_CLUSTERS) )))M
# the boot ROM of the bitstream (ulx3s_top's BOOTROM_HEX default): bootrom.S
# with the device tree word of the board's RAM
FPGA_BOOTROM      := $(FPGA_OUT)/bootrom.hex

.PHONY: fpga fpga-image flash board-test
$(FPGA_BOOTROM): $(ISS_OUT)/bootrom.bin tools/fpga-image.py
	@mkdir -p $(@D)
	@python3 tools/fpga-image.py rom -o $@ --bootrom $< --mem $(FPGA_RAM_MIB)M >/dev/null

fpga: $(FPGA_BOOTROM)
	@FPGA_VENV=$(FPGA_VENV) sh fpga/boards/fpga-flow.sh $(BOARD) $(FPGA_TOP) $(FPGA_OUT) $(FPGA_PARAMS)

fpga-image: kernel run-initrd
	@mkdir -p $(FPGA_OUT)
	@python3 tools/fpga-image.py build -o $(FPGA_IMAGE) --fw $(OPENSBI) --kernel $(KERNEL_BIN) \
	    --initrd $(RUN_INITRD) --clusters $(FPGA_CLUSTERS) --harts $(FPGA_HARTS) \
	    --mem $(FPGA_MEM_PER_CLUSTER) --uart-clock $(FPGA_MHZ)000000 --timebase $(FPGA_TIMEBASE) \
	    $(if $(strip $(BOOTARGS) $(CMD)),--bootargs "$(strip $(BOOTARGS) $(if $(CMD),scripted))") \
	    --dtb-out $(FPGA_OUT)/$(BOARD).dtb --max-size 14M

flash:
	@sh fpga/boards/flash.sh $(BOARD) $(FPGA_BIT) $(FPGA_IMAGE) $(FPGA_IMAGE_OFFSET)

board-test:
	@sh fpga/tests/board/run.sh $(BUILD)/board-tests
