// noc_port -- a hart's way onto the global interconnect: holds the hart's
// request for a remote bank or a device and delays it by LATENCY cycles
// (REMOTE_LATENCY), so the NUMA cost is paid on the request path and every
// response still comes one cycle after its perform cycle (fpga/README.md,
// ordering rule).
//
// A request taken in cycle t (in_valid_i && in_ready_o) is offered on the
// out side from cycle t + LATENCY until its target's arbiter grants it
// (out_ready_i).  One request at a time: in_ready_o is low while one is
// held (the hart has one outstanding anyway).  LATENCY = 0: a wire.
module noc_port #(
    parameter integer LATENCY = 8
) (
    input  logic        clk_i,
    input  logic        rst_ni,
    input  logic        in_valid_i,
    output logic        in_ready_o,
    input  logic [3:0]  in_cmd_i,
    input  logic [63:0] in_addr_i,
    input  logic [1:0]  in_size_i,
    input  logic [63:0] in_wdata_i,
    output logic        out_valid_o,
    input  logic        out_ready_i,
    output logic [3:0]  out_cmd_o,
    output logic [63:0] out_addr_o,
    output logic [1:0]  out_size_o,
    output logic [63:0] out_wdata_o
);
    generate
        if (LATENCY == 0) begin : gen_wire
            assign in_ready_o  = out_ready_i;
            assign out_valid_o = in_valid_i;
            assign out_cmd_o   = in_cmd_i;
            assign out_addr_o  = in_addr_i;
            assign out_size_o  = in_size_i;
            assign out_wdata_o = in_wdata_i;
            logic unused;
            assign unused = &{1'b0, clk_i, rst_ni};
        end else begin : gen_delay
            localparam integer CW = $clog2(LATENCY + 1);
            logic          busy_q;
            logic [CW-1:0] wait_q;      // cycles left before the request is offered
            logic [3:0]    cmd_q;
            logic [63:0]   addr_q, wdata_q;
            logic [1:0]    size_q;

            assign in_ready_o  = !busy_q;
            assign out_valid_o = busy_q && wait_q == '0;
            assign out_cmd_o   = cmd_q;
            assign out_addr_o  = addr_q;
            assign out_size_o  = size_q;
            assign out_wdata_o = wdata_q;

            always_ff @(posedge clk_i) begin
                if (!rst_ni) begin
                    busy_q <= 1'b0;
                    wait_q <= '0;
                end else if (in_valid_i && !busy_q) begin
                    busy_q <= 1'b1;
                    wait_q <= CW'(LATENCY - 1);
                end else if (busy_q && wait_q != '0) wait_q <= wait_q - 1'b1;
                else if (out_valid_o && out_ready_i) busy_q <= 1'b0;
            end
            always_ff @(posedge clk_i) begin
                if (in_valid_i && !busy_q) begin
                    cmd_q   <= in_cmd_i;
                    addr_q  <= in_addr_i;
                    size_q  <= in_size_i;
                    wdata_q <= in_wdata_i;
                end
            end
        end
    endgenerate
endmodule
