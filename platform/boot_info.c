/*
 * boot_info.c - from a device tree to the boot_info_t the kernel boots on.
 *
 * Runs on the boot hart before the MMU is on (no absolute addresses in
 * data, no allocation) and on the host in the unit tests.  Every failure
 * names what is wrong in bi->error; nothing here panics.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "boot_info.h"
#include "fdt.h"

int snprintf(char *buf, size_t size, const char *fmt, ...);

#define PAGE_SIZE      4096ULL
#define MAX_SLICE      (1ULL << 32)      /* CLUSTER_SPAN of the Sv39 HAL */
#define MAX_MEM_RANGES 32
#define IRQ_S_SOFT     1                 /* supervisor software interrupt */
#define IRQ_S_EXT      9                 /* supervisor external interrupt */

#define FAIL(bi, ...) do { snprintf((bi)->error, BOOT_ERROR_LEN, __VA_ARGS__); return -1; } while (0)

static uint64_t align_up(uint64_t x, uint64_t a)   { return (x + a - 1) & ~(a - 1); }
static uint64_t align_down(uint64_t x, uint64_t a) { return x & ~(a - 1); }

static void zero(void *p, size_t n)
{
    uint8_t *b = p;
    while (n--) *b++ = 0;
}

static bool overlaps(uint64_t a, uint64_t asz, uint64_t b, uint64_t bsz)
{
    return asz && bsz && a < b + bsz && b < a + asz;
}

/* Scratch of the parse: harts and memory ranges as found. */
typedef struct scan_s {
    uint32_t harts_nr;
    uint32_t hartid[CONFIG_MAX_HARTS];
    int32_t  hart_node[CONFIG_MAX_HARTS];      /* numa-node-id or -1 */
    uint32_t intc_phandle[CONFIG_MAX_HARTS];
    uint32_t mem_nr;
    uint64_t mem_base[MAX_MEM_RANGES];
    uint64_t mem_size[MAX_MEM_RANGES];
    int32_t  mem_node[MAX_MEM_RANGES];
} scan_t;

/* A node without "status", or with "okay" / "ok", is in use. */
static bool node_enabled(const void *fdt, int n)
{
    int len;
    return fdt_prop(fdt, n, "status", &len) == NULL || fdt_prop_is(fdt, n, "status", "okay") ||
           fdt_prop_is(fdt, n, "status", "ok");
}

/* ---------------------------------------------------------------- cpus -- */

static bool mmu_has_sv39(const void *fdt, int cpu)
{
    return fdt_prop_is(fdt, cpu, "mmu-type", "riscv,sv39") ||
           fdt_prop_is(fdt, cpu, "mmu-type", "riscv,sv48") ||
           fdt_prop_is(fdt, cpu, "mmu-type", "riscv,sv57");
}

/* True when <cpu>'s riscv,isa string names the multi-letter extension
 * <ext> (lower case, e.g. "sstc"): "rv64imac_zicsr_sstc" names it. */
static bool isa_has_ext(const void *fdt, int cpu, const char *ext)
{
    int len;
    const char *isa = fdt_prop(fdt, cpu, "riscv,isa", &len);
    if (isa == NULL)
        return false;
    for (int i = 0; i < len && isa[i]; i++) {
        if (isa[i] != '_')
            continue;
        int k = 0;
        while (ext[k] && i + 1 + k < len && isa[i + 1 + k] == ext[k])
            k++;
        char end = i + 1 + k < len ? isa[i + 1 + k] : '\0';
        if (!ext[k] && (end == '\0' || end == '_'))
            return true;
    }
    return false;
}

