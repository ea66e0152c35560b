// tb_fabric.cpp -- unit bench of soc_fabric (clusters, banks, global
// interconnect) with bench masters on the harts' memory ports and a bench
// device on the device bus.  Checks, against a reference memory updated in
// the order responses arrive (= perform order, by the ordering rule):
//  - every response's data (loads of all sizes, fetches, stores, AMOs .w/.d,
//    LR/SC with the reservation rules of fpga/README.md), error bit;
//  - latency exactly: a request accepted in cycle t is answered in t + 1
//    (own bank) or t + 1 + REMOTE_LATENCY (other bank, device) when alone
//    (phase 1, one master at a time), never earlier, and within a bound
//    under contention (phase 2: no starvation);
//  - one response per request, none unasked.
// Built by run-units.sh with -GCLUSTERS -GHPC -GMEM -GLATENCY; the same
// values come in as -D macros.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <vector>
#include <string>
#include "verilated.h"
#include "verilated_syms.h"
#include "Vsoc_fabric.h"

typedef uint64_t u64;
static const int NH = CLUSTERS * HPC;
static const u64 RAM_BASE = 0x80000000ULL;
enum { LOAD, STORE, LR, SC, FETCH, SWAP, ADD, XOR, AND, OR, MIN, MAX, MINU, MAXU };

static Vsoc_fabric *top;
static VerilatedContext *ctx;
static std::vector<uint8_t> ref;         // CLUSTERS * MEM bytes
static u64 resv[CLUSTERS][NH];           // granule + 1, 0 = none
static u64 cycle;
static int errors;
static unsigned rng_state = 12345;
static unsigned rnd() { rng_state = rng_state * 1103515245u + 12345u; return rng_state >> 8; }

#define FAIL(...) do { fprintf(stderr, "tb_fabric: cycle %llu: ", (unsigned long long)cycle); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); if (++errors > 10) exit(1); } while (0)

// flattened port helpers (Verilator: <=64 bits = integer, wider = VlWide)
template <class T> static void setbits(T &w, int lsb, int n, u64 v) {
    for (int i = 0; i < n; i++) {
        int b = lsb + i; uint32_t &word = w[b / 32];
        word = (word & ~(1u << (b % 32))) | ((uint32_t)((v >> i) & 1) << (b % 32));
    }
}
template <class T> static u64 getbits(const T &w, int lsb, int n) {
    u64 v = 0;
    for (int i = 0; i < n; i++) { int b = lsb + i; v |= (u64)((w[b / 32] >> (b % 32)) & 1) << i; }
    return v;
}
static void setv(uint64_t &x, int lsb, int n, u64 v) { u64 m = (n == 64 ? ~0ULL : ((1ULL << n) - 1)) << lsb; x = (x & ~m) | ((v << lsb) & m); }
static void setv(uint32_t &x, int lsb, int n, u64 v) { uint32_t m = (uint32_t)(((1ULL << n) - 1) << lsb); x = (x & ~m) | ((uint32_t)(v << lsb) & m); }
static void setv(uint16_t &x, int lsb, int n, u64 v) { uint16_t m = (uint16_t)(((1ULL << n) - 1) << lsb); x = (uint16_t)((x & ~m) | ((uint16_t)(v << lsb) & m)); }
static void setv(uint8_t &x, int lsb, int n, u64 v) { uint8_t m = (uint8_t)(((1ULL << n) - 1) << lsb); x = (uint8_t)((x & ~m) | ((uint8_t)(v << lsb) & m)); }
template <size_t W> static void setv(VlWide<W> &x, int lsb, int n, u64 v) { setbits(x, lsb, n, v); }
static u64 getv(u64 x, int lsb, int n) { return n == 64 ? x >> lsb : (x >> lsb) & ((1ULL << n) - 1); }
template <size_t W> static u64 getv(const VlWide<W> &x, int lsb, int n) { return getbits(x, lsb, n); }

