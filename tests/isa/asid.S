/* asid.S -- ASID-tagged translations.  Two Sv39 tables map VA 0xC0000000
 * differently under ASID 1 and ASID 2; M-mode loads through them with
 * MPRV (MPP = S), so only the data TLB is involved.  What every
 * implementation must do is checked: an entry filled under one ASID is
 * never used under another; sfence.vma rs1, rs2 drops that page of that
 * ASID; sfence.vma x0, rs2 drops that ASID's non-global entries; sfence.vma
 * rs1, x0 drops the page in every ASID, global entries too; satp.ASID keeps
 * all 16 bits (platform/fpga-soc/README.md).  What may differ is printed as
 * a note: whether a stale entry of ASID 1 survives a switch to ASID 2 and
 * back (the model and the SoC keep it; QEMU 7.2 flushes its whole TLB when
 * the ASID changes), and whether a global entry survives sfence.vma x0,
 * ASID (kept on the model and the SoC).  The model and the RTL must agree
 * on both (co-simulation compares every load). */
#include "test.h"
#define V 1
#define R 2
#define W 4
#define G 32
#define A 64
#define D 128
#define VA 0xC0000000
#define SATP_SV39 (8 << 60)

        .macro MKPTE dst, pa, flags
        srli    \dst, \pa, 12
        slli    \dst, \dst, 10
        ori     \dst, \dst, \flags
        .endm
        /* table[index] = PTE(pa label, flags) */
        .macro SETPTE table, index, pa, flags
        la      t0, \table
        la      t2, \pa
        MKPTE   t1, t2, \flags
        sd      t1, (\index * 8)(t0)
        .endm
        /* satp = Sv39, ASID asid, root table */
        .macro SATP asid, root
        la      t0, \root
        srli    t0, t0, 12
        li      t1, SATP_SV39 | (\asid << 44)
        or      t0, t0, t1
        csrw    satp, t0
        .endm
        /* dst = the doubleword at virtual address va, through S's translation */
        .macro LDV dst, va
        li      t0, \va
        li      t1, MSTATUS_MPRV
        csrs    mstatus, t1
        ld      \dst, 0(t0)
        csrc    mstatus, t1
        .endm

        TEST_START
main:
        li      t0, MSTATUS_MPP_MASK
        csrc    mstatus, t0
        li      t0, MSTATUS_MPP_S
        csrs    mstatus, t0
        la      t0, p1
        li      t1, 0x1111
        sd      t1, 0(t0)
        la      t0, p2
        li      t1, 0x2222
        sd      t1, 0(t0)
        la      t0, p3
        li      t1, 0x3333
        sd      t1, 0(t0)
        /* ASID 1: root1 -> l1a -> l0a; ASID 2: root2 -> l1b -> l0b */
        SETPTE  root1, 3, l1a, V
        SETPTE  l1a, 0, l0a, V
        SETPTE  l0a, 0, p1, V|R|W|A|D
        SETPTE  root2, 3, l1b, V
        SETPTE  l1b, 0, l0b, V
        SETPTE  l0b, 0, p3, V|R|W|A|D

        TEST 1                                  /* ASID 1 sees p1 */
        SATP    1, root1
        sfence.vma
        LDV     a0, VA
        CHECK   a0, 0x1111
        TEST 2                                  /* ASID 2, no sfence: its own table, p3 */
        SATP    2, root2
        LDV     a0, VA
        CHECK   a0, 0x3333
        TEST 3                                  /* an ASID 1 entry of another page ... */
        SETPTE  l0a, 1, p1, V|R|W|A|D
        SATP    1, root1
        LDV     a0, VA + 0x1000
        CHECK   a0, 0x1111
        SATP    2, root2                        /* ... ASID 2 runs (fills VA only) ... */
        LDV     a0, VA
        CHECK   a0, 0x3333
        SETPTE  l0a, 1, p2, V|R|W|A|D           /* ... ASID 1's page remapped, no sfence */
        SATP    1, root1
        LDV     a0, VA + 0x1000
        li      t0, 0x1111
        beq     a0, t0, 1f
        CHECK   a0, 0x2222
        PUTS    note_flushed
        j       2f
1:      PUTS    note_kept
2:      TEST 4                                  /* sfence.vma of ASID 2 only: ASID 1 unchanged */
        li      t0, VA + 0x1000
        li      t1, 2
        sfence.vma t0, t1
        LDV     a1, VA + 0x1000
        bne     a0, a1, fail
        TEST 5                                  /* sfence.vma VA, ASID 1: the new mapping */
        li      t0, VA + 0x1000
        li      t1, 1
        sfence.vma t0, t1
        LDV     a0, VA + 0x1000
        CHECK   a0, 0x2222
        TEST 6                                  /* ASID 2 still sees its own page */
        SATP    2, root2
        LDV     a0, VA
        CHECK   a0, 0x3333
        TEST 7                                  /* sfence.vma x0, ASID: all of that ASID */
        SATP    1, root1
        LDV     a0, VA
        CHECK   a0, 0x1111
        SETPTE  l0a, 0, p3, V|R|W|A|D
        li      t1, 1
        sfence.vma zero, t1
        LDV     a0, VA
        CHECK   a0, 0x3333
        TEST 8                                  /* a global entry under ASID 1 ... */
        SETPTE  l0a, 2, p1, V|R|W|G|A|D
        LDV     a0, VA + 0x2000
        CHECK   a0, 0x1111
        SETPTE  l0a, 2, p2, V|R|W|G|A|D
        li      t1, 1
        sfence.vma zero, t1                     /* ... may survive sfence.vma x0, ASID */
        LDV     a0, VA + 0x2000
        li      t0, 0x1111
        beq     a0, t0, 3f
        CHECK   a0, 0x2222
        PUTS    note_global_flushed
        j       4f
3:      PUTS    note_global_kept
4:      TEST 9                                  /* ... but not sfence.vma VA, x0 */
        li      t0, VA + 0x2000
        sfence.vma t0, zero
        LDV     a0, VA + 0x2000
        CHECK   a0, 0x2222
        TEST 10                                 /* satp.ASID is 16 bits wide */
        li      t0, SATP_SV39 | (0xffff << 44)
        la      t1, root1
        srli    t1, t1, 12
        or      t0, t0, t1
        csrw    satp, t0
        csrr    t1, satp
        bne     t0, t1, fail
        csrw    satp, zero
        sfence.vma
        PASS

        .data
note_kept:   .asciz "note: an entry of ASID 1 survived a switch to ASID 2 and back\n"
note_flushed: .asciz "note: switching ASID flushed the TLB\n"
note_global_kept: .asciz "note: a global entry survived sfence.vma x0, ASID\n"
note_global_flushed: .asciz "note: sfence.vma x0, ASID flushed a global entry\n"
        .align 12
root1:  .skip 4096
l1a:    .skip 4096
l0a:    .skip 4096
root2:  .skip 4096
l1b:    .skip 4096
l0b:    .skip 4096
p1:     .skip 4096
p2:     .skip 4096
p3:     .skip 4096
