// hart_core -- one RV64IMAC + Zicsr + Zifencei hart, M/S/U, Sv39.
//
// A multi-cycle in-order core.  Each instruction goes
//   S_IF    take a pending interrupt, or find the instruction in the fetch
//           buffer (one aligned 8-byte word, tagged by virtual and physical
//           address) or the prefetch buffer (the next word), or translate
//           the fetch address (ITLB / walker) and fetch the word;
//   S_EX    decode (hart_rvc + hart_decode) and execute: ALU, branches,
//           jumps, CSRs, system instructions retire here; loads, stores,
//           AMOs compute and latch their address (and check its alignment)
//           and go to S_MREQ, or to S_DXL when the access is translated;
//   S_DXL   translate the latched data address (DTLB, or start the walker);
//   S_MREQ  offer the request on the memory port, then
//   S_MWAIT wait for its response and retire in the cycle it arrives;
//   S_MD    the iterative multiplier/divider;
//   S_WALK  the page-table walker owns the memory port;
//   S_WFI   asleep until mip & mie != 0;
//   S_CSRRB one cycle after a CSR write, to report the value read back;
//   S_TRAP  take the trap (exception or interrupt) that another state
//           raised in the previous cycle: the CSRs enter it and fetch
//           restarts at the handler.
// The cycle boundaries after S_EX's address computation (S_DXL) and
// before a trap's handler address (S_TRAP) keep the critical path short:
// register read -> address adder -> TLB -> trap decision -> xtvec ->
// fetch lookup would otherwise be one cycle (fpga/README.md "Timing").
// Fast paths: a retiring instruction loads its successor from the fetch
// or prefetch buffer in the same cycle (an ALU instruction then takes one
// cycle), or issues the fetch of its successor's word at once when it is
// in the same page; a jalr's successor, whose address comes from the
// register file, is looked up in S_IF instead.  A fetch response goes
// straight to execute.  While a non-memory instruction executes, the word
// after the fetch buffer's (same page) is prefetched.  Interrupts are
// checked in S_IF and again in S_EX, before the instruction does anything.
//
// Behaviour: tools/iss (the specification) -- see hart_csr, hart_ptw.
// Memory port: fpga/README.md "The hart's memory port": one request
// outstanding (the prefetcher's included), mem_req_valid_o comes from state
// flops only (never from mem_req_ready_i), MEM_FETCH of aligned 8-byte
// words (size 3; never across a 4 KiB page from the last good fetch, so a
// prefetch stays in ROM or RAM), loads/stores/AMOs of
// their natural size with wdata in the low bits, walker PTE loads as
// MEM_LOAD of 8 bytes.  Interrupts are taken only between instructions.
//
// Retire port: fpga/README.md "The retire port".  The rvfi_* outputs are
// registered: a record describes the instruction (or trap) completed at the
// previous clock edge, so it appears one cycle after the retire cycle --
// the same delay for every hart and every instruction, which keeps the
// retirement order of the memory ordering rule.
module hart_core #(
    parameter [63:0] HART_ID = 64'd0,
    parameter [63:0] BOOT_ADDR = 64'h1000
) (
    input  logic        clk_i,
    input  logic        rst_ni,
    // memory port
    output logic        mem_req_valid_o,
    input  logic        mem_req_ready_i,
    output logic [3:0]  mem_req_cmd_o,
    output logic [63:0] mem_req_addr_o,
    output logic [1:0]  mem_req_size_o,
    output logic [63:0] mem_req_wdata_o,
    input  logic        mem_rsp_valid_i,
    input  logic [63:0] mem_rsp_rdata_i,
    input  logic        mem_rsp_err_i,
    // retire port
    output logic        rvfi_valid,
    output logic [63:0] rvfi_order,
    output logic [31:0] rvfi_insn,
    output logic        rvfi_len,
    output logic        rvfi_trap,
    output logic        rvfi_intr,
    output logic [1:0]  rvfi_mode,
    output logic [4:0]  rvfi_rs1_addr,
    output logic [4:0]  rvfi_rs2_addr,
    output logic [63:0] rvfi_rs1_rdata,
    output logic [63:0] rvfi_rs2_rdata,
    output logic [4:0]  rvfi_rd_addr,
    output logic [63:0] rvfi_rd_wdata,
    output logic [63:0] rvfi_pc_rdata,
    output logic [63:0] rvfi_pc_wdata,
    output logic [63:0] rvfi_mem_addr,
    output logic [7:0]  rvfi_mem_rmask,
    output logic [7:0]  rvfi_mem_wmask,
    output logic [63:0] rvfi_mem_rdata,
    output logic [63:0] rvfi_mem_wdata,
    output logic        rvfi_csr_we,
    output logic [11:0] rvfi_csr_addr,
    output logic [63:0] rvfi_csr_wdata,
    output logic [63:0] rvfi_cause,
    output logic [63:0] rvfi_tval,
    // interrupts and time
    input  logic        irq_msoft_i,
    input  logic        irq_mtimer_i,
    input  logic        irq_mext_i,
    input  logic        irq_sext_i,
    input  logic        irq_ssoft_set_i,   // ACLINT SSWI: set mip.SSIP (one cycle)
    input  logic [63:0] mtime_i
);
    `include "hart_defs.vh"

    localparam [3:0] S_IF = 4'd0, S_EX = 4'd1, S_MREQ = 4'd2, S_MWAIT = 4'd3, S_MD = 4'd4,
                     S_WALK = 4'd5, S_WFI = 4'd6, S_CSRRB = 4'd7, S_DXL = 4'd8, S_TRAP = 4'd9;
    localparam [1:0] PF_IDLE = 2'd0, PF_REQ = 2'd1, PF_WAIT = 2'd2;
    localparam [1:0] ACC_FETCH = 2'd0, ACC_LOAD = 2'd1, ACC_STORE = 2'd2;
    localparam [1:0] PRV_S = 2'd1, PRV_M = 2'd3;

    logic [3:0]  state_q, state_d;
    logic [63:0] pc_q;
    // fetch buffer
    logic        fb_valid_q;
    logic [60:0] fb_va_q, fb_pa_q;      // address bits 63:3
    logic [63:0] fb_data_q;
    // prefetch buffer: the word after the fetch buffer's, fetched while the
    // port is idle (same virtual page, so the same physical page)
    logic        pb_valid_q;
    logic [60:0] pb_va_q, pb_pa_q;
    logic [63:0] pb_data_q;
    logic [1:0]  pf_state_q;            // PF_IDLE, PF_REQ, PF_WAIT
    logic        pf_drop_q;             // the context changed: drop the word in flight
    logic [60:0] pf_va_q, pf_pa_q;
    logic        pf_idle;
    logic        cross_q;               // a 32-bit instruction straddles two words
    logic [15:0] hold_q;                // its low half
    // the instruction in execute
    logic [31:0] ir_raw_q;              // bits as fetched (16-bit ones in the low half)
    logic        ir_c_q;                // compressed
    // memory operation / walk in flight
    logic [3:0]  mcmd_q;
    logic [1:0]  msize_q;
    logic [63:0] mpa_q, mva_q, mwdata_q;
    logic        mfetch_q;
    logic [1:0]  macc_q;
    logic [63:0] csr_old_q;
    logic [63:0] csr_rs1_q;      // rs1 as the CSR instruction read it (rd may overwrite it before S_CSRRB)
    // the trap decided in the previous cycle, taken in S_TRAP
    logic [63:0] tr_cause_q, tr_tval_q;
    logic        tr_intr_q, tr_fetch_q;

    // ------------------------------------------------------------------
    // submodules
    // ------------------------------------------------------------------
    logic [31:0] rvc_insn, ir_insn;
    logic        rvc_illegal;
    hart_rvc u_rvc (.c_i(ir_raw_q[15:0]), .insn_o(rvc_insn), .illegal_o(rvc_illegal));
    assign ir_insn = ir_c_q ? rvc_insn : ir_raw_q;

    logic [4:0]  cls, rd, rs1, rs2;
    logic        dec_illegal, use_rs1, use_rs2, alu_imm, alu_sub_sra, alu_word;
    logic [63:0] imm;
    logic [2:0]  f3;
    logic [3:0]  amo_cmd;
    hart_decode u_decode (
        .insn_i(ir_insn), .cls_o(cls), .illegal_o(dec_illegal), .imm_o(imm), .rd_o(rd),
        .rs1_o(rs1), .rs2_o(rs2), .use_rs1_o(use_rs1), .use_rs2_o(use_rs2), .f3_o(f3),
        .alu_imm_o(alu_imm), .alu_sub_sra_o(alu_sub_sra), .alu_word_o(alu_word), .amo_cmd_o(amo_cmd)
    );

    logic        rf_we;
    logic [63:0] rf_wdata, rs1_val, rs2_val;
    hart_regfile u_regfile (
        .clk_i(clk_i), .rs1_i(rs1), .rs2_i(rs2), .rs1_data_o(rs1_val), .rs2_data_o(rs2_val),
        .we_i(rf_we), .rd_i(rd), .rd_data_i(rf_wdata)
    );

    logic [63:0] alu_result;
    logic        br_taken;
    hart_alu u_alu (
        .a_i(rs1_val), .b_i(alu_imm ? imm : rs2_val), .f3_i(f3), .sub_sra_i(alu_sub_sra),
        .word_i(alu_word), .branch_i(cls == CLS_BRANCH), .result_o(alu_result), .cmp_o(br_taken)
    );

    logic        md_start, md_done;
    logic [63:0] md_result;
    hart_muldiv u_muldiv (
        .clk_i(clk_i), .rst_ni(rst_ni), .start_i(md_start), .f3_i(f3), .word_i(alu_word),
        .a_i(rs1_val), .b_i(rs2_val), .done_o(md_done), .result_o(md_result)
    );

    // CSR file
    logic        csr_write, csr_commit, csr_illegal;
    logic [63:0] csr_rdata;
    logic        trap, mret, sret, retire_count;
    logic [63:0] trap_cause, trap_tval, trap_pc, xret_pc;
    logic        irq_take, wfi_wake;
    logic [3:0]  irq_cause;
    logic [1:0]  priv, mpp;
    logic        mprv, sum, mxr, tvm, tw, tsr;
    logic [63:0] satp;
    assign csr_write = (f3[1:0] == 2'd1) || (rs1 != 5'd0);
    hart_csr #(.HART_ID(HART_ID)) u_csr (
        .clk_i(clk_i), .rst_ni(rst_ni),
        .csr_addr_i(ir_insn[31:20]), .csr_op_i(f3[1:0]),
        .csr_src_i(f3[2] ? {59'd0, rs1} : rs1_val), .csr_write_i(csr_write),
        .csr_commit_i(csr_commit), .csr_rdata_o(csr_rdata), .csr_illegal_o(csr_illegal),
        .trap_i(trap), .trap_cause_i(trap_cause), .trap_tval_i(trap_tval), .trap_epc_i(pc_q),
        .trap_pc_o(trap_pc), .mret_i(mret), .mret_sel_i(cls == CLS_MRET), .sret_i(sret), .xret_pc_o(xret_pc),
        .retire_i(retire_count),
        .irq_msoft_i(irq_msoft_i), .irq_mtimer_i(irq_mtimer_i), .irq_mext_i(irq_mext_i),
        .irq_sext_i(irq_sext_i), .irq_ssoft_set_i(irq_ssoft_set_i), .mtime_i(mtime_i),
        .irq_take_o(irq_take), .irq_cause_o(irq_cause), .wfi_wake_o(wfi_wake),
        .priv_o(priv), .mprv_o(mprv), .mpp_o(mpp), .sum_o(sum), .mxr_o(mxr), .tvm_o(tvm),
        .tw_o(tw), .tsr_o(tsr), .satp_o(satp)
    );

    // ------------------------------------------------------------------
    // address translation: TLBs and walker
    // ------------------------------------------------------------------
    logic        tlb_flush, itlb_fill, dtlb_fill;
    /* verilator lint_off UNUSEDSIGNAL */
    logic [63:0] fetch_va, data_va;   // the TLBs see bits 38:12
    /* verilator lint_on UNUSEDSIGNAL */
    logic        itlb_hit, dtlb_hit, itlb_ok, dtlb_ok;
    logic [43:0] itlb_ppn, dtlb_ppn;
    logic [4:0]  itlb_perm, dtlb_perm;
    logic        ptw_start, ptw_req_valid, ptw_done, ptw_fault, ptw_afault;
    logic [63:0] ptw_req_addr, walk_va;
    logic [1:0]  walk_acc;
    logic [43:0] ptw_ppn;
    logic [4:0]  ptw_perm;
    logic        ptw_global;
    logic        sfence_va, sfence_asid;   // sfence.vma's rs1 / rs2 are not x0
    assign sfence_va   = rs1 != 5'd0;
    assign sfence_asid = rs2 != 5'd0;
    logic [1:0]  data_priv;
    logic        data_acc_store;

    hart_tlb u_itlb (
        .clk_i(clk_i), .rst_ni(rst_ni), .asid_i(satp[59:44]), .sfence_i(tlb_flush),
        .sfence_va_i(sfence_va), .sfence_idx_i(rs1_val[15:12]), .sfence_asid_i(sfence_asid),
        .sfence_asid_val_i(rs2_val[15:0]), .fill_global_i(ptw_global),
        .vpn_i(fetch_va[38:12]),
        .hit_o(itlb_hit), .ppn_o(itlb_ppn), .perm_o(itlb_perm),
        .fill_i(itlb_fill), .fill_vpn_i(mva_q[38:12]), .fill_ppn_i(ptw_ppn), .fill_perm_i(ptw_perm)
    );
    hart_tlb u_dtlb (
        .clk_i(clk_i), .rst_ni(rst_ni), .asid_i(satp[59:44]), .sfence_i(tlb_flush),
        .sfence_va_i(sfence_va), .sfence_idx_i(rs1_val[15:12]), .sfence_asid_i(sfence_asid),
        .sfence_asid_val_i(rs2_val[15:0]), .fill_global_i(ptw_global),
        .vpn_i(data_va[38:12]),
        .hit_o(dtlb_hit), .ppn_o(dtlb_ppn), .perm_o(dtlb_perm),
        .fill_i(dtlb_fill), .fill_vpn_i(mva_q[38:12]), .fill_ppn_i(ptw_ppn), .fill_perm_i(ptw_perm)
    );
    hart_pte_check u_icheck (
        .perm_i({1'b1, itlb_perm}), .acc_i(ACC_FETCH), .priv_i(priv), .sum_i(sum), .mxr_i(mxr),
        .ok_o(itlb_ok)
    );
    hart_pte_check u_dcheck (
        .perm_i({1'b1, dtlb_perm}), .acc_i(macc_q), .priv_i(data_priv),
        .sum_i(sum), .mxr_i(mxr), .ok_o(dtlb_ok)
    );
    hart_ptw u_ptw (
        .clk_i(clk_i), .rst_ni(rst_ni), .start_i(ptw_start), .va_i(walk_va), .acc_i(walk_acc),
        .priv_i(walk_acc == ACC_FETCH ? priv : data_priv), .sum_i(sum), .mxr_i(mxr),
        .satp_ppn_i(satp[43:0]),
        .req_valid_o(ptw_req_valid), .req_addr_o(ptw_req_addr), .req_ready_i(mem_req_ready_i && pf_idle),
        .rsp_valid_i(mem_rsp_valid_i && state_q == S_WALK && pf_idle), .rsp_rdata_i(mem_rsp_rdata_i),
        .rsp_err_i(mem_rsp_err_i),
        .done_o(ptw_done), .fault_o(ptw_fault), .afault_o(ptw_afault), .ppn_o(ptw_ppn), .perm_o(ptw_perm),
        .global_o(ptw_global)
    );

    // ------------------------------------------------------------------
    // fetch
    // ------------------------------------------------------------------
    logic        fb_hit;
    logic [15:0] fb_half;
    logic [31:0] fb_word;
    assign fetch_va = cross_q ? {pc_q[63:3] + 61'd1, 3'b000} : pc_q;
    assign fb_hit   = fb_valid_q && fb_va_q == fetch_va[63:3];
    always_comb begin
        case (pc_q[2:1])
            2'd0: begin fb_half = fb_data_q[15:0];  fb_word = fb_data_q[31:0]; end
            2'd1: begin fb_half = fb_data_q[31:16]; fb_word = fb_data_q[47:16]; end
            2'd2: begin fb_half = fb_data_q[47:32]; fb_word = fb_data_q[63:32]; end
            default: begin fb_half = fb_data_q[63:48]; fb_word = {16'd0, fb_data_q[63:48]}; end
        endcase
    end
    // the same for a fetch response
    logic [15:0] rsp_half;
    logic [31:0] rsp_word;
    always_comb begin
        case (pc_q[2:1])
            2'd0: begin rsp_half = mem_rsp_rdata_i[15:0];  rsp_word = mem_rsp_rdata_i[31:0]; end
            2'd1: begin rsp_half = mem_rsp_rdata_i[31:16]; rsp_word = mem_rsp_rdata_i[47:16]; end
            2'd2: begin rsp_half = mem_rsp_rdata_i[47:32]; rsp_word = mem_rsp_rdata_i[63:32]; end
            default: begin rsp_half = mem_rsp_rdata_i[63:48]; rsp_word = {16'd0, mem_rsp_rdata_i[63:48]}; end
        endcase
    end
    // the same for the next pc, for the fast path
    logic [15:0] nx_half;
    logic [31:0] nx_word;
    always_comb begin
        case (pc_fast[2:1])
            2'd0: begin nx_half = fb_data_q[15:0];  nx_word = fb_data_q[31:0]; end
            2'd1: begin nx_half = fb_data_q[31:16]; nx_word = fb_data_q[47:16]; end
            2'd2: begin nx_half = fb_data_q[47:32]; nx_word = fb_data_q[63:32]; end
            default: begin nx_half = fb_data_q[63:48]; nx_word = {16'd0, fb_data_q[63:48]}; end
        endcase
    end
    logic [15:0] pq_half;
    logic [31:0] pq_word;
    always_comb begin
        case (pc_q[2:1])
            2'd0: begin pq_half = pb_data_q[15:0];  pq_word = pb_data_q[31:0]; end
            2'd1: begin pq_half = pb_data_q[31:16]; pq_word = pb_data_q[47:16]; end
            2'd2: begin pq_half = pb_data_q[47:32]; pq_word = pb_data_q[63:32]; end
            default: begin pq_half = pb_data_q[63:48]; pq_word = {16'd0, pb_data_q[63:48]}; end
        endcase
    end
    logic [15:0] px_half;
    logic [31:0] px_word;
    always_comb begin
        case (pc_fast[2:1])
            2'd0: begin px_half = pb_data_q[15:0];  px_word = pb_data_q[31:0]; end
            2'd1: begin px_half = pb_data_q[31:16]; px_word = pb_data_q[47:16]; end
            2'd2: begin px_half = pb_data_q[47:32]; px_word = pb_data_q[63:32]; end
            default: begin px_half = pb_data_q[63:48]; px_word = {16'd0, pb_data_q[63:48]}; end
        endcase
    end
    logic fetch_xlate, data_xlate;
    assign fetch_xlate = (priv != PRV_M) && satp[63:60] == 4'd8;
    assign data_priv   = mprv ? mpp : priv;
    assign data_xlate  = (data_priv != PRV_M) && satp[63:60] == 4'd8;

    // Sv39: bits 63:39 must copy bit 38 (argument: va[63:38])
    function automatic logic canonical(input logic [25:0] va_hi);
        canonical = (va_hi == {26{1'b0}}) || (va_hi == {26{1'b1}});
    endfunction

    // ------------------------------------------------------------------
    // execute
    // ------------------------------------------------------------------
    logic [63:0] pc_len, pc_tgt, ex_va;
    logic [1:0]  ex_size;
    logic        ex_misaligned, is_lr, is_sc;
    logic [63:0] size_mask;
    assign pc_len  = pc_q + (ir_c_q ? 64'd2 : 64'd4);
    assign pc_tgt  = pc_q + imm;
    assign ex_va   = rs1_val + imm;
    assign data_va = mva_q;      // translated in S_DXL, the cycle after S_EX
    assign ex_size = f3[1:0];
    assign is_lr   = (cls == CLS_AMO) && amo_cmd == MEM_LR;
    assign is_sc   = (cls == CLS_AMO) && amo_cmd == MEM_SC;
    assign data_acc_store = (cls == CLS_STORE) || (cls == CLS_AMO && !is_lr);
    always_comb begin
        case (ex_size)
            2'd0: ex_misaligned = 1'b0;
            2'd1: ex_misaligned = ex_va[0];
            2'd2: ex_misaligned = ex_va[1:0] != 2'd0;
            default: ex_misaligned = ex_va[2:0] != 3'd0;
        endcase
        case (ex_size)
            2'd0: size_mask = 64'hff;
            2'd1: size_mask = 64'hffff;
            2'd2: size_mask = 64'hffff_ffff;
            default: size_mask = 64'hffff_ffff_ffff_ffff;
        endcase
    end

    // memory response, as the instruction sees it
    logic [63:0] ld_val, amo_old, amo_b, amo_new, msize_mask;
    /* verilator lint_off UNUSEDSIGNAL */
    logic [64:0] amo_diff;        // only its sign bits
    /* verilator lint_on UNUSEDSIGNAL */
    logic        amo_lt, amo_ltu;
    always_comb begin
        case (msize_q)
            2'd0: msize_mask = 64'hff;
            2'd1: msize_mask = 64'hffff;
            2'd2: msize_mask = 64'hffff_ffff;
            default: msize_mask = 64'hffff_ffff_ffff_ffff;
        endcase
        if (cls == CLS_AMO && is_sc) ld_val = mem_rsp_rdata_i;
        else if (cls == CLS_AMO || !f3[2]) begin   // sign-extending loads, LR, AMO old value
            case (msize_q)
                2'd0: ld_val = {{56{mem_rsp_rdata_i[7]}}, mem_rsp_rdata_i[7:0]};
                2'd1: ld_val = {{48{mem_rsp_rdata_i[15]}}, mem_rsp_rdata_i[15:0]};
                2'd2: ld_val = {{32{mem_rsp_rdata_i[31]}}, mem_rsp_rdata_i[31:0]};
                default: ld_val = mem_rsp_rdata_i;
            endcase
        end else ld_val = mem_rsp_rdata_i;
        // the value an AMO wrote (the memory computes it; the retire port
        // reports it).  .w operands are sign-extended: that keeps both the
        // signed and the unsigned 32-bit order.  One subtractor compares.
        amo_old  = ld_val;
        amo_b    = (msize_q == 2'd2) ? {{32{mwdata_q[31]}}, mwdata_q[31:0]} : mwdata_q;
        amo_diff = {1'b0, amo_old} - {1'b0, amo_b};
        amo_ltu  = amo_diff[64];
        amo_lt   = (amo_old[63] != amo_b[63]) ? amo_old[63] : amo_diff[63];
        case (mcmd_q)
            MEM_AMOSWAP: amo_new = amo_b;
            MEM_AMOADD:  amo_new = amo_old + amo_b;
            MEM_AMOXOR:  amo_new = amo_old ^ amo_b;
            MEM_AMOAND:  amo_new = amo_old & amo_b;
            MEM_AMOOR:   amo_new = amo_old | amo_b;
            MEM_AMOMIN:  amo_new = amo_lt ? amo_old : amo_b;
            MEM_AMOMAX:  amo_new = amo_lt ? amo_b : amo_old;
            MEM_AMOMINU: amo_new = amo_ltu ? amo_old : amo_b;
            MEM_AMOMAXU: amo_new = amo_ltu ? amo_b : amo_old;
            default:     amo_new = mwdata_q;   // store, SC
        endcase
    end

    // ------------------------------------------------------------------
    // the state machine: next state and the commit record
    // ------------------------------------------------------------------
    // commit record (becomes rvfi_* at the clock edge)
    logic        c_valid, c_trap, c_intr, c_csr_we;
    logic [63:0] c_pc_wdata, c_mem_addr, c_mem_rdata, c_mem_wdata;
    logic [7:0]  c_rmask, c_wmask;
    logic        c_fetch_trap;            // trap before any instruction bits were fetched
    // register updates
    logic        pc_we, fb_inval, fb_fill, ir_load, cross_set, cross_clr, pb_promote, pb_store_hit, pf_to_fb;
    logic [63:0] pc_d;
    logic        fast_tgt;               // S_EX: the retire goes to pc_tgt (jal, taken branch)
    logic        fast_no;                // S_EX: jalr, its successor is fetched in S_IF
    logic        tr_set;                 // a trap is raised: latch tr_*_d, go to S_TRAP
    logic [63:0] tr_cause_d, tr_tval_d;
    logic [31:0] ir_raw_d;
    logic        ir_c_d;
    logic        mreq_set;               // latch a memory request (mcmd_d...)
    logic [3:0]  mcmd_d;
    logic [1:0]  msize_d, macc_d;
    logic [63:0] mpa_d, mva_d;
    logic        mfetch_d;
    logic        walk_set;
    logic        dxl_hit;                // S_DXL: the DTLB translates mva_q

    logic [7:0]  byte_mask;
    assign byte_mask = (msize_q == 2'd0) ? 8'h01 : (msize_q == 2'd1) ? 8'h03 : (msize_q == 2'd2) ? 8'h0f : 8'hff;
    assign walk_va  = (state_q == S_IF) ? fetch_va : mva_q;
    assign walk_acc = (state_q == S_IF) ? ACC_FETCH : macc_q;

    // a trap with cause c and tval t: recorded here, taken in S_TRAP (the
    // next cycle), so that the handler address (delegation, xtvec) is
    // computed from registers and not after this cycle's decision
    task automatic raise(input logic [63:0] c, input logic [63:0] t);
        tr_set = 1'b1;
        tr_cause_d = c;
        tr_tval_d = t;
        rf_we = 1'b0;
        csr_commit = 1'b0;
        mreq_set = 1'b0;
        state_d = S_TRAP;
    endtask

    // retire the instruction in execute and continue at next_pc
    task automatic retire(input logic [63:0] next_pc);
        c_valid = 1'b1;
        c_pc_wdata = next_pc;
        pc_we = 1'b1;
        pc_d = next_pc;
        retire_count = 1'b1;
        state_d = S_IF;
    endtask

    logic [63:0] ill_tval;
    assign ill_tval = {32'd0, ir_raw_q};
    logic [63:0] acc_fault_cause, page_fault_cause;
    assign acc_fault_cause  = (macc_q == ACC_FETCH) ? EXC_IACCESS : (macc_q == ACC_LOAD) ? EXC_LACCESS : EXC_SACCESS;
    assign page_fault_cause = (macc_q == ACC_FETCH) ? EXC_IPAGE : (macc_q == ACC_LOAD) ? EXC_LPAGE : EXC_SPAGE;

    always_comb begin
        state_d = state_q;
        trap = 1'b0; trap_cause = 64'd0; trap_tval = 64'd0;
        mret = 1'b0; sret = 1'b0; retire_count = 1'b0;
        csr_commit = 1'b0;
        c_valid = 1'b0; c_trap = 1'b0; c_intr = 1'b0; c_csr_we = 1'b0;
        c_pc_wdata = 64'd0; c_mem_addr = 64'd0; c_mem_rdata = 64'd0; c_mem_wdata = 64'd0;
        c_rmask = 8'd0; c_wmask = 8'd0; c_fetch_trap = 1'b0;
        pc_we = 1'b0; pc_d = pc_q; fast_tgt = 1'b0; fast_no = 1'b0;
        tr_set = 1'b0; tr_cause_d = 64'd0; tr_tval_d = 64'd0;
        fb_inval = 1'b0; fb_fill = 1'b0; ir_load = 1'b0; cross_set = 1'b0; cross_clr = 1'b0;
        pb_promote = 1'b0; pb_store_hit = 1'b0; pf_to_fb = 1'b0;
        ir_raw_d = ir_raw_q; ir_c_d = ir_c_q;
        rf_we = 1'b0; rf_wdata = 64'd0;
        mreq_set = 1'b0; mcmd_d = MEM_FETCH; msize_d = 2'd3; macc_d = ACC_FETCH;
        mpa_d = 64'd0; mva_d = 64'd0; mfetch_d = 1'b1;
        walk_set = 1'b0; ptw_start = 1'b0; dxl_hit = 1'b0;
        md_start = 1'b0;
        tlb_flush = 1'b0; itlb_fill = 1'b0; dtlb_fill = 1'b0;

        case (state_q)
            // ---------------- fetch ----------------
            S_IF: begin
                if (!cross_q && irq_take) begin
                    raise({1'b1, 59'd0, irq_cause}, 64'd0);
                    c_intr = 1'b1;
                    c_fetch_trap = 1'b1;
                end else if (fb_hit) begin
                    if (cross_q) begin
                        ir_load = 1'b1; ir_raw_d = {fb_data_q[15:0], hold_q}; ir_c_d = 1'b0;
                        cross_clr = 1'b1;
                        state_d = S_EX;
                    end else if (fb_half[1:0] != 2'b11) begin
                        ir_load = 1'b1; ir_raw_d = {16'd0, fb_half}; ir_c_d = 1'b1;
                        state_d = S_EX;
                    end else if (pc_q[2:1] != 2'd3) begin
                        ir_load = 1'b1; ir_raw_d = fb_word; ir_c_d = 1'b0;
                        state_d = S_EX;
                    end else begin
                        cross_set = 1'b1;           // low half now, high half from the next word
                    end
                end else if (pb_valid_q && pb_va_q == fetch_va[63:3]) begin
                    pb_promote = 1'b1;              // the prefetched word becomes the buffer
                    if (!cross_q && (pq_half[1:0] != 2'b11 || pc_q[2:1] != 2'd3)) begin
                        ir_load = 1'b1;
                        ir_raw_d = (pq_half[1:0] != 2'b11) ? {16'd0, pq_half} : pq_word;
                        ir_c_d = (pq_half[1:0] != 2'b11);
                        state_d = S_EX;
                    end
                end else if (!pf_idle && !pf_drop_q && pf_va_q == fetch_va[63:3]) begin
                    // on its way: wait for it, and take it as it arrives
                    if (pf_state_q == PF_WAIT && mem_rsp_valid_i && !mem_rsp_err_i) begin
                        pf_to_fb = 1'b1;
                        if (!cross_q && (rsp_half[1:0] != 2'b11 || pc_q[2:1] != 2'd3)) begin
                            ir_load = 1'b1;
                            ir_raw_d = (rsp_half[1:0] != 2'b11) ? {16'd0, rsp_half} : rsp_word;
                            ir_c_d = (rsp_half[1:0] != 2'b11);
                            state_d = S_EX;
                        end
                    end
                end else begin
                    mva_d = fetch_va; macc_d = ACC_FETCH; mfetch_d = 1'b1; mcmd_d = MEM_FETCH; msize_d = 2'd3;
                    if (!fetch_xlate) begin
                        mreq_set = 1'b1; mpa_d = {fetch_va[63:3], 3'b000};
                        state_d = S_MREQ;
                    end else if (!canonical(fetch_va[63:38])) begin
                        raise(EXC_IPAGE, fetch_va);
                        c_fetch_trap = 1'b1;
                    end else if (itlb_hit && itlb_ok) begin
                        mreq_set = 1'b1; mpa_d = {8'd0, itlb_ppn, fetch_va[11:3], 3'b000};
                        state_d = S_MREQ;
                    end else begin
                        walk_set = 1'b1; ptw_start = 1'b1;
                        state_d = S_WALK;
                    end
                end
            end
            // ---------------- execute ----------------
            S_EX: begin
                if (irq_take) begin
                    // pending since the instruction was fetched (an instruction
                    // that came straight from the previous one's retire cycle
                    // was not checked in S_IF): taken before it executes
                    raise({1'b1, 59'd0, irq_cause}, 64'd0);
                    c_intr = 1'b1;
                    c_fetch_trap = 1'b1;
                end else if (ir_c_q ? rvc_illegal : dec_illegal) raise(EXC_ILLEGAL, ill_tval);
                else case (cls)
                    CLS_ALU: begin rf_we = 1'b1; rf_wdata = alu_result; retire(pc_len); end
                    CLS_LUI: begin rf_we = 1'b1; rf_wdata = imm; retire(pc_len); end
                    CLS_AUIPC: begin rf_we = 1'b1; rf_wdata = pc_tgt; retire(pc_len); end
                    CLS_JAL: begin rf_we = 1'b1; rf_wdata = pc_len; retire(pc_tgt); fast_tgt = 1'b1; end
                    CLS_JALR: begin
                        rf_we = 1'b1; rf_wdata = pc_len; retire({ex_va[63:1], 1'b0});
                        fast_no = 1'b1;
                    end
                    CLS_BRANCH: begin retire(br_taken ? pc_tgt : pc_len); fast_tgt = br_taken; end
                    CLS_LOAD, CLS_STORE, CLS_AMO: begin
                        mva_d = ex_va; msize_d = ex_size; mfetch_d = 1'b0;
                        macc_d = data_acc_store ? ACC_STORE : ACC_LOAD;
                        mcmd_d = (cls == CLS_LOAD) ? MEM_LOAD : (cls == CLS_STORE) ? MEM_STORE : amo_cmd;
                        mreq_set = 1'b1; mpa_d = ex_va;   // latches command, size, va and data
                        if (ex_misaligned) raise(data_acc_store ? EXC_SADDR_MISAL : EXC_LADDR_MISAL, ex_va);
                        else state_d = data_xlate ? S_DXL : S_MREQ;
                    end
                    CLS_MULDIV: begin md_start = 1'b1; state_d = S_MD; end
                    CLS_FENCE: retire(pc_len);
                    CLS_FENCEI: begin fb_inval = 1'b1; retire(pc_len); end
                    CLS_CSR: begin
                        if (csr_illegal) raise(EXC_ILLEGAL, ill_tval);
                        else begin
                            rf_we = 1'b1; rf_wdata = csr_rdata;
                            if (csr_write) begin
                                csr_commit = 1'b1;
                                retire_count = 1'b1;
                                fb_inval = 1'b1;     // a satp write keeps the TLBs: ASID tags
                                state_d = S_CSRRB;
                            end else retire(pc_len);
                        end
                    end
                    CLS_ECALL: raise(EXC_ECALL_U + {62'd0, priv}, 64'd0);
                    CLS_EBREAK: raise(EXC_BREAK, 64'd0);
                    CLS_MRET: begin
                        if (priv == PRV_M) begin mret = 1'b1; fb_inval = 1'b1; retire(xret_pc); end
                        else raise(EXC_ILLEGAL, ill_tval);
                    end
                    CLS_SRET: begin
                        if (priv == PRV_M || (priv == PRV_S && !tsr)) begin
                            sret = 1'b1; fb_inval = 1'b1; retire(xret_pc);
                        end else raise(EXC_ILLEGAL, ill_tval);
                    end
                    CLS_WFI: begin
                        if (priv == PRV_M || (priv == PRV_S && !tw)) begin
                            retire(pc_len);
                            if (!wfi_wake) state_d = S_WFI;
                        end else raise(EXC_ILLEGAL, ill_tval);
                    end
                    CLS_SFENCE: begin
                        if (priv == PRV_M || (priv == PRV_S && !tvm)) begin
                            tlb_flush = 1'b1; fb_inval = 1'b1; retire(pc_len);
                        end else raise(EXC_ILLEGAL, ill_tval);
                    end
                    default: raise(EXC_ILLEGAL, ill_tval);
                endcase
            end
            // ---------------- data translation ----------------
            // the address latched in S_EX (mva_q): DTLB, or the walker
            S_DXL: begin
                if (!canonical(mva_q[63:38])) raise((macc_q == ACC_STORE) ? EXC_SPAGE : EXC_LPAGE, mva_q);
                else if (dtlb_hit && dtlb_ok) begin
                    dxl_hit = 1'b1;
                    state_d = S_MREQ;
                end else begin
                    ptw_start = 1'b1;
                    state_d = S_WALK;
                end
            end
            // ---------------- trap ----------------
            // the trap raised in the previous cycle: the CSRs enter it, the
            // retire port reports it, fetch restarts at the handler
            S_TRAP: begin
                trap = 1'b1;
                trap_cause = tr_cause_q;
                trap_tval = tr_tval_q;
                c_valid = 1'b1;
                c_trap = 1'b1;
                c_intr = tr_intr_q;
                c_fetch_trap = tr_fetch_q;
                c_pc_wdata = trap_pc;
                pc_we = 1'b1;
                pc_d = trap_pc;
                fb_inval = 1'b1;
                cross_clr = 1'b1;
                state_d = S_IF;
            end
            S_CSRRB: begin
                c_csr_we = 1'b1;
                retire(pc_len);
                retire_count = 1'b0;             // counted in S_EX, with the write
            end
            S_MD: if (md_done) begin rf_we = 1'b1; rf_wdata = md_result; retire(pc_len); end
            S_WFI: if (wfi_wake) state_d = S_IF;
            // ---------------- page-table walk ----------------
            S_WALK: if (ptw_done) begin
                if (ptw_afault) begin
                    raise(acc_fault_cause, mva_q);
                    c_fetch_trap = mfetch_q;
                end else if (ptw_fault) begin
                    raise(page_fault_cause, mva_q);
                    c_fetch_trap = mfetch_q;
                end else begin
                    itlb_fill = mfetch_q;
                    dtlb_fill = !mfetch_q;
                    state_d = S_MREQ;
                end
            end
            // ---------------- memory ----------------
            S_MREQ: if (mem_req_ready_i && pf_idle) state_d = S_MWAIT;
            S_MWAIT: if (mem_rsp_valid_i) begin
                if (mem_rsp_err_i) begin
                    raise(acc_fault_cause, mva_q);
                    c_fetch_trap = mfetch_q;
                end else if (mfetch_q) begin
                    // fill the buffer and, when the word completes the
                    // instruction, pass it on to execute directly
                    fb_fill = 1'b1;
                    state_d = S_IF;
                    if (cross_q) begin
                        ir_load = 1'b1; ir_raw_d = {mem_rsp_rdata_i[15:0], hold_q}; ir_c_d = 1'b0;
                        cross_clr = 1'b1;
                        state_d = S_EX;
                    end else if (rsp_half[1:0] != 2'b11) begin
                        ir_load = 1'b1; ir_raw_d = {16'd0, rsp_half}; ir_c_d = 1'b1;
                        state_d = S_EX;
                    end else if (pc_q[2:1] != 2'd3) begin
                        ir_load = 1'b1; ir_raw_d = rsp_word; ir_c_d = 1'b0;
                        state_d = S_EX;
                    end
                end else begin
                    c_mem_addr = mpa_q;
                    if (mcmd_q != MEM_STORE) begin
                        rf_we = 1'b1; rf_wdata = ld_val;
                    end
                    if (mcmd_q != MEM_STORE && mcmd_q != MEM_SC) begin
                        c_rmask = byte_mask; c_mem_rdata = mem_rsp_rdata_i;
                    end
                    if (mcmd_q != MEM_LOAD && mcmd_q != MEM_LR && !(mcmd_q == MEM_SC && mem_rsp_rdata_i != 64'd0)) begin
                        c_wmask = byte_mask; c_mem_wdata = amo_new & msize_mask;
                    end
                    if (mcmd_q != MEM_LOAD && mcmd_q != MEM_LR) begin
                        fb_inval = (fb_pa_q == mpa_q[63:3]);
                        pb_store_hit = (pb_pa_q == mpa_q[63:3]);
                    end
                    retire(pc_len);
                end
            end
            default: state_d = S_IF;
        endcase

    end

    // Fast path: a retiring instruction that changed nothing the fetch
    // depends on loads its successor from the fetch buffer in the same
    // cycle, so that one goes straight to S_EX (1 cycle per ALU instruction
    // on a buffer hit); if the successor is in another word of the same
    // virtual page, its fetch is issued at once (the physical page is the
    // buffer's).  The successor of a retire that takes this path is at
    // pc_len or, for jal and a taken branch, at pc_tgt: both are compared
    // with the buffers' tags before the branch decision picks one, which
    // keeps the register read and the comparison out of the tag
    // comparisons.  A jalr's target (a register plus an offset) is not
    // known early enough: its successor is looked up in S_IF.  Traps, xret,
    // fence.i, sfence.vma and CSR writes change the fetch context and take
    // no fast path either.  A separate block, so that Verilator sees no
    // loop through pc_d.
    logic [63:0] pc_fast;
    logic        f_eq_fb, f_eq_pb, f_page;
    assign pc_fast = fast_tgt ? pc_tgt : pc_len;
    assign f_eq_fb = fast_tgt ? fb_va_q == pc_tgt[63:3] : fb_va_q == pc_len[63:3];
    assign f_eq_pb = fast_tgt ? pb_va_q == pc_tgt[63:3] : pb_va_q == pc_len[63:3];
    assign f_page  = fast_tgt ? fb_va_q[60:9] == pc_tgt[63:12] : fb_va_q[60:9] == pc_len[63:12];
    logic [3:0]  state_nx;
    logic        ir_load_nx, ir_c_nx, fast_fetch, fast_ok, fast_promote;
    logic [31:0] ir_raw_nx;
    assign fast_ok = c_valid && !c_trap && state_d == S_IF && !fb_inval && !tlb_flush && !mret && !sret &&
                     !csr_commit && !fb_fill && fb_valid_q && !fast_no;
    always_comb begin
        state_nx = state_d;
        ir_load_nx = ir_load;
        ir_raw_nx = ir_raw_d;
        ir_c_nx = ir_c_d;
        fast_fetch = 1'b0;
        fast_promote = 1'b0;
        if (fast_ok && pb_valid_q && !pb_store_hit && !f_eq_fb && f_eq_pb) begin
            // the successor is in the prefetched word: it becomes the buffer
            fast_promote = 1'b1;
            if (px_half[1:0] != 2'b11 || pc_fast[2:1] != 2'd3) begin
                ir_load_nx = 1'b1;
                ir_raw_nx = (px_half[1:0] != 2'b11) ? {16'd0, px_half} : px_word;
                ir_c_nx = (px_half[1:0] != 2'b11);
                state_nx = S_EX;
            end
        end else if (fast_ok && f_eq_fb) begin
            if (nx_half[1:0] != 2'b11 || pc_fast[2:1] != 2'd3) begin
                ir_load_nx = 1'b1;
                ir_raw_nx = (nx_half[1:0] != 2'b11) ? {16'd0, nx_half} : nx_word;
                ir_c_nx = (nx_half[1:0] != 2'b11);
                state_nx = S_EX;
            end
        end else if (fast_ok && f_page && pf_idle) begin
            fast_fetch = 1'b1;
            state_nx = S_MREQ;
        end
    end

    // ------------------------------------------------------------------
    // registers
    // ------------------------------------------------------------------
    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            state_q    <= S_IF;
            pc_q       <= BOOT_ADDR;
            fb_valid_q <= 1'b0;
            pb_valid_q <= 1'b0;
            pf_state_q <= PF_IDLE;
            pf_drop_q  <= 1'b0;
            cross_q    <= 1'b0;
            ir_c_q     <= 1'b0;
            ir_raw_q   <= 32'd0;
        end else begin
            state_q <= state_nx;
            if (pc_we) pc_q <= pc_d;
            if (fb_fill) begin
                fb_valid_q <= 1'b1;
                fb_va_q    <= mva_q[63:3];
                fb_pa_q    <= mpa_q[63:3];
                fb_data_q  <= mem_rsp_rdata_i;
            end else if (pf_to_fb) begin
                fb_valid_q <= 1'b1;
                fb_va_q    <= pf_va_q;
                fb_pa_q    <= pf_pa_q;
                fb_data_q  <= mem_rsp_rdata_i;
            end else if (pb_promote || fast_promote) begin
                fb_valid_q <= 1'b1;
                fb_va_q    <= pb_va_q;
                fb_pa_q    <= pb_pa_q;
                fb_data_q  <= pb_data_q;
            end else if (fb_inval || tlb_flush) fb_valid_q <= 1'b0;
            // the prefetcher
            case (pf_state_q)
                PF_IDLE: if (pf_start) begin
                    pf_state_q <= PF_REQ;
                    pf_drop_q  <= 1'b0;
                    pf_va_q    <= fb_va_q + 61'd1;
                    pf_pa_q    <= fb_pa_q + 61'd1;
                end
                PF_REQ: if (mem_req_ready_i) pf_state_q <= PF_WAIT;
                default: if (mem_rsp_valid_i) pf_state_q <= PF_IDLE;
            endcase
            if (pf_state_q != PF_IDLE && (fb_inval || tlb_flush || pb_store_hit)) pf_drop_q <= 1'b1;
            if (pf_state_q == PF_WAIT && mem_rsp_valid_i && !pf_drop_q && !mem_rsp_err_i &&
                !(fb_inval || tlb_flush || pb_store_hit)) begin
                pb_valid_q <= 1'b1;
                pb_va_q    <= pf_va_q;
                pb_pa_q    <= pf_pa_q;
                pb_data_q  <= mem_rsp_rdata_i;
            end else if (fb_inval || tlb_flush || pb_store_hit || pb_promote || fast_promote) pb_valid_q <= 1'b0;
            if (cross_set) begin cross_q <= 1'b1; hold_q <= fb_half; end
            else if (cross_clr) cross_q <= 1'b0;
            if (ir_load_nx) begin ir_raw_q <= ir_raw_nx; ir_c_q <= ir_c_nx; end
        end
    end

    always_ff @(posedge clk_i) begin
        if (fast_fetch) begin
            mcmd_q   <= MEM_FETCH;
            msize_q  <= 2'd3;
            mva_q    <= pc_fast;
            mfetch_q <= 1'b1;
            macc_q   <= ACC_FETCH;
            mpa_q    <= {fb_pa_q[60:9], pc_fast[11:3], 3'b000};
        end else if (mreq_set) begin
            mcmd_q   <= mcmd_d;
            msize_q  <= msize_d;
            mva_q    <= mva_d;
            mfetch_q <= mfetch_d;
            macc_q   <= macc_d;
            mpa_q    <= mpa_d;
            mwdata_q <= rs2_val & size_mask;
        end else if (walk_set) begin
            mcmd_q   <= mcmd_d;
            mva_q    <= mva_d;
            mfetch_q <= mfetch_d;
            macc_q   <= macc_d;
            msize_q  <= msize_d;
        end
        if (dxl_hit) mpa_q <= {8'd0, dtlb_ppn, mva_q[11:0]};
        if (tr_set) begin
            tr_cause_q <= tr_cause_d;
            tr_tval_q  <= tr_tval_d;
            tr_intr_q  <= c_intr;
            tr_fetch_q <= c_fetch_trap;
        end
        if (state_q == S_WALK && ptw_done) begin
            mpa_q <= mfetch_q ? {8'd0, ptw_ppn, mva_q[11:3], 3'b000} : {8'd0, ptw_ppn, mva_q[11:0]};
        end
        if (csr_commit) begin
            csr_old_q <= csr_rdata;
            csr_rs1_q <= rs1_val;
        end
    end

    // Prefetch the word after the buffer's while an instruction that does not
    // use the port executes and the core will not need the port next cycle;
    // not across a page, not when the context changes.
    logic pf_start;
    assign pf_idle  = (pf_state_q == PF_IDLE);
    assign pf_start = state_q == S_EX && cls != CLS_LOAD && cls != CLS_STORE && cls != CLS_AMO &&
                      (state_nx == S_EX || state_nx == S_IF || state_nx == S_MD) && !trap && !fb_inval &&
                      !tlb_flush && !mret && !sret && !csr_commit && fb_valid_q && !fast_promote &&
                      fb_va_q[8:0] != 9'h1ff && !(pb_valid_q && pb_va_q == fb_va_q + 61'd1);

    // memory port: the prefetcher's request, the walker's while walking, or
    // the core's; a new request only when the prefetcher is idle
    assign mem_req_valid_o = (pf_state_q == PF_REQ) ||
                             (pf_idle && ((state_q == S_MREQ) || (state_q == S_WALK && ptw_req_valid)));
    assign mem_req_cmd_o   = !pf_idle ? MEM_FETCH : (state_q == S_WALK) ? MEM_LOAD : mcmd_q;
    assign mem_req_addr_o  = !pf_idle ? {pf_pa_q, 3'b000} : (state_q == S_WALK) ? ptw_req_addr : mpa_q;
    assign mem_req_size_o  = (!pf_idle || state_q == S_WALK) ? 2'd3 : msize_q;
    assign mem_req_wdata_o = mwdata_q;

    // ------------------------------------------------------------------
    // retire port
    // ------------------------------------------------------------------
    logic [63:0] order_q;
    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            rvfi_valid <= 1'b0;
            order_q    <= 64'd0;
        end else begin
            rvfi_valid <= c_valid;
            if (c_valid) order_q <= order_q + 64'd1;
        end
        if (c_valid) begin
            rvfi_order     <= order_q;
            rvfi_insn      <= c_fetch_trap ? 32'd0 : ir_raw_q;
            rvfi_len       <= ir_c_q;
            rvfi_trap      <= c_trap;
            rvfi_intr      <= c_intr;
            rvfi_mode      <= priv;
            rvfi_rs1_addr  <= (c_fetch_trap || !use_rs1) ? 5'd0 : rs1;
            rvfi_rs2_addr  <= (c_fetch_trap || !use_rs2) ? 5'd0 : rs2;
            rvfi_rs1_rdata <= (c_fetch_trap || !use_rs1) ? 64'd0 : (state_q == S_CSRRB) ? csr_rs1_q : rs1_val;
            rvfi_rs2_rdata <= (c_fetch_trap || !use_rs2) ? 64'd0 : rs2_val;
            rvfi_rd_addr   <= c_rd_valid ? rd : 5'd0;
            rvfi_rd_wdata  <= !c_rd_valid ? 64'd0 : (state_q == S_CSRRB) ? csr_old_q : rf_wdata;
            rvfi_pc_rdata  <= pc_q;
            rvfi_pc_wdata  <= c_pc_wdata;
            rvfi_mem_addr  <= c_mem_addr;
            rvfi_mem_rmask <= c_rmask;
            rvfi_mem_wmask <= c_wmask;
            rvfi_mem_rdata <= c_mem_rdata;
            rvfi_mem_wdata <= c_mem_wdata;
            rvfi_csr_we    <= c_csr_we;
            rvfi_csr_addr  <= c_csr_we ? ir_insn[31:20] : 12'd0;
            rvfi_csr_wdata <= c_csr_we ? csr_rdata : 64'd0;
            rvfi_cause     <= c_trap ? trap_cause : 64'd0;
            rvfi_tval      <= c_trap ? trap_tval : 64'd0;
        end
    end
    logic c_rd_valid;
    assign c_rd_valid = rd != 5'd0 && !c_trap && (rf_we || state_q == S_CSRRB);
endmodule
