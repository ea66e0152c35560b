// tb_arbiter.cpp -- unit bench of noc_arbiter (N from -DN): requesters
// raise req at random and hold it until granted (as the SoC's masters do);
// en_i drops at random (a bank busy with an AMO write-back).  Checks each
// cycle against a reference round-robin (first request at or after the
// pointer, pointer = grant + 1): grant one-hot, granted only a requester,
// none when en_i is low; and fairness: a held request waits at most N - 1
// grants to others.
#include <cstdio>
#include <cstdint>
#include "verilated.h"
#include "Vnoc_arbiter.h"

int main(int argc, char **argv) {
    VerilatedContext *ctx = new VerilatedContext;
    ctx->commandArgs(argc, argv);
    Vnoc_arbiter *top = new Vnoc_arbiter(ctx);
    unsigned rng = 1, req = 0, ptr = 0, errors = 0, waited[N] = {0}, worst = 0;
    unsigned long grants[N] = {0};
    auto rnd = [&]() { rng = rng * 1103515245u + 12345u; return rng >> 8; };
    top->rst_ni = 0; top->clk_i = 0; top->eval(); top->clk_i = 1; top->eval(); top->clk_i = 0; top->rst_ni = 1; top->eval();
    for (int cyc = 0; cyc < 200000; cyc++) {
        // phase A: random load; phase B: everybody requests all the time
        for (int i = 0; i < N; i++) if (!((req >> i) & 1) && (cyc > 100000 || rnd() % 3 == 0)) req |= 1u << i;
        int en = rnd() % 5 != 0;
        top->req_i = req; top->en_i = en; top->eval();
        int exp = -1;
        if (en && req) for (int k = 0; k < N && exp < 0; k++) if ((req >> ((ptr + k) % N)) & 1) exp = (int)((ptr + k) % N);
        unsigned want = exp < 0 ? 0 : 1u << exp;
        if (top->gnt_o != want || top->gnt_valid_o != (exp >= 0) || (exp >= 0 && top->gnt_idx_o != (unsigned)exp)) {
            if (errors++ < 5) printf("tb_arbiter: cycle %d: req %x en %d: gnt %x idx %u, expected %x\n", cyc, req, en, top->gnt_o, top->gnt_idx_o, want);
        }
        if (exp >= 0) {
            for (int i = 0; i < N; i++) if (i != exp && ((req >> i) & 1)) { if (++waited[i] > worst) worst = waited[i]; }
            waited[exp] = 0; grants[exp]++;
            req &= ~want; ptr = (unsigned)(exp + 1) % N;
        }
        top->clk_i = 1; top->eval(); top->clk_i = 0; top->eval();
    }
    if (worst > N - 1) { printf("tb_arbiter: a request waited %u grants (> N - 1)\n", worst); errors++; }
    printf("tb_arbiter N=%d: worst wait %u grants; grants per input:", N, worst);
    for (int i = 0; i < N; i++) printf(" %lu", grants[i]);
    printf("; %s\n", errors ? "FAIL" : "ok");
    top->final();
    return errors ? 1 : 0;
}
