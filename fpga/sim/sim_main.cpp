// sim_main.cpp -- the Verilator harness of the almos-rv SoC (fpga/README.md).
//
// Loads the images through the reference model's loader (tools/iss:
// bootrom, device tree from mkdts.py, OpenSBI, kernel, initrd, or a bare
// test program), copies the model's RAM and ROM into the RTL's arrays,
// runs soc_top, connects its UART to stdout/stdin, ends on the finisher
// (or an ELF's `tohost`), and with --cosim steps the model on every record
// of every hart's retire port and stops at the first divergence.
//
// Built once per configuration (CLUSTERS, HARTS_PER_CLUSTER,
// MEM_PER_CLUSTER are compile-time: they are the RTL's parameters).
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "harness.h"
#include "Vsoc_top.h"
#include "verilated.h"
#include "verilated_syms.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

extern "C" {
#include "iss.h"
}

#ifndef CLUSTERS
#define CLUSTERS 1
#endif
#ifndef HARTS_PER_CLUSTER
#define HARTS_PER_CLUSTER 1
#endif
#ifndef MEM_PER_CLUSTER
#define MEM_PER_CLUSTER (128ULL << 20)
#endif
#define NH (CLUSTERS * HARTS_PER_CLUSTER)

enum { EXIT_DIVERGENCE = 120, EXIT_MAXCYCLES = 124, EXIT_USAGE = 125 };

// ---------------------------------------------------------------- bits --
// A field [lo, lo + w) of a flattened port, whatever C++ type Verilator
// chose for it (CData..QData, or VlWide for more than 64 bits).
template <typename T>
static inline uint64_t field(const T &v, int lo, int w)
{
    uint64_t x = (uint64_t)v >> lo;
    return w >= 64 ? x : x & ((1ULL << w) - 1);
}
template <std::size_t N>
static inline uint64_t field(const VlWide<N> &v, int lo, int w)
{
    uint64_t r = 0;
    int got = 0;
    while (got < w) {
        int b = lo + got, n = 32 - b % 32;
        if (n > w - got) n = w - got;
        uint64_t chunk = (uint64_t)(v[b / 32] >> (b % 32));
        if (n < 64) chunk &= (1ULL << n) - 1;
        r |= chunk << got;
        got += n;
    }
    return r;
}

// ------------------------------------------------ harness.h, shared --
using harness::now;
using harness::parse_num;

// ------------------------------------------------------------ the ELF --
// The address of the symbol `tohost` in an ELF64, or 0.
static uint64_t elf_symbol(const char *path, const char *want)
{
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    std::vector<uint8_t> b;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    b.resize((size_t)n);
    size_t got = fread(b.data(), 1, b.size(), f);
    fclose(f);
    if (got != b.size() || n < 64 || memcmp(b.data(), "\177ELF", 4) || b[4] != 2) return 0;
    uint64_t shoff;
    uint16_t shentsize, shnum;
    memcpy(&shoff, &b[40], 8);
    memcpy(&shentsize, &b[58], 2);
    memcpy(&shnum, &b[60], 2);
    for (int i = 0; i < shnum; i++) {
        const uint8_t *sh = &b[shoff + (uint64_t)i * shentsize];
        uint32_t type, link;
        uint64_t off, size, entsize;
        memcpy(&type, sh + 4, 4);
        if (type != 2) continue;   // SHT_SYMTAB
        memcpy(&off, sh + 24, 8);
        memcpy(&size, sh + 32, 8);
        memcpy(&link, sh + 40, 4);
        memcpy(&entsize, sh + 56, 8);
        const uint8_t *strsh = &b[shoff + (uint64_t)link * shentsize];
        uint64_t stroff;
        memcpy(&stroff, strsh + 24, 8);
        for (uint64_t s = 0; entsize && s + entsize <= size; s += entsize) {
            const uint8_t *sym = &b[off + s];
            uint32_t name;
            uint64_t value;
            memcpy(&name, sym, 4);
            memcpy(&value, sym + 8, 8);
            if (!strcmp((const char *)&b[stroff + name], want)) return value;
        }
    }
    return 0;
}

// ------------------------------------------------------------ harness --
struct Options {
    iss_config cfg{};
    uint64_t max_cycles = 0;
    const char *trace = nullptr;
    const char *commit_log = nullptr;
    bool cosim = false, quiet = false;
    uint64_t corrupt = 0;          // --corrupt N: flip a bit of rd of the N-th retired record (counting all harts, from 1)
    const char *exit_on_uart = nullptr;
    uint64_t tohost = 0;
};

