// board_main.cpp -- the Verilator harness of the ULX3S board top
// (fpga/boards/ulx3s/ulx3s_top.v, the same top `make fpga` synthesizes):
// the board around the FPGA, cycle by cycle.
//
//   clk_25mhz   driven as the core clock (the PLL stand-in passes it through
//               under Verilator: one harness cycle = one core cycle at CORE_MHZ)
//   btn[0]      BTN_PWRn, not pressed
//   SPI flash   FlashTwin (flash_twin.h), holding the boot image file at
//               IMAGE_OFFSET, as `make flash` writes it
//   SDRAM       SdramTwin (sdram_twin.h): data, and every timing rule checked
//               in cycles of the core clock; a violation ends the run
//   FTDI UART   the serial line decoded to stdout, stdin encoded onto it
//               (BOARD_BAUD bits per second)
//
// Exit status: the finisher's code (0x5555 -> 0, 0x3333 | code << 16 ->
// code), as make sim; 0x7777 resets the board top, which loads the image
// again (nothing to do here); 121 an SDRAM or flash protocol violation; 122
// a bank cache accessed on a line it does not hold (an integration error:
// soc_top's look-ahead and the grant disagree); 123 the loader refused the
// image; 124 --max-cycles; 125 usage.  --exit-on-uart STR ends with 0.
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "Vboard_sim.h"
#include "verilated.h"
#include "verilated_syms.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

#include "flash_twin.h"
#include "harness.h"
#include "sdram_twin.h"

#ifndef CORE_MHZ
#define CORE_MHZ 40
#endif
#ifndef BOARD_BAUD
#define BOARD_BAUD 2500000
#endif
#ifndef NH
#define NH 2
#endif
#ifndef CLUSTERS
#define CLUSTERS 2
#endif
#ifndef IMAGE_OFFSET
#define IMAGE_OFFSET 0x200000
#endif

enum { EXIT_PROTOCOL = 121, EXIT_CACHE = 122, EXIT_REFUSED = 123, EXIT_MAXCYCLES = 124, EXIT_USAGE = 125 };


static const double TCK_NS = 1000.0 / CORE_MHZ;
static const unsigned BIT_CK = (CORE_MHZ * 1000000u + BOARD_BAUD / 2) / BOARD_BAUD;

using harness::now;
using harness::parse_num;

// The FTDI side of the serial line, 8N1: a receiver sampling mid-bit and a
// transmitter, both at BIT_CK cycles per bit.
struct SerialRx {
    int state = -1;            // -1 idle, 0 start bit, 1..8 data, 9 stop
    unsigned cnt = 0, byte = 0;
    bool line_q = true;
    // returns a byte (0..255) when one completes, else -1
    int step(bool line)
    {
        int out = -1;
        if (state < 0) {
            if (line_q && !line) { state = 0; cnt = BIT_CK / 2; }
        } else if (--cnt == 0) {
            if (state == 0) {
                if (line) state = -1;                     // a glitch, not a start bit
                else { state = 1; cnt = BIT_CK; byte = 0; }
            } else if (state <= 8) {
                byte |= (unsigned)line << (state - 1);
                state++;
                cnt = BIT_CK;
            } else {
                if (line) out = (int)byte;
                else fprintf(stderr, "sim: serial line: framing error\n");
                state = -1;
            }
        }
        line_q = line;
        return out;
    }
};
struct SerialTx {
    int state = -1;
    unsigned cnt = 0, byte = 0;
    bool busy() const { return state >= 0; }
    void send(uint8_t b) { byte = b; state = 0; cnt = BIT_CK; }
    bool line()
    {
        if (state < 0) return true;
        bool v = state == 0 ? false : state <= 8 ? (byte >> (state - 1)) & 1 : true;
        if (--cnt == 0) {
            cnt = BIT_CK;
            if (++state > 9) state = -1;
        }
        return v;
    }
};

// The board top's internal signals the harness reads (fpga/sim/board.vlt),
// found by name in its scope.
static void *sig_ptr[16];
static const char *sig_names[] = {"soc_finish_valid", "soc_finish_reset", "soc_finish_code", "ld_done",
                                  "ld_error", "ld_part", "rvfi_valid", "flash_sck", "cache_miss",
                                  "cache_fills", "soc_rst_n", "rvfi_pc", nullptr};
enum { S_FIN_VALID, S_FIN_RESET, S_FIN_CODE, S_LD_DONE, S_LD_ERROR, S_LD_PART, S_RVFI_VALID, S_FLASH_SCK,
       S_CACHE_MISS, S_CACHE_FILLS, S_SOC_RST_N, S_RVFI_PC };
