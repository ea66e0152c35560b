/*
 * hal_machine.h - machine-level services: console output, power, panic
 * support.
 *
 * The contract every HAL fulfils.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_MACHINE_H
#define HAL_MACHINE_H

#include "hal_kernel_types.h"

/* Brings up the console device (polled output); before it, and when the
 * machine has none, output goes through the firmware. */
void hal_console_init(void);
/* Writes <len> bytes, polling; no locking (console_write() locks). */
void hal_console_write(const char *buf, size_t len);

/* Powers the machine off with exit <status> (0 = success): the test
 * finisher when there is one, else the firmware.  Never returns. */
void hal_poweroff(int status) __attribute__((noreturn));
/* Resets the machine.  Never returns. */
void hal_reboot(void) __attribute__((noreturn));
/* Stops the calling core for good, interrupts masked. */
void hal_core_halt(void) __attribute__((noreturn));

/* Prints the call chain of the caller (frame pointers), one line per
 * frame, through printk. */
void hal_backtrace(void);

/* Called now and then by every hart gathering at boot: a hart the
 * firmware should have started but that is stopped there again is started
 * again (by the boot hart alone).  Seen about once in 200 boots under
 * MTTCG: OpenSBI 1.1 sets START_PENDING before it writes the start address
 * of the hart, which may leave on the previous one, the kernel's first
 * entry; the kernel stops such a second entrant, and the hart is back in
 * the firmware, stopped. */
void hal_boot_restart_lost_harts(void);

/* The stack core <lid> booted on (it becomes its idle thread's). */
void *hal_boot_stack(lid_t lid, size_t *size);

/* What the firmware is: name and version, for the boot log. */
void hal_firmware_describe(char *buf, size_t len);

#endif
