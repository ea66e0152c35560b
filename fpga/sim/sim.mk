# sim.mk -- the Verilator harness of the SoC (fpga/sim), included by the top Makefile.
#
#   make sim        boot OpenSBI + kernel + initrd on the RTL (CMD='...' as for make run)
#   make sim BOARD=ulx3s   the same on the board top (fpga/boards/ulx3s/ulx3s_top.v):
#                   the flash image of make fpga-image, the flash loader, the
#                   SDRAM (cycle-based twins, board_main.cpp); 2x1 by default
#   make cosim      the same under lock-step co-simulation with the model
#   make sim-test   fpga/sim/run-tests.sh (ISA tests, random programs, OpenSBI+kernel
#                   under cosim, the negative test) + the unit benches when present
#   make sim-build  only build build/sim/<C>x<H>-<MEM>/Vsim
#   make sim-lint   verilator --lint-only -Wall of soc_top
#   make synth      fpga/syn/synth.sh (yosys synth_ecp5)
#
# Knobs: CLUSTERS, HARTS_PER_CLUSTER, MEM_PER_CLUSTER, BOOTARGS, CMD, INITRD
# (as make run), SIM_ARGS (extra harness options, e.g. --max-cycles 100M,
# --commit-log FILE, --trace FILE.fst with SIM_TRACE=1), SIM_RTL (the RTL
# directory, default fpga/rtl), SIM_JOBS (compile jobs, 2).

SIM_SRC   := $(TOP)/fpga/sim
SIM_RTL   ?= $(TOP)/fpga/rtl
SIM_TRACE ?= 0
SIM_JOBS  ?= 2
SIM_ARGS  ?=
VERILATOR ?= verilator

sim_bytes = $(shell python3 -c "import sys;s=sys.argv[1];m={'k':1<<10,'K':1<<10,'m':1<<20,'M':1<<20,'g':1<<30,'G':1<<30};print(int(s[:-1])*m[s[-1]] if s[-1] in m else int(s,0))" $(1))
sim_dir   = $(BUILD)/sim/$(1)x$(2)-$(3)$(if $(filter 1,$(SIM_TRACE)),-trace)

