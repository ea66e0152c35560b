// hart_alu -- the integer ALU of the hart: RV64I computational instructions
// (op, op-imm and their 32-bit "W" forms) and the branch comparator.
//
// Purely combinational.  f3_i is the instruction's funct3, sub_sra_i its
// bit 30 where it selects sub/sra (the decoder clears it for op-imm addi),
// word_i selects the W form (operate on the low 32 bits, sign-extend the
// result), branch_i says the f3 is a branch condition: cmp_o is then the
// branch outcome (beq..bgeu).
//
// Area: one 65-bit adder serves add, sub, slt[u] and the branch compares;
// one right shifter serves all shifts (a left shift is a right shift of
// the bit-reversed operand).
module hart_alu (
    input  logic [63:0] a_i,
    input  logic [63:0] b_i,
    input  logic [2:0]  f3_i,
    input  logic        sub_sra_i,
    input  logic        word_i,
    input  logic        branch_i,
    output logic [63:0] result_o,
    output logic        cmp_o
);
    logic        do_sub, lt, ltu, eq;
    logic [64:0] sum;
    assign do_sub = branch_i || sub_sra_i || f3_i == 3'd2 || f3_i == 3'd3;
    assign sum    = {1'b0, a_i} + {1'b0, do_sub ? ~b_i : b_i} + {64'd0, do_sub};
    assign eq     = (a_i == b_i);
    assign ltu    = !sum[64];                                  // borrow of a - b
    assign lt     = (a_i[63] != b_i[63]) ? a_i[63] : sum[63];

    // shifts
    logic [5:0]  shamt;
    logic        left;
    logic [63:0] shr_src, rev_a, shin, shout, shout_rev;
    logic        fill;
    assign shamt = word_i ? {1'b0, b_i[4:0]} : b_i[5:0];
    assign left  = (f3_i == 3'd1);
    // the W right shifts shift the sign- or zero-extended low word
    assign shr_src = word_i ? (sub_sra_i ? {{32{a_i[31]}}, a_i[31:0]} : {32'd0, a_i[31:0]}) : a_i;
    genvar gi;
    generate
        for (gi = 0; gi < 64; gi = gi + 1) begin : g_rev
            assign rev_a[gi]     = a_i[63 - gi];
            assign shout_rev[gi] = shout[63 - gi];
        end
    endgenerate
    assign shin  = left ? rev_a : shr_src;
    assign fill  = !left && sub_sra_i && shr_src[63];
    // six hart_shift_stage levels (see there why not >>>)
    logic [7*64-1:0] sh;               // level k in bits [64k +: 64]
    assign sh[63:0] = shin;
    generate
        for (gi = 0; gi < 6; gi = gi + 1) begin : g_shift
            hart_shift_stage #(.AMOUNT(1 << gi)) u_stage (
                .in_i(sh[gi*64 +: 64]), .fill_i(fill), .en_i(shamt[gi]), .out_o(sh[(gi+1)*64 +: 64])
            );
        end
    endgenerate
    assign shout = sh[6*64 +: 64];

    logic [63:0] res;
    always_comb begin
        case (f3_i)
            3'd0: res = sum[63:0];
            3'd1: res = shout_rev;
            3'd2: res = {63'd0, lt};
            3'd3: res = {63'd0, ltu};
            3'd4: res = a_i ^ b_i;
            3'd5: res = shout;
            3'd6: res = a_i | b_i;
            default: res = a_i & b_i;
        endcase
        result_o = word_i ? {{32{res[31]}}, res[31:0]} : res;
        case (f3_i)
            3'd0: cmp_o = eq;
            3'd1: cmp_o = !eq;
            3'd4: cmp_o = lt;
            3'd5: cmp_o = !lt;
            3'd6: cmp_o = ltu;
            default: cmp_o = !ltu;
        endcase
    end
endmodule
