// hart_main.cpp -- one hart_core under Verilator, its memory port served by
// C++ (RAM and ROM copied from the reference model's loader, a finisher, a
// transmit-only UART, a CLINT), every retired record checked against the
// model (--cosim).  For bare programs (tests/isa, rvgen.py) on the hart
// alone, before and besides the whole SoC (sim_main.cpp).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "Vhart_core.h"
#include "verilated.h"

extern "C" {
#include "iss.h"
}

enum { EXIT_DIVERGENCE = 120, EXIT_MAXCYCLES = 124, EXIT_USAGE = 125 };

enum { C_LOAD = 0, C_STORE, C_LR, C_SC, C_FETCH, C_SWAP, C_ADD, C_XOR, C_AND, C_OR, C_MIN, C_MAX, C_MINU, C_MAXU };

static Vhart_core *top;
static uint64_t cycle;
static std::vector<uint8_t> ram;
static uint8_t rom[ROM_SIZE];
static uint64_t mtime, mtimecmp = ~0ULL;
static uint32_t msip;
static int finished = -1;
static uint64_t resv = ~0ULL;
static int mtime_div = 10;
static std::string uart_tail;
static const char *watch;
static bool watch_hit;

static uint64_t rd_le(const uint8_t *p, int size) { uint64_t v = 0; memcpy(&v, p, size); return v; }
static void wr_le(uint8_t *p, int size, uint64_t v) { memcpy(p, &v, size); }

static int mem_access(int cmd, uint64_t a, int size, uint64_t wdata, uint64_t *rdata)
{
    *rdata = 0;
    int n = 1 << size;
    uint64_t mask = n == 8 ? ~0ULL : (1ULL << (8 * n)) - 1;
    if (a >= RAM_BASE && a - RAM_BASE + n <= ram.size()) {
        uint8_t *p = &ram[a - RAM_BASE];
        uint64_t old = rd_le(p, n), g = a & ~(uint64_t)(RESV_GRANULE - 1);
        switch (cmd) {
        case C_LOAD: case C_FETCH: *rdata = old; return 0;
        case C_STORE: wr_le(p, n, wdata); return 0;
        case C_LR: resv = g; *rdata = old; return 0;
        case C_SC:
            if (resv == g) { wr_le(p, n, wdata); *rdata = 0; }
            else *rdata = 1;
            resv = ~0ULL;
            return 0;
        }
        // AMOs: on 32 or 64 bits, signed compares on the access size
        int64_t so = n == 4 ? (int64_t)(int32_t)old : (int64_t)old, sb = n == 4 ? (int64_t)(int32_t)wdata : (int64_t)wdata;
        uint64_t uo = old & mask, ub = wdata & mask, nv;
        switch (cmd) {
        case C_SWAP: nv = ub; break;
        case C_ADD: nv = uo + ub; break;
        case C_XOR: nv = uo ^ ub; break;
        case C_AND: nv = uo & ub; break;
        case C_OR: nv = uo | ub; break;
        case C_MIN: nv = so < sb ? uo : ub; break;
        case C_MAX: nv = so > sb ? uo : ub; break;
        case C_MINU: nv = uo < ub ? uo : ub; break;
        case C_MAXU: nv = uo > ub ? uo : ub; break;
        default: return 1;
        }
        wr_le(p, n, nv & mask);
        *rdata = old;
        return 0;
    }
    if (a >= ROM_BASE && a + n <= ROM_BASE + ROM_SIZE) {
        if (cmd != C_LOAD && cmd != C_FETCH) return 1;
        *rdata = rd_le(&rom[a - ROM_BASE], n);
        return 0;
    }
    if (cmd == C_FETCH || (cmd != C_LOAD && cmd != C_STORE)) return 1;
    if (a >= TEST_BASE && a < TEST_BASE + TEST_SIZE) {
        if (cmd == C_STORE && a == TEST_BASE && n >= 2) {
            uint32_t v = (uint32_t)wdata;
            if ((v & 0xffff) == 0x5555) finished = 0;
            else if ((v & 0xffff) == 0x3333) finished = (int)(v >> 16);
        }
        return 0;
    }
    if (a >= CLINT_BASE && a < CLINT_BASE + CLINT_SIZE) {
        uint64_t off = a - CLINT_BASE;
        uint8_t *reg = nullptr, buf[8];
        uint64_t base = 0;
        if (off < 4) { base = 0; wr_le(buf, 4, msip); reg = buf; }
        else if (off >= 0x4000 && off < 0x4008) { base = 0x4000; wr_le(buf, 8, mtimecmp); reg = buf; }
        else if (off >= 0xbff8 && off < 0xc000) { base = 0xbff8; wr_le(buf, 8, mtime); reg = buf; }
        if (!reg) return 0;
        if (cmd == C_LOAD) { *rdata = rd_le(buf + (off - base), n); return 0; }
        wr_le(buf + (off - base), n, wdata);
        if (base == 0) msip = rd_le(buf, 4) & 1;
        if (base == 0x4000) mtimecmp = rd_le(buf, 8);
        return 0;
    }
    if (a >= UART_BASE && a < UART_BASE + UART_SIZE) {
        if (size != 0) return 1;
        uint64_t off = a - UART_BASE;
        if (cmd == C_STORE && off == 0) {
            putchar((int)(wdata & 0xff));
            if ((wdata & 0xff) == '\n') fflush(stdout);
            if (watch) {
                uart_tail.push_back((char)wdata);
                size_t k = strlen(watch);
                if (uart_tail.size() >= k && !uart_tail.compare(uart_tail.size() - k, k, watch)) watch_hit = true;
                if (uart_tail.size() > 4096) uart_tail.erase(0, 2048);
            }
        }
        if (cmd == C_LOAD && off == 5) *rdata = 0x60;
        return 0;
    }
    if (a >= PLIC_BASE && a < PLIC_BASE + PLIC_SIZE) return size == 2 ? 0 : 1;
    return 1;
}