static int scan_cpus(boot_info_t *bi, scan_t *sc, const void *fdt)
{
    bool sstc = true;
    int cpus = fdt_path(fdt, "/cpus");
    if (cpus < 0)
        FAIL(bi, "device tree: no /cpus node");
    bi->timebase_freq = fdt_prop_u32(fdt, cpus, "timebase-frequency", 0);

    for (int cpu = fdt_first_child(fdt, cpus); cpu >= 0; cpu = fdt_next_sibling(fdt, cpu)) {
        if (!fdt_prop_is(fdt, cpu, "device_type", "cpu"))
            continue;
        if (!node_enabled(fdt, cpu))
            continue;
        int len;
        const void *reg = fdt_prop(fdt, cpu, "reg", &len);
        if (reg == NULL || len < 4)
            FAIL(bi, "device tree: %s has no hart id (reg)", fdt_node_name(fdt, cpu));
        uint32_t hartid = fdt32(reg);
        if (hartid >= CONFIG_MAX_HARTS)
            FAIL(bi, "device tree: hart id %u above the maximum %u", hartid,
                 CONFIG_MAX_HARTS - 1);
        if (sc->harts_nr == CONFIG_MAX_HARTS)
            FAIL(bi, "device tree: more than %u harts", CONFIG_MAX_HARTS);
        if (!mmu_has_sv39(fdt, cpu))
            FAIL(bi, "device tree: hart %u has no Sv39 MMU (mmu-type)", hartid);
        if (bi->timebase_freq == 0)
            bi->timebase_freq = fdt_prop_u32(fdt, cpu, "timebase-frequency", 0);

        sstc &= isa_has_ext(fdt, cpu, "sstc");
        uint32_t i = sc->harts_nr++;
        sc->hartid[i] = hartid;
        const void *nid = fdt_prop(fdt, cpu, "numa-node-id", &len);
        sc->hart_node[i] = (nid && len >= 4) ? (int32_t)fdt32(nid) : -1;
        int intc = fdt_subnode(fdt, cpu, "interrupt-controller");
        sc->intc_phandle[i] = intc >= 0 ? fdt_prop_u32(fdt, intc, "phandle", 0) : 0;
    }
    if (sc->harts_nr == 0)
        FAIL(bi, "device tree: no usable cpu under /cpus");
    bi->sstc = sstc;
    if (bi->timebase_freq == 0)
        FAIL(bi, "device tree: no timebase-frequency in /cpus");
    return 0;
}

/* -------------------------------------------------------------- memory -- */

static int scan_memory(boot_info_t *bi, scan_t *sc, const void *fdt)
{
    int root = fdt_root(fdt);
    for (int n = fdt_first_child(fdt, root); n >= 0; n = fdt_next_sibling(fdt, n)) {
        if (!fdt_prop_is(fdt, n, "device_type", "memory"))
            continue;
        int len;
        const void *nid = fdt_prop(fdt, n, "numa-node-id", &len);
        uint64_t base, size;
        int i, r;
        for (i = 0; (r = fdt_reg(fdt, n, i, &base, &size)) == 0; i++) {
            if (size == 0)
                continue;
            if (base + size < base)
                FAIL(bi, "device tree: %s: range 0x%llx + 0x%llx wraps around",
                     fdt_node_name(fdt, n), (unsigned long long)base, (unsigned long long)size);
            for (uint32_t j = 0; j < sc->mem_nr; j++)
                if (overlaps(base, size, sc->mem_base[j], sc->mem_size[j]))
                    FAIL(bi, "device tree: memory [0x%llx, 0x%llx) of %s overlaps memory "
                             "[0x%llx, 0x%llx)",
                         (unsigned long long)base, (unsigned long long)(base + size),
                         fdt_node_name(fdt, n), (unsigned long long)sc->mem_base[j],
                         (unsigned long long)(sc->mem_base[j] + sc->mem_size[j]));
            if (sc->mem_nr == MAX_MEM_RANGES)
                FAIL(bi, "device tree: more than %u memory ranges", MAX_MEM_RANGES);
            sc->mem_base[sc->mem_nr] = base;
            sc->mem_size[sc->mem_nr] = size;
            sc->mem_node[sc->mem_nr] = (nid && len >= 4) ? (int32_t)fdt32(nid) : -1;
            sc->mem_nr++;
        }
        if (r == FDT_ERR_BADVALUE)
            FAIL(bi, "device tree: %s: #address-cells must be 1 or 2 and #size-cells 1 or 2",
                 fdt_node_name(fdt, n));
    }
    if (sc->mem_nr == 0)
        FAIL(bi, "device tree: no memory node with a non-zero size");
    return 0;
}

