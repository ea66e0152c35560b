// board_memtest -- a small SDRAM test for a bring-up board top: writes
// N_WORDS 64-bit words from word address BASE_WORD with a pattern made from
// each word's address (every bit of data and address toggles somewhere),
// then reads them back one at a time and compares.
//
// Place: a bring-up top (fpga/boards/ulx3s/ulx3s_bringup.v) puts it on the
// SDRAM controller's port after the flash loader; the SoC top does not use it.
// Port: the sdram_ctrl user port (valid/ready requests; one read response
// per read, no response to writes).  start_i (pulse) begins; pass_o or
// fail_o stays high at the end, until the next reset.
module board_memtest #(
    parameter logic [21:0] BASE_WORD = 22'h3F_0000,   // the last 512 KiB of 32 MiB
    parameter integer      N_WORDS   = 65536
) (
    input  logic        clk_i,
    input  logic        rst_ni,
    input  logic        start_i,
    output logic        pass_o,
    output logic        fail_o,

    output logic        req_valid_o,
    input  logic        req_ready_i,
    output logic [21:0] req_addr_o,
    output logic        req_we_o,
    output logic [63:0] req_wdata_o,
    output logic [7:0]  req_wmask_o,
    input  logic        rsp_valid_i,
    input  logic [63:0] rsp_rdata_i
);
    localparam logic [2:0] S_IDLE  = 3'd0;
    localparam logic [2:0] S_WRITE = 3'd1;
    localparam logic [2:0] S_READ  = 3'd2;
    localparam logic [2:0] S_WAIT  = 3'd3;
    localparam logic [2:0] S_PASS  = 3'd4;
    localparam logic [2:0] S_FAIL  = 3'd5;

    logic [2:0]  state_q;
    logic [21:0] addr_q;
    logic [22:0] left_q;       // words left in this pass

    function automatic logic [63:0] pattern(input logic [21:0] a);
        pattern = {~a[19:0], a ^ 22'h15_555A, a};
    endfunction

    assign req_valid_o = (state_q == S_WRITE) || (state_q == S_READ);
    assign req_addr_o  = addr_q;
    assign req_we_o    = (state_q == S_WRITE);
    assign req_wdata_o = pattern(addr_q);
    assign req_wmask_o = 8'hFF;
    assign pass_o      = (state_q == S_PASS);
    assign fail_o      = (state_q == S_FAIL);

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            state_q <= S_IDLE;
            addr_q  <= BASE_WORD;
            left_q  <= 23'(N_WORDS);
        end else begin
            case (state_q)
                S_IDLE: if (start_i) state_q <= S_WRITE;
                S_WRITE: if (req_ready_i) begin
                    if (left_q == 23'd1) begin
                        addr_q  <= BASE_WORD;
                        left_q  <= 23'(N_WORDS);
                        state_q <= S_READ;
                    end else begin
                        addr_q <= addr_q + 1'b1;
                        left_q <= left_q - 1'b1;
                    end
                end
                S_READ: if (req_ready_i) state_q <= S_WAIT;
                S_WAIT: if (rsp_valid_i) begin
                    if (rsp_rdata_i != pattern(addr_q)) state_q <= S_FAIL;
                    else if (left_q == 23'd1)           state_q <= S_PASS;
                    else begin
                        addr_q  <= addr_q + 1'b1;
                        left_q  <= left_q - 1'b1;
                        state_q <= S_READ;
                    end
                end
                default: ;
            endcase
        end
    end
endmodule
