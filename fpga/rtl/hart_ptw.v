// hart_ptw -- the Sv39 hardware page-table walker.
//
// Walks the tables of satp for va_i exactly as vm_translate() of
// tools/iss/mmu.c: up to three 8-byte MEM_LOADs of PTEs on the hart's
// memory port (the core grants the port to the walker while it walks);
// a PTE with V = 0, W without R, or bits 63:54 set is a page fault, a
// non-leaf at level 0 too; a leaf is checked for permissions
// (hart_pte_check, A = 0 and store-with-D = 0 fault: no hardware A/D
// update) and superpage alignment.  A memory error during the walk is an
// access fault.  The caller checks va_i for canonical form first.
//
// Contract: start_i (one cycle, walker idle) latches the inputs; the walker
// then offers req_valid_o/req_addr_o (valid does not depend on ready) and
// takes the response; done_o pulses for one cycle with fault_o (page
// fault), afault_o (access fault) or neither, and then ppn_o (the 4 KiB
// physical page of va_i) and perm_o (leaf D U X W R) for the TLB.
module hart_ptw (
    input  logic        clk_i,
    input  logic        rst_ni,
    input  logic        start_i,
    /* verilator lint_off UNUSEDSIGNAL */
    input  logic [63:0] va_i,            // bits 38:12 used (the caller checks the rest)
    /* verilator lint_on UNUSEDSIGNAL */
    input  logic [1:0]  acc_i,
    input  logic [1:0]  priv_i,
    input  logic        sum_i,
    input  logic        mxr_i,
    input  logic [43:0] satp_ppn_i,
    output logic        req_valid_o,
    output logic [63:0] req_addr_o,
    input  logic        req_ready_i,
    input  logic        rsp_valid_i,
    input  logic [63:0] rsp_rdata_i,
    input  logic        rsp_err_i,
    output logic        done_o,
    output logic        fault_o,
    output logic        afault_o,
    output logic [43:0] ppn_o,
    output logic [4:0]  perm_o,
    output logic        global_o         // the leaf's G bit
);
    localparam [1:0] S_IDLE = 2'd0, S_REQ = 2'd1, S_WAIT = 2'd2, S_DONE = 2'd3;

    logic [1:0]  state_q;
    logic [1:0]  level_q;
    logic [43:0] table_q;          // physical page of the current table
    logic [26:0] vpn_q;
    logic [1:0]  acc_q, priv_q;
    logic        sum_q, mxr_q;
    logic        fault_q, afault_q;
    logic [43:0] ppn_q;
    logic [4:0]  perm_q;
    logic        global_q;

    logic [8:0]  idx;
    always_comb begin
        case (level_q)
            2'd2:    idx = vpn_q[26:18];
            2'd1:    idx = vpn_q[17:9];
            default: idx = vpn_q[8:0];
        endcase
    end
    assign req_valid_o = (state_q == S_REQ);
    assign req_addr_o  = {8'd0, table_q, idx, 3'b000};

    // the PTE just returned
    /* verilator lint_off UNUSEDSIGNAL */
    logic [63:0] pte;                // RSW, G unused
    /* verilator lint_on UNUSEDSIGNAL */
    logic        v, r, w, x, leaf, bad, perm_ok, misaligned;
    logic [43:0] pte_ppn, leaf_ppn;
    assign pte     = rsp_rdata_i;
    assign v       = pte[0];
    assign r       = pte[1];
    assign w       = pte[2];
    assign x       = pte[3];
    assign pte_ppn = pte[53:10];
    assign leaf    = r || x;
    assign bad     = !v || (!r && w) || (pte[63:54] != 10'd0);
    assign misaligned = (level_q == 2'd2 && pte_ppn[17:0] != 18'd0) || (level_q == 2'd1 && pte_ppn[8:0] != 9'd0);
    always_comb begin
        case (level_q)
            2'd2:    leaf_ppn = {pte_ppn[43:18], vpn_q[17:0]};
            2'd1:    leaf_ppn = {pte_ppn[43:9], vpn_q[8:0]};
            default: leaf_ppn = pte_ppn;
        endcase
    end

    hart_pte_check u_check (
        .perm_i ({pte[6], pte[7], pte[4], pte[3], pte[2], pte[1]}),
        .acc_i  (acc_q),
        .priv_i (priv_q),
        .sum_i  (sum_q),
        .mxr_i  (mxr_q),
        .ok_o   (perm_ok)
    );

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            state_q <= S_IDLE;
        end else begin
            case (state_q)
                S_IDLE: if (start_i) begin
                    state_q  <= S_REQ;
                    level_q  <= 2'd2;
                    table_q  <= satp_ppn_i;
                    vpn_q    <= va_i[38:12];
                    acc_q    <= acc_i;
                    priv_q   <= priv_i;
                    sum_q    <= sum_i;
                    mxr_q    <= mxr_i;
                    fault_q  <= 1'b0;
                    afault_q <= 1'b0;
                end
                S_REQ: if (req_ready_i) state_q <= S_WAIT;
                S_WAIT: if (rsp_valid_i) begin
                    if (rsp_err_i) begin
                        afault_q <= 1'b1;
                        state_q  <= S_DONE;
                    end else if (bad) begin
                        fault_q <= 1'b1;
                        state_q <= S_DONE;
                    end else if (leaf) begin
                        fault_q <= !perm_ok || misaligned;
                        ppn_q   <= leaf_ppn;
                        perm_q  <= {pte[7], pte[4], pte[3], pte[2], pte[1]};
                        global_q <= pte[5];
                        state_q <= S_DONE;
                    end else if (level_q == 2'd0) begin
                        fault_q <= 1'b1;
                        state_q <= S_DONE;
                    end else begin
                        table_q <= pte_ppn;
                        level_q <= level_q - 2'd1;
                        state_q <= S_REQ;
                    end
                end
                default: state_q <= S_IDLE;   // S_DONE
            endcase
        end
    end

    assign done_o   = (state_q == S_DONE);
    assign fault_o  = fault_q;
    assign afault_o = afault_q;
    assign ppn_o    = ppn_q;
    assign perm_o   = perm_q;
    assign global_o = global_q;
endmodule
