/*
 * csr.h - supervisor CSR numbers, bits and accessors.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef CSR_H
#define CSR_H

#define SSTATUS_SIE   (1UL << 1)
#define SSTATUS_SPIE  (1UL << 5)
#define SSTATUS_SPP   (1UL << 8)
#define SSTATUS_SUM   (1UL << 18)
#define SSTATUS_MXR   (1UL << 19)

#define SIE_SSIE      (1UL << 1)
#define SIE_STIE      (1UL << 5)
#define SIE_SEIE      (1UL << 9)
#define SIP_SSIP      (1UL << 1)

#define CAUSE_INTERRUPT   (1UL << 63)
#define IRQ_S_SOFT        1
#define IRQ_S_TIMER       5
#define IRQ_S_EXT         9

#define EXC_INST_MISALIGNED   0
#define EXC_INST_ACCESS       1
#define EXC_ILLEGAL_INST      2
#define EXC_BREAKPOINT        3
#define EXC_LOAD_MISALIGNED   4
#define EXC_LOAD_ACCESS       5
#define EXC_STORE_MISALIGNED  6
#define EXC_STORE_ACCESS      7
#define EXC_ECALL_U           8
#define EXC_ECALL_S           9
#define EXC_INST_PAGE_FAULT   12
#define EXC_LOAD_PAGE_FAULT   13
#define EXC_STORE_PAGE_FAULT  15

#ifndef __ASSEMBLER__
#define csr_read(csr) ({ unsigned long __v; \
    asm volatile("csrr %0, " #csr : "=r"(__v) :: "memory"); __v; })
#define csr_write(csr, val) \
    asm volatile("csrw " #csr ", %0" :: "rK"((unsigned long)(val)) : "memory")
#define csr_set(csr, bits) \
    asm volatile("csrs " #csr ", %0" :: "rK"((unsigned long)(bits)) : "memory")
#define csr_clear(csr, bits) \
    asm volatile("csrc " #csr ", %0" :: "rK"((unsigned long)(bits)) : "memory")
#define csr_read_clear(csr, bits) ({ unsigned long __v; \
    asm volatile("csrrc %0, " #csr ", %1" : "=r"(__v) : "rK"((unsigned long)(bits)) : "memory"); __v; })
#define csr_read_set(csr, bits) ({ unsigned long __v; \
    asm volatile("csrrs %0, " #csr ", %1" : "=r"(__v) : "rK"((unsigned long)(bits)) : "memory"); __v; })
#endif

#endif
