/*
 * uart_ns16550.h - ns16550a UART: polled transmit, interrupt-driven receive.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef UART_NS16550_H
#define UART_NS16550_H

#include <stdint.h>

/* Prepares the UART at virtual address <regs> (registers 1 << <shift>
 * bytes apart): 8N1, FIFOs on, receive interrupt enabled. */
void uart_init(uintptr_t regs, uint32_t shift);
void uart_putc(char c);
/* Next received byte, or -1 when the receive FIFO is empty. */
int  uart_getc(void);
/* True once uart_init() has run. */
int  uart_ready(void);

#endif
