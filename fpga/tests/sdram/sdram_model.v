// sdram_model -- behavioural model of the ULX3S SDR SDRAM (16-bit, 4 banks x
// 8192 rows x 512 columns; IS42S16160 / MT48LC16M16A2) that stores data and
// CHECKS the protocol.  Simulation only (Icarus, -g2012).
//
// It is clocked by the chip's own clock (in the bench: clk_i of the
// controller delayed by a phase, as on the board) and behaves like the chip
// at each rising edge: it samples the command, the address, DQM and, during
// a write burst, DQ; it drives read data tAC after an edge and keeps it
// until tOH after the next one (X in between, so a controller that samples
// at the wrong moment reads garbage, not the right data by luck).
//
// Every violation prints
//   SDRAM-MODEL ERROR [rule] t=<ns>: <what>
// and ends the simulation with $fatal (exit status 1).  Rules checked:
//   init      NOPs only for T_INIT_NS after the first clock; then PRECHARGE
//             ALL; >= INIT_REFRESHES AUTO REFRESH; LOAD MODE REGISTER; no
//             ACTIVE/READ/WRITE before the mode register is set
//   mode      burst length 1/2/4/8, CAS latency 2/3, burst writes, standard op
//   tCK       clock period >= tCK(min) for the programmed CAS latency
//   setup/hold  command, address, DQM and write data stable tS before and
//             tH after the edge that samples them
//   cke       CKE high from the first command on (no power-down modelled)
//   cmd       command legality per bank state: ACTIVE to an idle bank only,
//             READ/WRITE to an active bank only, REFRESH/LOAD MODE with all
//             banks idle, no BURST TERMINATE, no auto precharge (A10 on
//             READ/WRITE; the controller never uses them)
//   tRCD tRP tRC tRAS tRAS(max) tRRD tRFC tWR tMRD   as in the datasheet
//   burst     a READ/WRITE may not interrupt a burst in progress (the
//             controller never does); a PRECHARGE may not truncate a read
//             burst; a WRITE may not be issued while read data is still due
//             on DQ (this model does not do the DQM-masked read-to-write
//             interrupt the datasheet allows)
//   dq        write data defined on unmasked bytes; no other driver on DQ
//             while the model drives read data (contention shows as X)
//   tREFI     after init, the n-th AUTO REFRESH must come by
//             t0 + (n + REF_LATE_MAX) * TREFI_NS (t0 = the last init
//             refresh): at most REF_LATE_MAX refreshes owed at any time.
//             Refreshes issued early count (burst refresh is legal) but
//             not more than 8192 ahead.
//
// tb_model.v drives hand-written command sequences that break one rule each
// (run.sh checks every rule above fires with its name); tb_sdram.v runs the
// controller against this model.
//
// Not modelled: self refresh, power-down, auto precharge, interleaved or
// full-page bursts, single-location writes, burst terminate, the DQM-masked
// read-to-write interrupt, data decay of rows left unrefreshed (the
// refresh-rate rule stands for it).
//
// Data: one 64-bit cell holds the 4 columns c[8:2] of a row; X until written.
`timescale 1ns/1ps
module sdram_model #(
    parameter real    T_INIT_NS      = 200000.0,
    parameter integer INIT_REFRESHES = 2,
    parameter real    TRCD_NS        = 20.0,
    parameter real    TRP_NS         = 20.0,
    parameter real    TRC_NS         = 66.0,
    parameter real    TRAS_NS        = 44.0,
    parameter real    TRAS_MAX_NS    = 120000.0,
    parameter real    TRFC_NS        = 66.0,
    parameter real    TWR_NS         = 15.0,
    parameter real    TRRD_NS        = 15.0,
    parameter integer TMRD_CK        = 2,
    parameter real    TREFI_NS       = 7812.5,
    parameter integer REF_LATE_MAX   = 1,
    parameter real    TAC2_NS        = 6.0,      // access time from clock, CL2
    parameter real    TAC3_NS        = 5.4,      // CL3
    parameter real    TOH_NS         = 2.7,      // data-out hold
    parameter real    TCK2_MIN_NS    = 10.0,     // min clock period, CL2
    parameter real    TCK3_MIN_NS    = 7.5,      // CL3
    parameter real    TS_NS          = 1.5,      // input setup
    parameter real    TH_NS          = 0.8       // input hold
) (
    input  wire        clk,
    input  wire        cke,
    input  wire        csn,
    input  wire        rasn,
    input  wire        casn,
    input  wire        wen,
    input  wire [1:0]  ba,
    input  wire [12:0] a,
    input  wire [1:0]  dqm,
    inout  wire [15:0] dq
);
    localparam real EPS = 0.001;

    // ---- storage -----------------------------------------------------------
    reg [63:0] mem [0:(1 << 22) - 1];

    // ---- state -------------------------------------------------------------
    integer cyc;                    // rising edges seen so far
    real    now, t_first, t_prev_edge, t_in_change, t_dq_change, t_wr_sample;
    reg     started;                // CKE was high at an edge
    integer init_state;             // 0 wait, 1 want PRE ALL, 2 refreshes, 3 done
    integer init_refs;
    integer cl, bl;

    reg        bank_active [0:3];
    reg [12:0] bank_row    [0:3];
    real       t_act [0:3], t_pre [0:3], t_wlast [0:3];
    integer    rd_end [0:3];        // first cycle a PRECHARGE no longer truncates the read
    real       t_act_any, t_ref;
    integer    cyc_lmr;

    // bursts
    integer    col_busy_until;      // first cycle a new READ/WRITE may start
    reg        wr_active;
    integer    wr_beat, wr_bank_n;
    reg [12:0] wr_row_n;
    reg [8:0]  wr_col_n;
    integer    rd_last_edge;        // last edge a read beat is due on DQ

    // read beats scheduled per edge (cycle mod 32)
    reg        rq_valid [0:31];
    reg [1:0]  rq_bank  [0:31];
    reg [12:0] rq_row   [0:31];
    reg [8:0]  rq_col   [0:31];
    reg [1:0]  dqm_hist [0:31];
    reg [15:0] drv_val;             // what the model drives for the current edge's beat
    reg [15:0] dq_drv;
    assign dq = dq_drv;

    // refresh accounting
    real    ref_origin;
    integer n_ref_run;

    // statistics for the bench
    integer n_act, n_read, n_write, n_pre, n_ref, n_lmr;

    integer k;
    initial begin
        cyc = 0; started = 0; init_state = 0; init_refs = 0; cl = 0; bl = 0;
        t_first = -1.0; t_prev_edge = -1.0; t_in_change = -1.0e9; t_dq_change = -1.0e9;
        t_wr_sample = -1.0e9;
        for (k = 0; k < 4; k = k + 1) begin
            bank_active[k] = 0; t_act[k] = -1.0e9; t_pre[k] = -1.0e9; t_wlast[k] = -1.0e9;
            rd_end[k] = 0;
        end
        t_act_any = -1.0e9; t_ref = -1.0e9; cyc_lmr = -1000;
        col_busy_until = 0; wr_active = 0; rd_last_edge = -1;
        for (k = 0; k < 32; k = k + 1) begin rq_valid[k] = 0; dqm_hist[k] = 2'b00; end
        dq_drv = 16'hzzzz;
        n_ref_run = 0; ref_origin = 0.0;
        n_act = 0; n_read = 0; n_write = 0; n_pre = 0; n_ref = 0; n_lmr = 0;
    end

    task fail(input string rule, input string what);
        begin
            $display("SDRAM-MODEL ERROR [%s] t=%0.3f ns: %s", rule, $realtime, what);
            $fatal(1, "sdram_model: protocol violation");
        end
    endtask

    // ---- setup / hold of the sampled inputs ----------------------------------
    always @(cke or csn or rasn or casn or wen or ba or a or dqm) begin
        if (started && $realtime - t_prev_edge < TH_NS - EPS)
            fail("hold", $sformatf("command/address/DQM changed %0.3f ns after the clock edge (tH %0.3f)",
                                   $realtime - t_prev_edge, TH_NS));
        t_in_change = $realtime;
    end
    always @(dq) begin
        if ($realtime - t_wr_sample < TH_NS - EPS)
            fail("hold", $sformatf("write data changed %0.3f ns after the sampling edge (tH %0.3f)",
                                   $realtime - t_wr_sample, TH_NS));
        t_dq_change = $realtime;
    end

    // ---- helpers ---------------------------------------------------------------
    function integer cell_ix(input [1:0] b, input [12:0] r, input [8:0] c);
        cell_ix = {b, r, c[8:2]};
    endfunction

    function [8:0] burst_col(input [8:0] start, input integer i);
        // sequential burst: wrap inside the BL-aligned block
        burst_col = (start & ~(bl - 1)) | ((start + i) & (bl - 1));
    endfunction

    task write_beat(input [1:0] b, input [12:0] r, input [8:0] c, input [1:0] m, input [15:0] d);
        reg [63:0] w;
        begin
            if (!m[0] && ^d[7:0] === 1'bx)
                fail("dq", $sformatf("write data low byte undriven/X (%h) bank %0d row %0d col %0d", d, b, r, c));
            if (!m[1] && ^d[15:8] === 1'bx)
                fail("dq", $sformatf("write data high byte undriven/X (%h) bank %0d row %0d col %0d", d, b, r, c));
            if (now - t_dq_change < TS_NS - EPS)
                fail("setup", $sformatf("write data changed %0.3f ns before the edge (tS %0.3f)",
                                        now - t_dq_change, TS_NS));
            t_wr_sample = now;
            w = mem[cell_ix(b, r, c)];
            if (!m[0]) w[c[1:0]*16 +: 8] = d[7:0];
            if (!m[1]) w[c[1:0]*16 + 8 +: 8] = d[15:8];
            mem[cell_ix(b, r, c)] = w;
        end
    endtask

    function real since(input real t);
        since = now - t;
    endfunction

    task need(input string rule, input real elapsed, input real min_ns, input string what);
        if (elapsed < min_ns - EPS)
            fail(rule, $sformatf("%s: %0.3f ns after, needs %0.3f ns", what, elapsed, min_ns));
    endtask

    task all_idle(input string what);
        integer bb;
        for (bb = 0; bb < 4; bb = bb + 1)
            if (bank_active[bb]) fail("cmd", $sformatf("%s while bank %0d is active", what, bb));
    endtask

    // ---- the chip ----------------------------------------------------------------
    reg [3:0]  cmd;
    reg [1:0]  b;
    integer    i, e, slot, bb;
    reg [63:0] w;
    reg [15:0] v;
    reg        beat_now;
    string     cname;
    real       period, tck_min, deadline;

    localparam [3:0] C_LMR = 4'b0000, C_REF = 4'b0001, C_PRE = 4'b0010, C_ACT = 4'b0011,
                     C_WR  = 4'b0100, C_RD  = 4'b0101, C_BST = 4'b0110, C_NOP = 4'b0111;

    always @(posedge clk) begin
        now = $realtime;
        if (t_first < 0.0) t_first = now;

        // clock period for the programmed CAS latency
        if (t_prev_edge >= 0.0) begin
            period  = now - t_prev_edge;
            tck_min = (cl == 2) ? TCK2_MIN_NS : TCK3_MIN_NS;
            if (period < tck_min - EPS)
                fail("tCK", $sformatf("clock period %0.3f ns < %0.3f ns (CL%0d)", period, tck_min, cl));
        end
        t_prev_edge = now;

        if (cke === 1'b1) started = 1;
        if (started && cke !== 1'b1)
            fail("cke", "CKE not high after start (power-down / self refresh not modelled)");

        if (started && since(t_in_change) < TS_NS - EPS)
            fail("setup", $sformatf("command/address/DQM changed %0.3f ns before the edge (tS %0.3f)",
                                    since(t_in_change), TS_NS));

        dqm_hist[cyc % 32] = dqm;

        // -- read data due at this edge: the bus must carry it (no contention)
        slot = cyc % 32;
        beat_now = rq_valid[slot];
        if (rq_valid[slot]) begin
            if (dq !== drv_val)
                fail("dq", $sformatf("read beat on DQ is %h, model drives %h: another driver (contention) or X",
                                     dq, drv_val));
            rq_valid[slot] = 0;
        end

        // -- write burst beats 1..BL-1 (beat 0 comes with the WRITE command)
        if (wr_active) begin
            write_beat(wr_bank_n[1:0], wr_row_n, burst_col(wr_col_n, wr_beat), dqm, dq);
            if (wr_beat == bl - 1) begin
                wr_active = 0;
                t_wlast[wr_bank_n] = now;
            end
            wr_beat = wr_beat + 1;
        end

        // -- command
        cmd = (csn === 1'b1) ? C_NOP : {csn, rasn, casn, wen};
        if (!started && csn !== 1'b0) cmd = C_NOP;     // pins undefined before the controller's reset
        if (started && ^{csn, rasn, casn, wen} === 1'bx && csn !== 1'b1)
            fail("cmd", "command pins X");
        b = ba;

        if (cmd != C_NOP) begin
            if (!started) fail("cke", "command while CKE low");
            if (init_state == 0) begin
                if (since(t_first) < T_INIT_NS - EPS)
                    fail("init", $sformatf("command %b %0.3f ns after power-up, needs %0.3f ns of NOPs",
                                           cmd, since(t_first), T_INIT_NS));
                if (!(cmd == C_PRE && a[10] === 1'b1))
                    fail("init", "first command after the power-up wait must be PRECHARGE ALL");
                init_state = 2;
            end else if (init_state == 2 && cmd != C_REF && cmd != C_LMR && cmd != C_PRE) begin
                fail("init", $sformatf("command %b before the mode register is loaded", cmd));
            end
            // the address bits each command uses must be defined
            if ((cmd == C_ACT || cmd == C_LMR) && (^ba === 1'bx || ^a === 1'bx))
                fail("cmd", $sformatf("command %b with X on BA/A", cmd));
            if ((cmd == C_RD || cmd == C_WR) && (^ba === 1'bx || ^a[10:0] === 1'bx))
                fail("cmd", $sformatf("command %b with X on BA/A", cmd));
            if (cmd == C_PRE && (a[10] === 1'bx || (a[10] === 1'b0 && ^ba === 1'bx)))
                fail("cmd", "PRECHARGE with X on A10/BA");
            if (cyc - cyc_lmr < TMRD_CK)
                fail("tMRD", $sformatf("command %b %0d cycles after LOAD MODE REGISTER, needs %0d",
                                       cmd, cyc - cyc_lmr, TMRD_CK));
            need("tRFC", since(t_ref), TRFC_NS, "command after AUTO REFRESH");
        end

        case (cmd)
            C_NOP: ;
            C_BST: fail("cmd", "BURST TERMINATE not used by the controller");
            C_LMR: begin
                all_idle("LOAD MODE REGISTER");
                for (bb = 0; bb < 4; bb = bb + 1) need("tRP", since(t_pre[bb]), TRP_NS, "LOAD MODE after PRECHARGE");
                if (init_state == 2 && init_refs < INIT_REFRESHES)
                    fail("init", $sformatf("LOAD MODE REGISTER after %0d AUTO REFRESH, needs %0d",
                                           init_refs, INIT_REFRESHES));
                if (a[2:0] > 3'd3) fail("mode", $sformatf("burst length code %b not supported", a[2:0]));
                if (a[3] !== 1'b0) fail("mode", "interleaved bursts not modelled");
                if (a[6:4] != 3'd2 && a[6:4] != 3'd3) fail("mode", $sformatf("CAS latency %0d", a[6:4]));
                if (a[8:7] !== 2'b00) fail("mode", "operating mode must be standard (A8:A7 = 0)");
                if (a[9] !== 1'b0) fail("mode", "single-location writes not modelled (A9 = 1)");
                bl = 1 << a[2:0];
                cl = a[6:4];
                if (init_state == 2) begin
                    init_state = 3;
                    ref_origin = t_ref;
                    n_ref_run = 0;
                end
                cyc_lmr = cyc;
                n_lmr = n_lmr + 1;
            end
            C_REF: begin
                all_idle("AUTO REFRESH");
                for (bb = 0; bb < 4; bb = bb + 1) need("tRP", since(t_pre[bb]), TRP_NS, "AUTO REFRESH after PRECHARGE");
                for (bb = 0; bb < 4; bb = bb + 1) need("tRC", since(t_act[bb]), TRC_NS, "AUTO REFRESH after ACTIVE");
                t_ref = now;
                n_ref = n_ref + 1;
                if (init_state == 2) init_refs = init_refs + 1;
                else if (init_state == 3) begin
                    // credit for early refreshes, but never more than the whole array
                    if (n_ref_run < $rtoi((now - ref_origin) / TREFI_NS) + 8192)
                        n_ref_run = n_ref_run + 1;
                end
            end
            C_PRE: begin
                for (bb = 0; bb < 4; bb = bb + 1) begin
                    if (a[10] === 1'b1 || bb == b) begin
                        if (bank_active[bb]) begin
                            need("tRAS", since(t_act[bb]), TRAS_NS, $sformatf("PRECHARGE bank %0d after ACTIVE", bb));
                            need("tWR", since(t_wlast[bb]), TWR_NS, $sformatf("PRECHARGE bank %0d after last write data", bb));
                            if (wr_active && wr_bank_n == bb)
                                fail("tWR", $sformatf("PRECHARGE bank %0d during its write burst", bb));
                            if (cyc < rd_end[bb])
                                fail("burst", $sformatf("PRECHARGE bank %0d truncates its read burst (%0d cycles early)",
                                                        bb, rd_end[bb] - cyc));
                        end
                        bank_active[bb] = 0;
                        t_pre[bb] = now;
                    end
                end
                n_pre = n_pre + 1;
            end
            C_ACT: begin
                if (bank_active[b]) fail("cmd", $sformatf("ACTIVE to bank %0d which is already active", b));
                need("tRP", since(t_pre[b]), TRP_NS, $sformatf("ACTIVE bank %0d after PRECHARGE", b));
                need("tRC", since(t_act[b]), TRC_NS, $sformatf("ACTIVE bank %0d after ACTIVE", b));
                need("tRRD", since(t_act_any), TRRD_NS, $sformatf("ACTIVE bank %0d after ACTIVE of another bank", b));
                bank_active[b] = 1;
                bank_row[b] = a;
                t_act[b] = now;
                t_act_any = now;
                n_act = n_act + 1;
            end
            C_RD, C_WR: begin
                if (cmd == C_RD) cname = "READ"; else cname = "WRITE";
                if (!bank_active[b])
                    fail("cmd", $sformatf("%s to bank %0d which is idle", cname, b));
                need("tRCD", since(t_act[b]), TRCD_NS, $sformatf("%s bank %0d after ACTIVE", cname, b));
                if (a[10] === 1'b1) fail("cmd", "auto precharge not modelled (A10 = 1 on READ/WRITE)");
                if (cyc < col_busy_until)
                    fail("burst", $sformatf("%s interrupts a burst (%0d cycles early)",
                                            cname, col_busy_until - cyc));
                col_busy_until = cyc + bl;
                if (cmd == C_RD) begin
                    for (i = 0; i < bl; i = i + 1) begin
                        e = cyc + cl + i;
                        rq_valid[e % 32] = 1;
                        rq_bank[e % 32]  = b;
                        rq_row[e % 32]   = bank_row[b];
                        rq_col[e % 32]   = burst_col(a[8:0], i);
                    end
                    rd_last_edge = cyc + cl + bl - 1;
                    rd_end[b] = cyc + bl;
                    n_read = n_read + 1;
                end else begin
                    if (rd_last_edge >= cyc)
                        fail("burst", $sformatf("WRITE while read data is still due on DQ (until %0d cycles later)",
                                                rd_last_edge - cyc));
                    write_beat(b, bank_row[b], burst_col(a[8:0], 0), dqm, dq);
                    if (bl == 1) begin
                        t_wlast[b] = now;
                    end else begin
                        wr_active = 1; wr_beat = 1; wr_bank_n = b; wr_row_n = bank_row[b]; wr_col_n = a[8:0];
                    end
                    n_write = n_write + 1;
                end
            end
            default: ;
        endcase

        // -- refresh interval and tRAS(max)
        if (init_state == 3) begin
            deadline = ref_origin + (n_ref_run + 1 + REF_LATE_MAX) * TREFI_NS;
            if (now > deadline + EPS)
                fail("tREFI", $sformatf("AUTO REFRESH overdue: %0d refreshes in %0.3f ns since init, more than %0d owed",
                                        n_ref_run, now - ref_origin, REF_LATE_MAX));
            for (bb = 0; bb < 4; bb = bb + 1)
                if (bank_active[bb] && since(t_act[bb]) > TRAS_MAX_NS)
                    fail("tRAS", $sformatf("bank %0d open for %0.3f ns > tRAS(max)", bb, since(t_act[bb])));
        end

        // -- DQ driver: drop this edge's beat after tOH, drive the next one after tAC
        slot = (cyc + 1) % 32;
        if (beat_now)
            dq_drv <= #(TOH_NS) 16'hxxxx;
        if (rq_valid[slot]) begin
            w = mem[cell_ix(rq_bank[slot], rq_row[slot], rq_col[slot])];
            v = w[rq_col[slot][1:0]*16 +: 16];
            // DQM masks read data two clocks after it is sampled
            if (dqm_hist[(cyc + 31) % 32][0]) v[7:0]  = 8'hzz;
            if (dqm_hist[(cyc + 31) % 32][1]) v[15:8] = 8'hzz;
            drv_val = v;
            dq_drv <= #((cl == 2) ? TAC2_NS : TAC3_NS) v;
        end else if (beat_now) begin
            dq_drv <= #((cl == 2) ? TAC2_NS : TAC3_NS) 16'hzzzz;
        end

        cyc = cyc + 1;
    end
endmodule
