// sdram_twin.h -- a cycle-based model of the ULX3S SDR SDRAM (16-bit,
// 4 banks x 8192 rows x 512 columns; IS42S16160 / MT48LC16M16A2) for the
// Verilator harnesses: it stores the data and CHECKS the protocol, in cycles
// of the controller's clock.  The event-driven twin with setup/hold and tAC
// is fpga/tests/sdram/sdram_model.v (Icarus); this one is what a Verilator
// simulation of the whole board top can afford every cycle.
//
// Clocking, as on the board (fpga/boards/ulx3s/README.md): the chip's clock
// is the core clock inverted, so the chip samples the command, address, DQM
// and write data that the controller put on its pins at rising edge n half
// a period later.  The harness calls
//     sample(n, pins)      after the rising edge n has been evaluated
//     dq_for_edge(n + 1)   the DQ value the controller captures at edge n + 1
// Read data: a READ sampled at n puts beat i on DQ for the controller's
// capture at edge n + CL + RD_EXTRA + i (RD_EXTRA = 0 with the inverted
// clock); outside its beats the DQ input carries a garbage pattern, so a
// controller capturing at the wrong edge reads wrong data.
//
// Rules checked (each violation: a line "SDRAM-TWIN ERROR [rule] cycle N:
// what" on stderr, `errors` counts them, the harness ends the simulation):
//   init     only NOPs for T_INIT_NS from the first edge (commands count
//            from the first edge with CKE high: before, the chip ignores them); then PRECHARGE ALL,
//            >= INIT_REFRESHES AUTO REFRESH, LOAD MODE REGISTER; no
//            ACTIVE / READ / WRITE before the mode register is set
//   mode     burst length 4, sequential, CAS latency 2/3, burst writes
//   tCK      clock period >= tCK(min) of the programmed CAS latency
//   cmd      ACTIVE to an idle bank only, READ/WRITE to an active bank,
//            REFRESH / LOAD MODE with all banks idle, no BURST TERMINATE,
//            no auto precharge (A10 on READ/WRITE)
//   tRCD tRP tRC tRAS tRAS(max) tRRD tRFC tWR tMRD: the datasheet times,
//            each rounded UP to cycles of the clock (a command at cycle m
//            after one at cycle n needs m - n >= ceil(t / tCK))
//   burst    a READ/WRITE does not cut a burst in progress; a PRECHARGE does
//            not truncate a read burst; the controller does not drive DQ
//            while the chip drives read data (from the edge before the
//            first beat's to the last beat's: tAC..tOH around them)
//   dq       write data driven (output enable) on every write beat
//   tREFI    after init, refresh n must come by t0 + (n + REF_LATE_MAX) *
//            tREFI (t0 = the last init refresh): at most REF_LATE_MAX owed
// Not modelled (the controller never uses them): self refresh, power
// down, auto precharge, other burst lengths, burst terminate.
#pragma once
#include <algorithm>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

struct SdramPins {
    bool cke, csn, rasn, casn, wen;
    unsigned ba, a, dqm;          // ba[1:0], a[12:0], dqm[1:0]
    bool dq_oe;                   // the controller drives DQ
    uint16_t dq_out;
};

class SdramTwin {
public:
    // datasheet times (ns); the slower of the two chips, as sdram_ctrl
    double tck_ns;
    double t_init_ns = 200000, trcd = 20, trp = 20, trc = 66, tras = 44, tras_max = 120000,
           trfc = 66, twr = 15, trrd = 15, trefi = 7812.5;
    int init_refreshes = 8, tmrd_ck = 2, ref_late_max = 1, rd_extra = 0;
    unsigned long errors = 0;
    unsigned max_errors_printed = 10;
    // statistics
    uint64_t n_act = 0, n_read = 0, n_write = 0, n_pre = 0, n_ref = 0;

    explicit SdramTwin(double tck) : tck_ns(tck), mem(4ull * 8192 * 512) {}