struct Req { int cmd, size; u64 addr, wdata; };
struct Master {
    int state = 0;          // 0 idle (gap), 1 offering, 2 waiting for the response
    int gap = 0;
    Req r;
    u64 t_offer = 0, t_accept = 0;
    int kind = 0;           // 0 own bank, 1 other bank, 2 device
    bool lr_pending = false; u64 lr_addr = 0; int lr_size = 3;
};
static Master m[NH];
static int active_only = -1;             // phase 1: only this master issues
static u64 worst_wait[3];
static u64 lat_seen[3] = {0, 0, 0};
static int exact_checked[3];

static int bank_of(u64 a) { return a >= RAM_BASE && a < RAM_BASE + (u64)CLUSTERS * MEM ? (int)((a - RAM_BASE) / MEM) : -1; }
static u64 dev_value(u64 a) { return (a * 0x9E3779B97F4A7C15ULL) ^ (a >> 7); }
static bool dev_err(u64 a) { return (a >> 4) & 1; }

static u64 rd(u64 a, int size) { u64 v = 0; memcpy(&v, &ref[a - RAM_BASE], 1u << size); return v; }
static void wr(u64 a, int size, u64 v) { memcpy(&ref[a - RAM_BASE], &v, 1u << size); }

static Req random_req(int h) {
    Master &M = m[h];
    Req r;
    int c = (int)(rnd() % CLUSTERS);
    if (rnd() % 4 == 0) c = h / HPC;                              // extra weight on the own bank
    u64 off = (rnd() % 4 == 0) ? (rnd() % MEM) : (rnd() % 256);   // 4 granules, often
    u64 base = RAM_BASE + (u64)c * MEM;
    int k = (int)(rnd() % 100);
    if (M.lr_pending && k < 50) {                                  // finish an LR with an SC
        r.cmd = SC; r.size = M.lr_size; r.addr = M.lr_addr; r.wdata = ((u64)rnd() << 32) | rnd();
        M.lr_pending = false;
        return r;
    }
    if (k < 8) {                                                   // device
        r.cmd = (rnd() & 1) ? LOAD : STORE; r.size = (int)(rnd() % 4);
        r.addr = (0x10000000ULL + (rnd() % 256)) & ~((1ULL << r.size) - 1);
        r.wdata = rnd();
        return r;
    }
    if (k < 30) r.cmd = LOAD;
    else if (k < 50) r.cmd = STORE;
    else if (k < 58) r.cmd = FETCH;
    else if (k < 66) r.cmd = LR;
    else if (k < 72) r.cmd = SC;
    else r.cmd = SWAP + (int)(rnd() % 9);
    if (r.cmd == FETCH) r.size = 3;
    else if (r.cmd == LOAD || r.cmd == STORE) r.size = (int)(rnd() % 4);
    else r.size = 2 + (int)(rnd() % 2);
    r.addr = base + (off & ~((1ULL << r.size) - 1));
    r.wdata = ((u64)rnd() << 32) | rnd();
    if (rnd() % 3 == 0) r.wdata |= 0x80000000ULL;                  // negative .w operands
    if (r.cmd == LR) { M.lr_pending = true; M.lr_addr = r.addr; M.lr_size = r.size; }
    return r;
}

// the reference: perform r for hart h, return the expected response data
static u64 perform(int h, const Req &r) {
    int b = bank_of(r.addr);
    u64 g = ((r.addr - RAM_BASE) >> 6) + 1;
    u64 mask = r.size == 3 ? ~0ULL : ((1ULL << (8 << r.size)) - 1);
    auto brk = [&]() { for (int k = 0; k < NH; k++) if (k != h && resv[b][k] == g) resv[b][k] = 0; };
    switch (r.cmd) {
    case LOAD: case FETCH: return rd(r.addr, r.size);
    case STORE: wr(r.addr, r.size, r.wdata & mask); brk(); return 0;
    case LR: resv[b][h] = g; return rd(r.addr, r.size);
    case SC: {
        bool ok = resv[b][h] == g;
        resv[b][h] = 0;
        if (ok) { wr(r.addr, r.size, r.wdata & mask); brk(); }
        return ok ? 0 : 1;
    }
    default: {
        u64 old = rd(r.addr, r.size), a = old, x = r.wdata, n;
        bool w = r.size == 2;
        int64_t as = w ? (int32_t)a : (int64_t)a, xs = w ? (int32_t)x : (int64_t)x;
        u64 au = w ? (uint32_t)a : a, xu = w ? (uint32_t)x : x;
        switch (r.cmd) {
        case SWAP: n = x; break;
        case ADD: n = a + x; break;
        case XOR: n = a ^ x; break;
        case AND: n = a & x; break;
        case OR: n = a | x; break;
        case MIN: n = as < xs ? a : x; break;
        case MAX: n = as > xs ? a : x; break;
        case MINU: n = au < xu ? a : x; break;
        default: n = au > xu ? a : x; break;
        }
        wr(r.addr, r.size, n & mask); brk();
        return old;
    }
    }
}

