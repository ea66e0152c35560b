// tb.cpp -- Verilator bench of hart_core alone: one hart, a flat memory
// behind its memory port, and a commit log in the model's format
// (iss_commit_print) that run.sh compares with `iss --commit-log`.
//
// The memory and the devices are the model's own (tools/iss, linked as
// libiss.a): iss_init() loads the program, the boot ROM (patched like the
// model's) and the device tree exactly as `iss --bare` does, and every
// request of the hart is served by bus_load()/bus_store() on that machine,
// so RAM contents, the finisher, the UART, the CLINT and the PLIC behave as
// in the model.  The harts of the model are never stepped.  The bench adds
// what the memory side of the port owns: LR/SC reservations and the AMO
// read-modify-write.
//
// Port timing: a request accepted (valid && ready at a clock edge) is
// performed at that edge, its response is valid LATENCY cycles later for
// one cycle.  --stall P: ready is low with probability P% (seeded).
//
// Time: mtime follows the model's one-hart scheduler (tools/iss/machine.c
// iss_run): one tick per INSNS_PER_TICK (10) records, rounds of `quantum`
// (1000) slots; a hart asleep in wfi ends its round, and if it still
// sleeps in the next one, time jumps to its mtimecmp.  The CLINT/PLIC
// interrupt levels of the model's hart 0 (mip_hw) drive the irq inputs.
//
// usage: tb --elf prog.elf | --bios fw_dynamic.bin [--kernel payload.bin]
//           [--initrd FILE] [--bootargs STR] [--log FILE] [--max-cycles N] [--latency L]
//           [--stall P] [--seed S] [--corrupt N] [--quiet]
// exit status: the finisher code (0 pass), 124 on --max-cycles.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cstdint>
#include <deque>
#include "Vhart_core.h"
#include "verilated.h"
extern "C" {
#include "iss.h"
}

struct Pending { uint64_t due; uint64_t rdata; bool err; };

