/* machine.c -- the model as a library: configuration, image and device-tree
 * loading, reset, single steps, and the deterministic round-robin scheduler. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "iss.h"
#include "rom_bin.h"          /* generated from platform/fpga-soc/bootrom.S */

#ifndef ISS_MKDTS
#define ISS_MKDTS "platform/fpga-soc/mkdts.py"
#endif

#define ROM_START_OFF 0x20
#define ROM_FDT_OFF   0x28

struct machine M;
static struct iss_config cfg;

void iss_die(const char *fmt, const char *arg)
{
    fprintf(stderr, "iss: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(125);
}

static u8 *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) iss_die("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    u8 *p = malloc((size_t)n + 1);
    if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) iss_die("cannot read %s", path);
    fclose(f);
    *len = (size_t)n;
    return p;
}

static void copy_to_ram(u64 pa, const u8 *src, size_t len, const char *what)
{
    u8 *p = ram_ptr(pa, 1);
    if (!p || pa - RAM_BASE + len > M.ram_size) iss_die("%s does not fit in RAM", what);
    memcpy(p, src, len);
}

/* Load an ELF64 (PT_LOAD segments at their physical addresses) or a flat
 * binary at `base`.  Returns the entry point. */
static u64 load_image(const char *path, u64 base)
{
    size_t len;
    u8 *b = read_file(path, &len);
    u64 entry = base;
    if (len >= 64 && !memcmp(b, "\177ELF", 4) && b[4] == 2) {
        u64 phoff, e;
        u16 phnum, phentsize;
        memcpy(&e, b + 24, 8);
        memcpy(&phoff, b + 32, 8);
        memcpy(&phentsize, b + 54, 2);
        memcpy(&phnum, b + 56, 2);
        entry = e;
        for (int i = 0; i < phnum; i++) {
            const u8 *ph = b + phoff + (u64)i * phentsize;
            u32 type;
            u64 off, paddr, filesz, memsz;
            memcpy(&type, ph, 4);
            memcpy(&off, ph + 8, 8);
            memcpy(&paddr, ph + 24, 8);
            memcpy(&filesz, ph + 32, 8);
            memcpy(&memsz, ph + 40, 8);
            if (type != 1 || !memsz) continue;
            if (paddr < RAM_BASE && paddr + memsz > RAM_BASE) {
                /* e.g. -Ttext=0x80000000: the ELF headers share the segment, below RAM */
                u64 skip = RAM_BASE - paddr;
                paddr += skip; off += skip; memsz -= skip;
                filesz = filesz > skip ? filesz - skip : 0;
            }
            u8 *p = ram_ptr(paddr, 1);
            if (!p || paddr - RAM_BASE + memsz > M.ram_size) iss_die("segment of %s outside RAM", path);
            memset(p, 0, memsz);
            memcpy(p, b + off, filesz);
        }
    } else
        copy_to_ram(base, b, len, path);
    free(b);
    return entry;
}

/* Build the device tree with platform/fpga-soc/mkdts.py + dtc. */
static u8 *make_dtb(size_t *len, u64 initrd_start, u64 initrd_end)
{
    char tmp[] = "/tmp/iss-dtb-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) iss_die("mkstemp: %s", strerror(errno));
    close(fd);
    const char *gen = getenv("ISS_MKDTS") ? getenv("ISS_MKDTS") : ISS_MKDTS;
    char cmd[4096], extra[128] = "";
    if (initrd_end)
        snprintf(extra, sizeof extra, " --initrd-start 0x%llx --initrd-end 0x%llx",
                 (unsigned long long)initrd_start, (unsigned long long)initrd_end);
    if (cfg.bootargs) setenv("ISS_BOOTARGS", cfg.bootargs, 1);
    snprintf(cmd, sizeof cmd,
             "python3 '%s' --clusters %d --harts %d --mem %llu%s%s | dtc -q -I dts -O dtb -o '%s' -",
             gen, M.clusters, M.harts_per_cluster, (unsigned long long)cfg.mem_per_cluster, extra,
             cfg.bootargs ? " --bootargs \"$ISS_BOOTARGS\"" : "", tmp);
    if (system(cmd) != 0) iss_die("device tree generation failed: %s", cmd);
    u8 *b = read_file(tmp, len);
    unlink(tmp);
    return b;
}

