// hart_rvc -- expands a 16-bit RVC instruction into its 32-bit equivalent.
//
// Purely combinational.  Mirrors expand_c() of tools/iss/cpu.c case by case:
// the hart then decodes and executes the expansion like any other 32-bit
// instruction.  illegal_o is set for reserved encodings and for the ones an
// RV64IMAC hart does not have (c.fld/c.fsd/c.fldsp/c.fsdsp, c.addi4spn with
// a zero immediate, c.addiw/c.lwsp/c.ldsp with rd = 0, ...); the trap then
// reports the original 16 bits as mtval.
module hart_rvc (
    input  logic [15:0] c_i,
    output logic [31:0] insn_o,
    output logic        illegal_o
);
    logic [4:0]  rdp, rs1p, rd, rs2;
    logic [11:0] imm6;
    logic [11:0] addi4spn_imm, lw_imm, ld_imm, lwsp_imm, ldsp_imm, swsp_imm, sdsp_imm, addi16sp_imm;
    logic [12:0] b_imm;
    /* verilator lint_off UNUSEDSIGNAL */
    logic [20:0] j_imm;
    /* verilator lint_on UNUSEDSIGNAL */
    logic [5:0]  shamt;

    assign rdp   = {2'b01, c_i[4:2]};
    assign rs1p  = {2'b01, c_i[9:7]};
    assign rd    = c_i[11:7];
    assign rs2   = c_i[6:2];
    assign imm6  = {{7{c_i[12]}}, c_i[6:2]};
    assign shamt = {c_i[12], c_i[6:2]};
    assign addi4spn_imm = {2'b0, c_i[10:7], c_i[12:11], c_i[5], c_i[6], 2'b00};
    assign lw_imm   = {5'b0, c_i[5], c_i[12:10], c_i[6], 2'b00};
    assign ld_imm   = {4'b0, c_i[6:5], c_i[12:10], 3'b000};
    assign lwsp_imm = {4'b0, c_i[3:2], c_i[12], c_i[6:4], 2'b00};
    assign ldsp_imm = {3'b0, c_i[4:2], c_i[12], c_i[6:5], 3'b000};
    assign swsp_imm = {4'b0, c_i[8:7], c_i[12:9], 2'b00};
    assign sdsp_imm = {3'b0, c_i[9:7], c_i[12:10], 3'b000};
    assign addi16sp_imm = {{3{c_i[12]}}, c_i[4:3], c_i[5], c_i[2], c_i[6], 4'b0000};
    assign b_imm = {{5{c_i[12]}}, c_i[6:5], c_i[2], c_i[11:10], c_i[4:3], 1'b0};
    assign j_imm = {{10{c_i[12]}}, c_i[8], c_i[10:9], c_i[6], c_i[7], c_i[2], c_i[11], c_i[5:3], 1'b0};

    function automatic [31:0] enc_i(input [6:0] op, input [4:0] r_d, input [2:0] f3, input [4:0] r_s1,
                                    input [11:0] imm);
        enc_i = {imm, r_s1, f3, r_d, op};
    endfunction
    function automatic [31:0] enc_r(input [6:0] op, input [4:0] r_d, input [2:0] f3, input [4:0] r_s1,
                                    input [4:0] r_s2, input [6:0] f7);
        enc_r = {f7, r_s2, r_s1, f3, r_d, op};
    endfunction
    function automatic [31:0] enc_s(input [2:0] f3, input [4:0] r_s1, input [4:0] r_s2, input [11:0] imm);
        enc_s = {imm[11:5], r_s2, r_s1, f3, imm[4:0], 7'h23};
    endfunction
    /* verilator lint_off UNUSEDSIGNAL */
    function automatic [31:0] enc_b(input [2:0] f3, input [4:0] r_s1, input [12:0] imm);
        enc_b = {imm[12], imm[10:5], 5'd0, r_s1, f3, imm[4:1], imm[11], 7'h63};
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    always_comb begin
        insn_o = 32'd0;
        illegal_o = 1'b0;
        case ({c_i[1:0], c_i[15:13]})
            // ---- quadrant 0 ----
            5'b00_000: begin   // c.addi4spn
                insn_o = enc_i(7'h13, rdp, 3'd0, 5'd2, addi4spn_imm);
                illegal_o = (addi4spn_imm == 12'd0);
            end
            5'b00_010: insn_o = enc_i(7'h03, rdp, 3'd2, rs1p, lw_imm);      // c.lw
            5'b00_011: insn_o = enc_i(7'h03, rdp, 3'd3, rs1p, ld_imm);      // c.ld
            5'b00_110: insn_o = enc_s(3'd2, rs1p, rdp, lw_imm);             // c.sw
            5'b00_111: insn_o = enc_s(3'd3, rs1p, rdp, ld_imm);             // c.sd
            // ---- quadrant 1 ----
            5'b01_000: insn_o = enc_i(7'h13, rd, 3'd0, rd, imm6);           // c.addi / c.nop
            5'b01_001: begin                                                 // c.addiw
                insn_o = enc_i(7'h1b, rd, 3'd0, rd, imm6);
                illegal_o = (rd == 5'd0);
            end
            5'b01_010: insn_o = enc_i(7'h13, rd, 3'd0, 5'd0, imm6);         // c.li
            5'b01_011: begin
                if (rd == 5'd2) begin                                        // c.addi16sp
                    insn_o = enc_i(7'h13, 5'd2, 3'd0, 5'd2, addi16sp_imm);
                    illegal_o = (addi16sp_imm == 12'd0);
                end else begin                                               // c.lui
                    insn_o = {{14{c_i[12]}}, c_i[12], c_i[6:2], rd, 7'h37};
                    illegal_o = (imm6 == 12'd0);
                end
            end
            5'b01_100: begin                                                 // misc-alu
                case (c_i[11:10])
                    2'd0: insn_o = enc_i(7'h13, rs1p, 3'd5, rs1p, {6'd0, shamt});         // c.srli
                    2'd1: insn_o = enc_i(7'h13, rs1p, 3'd5, rs1p, {6'b010000, shamt});    // c.srai
                    2'd2: insn_o = enc_i(7'h13, rs1p, 3'd7, rs1p, imm6);                  // c.andi
                    default: begin
                        case ({c_i[12], c_i[6:5]})
                            3'd0: insn_o = enc_r(7'h33, rs1p, 3'd0, rs1p, rdp, 7'h20);    // c.sub
                            3'd1: insn_o = enc_r(7'h33, rs1p, 3'd4, rs1p, rdp, 7'h00);    // c.xor
                            3'd2: insn_o = enc_r(7'h33, rs1p, 3'd6, rs1p, rdp, 7'h00);    // c.or
                            3'd3: insn_o = enc_r(7'h33, rs1p, 3'd7, rs1p, rdp, 7'h00);    // c.and
                            3'd4: insn_o = enc_r(7'h3b, rs1p, 3'd0, rs1p, rdp, 7'h20);    // c.subw
                            3'd5: insn_o = enc_r(7'h3b, rs1p, 3'd0, rs1p, rdp, 7'h00);    // c.addw
                            default: illegal_o = 1'b1;
                        endcase
                    end
                endcase
            end
            5'b01_101: insn_o = {j_imm[20], j_imm[10:1], j_imm[11], j_imm[19:12], 5'd0, 7'h6f};   // c.j
            5'b01_110: insn_o = enc_b(3'd0, rs1p, b_imm);                    // c.beqz
            5'b01_111: insn_o = enc_b(3'd1, rs1p, b_imm);                    // c.bnez
            // ---- quadrant 2 ----
            5'b10_000: insn_o = enc_i(7'h13, rd, 3'd1, rd, {6'd0, shamt});  // c.slli
            5'b10_010: begin                                                 // c.lwsp
                insn_o = enc_i(7'h03, rd, 3'd2, 5'd2, lwsp_imm);
                illegal_o = (rd == 5'd0);
            end
            5'b10_011: begin                                                 // c.ldsp
                insn_o = enc_i(7'h03, rd, 3'd3, 5'd2, ldsp_imm);
                illegal_o = (rd == 5'd0);
            end
            5'b10_100: begin
                if (!c_i[12]) begin
                    if (rs2 == 5'd0) begin                                   // c.jr
                        insn_o = enc_i(7'h67, 5'd0, 3'd0, rd, 12'd0);
                        illegal_o = (rd == 5'd0);
                    end else
                        insn_o = enc_r(7'h33, rd, 3'd0, 5'd0, rs2, 7'h00);  // c.mv
                end else begin
                    if (rd == 5'd0 && rs2 == 5'd0) insn_o = 32'h0010_0073;  // c.ebreak
                    else if (rs2 == 5'd0) insn_o = enc_i(7'h67, 5'd1, 3'd0, rd, 12'd0);   // c.jalr
                    else insn_o = enc_r(7'h33, rd, 3'd0, rd, rs2, 7'h00);   // c.add
                end
            end
            5'b10_110: insn_o = enc_s(3'd2, 5'd2, rs2, swsp_imm);           // c.swsp
            5'b10_111: insn_o = enc_s(3'd3, 5'd2, rs2, sdsp_imm);           // c.sdsp
            default: illegal_o = 1'b1;   // c.fld, c.fsd, c.fldsp, c.fsdsp, reserved
        endcase
    end
endmodule
