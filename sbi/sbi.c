/*
 * sbi.c - ecall wrappers of the SBI client (see sbi.h).
 *
 * Calling convention of the SBI specification: a7 = extension id, a6 =
 * function id, a0..a5 = arguments; OpenSBI returns a0 = error, a1 = value.
 * Legacy extensions (console) return their value in a0.  Nothing here
 * touches global data, so it runs before and after the MMU is on.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "sbi.h"

static sbi_ret_t sbi_ecall(long ext, long fid, unsigned long arg0,
                           unsigned long arg1, unsigned long arg2,
                           unsigned long arg3)
{
    register unsigned long a0 asm("a0") = arg0;
    register unsigned long a1 asm("a1") = arg1;
    register unsigned long a2 asm("a2") = arg2;
    register unsigned long a3 asm("a3") = arg3;
    register unsigned long a6 asm("a6") = (unsigned long)fid;
    register unsigned long a7 asm("a7") = (unsigned long)ext;
    asm volatile("ecall"
                 : "+r"(a0), "+r"(a1)
                 : "r"(a2), "r"(a3), "r"(a6), "r"(a7)
                 : "memory");
    sbi_ret_t ret = { (long)a0, (long)a1 };
    return ret;
}

long sbi_get_spec_version(void)  { return sbi_ecall(SBI_EXT_BASE, 0, 0, 0, 0, 0).value; }
long sbi_get_impl_id(void)       { return sbi_ecall(SBI_EXT_BASE, 1, 0, 0, 0, 0).value; }
long sbi_get_impl_version(void)  { return sbi_ecall(SBI_EXT_BASE, 2, 0, 0, 0, 0).value; }

long sbi_probe_extension(long ext_id)
{
    return sbi_ecall(SBI_EXT_BASE, 3, (unsigned long)ext_id, 0, 0, 0).value;
}

const char *sbi_impl_name(long impl_id)
{
    /* A switch, not a table: a table of pointers would hold link-time
     * addresses, unusable before the MMU is on. */
    switch (impl_id) {
    case 0:  return "Berkeley Boot Loader";
    case 1:  return "OpenSBI";
    case 2:  return "Xvisor";
    case 3:  return "KVM";
    case 4:  return "RustSBI";
    case 5:  return "Diosix";
    default: return "unknown";
    }
}

void sbi_console_putchar(int ch)
{
    sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned long)ch, 0, 0, 0);
}

int sbi_console_getchar(void)
{
    return (int)sbi_ecall(SBI_EXT_LEGACY_GETCHAR, 0, 0, 0, 0, 0).error;
}

sbi_ret_t sbi_set_timer(uint64_t stime_value)
{
    return sbi_ecall(SBI_EXT_TIME, 0, stime_value, 0, 0, 0);
}

sbi_ret_t sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
    return sbi_ecall(SBI_EXT_IPI, 0, hart_mask, hart_mask_base, 0, 0);
}

sbi_ret_t sbi_remote_fence_i(unsigned long hart_mask, unsigned long base)
{
    return sbi_ecall(SBI_EXT_RFENCE, 0, hart_mask, base, 0, 0);
}

sbi_ret_t sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long base,
                                unsigned long start, unsigned long size)
{
    return sbi_ecall(SBI_EXT_RFENCE, 1, hart_mask, base, start, size);
}

sbi_ret_t sbi_hart_start(unsigned long hartid, unsigned long start_addr,
                         unsigned long opaque)
{
    return sbi_ecall(SBI_EXT_HSM, 0, hartid, start_addr, opaque, 0);
}

sbi_ret_t sbi_hart_stop(void)
{
    return sbi_ecall(SBI_EXT_HSM, 1, 0, 0, 0, 0);
}

sbi_ret_t sbi_hart_get_status(unsigned long hartid)
{
    return sbi_ecall(SBI_EXT_HSM, 2, hartid, 0, 0, 0);
}

sbi_ret_t sbi_system_reset(uint32_t type, uint32_t reason)
{
    return sbi_ecall(SBI_EXT_SRST, 0, type, reason, 0, 0);
}

const char *sbi_strerror(long error)
{
    switch (error) {
    case SBI_SUCCESS:               return "success";
    case SBI_ERR_FAILED:            return "failed";
    case SBI_ERR_NOT_SUPPORTED:     return "not supported";
    case SBI_ERR_INVALID_PARAM:     return "invalid parameter";
    case SBI_ERR_DENIED:            return "denied";
    case SBI_ERR_INVALID_ADDRESS:   return "invalid address";
    case SBI_ERR_ALREADY_AVAILABLE: return "already available";
    case SBI_ERR_ALREADY_STARTED:   return "already started";
    case SBI_ERR_ALREADY_STOPPED:   return "already stopped";
    default:                        return "unknown SBI error";
    }
}