static u8 *dtb_blob;
static size_t dtb_len;

/* (Re)load all images and reset harts and devices: power-on and 0x7777. */
void iss_reset(void)
{
    static int booted;
    u64 start = RAM_BASE;
    if (booted++) memset(M.ram, 0, M.ram_size);   /* calloc'd the first time */
    memset(M.rom, 0, sizeof M.rom);
    memcpy(M.rom, rom_bin, sizeof rom_bin);
    if (cfg.bare) start = load_image(cfg.bare, RAM_BASE);
    if (cfg.bios) load_image(cfg.bios, RAM_BASE);
    if (cfg.kernel) load_image(cfg.kernel, 0x80200000);

    u64 initrd_start = 0, initrd_end = 0;
    if (cfg.initrd) {
        size_t len;
        u8 *b = read_file(cfg.initrd, &len);
        u64 half = M.ram_size / 2 < (128ULL << 20) ? M.ram_size / 2 : (128ULL << 20);
        initrd_start = 0x80200000 + half;      /* same rule as QEMU 7.2 */
        initrd_end = initrd_start + len;
        copy_to_ram(initrd_start, b, len, "initrd");
        free(b);
    }
    if (!dtb_blob) {
        if (cfg.dtb) dtb_blob = read_file(cfg.dtb, &dtb_len);
        else dtb_blob = make_dtb(&dtb_len, initrd_start, initrd_end);
        if (cfg.dump_dtb) {
            FILE *f = fopen(cfg.dump_dtb, "wb");
            if (!f || fwrite(dtb_blob, 1, dtb_len, f) != dtb_len) iss_die("cannot write %s", cfg.dump_dtb);
            fclose(f);
        }
    }
    /* like QEMU: just below the end of RAM (capped at 3 GiB), 2 MiB aligned */
    u64 end = RAM_BASE + M.ram_size;
    if (end > 0xC0000000ULL) end = 0xC0000000ULL;
    u64 fdt = (end - dtb_len) & ~((2ULL << 20) - 1);
    copy_to_ram(fdt, dtb_blob, dtb_len, "device tree");
    memcpy(M.rom + ROM_START_OFF, &start, 8);
    memcpy(M.rom + ROM_FDT_OFF, &fdt, 8);

    for (int i = 0; i < M.nharts; i++) hart_reset(&M.h[i], i);
    M.nresv = 0;
    dev_reset();
    M.reset_requested = 0;
}

void iss_init(const struct iss_config *c)
{
    cfg = *c;
    M.clusters = cfg.clusters;
    M.harts_per_cluster = cfg.harts_per_cluster;
    M.nharts = M.clusters * M.harts_per_cluster;
    M.cosim = cfg.cosim;
    if (M.nharts < 1 || M.nharts > MAX_HARTS) iss_die("bad hart count%s", "");
    if (!cfg.bare && !cfg.bios) iss_die("need --bios or --bare%s", "");
    M.ram_size = cfg.mem_per_cluster * (u64)M.clusters;
    M.ram = calloc(1, M.ram_size);
    M.h = calloc((size_t)M.nharts, sizeof *M.h);
    if (!M.ram || !M.h) iss_die("out of memory%s", "");
    cpu_init();
    iss_reset();
}

int iss_step(int hart, struct iss_commit *out)
{
    struct hart *h = &M.h[hart];
    int k;
    if (h->wfi && !M.cosim && !pending_irqs(h)) {
        h->c.kind = ISS_NONE;
    } else {
        h->wfi = 0;
        k = step(h);
        if (k == ISS_RETIRE) M.total_insns++;
    }
    h->c.hart = hart;
    if (out) *out = h->c;
    return h->c.kind;
}

void iss_set_mtime(u64 t)
{
    M.mtime = t;
    dev_tick();
}

