// tb_bank -- two clusters' banks on the board's one SDRAM: two
// board_bank_cache (small: 16 lines of 8 words, so the pool of each
// driver is 4x the cache) -> board_sdram_arb -> sdram_ctrl -> checking
// SDRAM model; each bank driven by tb_bank_driver (cluster_bank's rule:
// performed when granted, read data exactly one cycle later).  Prints
// hit/miss and stall figures, "TB PASS" / "TB FAIL" (Icarus, -g2012).
`timescale 1ns/1ps
module tb_bank;
    parameter integer N_OPS     = 3000;
    parameter integer SET_BITS  = 4;
    parameter integer SEED      = 1;
    parameter integer ONE_BANK  = 0;      // 1: bank 1 idle (a miss's cost without competition)
    localparam integer AW = 21;

    reg clk = 1'b0, sd_clk = 1'b0, rst_n = 1'b0;
    always #12.5 clk = ~clk;
    always @(clk) sd_clk <= #12.5 clk;

    wire [1:0]   en, miss, pv, hold, done, a_valid, a_ready, a_we, a_rsp;
    wire [15:0]  we, a_wmask;
    wire [2*AW-1:0] addr, paddr;
    wire [127:0] wdata, rdata, a_wdata;
    wire [43:0]  a_addr;
    wire [63:0]  a_rdata;
    wire [63:0]  misses;
    integer      stalls [0:1];
    integer      ops [0:1];

    wire init_done;
    reg  drv_go = 1'b0;     // the drivers start once the SDRAM is initialised
    always @(posedge clk) if (init_done) drv_go <= 1'b1;

    genvar g;
    generate for (g = 0; g < 2; g = g + 1) begin : g_bank
        board_bank_cache #(.AW(AW), .SET_BITS(SET_BITS), .LINE_BITS(3), .SD_BASE(22'(g) << 21)) u_cache (
            .clk_i(clk), .rst_ni(rst_n),
            .en_i(en[g]), .we_i(we[8*g +: 8]), .addr_i(addr[AW*g +: AW]), .wdata_i(wdata[64*g +: 64]),
            .rdata_o(rdata[64*g +: 64]), .miss_o(miss[g]),
            .peek_valid_i(pv[g]), .peek_addr_i(paddr[AW*g +: AW]), .hold_o(hold[g]),
            .sd_valid_o(a_valid[g]), .sd_ready_i(a_ready[g]), .sd_addr_o(a_addr[22*g +: 22]),
            .sd_we_o(a_we[g]), .sd_wdata_o(a_wdata[64*g +: 64]), .sd_wmask_o(a_wmask[8*g +: 8]),
            .sd_rsp_valid_i(a_rsp[g]), .sd_rsp_rdata_i(a_rdata), .misses_o(misses[32*g +: 32]));
        tb_bank_driver #(.AW(AW), .N_OPS(N_OPS), .SEED(SEED + g), .ID(g), .ENABLE(g == 0 || !ONE_BANK)) u_drv (
            .clk(clk), .rst_n(drv_go), .en(en[g]), .we(we[8*g +: 8]), .addr(addr[AW*g +: AW]),
            .wdata(wdata[64*g +: 64]), .rdata(rdata[64*g +: 64]), .miss(miss[g]),
            .peek_valid(pv[g]), .peek_addr(paddr[AW*g +: AW]), .hold(hold[g]), .done(done[g]),
            .stall_cycles(stalls[g]), .ops(ops[g]));
    end endgenerate

    wire        sd_valid, sd_ready, sd_we, rsp_valid;
    wire [21:0] sd_addr;
    wire [63:0] sd_wdata, rsp_rdata;
    wire [7:0]  sd_wmask;
    board_sdram_arb #(.N(2)) u_arb (
        .clk_i(clk), .rst_ni(rst_n),
        .req_valid_i(a_valid), .req_ready_o(a_ready), .req_addr_i(a_addr), .req_we_i(a_we),
        .req_wdata_i(a_wdata), .req_wmask_i(a_wmask), .rsp_valid_o(a_rsp), .rsp_rdata_o(a_rdata),
        .sd_valid_o(sd_valid), .sd_ready_i(sd_ready), .sd_addr_o(sd_addr), .sd_we_o(sd_we),
        .sd_wdata_o(sd_wdata), .sd_wmask_o(sd_wmask), .sd_rsp_valid_i(rsp_valid), .sd_rsp_rdata_i(rsp_rdata));

    wire        cke, csn, rasn, casn, wen, dq_oe;
    wire [1:0]  ba, dqm;
    wire [12:0] a;
    wire [15:0] dq_o, dq;
    assign dq = dq_oe ? dq_o : 16'hzzzz;
    sdram_ctrl #(.CLK_PERIOD_PS(25000)) u_ctrl (
        .clk_i(clk), .rst_ni(rst_n),
        .req_valid_i(sd_valid), .req_ready_o(sd_ready), .req_addr_i(sd_addr),
        .req_we_i(sd_we), .req_wdata_i(sd_wdata), .req_wmask_i(sd_wmask),
        .rsp_valid_o(rsp_valid), .rsp_rdata_o(rsp_rdata), .init_done_o(init_done),
        .sdram_cke_o(cke), .sdram_csn_o(csn), .sdram_rasn_o(rasn), .sdram_casn_o(casn),
        .sdram_wen_o(wen), .sdram_ba_o(ba), .sdram_a_o(a), .sdram_dqm_o(dqm),
        .sdram_dq_o(dq_o), .sdram_dq_oe_o(dq_oe), .sdram_dq_i(dq));
    sdram_model #(.T_INIT_NS(200000.0), .INIT_REFRESHES(8)) u_chip (
        .clk(sd_clk), .cke(cke), .csn(csn), .rasn(rasn), .casn(casn), .wen(wen),
        .ba(ba), .a(a), .dqm(dqm), .dq(dq));

    integer t0, cyc = 0;
    always @(posedge clk) cyc <= cyc + 1;
    initial begin
        repeat (5) @(posedge clk);
        rst_n <= 1'b1;
        wait (init_done);
        t0 = cyc;
        fork
            wait (done == 2'b11);
            begin #(400 * 1000 * 1000); $display("TB FAIL: timeout"); $fatal(1); end
        join_any
        $display("TB: 2 banks, %0d lines of 64 B each, %0d + %0d accesses checked in %0d cycles",
                 1 << SET_BITS, ops[0], ops[1], cyc - t0);
        $display("TB: misses %0d + %0d (line fills, write-backs when dirty), hold cycles %0d + %0d = %.1f per miss",
                 misses[31:0], misses[63:32], stalls[0], stalls[1],
                 1.0 * (stalls[0] + stalls[1]) / (misses[31:0] + misses[63:32]));
        $display("TB: per bank: %.1f and %.1f hold cycles per miss",
                 1.0 * stalls[0] / (misses[31:0] > 0 ? misses[31:0] : 1),
                 1.0 * stalls[1] / (misses[63:32] > 0 ? misses[63:32] : 1));
        $display("TB PASS");
        $finish;
    end
endmodule