/* Memory must not cover a device's registers: the kernel would place
 * pages, page tables or its own copy over them. */
static int check_clear_of(boot_info_t *bi, const scan_t *sc, const char *name,
                          const boot_range_t *dev)
{
    for (uint32_t m = 0; m < sc->mem_nr; m++)
        if (overlaps(sc->mem_base[m], sc->mem_size[m], dev->base, dev->size))
            FAIL(bi, "device tree: memory [0x%llx, 0x%llx) covers the %s at 0x%llx",
                 (unsigned long long)sc->mem_base[m],
                 (unsigned long long)(sc->mem_base[m] + sc->mem_size[m]), name,
                 (unsigned long long)dev->base);
    return 0;
}

static int check_memory_clear_of_devices(boot_info_t *bi, const scan_t *sc)
{
    if (check_clear_of(bi, sc, "UART", &bi->uart) || check_clear_of(bi, sc, "CLINT", &bi->clint) ||
        check_clear_of(bi, sc, "finisher", &bi->finisher))
        return -1;
    for (uint32_t i = 0; i < bi->irqchips_nr; i++) {
        boot_range_t r = { bi->irqchip[i].base, bi->irqchip[i].size };
        if (check_clear_of(bi, sc, "interrupt controller", &r))
            return -1;
    }
    return 0;
}

/* The finisher, found before anything else is checked, so that every
 * "cannot boot" can power the machine off with a failing status. */
static void scan_finisher(boot_info_t *bi, const void *fdt)
{
    for (int n = fdt_root(fdt); n >= 0; n = fdt_next_node(fdt, n))
        if (node_enabled(fdt, n) && (fdt_is_compatible(fdt, n, "sifive,test1") ||
                                     fdt_is_compatible(fdt, n, "sifive,test0"))) {
            if (fdt_reg(fdt, n, 0, &bi->finisher.base, &bi->finisher.size) != 0)
                bi->finisher.base = bi->finisher.size = 0;
            return;
        }
}

/* Merges the memory ranges of NUMA node <node> (-2: all ranges) into one
 * contiguous range; fails when they are not contiguous. */
static int node_memory(boot_info_t *bi, const scan_t *sc, int32_t node,
                       uint64_t *base, uint64_t *size)
{
    uint64_t lo = ~0ULL, hi = 0, total = 0;
    for (uint32_t i = 0; i < sc->mem_nr; i++) {
        if (node != -2 && sc->mem_node[i] != node)
            continue;
        if (sc->mem_base[i] < lo) lo = sc->mem_base[i];
        if (sc->mem_base[i] + sc->mem_size[i] > hi) hi = sc->mem_base[i] + sc->mem_size[i];
        total += sc->mem_size[i];
    }
    if (total == 0)
        FAIL(bi, "device tree: NUMA node %d has harts but no memory", node);
    if (hi - lo != total)
        FAIL(bi, "device tree: memory of %s %d is not contiguous",
             node == -2 ? "the machine" : "NUMA node", node == -2 ? 0 : node);
    *base = lo;
    *size = total;
    return 0;
}

/* ------------------------------------------------------------ clusters -- */

static int add_hart(boot_info_t *bi, uint32_t c, uint32_t hartid)
{
    boot_cluster_t *cl = &bi->cluster[c];
    if (cl->harts_nr == CONFIG_MAX_LOCAL_CORES)
        FAIL(bi, "cluster %u has more than %u harts (CONFIG_MAX_LOCAL_CORES)",
             c, CONFIG_MAX_LOCAL_CORES);
    cl->hartid[cl->harts_nr++] = hartid;
    bi->harts_nr++;
    return 0;
}

