// tb_bank_driver -- bench stand-in for cluster_bank in front of one
// board_bank_cache: random loads, stores (random byte masks) and AMO-like
// read-then-write pairs over a pool of addresses 4x the cache (evictions,
// write-backs), gaps; a request is performed in the cycle it is shown with
// hold low (the arbiter's rule); every read is checked exactly one cycle
// after its perform cycle against a reference (the fixed-latency rule).
// Simulation only (Icarus).
`timescale 1ns/1ps
module tb_bank_driver #(
    parameter integer AW = 21, parameter integer POOL_BITS = 9, parameter integer N_OPS = 3000,
    parameter integer SEED = 1, parameter integer ID = 0, parameter integer ENABLE = 1
) (
    input  wire          clk,
    input  wire          rst_n,
    output wire          en,
    output wire [7:0]    we,
    output wire [AW-1:0] addr,
    output wire [63:0]   wdata,
    input  wire [63:0]   rdata,
    input  wire          miss,
    output wire          peek_valid,
    output wire [AW-1:0] peek_addr,
    input  wire          hold,
    output reg           done = 1'b0,
    output integer       stall_cycles,
    output integer       ops
);
    localparam integer POOL = 1 << POOL_BITS;
    reg [63:0] ref_mem [0:POOL-1];
    integer seed = SEED;

    reg          cur_valid_q = 1'b0, amo_wb_q = 1'b0, chk_q = 1'b0;
    reg [1:0]    cur_op_q;                 // 0 load, 1 store, 2 AMO (add 1)
    reg [POOL_BITS-1:0] cur_idx_q, amo_idx_q;
    reg [7:0]    cur_mask_q;
    reg [63:0]   cur_wdata_q, expect_q;
    integer      init_i = 0;

    // pool index -> bank word address: spread over the bank (the top bits
    // become the tag: 4 lines per set compete)
    function [AW-1:0] a_of(input [POOL_BITS-1:0] i);
        a_of = {i[POOL_BITS-1 -: 2], {(AW - POOL_BITS){1'b0}}, i[POOL_BITS-3:0]} ^ (ID << 7);
    endfunction

    wire grant = !amo_wb_q && cur_valid_q && !hold;
    assign peek_valid = cur_valid_q && !amo_wb_q;
    assign peek_addr  = a_of(cur_idx_q);
    assign en    = amo_wb_q || grant;
    assign addr  = amo_wb_q ? a_of(amo_idx_q) : a_of(cur_idx_q);
    assign we    = amo_wb_q ? 8'hFF : (grant && cur_op_q == 2'd1) ? cur_mask_q : 8'h00;
    assign wdata = amo_wb_q ? rdata + 64'd1 : cur_wdata_q;

    function [63:0] merge(input [63:0] old, input [63:0] nw, input [7:0] m);
        integer k;
        begin
            merge = old;
            for (k = 0; k < 8; k = k + 1) if (m[k]) merge[8*k +: 8] = nw[8*k +: 8];
        end
    endfunction

    initial begin stall_cycles = 0; ops = 0; end

    always @(posedge clk) if (rst_n) begin
        if (miss) begin $display("TB FAIL: bank %0d: an enabled access missed", ID); $fatal(1); end
        if (peek_valid && hold) stall_cycles = stall_cycles + 1;
        if (chk_q && rdata !== expect_q) begin
            $display("TB FAIL: bank %0d: read of word %0d returned %016x, expected %016x",
                     ID, a_of(amo_wb_q ? amo_idx_q : cur_idx_q), rdata, expect_q);
            $fatal(1);
        end
        chk_q <= 1'b0;
        if (amo_wb_q) begin
            ref_mem[amo_idx_q] = rdata + 64'd1;
            amo_wb_q <= 1'b0;
        end
        if (grant) begin
            ops = ops + 1;
            case (cur_op_q)
                2'd0: begin expect_q <= ref_mem[cur_idx_q]; chk_q <= 1'b1; end
                2'd1: ref_mem[cur_idx_q] = merge(ref_mem[cur_idx_q], cur_wdata_q, cur_mask_q);
                default: begin
                    expect_q <= ref_mem[cur_idx_q]; chk_q <= 1'b1;
                    amo_wb_q <= 1'b1; amo_idx_q <= cur_idx_q;
                end
            endcase
        end
        // the next request
        if (grant || !cur_valid_q) begin
            if (!ENABLE) begin
                cur_valid_q <= 1'b0; done <= 1'b1;
            end else if (init_i < POOL) begin      // first: write every pool word
                cur_valid_q <= 1'b1; cur_op_q <= 2'd1; cur_idx_q <= init_i[POOL_BITS-1:0];
                cur_mask_q <= 8'hFF; cur_wdata_q <= {$random(seed), $random(seed)};
                init_i = init_i + 1;
            end else if (ops >= N_OPS + POOL) begin
                cur_valid_q <= 1'b0; done <= 1'b1;
            end else if (($random(seed) & 7) == 0) begin
                cur_valid_q <= 1'b0;               // a gap
            end else begin
                cur_valid_q <= 1'b1;
                cur_idx_q   <= $random(seed);
                cur_op_q    <= (($random(seed) & 15) == 0) ? 2'd2 : (($random(seed) & 1) ? 2'd1 : 2'd0);
                cur_mask_q  <= $random(seed);
                cur_wdata_q <= {$random(seed), $random(seed)};
            end
        end
    end
endmodule
