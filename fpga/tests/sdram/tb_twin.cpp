// tb_twin.cpp -- sdram_ctrl under Verilator against the cycle-based SDRAM
// twin of the board-top simulation (fpga/sim/sdram_twin.h): random reads
// and writes (byte masks included) at random addresses and in short
// sequential runs, every read compared with a reference, for RUN_CYCLES
// cycles (a few hundred refresh intervals).
//
// Built by fpga/tests/run-units.sh with the controller's parameters set by
// -G (its clock, CAS latency, datasheet times) and the same clock given to
// the twin (-DTCK_PS).  With the datasheet times the run must end
// "TB PASS"; with one time set too short (or the refresh interval too
// long) the twin must catch the controller: "SDRAM-TWIN ERROR [rule]",
// exit 1.  That is the proof that a controller breaking the rules fails
// the board-top simulation, which uses the same twin.
#include <cstdio>
#include <cstdlib>
#include <map>

#include "Vsdram_ctrl.h"
#include "verilated.h"
#include "sdram_twin.h"

#ifndef TCK_PS
#define TCK_PS 25000
#endif
#ifndef RUN_CYCLES
#define RUN_CYCLES 200000
#endif

int main(int argc, char **argv)
{
    VerilatedContext ctx;
    ctx.commandArgs(argc, argv);
    Vsdram_ctrl top{&ctx};
    SdramTwin sd(TCK_PS / 1000.0);
    sd.fill(false);
    std::map<uint32_t, uint64_t> ref;          // word address -> value (written words only)
    uint32_t x = 12345;
    auto rnd = [&]() { x ^= x << 13; x ^= x >> 17; x ^= x << 5; return x; };

    std::map<uint64_t, std::pair<uint32_t, uint64_t>> pending;   // reads in flight: order -> (address, value due)
    uint64_t rd_issued = 0, rd_done = 0, wr_issued = 0, mismatches = 0;
    bool have_req = false;
    uint32_t seq_addr = 0;
    unsigned seq_left = 0;

    top.clk_i = 0;
    top.rst_ni = 0;
    top.req_valid_i = 0;
    top.sdram_dq_i = 0;
    for (uint64_t cycle = 0; cycle < RUN_CYCLES; cycle++) {
        if (cycle == 8) top.rst_ni = 1;
        // a new request when the last one was taken
        if (!have_req && top.init_done_o && pending.size() < 4 && (rnd() & 3)) {
            uint32_t a;
            if (seq_left) { a = ++seq_addr; seq_left--; }
            else if ((rnd() & 7) == 0) { seq_addr = a = rnd() & 0x3fffff; seq_left = rnd() & 15; }
            else a = (rnd() & 3) ? (rnd() & 0x3fffff) : (rnd() & 0xff);   // anywhere, or one of 256 hot words
            bool we = !ref.count(a) || (rnd() & 1);
            top.req_addr_i = a;
            top.req_we_i = we;
            uint64_t d = ((uint64_t)rnd() << 32) | rnd();
            uint8_t m = ref.count(a) ? (uint8_t)rnd() : 0xff;
            top.req_wdata_i = d;
            top.req_wmask_i = m;
            have_req = true;
        }
        top.req_valid_i = have_req;
        // falling edge: the chip samples what the last rising edge put out
        top.clk_i = 0;
        top.eval();
        SdramPins p;
        p.cke = top.sdram_cke_o; p.csn = top.sdram_csn_o; p.rasn = top.sdram_rasn_o;
        p.casn = top.sdram_casn_o; p.wen = top.sdram_wen_o; p.ba = top.sdram_ba_o;
        p.a = top.sdram_a_o; p.dqm = top.sdram_dqm_o; p.dq_oe = top.sdram_dq_oe_o;
        p.dq_out = top.sdram_dq_o;
        sd.sample(cycle, p);
        sd.tick(cycle);
        if (sd.errors) {
            printf("TB FAIL: the twin found %lu protocol error(s) by cycle %llu\n", sd.errors,
                   (unsigned long long)cycle);
            return 1;
        }
        top.sdram_dq_i = sd.dq_for_edge(cycle + 1);
        bool taken = top.req_valid_i && top.req_ready_o;
        uint32_t a = top.req_addr_i;
        bool we = top.req_we_i;
        uint64_t d = top.req_wdata_i;
        uint8_t m = top.req_wmask_i;
        // rising edge
        top.clk_i = 1;
        top.eval();
        if (taken) {
            have_req = false;
            if (we) {
                uint64_t old = ref.count(a) ? ref[a] : 0;
                for (int b = 0; b < 8; b++)
                    if (m >> b & 1) old = (old & ~(0xffULL << 8 * b)) | (d & (0xffULL << 8 * b));
                ref[a] = old;
                wr_issued++;
            } else {
                pending[rd_issued++] = {a, ref[a]};
            }
        }
        if (top.rsp_valid_o) {
            auto it = pending.find(rd_done);
            if (it == pending.end()) {
                printf("TB FAIL: a read response with no read in flight, cycle %llu\n", (unsigned long long)cycle);
                return 1;
            }
            uint32_t ra = it->second.first;
            uint64_t want = it->second.second;
            if (top.rsp_rdata_o != want) {
                if (mismatches < 4)
                    printf("TB ERROR: word %#x read %016llx, expected %016llx (cycle %llu)\n", ra,
                           (unsigned long long)top.rsp_rdata_o, (unsigned long long)want,
                           (unsigned long long)cycle);
                mismatches++;
            }
            pending.erase(it);
            rd_done++;
        }
    }
    top.final();
    printf("TB: %llu cycles at %.1f MHz: %llu writes, %llu reads checked, %llu mismatches; "
           "SDRAM commands ACTIVE %llu READ %llu WRITE %llu PRECHARGE %llu REFRESH %llu\n",
           (unsigned long long)RUN_CYCLES, 1e6 / TCK_PS, (unsigned long long)wr_issued,
           (unsigned long long)rd_done, (unsigned long long)mismatches, (unsigned long long)sd.n_act,
           (unsigned long long)sd.n_read, (unsigned long long)sd.n_write, (unsigned long long)sd.n_pre,
           (unsigned long long)sd.n_ref);
    if (mismatches || rd_done < 1000 || sd.n_ref < 100) {
        printf("TB FAIL\n");
        return 1;
    }
    printf("TB PASS\n");
    return 0;
}