    // Power-up contents: the chip holds garbage; `zero` clears it instead.
    void fill(bool zero)
    {
        if (zero) { std::fill(mem.begin(), mem.end(), 0); return; }
        uint32_t x = 0x2545F491u;
        for (auto &w : mem) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; w = (uint16_t)x; }
    }

    bool init_done() const { return init_state == 3; }

    // The chip's edge following the controller's rising edge n.
    void sample(uint64_t n, const SdramPins &p)
    {
        if (!started) { started = true; first = n; }
        now = n;
        // write beats of a burst in progress
        if (wr_left > 0) {
            unsigned col = (wr_col & ~3u) | ((wr_col + (4 - wr_left)) & 3u);
            if (!p.dq_oe && (p.dqm & 3) != 3) err("dq", "write beat with DQ not driven");
            uint16_t &w = cell(wr_bank, wr_row, col);
            if (!(p.dqm & 1)) w = (uint16_t)((w & 0xff00) | (p.dq_out & 0x00ff));
            if (!(p.dqm & 2)) w = (uint16_t)((w & 0x00ff) | (p.dq_out & 0xff00));
            if (--wr_left == 0) bank[wr_bank].wlast = n;
        }
        // the controller must not drive DQ while the chip drives read data
        if (p.dq_oe && rd_drive_first <= n && n <= rd_drive_last)
            err("burst", "the controller drives DQ while the chip drives read data");
        // CKE low: the chip registers no command (power-up, before the
        // controller drives its pins); once it was high it must stay high
        // (power-down is not modelled)
        if (!p.cke) {
            if (cke_seen) err("cke", "CKE low after it was high (power-down is not modelled)");
            return;
        }
        cke_seen = true;
        if (p.csn) return;
        unsigned cmd = (p.rasn << 2) | (p.casn << 1) | p.wen;
        if (cmd == 7) return;                                  // NOP
        if (n < first + ck_floor(t_init_ns) && init_state == 0) {
            err("init", "a command during the power-up wait (%llu of %llu cycles)",
                (unsigned long long)(n - first), (unsigned long long)ck_floor(t_init_ns));
        }
        if (n < ref_busy_until) err("tRFC", "command %u cycles after AUTO REFRESH (tRFC = %u)",
                                    (unsigned)(n - last_ref), ck(trfc));
        if (n < mrd_until) err("tMRD", "command %u cycles after LOAD MODE (tMRD = %d)",
                               (unsigned)(n - last_lmr), tmrd_ck);
        check_refresh_rate(n);
        unsigned b = p.ba & 3, row = p.a & 0x1fff;
        Bank &k = bank[b];
        switch (cmd) {
        case 3:                                                // ACTIVE
            n_act++;
            if (init_state != 3) err("init", "ACTIVE before the mode register is set");
            if (k.active) err("cmd", "ACTIVE to bank %u, already active (row %u)", b, k.row);
            if (k.has_pre && n - k.pre < ck(trp)) err("tRP", "ACTIVE %u cycles after PRECHARGE of bank %u (tRP = %u)",
                                                     (unsigned)(n - k.pre), b, ck(trp));
            if (k.has_act && n - k.act < ck(trc)) err("tRC", "ACTIVE %u cycles after ACTIVE of bank %u (tRC = %u)",
                                                     (unsigned)(n - k.act), b, ck(trc));
            if (has_act_any && n - act_any < ck(trrd) && act_any_bank != b)
                err("tRRD", "ACTIVE %u cycles after ACTIVE of another bank (tRRD = %u)", (unsigned)(n - act_any), ck(trrd));
            k.active = true; k.row = row; k.act = n; k.has_act = true;
            act_any = n; act_any_bank = b; has_act_any = true;
            break;
        case 5: case 4: {                                      // READ, WRITE
            bool rd = cmd == 5;
            (rd ? n_read : n_write)++;
            if (init_state != 3) err("init", "%s before the mode register is set", rd ? "READ" : "WRITE");
            if (!k.active) err("cmd", "%s to idle bank %u", rd ? "READ" : "WRITE", b);
            else if (n - k.act < ck(trcd)) err("tRCD", "%s %u cycles after ACTIVE of bank %u (tRCD = %u)",
                                               rd ? "READ" : "WRITE", (unsigned)(n - k.act), b, ck(trcd));
            if (p.a & 0x400) err("cmd", "auto precharge (A10) on %s", rd ? "READ" : "WRITE");
            if (n < burst_until) err("burst", "%s cuts the burst in progress", rd ? "READ" : "WRITE");
            unsigned col = p.a & 0x1ff;
            burst_until = n + 4;
            if (rd) {
                uint64_t e = n + cl + rd_extra;                // the controller's capture edges
                for (unsigned i = 0; i < 4; i++) {
                    unsigned c = (col & ~3u) | ((col + i) & 3u);
                    rdq[(e + i) % RQ] = {e + i, cell(b, k.row, c)};
                }
                rd_drive_first = n + cl - 1;
                rd_drive_last = n + cl + 3;
                k.rd_end = n + 4;                              // a PRECHARGE before this truncates it
            } else {
                if (n <= rd_drive_last) err("burst", "WRITE while read data is still due on DQ");
                wr_left = 4; wr_bank = b; wr_row = k.row; wr_col = col;
                // beat 0 is sampled with the command: handle it now
                sample_write_beat0(p);
                k.wlast = n + 3;
                k.has_w = true;
            }
            break;
        }
        case 2: {                                              // PRECHARGE (A10: all)
            n_pre++;
            bool all = p.a & 0x400;
            for (unsigned i = 0; i < 4; i++) {
                if (!all && i != b) continue;
                Bank &q = bank[i];
                if (q.active) {
                    if (n - q.act < ck(tras)) err("tRAS", "PRECHARGE %u cycles after ACTIVE of bank %u (tRAS = %u)",
                                                  (unsigned)(n - q.act), i, ck(tras));
                    if (q.has_w && n >= q.wlast && n - q.wlast < ck(twr))
                        err("tWR", "PRECHARGE %u cycles after the last write beat of bank %u (tWR = %u)",
                            (unsigned)(n - q.wlast), i, ck(twr));
                    if (q.has_w && n < q.wlast) err("tWR", "PRECHARGE of bank %u during its write burst", i);
                    if (n < q.rd_end) err("burst", "PRECHARGE truncates the read burst of bank %u", i);
                }
                q.active = false; q.pre = n; q.has_pre = true; q.has_w = false;
            }
            if (init_state == 0) {
                if (!all) err("init", "the first command is not PRECHARGE ALL");
                init_state = 1;
            }
            break;
        }
        case 1:                                                // AUTO REFRESH
            n_ref++;
            for (unsigned i = 0; i < 4; i++) {
                if (bank[i].active) err("cmd", "AUTO REFRESH with bank %u active", i);
                if (bank[i].has_pre && n - bank[i].pre < ck(trp))
                    err("tRP", "AUTO REFRESH %u cycles after PRECHARGE of bank %u (tRP = %u)",
                        (unsigned)(n - bank[i].pre), i, ck(trp));
            }
            if (init_state == 0) err("init", "AUTO REFRESH before PRECHARGE ALL");
            if (init_state == 1) init_refs++;
            if (init_state == 3) refs_after_init++;
            if (init_state >= 1) { last_init_ref_or = n; }
            last_ref = n; has_ref = true;
            ref_busy_until = n + ck(trfc);
            break;
        case 0:                                                // LOAD MODE REGISTER
            for (unsigned i = 0; i < 4; i++)
                if (bank[i].active) err("cmd", "LOAD MODE with bank %u active", i);
            if (init_state == 0) err("init", "LOAD MODE before PRECHARGE ALL");
            else if (init_state == 1 && init_refs < init_refreshes)
                err("init", "LOAD MODE after %d AUTO REFRESH (%d needed)", init_refs, init_refreshes);
            {
                unsigned bl = p.a & 7, bt = (p.a >> 3) & 1, c = (p.a >> 4) & 7, op = (p.a >> 7) & 3,
                         wb = (p.a >> 9) & 1;
                if (bl != 2) err("mode", "burst length code %u (4 expected)", bl);
                if (bt) err("mode", "interleaved burst");
                if (c != 2 && c != 3) err("mode", "CAS latency code %u", c);
                if (op || wb) err("mode", "operating mode %u / single-location writes %u", op, wb);
                cl = c;
                double tck_min = cl == 2 ? 10.0 : 7.5;
                if (tck_ns + 1e-9 < tck_min) err("tCK", "clock period %.2f ns < %.1f ns for CL%u", tck_ns, tck_min, cl);
            }
            if (init_state == 1) {
                init_state = 3;
                t0_ref = last_init_ref_or;
            }
            last_lmr = n;
            mrd_until = n + tmrd_ck;
            break;
        case 6:
            err("cmd", "BURST TERMINATE");
            break;
        }
        // tRAS(max): rows may not stay open longer
        for (unsigned i = 0; i < 4; i++)
            if (bank[i].active && n - bank[i].act > ck_floor(tras_max))
                err("tRAS", "bank %u open for %llu cycles (tRAS max = %llu)", i,
                    (unsigned long long)(n - bank[i].act), (unsigned long long)ck_floor(tras_max));
    }

    // Every cycle (also without a command): the refresh rate.
    void tick(uint64_t n)
    {
        if (n % 64) return;
        now = n;
        check_refresh_rate(n);
    }

    // What the controller captures on DQ at rising edge e.
    uint16_t dq_for_edge(uint64_t e) const
    {
        const RdBeat &r = rdq[e % RQ];
        if (r.edge == e) return r.data;
        return (uint16_t)(0xdead ^ (e * 0x9e37));              // nobody drives DQ: garbage
    }

