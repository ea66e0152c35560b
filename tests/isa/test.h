/* test.h -- common macros of the self-checking ISA tests.
 * A test runs bare-metal in M-mode from 0x80000000 (model: iss --bare;
 * QEMU: -machine virt -bios none -kernel test.elf), on hart 0 unless it says
 * otherwise; it ends by writing the sifive,test1 finisher:
 *     pass: 0x5555          fail: 0x3333 | (gp << 16)
 * gp holds the number of the current check (TEST n). */
#define FINISHER 0x100000
#define UART0    0x10000000
#define CLINT    0x2000000

#define MSTATUS_MPP_MASK (3 << 11)
#define MSTATUS_MPP_S    (1 << 11)
#define MSTATUS_SPP      (1 << 8)
#define MSTATUS_MPRV     (1 << 17)
#define MSTATUS_SUM      (1 << 18)
#define MSTATUS_MXR      (1 << 19)

        .macro TEST n
        li      gp, \n
        .endm

        /* fail unless reg == value (uses t6) */
        .macro CHECK reg, value
        li      t6, \value
        bne     \reg, t6, fail
        .endm

        /* the next trap goes to `catch`, which resumes at label */
        .macro EXPECT_TRAP label
        la      t0, catch
        csrw    mtvec, t0
        la      s11, \label
        li      s8, -1
        .endm

        .macro PASS
        j       pass
        .endm

        /* print a NUL-terminated string label on the UART (clobbers t4, t5) */
        .macro PUTS label
        la      t4, \label
        call    puts_t4
        .endm

        /* The start: hart 0 runs `main`; other harts run `secondary` if the
         * test defines HAS_SECONDARY, else park in wfi. */
        .macro TEST_START
        .section .text.init
        .globl _start
_start:
        la      t0, default_trap
        csrw    mtvec, t0
        csrr    a0, mhartid
        la      sp, stack_top
        slli    t0, a0, 12
        sub     sp, sp, t0
        /* QEMU has PMP: open all memory to S/U.  The model has no PMP and
         * traps on pmpaddr0; skip_trap steps over the faulting csrw. */
        la      t0, skip_trap
        csrw    mtvec, t0
        li      t0, -1
        csrw    pmpaddr0, t0
        li      t0, 0x1f            /* NAPOT, RWX */
        csrw    pmpcfg0, t0
        la      t0, default_trap
        csrw    mtvec, t0
        bnez    a0, 1f
        j       main
1:
#ifdef HAS_SECONDARY
        j       secondary
#else
2:      wfi
        j       2b
#endif
        .align 2
skip_trap:
        csrr    t0, mepc
        addi    t0, t0, 4
        csrw    mepc, t0
        mret

        /* an unexpected trap fails with 0x100 + low bits of mcause, or 0x200 + code for an interrupt */
        .align 2
default_trap:
        csrr    t0, mcause
        bltz    t0, 3f
        addi    gp, t0, 0x100
        j       fail
3:      andi    t0, t0, 0xff
        addi    gp, t0, 0x200
        j       fail

        /* catch: record a trap (s8 = mcause, s9 = mepc, s10 = mtval) and
         * continue in M-mode at s11.  Use with EXPECT_TRAP. */
        .align 2
catch:
        csrr    s8, mcause
        csrr    s9, mepc
        csrr    s10, mtval
        jr      s11

        /* enter_s / enter_u: run the code at t0 in S or U mode (via mret) */
enter_s:
        li      t1, MSTATUS_MPP_MASK
        csrc    mstatus, t1
        li      t1, MSTATUS_MPP_S
        csrs    mstatus, t1
        csrw    mepc, t0
        mret
enter_u:
        li      t1, MSTATUS_MPP_MASK
        csrc    mstatus, t1
        csrw    mepc, t0
        mret

pass:
        li      t0, FINISHER
        li      t1, 0x5555
        sw      t1, 0(t0)
4:      j       4b
fail:
        li      t0, FINISHER
        slli    t1, gp, 16
        li      t2, 0x3333
        or      t1, t1, t2
        sw      t1, 0(t0)
5:      j       5b

puts_t4:
        li      t5, UART0
6:      lbu     t6, 0(t4)
        beqz    t6, 7f
        sb      t6, 0(t5)
        addi    t4, t4, 1
        j       6b
7:      ret

        .section .data
        .align 12
stack_bottom:
        .skip   0x4000
stack_top:
        .text
        .endm
