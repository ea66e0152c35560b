/*
 * hal_early.c - the boot hart's work before any MMU is on (docs/architecture.md,
 * "Boot").
 *
 * early_boot() runs on the hart OpenSBI started, at the physical address
 * the image was loaded at, in whichever cluster that is.  It reads the
 * device tree into a boot_info_t, lays out every cluster's slice, copies
 * the pristine kernel image into every slice at KERNEL_OFFSET, builds each
 * cluster's Sv39 kernel table (LOCAL, REMOTE, DEVICE windows) in that
 * cluster's own memory, starts every other hart with SBI HSM on its own
 * cluster's copy and finally enters its own cluster's copy.
 *
 * Rules for this file: code runs at physical addresses, so no absolute
 * address may be taken from data (no pointer tables, no jump tables: the
 * kernel is built with -fno-jump-tables), and nothing is written into the
 * image's .data before it has been copied.  Symbols are reached
 * PC-relative (medany), which gives their physical address here.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_kernel_types.h"
#include "kernel_config.h"
#include "boot_info.h"
#include "sv39.h"
#include "sbi.h"
#include "page.h"
#include "fdt.h"

#define PAGE_SIZE         4096UL
#define DTB_MAX_SIZE      (2UL << 20)
#define DEVICE_SPAN       (2UL << 30)       /* physical 0 .. 2 GiB: all MMIO */
#define FINISHER_FAIL     0x3333
#define EARLY_STACK_SIZE  16384      /* as in boot.S */

/* Per copy: written by the boot hart into every cluster's image. */
cxy_t       local_cxy;                 /* see hal_kernel_types.h */
uint64_t    boot_satp;                 /* satp value of this cluster's table */
boot_info_t boot_info;                 /* this cluster's boot_info */
uint8_t     core_boot_stacks[CONFIG_MAX_LOCAL_CORES][CONFIG_KERNEL_STACK_SIZE]
            __attribute__((aligned(16)));

/* Used only by the boot hart in the slice it was loaded into. */
__attribute__((section(".boot.scratch"), aligned(16)))
uint8_t     early_stack[EARLY_STACK_SIZE];
__attribute__((section(".boot.scratch"), aligned(8)))
static boot_info_t early_bi;

extern char _kernel_start[], _text_end[], _rodata_end[], _data_end[], _bss_start[], _bss_end[],
            _scratch_end[];
extern char _start[], _hart_entry[];

/* ------------------------------------------------------------ output -- */

static void early_puts(const char *s)
{
    while (*s)
        sbi_console_putchar(*s++);
}

static void early_hex(uint64_t x)
{
    early_puts("0x");
    for (int i = 60; i >= 0; i -= 4)
        sbi_console_putchar("0123456789abcdef"[(x >> i) & 0xf]);
}

static void early_dec(uint64_t x)
{
    char buf[24];
    int i = 23;
    buf[i] = '\0';
    do { buf[--i] = (char)('0' + x % 10); x /= 10; } while (x);
    early_puts(&buf[i]);
}

/* Reports why the machine cannot boot, then powers off with failure: the
 * sifive,test1 finisher when the tree named one, else SBI SRST. */
static void __attribute__((noreturn)) early_fail(const char *why)
{
    early_puts("\nalmos-rv: cannot boot: ");
    early_puts(why);
    early_puts("\n");
    if (early_bi.finisher.size)
        *(volatile uint32_t *)(uintptr_t)early_bi.finisher.base = (1u << 16) | FINISHER_FAIL;
    sbi_system_reset(SBI_SRST_SHUTDOWN, SBI_SRST_REASON_FAILURE);
    for (;;)
        asm volatile("wfi");
}

/* ------------------------------------------------------------ memory -- */

static void early_memcpy(void *dst, const void *src, uint64_t n)
{
    uint64_t *d = dst;
    const uint64_t *s = src;
    for (; n >= 8; n -= 8) *d++ = *s++;
    uint8_t *db = (uint8_t *)d;
    const uint8_t *sb = (const uint8_t *)s;
    while (n--) *db++ = *sb++;
}

