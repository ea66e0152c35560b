// ODDRX1F -- behavioural stand-in for the ECP5 output DDR register,
// simulation only: Q = D0 while SCLK is high, D1 while it is low (D0 and D1
// registered at the rising edge of SCLK).
/* verilator lint_off UNUSEDSIGNAL */
/* verilator lint_off UNUSEDPARAM */
/* verilator lint_off DECLFILENAME */
`timescale 1ns/1ps
module ODDRX1F (input D0, input D1, input SCLK, input RST, output Q);
    reg d0_q = 1'b0, d1_q = 1'b0;
    always @(posedge SCLK) begin
        d0_q <= RST ? 1'b0 : D0;
        d1_q <= RST ? 1'b0 : D1;
    end
    assign Q = SCLK ? d0_q : d1_q;
endmodule