SIM_DIR := $(call sim_dir,$(CLUSTERS),$(HARTS_PER_CLUSTER),$(MEM_PER_CLUSTER))
SIM_BIN := $(SIM_DIR)/Vsim
SIM_DEPS = $(wildcard $(SIM_RTL)/*.v $(SIM_RTL)/*.vh) $(SIM_SRC)/sim_main.cpp $(SIM_SRC)/harness.h $(SIM_SRC)/public.vlt $(ISS_LIB) $(SIM_SRC)/sim.mk

# Verilator: -O3, X as fast as possible, the RTL's modules found by name in
# $(SIM_RTL) (one module per file), the model's library linked in.
SIM_VFLAGS = --cc --exe --build -j $(SIM_JOBS) -O3 --x-assign fast --x-initial fast \
             --top-module soc_top -y $(SIM_RTL) +incdir+$(SIM_RTL) \
             $(if $(filter 1,$(SIM_TRACE)),--trace-fst) \
             -GCLUSTERS=$(1) -GHARTS_PER_CLUSTER=$(2) -GMEM_PER_CLUSTER=64\'d$(call sim_bytes,$(3)) \
             -CFLAGS "-O2 -I$(abspath $(ISS_SRC)) -DCLUSTERS=$(1) -DHARTS_PER_CLUSTER=$(2) -DMEM_PER_CLUSTER=$(call sim_bytes,$(3))ULL" \
             -LDFLAGS "$(abspath $(ISS_LIB))"

# build/sim/<C>x<H>-<MEM>/Vsim for any configuration (the directory names it).
# The binary is removed first: Verilator's own makefile does not know that
# the model's library is an input, and would not link a changed one again.
$(BUILD)/sim/%/Vsim: $(SIM_DEPS)
	@mkdir -p $(@D); rm -f $@
	@cfg='$*'; c=$${cfg%%x*}; rest=$${cfg#*x}; h=$${rest%%-*}; m=$${rest#*-}; m=$${m%-trace}; \
	 echo "  VERILATE soc_top $${c}x$${h}, $$m per cluster -> $@"; \
	 $(MAKE) --no-print-directory -f $(SIM_SRC)/sim.mk sim-verilate TOP=$(TOP) BUILD=$(BUILD) \
	   SIM_C=$$c SIM_H=$$h SIM_M=$$m SIM_OUT=$(@D) SIM_RTL=$(SIM_RTL) ISS_SRC=$(ISS_SRC) ISS_LIB=$(ISS_LIB) \
	   SIM_TRACE=$(if $(findstring -trace,$*),1,0) > $(@D)/build.log 2>&1 \
	 || { tail -40 $(@D)/build.log; exit 1; }

.PHONY: sim-verilate
sim-verilate:
	$(VERILATOR) $(call SIM_VFLAGS,$(SIM_C),$(SIM_H),$(SIM_M)) --Mdir $(SIM_OUT) -o Vsim \
	  $(abspath $(SIM_SRC)/public.vlt) $(abspath $(SIM_RTL)/soc_top.v) $(abspath $(SIM_SRC)/sim_main.cpp)

# One hart_core with its memory port served by C++ (hart_main.cpp), for bare
# programs under cosim: build/sim/hart/Vhart.
SIM_HART_BIN := $(BUILD)/sim/hart$(if $(filter 1,$(SIM_TRACE)),-trace)/Vhart
$(SIM_HART_BIN): $(SIM_DEPS) $(SIM_SRC)/hart_main.cpp
	@mkdir -p $(@D); rm -f $@
	@echo "  VERILATE hart_core -> $@"
	@$(VERILATOR) --cc --exe --build -j $(SIM_JOBS) -O3 --x-assign fast --x-initial fast \
	  --top-module hart_core -y $(SIM_RTL) +incdir+$(SIM_RTL) $(if $(filter 1,$(SIM_TRACE)),--trace-fst) \
	  -CFLAGS "-O2 -I$(abspath $(ISS_SRC))" -LDFLAGS "$(abspath $(ISS_LIB))" --Mdir $(@D) -o Vhart \
	  $(abspath $(SIM_RTL)/hart_core.v) $(abspath $(SIM_SRC)/hart_main.cpp) > $(@D)/build.log 2>&1 \
	  || { tail -40 $(@D)/build.log; exit 1; }

# ---- the board top under Verilator: make sim BOARD=ulx3s ----------------------
# One core cycle per harness cycle (the PLL stand-in passes clk_25mhz through);
# the serial line runs at SIM_BOARD_BAUD so the boot's text does not dominate
# the run (the board itself: 115200).  Configuration: FPGA_CLUSTERS x
# FPGA_HARTS (board.mk: 2x1 unless CLUSTERS= / HARTS_PER_CLUSTER= are given),
# FPGA_MHZ.
SIM_BOARD      := $(if $(filter command line,$(origin BOARD)),$(BOARD))
SIM_BOARD_BAUD ?= 2500000
SIM_BOARD_DIR   = $(BUILD)/sim/board-$(BOARD)-$(FPGA_CLUSTERS)x$(FPGA_HARTS)-$(FPGA_MHZ)$(if $(filter 1,$(SIM_TRACE)),-trace)
SIM_BOARD_BIN   = $(SIM_BOARD_DIR)/Vboard
SIM_BOARD_DEPS  = $(wildcard $(SIM_RTL)/*.v $(SIM_RTL)/*.vh fpga/boards/$(BOARD)/*.v fpga/tests/board/prims/*.v) \
                  $(SIM_SRC)/board_main.cpp $(SIM_SRC)/harness.h $(SIM_SRC)/board_sim.v $(SIM_SRC)/sdram_twin.h $(SIM_SRC)/flash_twin.h $(SIM_SRC)/board.vlt \
                  $(SIM_SRC)/sim.mk $(FPGA_BOOTROM)

$(SIM_BOARD_BIN): $(SIM_BOARD_DEPS)
	@mkdir -p $(@D)
	@echo "  VERILATE $(BOARD)_top $(FPGA_CLUSTERS)x$(FPGA_HARTS), $(FPGA_MHZ) MHz -> $@"
	@$(VERILATOR) --cc --exe --build -j $(SIM_JOBS) -O3 --x-assign fast --x-initial fast -Wno-TIMESCALEMOD \
	  --top-module board_sim -y $(SIM_RTL) -y $(abspath fpga/boards/$(BOARD)) -y $(abspath fpga/tests/board/prims) \
	  +incdir+$(SIM_RTL) $(if $(filter 1,$(SIM_TRACE)),--trace-fst) \
	  -GCLUSTERS=$(FPGA_CLUSTERS) -GHARTS_PER_CLUSTER=$(FPGA_HARTS) -GCORE_MHZ=$(FPGA_MHZ) -GBAUD=$(SIM_BOARD_BAUD) \
	  -GBOOTROM_HEX='"$(abspath $(FPGA_BOOTROM))"' \
	  -CFLAGS "-O2 -DCLUSTERS=$(FPGA_CLUSTERS) -DNH=$$(($(FPGA_CLUSTERS) * $(FPGA_HARTS))) -DCORE_MHZ=$(FPGA_MHZ) \
	           -DBOARD_BAUD=$(SIM_BOARD_BAUD) -DIMAGE_OFFSET=$(FPGA_IMAGE_OFFSET)" \
	  --Mdir $(@D) -o Vboard $(abspath $(SIM_SRC)/board.vlt) $(abspath $(SIM_SRC)/board_sim.v) \
	  $(abspath $(SIM_SRC)/board_main.cpp) > $(@D)/build.log 2>&1 || { tail -40 $(@D)/build.log; exit 1; }

.PHONY: sim-board-build
sim-board-build: $(SIM_BOARD_BIN)

.PHONY: sim cosim sim-build sim-test sim-lint synth sim-hart
sim-build: $(SIM_BIN)
sim-hart: $(SIM_HART_BIN)

SIM_BOOT = $(SIM_BIN) --bios $(OPENSBI) --kernel $(KERNEL_BIN) $(if $(RUN_INITRD),--initrd $(RUN_INITRD)) \
           $(if $(BOOTARGS),--bootargs '$(subst ','\'',$(BOOTARGS))')

ifeq ($(SIM_BOARD),)
sim: deps kernel run-initrd $(SIM_BIN)
	@$(SIM_BOOT) $(SIM_ARGS) $(if $(CMD),< /dev/null)
else
sim: deps fpga-image $(SIM_BOARD_BIN)
	@$(SIM_BOARD_BIN) --image $(FPGA_IMAGE) $(SIM_ARGS) $(if $(CMD),< /dev/null)
endif

cosim: deps kernel run-initrd $(SIM_BIN)
	@$(SIM_BOOT) --cosim $(SIM_ARGS) $(if $(CMD),< /dev/null)

sim-test: kernel user $(ISS_LIB) $(ISA_ELFS) $(patsubst %,$(ISS_OUT)/diff/seed%.elf,$(ISS_SEEDS)) \
          $(patsubst %,$(ISS_OUT)/diff/trapseed%.elf,$(ISS_TRAP_SEEDS)) $(patsubst %,$(ISS_OUT)/diff/vmseed%.elf,$(ISS_VM_SEEDS)) $(ISS)
	@MAKE='$(MAKE)' BUILD=$(BUILD) ISS=$(ISS) ISS_OUT=$(ISS_OUT) OPENSBI=$(OPENSBI) KERNEL_BIN=$(KERNEL_BIN) INITRD=$(INITRD) \
	  ISA_TESTS='$(ISA_TESTS)' SEEDS='$(ISS_SEEDS)' TRAP_SEEDS='$(ISS_TRAP_SEEDS)' VM_SEEDS='$(ISS_VM_SEEDS)' \
	  sh $(SIM_SRC)/run-tests.sh

sim-lint:
	$(VERILATOR) --lint-only -Wall --top-module soc_top -y $(SIM_RTL) +incdir+$(SIM_RTL) $(SIM_RTL)/soc_top.v

synth:
	sh $(TOP)/fpga/syn/synth.sh $(BUILD)/synth 2 2