static int clusters_from_numa(boot_info_t *bi, const scan_t *sc)
{
    /* Node ids in ascending order become cxy 0, 1, ... */
    int32_t last = -1;
    for (;;) {
        int32_t next = -1;
        for (uint32_t i = 0; i < sc->harts_nr; i++)
            if (sc->hart_node[i] > last && (next < 0 || sc->hart_node[i] < next))
                next = sc->hart_node[i];
        if (next < 0)
            break;
        if (bi->clusters_nr == CONFIG_MAX_CLUSTERS)
            FAIL(bi, "device tree: more than %u NUMA nodes (CONFIG_MAX_CLUSTERS)",
                 CONFIG_MAX_CLUSTERS);
        uint32_t c = bi->clusters_nr++;
        bi->cluster[c].node_id = (uint32_t)next;
        for (uint32_t i = 0; i < sc->harts_nr; i++)
            if (sc->hart_node[i] == next && add_hart(bi, c, sc->hartid[i]))
                return -1;
        if (node_memory(bi, sc, next, &bi->cluster[c].mem_base, &bi->cluster[c].mem_size))
            return -1;
        last = next;
    }
    for (uint32_t i = 0; i < sc->mem_nr; i++) {
        bool known = false;
        for (uint32_t c = 0; c < bi->clusters_nr; c++)
            known |= (int32_t)bi->cluster[c].node_id == sc->mem_node[i];
        if (!known)
            FAIL(bi, "device tree: NUMA node %d has memory but no hart", sc->mem_node[i]);
    }
    return 0;
}

static int clusters_from_split(boot_info_t *bi, const scan_t *sc, uint32_t n)
{
    if (n == 0)
        FAIL(bi, "bootargs: clusters=0 is not a cluster count");
    if (n > CONFIG_MAX_CLUSTERS)
        FAIL(bi, "bootargs: clusters=%u but the maximum is %u (CONFIG_MAX_CLUSTERS)",
             n, CONFIG_MAX_CLUSTERS);
    if (n > sc->harts_nr)
        FAIL(bi, "bootargs: clusters=%u but the machine has only %u harts", n, sc->harts_nr);
    uint64_t base, size;
    if (node_memory(bi, sc, -2, &base, &size))
        return -1;
    uint64_t slice = align_down(size / n, BOOT_SLICE_ALIGN);
    if (slice == 0)
        FAIL(bi, "bootargs: clusters=%u leaves no memory per cluster (%llu KiB in all)",
             n, (unsigned long long)(size >> 10));
    bi->clusters_nr = n;
    uint32_t per = sc->harts_nr / n, extra = sc->harts_nr % n, h = 0;
    for (uint32_t c = 0; c < n; c++) {
        bi->cluster[c].node_id = c;
        bi->cluster[c].mem_base = base + c * slice;
        bi->cluster[c].mem_size = slice;
        for (uint32_t k = 0; k < per + (c < extra); k++)
            if (add_hart(bi, c, sc->hartid[h++]))
                return -1;
    }
    return 0;
}

/* ------------------------------------------------------------- devices -- */

static int find_hart_by_intc(const scan_t *sc, uint32_t phandle)
{
    for (uint32_t i = 0; i < sc->harts_nr; i++)
        if (phandle && sc->intc_phandle[i] == phandle)
            return (int)sc->hartid[i];
    return -1;
}