static void find_signals(VerilatedContext *ctx)
{
    for (const auto &it : *ctx->scopeNameMap()) {
        if (!strstr(it.first, "u_top") || !it.second->varsp()) continue;
        for (int i = 0; sig_names[i]; i++) {
            auto v = it.second->varsp()->find(sig_names[i]);
            if (v != it.second->varsp()->end()) sig_ptr[i] = v->second.datap();
        }
    }
    for (int i = 0; sig_names[i]; i++)
        if (!sig_ptr[i]) {
            fprintf(stderr, "sim: the board top's signal %s is not public (fpga/sim/board.vlt)\n", sig_names[i]);
            exit(EXIT_USAGE);
        }
}
// a signal's value (up to 64 bits: Verilator keeps <= 8 / 16 / 32 / 64-bit
// signals in uint8/16/32/64; the widths here are known)
static inline uint64_t sig8(int i) { return *(const uint8_t *)sig_ptr[i]; }
static inline uint64_t sig16(int i) { return *(const uint16_t *)sig_ptr[i]; }
static inline uint64_t sig32(int i) { return *(const uint32_t *)sig_ptr[i]; }
static inline uint64_t sig64(int i) { return *(const uint64_t *)sig_ptr[i]; }
static inline uint64_t cache_fills(int c)
{
    return CLUSTERS * 32 <= 32 ? sig32(S_CACHE_FILLS) >> (32 * c) & 0xffffffff
                               : sig64(S_CACHE_FILLS) >> (32 * c) & 0xffffffff;
}
#define SIG_rvfi_valid() (NH <= 8 ? sig8(S_RVFI_VALID) : sig16(S_RVFI_VALID))

static void usage()
{
    fprintf(stderr,
            "usage: Vboard --image FLASH-IMAGE [--max-cycles N] [--trace FILE.fst] [--exit-on-uart STR]\n"
            "              [--mark STR]... [--sdram-zero] [-q]\n"
            "  ULX3S board top, %d cluster(s), %d harts, %d MHz core clock, serial %d baud\n",
            CLUSTERS, NH, CORE_MHZ, BOARD_BAUD);
    exit(EXIT_USAGE);
}

int main(int argc, char **argv)
{
    const char *image = nullptr, *trace = nullptr, *exit_on_uart = nullptr;
    std::vector<std::string> marks;
    std::vector<uint64_t> mark_at;
    uint64_t max_cycles = 0;
    bool quiet = false, sdram_zero = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define ARG (i + 1 < argc ? argv[++i] : (usage(), ""))
        if (!strcmp(a, "--image")) image = ARG;
        else if (!strcmp(a, "--max-cycles")) max_cycles = parse_num(ARG);
        else if (!strcmp(a, "--trace")) trace = ARG;
        else if (!strcmp(a, "--exit-on-uart")) exit_on_uart = ARG;
        else if (!strcmp(a, "--mark")) marks.push_back(ARG);
        else if (!strcmp(a, "--sdram-zero")) sdram_zero = true;
        else if (!strcmp(a, "-q")) quiet = true;
        else usage();
    }
    if (!image) usage();
    FILE *f = fopen(image, "rb");
    if (!f) { fprintf(stderr, "sim: cannot open the flash image %s\n", image); return EXIT_USAGE; }
    std::vector<uint8_t> img;
    int ch;
    while ((ch = fgetc(f)) != EOF) img.push_back((uint8_t)ch);
    fclose(f);
    if (img.size() + IMAGE_OFFSET > (16u << 20)) {
        fprintf(stderr, "sim: %s: %zu bytes do not fit the 16 MiB flash at %#x\n", image, img.size(), IMAGE_OFFSET);
        return EXIT_USAGE;
    }
    mark_at.assign(marks.size(), 0);

    VerilatedContext *ctx = new VerilatedContext;
    Vboard_sim *top = new Vboard_sim{ctx};
#if VM_TRACE
    VerilatedFstC *tfp = nullptr;
    if (trace) {
        ctx->traceEverOn(true);
        tfp = new VerilatedFstC;
        top->trace(tfp, 99);
        tfp->open(trace);
    }
#else
    if (trace) { fprintf(stderr, "sim: built without tracing (SIM_TRACE=1)\n"); return EXIT_USAGE; }
