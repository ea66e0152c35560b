/* dev.c -- the physical bus and the devices of the fpga-soc / QEMU virt map:
 * RAM, boot ROM, sifive,test1 finisher, CLINT, ACLINT SSWI, PLIC, ns16550a
 * UART. */
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include "iss.h"

/* ---------------- helpers ---------------- */
static u64 rd_le(const u8 *p, int size)
{
    u64 v = 0;
    memcpy(&v, p, (size_t)size);   /* host is little-endian */
    return v;
}
static void wr_le(u8 *p, int size, u64 v) { memcpy(p, &v, (size_t)size); }


/* ---------------- CLINT ---------------- */
static void timer_update(void)
{
    for (int i = 0; i < M.nharts; i++) {
        struct hart *h = &M.h[i];
        h->mip_hw = (h->mip_hw & ~(MIP_MTIP | MIP_MSIP)) | (M.mtime >= M.mtimecmp[i] ? MIP_MTIP : 0) |
                    ((M.msip[i] & 1) ? MIP_MSIP : 0);
    }
}

/* CLINT: msip[h] (32-bit) at 4h, mtimecmp[h] (64-bit) at 0x4000 + 8h,
 * mtime (64-bit, read-only here: it follows the scheduler) at 0xbff8.
 * Registers of absent harts read as zero and ignore writes. */
static int clint_access(u64 off, int size, u64 *val, int store)
{
    u8 *reg;
    u64 base, width;
    int hart;

    if (off < 0x4000) {
        hart = (int)(off / 4);
        base = (u64)hart * 4;
        width = 4;
        reg = hart < M.nharts ? (u8 *)&M.msip[hart] : NULL;
    } else if (off < 0xBFF8) {
        hart = (int)((off - 0x4000) / 8);
        base = 0x4000 + (u64)hart * 8;
        width = 8;
        reg = hart < M.nharts ? (u8 *)&M.mtimecmp[hart] : NULL;
    } else if (off < 0xC000) {
        base = 0xBFF8;
        width = 8;
        reg = (u8 *)&M.mtime;
    } else
        return -1;
    if (off - base + (u64)size > width) return -1;      /* straddles two registers */
    if (!reg) { if (!store) *val = 0; return 0; }
    if (!store) { *val = rd_le(reg + (off - base), size); return 0; }
    if (base == 0xBFF8) return 0;
    wr_le(reg + (off - base), size, *val);
    if (off < 0x4000) M.msip[hart] &= 1;
    timer_update();
    return 0;
}

/* ACLINT SSWI (riscv,aclint-sswi, as QEMU virt's with aclint=on): one
 * 32-bit SETSSIP register per hart at 4h.  Writing 1 in bit 0 sets hart
 * h's mip.SSIP, the bit S-mode clears itself through sip; writing 0 does
 * nothing; reads return 0.  Other widths are access faults (QEMU takes
 * 4-byte accesses only); registers of absent harts read 0, ignore writes. */
static int sswi_access(u64 off, int size, u64 *val, int store)
{
    if (size != 4 || (off & 3)) return -1;
    if (!store) { *val = 0; return 0; }
    u64 hart = off / 4;
    /* Under co-simulation the RTL owns the timing of SSIP, as it owns every
     * device-driven bit: the model steps the storing hart's record after the
     * RTL's device has already set the target's SSIP, possibly after the
     * target cleared it again.  The model learns SSIP from the RTL's mip/sip
     * reads and interrupt records instead (cosim.c). */
    if (M.cosim) return 0;
    if (hart < (u64)M.nharts && (*val & 1)) M.h[hart].mip_sw |= MIP_SSIP;
    return 0;
}

/* Called by the scheduler whenever mtime moves. */
void dev_tick(void) { timer_update(); }

/* ---------------- UART (ns16550a, reg-shift 0) ---------------- */
static int rx_avail(void) { return M.rx_head != M.rx_tail; }
static int uart_line(void) { return ((M.uart_ier & 1) && rx_avail()) || ((M.uart_ier & 2) && M.uart_thre_ip); }
static int out_dirty;