static void usage()
{
    fprintf(stderr, "usage: Vhart --bare prog.elf | --bios fw --kernel k [--initrd f] [--bootargs s] [--mem MiB]\n"
                    "             [--cosim] [--max-cycles N] [--mem-latency N] [--commit-log FILE|-] [--exit-on-uart S] [-q]\n");
    exit(EXIT_USAGE);
}

int main(int argc, char **argv)
{
    VerilatedContext *ctx = new VerilatedContext;
    iss_config cfg{};
    cfg.clusters = 1;
    cfg.harts_per_cluster = 1;
    cfg.mem_per_cluster = 16ULL << 20;
    cfg.cosim = 1;
    bool cosim = false, quiet = false;
    uint64_t max_cycles = 0;
    int latency = 1;
    FILE *log = nullptr;
    const char *exit_on_uart = nullptr;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define ARG (i + 1 < argc ? argv[++i] : (usage(), ""))
        if (!strcmp(a, "--bare")) cfg.bare = ARG;
        else if (!strcmp(a, "--bios")) cfg.bios = ARG;
        else if (!strcmp(a, "--kernel")) cfg.kernel = ARG;
        else if (!strcmp(a, "--initrd")) cfg.initrd = ARG;
        else if (!strcmp(a, "--bootargs")) cfg.bootargs = ARG;
        else if (!strcmp(a, "--mem")) cfg.mem_per_cluster = strtoull(ARG, 0, 0) << 20;
        else if (!strcmp(a, "--exit-on-uart")) exit_on_uart = ARG;
        else if (!strcmp(a, "--cosim")) cosim = true;
        else if (!strcmp(a, "--max-cycles")) max_cycles = strtoull(ARG, 0, 0);
        else if (!strcmp(a, "--mem-latency")) latency = atoi(ARG);
        else if (!strcmp(a, "--commit-log")) { const char *f = ARG; log = !strcmp(f, "-") ? stderr : fopen(f, "w"); }
        else if (!strcmp(a, "-q")) quiet = true;
        else usage();
    }
    if ((!cfg.bare && !cfg.bios) || latency < 1) usage();
    watch = exit_on_uart;
    iss_init(&cfg);
    u8 *mram;
    const u8 *mrom;
    u64 ram_size, rom_size;
    iss_image(&mram, &ram_size, &mrom, &rom_size);
    ram.assign(mram, mram + ram_size);
    memcpy(rom, mrom, sizeof rom);

    top = new Vhart_core{ctx};
    top->rst_ni = 0;
    top->mem_req_ready_i = 0;
    top->mem_rsp_valid_i = 0;
    for (int i = 0; i < 8; i++) { top->clk_i = 0; top->eval(); top->clk_i = 1; top->eval(); }
    top->rst_ni = 1;

    bool busy = false;
    uint64_t rsp_at = 0, rsp_data = 0, retired = 0, nrec = 0;
    int rsp_err = 0, rc = -1;
    const char *why = "";
    iss_rvfi ring[32];
    while (rc < 0) {
        if (cycle % mtime_div == 0) mtime++;
        top->irq_mtimer_i = mtime >= mtimecmp;
        top->irq_msoft_i = msip & 1;
        top->irq_mext_i = 0;
        top->irq_sext_i = 0;
        top->irq_ssoft_set_i = 0;      // no SSWI on the hart alone
        top->mtime_i = mtime;
        top->mem_rsp_valid_i = busy && cycle == rsp_at;
        top->mem_rsp_rdata_i = rsp_data;
        top->mem_rsp_err_i = rsp_err;
        if (busy && cycle == rsp_at) busy = false;
        top->mem_req_ready_i = !busy;
        top->clk_i = 0;
        top->eval();
        if (top->mem_req_valid_o && top->mem_req_ready_i) {
            rsp_err = mem_access(top->mem_req_cmd_o, top->mem_req_addr_o, top->mem_req_size_o, top->mem_req_wdata_o, &rsp_data);
            busy = true;
            rsp_at = cycle + latency;
        }
        if (top->rvfi_valid) {
            iss_rvfi r{};
            r.hart = 0;
            r.order = top->rvfi_order;
            r.trap = top->rvfi_trap;
            r.intr = top->rvfi_intr;
            r.mode = top->rvfi_mode;
            r.len = top->rvfi_len ? 2 : 4;
            r.insn = r.len == 2 ? (top->rvfi_insn & 0xffff) : top->rvfi_insn;
            r.pc_rdata = top->rvfi_pc_rdata;
            r.pc_wdata = top->rvfi_pc_wdata;
            r.rd_addr = top->rvfi_rd_addr;
            r.rd_wdata = top->rvfi_rd_wdata;
            r.rs1_addr = top->rvfi_rs1_addr;
            r.rs2_addr = top->rvfi_rs2_addr;
            r.rs1_rdata = top->rvfi_rs1_rdata;
            r.rs2_rdata = top->rvfi_rs2_rdata;
            r.csr_we = top->rvfi_csr_we;
            r.csr_addr = top->rvfi_csr_addr;
            r.csr_wdata = top->rvfi_csr_wdata;
            r.mem_addr = top->rvfi_mem_addr;
            r.mem_rmask = top->rvfi_mem_rmask;
            r.mem_wmask = top->rvfi_mem_wmask;
            r.mem_rdata = top->rvfi_mem_rdata;
            r.mem_wdata = top->rvfi_mem_wdata;
            r.cause = top->rvfi_cause;
            r.tval = top->rvfi_tval;
            if (log) { iss_commit c; iss_rvfi_to_commit(&r, &c); iss_commit_print(log, &c); }
            if (r.order != nrec) {
                fprintf(stderr, "hart: rvfi_order %llu, expected %llu\n", (unsigned long long)r.order, (unsigned long long)nrec);
                if (cosim) { rc = EXIT_DIVERGENCE; why = "divergence"; }
            }
            if (cosim && rc < 0) {
                iss_commit mc;
                u64 npc;
                int diff = iss_cosim_step(&r, &mc, &npc);
                if (diff) {
                    fflush(stdout);
                    fprintf(stderr, "\n==== cosim: DIVERGENCE on hart 0, its instruction %llu, cycle %llu\ndiffering: ",
                            (unsigned long long)nrec, (unsigned long long)cycle);
                    iss_cosim_explain(stderr, diff);
                    iss_commit rc2;
                    iss_rvfi_to_commit(&r, &rc2);
                    fprintf(stderr, "rtl:   ");
                    iss_commit_print(stderr, &rc2);
                    fprintf(stderr, "       next pc %016llx\nmodel: ", (unsigned long long)r.pc_wdata);
                    if (mc.kind == ISS_NONE) fprintf(stderr, "(nothing)\n");
                    else iss_commit_print(stderr, &mc);
                    fprintf(stderr, "       next pc %016llx\n-- the model's registers:\n", (unsigned long long)npc);
                    iss_print_regs(stderr, 0);
                    unsigned n = nrec < 32 ? (unsigned)nrec : 32;
                    fprintf(stderr, "-- the last %u records (RTL):\n", n);
                    for (uint64_t i = nrec - n; i < nrec; i++) { iss_commit c; iss_rvfi_to_commit(&ring[i % 32], &c); iss_commit_print(stderr, &c); }
                    fprintf(stderr, "==== cosim: FAILED\n");
                    rc = EXIT_DIVERGENCE;
                    why = "divergence";
                }
            }
            ring[nrec % 32] = r;
            nrec++;
            if (!r.trap) retired++;
        }
        top->clk_i = 1;
        top->eval();
        cycle++;
        if (rc < 0 && finished >= 0) { rc = finished; why = "finisher"; }
        if (rc < 0 && watch_hit) { rc = 0; why = "exit-on-uart"; }
        if (rc < 0 && max_cycles && cycle >= max_cycles) { rc = EXIT_MAXCYCLES; why = "max-cycles"; }
    }
    fflush(stdout);
    if (!quiet || rc)
        fprintf(stderr, "hart: exit %d (%s) after %llu cycles, %llu retired (IPC %.3f)%s\n", rc, why,
                (unsigned long long)cycle, (unsigned long long)retired, cycle ? (double)retired / cycle : 0.0,
                cosim ? (rc == EXIT_DIVERGENCE ? ", cosim: 1 divergence" : ", cosim: 0 divergences") : "");
    if (log) fflush(log);
    top->final();
    return rc;
}