private:
    struct Bank {
        bool active = false, has_act = false, has_pre = false, has_w = false;
        unsigned row = 0;
        uint64_t act = 0, pre = 0, wlast = 0, rd_end = 0;
    };
    struct RdBeat { uint64_t edge = ~0ull; uint16_t data = 0; };
    static const unsigned RQ = 16;

    std::vector<uint16_t> mem;
    Bank bank[4];
    RdBeat rdq[RQ];
    bool started = false, cke_seen = false, has_act_any = false, has_ref = false;
    uint64_t first = 0, now = 0, act_any = 0, last_ref = 0, last_lmr = 0, ref_busy_until = 0, mrd_until = 0;
    unsigned act_any_bank = 0;
    uint64_t burst_until = 0, rd_drive_first = 1, rd_drive_last = 0;
    int init_state = 0, init_refs = 0;    // 0 power-up wait, 1 refreshes, 3 running
    uint64_t last_init_ref_or = 0, t0_ref = 0, refs_after_init = 0;
    unsigned cl = 2;
    unsigned wr_left = 0, wr_bank = 0, wr_row = 0, wr_col = 0;

    unsigned ck(double ns) const
    {
        double c = ns / tck_ns;
        unsigned r = (unsigned)c;
        if (r < c - 1e-9) r++;
        return r ? r : 1;
    }
    uint64_t ck_floor(double ns) const { return (uint64_t)(ns / tck_ns + 1e-9); }

    uint16_t &cell(unsigned b, unsigned row, unsigned col)
    {
        return mem[((uint64_t)b * 8192 + row) * 512 + col];
    }

    void sample_write_beat0(const SdramPins &p)
    {
        unsigned col = wr_col;
        if (!p.dq_oe && (p.dqm & 3) != 3) err("dq", "write beat with DQ not driven");
        uint16_t &w = cell(wr_bank, wr_row, col);
        if (!(p.dqm & 1)) w = (uint16_t)((w & 0xff00) | (p.dq_out & 0x00ff));
        if (!(p.dqm & 2)) w = (uint16_t)((w & 0x00ff) | (p.dq_out & 0xff00));
        wr_left = 3;
    }

    void check_refresh_rate(uint64_t n)
    {
        if (init_state != 3 || refresh_reported) return;
        double per = trefi / tck_ns;
        // the refresh number refs_after_init + 1 is due by t0 + (that + late) * tREFI
        double due = (double)t0_ref + (double)(refs_after_init + 1 + ref_late_max) * per;
        if ((double)n > due) {
            err("tREFI", "refresh %llu not issued by cycle %.0f (tREFI = %.1f cycles, %d may be owed)",
                (unsigned long long)(refs_after_init + 1), due, per, ref_late_max);
            refresh_reported = true;
        }
    }
    bool refresh_reported = false;

    void err(const char *rule, const char *fmt, ...) __attribute__((format(printf, 3, 4)))
    {
        errors++;
        if (errors > max_errors_printed) return;
        va_list ap;
        va_start(ap, fmt);
        fprintf(stderr, "SDRAM-TWIN ERROR [%s] cycle %llu: ", rule, (unsigned long long)now);
        vfprintf(stderr, fmt, ap);
        fprintf(stderr, "\n");
        va_end(ap);
    }
};
