// board_sdram_arb -- shares the one SDRAM controller between N requesters
// (the banks' caches, board_bank_cache), round-robin, with the read
// responses sent back to whoever asked.
//
// Port per requester i (flattened: requester i's bits at [i*W +: W]): the
// sdram_ctrl user port (valid/ready requests, writes get no response, read
// responses in order).  sdram_ctrl answers reads in the order it took them,
// so the arbiter keeps the requester of every read in flight in a small
// FIFO (sdram_ctrl has at most two reads in flight; DEPTH 4) and routes
// each response to the FIFO's head.  Fair: after requester i is granted,
// i+1, i+2, ... are looked at first.
module board_sdram_arb #(
    parameter integer N = 2
) (
    input  logic           clk_i,
    input  logic           rst_ni,

    input  logic [N-1:0]    req_valid_i,
    output logic [N-1:0]    req_ready_o,
    input  logic [N*22-1:0] req_addr_i,
    input  logic [N-1:0]    req_we_i,
    input  logic [N*64-1:0] req_wdata_i,
    input  logic [N*8-1:0]  req_wmask_i,
    output logic [N-1:0]    rsp_valid_o,
    output logic [63:0]     rsp_rdata_o,      // shared: valid for whoever's rsp_valid_o is high

    output logic            sd_valid_o,
    input  logic            sd_ready_i,
    output logic [21:0]     sd_addr_o,
    output logic            sd_we_o,
    output logic [63:0]     sd_wdata_o,
    output logic [7:0]      sd_wmask_o,
    input  logic            sd_rsp_valid_i,
    input  logic [63:0]     sd_rsp_rdata_i
);
    localparam integer IW = (N > 1) ? $clog2(N) : 1;

    logic [IW-1:0] last_q;          // the last requester granted
    logic [IW-1:0] pick;
    logic          any;

    // round-robin: the first valid requester after last_q
    always_comb begin
        pick = last_q;
        any  = 1'b0;
        for (int k = 1; k <= N; k++) begin
            if (!any && req_valid_i[(32'(last_q) + k) % N]) begin
                pick = IW'((32'(last_q) + k) % N);
                any  = 1'b1;
            end
        end
    end

    assign sd_valid_o  = any;
    assign sd_addr_o   = req_addr_i[32'(pick) * 22 +: 22];
    assign sd_we_o     = req_we_i[pick];
    assign sd_wdata_o  = req_wdata_i[32'(pick) * 64 +: 64];
    assign sd_wmask_o  = req_wmask_i[32'(pick) * 8 +: 8];
    always_comb begin
        req_ready_o = '0;
        req_ready_o[pick] = any && sd_ready_i;
    end

    // who asked for the reads in flight, oldest first
    logic [IW-1:0] fifo_q [0:3];
    logic [1:0]    wr_q, rd_q;
    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            last_q <= '0;
            wr_q   <= '0;
            rd_q   <= '0;
        end else begin
            if (any && sd_ready_i) begin
                last_q <= pick;
                if (!req_we_i[pick]) begin
                    fifo_q[wr_q] <= pick;
                    wr_q <= wr_q + 1'b1;
                end
            end
            if (sd_rsp_valid_i) rd_q <= rd_q + 1'b1;
        end
    end

    always_comb begin
        rsp_valid_o = '0;
        rsp_valid_o[fifo_q[rd_q]] = sd_rsp_valid_i;
    end
    assign rsp_rdata_o = sd_rsp_rdata_i;
endmodule