static Options opt;
static Vsoc_top *top;
static VerilatedContext *ctx;
#if VM_TRACE
static VerilatedFstC *tfp;
#endif
static uint64_t cycle, sim_time;
static uint64_t retired[NH], traps[NH];
static FILE *commit_log;

// cosim state: per hart, the last 32 records and the RTL's register file as
// its retire port wrote it
struct Ring {
    iss_rvfi r[32];
    unsigned n = 0;
    void push(const iss_rvfi &x) { r[n++ % 32] = x; }
};
static Ring ring[NH];
static uint64_t rtl_x[NH][32];
static uint64_t sc_disagreements;

// Copy the model's loaded RAM and ROM into the RTL's public arrays.
static void load_memories()
{
    u8 *ram;
    const u8 *rom;
    u64 ram_size, rom_size;
    iss_image(&ram, &ram_size, &rom, &rom_size);
    int found_ram = 0, found_rom = 0;
    const VerilatedScopeNameMap *scopes = ctx->scopeNameMap();
    for (const auto &it : *scopes) {
        const char *sname = it.first;
        const VerilatedScope *scope = it.second;
        if (!scope->varsp()) continue;
        auto vit = scope->varsp()->find("mem");
        if (vit == scope->varsp()->end()) continue;
        VerilatedVar &v = vit->second;
        std::string name = sname;
        uint64_t words = v.udims() ? (uint64_t)v.unpacked().elements() : 0;
        if (v.vltype() != VLVT_UINT64 || !words) {
            fprintf(stderr, "sim: %s.mem is not an array of 64-bit words\n", sname);
            exit(EXIT_USAGE);
        }
        if (name.find("u_rom") != std::string::npos) {
            uint64_t n = words * 8 < rom_size ? words * 8 : rom_size;
            memset(v.datap(), 0, words * 8);
            memcpy(v.datap(), rom, n);
            found_rom++;
            continue;
        }
        // the RAM bank of cluster c: gen_cluster[c] in the path
        size_t p = name.find("gen_cluster");
        if (p == std::string::npos) continue;
        p += strlen("gen_cluster");
        while (p < name.size() && !isdigit((unsigned char)name[p])) p++;
        int c = atoi(name.c_str() + p);
        if (c < 0 || c >= CLUSTERS || words * 8 != MEM_PER_CLUSTER) {
            fprintf(stderr, "sim: %s.mem: %llu words for cluster %d, expected %llu\n", sname,
                    (unsigned long long)words, c, (unsigned long long)(MEM_PER_CLUSTER / 8));
            exit(EXIT_USAGE);
        }
        memcpy(v.datap(), ram + (uint64_t)c * MEM_PER_CLUSTER, MEM_PER_CLUSTER);
        found_ram++;
    }
    if (found_ram != CLUSTERS || found_rom != 1) {
        fprintf(stderr, "sim: found %d RAM banks (want %d) and %d ROM (want 1): public arrays `mem`\n",
                found_ram, CLUSTERS, found_rom);
        for (const auto &it : *scopes) fprintf(stderr, "  scope %s\n", it.first);
        exit(EXIT_USAGE);
    }
}

static void tick_half(int clk)
{
    top->clk_i = clk;
    top->eval();
#if VM_TRACE
    if (tfp) tfp->dump(sim_time);
#endif
    sim_time++;
}

static void reset_rtl()
{
    top->rst_ni = 0;
    top->uart_rx_valid_i = 0;
    top->uart_tx_ready_i = 1;
    for (int i = 0; i < 8; i++) { tick_half(0); tick_half(1); }
    top->rst_ni = 1;
    for (int h = 0; h < NH; h++) memset(rtl_x[h], 0, sizeof rtl_x[h]);
}