int main(int argc, char **argv)
{
    const char *elf = nullptr, *logname = nullptr, *bios = nullptr, *kernel = nullptr;
    const char *initrd = nullptr, *bootargs = nullptr;
    uint64_t max_cycles = 20000000, latency = 2, corrupt = 0;
    int stall = 0, quiet = 0;
    unsigned seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--elf") && i + 1 < argc) elf = argv[++i];
        else if (!strcmp(a, "--log") && i + 1 < argc) logname = argv[++i];
        else if (!strcmp(a, "--bios") && i + 1 < argc) bios = argv[++i];
        else if (!strcmp(a, "--kernel") && i + 1 < argc) kernel = argv[++i];
        else if (!strcmp(a, "--initrd") && i + 1 < argc) initrd = argv[++i];
        else if (!strcmp(a, "--bootargs") && i + 1 < argc) bootargs = argv[++i];
        else if (!strcmp(a, "--max-cycles") && i + 1 < argc) max_cycles = strtoull(argv[++i], 0, 0);
        else if (!strcmp(a, "--latency") && i + 1 < argc) latency = strtoull(argv[++i], 0, 0);
        else if (!strcmp(a, "--stall") && i + 1 < argc) stall = atoi(argv[++i]);
        else if (!strcmp(a, "--seed") && i + 1 < argc) seed = (unsigned)atoi(argv[++i]);
        else if (!strcmp(a, "--corrupt") && i + 1 < argc) corrupt = strtoull(argv[++i], 0, 0);
        else if (!strcmp(a, "--quiet")) quiet = 1;
        else if (a[0] == '+') ;   // verilator plusargs
        else { fprintf(stderr, "tb: unknown argument %s\n", a); return 125; }
    }
    if (!elf && !bios) { fprintf(stderr, "tb: need --elf or --bios\n"); return 125; }
    if (latency < 1) latency = 1;
    srand(seed);

    struct iss_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.clusters = 1; cfg.harts_per_cluster = 1; cfg.mem_per_cluster = 128ULL << 20;
    cfg.bare = elf;
    cfg.bios = bios;
    cfg.kernel = kernel;
    cfg.initrd = initrd;
    cfg.bootargs = bootargs;
    M.quantum = 1000;
    iss_init(&cfg);
    FILE *log = logname ? fopen(logname, "w") : nullptr;

    Verilated::commandArgs(argc, argv);
    Vhart_core *top = new Vhart_core;
    top->clk_i = 0; top->rst_ni = 0;
    top->mem_req_ready_i = 1; top->mem_rsp_valid_i = 0;
    top->eval();
    for (int i = 0; i < 4; i++) { top->clk_i = 1; top->eval(); top->clk_i = 0; top->eval(); }
    top->rst_ni = 1; top->eval();

    std::deque<Pending> rsp;
    uint64_t cycle = 0, records = 0, retired = 0;
    uint64_t resv = ~0ULL;                         // LR/SC reservation granule
    // the model's scheduler time
    uint64_t base_time = 0, slot = 0, idle = 0;
    int sleep_phase = 0;                           // 1: a wfi retired, 2: round ended asleep
    int rc = 124;
    int exit_wait = 0;
    struct hart *h0 = &M.h[0];
    h0->mip_hw = 0;
    iss_set_mtime(0);

    while (cycle < max_cycles) {
        // ---- the edge: sample the request, perform it ----
        if (top->mem_req_valid_o && top->mem_req_ready_i) {
            uint64_t pa = top->mem_req_addr_o, wd = top->mem_req_wdata_o, v = 0;
            int size = 1 << top->mem_req_size_o, cmd = top->mem_req_cmd_o, err = 0;
            uint64_t g = pa & ~(uint64_t)(RESV_GRANULE - 1);
            uint64_t mask = size == 8 ? ~0ULL : ((1ULL << (size * 8)) - 1);
            switch (cmd) {
            case 0: case 4:                        // load, fetch
                if (cmd == 4 && !(ram_ptr(pa, size) || (pa >= ROM_BASE && pa + size <= ROM_BASE + ROM_SIZE))) err = 1;
                else err = bus_load(pa, size, &v);
                break;
            case 1: err = bus_store(pa, size, wd); break;
            case 2: err = bus_load(pa, size, &v); if (!err) resv = g; break;
            case 3:
                if (resv == g) { err = bus_store(pa, size, wd); v = 0; }
                else v = 1;
                resv = ~0ULL;
                break;
            default: {                             // AMOs
                uint64_t old, n, a, b = wd;
                err = bus_load(pa, size, &old);
                if (err) break;
                a = old;
                if (size == 4) { a = (uint64_t)(int64_t)(int32_t)old; b = (uint64_t)(int64_t)(int32_t)wd; }
                switch (cmd) {
                case 5: n = b; break;
                case 6: n = a + b; break;
                case 7: n = a ^ b; break;
                case 8: n = a & b; break;
                case 9: n = a | b; break;
                case 10: n = (int64_t)a < (int64_t)b ? a : b; break;
                case 11: n = (int64_t)a > (int64_t)b ? a : b; break;
                case 12: n = a < b ? a : b; break;
                default: n = a > b ? a : b; break;
                }
                err = bus_store(pa, size, n & mask);
                v = old;
            }
            }
            rsp.push_back({cycle + latency, err ? 0 : (v & mask), err != 0});
        }
        top->clk_i = 1; top->eval();
        cycle++;

        // ---- after the edge: the retire port ----
        if (top->rvfi_valid) {
            records++;
            idle = 0;
            struct iss_commit c;
            memset(&c, 0, sizeof c);
            c.hart = 0; c.priv = top->rvfi_mode; c.pc = top->rvfi_pc_rdata;
            if (top->rvfi_trap) {
                c.kind = ISS_TRAP; c.cause = top->rvfi_cause; c.tval = top->rvfi_tval;
            } else {
                retired++;
                c.kind = ISS_RETIRE; c.insn = top->rvfi_insn; c.len = top->rvfi_len ? 2 : 4;
                c.rd = top->rvfi_rd_addr; c.rdval = top->rvfi_rd_wdata;
                if (top->rvfi_csr_we) { c.csr = top->rvfi_csr_addr; c.csrval = top->rvfi_csr_wdata; }
                if (top->rvfi_mem_wmask) { c.mem = 2; c.maddr = top->rvfi_mem_addr; c.mdata = top->rvfi_mem_wdata; }
                else if (top->rvfi_mem_rmask) { c.mem = 1; c.maddr = top->rvfi_mem_addr; c.mdata = top->rvfi_mem_rdata; }
                if (corrupt && records == corrupt) { c.rdval ^= 1; if (!c.rd) c.rd = 31; }
                if (c.insn == 0x10500073) sleep_phase = 1; else sleep_phase = 0;
            }
            if (log) iss_commit_print(log, &c);
            if (++slot == (uint64_t)M.quantum) { slot = 0; base_time += M.quantum / INSNS_PER_TICK; }
            if (slot % INSNS_PER_TICK == 0) iss_set_mtime(base_time + slot / INSNS_PER_TICK);
        } else if (sleep_phase && ++idle >= 200) {
            idle = 0;
            if (sleep_phase == 1) {                // the round ends: the hart gave up its quantum
                base_time += M.quantum / INSNS_PER_TICK;
                slot = 0;
                sleep_phase = 2;
            } else if (M.mtimecmp[0] > base_time && M.mtimecmp[0] != ~0ULL) {
                base_time = M.mtimecmp[0];         // everyone asleep: jump to the deadline
            }
            iss_set_mtime(base_time);
        }
        // the finisher store: stop once its record is out (or soon after)
        if (M.exit_requested && (top->rvfi_valid || ++exit_wait > 64)) { rc = M.exit_code; break; }
        if (M.reset_requested) { fprintf(stderr, "tb: reset requested (not supported)\n"); rc = 125; break; }
        if ((cycle & 1023) == 0) uart_poll_input();

        // ---- inputs for the next cycle ----
        top->mem_rsp_valid_i = 0;
        if (!rsp.empty() && rsp.front().due == cycle) {
            top->mem_rsp_valid_i = 1;
            top->mem_rsp_rdata_i = rsp.front().rdata;
            top->mem_rsp_err_i = rsp.front().err;
            rsp.pop_front();
        }
        top->mem_req_ready_i = stall ? ((rand() % 100) >= stall) : 1;
        top->mtime_i = M.mtime;
        top->irq_msoft_i = (h0->mip_hw & MIP_MSIP) != 0;
        top->irq_mtimer_i = (h0->mip_hw & MIP_MTIP) != 0;
        top->irq_mext_i = (h0->mip_hw & MIP_MEIP) != 0;
        top->irq_sext_i = (h0->mip_hw & MIP_SEIP) != 0;
        top->irq_ssoft_set_i = 0;      // no SSWI here
        top->clk_i = 0; top->eval();
    }
    fflush(stdout);
    if (log) fclose(log);
    if (!quiet)
        fprintf(stderr, "tb: exit %d after %llu cycles, %llu instructions retired, CPI %.2f\n", rc,
                (unsigned long long)cycle, (unsigned long long)retired,
                retired ? (double)cycle / (double)retired : 0.0);
    delete top;
    return rc;
}
