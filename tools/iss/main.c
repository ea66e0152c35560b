/* main.c -- command line, image loading, device tree, and the deterministic
 * round-robin scheduler of the harts. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "iss.h"
#include "rom_bin.h"          /* generated from platform/fpga-soc/bootrom.S */

#ifndef ISS_MKDTS
#define ISS_MKDTS "platform/fpga-soc/mkdts.py"
#endif

#define QUANTUM 1000          /* instruction slots per hart per round */
#define ROM_START_OFF 0x20
#define ROM_FDT_OFF   0x28

struct machine M;

static struct {
    const char *bios, *kernel, *initrd, *dtb, *bootargs, *bare, *commit_log, *dump_dtb;
    u64 max_insns, watch_pc;
    u64 mem_per_cluster;
    int quiet;
} opt = { .mem_per_cluster = 128ULL << 20 };

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "iss: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(125);
}

static u8 *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    u8 *p = malloc((size_t)n + 1);
    if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) die("cannot read %s", path);
    fclose(f);
    *len = (size_t)n;
    return p;
}

static void copy_to_ram(u64 pa, const u8 *src, size_t len, const char *what)
{
    u8 *p = ram_ptr(pa, 1);
    if (!p || pa - RAM_BASE + len > M.ram_size) die("%s does not fit in RAM", what);
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
            u8 *p = ram_ptr(paddr, 1);
            if (!p || paddr - RAM_BASE + memsz > M.ram_size) die("segment of %s outside RAM", path);
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
    if (fd < 0) die("mkstemp: %s", strerror(errno));
    close(fd);
    const char *gen = getenv("ISS_MKDTS") ? getenv("ISS_MKDTS") : ISS_MKDTS;
    char cmd[4096], extra[128] = "";
    if (initrd_end)
        snprintf(extra, sizeof extra, " --initrd-start 0x%llx --initrd-end 0x%llx",
                 (unsigned long long)initrd_start, (unsigned long long)initrd_end);
    if (opt.bootargs) setenv("ISS_BOOTARGS", opt.bootargs, 1);
    snprintf(cmd, sizeof cmd,
             "python3 '%s' --clusters %d --harts %d --mem %llu%s%s | dtc -q -I dts -O dtb -o '%s' -",
             gen, M.clusters, M.harts_per_cluster, (unsigned long long)opt.mem_per_cluster, extra,
             opt.bootargs ? " --bootargs \"$ISS_BOOTARGS\"" : "", tmp);
    if (system(cmd) != 0) die("device tree generation failed: %s", cmd);
    u8 *b = read_file(tmp, len);
    unlink(tmp);
    return b;
}

static u8 *dtb_blob;
static size_t dtb_len;

