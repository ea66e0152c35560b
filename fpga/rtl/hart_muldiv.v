// hart_muldiv -- the M extension: an iterative multiplier and divider.
//
// Contract: the core pulses start_i for one cycle with f3_i (funct3 of the
// op/op-32 M instruction), word_i (the W forms) and the operands; done_o
// pulses one cycle later than the last step with result_o valid in that
// cycle.  Multiplication takes 16 multiplier bits per step (a 64x16
// product, 4 steps: four 18x18 DSP blocks on the ECP5), division is
// restoring, two bits per step (32 steps); both work on magnitudes with the
// sign fixed at the end.
// Division by zero and the signed overflow case give the values the ISA
// (and tools/iss/cpu.c muldiv/muldivw) define.
module hart_muldiv (
    input  logic        clk_i,
    input  logic        rst_ni,
    input  logic        start_i,
    input  logic [2:0]  f3_i,
    input  logic        word_i,
    input  logic [63:0] a_i,
    input  logic [63:0] b_i,
    output logic        done_o,
    output logic [63:0] result_o
);
    // operands after the W-form extension
    logic        is_div, op_signed_a, op_signed_b;
    logic [63:0] a_ext, b_ext, a_mag, b_mag;
    logic        a_neg, b_neg;

    assign is_div = f3_i[2];
    // mul: low bits, sign irrelevant; mulh: s*s; mulhsu: s*u; mulhu: u*u;
    // div/rem: signed; divu/remu: unsigned
    assign op_signed_a = is_div ? !f3_i[0] : (f3_i[1:0] == 2'd1 || f3_i[1:0] == 2'd2);
    assign op_signed_b = is_div ? !f3_i[0] : (f3_i[1:0] == 2'd1);
    assign a_ext = !word_i ? a_i : (op_signed_a ? {{32{a_i[31]}}, a_i[31:0]} : {32'd0, a_i[31:0]});
    assign b_ext = !word_i ? b_i : (op_signed_b ? {{32{b_i[31]}}, b_i[31:0]} : {32'd0, b_i[31:0]});
    assign a_neg = op_signed_a && a_ext[63];
    assign b_neg = op_signed_b && b_ext[63];
    assign a_mag = a_neg ? -a_ext : a_ext;
    assign b_mag = b_neg ? -b_ext : b_ext;

    logic        busy_q, done_q;
    logic [6:0]  count_q;
    logic        div_q, word_q, neg_res_q, neg_rem_q, high_q, rem_q;
    logic [63:0] hi_q, lo_q, opb_q;    // mul: {hi, lo} product, lo starts as multiplier; div: hi rem, lo quotient
    logic [63:0] result_q, a_orig_q;
    logic        by_zero_q;

    // one step
    logic [79:0] mul_sum;
    // division: two restoring steps per cycle
    logic [64:0] div_sh1, div_t1, div_sh2, div_t2;
    logic [63:0] div_r1, div_r2;
    logic        div_q1, div_q2;
    assign mul_sum       = {16'd0, hi_q} + opb_q * {64'd0, lo_q[15:0]};   // 64x16 per step
    assign div_sh1 = {hi_q, lo_q[63]};
    assign div_t1  = div_sh1 - {1'b0, opb_q};
    assign div_q1  = !div_t1[64];
    assign div_r1  = div_q1 ? div_t1[63:0] : div_sh1[63:0];
    assign div_sh2 = {div_r1, lo_q[62]};
    assign div_t2  = div_sh2 - {1'b0, opb_q};
    assign div_q2  = !div_t2[64];
    assign div_r2  = div_q2 ? div_t2[63:0] : div_sh2[63:0];

    // final value: the selected half, negated when the sign says so.  One
    // adder: -x = ~x + 1, and the high half of a negated 128-bit product is
    // ~hi + (lo == 0).
    logic [63:0] sel, res_full;
    logic        neg, cin;
    assign sel = (div_q ? rem_q : high_q) ? hi_q : lo_q;
    assign neg = (div_q && rem_q) ? neg_rem_q : neg_res_q;
    assign cin = (!div_q && high_q) ? (lo_q == 64'd0) : 1'b1;
    always_comb begin
        if (by_zero_q) res_full = rem_q ? a_orig_q : 64'hffff_ffff_ffff_ffff;
        else res_full = neg ? (~sel + {63'd0, cin}) : sel;
    end

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            busy_q <= 1'b0;
            done_q <= 1'b0;
            count_q <= 7'd0;
        end else begin
            done_q <= 1'b0;
            if (start_i) begin
                busy_q    <= 1'b1;
                count_q   <= is_div ? 7'd32 : 7'd4;
                div_q     <= is_div;
                word_q    <= word_i;
                high_q    <= (f3_i[1:0] != 2'd0);
                rem_q     <= f3_i[1];
                neg_res_q <= a_neg ^ b_neg;
                neg_rem_q <= a_neg;
                by_zero_q <= is_div && (b_ext == 64'd0);
                a_orig_q  <= a_ext;
                opb_q     <= is_div ? b_mag : a_mag;
                hi_q      <= 64'd0;
                lo_q      <= is_div ? a_mag : b_mag;
            end else if (busy_q) begin
                if (count_q == 7'd0) begin
                    busy_q   <= 1'b0;
                    done_q   <= 1'b1;
                    result_q <= word_q ? {{32{res_full[31]}}, res_full[31:0]} : res_full;
                end else begin
                    count_q <= count_q - 7'd1;
                    if (!div_q) begin
                        hi_q <= mul_sum[79:16];
                        lo_q <= {mul_sum[15:0], lo_q[63:16]};
                    end else begin
                        hi_q <= div_r2;
                        lo_q <= {lo_q[61:0], div_q1, div_q2};
                    end
                end
            end
        end
    end

    assign done_o   = done_q;
    assign result_o = result_q;
endmodule
