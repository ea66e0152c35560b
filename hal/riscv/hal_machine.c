/*
 * hal_machine.c - console output, power off, core halt, backtraces, and
 * the C entry of every core after the MMU is on.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_machine.h"
#include "hal_core.h"
#include "hal_special.h"
#include "csr.h"
#include "sbi.h"
#include "uart_ns16550.h"
#include "printk.h"
#include "ksyms.h"

#define FINISHER_PASS   0x5555
#define FINISHER_FAIL   0x3333
#define FINISHER_RESET  0x7777

hal_core_t hal_cores[CONFIG_MAX_LOCAL_CORES];

void kernel_init(const boot_info_t *info, lid_t lid);

/* One flag per local core of this copy: set by the first hart that
 * enters as that core. */
static uint32_t core_entered[CONFIG_MAX_LOCAL_CORES];

static void sbi_puts(const char *s)
{
    while (*s)
        sbi_console_putchar(*s++);
}

/* First C function of every core in the LOCAL window (from boot.S).
 * A core enters once: a second entry as the same core (a hart started
 * twice, or a stale start address in the firmware) would initialise the
 * cluster or the core again under the feet of the one running, so that
 * hart is stopped instead, with a line saying so. */
void hal_kernel_entry(uint64_t hartid, uint64_t lid)
{
    if (lid >= CONFIG_MAX_LOCAL_CORES ||
        __atomic_exchange_n(&core_entered[lid], 1, __ATOMIC_ACQ_REL) != 0) {
        char line[96];
        snprintf(line, sizeof(line), "almos-rv: hart %lu entered the kernel of cluster %u "
                 "as core %lu again: stopped\n", (unsigned long)hartid, (unsigned)local_cxy,
                 (unsigned long)lid);
        sbi_puts(line);
        sbi_hart_stop();
        for (;;)
            asm volatile("wfi");
    }
    hal_core_t *core = &hal_cores[lid];
    core->gid = (uint32_t)hartid;
    core->lid = (uint32_t)lid;
    core->current = 0;
    asm volatile("mv tp, %0" :: "r"(core));
    kernel_init(&boot_info, (lid_t)lid);
}

void hal_console_init(void)
{
    if (boot_info.uart.size)
        uart_init(DEVICE_BASE + boot_info.uart.base, boot_info.uart_reg_shift);
}

void hal_console_write(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (uart_ready()) {
            if (buf[i] == '\n')
                uart_putc('\r');
            uart_putc(buf[i]);
        } else {
            sbi_console_putchar(buf[i]);
        }
    }
}

static void finisher_write(uint32_t value)
{
    if (boot_info.finisher.size)
        *(volatile uint32_t *)(DEVICE_BASE + boot_info.finisher.base) = value;
}

void hal_poweroff(int status)
{
    finisher_write(status ? ((uint32_t)(status & 0xffff) << 16) | FINISHER_FAIL
                          : FINISHER_PASS);
    sbi_system_reset(SBI_SRST_SHUTDOWN,
                     status ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);
    hal_core_halt();
}

void hal_reboot(void)
{
    finisher_write(FINISHER_RESET);
    sbi_system_reset(SBI_SRST_COLD_REBOOT, SBI_SRST_REASON_NONE);
    hal_core_halt();
}

void hal_core_halt(void)
{
    csr_clear(sstatus, SSTATUS_SIE);
    csr_write(sie, 0);
    for (;;)
        asm volatile("wfi");
}

/* Frame records (GCC, -fno-omit-frame-pointer): fp - 8 holds the return
 * address, fp - 16 the caller's fp.  Only addresses inside the kernel's
 * windows are followed. */
static int kernel_address(uint64_t a)
{
    return a >= LOCAL_BASE && a < DEVICE_BASE && (a & 7) == 0;
}

/* One backtrace line: the address, and function+offset when known.  A
 * return address is named by the byte before it: a call to a function
 * that does not return can be the last instruction of its function, and
 * its return address then is the first of the next one. */
static void backtrace_line(uint64_t pc, bool return_address)
{
    uint64_t off;
    const char *fn = ksyms_lookup(return_address ? pc - 1 : pc, &off);
    if (fn)
        printk("      0x%lx %s+0x%lx\n", pc, fn, return_address ? off + 1 : off);
    else
        printk("      0x%lx\n", pc);
}

void hal_print_backtrace_from(uint64_t fp, uint64_t pc)
{
    printk("    backtrace:\n");
    backtrace_line(pc, false);
    for (int depth = 0; depth < 32 && kernel_address(fp); depth++) {
        uint64_t ra = ((uint64_t *)fp)[-1];
        uint64_t next = ((uint64_t *)fp)[-2];
        if (ra == 0)
            break;
        backtrace_line(ra, true);
        if (next <= fp)
            break;
        fp = next;
    }
}

void hal_backtrace(void)
{
    /* From our caller: its pc is our return address, its frame the one
     * our frame record links to. */
    uint64_t fp;
    asm volatile("mv %0, s0" : "=r"(fp));
    hal_print_backtrace_from(((uint64_t *)fp)[-2], (uint64_t)__builtin_return_address(0));
}

void hal_firmware_describe(char *buf, size_t len)
{
    long impl = sbi_get_impl_id();
    long ver = sbi_get_impl_version();
    long spec = sbi_get_spec_version();
    snprintf(buf, len, "%s %ld.%ld (SBI spec %ld.%ld)", sbi_impl_name(impl),
             ver >> 16, ver & 0xffff, (spec >> 24) & 0x7f, spec & 0xffffff);
}

/* Only the boot hart looks for lost harts: the others gathering at the
 * barrier would each find the same stopped hart at about the same time and
 * start it concurrently. */
void hal_boot_restart_lost_harts(void)
{
    extern char _kernel_start[], _hart_entry[];
    if (hal_get_gid() != boot_info.boot_hartid)
        return;
    uint64_t offset = (uintptr_t)_hart_entry - (uintptr_t)_kernel_start;
    for (uint32_t c = 0; c < boot_info.clusters_nr; c++)
        for (uint32_t l = 0; l < boot_info.cluster[c].harts_nr; l++) {
            uint32_t h = boot_info.cluster[c].hartid[l];
            sbi_ret_t st = sbi_hart_get_status(h);
            if (st.error || st.value != SBI_HSM_STOPPED)
                continue;
            printk("almos-rv: hart %u still stopped in the firmware: started again\n", h);
            sbi_hart_start(h, boot_info.cluster[c].kernel_base + offset, l);
        }
}

void *hal_boot_stack(lid_t lid, size_t *size)
{
    extern uint8_t core_boot_stacks[][CONFIG_KERNEL_STACK_SIZE];
    *size = CONFIG_KERNEL_STACK_SIZE;
    return core_boot_stacks[lid];
}
