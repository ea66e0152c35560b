// tb_soc.cpp -- whole-SoC bench: soc_top (real hart_core harts) runs
// prog.S.  ROM and RAM bank 0 are loaded through the public `mem` arrays
// as the harness does.  Passes when the finisher says pass, the UART
// printed "ok\n", every hart's rvfi_order counted 0, 1, 2, ... and hart 0
// retired instructions; prints the cycles per load measured by the program
// (own bank, last bank).   usage: tb ROM.bin RAM.bin [max-cycles]
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>
#include "verilated.h"
#include "verilated_syms.h"
#include "Vsoc_top.h"

typedef uint64_t u64;
static const int NH = CLUSTERS * HPC;

static std::vector<uint8_t> slurp(const char *p) {
    FILE *f = fopen(p, "rb");
    if (!f) { perror(p); exit(2); }
    std::vector<uint8_t> b;
    int c;
    while ((c = fgetc(f)) != EOF) b.push_back((uint8_t)c);
    fclose(f);
    return b;
}
template <class T> static u64 field(const T &w, int lsb, int n) {
    u64 v = 0;
    for (int i = 0; i < n; i++) { int b = lsb + i; v |= (u64)((w[b / 32] >> (b % 32)) & 1) << i; }
    return v;
}
static u64 field(u64 x, int lsb, int n) { return n == 64 ? x >> lsb : (x >> lsb) & ((1ULL << n) - 1); }
static u64 field(uint32_t x, int lsb, int n) { return field((u64)x, lsb, n); }
static u64 field(uint16_t x, int lsb, int n) { return field((u64)x, lsb, n); }
static u64 field(uint8_t x, int lsb, int n) { return field((u64)x, lsb, n); }

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: tb ROM.bin RAM.bin [max-cycles]\n"); return 2; }
    VerilatedContext *ctx = new VerilatedContext;
    Vsoc_top *top = new Vsoc_top(ctx);
    std::vector<uint8_t> rom = slurp(argv[1]), ram = slurp(argv[2]);
    u64 max_cycles = argc > 3 ? strtoull(argv[3], 0, 0) : 2000000;
    uint64_t *bank0 = nullptr;
    int banks = 0, roms = 0;
    for (const auto &it : *ctx->scopeNameMap()) {
        const VerilatedScope *sc = it.second;
        if (!sc->varsp()) continue;
        auto v = sc->varsp()->find("mem");
        if (v == sc->varsp()->end()) continue;
        std::string name = it.first;
        uint64_t words = v->second.unpacked().elements();
        if (name.find("u_rom") != std::string::npos) {
            memset(v->second.datap(), 0, words * 8);
            memcpy(v->second.datap(), rom.data(), rom.size());
            roms++;
        } else if (name.find("gen_cluster") != std::string::npos) {
            memset(v->second.datap(), 0, words * 8);
            if (words * 8 != (u64)MEM) { fprintf(stderr, "tb_soc: %s: %llu words\n", name.c_str(), (unsigned long long)words); return 1; }
            if (name.find("gen_cluster__BRA__0__KET__") != std::string::npos || name.find("gen_cluster[0]") != std::string::npos) {
                memcpy(v->second.datap(), ram.data(), ram.size());
                bank0 = (uint64_t *)v->second.datap();
            }
            banks++;
        }
    }
    if (roms != 1 || banks != CLUSTERS || !bank0) {
        fprintf(stderr, "tb_soc: found %d ROM, %d banks (bank 0: %s)\n", roms, banks, bank0 ? "yes" : "no");
        for (const auto &it : *ctx->scopeNameMap()) fprintf(stderr, "  %s\n", it.first);
        return 1;
    }

    std::string out;
    u64 retired[NH] = {0};
    int errors = 0;
    top->uart_tx_ready_i = 1;
    top->uart_rx_valid_i = 0;
    top->rst_ni = 0; top->clk_i = 0; top->eval();
    for (int i = 0; i < 4; i++) { top->clk_i = 1; top->eval(); top->clk_i = 0; top->eval(); }
    top->rst_ni = 1;
    u64 cycle;
    // hart 0's back-to-back `ld` of A (own bank) and of B (last bank):
    // cycles between two consecutive retirements
    const u64 A = 0x80008000ULL, B = 0x80000000ULL + (u64)(CLUSTERS - 1) * MEM + 0x8200;
    u64 prev_addr = 0, prev_cycle = 0, sum[2] = {0, 0}, cnt[2] = {0, 0};
    for (cycle = 0; cycle < max_cycles && !top->finish_valid_o; cycle++) {
        top->eval();
        if (top->uart_tx_valid_o) out += (char)top->uart_tx_data_o;
        for (int h = 0; h < NH; h++) {
            if (!field(top->rvfi_valid, h, 1)) continue;
            u64 order = field(top->rvfi_order, 64 * h, 64);
            if (order != retired[h] && errors++ < 5)
                fprintf(stderr, "tb_soc: hart %d: rvfi_order %llu, expected %llu\n", h, (unsigned long long)order,
                        (unsigned long long)retired[h]);
            retired[h]++;
            if (h == 0) {
                u64 insn = field(top->rvfi_insn, 0, 32), addr = field(top->rvfi_mem_addr, 0, 64);
                bool ld = (insn & 0x707f) == 0x3003 && (addr == A || addr == B);
                if (ld && addr == prev_addr) { sum[addr == B] += cycle - prev_cycle; cnt[addr == B]++; }
                prev_addr = ld ? addr : 0;
                prev_cycle = cycle;
            }
            if (field(top->rvfi_trap, h, 1) && !field(top->rvfi_intr, h, 1) && errors++ < 5)
                fprintf(stderr, "tb_soc: hart %d: exception cause %llu at pc %llx\n", h,
                        (unsigned long long)field(top->rvfi_cause, 64 * h, 64), (unsigned long long)field(top->rvfi_pc_rdata, 64 * h, 64));
        }
        top->clk_i = 1; top->eval(); top->clk_i = 0; top->eval();
    }
    const u64 *res = bank0 + 0x8100 / 8;
    printf("tb_soc %dx%d: %llu cycles, finisher %s code %u, UART \"%s\"; retired:", CLUSTERS, HPC, (unsigned long long)cycle,
           top->finish_valid_o ? "written" : "silent", top->finish_code_o, out == "ok\n" ? "ok\\n" : out.c_str());
    for (int h = 0; h < NH; h++) printf(" %llu", (unsigned long long)retired[h]);
    printf("\n  hart 0, back-to-back ld: own bank %.2f cycles each (%llu), bank %d %.2f cycles each (%llu); mtime - time = %lld\n",
           cnt[0] ? (double)sum[0] / cnt[0] : 0.0, (unsigned long long)cnt[0], CLUSTERS - 1,
           cnt[1] ? (double)sum[1] / cnt[1] : 0.0, (unsigned long long)cnt[1], (long long)res[2]);
    bool ok = top->finish_valid_o && top->finish_code_o == 0 && !top->finish_reset_o && out == "ok\n" && !errors;
    for (int h = 0; h < NH; h++) if (!retired[h]) ok = false;
    printf("tb_soc %dx%d: %s\n", CLUSTERS, HPC, ok ? "ok" : "FAIL");
    top->final();
    return ok ? 0 : 1;
}
