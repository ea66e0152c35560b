# tests.mk -- ISA tests (tests/isa/*.S), included by tools/iss/iss.mk.
# Each test is built once (linked at 0x80000000) and run on the model and on
# QEMU virt; the differential runs compare the two on random programs.

ISA_TESTS := alu muldiv ldst branch rvc csr trap deleg irq_timer irq_soft lrsc amo vm misaligned uart ipi timesync sswi asid
ISA_ELFS  := $(patsubst %,$(ISS_OUT)/isa/%.elf,$(ISA_TESTS))
ISS_SEEDS ?= 1 2 3 4 5 6 7 8
ISS_VM_SEEDS ?= 1 2 3 4
ISS_TRAP_SEEDS ?= 1 2 3 4
ISS_LOCKSTEP ?= seed1 trapseed1 vmseed1
RV_TFLAGS := -nostdlib -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
             -T $(ISS_TESTS)/link.ld -I $(ISS_TESTS)

$(ISS_OUT)/isa/%.elf: $(ISS_TESTS)/%.S $(ISS_TESTS)/test.h $(ISS_TESTS)/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_TFLAGS) -o $@ $<

$(ISS_OUT)/diff/seed%.elf: $(ISS_TESTS)/rvgen.py $(ISS_TESTS)/link.ld
	@mkdir -p $(dir $@)
	python3 $(ISS_TESTS)/rvgen.py --seed $* > $(ISS_OUT)/diff/seed$*.S
	$(RV_CC) $(RV_TFLAGS) -o $@ $(ISS_OUT)/diff/seed$*.S

$(ISS_OUT)/diff/trapseed%.elf: $(ISS_TESTS)/rvgen.py $(ISS_TESTS)/link.ld
	@mkdir -p $(dir $@)
	python3 $(ISS_TESTS)/rvgen.py --traps --seed $* > $(ISS_OUT)/diff/trapseed$*.S
	$(RV_CC) $(RV_TFLAGS) -o $@ $(ISS_OUT)/diff/trapseed$*.S

$(ISS_OUT)/diff/vmseed%.elf: $(ISS_TESTS)/vmgen.py $(ISS_TESTS)/link.ld
	@mkdir -p $(dir $@)
	python3 $(ISS_TESTS)/vmgen.py --seed $* > $(ISS_OUT)/diff/vmseed$*.S
	$(RV_CC) $(RV_TFLAGS) -o $@ $(ISS_OUT)/diff/vmseed$*.S

iss-test: kernel user $(ISS) $(ISS_PAYLOAD) $(ISA_ELFS) $(patsubst %,$(ISS_OUT)/diff/seed%.elf,$(ISS_SEEDS)) \
          $(patsubst %,$(ISS_OUT)/diff/vmseed%.elf,$(ISS_VM_SEEDS)) \
          $(patsubst %,$(ISS_OUT)/diff/trapseed%.elf,$(ISS_TRAP_SEEDS))
	@ISS=$(ISS) QEMU=$(QEMU_RV) OUT=$(ISS_OUT) OPENSBI=$(OPENSBI_FW) PAYLOAD=$(ISS_PAYLOAD) LOCKSTEP='$(ISS_LOCKSTEP)' \
	  KERNEL=$(KERNEL_BIN) UINITRD=$(TOP)/build/initrd.cpio sh $(ISS_TESTS)/run.sh $(ISA_TESTS) -- $(ISS_SEEDS) -- $(addprefix vm,$(ISS_VM_SEEDS)) $(addprefix trap,$(ISS_TRAP_SEEDS))