static int add_irqchip(boot_info_t *bi, const scan_t *sc, const void *fdt, int n,
                       uint32_t type)
{
    int len;
    const uint8_t *ie = fdt_prop(fdt, n, "interrupts-extended", &len);
    if (ie == NULL)
        return 0;                /* an MSI-mode APLIC: not ours */
    /* Keep only the controllers that deliver supervisor interrupts. */
    bool s_level = false;
    for (int i = 0; i + 8 <= len; i += 8)
        s_level |= fdt32(ie + i + 4) == IRQ_S_EXT;
    if (!s_level)
        return 0;
    if (bi->irqchips_nr == BOOT_MAX_IRQCHIPS)
        FAIL(bi, "device tree: more than %u interrupt controllers", BOOT_MAX_IRQCHIPS);
    boot_irqchip_t *ic = &bi->irqchip[bi->irqchips_nr++];
    ic->type = type;
    ic->phandle = fdt_prop_u32(fdt, n, "phandle", 0);
    if (fdt_reg(fdt, n, 0, &ic->base, &ic->size))
        FAIL(bi, "device tree: %s has no reg", fdt_node_name(fdt, n));
    ic->ndev = fdt_prop_u32(fdt, n, type == IRQCHIP_PLIC ? "riscv,ndev" : "riscv,num-sources", 0);
    for (uint32_t h = 0; h < CONFIG_MAX_HARTS; h++)
        ic->s_context[h] = -1;
    for (int i = 0; i + 8 <= len; i += 8) {
        int hart = find_hart_by_intc(sc, fdt32(ie + i));
        if (hart >= 0 && fdt32(ie + i + 4) == IRQ_S_EXT)
            ic->s_context[hart] = i / 8;
    }
    return 0;
}

/* An ACLINT SSWI: register i (SETSSIP, 4 bytes at base + 4i) raises the
 * supervisor software interrupt of the hart named by the i-th entry of
 * interrupts-extended (QEMU virt makes one per NUMA node, its first entry
 * the node's first hart).  A register past the node's reg is refused. */
static int add_sswi(boot_info_t *bi, const scan_t *sc, const void *fdt, int n)
{
    int len;
    uint64_t base, size;
    const uint8_t *ie = fdt_prop(fdt, n, "interrupts-extended", &len);
    if (fdt_reg(fdt, n, 0, &base, &size))
        FAIL(bi, "device tree: %s has no reg", fdt_node_name(fdt, n));
    if (ie == NULL)
        FAIL(bi, "device tree: %s has no interrupts-extended", fdt_node_name(fdt, n));
    for (int i = 0; i + 8 <= len; i += 8) {
        int hart = find_hart_by_intc(sc, fdt32(ie + i));
        if (hart < 0 || fdt32(ie + i + 4) != IRQ_S_SOFT)
            continue;
        if ((uint64_t)(i / 8 + 1) * 4 > size)
            FAIL(bi, "device tree: %s: hart %d's register is past its reg (size 0x%llx)",
                 fdt_node_name(fdt, n), hart, (unsigned long long)size);
        if (bi->sswi[hart] == 0)
            bi->sswi_harts++;
        bi->sswi[hart] = base + (uint64_t)(i / 8) * 4;
    }
    return 0;
}

/* Interrupt parent phandle of <n>: its own or its nearest ancestor's. */
static uint32_t interrupt_parent(const void *fdt, int n)
{
    for (; n >= 0; n = fdt_parent(fdt, n)) {
        uint32_t p = fdt_prop_u32(fdt, n, "interrupt-parent", 0);
        if (p)
            return p;
    }
    return 0;
}

