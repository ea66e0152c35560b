/*
 * hal_irqchip.c - external interrupts: the PLIC (one or two NUMA nodes on
 * QEMU virt, and the SoC) or the APLIC in direct mode (QEMU virt,aia=aplic,
 * any node count), chosen from the device tree.  Today the one device
 * interrupt is the console UART's receive.
 *
 * The UART is wired to one controller; its receive interrupt goes to the
 * lowest-numbered hart that controller can deliver to in S-mode.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_irq.h"
#include "hal_core.h"
#include "csr.h"
#include "uart_ns16550.h"

/* PLIC register map (SiFive / QEMU). */
#define PLIC_PRIORITY(src)      (4 * (src))
#define PLIC_ENABLE(ctx, src)   (0x2000 + 0x80 * (ctx) + 4 * ((src) / 32))
#define PLIC_THRESHOLD(ctx)     (0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)         (0x200004 + 0x1000 * (ctx))

/* APLIC register map (RISC-V AIA, direct delivery mode). */
#define APLIC_DOMAINCFG         0x0000
#define APLIC_DOMAINCFG_IE      (1u << 8)
#define APLIC_SOURCECFG(src)    (0x0004 + 4 * ((src) - 1))
#define APLIC_SM_LEVEL_HIGH     6
#define APLIC_SETIENUM          0x1edc
#define APLIC_TARGET(src)       (0x3004 + 4 * ((src) - 1))
#define APLIC_IDC(i)            (0x4000 + 32 * (i))
#define APLIC_IDC_IDELIVERY     0x00
#define APLIC_IDC_ITHRESHOLD    0x08
#define APLIC_IDC_CLAIMI        0x1c

static int32_t rx_context = -1;        /* this hart's context, once routed */

static volatile uint32_t *mmio32(uint64_t pa)
{
    return (volatile uint32_t *)(DEVICE_BASE + pa);
}

static const boot_irqchip_t *uart_chip(void)
{
    if (boot_info.uart_irq == 0 || boot_info.uart_irqchip >= boot_info.irqchips_nr)
        return 0;
    return &boot_info.irqchip[boot_info.uart_irqchip];
}

/* The hart that takes the console's receive interrupt, or -1. */
static int rx_hart(const boot_irqchip_t *ic)
{
    for (int h = 0; h < CONFIG_MAX_HARTS; h++)
        if (ic->s_context[h] >= 0 && boot_info_find_hart(&boot_info, (uint32_t)h, 0) >= 0)
            return h;
    return -1;
}

void hal_console_irq_enable(void)
{
    const boot_irqchip_t *ic = uart_chip();
    gid_t gid = hal_core_self()->gid;
    if (ic == 0 || rx_hart(ic) != (int)gid)
        return;
    uint32_t src = boot_info.uart_irq;
    int32_t ctx = ic->s_context[gid];
    if (ic->type == IRQCHIP_PLIC) {
        *mmio32(ic->base + PLIC_PRIORITY(src)) = 1;
        *mmio32(ic->base + PLIC_THRESHOLD(ctx)) = 0;
        *mmio32(ic->base + PLIC_ENABLE(ctx, src)) |= 1u << (src % 32);
    } else {
        *mmio32(ic->base + APLIC_DOMAINCFG) = APLIC_DOMAINCFG_IE;
        *mmio32(ic->base + APLIC_SOURCECFG(src)) = APLIC_SM_LEVEL_HIGH;
        *mmio32(ic->base + APLIC_TARGET(src)) = ((uint32_t)ctx << 18) | 1;
        *mmio32(ic->base + APLIC_IDC(ctx) + APLIC_IDC_ITHRESHOLD) = 0;
        *mmio32(ic->base + APLIC_IDC(ctx) + APLIC_IDC_IDELIVERY) = 1;
        *mmio32(ic->base + APLIC_SETIENUM) = src;
    }
    rx_context = ctx;
}

static void uart_drain(void)
{
    int c;
    while ((c = uart_getc()) >= 0)
        console_rx_char((char)c);
}

void hal_irq_external(void)
{
    const boot_irqchip_t *ic = uart_chip();
    hal_core_self()->irq_count++;
    if (ic == 0 || rx_context < 0)
        return;
    if (ic->type == IRQCHIP_PLIC) {
        uint32_t src;
        while ((src = *mmio32(ic->base + PLIC_CLAIM(rx_context))) != 0) {
            if (src == boot_info.uart_irq)
                uart_drain();
            *mmio32(ic->base + PLIC_CLAIM(rx_context)) = src;
        }
    } else {
        uint32_t claim;
        while ((claim = *mmio32(ic->base + APLIC_IDC(rx_context) + APLIC_IDC_CLAIMI)) != 0)
            if ((claim >> 16) == boot_info.uart_irq)
                uart_drain();
    }
}