/* Transmit: to stdout, and watch for M.watch_uart in the output. */
static void uart_tx(u8 v)
{
    static char tail[256];
    static size_t n;
    if (!M.cosim) {                  /* co-simulation: the RTL's UART is the real one */
        putchar(v);
        out_dirty = 1;
        if (v == '\n') { fflush(stdout); out_dirty = 0; }
    }
    if (!M.watch_uart || M.watch_uart_hit) return;
    size_t len = strlen(M.watch_uart);
    if (n == sizeof tail) { memmove(tail, tail + 1, sizeof tail - 1); n--; }
    tail[n++] = (char)v;
    if (len <= n && !memcmp(tail + n - len, M.watch_uart, len)) {
        M.watch_uart_hit = 1;
        fflush(stdout);
        fprintf(stderr, "\niss: UART printed \"%s\" after %llu instructions (all harts)\n", M.watch_uart,
                (unsigned long long)M.total_insns);
        if (M.watch_uart_exit) { M.exit_requested = 1; M.exit_code = 0; }
    }
}

/* ---------------- PLIC ---------------- */
#define PLIC_PRIO_MASK 7u       /* priority / threshold bits: platform/fpga-soc/README.md */
static int plic_best(int ctx)
{
    int best = 0;
    u32 bp = M.plic_threshold[ctx];
    for (int s = 1; s < PLIC_NSRC; s++) {
        if (!((M.plic_pending[s / 32] >> (s % 32)) & 1)) continue;
        if (!((M.plic_enable[ctx][s / 32] >> (s % 32)) & 1)) continue;
        if (M.plic_prio[s] > bp) { bp = M.plic_prio[s]; best = s; }
    }
    return best;
}

static void plic_update(void)
{
    u32 bit = 1u << UART_IRQ;
    if (uart_line() && !(M.plic_claimed[0] & bit)) M.plic_pending[0] |= bit;
    else M.plic_pending[0] &= ~bit;
    for (int i = 0; i < M.nharts; i++) {
        struct hart *h = &M.h[i];
        h->mip_hw = (h->mip_hw & ~(MIP_MEIP | MIP_SEIP)) | (plic_best(2 * i) ? MIP_MEIP : 0) |
                    (plic_best(2 * i + 1) ? MIP_SEIP : 0);
    }
}

static int plic_access(u64 off, int size, u64 *val, int store)
{
    u32 *reg = NULL, v = (u32)*val;
    if (size != 4) return -1;
    if (off < 0x1000) { if (off / 4 < PLIC_NSRC) reg = &M.plic_prio[off / 4]; }
    else if (off < 0x2000) {
        if ((off - 0x1000) / 4 < (PLIC_NSRC + 31) / 32) { if (!store) *val = M.plic_pending[(off - 0x1000) / 4]; return 0; }
    } else if (off < 0x200000) {
        u64 ctx = (off - 0x2000) / 0x80, w = (off - 0x2000) % 0x80 / 4;
        if (ctx < 2 * (u64)M.nharts && w < (PLIC_NSRC + 31) / 32) reg = &M.plic_enable[ctx][w];
    } else {
        u64 ctx = (off - 0x200000) / 0x1000, r = (off - 0x200000) % 0x1000;
        if (ctx < 2 * (u64)M.nharts) {
            if (r == 0) reg = &M.plic_threshold[ctx];
            else if (r == 4) {                  /* claim / complete */
                if (store) {
                    if (v < PLIC_NSRC) M.plic_claimed[v / 32] &= ~(1u << (v % 32));
                } else {
                    int s = plic_best((int)ctx);
                    if (s) { M.plic_pending[s / 32] &= ~(1u << (s % 32)); M.plic_claimed[s / 32] |= 1u << (s % 32); }
                    *val = (u64)s;
                }
                plic_update();
                return 0;
            }
        }
    }
    if (!reg) { if (!store) *val = 0; return 0; }
    if (store) {
        /* priorities and thresholds are 3 bits (WARL, as the RTL's plic.v) */
        if (off < 0x1000 || off >= 0x200000) v &= PLIC_PRIO_MASK;
        *reg = v;
        plic_update();
    } else *val = *reg;
    return 0;
}

