/* bootrom.S -- the fpga-soc boot ROM at 0x1000 (same contract as QEMU virt's
 * reset vector).  Every hart starts here in M-mode with:
 *   a0 = mhartid, a1 = device tree address, a2 = &fw_dynamic_info,
 * and jumps to start_addr (0x80000000, the firmware).
 * The data words are at fixed offsets; the simulator (or the FPGA bitstream
 * builder) patches fdt_addr (offset 0x28) and, for bare programs, start_addr
 * (offset 0x20). */
        .option norvc
        .section .text
        .equ    START_OFF, 0x20
        .equ    FDT_OFF, 0x28
        .equ    FW_DYN_OFF, 0x30
        .globl _start
_start:
        auipc   t0, 0
        addi    a2, t0, FW_DYN_OFF
        csrr    a0, mhartid
        ld      a1, FDT_OFF(t0)
        ld      t0, START_OFF(t0)
        jr      t0

        .org    START_OFF
start_addr:
        .dword  0x80000000      /* firmware entry */
fdt_addr:
        .dword  0               /* patched: device tree blob address */
fw_dyn:                         /* struct fw_dynamic_info (OpenSBI fw_dynamic) */
        .dword  0x4942534f      /* magic "OSBI" */
        .dword  2               /* version */
        .dword  0x80200000      /* next_addr: the kernel */
        .dword  1               /* next_mode: S */
        .dword  0               /* options */
        .dword  -1              /* boot_hart: any (lottery) */
