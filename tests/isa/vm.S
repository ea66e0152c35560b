/* vm.S -- Sv39: walks through 1 GiB and 4 KiB leaves, permission faults
 * (R/W/X, U with and without SUM, MXR), invalid and misaligned-superpage
 * faults, non-canonical addresses, A = 0 / D = 0 (the model faults; QEMU 7.2
 * sets A/D in hardware: the test accepts both and says which it saw), MPRV,
 * and sfence.vma after a remap.  Faults are not delegated: M's `catch`
 * records them (s8 = mcause, s10 = mtval). */
#include "test.h"
#define V 1
#define R 2
#define W 4
#define X 8
#define U 16
#define A 64
#define D 128
#define VA_BASE  0xC0000000
#define USER_ALIAS (0x140000000 - 0x80000000)

        /* dst = PTE for physical address in reg pa with flags */
        .macro MKPTE dst, pa, flags
        srli    \dst, \pa, 12
        slli    \dst, \dst, 10
        ori     \dst, \dst, \flags
        .endm
        /* store PTE(pa_label or reg, flags) at table[index] */
        .macro SETPTE table, index, pa, flags
        la      t0, \table
        MKPTE   t1, \pa, \flags
        sd      t1, (\index * 8)(t0)
        .endm
        /* run func in S (or U) with a1 = va, a2 = value; come back to M */
        .macro RUN mode, func, va
        li      a1, \va
        la      s11, .Lback\@
        li      s8, -1
        la      t0, \func
        j       enter_\mode
.Lback\@:
        .endm
        .macro RUN_U func, va
        li      a1, \va
        la      s11, .Lbacku\@
        li      s8, -1
        la      t0, \func
        li      t1, USER_ALIAS
        add     t0, t0, t1
        j       enter_u
.Lbacku\@:
        .endm

        TEST_START
main:
        la      t0, catch
        csrw    mtvec, t0
        /* page contents */
        la      s0, page_a
        li      t0, 0x1111
        sd      t0, 0(s0)
        la      s1, page_b
        li      t0, 0x2222
        sd      t0, 0(s1)
        /* root */
        li      t2, 0
        SETPTE  root, 0, t2, V|R|W|A|D          /* devices, identity */
        li      t2, 0x80000000
        SETPTE  root, 2, t2, V|R|W|X|A|D        /* code + data, identity */
        la      t2, l1
        SETPTE  root, 3, t2, V                  /* VA 0xC0000000: 4 KiB pages */
        li      t2, 0x80200000
        SETPTE  root, 4, t2, V|R|W|A|D          /* misaligned gigapage */
        li      t2, 0x80000000
        SETPTE  root, 5, t2, V|R|W|X|U|A|D      /* user alias of code + data */
        la      t2, l0
        SETPTE  l1, 0, t2, V
        SETPTE  l0, 0, s0, V|R|W|A|D
        SETPTE  l0, 1, s0, V|R|W|D              /* A = 0 */
        SETPTE  l0, 2, s0, V|R|W|A              /* D = 0 */
        SETPTE  l0, 3, s0, V|R|W|U|A|D          /* user page */
        SETPTE  l0, 4, s0, V|X|A                /* execute-only */
        SETPTE  l0, 6, s0, V|R|A|D              /* read-only */
        SETPTE  l0, 7, s0, V|R|W|A|D            /* remapped to page_b later */
        la      t0, root
        srli    t0, t0, 12
        li      t1, 8 << 60
        or      t0, t0, t1
        csrw    satp, t0
        sfence.vma

        TEST 1                                  /* S load through a 4 KiB leaf */
        RUN     s, s_load, VA_BASE
        CHECK   s8, 9
        CHECK   a0, 0x1111
        TEST 2                                  /* S store */
        li      a2, 0x3333
        RUN     s, s_store, VA_BASE + 8
        CHECK   s8, 9
        ld      t0, 8(s0)
        CHECK   t0, 0x3333
        TEST 3                                  /* A = 0 */
        RUN     s, s_load, VA_BASE + 0x1000
        li      t0, 13
        beq     s8, t0, 1f
        CHECK   s8, 9                           /* hardware A update (QEMU) */
        la      t0, l0
        ld      t0, 8(t0)
        andi    t0, t0, A
        beqz    t0, fail
        li      s5, 1
        PUTS    note_hw
        j       2f
1:      li      t0, VA_BASE + 0x1000
        bne     s10, t0, fail
        li      s5, 0
        PUTS    note_fault
2:      TEST 4                                  /* D = 0 on store */
        RUN     s, s_store, VA_BASE + 0x2010
        bnez    s5, 3f
        CHECK   s8, 15
        li      t0, VA_BASE + 0x2010
        bne     s10, t0, fail
        RUN     s, s_load, VA_BASE + 0x2000     /* loads are fine with D = 0 */
        CHECK   s8, 9
        j       4f
3:      CHECK   s8, 9
        la      t0, l0
        ld      t0, 16(t0)
        andi    t0, t0, D
        beqz    t0, fail