static iss_rvfi read_rvfi(int h)
{
    iss_rvfi r;
    r.hart = h;
    r.order = field(top->rvfi_order, h * 64, 64);
    r.trap = (int)field(top->rvfi_trap, h, 1);
    r.intr = (int)field(top->rvfi_intr, h, 1);
    r.mode = (int)field(top->rvfi_mode, h * 2, 2);
    r.insn = (u32)field(top->rvfi_insn, h * 32, 32);
    r.len = field(top->rvfi_len, h, 1) ? 2 : 4;
    r.pc_rdata = field(top->rvfi_pc_rdata, h * 64, 64);
    r.pc_wdata = field(top->rvfi_pc_wdata, h * 64, 64);
    r.rd_addr = (int)field(top->rvfi_rd_addr, h * 5, 5);
    r.rd_wdata = field(top->rvfi_rd_wdata, h * 64, 64);
    r.rs1_addr = (int)field(top->rvfi_rs1_addr, h * 5, 5);
    r.rs2_addr = (int)field(top->rvfi_rs2_addr, h * 5, 5);
    r.rs1_rdata = field(top->rvfi_rs1_rdata, h * 64, 64);
    r.rs2_rdata = field(top->rvfi_rs2_rdata, h * 64, 64);
    r.csr_we = (int)field(top->rvfi_csr_we, h, 1);
    r.csr_addr = (int)field(top->rvfi_csr_addr, h * 12, 12);
    r.csr_wdata = field(top->rvfi_csr_wdata, h * 64, 64);
    r.mem_addr = field(top->rvfi_mem_addr, h * 64, 64);
    r.mem_rmask = (int)field(top->rvfi_mem_rmask, h * 8, 8);
    r.mem_wmask = (int)field(top->rvfi_mem_wmask, h * 8, 8);
    r.mem_rdata = field(top->rvfi_mem_rdata, h * 64, 64);
    r.mem_wdata = field(top->rvfi_mem_wdata, h * 64, 64);
    r.cause = field(top->rvfi_cause, h * 64, 64);
    r.tval = field(top->rvfi_tval, h * 64, 64);
    if (r.len == 2) r.insn &= 0xffff;
    return r;
}

static void print_rvfi_line(FILE *f, const iss_rvfi &r)
{
    iss_commit c;
    iss_rvfi_to_commit(&r, &c);
    iss_commit_print(f, &c);
}

static void divergence(const iss_rvfi &r, const iss_commit &mc, u64 npc, int diff)
{
    fflush(stdout);
    FILE *f = stderr;
    fprintf(f, "\n==== cosim: DIVERGENCE on hart %d, its record %llu (from 0; rvfi_order %llu), cycle %llu\n",
            r.hart, (unsigned long long)(retired[r.hart] + traps[r.hart] - 1), (unsigned long long)r.order,
            (unsigned long long)cycle);
    fprintf(f, "differing: ");
    iss_cosim_explain(f, diff);
    iss_commit rc;
    iss_rvfi_to_commit(&r, &rc);
    fprintf(f, "rtl:   ");
    iss_commit_print(f, &rc);
    if (rc.kind == ISS_NONE) fprintf(f, "\n");
    fprintf(f, "       next pc %016llx\n", (unsigned long long)r.pc_wdata);
    fprintf(f, "model: ");
    if (mc.kind == ISS_NONE) fprintf(f, "(nothing: %s)\n", diff & CS_IRQ ? "interrupt not taken" : "asleep");
    else iss_commit_print(f, &mc);
    fprintf(f, "       next pc %016llx\n", (unsigned long long)npc);
    fprintf(f, "-- the RTL's registers (as its retire port wrote them), hart %d:\n", r.hart);
    for (int i = 0; i < 32; i++)
        fprintf(f, "x%-2d %016llx%s", i, (unsigned long long)rtl_x[r.hart][i], i % 4 == 3 ? "\n" : "  ");
    fprintf(f, "-- the model's registers after its step, hart %d:\n", r.hart);
    iss_print_regs(f, r.hart);
    const Ring &g = ring[r.hart];
    unsigned n = g.n < 32 ? g.n : 32;
    fprintf(f, "-- the last %u records of hart %d before it (RTL):\n", n, r.hart);
    for (unsigned i = g.n - n; i < g.n; i++) print_rvfi_line(f, g.r[i % 32]);
    fprintf(f, "==== cosim: FAILED\n");
}

// --------------------------------------------------------------- main --
static void usage()
{
    fprintf(stderr,
            "usage: sim [--bios fw.bin] [--kernel kernel.bin] [--initrd FILE] [--dtb FILE] [--bootargs STR]\n"
            "           [--bare prog.elf] [--cosim] [--max-cycles N] [--trace FILE.fst] [--commit-log FILE|-]\n"
            "           [--corrupt N] [--exit-on-uart STR] [-q]\n"
            "  built for %d cluster(s) x %d hart(s), %llu MiB per cluster\n",
            CLUSTERS, HARTS_PER_CLUSTER, (unsigned long long)(MEM_PER_CLUSTER >> 20));
    exit(EXIT_USAGE);
}

