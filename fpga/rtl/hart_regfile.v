// hart_regfile -- the 31 integer registers x1..x31 (x0 reads as zero).
//
// Two asynchronous read ports, one write port written at the clock edge
// (we_i with rd_i = 0 writes nothing).  yosys maps the array to distributed
// RAM (ECP5 DPR16X4, one copy per read port).
module hart_regfile (
    input  logic        clk_i,
    input  logic [4:0]  rs1_i,
    input  logic [4:0]  rs2_i,
    output logic [63:0] rs1_data_o,
    output logic [63:0] rs2_data_o,
    input  logic        we_i,
    input  logic [4:0]  rd_i,
    input  logic [63:0] rd_data_i
);
    logic [63:0] regs_q [0:31];

    assign rs1_data_o = (rs1_i == 5'd0) ? 64'd0 : regs_q[rs1_i];
    assign rs2_data_o = (rs2_i == 5'd0) ? 64'd0 : regs_q[rs2_i];

    always_ff @(posedge clk_i) begin
        if (we_i && rd_i != 5'd0) regs_q[rd_i] <= rd_data_i;
    end
endmodule