void iss_commit_print(FILE *f, const struct iss_commit *c)
{
    if (c->kind == ISS_TRAP) {
        fprintf(f, "%d %d %016llx trap %016llx %016llx\n", c->hart, c->priv, (unsigned long long)c->pc,
                (unsigned long long)c->cause, (unsigned long long)c->tval);
        return;
    }
    if (c->kind != ISS_RETIRE) return;
    fprintf(f, "%d %d %016llx %0*x", c->hart, c->priv, (unsigned long long)c->pc, c->len * 2, c->insn);
    if (c->rd) fprintf(f, " x%d=%016llx", c->rd, (unsigned long long)c->rdval);
    if (c->csr) fprintf(f, " c%03x=%016llx", c->csr, (unsigned long long)c->csrval);
    if (c->mem)
        fprintf(f, " %s %016llx %016llx", c->mem == 2 ? "st" : "ld", (unsigned long long)c->maddr,
                (unsigned long long)c->mdata);
    fputc('\n', f);
}

/* The scheduler.  Round r: every hart in turn gets `quantum` slots and the
 * round spans quantum / INSNS_PER_TICK ticks of mtime, shared out among the
 * harts in order: hart i at slot s sees
 *     mtime = r * quantum / T + (i * quantum + s) / (T * nharts),  T = INSNS_PER_TICK
 * so every hart runs T instructions per tick and mtime never goes backwards,
 * not even from one hart to the next.  A hart asleep in wfi gives up the
 * rest of its quantum. */
int iss_run(u64 max_insns, void (*tick)(void))
{
    u64 base_time = 0, rounds = 0;
    int quantum = M.quantum;
    if (quantum < INSNS_PER_TICK) quantum = INSNS_PER_TICK;
    quantum -= quantum % INSNS_PER_TICK;
    int watch_hit = 0;
    while (!M.exit_requested) {
        int ran = 0;
        for (int i = 0; i < M.nharts && !M.exit_requested; i++) {
            struct hart *h = &M.h[i];
            for (int slot = 0; slot < quantum; slot++) {
                if (slot % INSNS_PER_TICK == 0) {
                    M.mtime = base_time + (u64)(i * quantum + slot) / (u64)(INSNS_PER_TICK * M.nharts);
                    if (M.mtime >= M.mtimecmp[i]) h->mip_hw |= MIP_MTIP;
                    else h->mip_hw &= ~MIP_MTIP;
                }
                if (h->wfi) {
                    if (!pending_irqs(h)) break;
                    h->wfi = 0;
                }
                if (step(h) == ISS_RETIRE) M.total_insns++;
                ran = 1;
                h->c.hart = i;
                if (M.commit_log) iss_commit_print(M.commit_log, &h->c);
                if (M.on_commit) M.on_commit(i, &h->c);
                if (M.watch_pc && h->pc == M.watch_pc && !watch_hit) {
                    watch_hit = 1;
                    fprintf(stderr, "iss: hart %d reached pc 0x%llx after %llu of its own instructions "
                            "(%llu on all harts)\n", i, (unsigned long long)M.watch_pc,
                            (unsigned long long)h->instret, (unsigned long long)M.total_insns);
                }
                if (M.exit_requested || M.reset_requested) break;
            }
            if (M.reset_requested) break;
        }
        if (M.reset_requested) { iss_reset(); base_time = 0; ran = 1; }
        else base_time += (u64)(quantum / INSNS_PER_TICK);
        if (!ran) {
            /* every hart sleeps in wfi: jump to the next timer deadline */
            u64 next = ~0ULL;
            for (int i = 0; i < M.nharts; i++)
                if (M.mtimecmp[i] > base_time && M.mtimecmp[i] < next) next = M.mtimecmp[i];
            if (next != ~0ULL) base_time = next;
            else usleep(1000);   /* only input can wake a hart: do not burn the host CPU */
        }
        M.mtime = base_time;
        dev_tick();
        if ((++rounds & 15) == 0) uart_poll_input();
        if (tick) tick();
        if (max_insns && M.total_insns >= max_insns) return 124;
    }
    return M.exit_code;
}