/* (Re)load all images and reset harts and devices: power-on and 0x7777. */
static void machine_setup(void)
{
    static int booted;
    u64 start = RAM_BASE;
    if (booted++) memset(M.ram, 0, M.ram_size);   /* calloc'd the first time */
    memset(M.rom, 0, sizeof M.rom);
    memcpy(M.rom, rom_bin, sizeof rom_bin);
    if (opt.bare) start = load_image(opt.bare, RAM_BASE);
    if (opt.bios) load_image(opt.bios, RAM_BASE);
    if (opt.kernel) load_image(opt.kernel, 0x80200000);

    u64 initrd_start = 0, initrd_end = 0;
    if (opt.initrd) {
        size_t len;
        u8 *b = read_file(opt.initrd, &len);
        u64 half = M.ram_size / 2 < (128ULL << 20) ? M.ram_size / 2 : (128ULL << 20);
        initrd_start = 0x80200000 + half;      /* same rule as QEMU 7.2 */
        initrd_end = initrd_start + len;
        copy_to_ram(initrd_start, b, len, "initrd");
        free(b);
    }
    if (!dtb_blob) {
        if (opt.dtb) dtb_blob = read_file(opt.dtb, &dtb_len);
        else dtb_blob = make_dtb(&dtb_len, initrd_start, initrd_end);
        if (opt.dump_dtb) {
            FILE *f = fopen(opt.dump_dtb, "wb");
            if (!f || fwrite(dtb_blob, 1, dtb_len, f) != dtb_len) die("cannot write %s", opt.dump_dtb);
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

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static struct termios saved_tio;
static int tio_saved;
static void restore_tty(void) { if (tio_saved) tcsetattr(0, TCSANOW, &saved_tio); }

static u64 parse_size(const char *s)
{
    char *e;
    u64 v = strtoull(s, &e, 0);
    switch (*e) {
    case 'k': case 'K': v <<= 10; break;
    case 'm': case 'M': v <<= 20; break;
    case 'g': case 'G': v <<= 30; break;
    }
    return v;
}

static void usage(void)
{
    fprintf(stderr,
        "usage: iss [--clusters N] [--harts M] [--mem-per-cluster SIZE] [--bios fw.bin]\n"
        "           [--kernel kernel.bin] [--initrd file] [--dtb file] [--bootargs STR]\n"
        "           [--commit-log FILE] [--max-insns N] [--watch-pc ADDR] [--bare prog.elf|.bin]\n"
        "           [--dump-dtb FILE] [-q]\n");
    exit(125);
}

int main(int argc, char **argv)
{
    M.clusters = 1;
    M.harts_per_cluster = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define ARG (i + 1 < argc ? argv[++i] : (usage(), ""))
        if (!strcmp(a, "--clusters")) M.clusters = atoi(ARG);
        else if (!strcmp(a, "--harts")) M.harts_per_cluster = atoi(ARG);
        else if (!strcmp(a, "--mem-per-cluster")) opt.mem_per_cluster = parse_size(ARG);
        else if (!strcmp(a, "--bios")) opt.bios = ARG;
        else if (!strcmp(a, "--kernel")) opt.kernel = ARG;
        else if (!strcmp(a, "--initrd")) opt.initrd = ARG;
        else if (!strcmp(a, "--dtb")) opt.dtb = ARG;
        else if (!strcmp(a, "--bootargs")) opt.bootargs = ARG;
        else if (!strcmp(a, "--commit-log")) opt.commit_log = ARG;
        else if (!strcmp(a, "--max-insns")) opt.max_insns = parse_size(ARG);
        else if (!strcmp(a, "--watch-pc")) opt.watch_pc = strtoull(ARG, 0, 0);
        else if (!strcmp(a, "--bare")) opt.bare = ARG;
        else if (!strcmp(a, "--dump-dtb")) opt.dump_dtb = ARG;
        else if (!strcmp(a, "-q")) opt.quiet = 1;
        else usage();
    }
    M.nharts = M.clusters * M.harts_per_cluster;
    if (M.nharts < 1 || M.nharts > MAX_HARTS) die("bad hart count%s", "");
    if (!opt.bare && !opt.bios) die("need --bios or --bare%s", "");
    M.ram_size = opt.mem_per_cluster * (u64)M.clusters;
    M.ram = calloc(1, M.ram_size);
    M.h = calloc((size_t)M.nharts, sizeof *M.h);
    if (!M.ram || !M.h) die("out of memory%s", "");
    if (opt.commit_log) {
        M.commit_log = !strcmp(opt.commit_log, "-") ? stderr : fopen(opt.commit_log, "w");
        if (!M.commit_log) die("cannot open %s", opt.commit_log);
    }
    if (isatty(0) && tcgetattr(0, &saved_tio) == 0) {
        struct termios t = saved_tio;
        t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
        tio_saved = 1;
        atexit(restore_tty);
        tcsetattr(0, TCSANOW, &t);
    }
    cpu_init();
    machine_setup();

    double t0 = now(), tlast = t0;
    u64 base_time = 0, rounds = 0, watch_hit = 0;
    while (!M.exit_requested) {
        int ran = 0;
        for (int i = 0; i < M.nharts && !M.exit_requested; i++) {
            struct hart *h = &M.h[i];
            for (int slot = 0; slot < QUANTUM; slot++) {
                if (slot % INSNS_PER_TICK == 0) {
                    M.mtime = base_time + (u64)(slot / INSNS_PER_TICK);
                    if (M.mtime >= M.mtimecmp[i]) h->mip_hw |= MIP_MTIP;
                    else h->mip_hw &= ~MIP_MTIP;
                }
                if (h->wfi) {
                    if (!pending_irqs(h)) break;
                    h->wfi = 0;
                }
                u64 before = h->instret;
                step(h);
                M.total_insns += h->instret - before;
                ran = 1;
                if (opt.watch_pc && h->pc == opt.watch_pc && !watch_hit) {
                    watch_hit = 1;
                    fprintf(stderr, "iss: hart %d reached pc 0x%llx after %llu of its own instructions "
                            "(%llu on all harts)\n", i, (unsigned long long)opt.watch_pc,
                            (unsigned long long)h->instret, (unsigned long long)M.total_insns);
                }
                if (M.exit_requested || M.reset_requested) break;
            }
            if (M.reset_requested) break;
        }
        if (M.reset_requested) { machine_setup(); base_time = 0; continue; }
        base_time += QUANTUM / INSNS_PER_TICK;
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
        if ((rounds & 255) == 0) {
            double t = now();
            if (t - tlast >= 3.0 && !opt.quiet) {
                fprintf(stderr, "iss: %llu instructions, %.1f MIPS\n", (unsigned long long)M.total_insns,
                        (double)M.total_insns / (t - t0) / 1e6);
                tlast = t;
            }
        }
        if (opt.max_insns && M.total_insns >= opt.max_insns) {
            fflush(stdout);
            fprintf(stderr, "iss: --max-insns %llu reached\n", (unsigned long long)opt.max_insns);
            M.exit_code = 124;
            break;
        }
    }
    fflush(stdout);
    if (M.commit_log) fflush(M.commit_log);
    double t = now() - t0;
    if (!opt.quiet)
        fprintf(stderr, "iss: exit %d, %llu instructions in %.2f s (%.1f MIPS)\n", M.exit_code,
                (unsigned long long)M.total_insns, t, t > 0 ? (double)M.total_insns / t / 1e6 : 0.0);
    return M.exit_code;
}
