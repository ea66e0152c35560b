// tb_sdram -- bench of sdram_ctrl against the checking model sdram_model
// (Icarus, -g2012).  Simulation only.
//
// The chip clock is clk delayed by SDCLK_LAG_PS (default half a period: the
// inverted clock the ULX3S top forwards).  The bench keeps a reference of
// every word it wrote (a pool of addresses: a sequential run that crosses
// rows and banks, and pseudo-random addresses spread over all rows, banks
// and columns) and checks every read response byte by byte, in order.
//
// Phases: init (time measured) -> sequential write/read streams (bandwidth)
// -> random pool fill and random read/write streams (bandwidth) -> N_RANDOM
// mixed reads/writes with random byte masks and random gaps -> blocking
// single reads (latency: row hit, row conflict, closed bank after idle) ->
// a long idle period (refresh must keep going: the model checks tREFI) ->
// read back the whole pool.  Prints "TB PASS" at the end; any model error,
// data mismatch or stall ends the run with $fatal (exit status 1).
`timescale 1ns/1ps
module tb_sdram;
    parameter integer CLK_PERIOD_PS = 25000;
    parameter integer SDCLK_LAG_PS  = -1;        // -1: half a period
    parameter integer CL            = 2;
    parameter integer RD_EXTRA      = 0;
    // controller timing (ns): the datasheet values unless a test breaks one
    parameter integer C_TRCD_NS   = 20;
    parameter integer C_TRP_NS    = 20;
    parameter integer C_TRC_NS    = 66;
    parameter integer C_TRAS_NS   = 44;
    parameter integer C_TRFC_NS   = 66;
    parameter integer C_TWR_NS    = 15;
    parameter integer C_TRRD_NS   = 15;
    parameter integer C_TREFI_NS  = 7812;
    parameter integer C_T_INIT_NS = 200000;
    parameter integer C_INIT_REFS = 8;
    // test size
    parameter integer SEQ_N    = 1024;           // sequential words
    parameter integer RND_N    = 1024;           // random-address words
    parameter integer N_RANDOM = 20000;          // mixed operations
    parameter integer IDLE_US  = 1000;           // long idle period
    parameter integer SEED     = 1;

    localparam real    TCK_NS = CLK_PERIOD_PS / 1000.0;
    localparam real    LAG_NS = (SDCLK_LAG_PS < 0) ? TCK_NS / 2.0 : SDCLK_LAG_PS / 1000.0;
    localparam integer POOL_N = SEQ_N + RND_N + 1;   // + one word in pool 0's bank, another row
    localparam [21:0]  SEQ_BASE = 22'h200000 + 22'd100;   // not row aligned: crosses rows and banks

    // ---- clocks and DUT ------------------------------------------------------
    reg clk = 1'b0, sd_clk = 1'b0, rst_n = 1'b0;
    always #(TCK_NS / 2.0) clk = ~clk;
    always @(clk) sd_clk <= #(LAG_NS) clk;

    reg         req_valid = 1'b0, req_we = 1'b0;
    reg  [21:0] req_addr = 22'd0;
    reg  [63:0] req_wdata = 64'd0;
    reg  [7:0]  req_wmask = 8'd0;
    wire        req_ready, rsp_valid, init_done;
    wire [63:0] rsp_rdata;
    wire        cke, csn, rasn, casn, wen, dq_oe;
    wire [1:0]  ba, dqm;
    wire [12:0] a;
    wire [15:0] dq_o, dq;
    assign dq = dq_oe ? dq_o : 16'hzzzz;

    sdram_ctrl #(
        .CLK_PERIOD_PS(CLK_PERIOD_PS), .CAS_LATENCY(CL), .RD_EXTRA_CK(RD_EXTRA),
        .T_INIT_NS(C_T_INIT_NS), .INIT_REFRESHES(C_INIT_REFS),
        .TRCD_NS(C_TRCD_NS), .TRP_NS(C_TRP_NS), .TRC_NS(C_TRC_NS), .TRAS_NS(C_TRAS_NS),
        .TRFC_NS(C_TRFC_NS), .TWR_NS(C_TWR_NS), .TRRD_NS(C_TRRD_NS), .TREFI_NS(C_TREFI_NS)
    ) u_dut (
        .clk_i(clk), .rst_ni(rst_n),
        .req_valid_i(req_valid), .req_ready_o(req_ready), .req_addr_i(req_addr),
        .req_we_i(req_we), .req_wdata_i(req_wdata), .req_wmask_i(req_wmask),
        .rsp_valid_o(rsp_valid), .rsp_rdata_o(rsp_rdata), .init_done_o(init_done),
        .sdram_cke_o(cke), .sdram_csn_o(csn), .sdram_rasn_o(rasn), .sdram_casn_o(casn),
        .sdram_wen_o(wen), .sdram_ba_o(ba), .sdram_a_o(a), .sdram_dqm_o(dqm),
        .sdram_dq_o(dq_o), .sdram_dq_oe_o(dq_oe), .sdram_dq_i(dq)
    );

    // the chip: datasheet timings (slower of IS42S16160G-7 / MT48LC16M16A2-75)
    sdram_model #(.T_INIT_NS(200000.0), .INIT_REFRESHES(8)) u_chip (
        .clk(sd_clk), .cke(cke), .csn(csn), .rasn(rasn), .casn(casn), .wen(wen),
        .ba(ba), .a(a), .dqm(dqm), .dq(dq)
    );

    // ---- reference and response checking -----------------------------------
    reg [21:0] pool_addr  [0:POOL_N-1];
    reg [63:0] pool_data  [0:POOL_N-1];
    reg [7:0]  pool_known [0:POOL_N-1];      // bytes written so far

    // expected responses, in order
    localparam integer QN = 64;
    reg [63:0] q_data  [0:QN-1];
    reg [7:0]  q_known [0:QN-1];
    reg [21:0] q_addr  [0:QN-1];
    integer    q_cyc   [0:QN-1];
    integer    q_head = 0, q_tail = 0;

    integer cyc = 0;
    integer last_progress = 0;
    integer n_checked = 0;
    integer last_latency = 0;
    always @(posedge clk) cyc <= cyc + 1;

    function [63:0] byte_mask(input [7:0] m);
        integer k;
        for (k = 0; k < 8; k = k + 1) byte_mask[8*k +: 8] = {8{m[k]}};
    endfunction

    always @(posedge clk) begin
        if (rsp_valid) begin
            if (q_head == q_tail) begin
                $display("TB FAIL: response with no read outstanding at cycle %0d", cyc);
                $fatal(1);
            end
            if ((rsp_rdata & byte_mask(q_known[q_head % QN])) !==
                (q_data[q_head % QN] & byte_mask(q_known[q_head % QN]))) begin
                $display("TB FAIL: DATA MISMATCH word %h: got %h expected %h (known bytes %b) at cycle %0d",
                         q_addr[q_head % QN], rsp_rdata, q_data[q_head % QN], q_known[q_head % QN], cyc);
                $fatal(1);
            end
            last_latency = cyc - q_cyc[q_head % QN];
            q_head = q_head + 1;
            n_checked = n_checked + 1;
            last_progress = cyc;
        end
    end

    // watchdog (simulated cycles, not wall-clock)
    always @(posedge clk) begin
        if (!(req_valid || q_head != q_tail)) last_progress = cyc;     // idle on purpose
        else if (cyc - last_progress > 20000) begin
            $display("TB FAIL: no progress for 20000 cycles at cycle %0d (reads outstanding %0d)",
                     cyc, q_tail - q_head);
            $fatal(1);
        end
    end

    // ---- requester -------------------------------------------------------------
    // issue one request (returns once accepted; does not wait for the data)
    task issue(input integer idx, input we, input [63:0] wdata, input [7:0] wmask);
        begin
            req_valid <= 1'b1;
            req_we    <= we;
            req_addr  <= pool_addr[idx];
            req_wdata <= wdata;
            req_wmask <= wmask;
            @(posedge clk);
            while (!req_ready) @(posedge clk);
            // accepted at this edge: the reference follows request order
            if (we) begin
                pool_data[idx]  = (pool_data[idx] & ~byte_mask(wmask)) | (wdata & byte_mask(wmask));
                pool_known[idx] = pool_known[idx] | wmask;
            end else begin
                if (q_tail - q_head >= QN) begin $display("TB FAIL: queue overflow"); $fatal(1); end
                q_data[q_tail % QN]  = pool_data[idx];
                q_known[q_tail % QN] = pool_known[idx];
                q_addr[q_tail % QN]  = pool_addr[idx];
                q_cyc[q_tail % QN]   = cyc;
                q_tail = q_tail + 1;
            end
            last_progress = cyc;
            req_valid <= 1'b0;
        end
    endtask

    task drain;
        begin
            while (q_head != q_tail) @(posedge clk);
            repeat (12) @(posedge clk);       // let the last write burst finish
        end
    endtask

    // blocking read; returns its latency in cycles (accept edge -> response edge)
    task read_blocking(input integer idx, output integer lat);
        begin
            issue(idx, 1'b0, 64'd0, 8'd0);
            while (q_head != q_tail) @(posedge clk);
            lat = last_latency;
        end
    endtask

    function real mbps(input integer words, input integer cycles);
        mbps = (words * 8.0) / (cycles * TCK_NS) * 1000.0;
    endfunction

    // ---- the test ----------------------------------------------------------------
    integer seed, i, idx, t0, t1, n, lat, lat_min, lat_max, lat_sum, gap;
    integer t_init_cyc;
    reg [63:0] d;
    reg [7:0]  m;
    reg        we;

    initial begin
        seed = SEED;
        for (i = 0; i < SEQ_N; i = i + 1) pool_addr[i] = SEQ_BASE + i;
        for (i = 0; i < RND_N; i = i + 1)          // a bijection on 21 bits: all distinct
            pool_addr[SEQ_N + i] = {1'b0, 21'(i * 21'h0A3B5D + 21'h01234F)};
        pool_addr[POOL_N - 1] = SEQ_BASE + 22'h100000;  // same bank as pool 0, row + 2048
        for (i = 0; i < POOL_N; i = i + 1) begin pool_data[i] = 64'd0; pool_known[i] = 8'd0; end

        $display("TB: clk %0.3f ns (%0.2f MHz), chip clock lag %0.3f ns, CL%0d, read capture +%0d",
                 TCK_NS, 1000.0 / TCK_NS, LAG_NS, CL, RD_EXTRA);
        repeat (10) @(posedge clk);
        rst_n <= 1'b1;
        t0 = cyc;
        while (!init_done) @(posedge clk);
        t_init_cyc = cyc - t0;
        last_progress = cyc;
        $display("TB: init done after %0d cycles (%0.1f us) from reset release",
                 t_init_cyc, t_init_cyc * TCK_NS / 1000.0);

        // 1. sequential streams
        for (i = 0; i < SEQ_N; i = i + 1) begin
            issue(i, 1'b1, {$random(seed), $random(seed)}, 8'hFF);
            if (i == 1) t0 = cyc;      // (the first one enters an empty controller)
        end
        t1 = cyc;
        drain;
        $display("TB: sequential write: %0d words, accepted every %0.2f cycles, %0.1f MB/s",
                 SEQ_N, (t1 - t0) * 1.0 / (SEQ_N - 2), mbps(SEQ_N - 2, t1 - t0));
        t0 = cyc;
        for (i = 0; i < SEQ_N; i = i + 1) issue(i, 1'b0, 64'd0, 8'd0);
        while (q_head != q_tail) @(posedge clk);
        t1 = cyc;
        $display("TB: sequential read:  %0d words in %0d cycles = %0.2f cycles/word, %0.1f MB/s",
                 SEQ_N, t1 - t0, (t1 - t0) * 1.0 / SEQ_N, mbps(SEQ_N, t1 - t0));

        // 2. random addresses
        for (i = 0; i < RND_N; i = i + 1) begin
            issue(SEQ_N + i, 1'b1, {$random(seed), $random(seed)}, 8'hFF);
            if (i == 1) t0 = cyc;
        end
        t1 = cyc;
        drain;
        $display("TB: random write:     %0d words, accepted every %0.2f cycles, %0.1f MB/s",
                 RND_N, (t1 - t0) * 1.0 / (RND_N - 2), mbps(RND_N - 2, t1 - t0));
        t0 = cyc;
        for (i = 0; i < RND_N; i = i + 1) issue(SEQ_N + ($unsigned($random(seed)) % RND_N), 1'b0, 64'd0, 8'd0);
        while (q_head != q_tail) @(posedge clk);
        t1 = cyc;
        $display("TB: random read:      %0d words in %0d cycles = %0.2f cycles/word, %0.1f MB/s",
                 RND_N, t1 - t0, (t1 - t0) * 1.0 / RND_N, mbps(RND_N, t1 - t0));

        // 3. mixed traffic: random word, direction, byte mask, data, gaps
        for (n = 0; n < N_RANDOM; n = n + 1) begin
            idx = $unsigned($random(seed)) % POOL_N;
            we  = $random(seed);
            d   = {$random(seed), $random(seed)};
            case ($unsigned($random(seed)) % 4)
                0: m = 8'hFF;
                1: m = 8'h00;
                default: m = $random(seed);
            endcase
            issue(idx, we, d, m);
            gap = $unsigned($random(seed)) % 8;
            if (gap > 4) repeat (gap - 4) @(posedge clk);
        end
        drain;
        $display("TB: mixed traffic: %0d operations, %0d reads checked so far", N_RANDOM, n_checked);

        // 4. latency of single blocking reads
        read_blocking(0, lat);
        read_blocking(0, lat);
        $display("TB: read latency, row hit:      %0d cycles (request accepted -> response)", lat);
        // two rows of one bank: pool 0 and the extra word
        lat_max = 0;
        for (i = 0; i < 4; i = i + 1) begin
            read_blocking(0, lat);
            read_blocking(POOL_N - 1, lat);
            if (lat > lat_max) lat_max = lat;
        end
        $display("TB: read latency, row conflict: %0d cycles", lat_max);
        lat_min = 1000; lat_max = 0; lat_sum = 0;
        for (i = 0; i < 200; i = i + 1) begin
            read_blocking(SEQ_N + ($unsigned($random(seed)) % RND_N), lat);
            if (lat < lat_min) lat_min = lat;
            if (lat > lat_max) lat_max = lat;
            lat_sum = lat_sum + lat;
        end
        $display("TB: read latency, 200 random blocking reads: min %0d avg %0.2f max %0d cycles",
                 lat_min, lat_sum / 200.0, lat_max);
        // write then read the same word (the write needs no response)
        t0 = cyc;
        issue(7, 1'b1, 64'h0123_4567_89AB_CDEF, 8'hFF);
        issue(7, 1'b0, 64'd0, 8'd0);
        while (q_head != q_tail) @(posedge clk);
        $display("TB: write + read-back of one word: %0d cycles from write accept to read response", cyc - t0);

        // 5. long idle: refresh must keep going, rows must keep their data
        $display("TB: idle for %0d us ...", IDLE_US);
        repeat ($rtoi(IDLE_US * 1000.0 / TCK_NS)) @(posedge clk);
        last_progress = cyc;
        read_blocking(SEQ_N + 3, lat);
        $display("TB: read latency after idle (bank closed by refresh): %0d cycles", lat);

        // 6. read back everything
        for (i = 0; i < POOL_N; i = i + 1) issue(i, 1'b0, 64'd0, 8'd0);
        while (q_head != q_tail) @(posedge clk);

        $display("TB: %0d reads checked; chip saw ACT %0d READ %0d WRITE %0d PRE %0d REF %0d in %0.1f us",
                 n_checked, u_chip.n_act, u_chip.n_read, u_chip.n_write, u_chip.n_pre, u_chip.n_ref,
                 $realtime / 1000.0);
        $display("TB PASS");
        $finish;
    end
endmodule
