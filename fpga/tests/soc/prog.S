/* prog.S -- the whole-SoC test program (tb_soc.cpp), assembled per
 * configuration with -DCLUSTERS -DHPC -DMEM.  The ROM part (0x1000) jumps to
 * RAM (0x80000000); every hart then, K times, adds 1 to A (amoadd.w, bank 0)
 * and to B (lr.w/sc.w loop, last bank), and bumps `done`.  Hart 0 waits for
 * all, checks A and B, runs 32 back-to-back `ld` from its own bank and from
 * the last bank (the bench times their retirements), takes a CLINT timer interrupt (wfi),
 * compares `time` with the CLINT's mtime, prints "ok\n" on the UART and
 * passes through the finisher.  A failed check writes the finisher's fail
 * code (0x3333 | code << 16).  Results for the bench at RES (bank 0). */
#define NH      (CLUSTERS * HPC)
#define K       20
#define A_ADDR  (0x80000000 + 0x8000)
#define DONE    (0x80000000 + 0x8040)
#define FLAG    (0x80000000 + 0x8080)
#define RES     (0x80000000 + 0x8100)
#define B_ADDR  (0x80000000 + (CLUSTERS - 1) * MEM + 0x8200)
#define CLINT   0x2000000
#define UART    0x10000000
#define TEST    0x100000

    .section .rom, "ax"
    .globl rom
rom:
    li t0, 1
    slli t0, t0, 31
    jr t0

    .text
    .globl _start
_start:
    csrr s0, mhartid
    la t0, trap
    csrw mtvec, t0
    li s1, NH
    li a0, A_ADDR
    li a1, B_ADDR
    li s2, K
1:  li t0, 1
    amoadd.w zero, t0, (a0)
2:  lr.w t1, (a1)
    addi t1, t1, 1
    sc.w t2, t1, (a1)
    bnez t2, 2b
    addi s2, s2, -1
    bnez s2, 1b
    li a2, DONE
    li t0, 1
    amoadd.w zero, t0, (a2)
    bnez s0, park

3:  lw t0, (a2)                 /* hart 0: wait for every hart */
    bne t0, s1, 3b
    li t3, NH * K
    lw t0, (a0)
    li a7, 2
    bne t0, t3, fail
    lw t0, (a1)
    li a7, 3
    bne t0, t3, fail

    li s3, RES                  /* cycles for 32 loads, own bank then last bank */
    rdcycle t0
    .rept 32
    ld t1, 0(a0)
    .endr
    rdcycle t1
    sub t1, t1, t0
    sd t1, 0(s3)
    rdcycle t0
    .rept 32
    ld t1, 0(a1)
    .endr
    rdcycle t1
    sub t1, t1, t0
    sd t1, 8(s3)
    rdcycle t0                  /* the same loop with no load: the overhead */
    .rept 32
    addi t1, t1, 0
    .endr
    rdcycle t1
    sub t1, t1, t0
    sd t1, 24(s3)

    li t0, CLINT + 0xbff8       /* timer interrupt in 50 ticks */
    ld t1, (t0)
    addi t1, t1, 50
    li t2, CLINT + 0x4000
    sd t1, (t2)
    li t0, 0x80
    csrs mie, t0
    csrsi mstatus, 8
4:  wfi
    li t0, FLAG
    lw t0, (t0)
    beqz t0, 4b
    csrci mstatus, 8

    rdtime t0                   /* time CSR vs the CLINT's mtime */
    li t1, CLINT + 0xbff8
    ld t1, (t1)
    sub t1, t1, t0
    sd t1, 16(s3)
    li a7, 4
    bltz t1, fail
    li t0, 100
    bge t1, t0, fail

    li t0, UART
    li t1, 'o'
    sb t1, 0(t0)
    li t1, 'k'
    sb t1, 0(t0)
    li t1, '\n'
    sb t1, 0(t0)
5:  lbu t1, 5(t0)               /* until the UART's TX FIFO is empty */
    andi t1, t1, 0x40
    beqz t1, 5b
    li t0, TEST
    li t1, 0x5555
    sw t1, 0(t0)
park:
    wfi
    j park

fail:
    li t0, TEST
    slli a7, a7, 16
    li t1, 0x3333
    or t1, t1, a7
    sw t1, 0(t0)
    j park

    .align 2
trap:                           /* the timer: flag = 1, mtimecmp = max */
    li t5, FLAG
    li t6, 1
    sw t6, (t5)
    li t5, CLINT + 0x4000
    li t6, -1
    sd t6, (t5)
    mret