4:      TEST 5                                  /* U page from S: needs SUM */
        RUN     s, s_load, VA_BASE + 0x3000
        CHECK   s8, 13
        li      t0, MSTATUS_SUM
        csrs    mstatus, t0
        RUN     s, s_load, VA_BASE + 0x3000
        CHECK   s8, 9
        CHECK   a0, 0x1111
        TEST 6                                  /* S never fetches from a U page, even with SUM */
        li      t0, USER_ALIAS
        la      t1, s_load
        add     t1, t1, t0
        mv      s6, t1
        li      a1, VA_BASE
        la      s11, 5f
        mv      t0, s6
        j       enter_s
5:      CHECK   s8, 12
        bne     s10, s6, fail
        li      t0, MSTATUS_SUM
        csrc    mstatus, t0
        TEST 7                                  /* execute-only page: MXR */
        RUN     s, s_load, VA_BASE + 0x4000
        CHECK   s8, 13
        li      t0, MSTATUS_MXR
        csrs    mstatus, t0
        RUN     s, s_load, VA_BASE + 0x4000
        CHECK   s8, 9
        CHECK   a0, 0x1111
        li      t0, MSTATUS_MXR
        csrc    mstatus, t0
        TEST 8                                  /* invalid PTE */
        RUN     s, s_load, VA_BASE + 0x5000
        CHECK   s8, 13
        li      t0, VA_BASE + 0x5000
        bne     s10, t0, fail
        RUN     s, s_store, VA_BASE + 0x5008
        CHECK   s8, 15
        li      t0, VA_BASE + 0x5008
        bne     s10, t0, fail
        TEST 9                                  /* read-only page */
        RUN     s, s_store, VA_BASE + 0x6000
        CHECK   s8, 15
        TEST 10                                 /* misaligned gigapage */
        RUN     s, s_load, 0x100000000
        CHECK   s8, 13
        TEST 11                                 /* non-canonical address */
        RUN     s, s_load, 0x4000000000
        CHECK   s8, 13
        TEST 12                                 /* fetch from a non-X page */
        RUN     s, s_jump, VA_BASE
        CHECK   s8, 12
        li      t0, VA_BASE
        bne     s10, t0, fail
        TEST 13                                 /* U: non-U page faults, U page works */
        RUN_U   s_load, VA_BASE
        CHECK   s8, 13
        RUN_U   s_load, VA_BASE + 0x3000
        CHECK   s8, 8
        CHECK   a0, 0x1111
        TEST 14                                 /* MPRV: M loads through S's translation */
        li      t0, MSTATUS_MPP_MASK
        csrc    mstatus, t0
        li      t0, MSTATUS_MPP_S | MSTATUS_MPRV
        csrs    mstatus, t0
        li      t1, VA_BASE
        ld      a0, 0(t1)
        li      t0, MSTATUS_MPRV
        csrc    mstatus, t0
        CHECK   a0, 0x1111
        TEST 15                                 /* remap + sfence.vma */
        RUN     s, s_load, VA_BASE + 0x7000
        CHECK   a0, 0x1111
        SETPTE  l0, 7, s1, V|R|W|A|D
        sfence.vma
        RUN     s, s_load, VA_BASE + 0x7000
        CHECK   s8, 9
        CHECK   a0, 0x2222
        TEST 16                                 /* a 32-bit instruction across two pages */
        la      t0, page_c + 0xffe
        li      t1, 0x0513                      /* addi a0, a0, 1 = 0x00150513, low half */
        sh      t1, 0(t0)
        la      t0, page_d
        li      t1, 0x0015                      /* high half */
        sh      t1, 0(t0)
        li      t1, 0x0073                      /* ecall */
        sh      t1, 2(t0)
        sh      zero, 4(t0)
        fence.i
        la      t2, page_c
        SETPTE  l0, 8, t2, V|R|X|A|D
        la      t2, page_d
        SETPTE  l0, 9, t2, V|R|X|A|D
        sfence.vma
        li      a0, 5
        RUN     s, s_jump, VA_BASE + 0x8ffe
        CHECK   s8, 9
        CHECK   a0, 6
        TEST 17                                 /* ... with the second page unmapped */
        la      t0, l0
        sd      zero, 9 * 8(t0)
        sfence.vma
        li      a0, 5
        RUN     s, s_jump, VA_BASE + 0x8ffe
        CHECK   s8, 12
        li      t0, VA_BASE + 0x8ffe
        bne     s9, t0, fail                    /* mepc: the instruction */
        li      t0, VA_BASE + 0x9000
        bne     s10, t0, fail                   /* mtval: the part that faulted */
        CHECK   a0, 5
        TEST 18                                 /* bare mode again */
        csrw    satp, zero
        sfence.vma
        PASS

s_load:
        ld      a0, 0(a1)
        ecall
s_store:
        sd      a2, 0(a1)
        ecall
s_jump:
        jr      a1

        .data
note_hw:    .asciz "note: A/D bits set by hardware on access (QEMU behaviour)\n"
note_fault: .asciz "note: A = 0 / D = 0 raise page faults (the SoC's behaviour, no hardware A/D update)\n"
        .align 12
root:   .skip 4096
l1:     .skip 4096
l0:     .skip 4096
page_a: .skip 4096
page_b: .skip 4096
page_c: .skip 4096
        .skip 4096                              /* page_d is not physically contiguous */
page_d: .skip 4096
