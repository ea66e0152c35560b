/*
 * sbi.h - client of the RISC-V Supervisor Binary Interface (SBI v0.2+).
 *
 * The kernel runs in S-mode above OpenSBI and asks it, through ecall, for
 * what only M-mode can do: the timer, inter-processor interrupts, remote
 * fences, starting and stopping harts, and system reset.  Every call returns
 * an sbi_ret_t {error, value}; error is one of the SBI_ERR_* codes below.
 * sbi.c is position independent and safe before the MMU is on.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef SBI_H
#define SBI_H

#include <stdint.h>

/* Standard SBI error codes (SBI specification, chapter 3). */
#define SBI_SUCCESS                 0
#define SBI_ERR_FAILED             -1
#define SBI_ERR_NOT_SUPPORTED      -2
#define SBI_ERR_INVALID_PARAM      -3
#define SBI_ERR_DENIED             -4
#define SBI_ERR_INVALID_ADDRESS    -5
#define SBI_ERR_ALREADY_AVAILABLE  -6
#define SBI_ERR_ALREADY_STARTED    -7
#define SBI_ERR_ALREADY_STOPPED    -8

/* Extension identifiers. */
#define SBI_EXT_LEGACY_PUTCHAR  0x01
#define SBI_EXT_LEGACY_GETCHAR  0x02
#define SBI_EXT_BASE            0x10
#define SBI_EXT_TIME            0x54494D45   /* "TIME" */
#define SBI_EXT_IPI             0x735049     /* "sPI"  */
#define SBI_EXT_RFENCE          0x52464E43   /* "RFNC" */
#define SBI_EXT_HSM             0x48534D     /* "HSM"  */
#define SBI_EXT_SRST            0x53525354   /* "SRST" */

/* HSM hart states. */
#define SBI_HSM_STARTED          0
#define SBI_HSM_STOPPED          1
#define SBI_HSM_START_PENDING    2
#define SBI_HSM_STOP_PENDING     3

/* SRST reset types and reasons. */
#define SBI_SRST_SHUTDOWN        0
#define SBI_SRST_COLD_REBOOT     1
#define SBI_SRST_WARM_REBOOT     2
#define SBI_SRST_REASON_NONE     0
#define SBI_SRST_REASON_FAILURE  1

typedef struct sbi_ret_s {
    long error;
    long value;
} sbi_ret_t;

/* Base extension. */
long      sbi_get_spec_version(void);        /* major << 24 | minor */
long      sbi_get_impl_id(void);             /* 1 = OpenSBI */
long      sbi_get_impl_version(void);        /* OpenSBI: major << 16 | minor */
long      sbi_probe_extension(long ext_id);  /* non-zero when available */
const char *sbi_impl_name(long impl_id);

/* Legacy console: one byte out, one byte in (-1 when none). */
void      sbi_console_putchar(int ch);
int       sbi_console_getchar(void);

/* TIME: next timer interrupt when the `time` CSR reaches <stime_value>. */
sbi_ret_t sbi_set_timer(uint64_t stime_value);

/* IPI: a supervisor software interrupt to the harts hart_mask_base + i for
 * every bit i of <hart_mask>. */
sbi_ret_t sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);

/* RFENCE: remote fence.i / sfence.vma on a set of harts. */
sbi_ret_t sbi_remote_fence_i(unsigned long hart_mask, unsigned long base);
sbi_ret_t sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long base,
                                unsigned long start, unsigned long size);

/* HSM: start <hartid> in S-mode at physical <start_addr>, with a0 = hartid
 * and a1 = <opaque>; stop the calling hart; query a hart's state. */
sbi_ret_t sbi_hart_start(unsigned long hartid, unsigned long start_addr,
                         unsigned long opaque);
sbi_ret_t sbi_hart_stop(void);
sbi_ret_t sbi_hart_get_status(unsigned long hartid);

/* SRST: reset the system; returns only on failure. */
sbi_ret_t sbi_system_reset(uint32_t type, uint32_t reason);

/* A short text for an SBI error code. */
const char *sbi_strerror(long error);

#endif