int main(int argc, char **argv)
{
    ctx = new VerilatedContext;
    opt.cfg.clusters = CLUSTERS;
    opt.cfg.harts_per_cluster = HARTS_PER_CLUSTER;
    opt.cfg.mem_per_cluster = MEM_PER_CLUSTER;
    opt.cfg.cosim = 1;   // the model's UART never prints: the RTL's is the real one
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define ARG (i + 1 < argc ? argv[++i] : (usage(), ""))
        if (!strcmp(a, "--bios")) opt.cfg.bios = ARG;
        else if (!strcmp(a, "--kernel")) opt.cfg.kernel = ARG;
        else if (!strcmp(a, "--initrd")) opt.cfg.initrd = ARG;
        else if (!strcmp(a, "--dtb")) opt.cfg.dtb = ARG;
        else if (!strcmp(a, "--bootargs")) opt.cfg.bootargs = ARG;
        else if (!strcmp(a, "--bare")) opt.cfg.bare = ARG;
        else if (!strcmp(a, "--cosim")) opt.cosim = true;
        else if (!strcmp(a, "--max-cycles")) opt.max_cycles = parse_num(ARG);
        else if (!strcmp(a, "--trace")) opt.trace = ARG;
        else if (!strcmp(a, "--commit-log")) opt.commit_log = ARG;
        else if (!strcmp(a, "--corrupt")) opt.corrupt = parse_num(ARG);
        else if (!strcmp(a, "--exit-on-uart")) opt.exit_on_uart = ARG;
        else if (!strcmp(a, "-q")) opt.quiet = true;
        else usage();
    }
    if (!opt.cfg.bios && !opt.cfg.bare) usage();
    if (opt.cfg.bare) opt.tohost = elf_symbol(opt.cfg.bare, "tohost");

    iss_init(&opt.cfg);          // the one loader: ROM, DT, firmware, kernel, initrd
    if (opt.commit_log) {
        commit_log = !strcmp(opt.commit_log, "-") ? stderr : fopen(opt.commit_log, "w");
        if (!commit_log) { fprintf(stderr, "sim: cannot open %s\n", opt.commit_log); return EXIT_USAGE; }
    }

    top = new Vsoc_top{ctx};
#if VM_TRACE
    if (opt.trace) {
        ctx->traceEverOn(true);
        tfp = new VerilatedFstC;
        top->trace(tfp, 99);
        tfp->open(opt.trace);
    }
#else
    if (opt.trace) { fprintf(stderr, "sim: built without tracing (SIM_TRACE=1)\n"); return EXIT_USAGE; }
