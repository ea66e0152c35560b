// sdram_ctrl -- SDR SDRAM controller for the ULX3S board's 32 MiB chip
// (IS42S16160 / MT48LC16M16A2: 4 banks x 8192 rows x 512 columns x 16 bit).
//
// Place in the SoC: the board top puts this controller behind the memory
// fabric where the simulation SoC has its block-RAM banks; one 64-bit word
// of the SoC is one burst of four 16-bit beats at a 4-aligned column.
//
// User port (valid/ready, one clock domain with the SDRAM command pins):
//   req_valid_i / req_ready_o   a request is taken on a cycle where both
//                               are high; req_* must be stable while valid
//                               is high and ready low (STYLE-RTL.md).
//   req_addr_i[21:0]            64-bit word address (byte address >> 3).
//   req_we_i                    1 = write, 0 = read.
//   req_wdata_i, req_wmask_i    write data, byte enables (bit i = byte i).
//   rsp_valid_o, rsp_rdata_o    one pulse per READ, in request order, no
//                               ready (the requester always takes it).
//   WRITES GET NO RESPONSE.  A write is ordered with the reads: every read
//   accepted after a write returns the written bytes (commands go to the
//   chip in request order), so a fabric may acknowledge a store as soon as
//   it is accepted.  Writes with req_wmask_i == 0 are legal (DQM masks all).
//   Up to two reads may be in flight (a new one is taken while the data of
//   the previous one is still on its way); responses come back in the order
//   the reads were taken, a variable number of cycles after the request
//   (7 on an open row at CL2, more on a row miss or behind a refresh).
//   init_done_o                 the power-up sequence is over; req_ready_o
//                               stays low until then.
//
// SDRAM pins (all driven straight from flip-flops, no logic after them, so
// the output timing is clock-to-out only; the DQ input is captured by a
// flip-flop with no logic before it):
//   sdram_cke_o, sdram_csn_o, sdram_rasn_o, sdram_casn_o, sdram_wen_o,
//   sdram_ba_o, sdram_a_o, sdram_dqm_o, sdram_dq_o / sdram_dq_oe_o /
//   sdram_dq_i (the board top makes the inout pad from these three).
//   The chip's clock is NOT produced here: the board top forwards an
//   inverted copy of clk_i (SDRAM samples at the falling edge of clk_i,
//   half a period after the controller's outputs change), see
//   fpga/boards/ulx3s/README.md.
//
// Read capture: beat 0 of a READ launched at clock edge E0 is sampled into
// the DQ input register at edge E0 + CAS_LATENCY + RD_EXTRA_CK.  With the
// chip clock lagging clk_i by D ns, RD_EXTRA_CK = 0 is right when
// D + tAC < tCK and D + tOH > 0 (inverted clock at <= 50 MHz: D = tCK/2 =
// 10..12.5 ns > tAC = 6 ns); RD_EXTRA_CK = 1 needs tCK < D + tOH.
//
// Page policy: OPEN ROW.  Each bank keeps its last row open until a request
// for another row of that bank (PRECHARGE then ACTIVE) or a refresh (which
// precharges all banks).  Why: the SoC's traffic is instruction fetches and
// stack/data accesses with strong locality; a row is 1 KiB (128 words) and
// the address map below puts consecutive rows-worth of words in different
// banks, so a sequential stream or a loop keeps hitting open rows and pays
// only READ/WRITE + CAS latency.  A row conflict costs one PRECHARGE (tRP)
// more than a close-page controller would pay; at 40-50 MHz tRP and tRCD are
// one cycle each, so a miss costs 1-2 cycles while a hit saves one.  Rows
// never stay open longer than tRAS(max) = 120 us: the refresh every 7.8 us
// closes them all.
//
// Address map (word address): row = addr[21:9], bank = addr[8:7],
// column = {addr[6:0], 2'b00}.  Bursts are 4 beats, sequential, so the
// beats of one word are columns c..c+3 and beat i carries bytes 2i, 2i+1.
//
// Timing: every datasheet time is a parameter in ns (integers); CLK_PERIOD_PS
// is the clock period; each is turned into cycles rounded UP (at least one),
// except the refresh interval which is rounded DOWN (refreshing early is
// safe, late is not).  Defaults are the slower of IS42S16160G-7 and
// MT48LC16M16A2-75 (the two chips fitted on ULX3S boards).
//
// Refresh: a free-running counter raises one refresh request every
// TREFI_NS; the command sequencer serves it before any other request,
// after the command in progress (precharge all if a row is open, wait tRP,
// AUTO REFRESH, wait tRFC).  The counter does not restart when a refresh is
// served, so the average rate is exactly one per TREFI_NS whatever the
// traffic; a refresh is at most a few cycles late.
//
// Power-up (the strictest of the vendors' sheets): NOP for T_INIT_NS with
// CKE and DQM high (200 us; Micron asks 100 us), PRECHARGE ALL,
// INIT_REFRESHES x AUTO REFRESH (8; Micron asks 2), LOAD MODE REGISTER
// (burst 4, sequential, CAS latency CAS_LATENCY, burst writes), tMRD.
module sdram_ctrl #(
    parameter CLK_PERIOD_PS  = 25000,   // 40 MHz
    parameter CAS_LATENCY    = 2,       // 2 or 3 (CL2 needs tCK >= 10 ns on -75)
    parameter RD_EXTRA_CK    = 0,       // read capture delay beyond CL, see above
    parameter T_INIT_NS      = 200000,  // power-up wait (ISSI 200 us, Micron 100 us)
    parameter INIT_REFRESHES = 8,
    parameter TRCD_NS        = 20,      // ACTIVE to READ/WRITE
    parameter TRP_NS         = 20,      // PRECHARGE to ACTIVE/REFRESH
    parameter TRC_NS         = 66,      // ACTIVE to ACTIVE, same bank
    parameter TRAS_NS        = 44,      // ACTIVE to PRECHARGE
    parameter TRFC_NS        = 66,      // REFRESH to any command
    parameter TWR_NS         = 15,      // last write data to PRECHARGE
    parameter TRRD_NS        = 15,      // ACTIVE to ACTIVE, other bank
    parameter TMRD_CK        = 2,       // LOAD MODE REGISTER to any command (the sheets give cycles)
    parameter TREFI_NS       = 7812     // 64 ms / 8192 rows
) (
    input  logic        clk_i,
    input  logic        rst_ni,

    input  logic        req_valid_i,
    output logic        req_ready_o,
    input  logic [21:0] req_addr_i,
    input  logic        req_we_i,
    input  logic [63:0] req_wdata_i,
    input  logic [7:0]  req_wmask_i,
    output logic        rsp_valid_o,
    output logic [63:0] rsp_rdata_o,
    output logic        init_done_o,

    output logic        sdram_cke_o,
    output logic        sdram_csn_o,
    output logic        sdram_rasn_o,
    output logic        sdram_casn_o,
    output logic        sdram_wen_o,
    output logic [1:0]  sdram_ba_o,
    output logic [12:0] sdram_a_o,
    output logic [1:0]  sdram_dqm_o,
    output logic [15:0] sdram_dq_o,
    output logic        sdram_dq_oe_o,
    input  logic [15:0] sdram_dq_i
);

    // ---- datasheet times in cycles --------------------------------------
    function integer ns_to_ck(input integer ns);    // rounded up, >= 1
        integer ck;
        begin
            ck = (ns * 1000 + CLK_PERIOD_PS - 1) / CLK_PERIOD_PS;
            ns_to_ck = (ck < 1) ? 1 : ck;
        end
    endfunction

    localparam integer BL        = 4;                 // beats per 64-bit word
    localparam integer TRCD_CK   = ns_to_ck(TRCD_NS);
    localparam integer TRP_CK    = ns_to_ck(TRP_NS);
    localparam integer TRC_CK    = ns_to_ck(TRC_NS);
    localparam integer TRAS_CK   = ns_to_ck(TRAS_NS);
    localparam integer TRFC_CK   = ns_to_ck(TRFC_NS);
    localparam integer TWR_CK    = ns_to_ck(TWR_NS);
    localparam integer TRRD_CK   = ns_to_ck(TRRD_NS);
    localparam integer INIT_CK   = ns_to_ck(T_INIT_NS);
    localparam integer TREFI_CK  = (TREFI_NS * 1000) / CLK_PERIOD_PS;   // rounded down
    // column command spacing: a burst occupies BL cycles of the bus; a WRITE
    // after a READ waits until the read data has left DQ plus one turnaround
    // cycle where nobody drives.
    localparam integer RD2WR_CK  = CAS_LATENCY + RD_EXTRA_CK + BL + 1;
    // PRECHARGE after a WRITE: tWR counts from the last data beat (BL-1 later).
    localparam integer WR2PRE_CK = BL - 1 + TWR_CK;

    // Wait counters hold "cycles to wait - 1": a counter loaded with N-1 by
    // the edge that puts a command on the pins reads 0 in the cycle before
    // the earliest edge allowed to issue the next one (N cycles later).
    function integer max2(input integer x, input integer y);
        max2 = (x > y) ? x : y;
    endfunction
    localparam integer WAIT_MAX  = max2(max2(max2(TRC_CK, TRFC_CK), max2(RD2WR_CK, WR2PRE_CK)),
                                        max2(max2(TRAS_CK, TMRD_CK), max2(TRCD_CK, TRP_CK)));
    localparam integer WAIT_W    = $clog2(WAIT_MAX + 1);
    localparam integer INIT_W    = $clog2(INIT_CK + 1);
    localparam integer REFI_W    = $clog2(TREFI_CK + 1);
    localparam integer RDPIPE_N  = CAS_LATENCY + RD_EXTRA_CK + BL;

    // SDRAM commands: {csn, rasn, casn, wen}
    localparam logic [3:0] CMD_NOP   = 4'b0111;
    localparam logic [3:0] CMD_ACT   = 4'b0011;
    localparam logic [3:0] CMD_READ  = 4'b0101;
    localparam logic [3:0] CMD_WRITE = 4'b0100;
    localparam logic [3:0] CMD_PRE   = 4'b0010;
    localparam logic [3:0] CMD_REF   = 4'b0001;
    localparam logic [3:0] CMD_LMR   = 4'b0000;

    // mode register: write burst (A9=0), standard op, CL, sequential, BL=4
    localparam logic [12:0] MODE_REG = {3'b000, 1'b0, 2'b00, 3'(CAS_LATENCY), 1'b0, 3'b010};

    // sequencer states
    localparam logic [2:0] S_INIT_WAIT = 3'd0;   // power-up NOPs
    localparam logic [2:0] S_INIT_PRE  = 3'd1;   // PRECHARGE ALL
    localparam logic [2:0] S_INIT_REF  = 3'd2;   // INIT_REFRESHES x AUTO REFRESH
    localparam logic [2:0] S_INIT_LMR  = 3'd3;   // LOAD MODE REGISTER
    localparam logic [2:0] S_RUN       = 3'd4;   // refresh and requests

    // ---- registers -------------------------------------------------------
    logic [2:0]        state_q, state_d;
    logic [INIT_W-1:0] init_cnt_q, init_cnt_d;
    logic [3:0]        init_refs_q, init_refs_d;
    logic              init_done_q, init_done_d;

    logic [REFI_W-1:0] refi_cnt_q;
    logic [1:0]        ref_owed_q, ref_owed_d;   // refreshes due, not yet issued

    // the one request being worked on
    logic              rq_valid_q;
    logic [21:0]       rq_addr_q;
    logic              rq_we_q;
    logic [63:0]       rq_wdata_q;
    logic [7:0]        rq_wmask_q;

    // bank bookkeeping
    logic [3:0]        bank_open_q, bank_open_d;
    logic [12:0]       bank_row_q [0:3];
    logic [WAIT_W-1:0] act_wait_q [0:3];   // ACTIVE allowed (tRC, tRP)
    logic [WAIT_W-1:0] col_wait_q [0:3];   // READ/WRITE allowed (tRCD)
    logic [WAIT_W-1:0] pre_wait_q [0:3];   // PRECHARGE allowed (tRAS, tWR, read burst)
    logic [WAIT_W-1:0] rrd_wait_q;       // ACTIVE to another bank (tRRD)
    logic [WAIT_W-1:0] rd_wait_q;        // next READ (burst length)
    logic [WAIT_W-1:0] wr_wait_q;        // next WRITE (burst, read->write turnaround)
    logic [WAIT_W-1:0] cmd_wait_q;       // any command (tRFC, tMRD)

    // pins
    logic              cke_q;
    logic [3:0]        cmd_q, cmd_d;
    logic [1:0]        ba_q, ba_d;
    logic [12:0]       a_q, a_d;
    logic [1:0]        dqm_q;
    logic [15:0]       dq_out_q;
    logic              dq_oe_q;
    logic [15:0]       dq_in_q;

    // write beats 1..3 still to send
    logic [47:0]       wr_data_q;
    logic [5:0]        wr_mask_q;        // byte enables of beats 1..3
    logic [1:0]        wr_beats_q;

    // read return: bit i set = a READ went on the pins i cycles ago
    logic [RDPIPE_N-1:0] rd_pipe_q;
    logic [47:0]       rd_data_q;        // beats 0..2 of the word being read

    // ---- request decode ----------------------------------------------------
    logic [12:0] rq_row;
    logic [1:0]  rq_bank;
    logic [8:0]  rq_col;
    assign rq_row  = rq_addr_q[21:9];
    assign rq_bank = rq_addr_q[8:7];
    assign rq_col  = {rq_addr_q[6:0], 2'b00};

    logic rq_hit, rq_open;
    assign rq_open = bank_open_q[rq_bank];
    assign rq_hit  = rq_open && (bank_row_q[rq_bank] == rq_row);

    logic all_act_ok, all_pre_ok;
    assign all_act_ok = (act_wait_q[0] == '0) && (act_wait_q[1] == '0) &&
                        (act_wait_q[2] == '0) && (act_wait_q[3] == '0);
    assign all_pre_ok = (pre_wait_q[0] == '0) && (pre_wait_q[1] == '0) &&
                        (pre_wait_q[2] == '0) && (pre_wait_q[3] == '0);

    // ---- command sequencer (the one decision per cycle) -------------------
    logic issue_act, issue_read, issue_write, issue_pre, issue_pre_all, issue_ref, issue_lmr;

    always_comb begin
        state_d     = state_q;
        init_cnt_d  = init_cnt_q;
        init_refs_d = init_refs_q;
        init_done_d = init_done_q;
        issue_act = 1'b0; issue_read = 1'b0; issue_write = 1'b0;
        issue_pre = 1'b0; issue_pre_all = 1'b0; issue_ref = 1'b0; issue_lmr = 1'b0;

        case (state_q)
            S_INIT_WAIT: begin
                if (init_cnt_q == '0) state_d = S_INIT_PRE;
                else                  init_cnt_d = init_cnt_q - 1'b1;
            end
            S_INIT_PRE: begin
                issue_pre_all = 1'b1;
                state_d = S_INIT_REF;
            end
            S_INIT_REF: begin
                if (cmd_wait_q == '0 && all_act_ok) begin
                    issue_ref = 1'b1;
                    init_refs_d = init_refs_q + 1'b1;
                    if (init_refs_q == 4'(INIT_REFRESHES - 1)) state_d = S_INIT_LMR;
                end
            end
            S_INIT_LMR: begin
                if (cmd_wait_q == '0) begin
                    issue_lmr = 1'b1;
                    init_done_d = 1'b1;
                    state_d = S_RUN;
                end
            end
            default: begin   // S_RUN
                if (cmd_wait_q != '0) begin
                    // tRFC / tMRD: nothing may be issued
                end else if (ref_owed_q != '0) begin
                    // refresh first: close every row, then AUTO REFRESH
                    if (bank_open_q != '0) issue_pre_all = all_pre_ok;
                    else                   issue_ref = all_act_ok;
                end else if (rq_valid_q) begin
                    if (rq_hit) begin
                        if (col_wait_q[rq_bank] == '0) begin
                            if (rq_we_q) issue_write = (wr_wait_q == '0);
                            else         issue_read  = (rd_wait_q == '0);
                        end
                    end else if (rq_open) begin
                        issue_pre = (pre_wait_q[rq_bank] == '0);     // row conflict
                    end else begin
                        issue_act = (act_wait_q[rq_bank] == '0) && (rrd_wait_q == '0);
                    end
                end
            end
        endcase
    end

    // command and address for the pins
    always_comb begin
        cmd_d = CMD_NOP;
        ba_d  = ba_q;
        a_d   = a_q;
        if (issue_act) begin
            cmd_d = CMD_ACT;   ba_d = rq_bank; a_d = rq_row;
        end else if (issue_read || issue_write) begin
            cmd_d = issue_write ? CMD_WRITE : CMD_READ;
            ba_d = rq_bank;    a_d = {4'b0000, rq_col};          // A10 = 0: no auto precharge
        end else if (issue_pre) begin
            cmd_d = CMD_PRE;   ba_d = rq_bank; a_d = 13'd0;       // A10 = 0: this bank
        end else if (issue_pre_all) begin
            cmd_d = CMD_PRE;   a_d = 13'b0_0100_0000_0000;        // A10 = 1: all banks
        end else if (issue_ref) begin
            cmd_d = CMD_REF;
        end else if (issue_lmr) begin
            cmd_d = CMD_LMR;   ba_d = 2'b00;   a_d = MODE_REG;
        end
    end

    // refresh debt: +1 per TREFI_CK after init, -1 per AUTO REFRESH in S_RUN
    always_comb begin
        ref_owed_d = ref_owed_q;
        if (state_q == S_RUN) begin
            if (refi_cnt_q == '0 && !(issue_ref && ref_owed_q != '0)) ref_owed_d = ref_owed_q + 1'b1;
            else if (refi_cnt_q != '0 && issue_ref)                   ref_owed_d = ref_owed_q - 1'b1;
        end
    end

    // bank state after this cycle's command
    always_comb begin
        bank_open_d = bank_open_q;
        if (issue_act)     bank_open_d[rq_bank] = 1'b1;
        if (issue_pre)     bank_open_d[rq_bank] = 1'b0;
        if (issue_pre_all) bank_open_d = 4'b0000;
    end

    integer b, i;

    // ---- sequential ----------------------------------------------------------
    function automatic logic [WAIT_W-1:0] dec(input logic [WAIT_W-1:0] w);
        dec = (w == '0) ? '0 : w - 1'b1;
    endfunction
    function automatic logic [WAIT_W-1:0] at_least(input logic [WAIT_W-1:0] w, input integer n);
        // max(w - 1, n - 1): the wait after this cycle when a new command needs n cycles
        logic [WAIT_W-1:0] nw;
        nw = WAIT_W'(n - 1);
        at_least = (dec(w) > nw) ? dec(w) : nw;
    endfunction

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            state_q     <= S_INIT_WAIT;
            init_cnt_q  <= INIT_W'(INIT_CK);
            init_refs_q <= '0;
            init_done_q <= 1'b0;
            refi_cnt_q  <= REFI_W'(TREFI_CK - 1);
            ref_owed_q  <= '0;
            rq_valid_q  <= 1'b0;
            bank_open_q <= '0;
            for (b = 0; b < 4; b = b + 1) begin
                act_wait_q[b] <= '0;
                col_wait_q[b] <= '0;
                pre_wait_q[b] <= '0;
            end
            rrd_wait_q  <= '0;
            rd_wait_q   <= '0;
            wr_wait_q   <= '0;
            cmd_wait_q  <= '0;
            cke_q       <= 1'b0;
            cmd_q       <= CMD_NOP;
            ba_q        <= 2'b00;
            a_q         <= 13'd0;
            dqm_q       <= 2'b11;      // DQM high during the power-up pause
            dq_oe_q     <= 1'b0;
            wr_beats_q  <= '0;
            rd_pipe_q   <= '0;
        end else begin
            state_q     <= state_d;
            init_cnt_q  <= init_cnt_d;
            init_refs_q <= init_refs_d;
            init_done_q <= init_done_d;
            ref_owed_q  <= ref_owed_d;
            bank_open_q <= bank_open_d;
            cke_q       <= 1'b1;
            cmd_q       <= cmd_d;
            ba_q        <= ba_d;
            a_q         <= a_d;

            // free-running refresh interval counter (starts with S_RUN)
            if (state_q == S_RUN)
                refi_cnt_q <= (refi_cnt_q == '0) ? REFI_W'(TREFI_CK - 1) : refi_cnt_q - 1'b1;

            // request register: one request, taken when empty
            if (req_valid_i && req_ready_o)        rq_valid_q <= 1'b1;
            else if (issue_read || issue_write)    rq_valid_q <= 1'b0;

            // timing counters
            for (b = 0; b < 4; b = b + 1) begin
                act_wait_q[b] <= dec(act_wait_q[b]);
                col_wait_q[b] <= dec(col_wait_q[b]);
                pre_wait_q[b] <= dec(pre_wait_q[b]);
            end
            rrd_wait_q <= dec(rrd_wait_q);
            rd_wait_q  <= dec(rd_wait_q);
            wr_wait_q  <= dec(wr_wait_q);
            cmd_wait_q <= dec(cmd_wait_q);
            if (issue_act) begin
                act_wait_q[rq_bank] <= at_least(act_wait_q[rq_bank], TRC_CK);
                col_wait_q[rq_bank] <= at_least(col_wait_q[rq_bank], TRCD_CK);
                pre_wait_q[rq_bank] <= at_least(pre_wait_q[rq_bank], TRAS_CK);
                rrd_wait_q          <= at_least(rrd_wait_q, TRRD_CK);
            end
            if (issue_read) begin
                pre_wait_q[rq_bank] <= at_least(pre_wait_q[rq_bank], BL);
                rd_wait_q           <= at_least(rd_wait_q, BL);
                wr_wait_q           <= at_least(wr_wait_q, RD2WR_CK);
            end
            if (issue_write) begin
                pre_wait_q[rq_bank] <= at_least(pre_wait_q[rq_bank], WR2PRE_CK);
                rd_wait_q           <= at_least(rd_wait_q, BL);
                wr_wait_q           <= at_least(wr_wait_q, BL);
            end
            if (issue_pre)
                act_wait_q[rq_bank] <= at_least(act_wait_q[rq_bank], TRP_CK);
            if (issue_pre_all)
                for (b = 0; b < 4; b = b + 1) act_wait_q[b] <= at_least(act_wait_q[b], TRP_CK);
            if (issue_ref)
                cmd_wait_q <= at_least(cmd_wait_q, TRFC_CK);
            if (issue_lmr)
                cmd_wait_q <= at_least(cmd_wait_q, TMRD_CK);

            // write data: beat 0 goes out with the WRITE command, 1..3 after
            if (issue_write) begin
                dq_oe_q    <= 1'b1;
                dqm_q      <= ~rq_wmask_q[1:0];
                wr_beats_q <= 2'd3;
            end else if (wr_beats_q != '0) begin
                dq_oe_q    <= 1'b1;
                dqm_q      <= ~wr_mask_q[1:0];
                wr_beats_q <= wr_beats_q - 1'b1;
            end else begin
                dq_oe_q    <= 1'b0;
                dqm_q      <= {2{!init_done_q}};   // reads are never masked
            end

            rd_pipe_q <= {rd_pipe_q[RDPIPE_N-2:0], issue_read};
        end
    end

    // registers without reset (written before they are read)
    always_ff @(posedge clk_i) begin
        if (req_valid_i && req_ready_o) begin
            rq_addr_q  <= req_addr_i;
            rq_we_q    <= req_we_i;
            rq_wdata_q <= req_wdata_i;
            rq_wmask_q <= req_wmask_i;
        end
        if (issue_act) bank_row_q[rq_bank] <= rq_row;

        if (issue_write) begin
            dq_out_q  <= rq_wdata_q[15:0];
            wr_data_q <= rq_wdata_q[63:16];
            wr_mask_q <= rq_wmask_q[7:2];
        end else if (wr_beats_q != '0) begin
            dq_out_q  <= wr_data_q[15:0];
            wr_data_q <= {16'h0000, wr_data_q[47:16]};
            wr_mask_q <= {2'b00, wr_mask_q[5:2]};
        end

        // DQ input register: samples the pins every cycle
        dq_in_q <= sdram_dq_i;
        // beat i is in dq_in_q in the cycle rd_pipe_q[CL + RD_EXTRA_CK + i] is set
        for (i = 0; i < BL - 1; i = i + 1)
            if (rd_pipe_q[CAS_LATENCY + RD_EXTRA_CK + i]) rd_data_q[16*i +: 16] <= dq_in_q;
    end

    // ---- outputs ------------------------------------------------------------
    assign req_ready_o = init_done_q && !rq_valid_q;
    assign init_done_o = init_done_q;
    // the last beat is still in the input register: the response uses it
    // from there (register to port, no logic), one cycle sooner
    assign rsp_valid_o = rd_pipe_q[RDPIPE_N-1];
    assign rsp_rdata_o = {dq_in_q, rd_data_q};

    assign sdram_cke_o   = cke_q;
    assign sdram_csn_o   = cmd_q[3];
    assign sdram_rasn_o  = cmd_q[2];
    assign sdram_casn_o  = cmd_q[1];
    assign sdram_wen_o   = cmd_q[0];
    assign sdram_ba_o    = ba_q;
    assign sdram_a_o     = a_q;
    assign sdram_dqm_o   = dqm_q;
    assign sdram_dq_o    = dq_out_q;
    assign sdram_dq_oe_o = dq_oe_q;

endmodule
