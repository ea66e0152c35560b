// cluster_bank -- the controller of one cluster's RAM bank: performs the
// request its arbiter granted, computes AMOs, holds the LR/SC reservations
// of every hart on this bank, and returns the response one cycle later.
//
// Contract (fpga/README.md, "The hart's memory port"):
//  - req_valid_i: the granted request is *performed* this cycle (never
//    while busy_o is high).  req_addr_i is the byte offset in the bank,
//    naturally aligned to req_size_i; req_wdata_i in the low bits.
//  - The response (rsp_valid_o, rsp_hart_o, rsp_rdata_o) is out exactly one
//    cycle after the perform cycle: load/LR/fetch/AMO: the old value,
//    zero-extended from the size; SC: 0 success / 1 failure; store: 0.
//  - AMO: read in the perform cycle, the new value written in the next
//    cycle (the response cycle), during which busy_o keeps every other
//    request out of the bank: atomic.  `.w` forms compute on 32 bits,
//    signed compare on bit 31 (as tools/iss/cpu.c amo()).
//  - Reservations (one per hart, a 64-byte granule of this bank, as the
//    model): LR sets the hart's; SC succeeds only if the hart holds one on
//    the granule, and always clears the hart's; a store, a successful SC or
//    an AMO of one hart clears the other harts' reservations on the granule
//    (the model's resv_break: a failed SC writes nothing and breaks nothing).
module cluster_bank #(
    parameter integer NH = 1,             // harts in the SoC
    parameter integer HW = 1,             // hart id bits
    parameter integer AW = 16             // byte offset bits in the bank
) (
    input  logic          clk_i,
    input  logic          rst_ni,
    input  logic          req_valid_i,
    input  logic [3:0]    req_cmd_i,
    input  logic [AW-1:0] req_addr_i,
    input  logic [1:0]    req_size_i,
    input  logic [63:0]   req_wdata_i,
    input  logic [HW-1:0] req_hart_i,
    output logic          busy_o,
    // the RAM (cluster_ram)
    output logic          ram_en_o,
    output logic [7:0]    ram_we_o,
    output logic [AW-4:0] ram_addr_o,
    output logic [63:0]   ram_wdata_o,
    input  logic [63:0]   ram_rdata_i,
    // the response
    output logic          rsp_valid_o,
    output logic [HW-1:0] rsp_hart_o,
    output logic [63:0]   rsp_rdata_o
);
`include "soc_defs.vh"
    localparam integer GW = AW - SOC_RESV_GRANULE_BITS;   // granule number bits

    function automatic [7:0] size_mask(input [1:0] size);
        case (size)
            2'd0: size_mask = 8'h01;
            2'd1: size_mask = 8'h03;
            2'd2: size_mask = 8'h0f;
            default: size_mask = 8'hff;
        endcase
    endfunction
    function automatic [63:0] bytes_mask(input [1:0] size);
        case (size)
            2'd0: bytes_mask = 64'hff;
            2'd1: bytes_mask = 64'hffff;
            2'd2: bytes_mask = 64'hffff_ffff;
            default: bytes_mask = {64{1'b1}};
        endcase
    endfunction
    function automatic is_amo(input [3:0] cmd);
        is_amo = cmd >= MEM_AMOSWAP && cmd <= MEM_AMOMAXU;
    endfunction

    // ---- the request being performed ----
    logic [GW-1:0] req_gran;
    logic          sc_ok;            // the SC's hart holds a reservation on its granule
    logic          req_writes;       // a store or a successful SC writes now
    logic          req_breaks;       // clears other harts' reservations on the granule
    logic [NH-1:0] resv_valid_q;
    logic [NH*GW-1:0] resv_gran_q;   // hart k's granule in [k*GW +: GW]

    assign req_gran   = req_addr_i[AW-1:SOC_RESV_GRANULE_BITS];
    // the requesting hart's reservation (a mux, not an index product: no multiplier)
    logic          own_valid;
    logic [GW-1:0] own_gran;
    integer o;
    always_comb begin
        own_valid = 1'b0;
        own_gran  = '0;
        for (o = 0; o < NH; o = o + 1)
            if (o[HW-1:0] == req_hart_i) begin
                own_valid = resv_valid_q[o];
                own_gran  = resv_gran_q[o*GW +: GW];
            end
    end
    assign sc_ok      = own_valid && own_gran == req_gran;
    assign req_writes = req_cmd_i == MEM_STORE || (req_cmd_i == MEM_SC && sc_ok);
    assign req_breaks = req_writes || is_amo(req_cmd_i);

    // ---- registered for the response cycle ----
    logic          rsp_valid_q;
    logic [HW-1:0] rsp_hart_q;
    logic [3:0]    cmd_q;
    logic [2:0]    off_q;
    logic [1:0]    size_q;
    logic [63:0]   wdata_q;
    logic [AW-4:0] waddr_q;
    logic          sc_fail_q;

    // ---- AMO: the old value (from the RAM) and the new one ----
    logic          amo_wb;           // write-back cycle of an AMO
    logic [63:0]   old_val;          // zero-extended from size_q
    logic [63:0]   amo_a_s, amo_b_s, amo_a_u, amo_b_u, amo_new;
    logic          lt_s, lt_u, w_q;

    assign amo_wb  = rsp_valid_q && is_amo(cmd_q);
    assign busy_o  = amo_wb;
    assign old_val = (ram_rdata_i >> {off_q, 3'b000}) & bytes_mask(size_q);
    assign w_q     = size_q == 2'd2;
    assign amo_a_s = w_q ? {{32{old_val[31]}}, old_val[31:0]} : old_val;
    assign amo_b_s = w_q ? {{32{wdata_q[31]}}, wdata_q[31:0]} : wdata_q;
    assign amo_a_u = w_q ? {32'd0, old_val[31:0]} : old_val;
    assign amo_b_u = w_q ? {32'd0, wdata_q[31:0]} : wdata_q;
    assign lt_s    = $signed(amo_a_s) < $signed(amo_b_s);
    assign lt_u    = amo_a_u < amo_b_u;

    always_comb begin
        case (cmd_q)
            MEM_AMOSWAP: amo_new = wdata_q;
            MEM_AMOADD:  amo_new = old_val + wdata_q;
            MEM_AMOXOR:  amo_new = old_val ^ wdata_q;
            MEM_AMOAND:  amo_new = old_val & wdata_q;
            MEM_AMOOR:   amo_new = old_val | wdata_q;
            MEM_AMOMIN:  amo_new = lt_s ? old_val : wdata_q;
            MEM_AMOMAX:  amo_new = lt_s ? wdata_q : old_val;
            MEM_AMOMINU: amo_new = lt_u ? old_val : wdata_q;
            default:     amo_new = lt_u ? wdata_q : old_val;   // MEM_AMOMAXU
        endcase
    end

    // ---- the RAM port: the AMO write-back, or the request performed ----
    always_comb begin
        ram_en_o    = 1'b0;
        ram_we_o    = 8'd0;
        ram_addr_o  = req_addr_i[AW-1:3];
        ram_wdata_o = req_wdata_i << {req_addr_i[2:0], 3'b000};
        if (amo_wb) begin
            ram_en_o    = 1'b1;
            ram_we_o    = size_mask(size_q) << off_q;
            ram_addr_o  = waddr_q;
            ram_wdata_o = amo_new << {off_q, 3'b000};
        end else if (req_valid_i) begin
            ram_en_o = 1'b1;
            ram_we_o = req_writes ? size_mask(req_size_i) << req_addr_i[2:0] : 8'd0;
        end
    end

    always_ff @(posedge clk_i) begin
        if (!rst_ni) rsp_valid_q <= 1'b0;
        else rsp_valid_q <= req_valid_i;
        if (req_valid_i) begin
            rsp_hart_q <= req_hart_i;
            cmd_q      <= req_cmd_i;
            off_q      <= req_addr_i[2:0];
            size_q     <= req_size_i;
            wdata_q    <= req_wdata_i;
            waddr_q    <= req_addr_i[AW-1:3];
            sc_fail_q  <= !sc_ok;
        end
    end

    // ---- reservations ----
    integer k;
    always_ff @(posedge clk_i) begin
        if (!rst_ni) resv_valid_q <= '0;
        else if (req_valid_i) begin
            for (k = 0; k < NH; k = k + 1) begin
                if (k[HW-1:0] == req_hart_i) begin
                    if (req_cmd_i == MEM_LR) begin
                        resv_valid_q[k] <= 1'b1;
                        resv_gran_q[k*GW +: GW] <= req_gran;
                    end else if (req_cmd_i == MEM_SC) resv_valid_q[k] <= 1'b0;
                end else if (req_breaks && resv_gran_q[k*GW +: GW] == req_gran) resv_valid_q[k] <= 1'b0;
            end
        end
    end

    // ---- the response ----
    assign rsp_valid_o = rsp_valid_q;
    assign rsp_hart_o  = rsp_hart_q;
    always_comb begin
        case (cmd_q)
            MEM_STORE: rsp_rdata_o = 64'd0;
            MEM_SC:    rsp_rdata_o = {63'd0, sc_fail_q};
            default:   rsp_rdata_o = old_val;       // load, LR, fetch, AMO
        endcase
    end
endmodule