#endif
    load_memories();
    reset_rtl();

    harness::terminal_raw();

    std::deque<uint8_t> rx;
    bool stdin_eof = false;
    std::string uart_tail;
    double t0 = now(), tlast = t0;
    uint64_t clast = 0, nrec = 0, corrupted = 0;
    uint64_t last_pc[NH] = {0};       // pc of each hart's last record, for the progress line
    int rc = -1;
    const char *why = "";

    while (rc < 0) {
        // ---- inputs, then sample the outputs before the rising edge
        if ((cycle & 4095) == 0) {
            harness::poll_stdin(rx, &stdin_eof);
            fflush(stdout);
            if (!opt.quiet && (cycle & 0x3ffff) == 0) {
                double t = now();
                if (t - tlast >= 3.0) {
                    fprintf(stderr, "sim: %llu cycles, %.1f kHz, retired", (unsigned long long)cycle,
                            (double)(cycle - clast) / (t - tlast) / 1e3);
                    for (int h = 0; h < NH; h++)
                        fprintf(stderr, " h%d %llu (IPC %.3f, pc %llx)", h, (unsigned long long)retired[h],
                                cycle ? (double)retired[h] / (double)cycle : 0.0, (unsigned long long)last_pc[h]);
                    fprintf(stderr, "\n");
                    tlast = t;
                    clast = cycle;
                }
            }
        }
        top->uart_rx_valid_i = !rx.empty();
        top->uart_rx_data_i = rx.empty() ? 0 : rx.front();
        top->uart_tx_ready_i = 1;
        tick_half(0);

        if (top->uart_tx_valid_o) {
            uint8_t ch = top->uart_tx_data_o;
            putchar(ch);
            if (ch == '\n') fflush(stdout);
            if (opt.exit_on_uart) {
                uart_tail.push_back((char)ch);
                size_t n = strlen(opt.exit_on_uart);
                if (uart_tail.size() > 4 * n + 64) uart_tail.erase(0, uart_tail.size() - 2 * n);
                if (uart_tail.size() >= n && !uart_tail.compare(uart_tail.size() - n, n, opt.exit_on_uart)) {
                    fflush(stdout);
                    fprintf(stderr, "\nsim: UART printed \"%s\" at cycle %llu\n", opt.exit_on_uart,
                            (unsigned long long)cycle);
                    rc = 0;
                    why = "exit-on-uart";
                }
            }
        }
        if (top->uart_rx_valid_i && top->uart_rx_ready_o) rx.pop_front();

        if (top->rvfi_valid) {
            for (int h = 0; h < NH; h++) {
                if (!field(top->rvfi_valid, h, 1)) continue;
                iss_rvfi r = read_rvfi(h);
                nrec++;
                if (opt.corrupt && !corrupted && nrec >= opt.corrupt && !r.trap && r.rd_addr &&
                    (r.insn & 0x7f) != 0x73 && (r.insn & 0x7f) != 0x2f && !r.mem_rmask) {
                    r.rd_wdata ^= 1ULL << 3;   // what a broken ALU would do
                    corrupted = nrec;
                    fprintf(stderr, "sim: --corrupt: flipped bit 3 of x%d on record %llu (hart %d)\n", r.rd_addr,
                            (unsigned long long)nrec, h);
                }
                if (r.order != retired[h] + traps[h]) {
                    fflush(stdout);
                    fprintf(stderr, "\nsim: hart %d: record order %llu, expected %llu (a record lost or repeated)\n", h,
                            (unsigned long long)r.order, (unsigned long long)(retired[h] + traps[h]));
                    if (opt.cosim) {
                        fprintf(stderr, "==== cosim: DIVERGENCE on hart %d: rvfi_order out of sequence\n", h);
                        rc = EXIT_DIVERGENCE;
                        why = "divergence";
                        break;
                    }
                }
                if (r.trap) traps[h]++;
                else retired[h]++;
                last_pc[h] = r.pc_rdata;
                if (commit_log) print_rvfi_line(commit_log, r);
                if (opt.cosim) {
                    iss_commit mc;
                    u64 npc;
                    int diff = iss_cosim_step(&r, &mc, &npc);
                    if (diff) {
                        divergence(r, mc, npc, diff);
                        rc = EXIT_DIVERGENCE;
                        why = "divergence";
                        break;
                    }
                    ring[h].push(r);
                }
                if (!r.trap && r.rd_addr) rtl_x[h][r.rd_addr] = r.rd_wdata;
                if (opt.tohost && r.mem_wmask && r.mem_addr == opt.tohost && (r.mem_wdata & 1)) {
                    rc = (int)(r.mem_wdata >> 1);
                    why = "tohost";
                }
            }
        }
        if (rc < 0 && top->finish_valid_o) {
            if (top->finish_reset_o) {
                fflush(stdout);
                fprintf(stderr, "\nsim: finisher reset (0x7777) at cycle %llu: reloading the images, resetting\n",
                        (unsigned long long)cycle);
                tick_half(1);
                cycle++;
                iss_reset();
                load_memories();
                reset_rtl();
                continue;
            }
            rc = top->finish_code_o;
            why = "finisher";
        }
        tick_half(1);
        cycle++;
        if (rc < 0 && opt.max_cycles && cycle >= opt.max_cycles) {
            rc = EXIT_MAXCYCLES;
            why = "max-cycles";
        }
    }
    fflush(stdout);
    double t = now() - t0;
    uint64_t total = 0;
    for (int h = 0; h < NH; h++) total += retired[h];
    for (int h = 0; h < NH; h++) sc_disagreements += M.h[h].sc_disagree;
    if (!opt.quiet || rc) {
        fprintf(stderr, "sim: exit %d (%s) after %llu cycles, %.2f s, %.1f kHz; retired %llu", rc, why,
                (unsigned long long)cycle, t, t > 0 ? cycle / t / 1e3 : 0.0, (unsigned long long)total);
        for (int h = 0; h < NH; h++)
            fprintf(stderr, " [h%d %llu IPC %.3f traps %llu]", h, (unsigned long long)retired[h],
                    cycle ? (double)retired[h] / (double)cycle : 0.0, (unsigned long long)traps[h]);
        fprintf(stderr, "\n");
        if (opt.cosim)
            fprintf(stderr, "sim: cosim: %llu records compared, %s; SC verdicts differing from the model's: %llu\n",
                    (unsigned long long)nrec, rc == EXIT_DIVERGENCE ? "1 divergence" : "0 divergences",
                    (unsigned long long)sc_disagreements);
    }
    if (commit_log) fflush(commit_log);
#if VM_TRACE
    if (tfp) tfp->close();
#endif
    top->final();
    return rc;
}