/* ---------------- UART registers ---------------- */
static int uart_access(u64 off, int size, u64 *val, int store)
{
    int dlab = M.uart_lcr & 0x80;
    u8 v = (u8)*val;
    if (size != 1) return -1;
    if (off >= 8) { if (!store) *val = 0; return 0; }
    if (store) {
        switch (off) {
        case 0:
            if (dlab) M.uart_dll = v;
            else { uart_tx(v); M.uart_thre_ip = 1; }
            break;
        case 1:
            if (dlab) M.uart_dlm = v;
            else { if ((v & 2) && !(M.uart_ier & 2)) M.uart_thre_ip = 1; M.uart_ier = v & 0x0f; }
            break;
        case 2: M.uart_fcr = v; if (v & 2) M.rx_head = M.rx_tail = 0; break;
        case 3: M.uart_lcr = v; break;
        case 4: M.uart_mcr = v; break;
        case 7: M.uart_scr = v; break;
        }
    } else {
        u64 r = 0;
        switch (off) {
        case 0:
            if (dlab) r = M.uart_dll;
            else if (rx_avail()) { r = M.rx_buf[M.rx_tail]; M.rx_tail = (M.rx_tail + 1) % (int)sizeof M.rx_buf; }
            break;
        case 1: r = dlab ? M.uart_dlm : M.uart_ier; break;
        case 2:
            if ((M.uart_ier & 1) && rx_avail()) r = 0x04;
            else if ((M.uart_ier & 2) && M.uart_thre_ip) { r = 0x02; M.uart_thre_ip = 0; }
            else r = 0x01;
            if (M.uart_fcr & 1) r |= 0xc0;
            break;
        case 3: r = M.uart_lcr; break;
        case 4: r = M.uart_mcr; break;
        case 5: r = 0x60 | (rx_avail() ? 1 : 0); break;
        case 6: r = 0xb0; break;
        case 7: r = M.uart_scr; break;
        }
        *val = r;
    }
    plic_update();
    return 0;
}

/* Non-blocking read of stdin into the RX FIFO; flush pending output. */
void uart_poll_input(void)
{
    static int eof;
    if (out_dirty) { fflush(stdout); out_dirty = 0; }
    if (eof) return;
    struct pollfd p = { .fd = 0, .events = POLLIN };
    int changed = 0;
    while ((M.rx_head + 1) % (int)sizeof M.rx_buf != M.rx_tail && poll(&p, 1, 0) == 1) {
        u8 c;
        ssize_t n = read(0, &c, 1);
        if (n <= 0) { eof = 1; break; }
        M.rx_buf[M.rx_head] = c;
        M.rx_head = (M.rx_head + 1) % (int)sizeof M.rx_buf;
        changed = 1;
    }
    if (changed) plic_update();
}

/* ---------------- the bus ---------------- */
static int bus_access(u64 pa, int size, u64 *val, int store)
{
    u8 *p = ram_ptr(pa, size);
    if (p) {
        if (store) wr_le(p, size, *val);
        else *val = rd_le(p, size);
        return 0;
    }
    if (pa >= ROM_BASE && pa + (u64)size <= ROM_BASE + ROM_SIZE) {
        if (store) return -1;
        *val = rd_le(M.rom + (pa - ROM_BASE), size);
        return 0;
    }
    if (pa >= TEST_BASE && pa < TEST_BASE + TEST_SIZE) {
        if (!store) { *val = 0; return 0; }
        if (pa != TEST_BASE || size < 2) return 0;   /* OpenSBI writes 16 bits */
        u32 v = (u32)*val;
        switch (v & 0xffff) {
        case 0x5555: M.exit_requested = 1; M.exit_code = 0; break;
        case 0x3333: M.exit_requested = 1; M.exit_code = (int)(v >> 16); break;
        case 0x7777: M.reset_requested = 1; break;
        }
        return 0;
    }
    if (pa >= CLINT_BASE && pa < CLINT_BASE + CLINT_SIZE) return clint_access(pa - CLINT_BASE, size, val, store);
    if (pa >= SSWI_BASE && pa < SSWI_BASE + SSWI_SIZE) return sswi_access(pa - SSWI_BASE, size, val, store);
    if (pa >= PLIC_BASE && pa < PLIC_BASE + PLIC_SIZE) return plic_access(pa - PLIC_BASE, size, val, store);
    if (pa >= UART_BASE && pa < UART_BASE + UART_SIZE) return uart_access(pa - UART_BASE, size, val, store);
    return -1;
}

int bus_load(u64 pa, int size, u64 *val) { return bus_access(pa, size, val, 0); }
int bus_store(u64 pa, int size, u64 val) { return bus_access(pa, size, &val, 1); }

void dev_reset(void)
{
    memset(M.mtimecmp, 0xff, sizeof M.mtimecmp);
    memset(M.msip, 0, sizeof M.msip);
    memset(M.plic_prio, 0, sizeof M.plic_prio);
    memset(M.plic_pending, 0, sizeof M.plic_pending);
    memset(M.plic_claimed, 0, sizeof M.plic_claimed);
    memset(M.plic_enable, 0, sizeof M.plic_enable);
    memset(M.plic_threshold, 0, sizeof M.plic_threshold);
    M.uart_ier = M.uart_lcr = M.uart_mcr = M.uart_scr = M.uart_fcr = M.uart_thre_ip = 0;
    M.mtime = 0;
    timer_update();
    plic_update();
}