static void early_memmove(void *dst, const void *src, uint64_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d <= s || d >= s + n) {
        early_memcpy(dst, src, n);
    } else {
        while (n--) d[n] = s[n];
    }
}

static void early_memzero(void *dst, uint64_t n)
{
    uint64_t *d = dst;
    for (; n >= 8; n -= 8) *d++ = 0;
    uint8_t *b = (uint8_t *)d;
    while (n--) *b++ = 0;
}

/* ----------------------------------------------------- page tables -- */

typedef struct table_alloc_s {
    uint64_t next;      /* physical address of the next free table page */
    uint64_t end;
} table_alloc_t;

static uint64_t *table_new(table_alloc_t *ta)
{
    if (ta->next + PAGE_SIZE > ta->end)
        early_fail("kernel page tables need more pages than reserved");
    uint64_t *t = (uint64_t *)(uintptr_t)ta->next;
    ta->next += PAGE_SIZE;
    early_memzero(t, PAGE_SIZE);
    return t;
}

/* Maps [va, va + size) to [pa, pa + size) with the largest leaves the
 * alignment of both permits. */
static void map_range(uint64_t *root, table_alloc_t *ta, uint64_t va, uint64_t pa,
                      uint64_t size, uint64_t flags)
{
    while (size) {
        int level = 2;
        while (level > 0 && ((va | pa) & (SV39_LEVEL_SIZE(level) - 1) ||
                             size < SV39_LEVEL_SIZE(level)))
            level--;
        uint64_t *table = root;
        for (int l = 2; l > level; l--) {
            uint64_t *pte = &table[SV39_INDEX(va, l)];
            if (!(*pte & PTE_V))
                *pte = pte_make((uint64_t)(uintptr_t)table_new(ta), PTE_V);
            table = (uint64_t *)(uintptr_t)pte_pa(*pte);
        }
        table[SV39_INDEX(va, level)] = pte_make(pa, flags | PTE_V | PTE_A | PTE_D | PTE_G);
        va += SV39_LEVEL_SIZE(level);
        pa += SV39_LEVEL_SIZE(level);
        size -= SV39_LEVEL_SIZE(level);
    }
}

/* Upper bound of the table pages map_range needs for one range. */
static uint64_t tables_bound(uint64_t size, uint64_t pa)
{
    uint64_t gib = (size >> 30) + 2;
    if (pa & (SV39_LEVEL_SIZE(1) - 1))
        return gib + (size >> 21) + 2;     /* 4 KiB leaves all along */
    return gib + 2 * gib;                  /* 2 MiB leaves, ragged ends */
}

static uint64_t kernel_tables_bound(const boot_info_t *bi)
{
    uint64_t n = 1, local = 0;
    for (uint32_t c = 0; c < bi->clusters_nr; c++) {
        uint64_t t = tables_bound(bi->cluster[c].mem_size, bi->cluster[c].mem_base);
        n += t;
        if (t > local)
            local = t;
    }
    /* the LOCAL window is mapped in four ranges (see build_kernel_table):
     * each cut may need its own 4 KiB leaf table */
    return n + local + 4;
}

static void build_kernel_table(const boot_info_t *bi, uint32_t cxy)
{
    const boot_cluster_t *cl = &bi->cluster[cxy];
    table_alloc_t ta = { cl->root_table, cl->mem_base + cl->first_free };
    uint64_t *root = table_new(&ta);
    /* The LOCAL window: only the kernel's text is executable, and it and
     * the read-only data are not writable; the rest of the slice (kernel
     * data, pages, user pages as the kernel sees them) is data only. */
    uint64_t text = (uintptr_t)_text_end - (uintptr_t)_kernel_start;
    uint64_t rodata = (uintptr_t)_rodata_end - (uintptr_t)_text_end;
    uint64_t below = cl->kernel_base - cl->mem_base;
    uint64_t above = cl->mem_size - below - text - rodata;
    map_range(root, &ta, LOCAL_BASE, cl->mem_base, below, PTE_R | PTE_W);
    map_range(root, &ta, LOCAL_BASE + below, cl->kernel_base, text, PTE_R | PTE_X);
    map_range(root, &ta, LOCAL_BASE + below + text, cl->kernel_base + text, rodata, PTE_R);
    map_range(root, &ta, LOCAL_BASE + below + text + rodata, cl->kernel_base + text + rodata,
              above, PTE_R | PTE_W);
    for (uint32_t c = 0; c < bi->clusters_nr; c++)
        map_range(root, &ta, REMOTE_BASE + ((uint64_t)c << CLUSTER_SPAN_SHIFT),
                  bi->cluster[c].mem_base, bi->cluster[c].mem_size, PTE_R | PTE_W);
    map_range(root, &ta, DEVICE_BASE, 0, DEVICE_SPAN, PTE_R | PTE_W);
}

