// clint -- the core-local interruptor at SOC_CLINT_BASE (sifive,clint0;
// tools/iss/dev.c clint_access): msip[h] (32-bit, bit 0 kept) at 4h,
// mtimecmp[h] (64-bit) at 0x4000 + 8h, mtime (64-bit, read-only) at 0xbff8.
// Any width inside one register; an access straddling two registers or at
// 0xc000 and above is an access fault; registers of absent harts read 0
// and ignore writes.  mtime counts up by one every MTIME_DIV clock cycles
// (one tick of the 10 MHz timebase: the clock is MTIME_DIV x 10 MHz).
//
// A device of soc_devbus: performed in the req_valid_i cycle, rsp_rdata_o
// and rsp_err_o the next cycle.  msip_o[h] / mtip_o[h] (mtime >=
// mtimecmp[h]) are levels to hart h.
module clint #(
    parameter integer NH        = 1,
    parameter integer MTIME_DIV = 5
) (
    input  logic          clk_i,
    input  logic          rst_ni,
    input  logic          req_valid_i,
    input  logic          req_we_i,
    input  logic [15:0]   req_addr_i,
    input  logic [1:0]    req_size_i,
    input  logic [63:0]   req_wdata_i,
    output logic [63:0]   rsp_rdata_o,
    output logic          rsp_err_o,
    output logic [63:0]   mtime_o,
    output logic [NH-1:0] msip_o,
    output logic [NH-1:0] mtip_o
);
    localparam integer DW = (MTIME_DIV > 1) ? $clog2(MTIME_DIV) : 1;

    logic [NH-1:0]    msip_q;
    logic [64*NH-1:0] mtimecmp_q;
    logic [63:0]      mtime_q;
    logic [DW-1:0]    div_q;

    // ---- decode ----
    logic        in_msip, in_cmp, in_mtime, straddle, present;
    logic [12:0] hart;            // msip: off / 4; mtimecmp: (off - 0x4000) / 8
    logic [63:0] reg_val, shifted;
    logic [3:0]  nbytes;
    logic [7:0]  lanes;           // bytes of the 8-byte register written
    logic [63:0] wdata_sh;        // req_wdata_i moved to its byte lanes
    integer r;

    assign in_msip  = req_addr_i < 16'h4000;
    assign in_cmp   = !in_msip && req_addr_i < 16'hbff8;
    assign in_mtime = req_addr_i >= 16'hbff8 && req_addr_i < 16'hc000;
    assign hart     = in_msip ? {1'b0, req_addr_i[13:2]} : req_addr_i[15:3] - 13'h800;
    assign present  = {19'd0, hart} < NH;
    assign nbytes   = 4'd1 << req_size_i;
    assign straddle = in_msip ? {2'b00, req_addr_i[1:0]} + nbytes > 4'd4 : 1'b0;
    assign lanes    = ((8'd1 << nbytes) - 8'd1) << req_addr_i[2:0];
    assign wdata_sh = req_wdata_i << {req_addr_i[2:0], 3'b000};

    always_comb begin
        reg_val = 64'd0;
        for (r = 0; r < NH; r = r + 1) begin
            if (in_msip && hart == r[12:0]) reg_val = {63'd0, msip_q[r]};
            if (in_cmp && hart == r[12:0]) reg_val = mtimecmp_q[64*r +: 64];
        end
        if (in_mtime) reg_val = mtime_q;
    end
    assign shifted = reg_val >> {(in_msip ? {1'b0, req_addr_i[1:0]} : req_addr_i[2:0]), 3'b000};

    // ---- registers ----
    integer h, b;
    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            msip_q     <= '0;
            mtimecmp_q <= {64*NH{1'b1}};
            mtime_q    <= 64'd0;
            div_q      <= '0;
        end else begin
            if (div_q == DW'(MTIME_DIV - 1)) begin
                div_q   <= '0;
                mtime_q <= mtime_q + 64'd1;
            end else div_q <= div_q + 1'b1;
            if (req_valid_i && req_we_i && present && !straddle) begin
                for (h = 0; h < NH; h = h + 1) begin
                    if (in_msip && hart == h[12:0] && req_addr_i[1:0] == 2'd0) msip_q[h] <= req_wdata_i[0];
                    if (in_cmp && hart == h[12:0])
                        for (b = 0; b < 8; b = b + 1)
                            if (lanes[b]) mtimecmp_q[64*h + 8*b +: 8] <= wdata_sh[8*b +: 8];
                end
            end
        end
    end

    // ---- response ----
    always_ff @(posedge clk_i) begin
        if (req_valid_i) begin
            rsp_err_o <= (!in_msip && !in_cmp && !in_mtime) || straddle;
            case (req_size_i)
                2'd0: rsp_rdata_o <= {56'd0, shifted[7:0]};
                2'd1: rsp_rdata_o <= {48'd0, shifted[15:0]};
                2'd2: rsp_rdata_o <= {32'd0, shifted[31:0]};
                default: rsp_rdata_o <= shifted;
            endcase
        end
    end

    assign mtime_o = mtime_q;
    assign msip_o  = msip_q;
    genvar g;
    generate
        for (g = 0; g < NH; g = g + 1) begin : gen_mtip
            assign mtip_o[g] = mtime_q >= mtimecmp_q[64*g +: 64];
        end
    endgenerate
endmodule
