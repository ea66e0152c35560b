// hart_decode -- decodes one 32-bit instruction (a compressed one arrives
// expanded by hart_rvc) into a class, operands and immediates.
//
// Purely combinational.  illegal_o covers every encoding that the model
// (tools/iss/cpu.c execute/amo/do_system) rejects whatever the privilege;
// the privilege-dependent checks (mret, sret, wfi, sfence.vma, CSR access)
// are made by hart_core / hart_csr.
module hart_decode (
    input  logic [31:0] insn_i,
    output logic [4:0]  cls_o,
    output logic        illegal_o,
    output logic [63:0] imm_o,
    output logic [4:0]  rd_o,
    output logic [4:0]  rs1_o,
    output logic [4:0]  rs2_o,
    output logic        use_rs1_o,
    output logic        use_rs2_o,
    output logic [2:0]  f3_o,
    output logic        alu_imm_o,       // ALU: operand b is the immediate
    output logic        alu_sub_sra_o,
    output logic        alu_word_o,
    output logic [3:0]  amo_cmd_o        // AMO class: memory command (MEM_LR .. MEM_AMOMAXU)
);
    `include "hart_defs.vh"

    logic [6:0]  opcode, f7;
    logic [2:0]  f3;
    logic [4:0]  f5;
    logic [63:0] imm_i, imm_s, imm_b, imm_u, imm_j;

    assign opcode = insn_i[6:0];
    assign f3     = insn_i[14:12];
    assign f7     = insn_i[31:25];
    assign f5     = insn_i[31:27];
    assign rd_o   = insn_i[11:7];
    assign rs1_o  = insn_i[19:15];
    assign rs2_o  = insn_i[24:20];
    assign f3_o   = f3;
    assign imm_i  = {{52{insn_i[31]}}, insn_i[31:20]};
    assign imm_s  = {{52{insn_i[31]}}, insn_i[31:25], insn_i[11:7]};
    assign imm_b  = {{51{insn_i[31]}}, insn_i[31], insn_i[7], insn_i[30:25], insn_i[11:8], 1'b0};
    assign imm_u  = {{32{insn_i[31]}}, insn_i[31:12], 12'd0};
    assign imm_j  = {{43{insn_i[31]}}, insn_i[31], insn_i[19:12], insn_i[20], insn_i[30:21], 1'b0};

    always_comb begin
        cls_o = CLS_ALU;
        illegal_o = 1'b0;
        imm_o = imm_i;
        use_rs1_o = 1'b1;
        use_rs2_o = 1'b0;
        alu_imm_o = 1'b1;
        alu_sub_sra_o = 1'b0;
        alu_word_o = 1'b0;
        amo_cmd_o = 4'd0;
        case (opcode)
            7'h37: begin cls_o = CLS_LUI; imm_o = imm_u; use_rs1_o = 1'b0; end
            7'h17: begin cls_o = CLS_AUIPC; imm_o = imm_u; use_rs1_o = 1'b0; end
            7'h6f: begin cls_o = CLS_JAL; imm_o = imm_j; use_rs1_o = 1'b0; end
            7'h67: begin cls_o = CLS_JALR; illegal_o = (f3 != 3'd0); end
            7'h63: begin
                cls_o = CLS_BRANCH; imm_o = imm_b; use_rs2_o = 1'b1; alu_imm_o = 1'b0;
                illegal_o = (f3 == 3'd2 || f3 == 3'd3);
            end
            7'h03: begin cls_o = CLS_LOAD; illegal_o = (f3 == 3'd7); end
            7'h23: begin cls_o = CLS_STORE; imm_o = imm_s; use_rs2_o = 1'b1; illegal_o = f3[2]; end
            7'h13: begin
                alu_sub_sra_o = (f3 == 3'd5) && insn_i[30];
                if (f3 == 3'd1 && insn_i[31:26] != 6'd0) illegal_o = 1'b1;
                if (f3 == 3'd5 && (insn_i[31:26] & 6'b101111) != 6'd0) illegal_o = 1'b1;
            end
            7'h1b: begin
                alu_word_o = 1'b1;
                alu_sub_sra_o = (f3 == 3'd5) && insn_i[30];
                case (f3)
                    3'd0: ;
                    3'd1: illegal_o = (f7 != 7'd0);
                    3'd5: illegal_o = (f7 != 7'd0 && f7 != 7'h20);
                    default: illegal_o = 1'b1;
                endcase
            end
            7'h33: begin
                use_rs2_o = 1'b1;
                alu_imm_o = 1'b0;
                alu_sub_sra_o = insn_i[30];
                if (f7 == 7'd1) cls_o = CLS_MULDIV;
                else if (!(f7 == 7'd0 || (f7 == 7'h20 && (f3 == 3'd0 || f3 == 3'd5)))) illegal_o = 1'b1;
            end
            7'h3b: begin
                use_rs2_o = 1'b1;
                alu_imm_o = 1'b0;
                alu_word_o = 1'b1;
                alu_sub_sra_o = insn_i[30];
                if (f7 == 7'd1) begin
                    cls_o = CLS_MULDIV;
                    illegal_o = (f3 >= 3'd1 && f3 <= 3'd3);
                end else if (f7 == 7'd0 || f7 == 7'h20) begin
                    case (f3)
                        3'd0, 3'd5: ;
                        3'd1: illegal_o = (f7 != 7'd0);
                        default: illegal_o = 1'b1;
                    endcase
                end else illegal_o = 1'b1;
            end
            7'h2f: begin
                cls_o = CLS_AMO;
                imm_o = 64'd0;
                use_rs2_o = (f5 != 5'h02);
                case (f5)
                    5'h00: amo_cmd_o = MEM_AMOADD;
                    5'h01: amo_cmd_o = MEM_AMOSWAP;
                    5'h02: amo_cmd_o = MEM_LR;
                    5'h03: amo_cmd_o = MEM_SC;
                    5'h04: amo_cmd_o = MEM_AMOXOR;
                    5'h08: amo_cmd_o = MEM_AMOOR;
                    5'h0c: amo_cmd_o = MEM_AMOAND;
                    5'h10: amo_cmd_o = MEM_AMOMIN;
                    5'h14: amo_cmd_o = MEM_AMOMAX;
                    5'h18: amo_cmd_o = MEM_AMOMINU;
                    5'h1c: amo_cmd_o = MEM_AMOMAXU;
                    default: illegal_o = 1'b1;
                endcase
                if (f3 != 3'd2 && f3 != 3'd3) illegal_o = 1'b1;
                if (f5 == 5'h02 && insn_i[24:20] != 5'd0) illegal_o = 1'b1;
            end
            7'h0f: begin
                cls_o = (f3 == 3'd1) ? CLS_FENCEI : CLS_FENCE;
                use_rs1_o = 1'b0;
                illegal_o = (f3 > 3'd1);
            end
            7'h73: begin
                use_rs1_o = 1'b0;
                if (f3 == 3'd0) begin
                    if (insn_i == 32'h0000_0073) cls_o = CLS_ECALL;
                    else if (insn_i == 32'h0010_0073) cls_o = CLS_EBREAK;
                    else if (insn_i == 32'h3020_0073) cls_o = CLS_MRET;
                    else if (insn_i == 32'h1020_0073) cls_o = CLS_SRET;
                    else if (insn_i == 32'h1050_0073) cls_o = CLS_WFI;
                    else if (f7 == 7'h09 && rd_o == 5'd0) begin
                        cls_o = CLS_SFENCE;
                        use_rs1_o = 1'b1;
                        use_rs2_o = 1'b1;
                    end else illegal_o = 1'b1;
                end else if (f3 == 3'd4) illegal_o = 1'b1;
                else begin
                    cls_o = CLS_CSR;
                    use_rs1_o = !f3[2];
                end
            end
            default: illegal_o = 1'b1;
        endcase
    end
endmodule