/* ------------------------------------------------------------- boot -- */

/* Physical address, in the copy at <kernel_base>, of symbol <sym> of the
 * running image. */
static void *in_copy(uint64_t kernel_base, const void *sym)
{
    return (void *)(uintptr_t)(kernel_base + ((uintptr_t)sym - (uintptr_t)_kernel_start));
}

/* Harts that entered _start (boot.S counts them before it touches a
 * stack): OpenSBI normally sends one, but a second one arrives when the
 * firmware starts a hart at a stale address (see skiphart/stalestart
 * below).  It lives in .data (zero at load, never zeroed again); the
 * copies never read it. */
__attribute__((section(".data")))
volatile uint32_t early_entrants = 0;

/* Starts <hartid> with SBI HSM once it is STOPPED (it may still be in the
 * firmware's own start-up, or have stopped itself in early_boot). */
static sbi_ret_t start_hart(uint32_t hartid, uint64_t entry, uint64_t opaque)
{
    sbi_ret_t r = { SBI_ERR_FAILED, 0 };
    for (int attempt = 0; attempt < 1000000; attempt++) {
        sbi_ret_t st = sbi_hart_get_status(hartid);
        if (st.error == 0 && st.value == SBI_HSM_STOPPED) {
            r = sbi_hart_start(hartid, entry, opaque);
            if (r.error == 0)
                return r;
        }
        for (volatile int spin = 0; spin < 100; spin++)
            ;
    }
    return r;
}

/* The hart id given by bootarg <name> (tests only), or ~0: none. */
static uint32_t early_hart_arg(const char *name)
{
    char arg[8];
    uint32_t h = 0;
    if (boot_info_arg(&early_bi, name, arg, sizeof(arg)) != 0)
        return ~0u;
    for (const char *d = arg; *d >= '0' && *d <= '9'; d++)
        h = h * 10 + (uint32_t)(*d - '0');
    return h;
}

