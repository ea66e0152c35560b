// hart_alu -- the integer ALU of the hart: RV64I computational instructions
// (op, op-imm and their 32-bit "W" forms) and the branch comparator.
//
// Purely combinational.  f3_i is the instruction's funct3, sub_sra_i its
// bit 30 where it selects sub/sra (the decoder clears it for op-imm addi),
// word_i selects the W form (operate on the low 32 bits, sign-extend the
// result).  cmp_o is the branch condition for funct3 f3_i (beq..bgeu).
module hart_alu (
    input  logic [63:0] a_i,
    input  logic [63:0] b_i,
    input  logic [2:0]  f3_i,
    input  logic        sub_sra_i,
    input  logic        word_i,
    output logic [63:0] result_o,
    output logic        cmp_o
);
    logic [63:0] sum, shl, shr, res;
    logic [5:0]  shamt;
    logic        lt, ltu, eq;
    logic [63:0] shr_src;

    assign sum   = sub_sra_i ? a_i - b_i : a_i + b_i;
    assign shamt = word_i ? {1'b0, b_i[4:0]} : b_i[5:0];
    assign shl   = a_i << shamt;
    // right shifts: the W form shifts the sign- or zero-extended low word
    assign shr_src = word_i ? (sub_sra_i ? {{32{a_i[31]}}, a_i[31:0]} : {32'd0, a_i[31:0]}) : a_i;
    assign shr   = sub_sra_i ? $unsigned($signed(shr_src) >>> shamt) : shr_src >> shamt;
    assign eq    = (a_i == b_i);
    assign lt    = $signed(a_i) < $signed(b_i);
    assign ltu   = a_i < b_i;

    always_comb begin
        case (f3_i)
            3'd0: res = sum;
            3'd1: res = shl;
            3'd2: res = {63'd0, lt};
            3'd3: res = {63'd0, ltu};
            3'd4: res = a_i ^ b_i;
            3'd5: res = shr;
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