static int scan_devices(boot_info_t *bi, const scan_t *sc, const void *fdt)
{
    int chosen = fdt_path(fdt, "/chosen");
    int stdout_node = -1;
    if (chosen >= 0) {
        int len;
        const char *sp = fdt_prop(fdt, chosen, "stdout-path", &len);
        if (sp && len > 1 && len < 128) {
            char path[128];
            int i;
            for (i = 0; i < len - 1 && sp[i] && sp[i] != ':'; i++)
                path[i] = sp[i];
            path[i] = '\0';
            stdout_node = fdt_path(fdt, path);
        }
    }

    int uart = -1;
    for (int n = fdt_root(fdt); n >= 0; n = fdt_next_node(fdt, n)) {
        if (!node_enabled(fdt, n))
            continue;
        if (fdt_is_compatible(fdt, n, "ns16550a") || fdt_is_compatible(fdt, n, "ns16550")) {
            if (uart < 0 || n == stdout_node)
                uart = n;
        } else if (fdt_is_compatible(fdt, n, "riscv,clint0") ||
                   fdt_is_compatible(fdt, n, "sifive,clint0")) {
            fdt_reg(fdt, n, 0, &bi->clint.base, &bi->clint.size);
        } else if (fdt_is_compatible(fdt, n, "riscv,plic0") ||
                   fdt_is_compatible(fdt, n, "sifive,plic-1.0.0")) {
            if (add_irqchip(bi, sc, fdt, n, IRQCHIP_PLIC))
                return -1;
        } else if (fdt_is_compatible(fdt, n, "riscv,aplic")) {
            if (add_irqchip(bi, sc, fdt, n, IRQCHIP_APLIC))
                return -1;
        } else if (fdt_is_compatible(fdt, n, "riscv,aclint-sswi")) {
            if (add_sswi(bi, sc, fdt, n))
                return -1;
        }
    }

    if (uart < 0)
        FAIL(bi, "device tree: no ns16550a UART for the console");
    if (fdt_reg(fdt, uart, 0, &bi->uart.base, &bi->uart.size))
        FAIL(bi, "device tree: UART %s has no reg", fdt_node_name(fdt, uart));
    bi->uart_irq = fdt_prop_u32(fdt, uart, "interrupts", 0);
    bi->uart_reg_shift = fdt_prop_u32(fdt, uart, "reg-shift", 0);
    bi->uart_clock = fdt_prop_u32(fdt, uart, "clock-frequency", 0);
    uint32_t parent = interrupt_parent(fdt, uart);
    bi->uart_irqchip = ~0u;
    for (uint32_t i = 0; i < bi->irqchips_nr; i++)
        if (parent && bi->irqchip[i].phandle == parent)
            bi->uart_irqchip = i;
    if (bi->uart_irqchip == ~0u)
        bi->uart_irq = 0;        /* no usable controller: polled console only */
    return 0;
}

/* ------------------------------------------------------ chosen, reserved -- */

static void add_reserved(boot_info_t *bi, uint64_t base, uint64_t size)
{
    if (size && bi->reserved_nr < BOOT_MAX_RESERVED) {
        bi->reserved[bi->reserved_nr].base = base;
        bi->reserved[bi->reserved_nr].size = size;
        bi->reserved_nr++;
    }
}

static int scan_chosen_reserved(boot_info_t *bi, const void *fdt)
{
    int chosen = fdt_path(fdt, "/chosen");
    if (chosen >= 0) {
        int len;
        const char *args = fdt_prop(fdt, chosen, "bootargs", &len);
        if (args && len > 0) {
            int i;
            for (i = 0; i < len && i < CONFIG_BOOTARGS_MAX - 1 && args[i]; i++)
                bi->bootargs[i] = args[i];
            bi->bootargs[i] = '\0';
        }
        int ls, le;
        const void *s = fdt_prop(fdt, chosen, "linux,initrd-start", &ls);
        const void *e = fdt_prop(fdt, chosen, "linux,initrd-end", &le);
        if (s && e) {
            uint64_t start = ls >= 8 ? fdt64(s) : fdt32(s);
            uint64_t end = le >= 8 ? fdt64(e) : fdt32(e);
            if (end < start)
                FAIL(bi, "device tree: initrd ends (0x%llx) before it starts (0x%llx)",
                     (unsigned long long)end, (unsigned long long)start);
            bi->initrd.base = start;
            bi->initrd.size = end - start;
        }
    }
    uint64_t base, size;
    for (int i = 0; fdt_mem_rsv(fdt, i, &base, &size) == 0; i++)
        add_reserved(bi, base, size);
    int rm = fdt_path(fdt, "/reserved-memory");
    if (rm >= 0)
        for (int n = fdt_first_child(fdt, rm); n >= 0; n = fdt_next_sibling(fdt, n))
            for (int i = 0; fdt_reg(fdt, n, i, &base, &size) == 0; i++)
                add_reserved(bi, base, size);
    return 0;
}