static void load_banks() {
    // the harness's way: every public `mem` under gen_cluster[c]
    int found = 0;
    for (const auto &it : *ctx->scopeNameMap()) {
        const VerilatedScope *sc = it.second;
        if (!sc->varsp()) continue;
        auto v = sc->varsp()->find("mem");
        if (v == sc->varsp()->end()) continue;
        std::string name = it.first;
        size_t p = name.find("gen_cluster");
        if (p == std::string::npos) continue;
        p += strlen("gen_cluster");
        while (p < name.size() && !isdigit((unsigned char)name[p])) p++;
        int c = atoi(name.c_str() + p);
        memcpy(v->second.datap(), &ref[(size_t)c * MEM], MEM);
        found++;
    }
    if (found != CLUSTERS) { fprintf(stderr, "tb_fabric: found %d banks, want %d\n", found, CLUSTERS); exit(1); }
}

int main(int argc, char **argv) {
    ctx = new VerilatedContext;
    ctx->commandArgs(argc, argv);
    top = new Vsoc_fabric(ctx);
    ref.resize((size_t)CLUSTERS * MEM);
    for (auto &b : ref) b = (uint8_t)rnd();
    load_banks();

    int dev_pending = 0; u64 dev_addr_q = 0;
    u64 n_rsp = 0, n_req = 0;
    const u64 PHASE1 = 6000, TOTAL = 60000;
    top->rst_ni = 0; top->clk_i = 0; top->eval();
    for (int i = 0; i < 4; i++) { top->clk_i = 1; top->eval(); top->clk_i = 0; top->eval(); }
    top->rst_ni = 1;

    for (cycle = 0; cycle < TOTAL + 200; cycle++) {
        // phase 1: one master at a time, so latencies are exact
        if (cycle < PHASE1) active_only = (int)((cycle / 300) % NH);
        else active_only = -1;
        // inputs: masters, then the bench device's response to last cycle's request
        for (int h = 0; h < NH; h++) {
            Master &M = m[h];
            if (M.state == 0 && cycle < TOTAL && (active_only < 0 || active_only == h)) {
                if (M.gap > 0) M.gap--;
                else {
                    bool quiet = true;
                    if (active_only >= 0) for (int k = 0; k < NH; k++) if (k != h && m[k].state) quiet = false;
                    if (quiet) { M.r = random_req(h); M.state = 1; M.t_offer = cycle; }
                }
            }
            setv(top->req_valid_i, h, 1, M.state == 1);
            setv(top->req_cmd_i, 4 * h, 4, (u64)M.r.cmd);
            setv(top->req_addr_i, 64 * h, 64, M.r.addr);
            setv(top->req_size_i, 2 * h, 2, (u64)M.r.size);
            setv(top->req_wdata_i, 64 * h, 64, M.r.wdata);
        }
        top->dev_rdata_i = dev_pending ? dev_value(dev_addr_q) : 0xdeadbeef;
        top->dev_err_i = dev_pending ? dev_err(dev_addr_q) : 1;
        top->eval();

        // responses (perform order: apply to the reference now)
        for (int h = 0; h < NH; h++) {
            if (!getv(top->rsp_valid_o, h, 1)) continue;
            Master &M = m[h];
            u64 got = getv(top->rsp_rdata_o, 64 * h, 64);
            int err = (int)getv(top->rsp_err_o, h, 1);
            if (M.state != 2) { FAIL("hart %d: response without a request", h); continue; }
            n_rsp++;
            u64 exp; int eerr = 0;
            if (M.kind == 2) { exp = dev_value(M.r.addr); eerr = dev_err(M.r.addr); }
            else exp = perform(h, M.r);
            if (got != exp || err != eerr)
                FAIL("hart %d: cmd %d size %d addr %llx wdata %llx: got %llx err %d, expected %llx err %d", h, M.r.cmd,
                     M.r.size, (unsigned long long)M.r.addr, (unsigned long long)M.r.wdata, (unsigned long long)got, err,
                     (unsigned long long)exp, eerr);
            u64 lat = cycle - M.t_accept, base = M.kind == 0 ? 1 : 1 + LATENCY;
            if (lat < base) FAIL("hart %d: kind %d answered after %llu cycles < %llu", h, M.kind, (unsigned long long)lat, (unsigned long long)base);
            if (active_only >= 0) {
                if (lat != base || M.t_accept != M.t_offer)
                    FAIL("hart %d alone: kind %d offered %llu accepted %llu answered %llu (want %llu after acceptance)", h, M.kind,
                         (unsigned long long)M.t_offer, (unsigned long long)M.t_accept, (unsigned long long)cycle, (unsigned long long)base);
                exact_checked[M.kind]++;
                lat_seen[M.kind] = cycle - M.t_offer;
            }
            u64 wait = cycle - M.t_offer - base;
            if (wait > worst_wait[M.kind]) worst_wait[M.kind] = wait;
            M.state = 0; M.gap = (int)(rnd() % 4) == 0 ? (int)(rnd() % 6) : 0;
        }
        // handshakes
        for (int h = 0; h < NH; h++) {
            Master &M = m[h];
            if (M.state == 1 && getv(top->req_ready_o, h, 1)) {
                M.state = 2; M.t_accept = cycle; n_req++;
                int b = bank_of(M.r.addr);
                M.kind = b < 0 ? 2 : b == h / HPC ? 0 : 1;
            }
        }
        // bench device: performs now, answers next cycle
        dev_pending = top->dev_valid_o;
        if (dev_pending) {
            dev_addr_q = top->dev_addr_o;
            int hh = (int)top->dev_hart_o;
            if (m[hh].state != 2 || m[hh].kind != 2 || m[hh].r.addr != dev_addr_q || m[hh].r.cmd != (int)top->dev_cmd_o ||
                (m[hh].r.cmd == STORE && top->dev_wdata_o != m[hh].r.wdata) || (int)top->dev_size_o != m[hh].r.size)
                FAIL("device bus: request of hart %d does not match", hh);
        }
        top->clk_i = 1; top->eval(); top->clk_i = 0; top->eval();
    }
    for (int h = 0; h < NH; h++) if (m[h].state) FAIL("hart %d: request never answered (state %d)", h, m[h].state);
    // bound: every arbiter has at most HPC + NH inputs; an AMO holds a bank 2 cycles
    u64 bound = 2 * (HPC + NH) * (1 + LATENCY) + 8;
    for (int k = 0; k < 3; k++) if (worst_wait[k] > bound) FAIL("kind %d: a request waited %llu cycles (bound %llu)", k, (unsigned long long)worst_wait[k], (unsigned long long)bound);
    for (int k = 0; k < 3; k++) if (k != 1 || CLUSTERS > 1) if (!exact_checked[k]) FAIL("kind %d never measured alone", k);
    printf("tb_fabric %dx%d LATENCY=%d: %llu requests, %llu responses; alone: own bank %llu, other bank %llu, device %llu cycles "
           "(offer to response); worst wait %llu/%llu/%llu; %s\n", CLUSTERS, HPC, LATENCY, (unsigned long long)n_req,
           (unsigned long long)n_rsp, (unsigned long long)lat_seen[0], (unsigned long long)lat_seen[1], (unsigned long long)lat_seen[2],
           (unsigned long long)worst_wait[0], (unsigned long long)worst_wait[1], (unsigned long long)worst_wait[2], errors ? "FAIL" : "ok");
    top->final();
    delete top;
    return errors ? 1 : 0;
}
