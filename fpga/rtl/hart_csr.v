// hart_csr -- the hart's privilege level and control and status registers,
// trap entry, mret/sret, and the interrupt selector.
//
// Behaviour is that of tools/iss/csr.c (the specification): the same CSR set,
// the same WARL legalisation, medeleg/mideleg masks, trap delegation, the
// interrupt priority order MEI, MSI, MTI, SEI, SSI, STI, and mcycle/cycle
// being the same counter as minstret/instret (the model has one counter; the
// RTL follows it).
//
// Contract with hart_core (all inputs are sampled at the clock edge):
//  - csr_addr_i/csr_op_i/csr_src_i/csr_write_i describe the CSR instruction
//    in execute; csr_rdata_o (the value the instruction reads) and
//    csr_illegal_o are combinational.  csr_commit_i (one cycle) performs
//    the write.  After it, csr_rdata_o of the same address is the value
//    read back (the core reports it on the retire port).
//  - trap_i enters a trap with trap_cause_i (bit 63 = interrupt),
//    trap_tval_i and trap_epc_i; trap_pc_o is the handler it goes to
//    (combinational, valid in the cycle of trap_i).
//  - mret_i / sret_i perform the xRET; xret_pc_o is its target (mepc when
//    mret_sel_i, else sepc).
//  - retire_i counts one retired instruction (minstret).
//  - irq_take_o / irq_cause_o: an enabled interrupt is pending (evaluated
//    by the core only between instructions); wfi_wake_o: mip & mie != 0.
//  - irq_ssoft_set_i (one cycle, from the ACLINT SSWI) sets mip.SSIP, the
//    software-writable bit software clears itself; it wins over a CSR write
//    of mip/sip in the same cycle (the SSWI store retires after that CSR
//    instruction, the model's order).
module hart_csr #(
    parameter [63:0] HART_ID = 64'd0
) (
    input  logic        clk_i,
    input  logic        rst_ni,
    // CSR instruction
    input  logic [11:0] csr_addr_i,
    input  logic [1:0]  csr_op_i,        // 1 rw, 2 rs, 3 rc
    input  logic [63:0] csr_src_i,
    input  logic        csr_write_i,
    input  logic        csr_commit_i,
    output logic [63:0] csr_rdata_o,
    output logic        csr_illegal_o,
    // traps and xRET
    input  logic        trap_i,
    input  logic [63:0] trap_cause_i,
    input  logic [63:0] trap_tval_i,
    input  logic [63:0] trap_epc_i,
    output logic [63:0] trap_pc_o,
    input  logic        mret_i,
    input  logic        mret_sel_i,      // xret_pc_o: 1 mepc, 0 sepc
    input  logic        sret_i,
    output logic [63:0] xret_pc_o,
    input  logic        retire_i,
    // interrupts
    input  logic        irq_msoft_i,
    input  logic        irq_mtimer_i,
    input  logic        irq_mext_i,
    input  logic        irq_sext_i,
    input  logic        irq_ssoft_set_i,
    input  logic [63:0] mtime_i,
    output logic        irq_take_o,
    output logic [3:0]  irq_cause_o,
    output logic        wfi_wake_o,
    // state for the rest of the hart
    output logic [1:0]  priv_o,
    output logic        mprv_o,
    output logic [1:0]  mpp_o,
    output logic        sum_o,
    output logic        mxr_o,
    output logic        tvm_o,
    output logic        tw_o,
    output logic        tsr_o,
    output logic [63:0] satp_o
);
    localparam [1:0] PRV_U = 2'd0, PRV_S = 2'd1, PRV_M = 2'd3;

    localparam [11:0] CSR_SSTATUS = 12'h100, CSR_SIE = 12'h104, CSR_STVEC = 12'h105,
                      CSR_SCOUNTEREN = 12'h106, CSR_SSCRATCH = 12'h140, CSR_SEPC = 12'h141,
                      CSR_SCAUSE = 12'h142, CSR_STVAL = 12'h143, CSR_SIP = 12'h144, CSR_SATP = 12'h180,
                      CSR_MSTATUS = 12'h300, CSR_MISA = 12'h301, CSR_MEDELEG = 12'h302,
                      CSR_MIDELEG = 12'h303, CSR_MIE = 12'h304, CSR_MTVEC = 12'h305,
                      CSR_MCOUNTEREN = 12'h306, CSR_MCOUNTINHIBIT = 12'h320, CSR_MSCRATCH = 12'h340,
                      CSR_MEPC = 12'h341, CSR_MCAUSE = 12'h342, CSR_MTVAL = 12'h343, CSR_MIP = 12'h344,
                      CSR_MCYCLE = 12'hB00, CSR_MINSTRET = 12'hB02, CSR_CYCLE = 12'hC00,
                      CSR_TIME = 12'hC01, CSR_INSTRET = 12'hC02, CSR_MVENDORID = 12'hF11,
                      CSR_MARCHID = 12'hF12, CSR_MIMPID = 12'hF13, CSR_MHARTID = 12'hF14;

    localparam [63:0] MISA_VAL = (64'd2 << 62) | 64'h0014_1105;   // RV64 I M A C S U
    // mstatus bits kept: SIE 1, MIE 3, SPIE 5, MPIE 7, SPP 8, MPP 12:11, MPRV 17,
    // SUM 18, MXR 19, TVM 20, TW 21, TSR 22; UXL = SXL = 2 (64-bit), read-only
    localparam [63:0] MSTATUS_WMASK = 64'h0000_0000_007E_19AA;
    localparam [63:0] SSTATUS_MASK  = 64'h0000_0002_000C_0122;
    localparam [63:0] SSTATUS_WMASK = 64'h0000_0000_000C_0122;
    localparam [63:0] MSTATUS_FIXED = 64'h0000_000A_0000_0000;   // UXL | SXL
    localparam [63:0] MIE_MASK      = 64'h0AAA;
    localparam [63:0] MIP_WMASK     = 64'h0222;
    localparam [63:0] MIDELEG_MASK  = 64'h0222;
    localparam [63:0] MEDELEG_MASK  = 64'hB3FF;

    // Registers are only as wide as their WARL masks let them be (area);
    // the 64-bit views below zero-extend them.
    logic [1:0]  priv_q;
    logic [22:0] ms_q;          // mstatus: the writable bits only; UXL/SXL added on read
    logic [15:0] medeleg_r;
    logic [9:0]  mideleg_r;     // bits 1, 5, 9 only
    logic [11:0] mie_r, mip_sw_r;
    logic [31:0] mcounteren_r, scounteren_r;
    logic [2:0]  mcountinhibit_r;
    logic [63:0] mtvec_q, mscratch_q, mepc_q, mcause_q, mtval_q;
    logic [63:0] stvec_q, sscratch_q, sepc_q, scause_q, stval_q, satp_q;
    logic [63:0] instret_q;
    logic [63:0] mstatus_q, medeleg_q, mideleg_q, mie_q, mip_sw_q, mcounteren_q, scounteren_q, mcountinhibit_q;
    assign mstatus_q       = {41'd0, ms_q};
    assign medeleg_q       = {48'd0, medeleg_r};
    assign mideleg_q       = {54'd0, mideleg_r};
    assign mie_q           = {52'd0, mie_r};
    assign mip_sw_q        = {52'd0, mip_sw_r};
    assign mcounteren_q    = {32'd0, mcounteren_r};
    assign scounteren_q    = {32'd0, scounteren_r};
    assign mcountinhibit_q = {61'd0, mcountinhibit_r};

    logic [63:0] mstatus, mip, mip_hw;
    assign mstatus = mstatus_q | MSTATUS_FIXED;
    assign mip_hw  = {52'd0, irq_mext_i, 1'b0, irq_sext_i, 1'b0, irq_mtimer_i, 3'b000, irq_msoft_i, 3'b000};
    assign mip     = mip_sw_q | mip_hw;

    // ---- read ----
    logic [63:0] rval, rmw_val;
    logic        exists, counter_ok;
    logic [31:0] counter_bit;
    assign counter_bit = 32'd1 << csr_addr_i[4:0];
    assign counter_ok  = (priv_q == PRV_M || (mcounteren_q[31:0] & counter_bit) != 32'd0) &&
                         (priv_q != PRV_U || (scounteren_q[31:0] & counter_bit) != 32'd0);
    always_comb begin
        rval = 64'd0;
        exists = 1'b1;
        case (csr_addr_i)
            CSR_SSTATUS:       rval = mstatus & SSTATUS_MASK;
            CSR_SIE:           rval = mie_q & mideleg_q;
            CSR_STVEC:         rval = stvec_q;
            CSR_SCOUNTEREN:    rval = scounteren_q;
            CSR_SSCRATCH:      rval = sscratch_q;
            CSR_SEPC:          rval = sepc_q;
            CSR_SCAUSE:        rval = scause_q;
            CSR_STVAL:         rval = stval_q;
            CSR_SIP:           rval = mip & mideleg_q;
            CSR_SATP: begin
                rval = satp_q;
                if (priv_q == PRV_S && mstatus_q[20]) exists = 1'b0;
            end
            CSR_MSTATUS:       rval = mstatus;
            CSR_MISA:          rval = MISA_VAL;
            CSR_MEDELEG:       rval = medeleg_q;
            CSR_MIDELEG:       rval = mideleg_q;
            CSR_MIE:           rval = mie_q;
            CSR_MTVEC:         rval = mtvec_q;
            CSR_MCOUNTEREN:    rval = mcounteren_q;
            CSR_MCOUNTINHIBIT: rval = mcountinhibit_q;
            CSR_MSCRATCH:      rval = mscratch_q;
            CSR_MEPC:          rval = mepc_q;
            CSR_MCAUSE:        rval = mcause_q;
            CSR_MTVAL:         rval = mtval_q;
            CSR_MIP:           rval = mip;
            CSR_MCYCLE, CSR_MINSTRET: rval = instret_q;
            CSR_CYCLE, CSR_INSTRET: begin
                rval = instret_q;
                exists = counter_ok;
            end
            CSR_TIME: begin
                rval = mtime_i;
                exists = counter_ok;
            end
            CSR_MVENDORID, CSR_MARCHID, CSR_MIMPID: rval = 64'd0;
            CSR_MHARTID:       rval = HART_ID;
            default:           exists = 1'b0;
        endcase
        // read-modify-write of mip/sip uses the software-writable bits only
        rmw_val = rval;
        if (csr_addr_i == CSR_MIP) rmw_val = mip_sw_q;
        if (csr_addr_i == CSR_SIP) rmw_val = mip_sw_q & mideleg_q;
    end
    assign csr_rdata_o   = rval;
    assign csr_illegal_o = (priv_q < csr_addr_i[9:8]) || (csr_write_i && csr_addr_i[11:10] == 2'b11) || !exists;

    logic [63:0] nv;
    always_comb begin
        case (csr_op_i)
            2'd1:    nv = csr_src_i;
            2'd2:    nv = rmw_val | csr_src_i;
            default: nv = rmw_val & ~csr_src_i;
        endcase
    end

    // ---- traps ----
    logic        trap_irq;
    logic [5:0]  trap_code;
    logic        trap_to_s;
    /* verilator lint_off UNUSEDSIGNAL */
    logic [63:0] tvec;
    /* verilator lint_on UNUSEDSIGNAL */
    assign trap_irq  = trap_cause_i[63];
    assign trap_code = trap_cause_i[5:0];
    assign trap_to_s = (priv_q != PRV_M) && ((trap_irq ? mideleg_q[trap_code] : medeleg_q[trap_code]) == 1'b1);
    assign tvec      = trap_to_s ? stvec_q : mtvec_q;
    assign trap_pc_o = {tvec[63:2], 2'b00} + ((trap_irq && tvec[0]) ? {56'd0, trap_code, 2'b00} : 64'd0);
    assign xret_pc_o = mret_sel_i ? mepc_q : sepc_q;

    // ---- interrupts ----
    /* verilator lint_off UNUSEDSIGNAL */
    logic [63:0] pend, pend_m, pend_s, avail;
    /* verilator lint_on UNUSEDSIGNAL */
    logic        m_on, s_on;
    assign pend   = mip & mie_q;
    assign pend_m = pend & ~mideleg_q;
    assign pend_s = pend & mideleg_q;
    assign m_on   = (priv_q != PRV_M) || mstatus_q[3];
    assign s_on   = (priv_q == PRV_U) || (priv_q == PRV_S && mstatus_q[1]);
    assign avail  = (m_on && pend_m != 64'd0) ? pend_m : (s_on ? pend_s : 64'd0);
    always_comb begin
        irq_take_o = 1'b1;
        if (avail[11]) irq_cause_o = 4'd11;
        else if (avail[3]) irq_cause_o = 4'd3;
        else if (avail[7]) irq_cause_o = 4'd7;
        else if (avail[9]) irq_cause_o = 4'd9;
        else if (avail[1]) irq_cause_o = 4'd1;
        else if (avail[5]) irq_cause_o = 4'd5;
        else begin
            irq_cause_o = 4'd0;
            irq_take_o = 1'b0;
        end
    end
    assign wfi_wake_o = (pend != 64'd0);

    // ---- state ----
    logic counter_written;
    assign counter_written = csr_commit_i && (csr_addr_i == CSR_MCYCLE || csr_addr_i == CSR_MINSTRET);

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            priv_q <= PRV_M;
            ms_q <= 23'd0;
            medeleg_r <= 16'd0; mideleg_r <= 10'd0; mie_r <= 12'd0; mip_sw_r <= 12'd0;
            mtvec_q <= 64'd0; mcounteren_r <= 32'd0; mscratch_q <= 64'd0; mepc_q <= 64'd0;
            mcause_q <= 64'd0; mtval_q <= 64'd0; mcountinhibit_r <= 3'd0;
            stvec_q <= 64'd0; scounteren_r <= 32'd0; sscratch_q <= 64'd0; sepc_q <= 64'd0;
            scause_q <= 64'd0; stval_q <= 64'd0; satp_q <= 64'd0;
            instret_q <= 64'd0;
        end else begin
            if (retire_i && !counter_written) instret_q <= instret_q + 64'd1;
            if (csr_commit_i) begin
                case (csr_addr_i)
                    CSR_SSTATUS:    ms_q <= (ms_q & ~SSTATUS_WMASK[22:0]) | (nv[22:0] & SSTATUS_WMASK[22:0]);
                    CSR_SIE:        mie_r <= (mie_r & ~mideleg_q[11:0]) | (nv[11:0] & mideleg_q[11:0] & MIE_MASK[11:0]);
                    CSR_STVEC:      stvec_q <= nv & ~64'd2;
                    CSR_SCOUNTEREN: scounteren_r <= nv[31:0];
                    CSR_SSCRATCH:   sscratch_q <= nv;
                    CSR_SEPC:       sepc_q <= nv & ~64'd1;
                    CSR_SCAUSE:     scause_q <= nv;
                    CSR_STVAL:      stval_q <= nv;
                    CSR_SIP:        mip_sw_r[1] <= mideleg_r[1] ? nv[1] : mip_sw_r[1];
                    CSR_SATP:       if (nv[63:60] == 4'd0 || nv[63:60] == 4'd8) satp_q <= nv;
                    CSR_MSTATUS: begin
                        ms_q <= (ms_q & ~MSTATUS_WMASK[22:0]) | (nv[22:0] & MSTATUS_WMASK[22:0]);
                        if (nv[12:11] == 2'b10) ms_q[12:11] <= 2'b00;   // WARL: no H mode
                    end
                    CSR_MEDELEG:    medeleg_r <= nv[15:0] & MEDELEG_MASK[15:0];
                    CSR_MIDELEG:    mideleg_r <= nv[9:0] & MIDELEG_MASK[9:0];
                    CSR_MIE:        mie_r <= nv[11:0] & MIE_MASK[11:0];
                    CSR_MTVEC:      mtvec_q <= nv & ~64'd2;
                    CSR_MCOUNTEREN: mcounteren_r <= nv[31:0];
                    CSR_MCOUNTINHIBIT: mcountinhibit_r <= nv[2:0] & 3'd5;
                    CSR_MSCRATCH:   mscratch_q <= nv;
                    CSR_MEPC:       mepc_q <= nv & ~64'd1;
                    CSR_MCAUSE:     mcause_q <= nv;
                    CSR_MTVAL:      mtval_q <= nv;
                    CSR_MIP:        mip_sw_r <= (mip_sw_r & ~MIP_WMASK[11:0]) | (nv[11:0] & MIP_WMASK[11:0]);
                    CSR_MCYCLE, CSR_MINSTRET: instret_q <= nv;
                    default: ;
                endcase
            end
            if (irq_ssoft_set_i) mip_sw_r[1] <= 1'b1;
            if (trap_i) begin
                if (trap_to_s) begin
                    scause_q <= trap_cause_i;
                    sepc_q <= trap_epc_i;
                    stval_q <= trap_tval_i;
                    ms_q[5] <= ms_q[1];          // SPIE = SIE
                    ms_q[1] <= 1'b0;                  // SIE = 0
                    ms_q[8] <= (priv_q == PRV_S);     // SPP
                    priv_q <= PRV_S;
                end else begin
                    mcause_q <= trap_cause_i;
                    mepc_q <= trap_epc_i;
                    mtval_q <= trap_tval_i;
                    ms_q[7] <= ms_q[3];          // MPIE = MIE
                    ms_q[3] <= 1'b0;
                    ms_q[12:11] <= priv_q;            // MPP
                    priv_q <= PRV_M;
                end
            end
            if (mret_i) begin
                ms_q[3] <= ms_q[7];
                ms_q[7] <= 1'b1;
                ms_q[12:11] <= PRV_U;
                if (ms_q[12:11] != PRV_M) ms_q[17] <= 1'b0;
                priv_q <= ms_q[12:11];
            end
            if (sret_i) begin
                ms_q[1] <= ms_q[5];
                ms_q[5] <= 1'b1;
                ms_q[8] <= 1'b0;
                ms_q[17] <= 1'b0;
                priv_q <= ms_q[8] ? PRV_S : PRV_U;
            end
        end
    end

    assign priv_o = priv_q;
    assign mprv_o = ms_q[17];
    assign mpp_o  = ms_q[12:11];
    assign sum_o  = ms_q[18];
    assign mxr_o  = ms_q[19];
    assign tvm_o  = ms_q[20];
    assign tw_o   = ms_q[21];
    assign tsr_o  = ms_q[22];
    assign satp_o = satp_q;
endmodule