/* ------------------------------------------------------------- public -- */

int boot_info_arg(const boot_info_t *bi, const char *key, char *out, size_t out_len)
{
    const char *p = bi->bootargs;
    while (*p) {
        while (*p == ' ') p++;
        const char *k = key;
        const char *q = p;
        while (*k && *q == *k) { q++; k++; }
        if (*k == '\0' && (*q == '=' || *q == ' ' || *q == '\0')) {
            size_t i = 0;
            if (*q == '=')
                for (q++; *q && *q != ' ' && i + 1 < out_len; q++)
                    out[i++] = *q;
            if (out_len)
                out[i] = '\0';
            return 0;
        }
        while (*p && *p != ' ') p++;
    }
    return -1;
}

int boot_info_build(boot_info_t *bi, const void *fdt, size_t max_size)
{
    static scan_t sc_storage;     /* too large for an early stack */
    scan_t *sc = &sc_storage;
    zero(bi, sizeof(*bi));
    zero(sc, sizeof(*sc));
    bi->magic = BOOT_INFO_MAGIC;

    int err = fdt_check(fdt, max_size);
    if (err)
        FAIL(bi, "device tree at %p: %s", fdt, fdt_strerror(err));
    bi->dtb.base = (uint64_t)(uintptr_t)fdt;
    bi->dtb.size = fdt_totalsize(fdt);

    scan_finisher(bi, fdt);
    if (scan_chosen_reserved(bi, fdt) || scan_cpus(bi, sc, fdt) ||
        scan_memory(bi, sc, fdt) || scan_devices(bi, sc, fdt) ||
        check_memory_clear_of_devices(bi, sc))
        return -1;

    uint32_t with_node = 0;
    for (uint32_t i = 0; i < sc->harts_nr; i++)
        with_node += sc->hart_node[i] >= 0;
    if (with_node != 0 && with_node != sc->harts_nr)
        FAIL(bi, "device tree: numa-node-id on %u of %u cpus", with_node, sc->harts_nr);

    char arg[16];
    if (with_node) {
        bi->numa = 1;
        if (clusters_from_numa(bi, sc))
            return -1;
    } else if (boot_info_arg(bi, "clusters", arg, sizeof(arg)) == 0) {
        uint32_t n = 0;
        for (const char *p = arg; *p; p++) {
            if (*p < '0' || *p > '9' || n > 1000)
                FAIL(bi, "bootargs: clusters=%s is not a number", arg);
            n = n * 10 + (uint32_t)(*p - '0');
        }
        if (clusters_from_split(bi, sc, n))
            return -1;
    } else if (clusters_from_split(bi, sc, 1)) {
        return -1;
    }

    for (uint32_t c = 0; c < bi->clusters_nr; c++) {
        if (bi->cluster[c].mem_size > MAX_SLICE)
            FAIL(bi, "cluster %u: %llu MiB of memory, above the %llu MiB a cluster may span",
                 c, (unsigned long long)(bi->cluster[c].mem_size >> 20),
                 (unsigned long long)(MAX_SLICE >> 20));
        if (bi->cluster[c].mem_base & (PAGE_SIZE - 1))
            FAIL(bi, "cluster %u: memory base 0x%llx is not page aligned", c,
                 (unsigned long long)bi->cluster[c].mem_base);
    }
    return 0;
}

int boot_info_find_hart(const boot_info_t *bi, uint32_t hartid, uint32_t *lid)
{
    for (uint32_t c = 0; c < bi->clusters_nr; c++)
        for (uint32_t l = 0; l < bi->cluster[c].harts_nr; l++)
            if (bi->cluster[c].hartid[l] == hartid) {
                if (lid)
                    *lid = l;
                return (int)c;
            }
    return -1;
}