#endif

    SdramTwin sd(TCK_NS);
    sd.fill(sdram_zero);
    FlashTwin fl(TCK_NS, IMAGE_OFFSET, img);
    SerialRx term_rx;
    SerialTx term_tx;

    harness::terminal_raw();

    top->btn = 0x01;               // BTN_PWRn released (inverted logic)
    top->ftdi_txd = 1;
    top->flash_miso = 1;
    top->sdram_dq_i = 0;
    find_signals(ctx);

    std::deque<uint8_t> rx;
    bool stdin_eof = false;
    std::string tail;
    uint64_t cycle = 0, sim_time = 0, retired[NH] = {0}, loaded_at = 0, fw_at = 0, released_at = 0;
    uint64_t boots = 0, last_pc[NH] = {0}, off_at = 0;
    int off_code = 0;
    double t0 = now(), tlast = t0;
    uint64_t clast = 0;
    int rc = -1;
    const char *why = "";

    while (rc < 0) {
        if ((cycle & 4095) == 0) {
            harness::poll_stdin(rx, &stdin_eof);
            fflush(stdout);
            if (!quiet && (cycle & 0x3ffff) == 0) {
                double t = now();
                if (t - tlast >= 3.0) {
                    fprintf(stderr, "sim: %llu cycles, %.1f kHz, ", (unsigned long long)cycle,
                            (double)(cycle - clast) / (t - tlast) / 1e3);
                    if (!sig8(S_LD_DONE))
                        fprintf(stderr, "loading part %d, %llu KiB read from flash\n", (int)sig8(S_LD_PART),
                                (unsigned long long)(fl.bytes_read >> 10));
                    else {
                        fprintf(stderr, "retired");
                        for (int h = 0; h < NH; h++)
                            fprintf(stderr, " h%d %llu (pc %llx)", h, (unsigned long long)retired[h],
                                    (unsigned long long)last_pc[h]);
                        fprintf(stderr, ", lines filled");
                        for (int c = 0; c < CLUSTERS; c++)
                            fprintf(stderr, " b%d %u", c, (unsigned)cache_fills(c));
                        fprintf(stderr, "\n");
                    }
                    tlast = t;
                    clast = cycle;
                }
            }
        }

        // ---- falling edge: the chip's clock rises (inverted core clock)
        top->clk_25mhz = 0;
        top->eval();
#if VM_TRACE
        if (tfp) tfp->dump(sim_time);
#endif
        sim_time++;

        // the pins as the rising edge `cycle` left them
        SdramPins p;
        p.cke = top->sdram_cke; p.csn = top->sdram_csn; p.rasn = top->sdram_rasn;
        p.casn = top->sdram_casn; p.wen = top->sdram_wen;
        p.ba = top->sdram_ba; p.a = top->sdram_a; p.dqm = top->sdram_dqm;
        p.dq_oe = top->sdram_dq_oe; p.dq_out = top->sdram_dq_o;
        sd.sample(cycle, p);
        sd.tick(cycle);
        fl.step(cycle, sig8(S_FLASH_SCK), top->flash_csn, top->flash_mosi);
        if (sd.errors || fl.errors) {
            rc = EXIT_PROTOCOL;
            why = sd.errors ? "SDRAM protocol violation" : "flash protocol violation";
            break;
        }
        // what the next rising edge sees
        top->flash_miso = fl.miso();
        top->sdram_dq_i = sd.dq_for_edge(cycle + 1);

        int b = term_rx.step(top->ftdi_rxd);
        if (b >= 0) {
            putchar(b);
            if (b == '\n') fflush(stdout);
            tail.push_back((char)b);
            if (tail.size() > 4096) tail.erase(0, 2048);
            for (size_t m = 0; m < marks.size(); m++)
                if (!mark_at[m] && tail.size() >= marks[m].size() &&
                    !tail.compare(tail.size() - marks[m].size(), marks[m].size(), marks[m])) {
                    mark_at[m] = cycle;
                    if (!quiet) fprintf(stderr, "\nsim: UART printed \"%s\" at cycle %llu\n", marks[m].c_str(),
                                        (unsigned long long)cycle);
                }
            if (exit_on_uart) {
                size_t n = strlen(exit_on_uart);
                if (tail.size() >= n && !tail.compare(tail.size() - n, n, exit_on_uart)) {
                    fflush(stdout);
                    fprintf(stderr, "\nsim: UART printed \"%s\" at cycle %llu\n", exit_on_uart,
                            (unsigned long long)cycle);
                    rc = 0;
                    why = "exit-on-uart";
                }
            }
        }
        if (!term_tx.busy() && !rx.empty() && sig8(S_SOC_RST_N)) {
            term_tx.send(rx.front());
            rx.pop_front();
        }
        top->ftdi_txd = term_tx.line();

        // ---- rising edge `cycle + 1`
        top->clk_25mhz = 1;
        top->eval();
#if VM_TRACE
        if (tfp) tfp->dump(sim_time);
#endif
        sim_time++;
        cycle++;

        if (sig8(S_LD_DONE) && !loaded_at) {
            loaded_at = cycle;
            if (!quiet) fprintf(stderr, "sim: boot image loaded and checked at cycle %llu (%llu bytes from flash)\n",
                                (unsigned long long)cycle, (unsigned long long)fl.bytes_read);
        }
        if (sig8(S_SOC_RST_N) && !released_at) released_at = cycle;
        if ((top->led & 0x10) && !fw_at) {
            fw_at = cycle;
            if (!quiet) fprintf(stderr, "sim: firmware entered (LED 4) at cycle %llu\n", (unsigned long long)cycle);
        }
        if (sig8(S_LD_ERROR)) {
            // let the board say why on the serial line, then stop
            static uint64_t refused_at = 0;
            if (!refused_at) refused_at = cycle;
            if (cycle - refused_at > 200 * BIT_CK) { rc = EXIT_REFUSED; why = "boot image refused"; }
        }
        if (sig8(S_CACHE_MISS)) {
            fprintf(stderr, "\nsim: cycle %llu: a bank cache was accessed on a line it does not hold "
                    "(cache_miss %#x): the look-ahead and the grant disagree\n",
                    (unsigned long long)cycle, (unsigned)sig8(S_CACHE_MISS));
            rc = EXIT_CACHE;
            why = "cache integration error";
        }
        uint32_t v = SIG_rvfi_valid();
        if (v)
            for (int h = 0; h < NH; h++)
                if ((v >> h) & 1) {
                    retired[h]++;
                    last_pc[h] = ((const uint64_t *)sig_ptr[S_RVFI_PC])[h];   // NH x 64 bits: words
                }
        if (rc < 0 && sig8(S_FIN_VALID)) {
            if (sig8(S_FIN_RESET)) {
                // the board resets itself (board_reset) and loads the image again
                static uint64_t last = ~0ull;
                if (last != boots) {
                    fprintf(stderr, "\nsim: finisher reset (0x7777) at cycle %llu: the board top resets and reloads\n",
                            (unsigned long long)cycle);
                    last = boots;
                    boots++;
                    loaded_at = released_at = fw_at = 0;
                }
            } else if (!off_at) {
                // powered off: the board top holds the harts in reset (which
                // clears the finisher); the serial line still carries the
                // bytes the UART took last: let them out, then stop
                off_at = cycle;
                off_code = (int)sig16(S_FIN_CODE);
            }
        }
        if (rc < 0 && off_at && cycle - off_at >= 40 * BIT_CK) {
            rc = off_code;
            why = "finisher";
        }
        if (rc < 0 && max_cycles && cycle >= max_cycles) { rc = EXIT_MAXCYCLES; why = "max-cycles"; }
    }
    fflush(stdout);
    double t = now() - t0;
    uint64_t total = 0;
    for (int h = 0; h < NH; h++) total += retired[h];
    if (!quiet || rc) {
        fprintf(stderr, "sim: exit %d (%s) after %llu cycles (%.3f s at %d MHz), %.2f s, %.1f kHz; retired %llu",
                rc, why, (unsigned long long)cycle, cycle / (CORE_MHZ * 1e6), CORE_MHZ, t,
                t > 0 ? cycle / t / 1e3 : 0.0, (unsigned long long)total);
        for (int h = 0; h < NH; h++)
            fprintf(stderr, " [h%d %llu IPC %.3f]", h, (unsigned long long)retired[h],
                    cycle > released_at ? (double)retired[h] / (double)(cycle - released_at) : 0.0);
        fprintf(stderr, "\nsim: loader %llu cycles (%llu bytes, %.1f cycles/byte); harts released at %llu; "
                "firmware entered at %llu\n",
                (unsigned long long)loaded_at, (unsigned long long)fl.bytes_read,
                fl.bytes_read ? (double)loaded_at / (double)fl.bytes_read : 0.0, (unsigned long long)released_at,
                (unsigned long long)fw_at);
        fprintf(stderr, "sim: bank cache lines filled:");
        for (int c = 0; c < CLUSTERS; c++) fprintf(stderr, " bank %d %u", c, (unsigned)cache_fills(c));
        fprintf(stderr, "; SDRAM commands: ACTIVE %llu READ %llu WRITE %llu PRECHARGE %llu REFRESH %llu; "
                "protocol errors %lu\n", (unsigned long long)sd.n_act, (unsigned long long)sd.n_read,
                (unsigned long long)sd.n_write, (unsigned long long)sd.n_pre, (unsigned long long)sd.n_ref,
                sd.errors + fl.errors);
        for (size_t m = 0; m < marks.size(); m++)
            fprintf(stderr, "sim: mark \"%s\": %s%llu\n", marks[m].c_str(), mark_at[m] ? "cycle " : "not seen",
                    mark_at[m] ? (unsigned long long)mark_at[m] : 0ULL);
    }
#if VM_TRACE
    if (tfp) tfp->close();
#endif
    top->final();
    return rc;
}