void __attribute__((noreturn)) early_boot(uint64_t hartid, uint64_t dtb)
{
    early_puts("\nalmos-rv: early boot on hart ");
    early_dec(hartid);
    early_puts(", device tree at ");
    early_hex(dtb);
    early_puts("\n");

    if (dtb == 0 || (dtb & 7))
        early_fail("no device tree (a1 is null or misaligned)");
    if (fdt32((const void *)(uintptr_t)dtb) != FDT_MAGIC)
        early_fail("no device tree at a1 (bad magic)");
    uint32_t dtb_size = fdt_totalsize((const void *)(uintptr_t)dtb);
    if (boot_info_build(&early_bi, (const void *)(uintptr_t)dtb,
                        dtb_size < DTB_MAX_SIZE ? dtb_size : DTB_MAX_SIZE))
        early_fail(early_bi.error);

    uint64_t load_pa = (uintptr_t)_kernel_start;
    int src = boot_info_find_cluster(&early_bi, load_pa);
    if (src < 0 || early_bi.cluster[src].mem_base + KERNEL_OFFSET != load_pa)
        early_fail("the kernel was not loaded at KERNEL_OFFSET of a memory slice");

    uint64_t pages_offset;
    uint64_t image_size = (uintptr_t)_scratch_end - (uintptr_t)_kernel_start;
    if (boot_info_layout(&early_bi, KERNEL_OFFSET, image_size, sizeof(page_t),
                         kernel_tables_bound(&early_bi), &pages_offset))
        early_fail(early_bi.error);
    early_bi.pages_offset = pages_offset;

    uint64_t initrd = boot_info_initrd_target(&early_bi);
    if (early_bi.initrd.size && initrd == 0)
        early_fail("no room to move the initrd out of the kernel copies' way");
    if (initrd != early_bi.initrd.base) {
        early_memmove((void *)(uintptr_t)initrd, (void *)(uintptr_t)early_bi.initrd.base,
                      early_bi.initrd.size);
        early_bi.initrd.base = initrd;
    }

    early_bi.boot_hartid = (uint32_t)hartid;
    int boot_cxy = boot_info_find_hart(&early_bi, (uint32_t)hartid, NULL);
    if (boot_cxy < 0)
        early_fail("the boot hart is not among the device tree's cpus");
    early_bi.boot_cxy = (uint32_t)boot_cxy;

    /* Copy the pristine image (code and initialised data) everywhere. */
    uint64_t copy_size = (uintptr_t)_data_end - (uintptr_t)_kernel_start;
    for (uint32_t c = 0; c < early_bi.clusters_nr; c++)
        if ((int)c != src)
            early_memcpy((void *)(uintptr_t)early_bi.cluster[c].kernel_base,
                         _kernel_start, copy_size);

    /* Then make each copy the kernel of its own cluster. */
    for (uint32_t c = 0; c < early_bi.clusters_nr; c++) {
        uint64_t kb = early_bi.cluster[c].kernel_base;
        early_memzero(in_copy(kb, _bss_start), (uintptr_t)_bss_end - (uintptr_t)_bss_start);
        early_bi.cxy = c;
        early_memcpy(in_copy(kb, &boot_info), &early_bi, sizeof(early_bi));
        build_kernel_table(&early_bi, c);
        *(uint64_t *)in_copy(kb, &boot_satp) = SATP_FOR(early_bi.cluster[c].root_table);
        *(cxy_t *)in_copy(kb, &local_cxy) = c;
    }
    asm volatile("fence rw, rw" ::: "memory");

    /* Test bootargs that play the firmware's failures: "skiphart=H" does
     * not start hart H, as if its start had been lost; "stalestart=H"
     * starts it at this image's _start, as OpenSBI 1.1 does when the hart
     * reads its start address before hart_start has written it (the hart
     * then finds itself a second entrant of early_boot and stops).  Either
     * way hal_boot_restart_lost_harts() must find the hart stopped and
     * start it again. */
    uint32_t skip = early_hart_arg("skiphart");
    uint32_t stale = early_hart_arg("stalestart");

    /* Every other hart starts on its own cluster's copy, a1 = its lid. */
    uint32_t boot_lid = 0;
    for (uint32_t c = 0; c < early_bi.clusters_nr; c++) {
        uint64_t entry = (uintptr_t)in_copy(early_bi.cluster[c].kernel_base, _hart_entry);
        for (uint32_t l = 0; l < early_bi.cluster[c].harts_nr; l++) {
            uint32_t h = early_bi.cluster[c].hartid[l];
            if (h == hartid) {
                boot_lid = l;
                continue;
            }
            if (h == skip)
                continue;
            if (h == stale) {
                start_hart(h, (uintptr_t)_start, dtb);
                continue;
            }
            sbi_ret_t r = start_hart(h, entry, l);
            if (r.error) {
                early_puts("almos-rv: hart ");
                early_dec(h);
                early_puts(": SBI HSM hart_start: ");
                early_puts(sbi_strerror(r.error));
                early_fail("a hart of the device tree could not be started");
            }
        }
    }

    uint64_t entry = (uintptr_t)in_copy(early_bi.cluster[early_bi.boot_cxy].kernel_base,
                                        _hart_entry);
    ((void (*)(uint64_t, uint64_t))(uintptr_t)entry)(hartid, boot_lid);
    __builtin_unreachable();
}