int boot_info_find_cluster(const boot_info_t *bi, uint64_t pa)
{
    for (uint32_t c = 0; c < bi->clusters_nr; c++)
        if (pa >= bi->cluster[c].mem_base &&
            pa - bi->cluster[c].mem_base < bi->cluster[c].mem_size)
            return (int)c;
    return -1;
}

int boot_info_layout(boot_info_t *bi, uint64_t kernel_offset, uint64_t image_size,
                     uint64_t page_desc_size, uint64_t table_pages,
                     uint64_t *pages_offset)
{
    uint64_t pages_off = align_up(kernel_offset + image_size, PAGE_SIZE);
    *pages_offset = pages_off;
    for (uint32_t c = 0; c < bi->clusters_nr; c++) {
        boot_cluster_t *cl = &bi->cluster[c];
        uint64_t pages_nr = cl->mem_size / PAGE_SIZE;
        uint64_t tables = align_up(pages_off + pages_nr * page_desc_size, PAGE_SIZE);
        uint64_t first_free = tables + table_pages * PAGE_SIZE;
        /* The kernel must leave at least as much again for its allocators. */
        uint64_t need = first_free + (first_free - kernel_offset);
        if (need > cl->mem_size)
            FAIL(bi, "cluster %u: its %llu KiB of memory at 0x%llx cannot hold the kernel "
                 "copy (%llu KiB needed)", c, (unsigned long long)(cl->mem_size >> 10),
                 (unsigned long long)cl->mem_base, (unsigned long long)(need >> 10));
        cl->kernel_base = cl->mem_base + kernel_offset;
        cl->first_free = first_free;
        cl->root_table = cl->mem_base + tables;
        for (uint32_t r = 0; r < bi->reserved_nr; r++)
            if (overlaps(cl->kernel_base, first_free - kernel_offset,
                         bi->reserved[r].base, bi->reserved[r].size))
                FAIL(bi, "cluster %u: kernel copy [0x%llx, 0x%llx) overlaps reserved memory "
                     "[0x%llx, 0x%llx)", c, (unsigned long long)cl->kernel_base,
                     (unsigned long long)(cl->mem_base + first_free),
                     (unsigned long long)bi->reserved[r].base,
                     (unsigned long long)(bi->reserved[r].base + bi->reserved[r].size));
    }
    return 0;
}

/* Where the initrd must move so that no kernel copy overwrites it: its own
 * base when it is safe, else the highest page-aligned place in a slice
 * clear of kernel copies, reserved memory and the device tree; 0 when there
 * is none.  Call after boot_info_layout(). */
uint64_t boot_info_initrd_target(const boot_info_t *bi)
{
    uint64_t size = bi->initrd.size;
    bool safe = true;
    for (uint32_t c = 0; c < bi->clusters_nr; c++)
        safe &= !overlaps(bi->initrd.base, size, bi->cluster[c].kernel_base,
                          bi->cluster[c].first_free - (bi->cluster[c].kernel_base -
                                                       bi->cluster[c].mem_base));
    if (size == 0 || safe)
        return bi->initrd.base;
    for (uint32_t c = bi->clusters_nr; c-- > 0;) {
        const boot_cluster_t *cl = &bi->cluster[c];
        uint64_t top = cl->mem_base + cl->mem_size;
        for (;;) {
            uint64_t cand = align_down(top - size, PAGE_SIZE);
            if (cand < cl->mem_base + cl->first_free || top < size)
                break;
            uint64_t clash = 0;
            for (uint32_t r = 0; r < bi->reserved_nr; r++)
                if (overlaps(cand, size, bi->reserved[r].base, bi->reserved[r].size))
                    clash = bi->reserved[r].base;
            if (overlaps(cand, size, bi->dtb.base, bi->dtb.size))
                clash = bi->dtb.base;
            if (!clash)
                return cand;
            top = clash;
        }
    }
    return 0;
}
