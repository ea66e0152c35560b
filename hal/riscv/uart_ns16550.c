/*
 * uart_ns16550.c - the console UART (ns16550a, as on QEMU virt and the SoC).
 *
 * Transmit polls LSR.THRE; receive is taken from the FIFO in the external
 * interrupt handler (hal_irqchip.c).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "uart_ns16550.h"

#define UART_RBR 0      /* receive buffer (read) */
#define UART_THR 0      /* transmit holding (write) */
#define UART_IER 1      /* interrupt enable */
#define UART_FCR 2      /* FIFO control (write) */
#define UART_LCR 3      /* line control */
#define UART_MCR 4      /* modem control */
#define UART_LSR 5      /* line status */

#define IER_RDA   0x01  /* received data available */
#define FCR_FIFO  0x07  /* enable, clear both */
#define LCR_8N1   0x03
#define MCR_OUT2  0x08  /* gates the interrupt line on PC-style UARTs */
#define LSR_DR    0x01
#define LSR_THRE  0x20

static uintptr_t uart_regs;
static uint32_t  uart_shift;

static inline volatile uint8_t *reg(int r)
{
    return (volatile uint8_t *)(uart_regs + ((uintptr_t)r << uart_shift));
}

void uart_init(uintptr_t regs, uint32_t shift)
{
    uart_regs = regs;
    uart_shift = shift;
    *reg(UART_LCR) = LCR_8N1;
    *reg(UART_FCR) = FCR_FIFO;
    *reg(UART_MCR) = MCR_OUT2;
    *reg(UART_IER) = IER_RDA;
}

int uart_ready(void)
{
    return uart_regs != 0;
}

void uart_putc(char c)
{
    while (!(*reg(UART_LSR) & LSR_THRE))
        ;
    *reg(UART_THR) = (uint8_t)c;
}

int uart_getc(void)
{
    if (!(*reg(UART_LSR) & LSR_DR))
        return -1;
    return *reg(UART_RBR);
}
