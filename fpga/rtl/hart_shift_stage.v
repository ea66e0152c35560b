// hart_shift_stage -- one level of the ALU's logarithmic right shifter:
// out = en ? {AMOUNT copies of fill, in >> AMOUNT} : in.
//
// Combinational.  A module of its own, kept as a hierarchy boundary in
// synthesis (keep_hierarchy): flattened, abc turns the six levels into a
// 64:1 mux per bit and the shifter costs four times the LUTs.
(* keep_hierarchy *)
module hart_shift_stage #(
    parameter integer AMOUNT = 1
) (
    input  logic [63:0] in_i,
    input  logic        fill_i,
    input  logic        en_i,
    output logic [63:0] out_o
);
    assign out_o = en_i ? {{AMOUNT{fill_i}}, in_i[63:AMOUNT]} : in_i;
endmodule
