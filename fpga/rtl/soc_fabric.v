// soc_fabric -- the memory system of the SoC: the clusters (gen_cluster[c]
// .u_cluster: local interconnect + RAM bank, see cluster_node), the global
// interconnect between them, and the device bus master.
//
// Every hart's memory port comes in flattened (hart h = c * HPC + j in
// bits [h*W +: W]).  A hart's request to its own cluster's bank is served
// by that cluster; any other request leaves through the hart's noc_port
// (LATENCY = REMOTE_LATENCY cycles) and is routed here to the bank that
// holds the address (r_* of that cluster) or, when no bank does, to the
// device bus: one round-robin arbiter over all harts, one request
// performed a cycle (dev_valid_o, with everything in dev_*), whose result
// the device side gives back in the next cycle (dev_rdata_i, dev_err_i).
//
// Ordering rule (fpga/README.md): every target performs a request in one
// cycle and its response reaches the hart exactly one cycle later
// (registered at the bank / device, then combinational routing by hart id
// here), so a hart's response time is 1 cycle after perform whatever the
// target; remote banks and devices cost LATENCY more, on the request path.
module soc_fabric #(
    parameter integer CLUSTERS = 1,
    parameter integer HPC      = 1,
    parameter [63:0]  MEM      = 64'h1_0000,
    parameter integer LATENCY  = 8,
    parameter integer EXT_RAM  = 0,      // 1: the banks' RAM outside (cluster_node)
    parameter integer NH       = CLUSTERS * HPC,
    parameter integer HW       = (NH > 1) ? $clog2(NH) : 1,
    parameter integer RAW      = $clog2(MEM) - 3
) (
    input  logic             clk_i,
    input  logic             rst_ni,
    // the harts' memory ports
    input  logic [NH-1:0]    req_valid_i,
    output logic [NH-1:0]    req_ready_o,
    input  logic [4*NH-1:0]  req_cmd_i,
    input  logic [64*NH-1:0] req_addr_i,
    input  logic [2*NH-1:0]  req_size_i,
    input  logic [64*NH-1:0] req_wdata_i,
    output logic [NH-1:0]    rsp_valid_o,
    output logic [64*NH-1:0] rsp_rdata_o,
    output logic [NH-1:0]    rsp_err_o,
    // the device bus: performed in the dev_valid_o cycle, result next cycle
    output logic             dev_valid_o,
    output logic [3:0]       dev_cmd_o,
    output logic [63:0]      dev_addr_o,
    output logic [1:0]       dev_size_o,
    output logic [63:0]      dev_wdata_o,
    output logic [HW-1:0]    dev_hart_o,
    input  logic [63:0]      dev_rdata_i,
    input  logic             dev_err_i,
    // the banks' RAM ports when EXT_RAM = 1 (cluster c's in [c*W +: W])
    output logic [CLUSTERS-1:0]     ram_en_o,
    output logic [8*CLUSTERS-1:0]   ram_we_o,
    output logic [RAW*CLUSTERS-1:0] ram_addr_o,
    output logic [64*CLUSTERS-1:0]  ram_wdata_o,
    input  logic [64*CLUSTERS-1:0]  ram_rdata_i,
    output logic [CLUSTERS-1:0]     ram_peek_valid_o,
    output logic [RAW*CLUSTERS-1:0] ram_peek_addr_o,
    input  logic [CLUSTERS-1:0]     ram_hold_i
);
`include "soc_defs.vh"
    localparam integer AW = $clog2(MEM);   // MEM a power of two: a bank is BASE[63:AW]
    // the global ports of all harts
    logic [NH-1:0]    g_valid, g_ready, g_dev;
    logic [4*NH-1:0]  g_cmd;
    logic [64*NH-1:0] g_addr, g_wdata;
    logic [2*NH-1:0]  g_size;
    // per cluster: which global ports target its bank, which it granted
    logic [CLUSTERS*NH-1:0] r_valid, r_ready;     // cluster c's in [c*NH +: NH]
    logic [CLUSTERS-1:0] b_rsp_valid;
    logic [CLUSTERS*HW-1:0] b_rsp_hart;
    logic [CLUSTERS*64-1:0] b_rsp_rdata;

    genvar c, h;
    generate
        for (c = 0; c < CLUSTERS; c = c + 1) begin : gen_cluster
            localparam [63:0] BASE = SOC_RAM_BASE + c * MEM;
            for (h = 0; h < NH; h = h + 1) begin : gen_hit
                assign r_valid[c*NH + h] = g_valid[h] && g_addr[64*h + AW +: 64 - AW] == BASE[63:AW];
            end
            cluster_node #(.CLUSTER_ID(c), .CLUSTERS(CLUSTERS), .HPC(HPC), .MEM(MEM),
                           .LATENCY(LATENCY), .EXT_RAM(EXT_RAM), .NH(NH), .HW(HW), .RAW(RAW)) u_cluster (
                .clk_i(clk_i), .rst_ni(rst_ni),
                .req_valid_i(req_valid_i[c*HPC +: HPC]), .req_ready_o(req_ready_o[c*HPC +: HPC]),
                .req_cmd_i(req_cmd_i[4*c*HPC +: 4*HPC]), .req_addr_i(req_addr_i[64*c*HPC +: 64*HPC]),
                .req_size_i(req_size_i[2*c*HPC +: 2*HPC]), .req_wdata_i(req_wdata_i[64*c*HPC +: 64*HPC]),
                .g_valid_o(g_valid[c*HPC +: HPC]), .g_ready_i(g_ready[c*HPC +: HPC]),
                .g_cmd_o(g_cmd[4*c*HPC +: 4*HPC]), .g_addr_o(g_addr[64*c*HPC +: 64*HPC]),
                .g_size_o(g_size[2*c*HPC +: 2*HPC]), .g_wdata_o(g_wdata[64*c*HPC +: 64*HPC]),
                .r_valid_i(r_valid[c*NH +: NH]), .r_ready_o(r_ready[c*NH +: NH]),
                .r_cmd_i(g_cmd), .r_addr_i(g_addr), .r_size_i(g_size), .r_wdata_i(g_wdata),
                .rsp_valid_o(b_rsp_valid[c]), .rsp_hart_o(b_rsp_hart[c*HW +: HW]), .rsp_rdata_o(b_rsp_rdata[c*64 +: 64]),
                .ram_en_o(ram_en_o[c]), .ram_we_o(ram_we_o[8*c +: 8]), .ram_addr_o(ram_addr_o[RAW*c +: RAW]),
                .ram_wdata_o(ram_wdata_o[64*c +: 64]), .ram_rdata_i(ram_rdata_i[64*c +: 64]),
                .ram_peek_valid_o(ram_peek_valid_o[c]), .ram_peek_addr_o(ram_peek_addr_o[RAW*c +: RAW]),
                .ram_hold_i(ram_hold_i[c]));
        end
    endgenerate

    // ---- the device bus ----
    logic [NH-1:0] dev_gnt;
    logic          dev_any;
    logic [HW-1:0] dev_idx;
    logic          dev_rsp_q;
    logic [HW-1:0] dev_hart_q;
    integer i, k;

    always_comb begin
        for (i = 0; i < NH; i = i + 1) begin
            g_dev[i] = g_valid[i];
            for (k = 0; k < CLUSTERS; k = k + 1) if (r_valid[k*NH + i]) g_dev[i] = 1'b0;
        end
    end

    noc_arbiter #(.N(NH), .IW(HW)) u_dev_arb (
        .clk_i(clk_i), .rst_ni(rst_ni), .req_i(g_dev), .en_i(1'b1),
        .gnt_o(dev_gnt), .gnt_valid_o(dev_any), .gnt_idx_o(dev_idx));

    always_comb begin
        g_ready = dev_gnt;
        for (k = 0; k < CLUSTERS; k = k + 1) g_ready = g_ready | r_ready[k*NH +: NH];
        dev_cmd_o = '0; dev_addr_o = '0; dev_size_o = '0; dev_wdata_o = '0;
        for (i = 0; i < NH; i = i + 1) if (dev_gnt[i]) begin
            dev_cmd_o   = dev_cmd_o   | g_cmd[4*i +: 4];
            dev_addr_o  = dev_addr_o  | g_addr[64*i +: 64];
            dev_size_o  = dev_size_o  | g_size[2*i +: 2];
            dev_wdata_o = dev_wdata_o | g_wdata[64*i +: 64];
        end
    end
    assign dev_valid_o = dev_any;
    assign dev_hart_o  = dev_idx;

    always_ff @(posedge clk_i) begin
        if (!rst_ni) dev_rsp_q <= 1'b0;
        else dev_rsp_q <= dev_any;
        if (dev_any) dev_hart_q <= dev_idx;
    end

    // ---- responses: to the hart named by the bank / the device bus ----
    always_comb begin
        rsp_valid_o = '0;
        rsp_rdata_o = '0;
        rsp_err_o   = '0;
        for (i = 0; i < NH; i = i + 1) begin
            for (k = 0; k < CLUSTERS; k = k + 1)
                if (b_rsp_valid[k] && b_rsp_hart[k*HW +: HW] == HW'(i)) begin
                    rsp_valid_o[i] = 1'b1;
                    rsp_rdata_o[64*i +: 64] = rsp_rdata_o[64*i +: 64] | b_rsp_rdata[k*64 +: 64];
                end
            if (dev_rsp_q && dev_hart_q == HW'(i)) begin
                rsp_valid_o[i] = 1'b1;
                rsp_rdata_o[64*i +: 64] = rsp_rdata_o[64*i +: 64] | dev_rdata_i;
                rsp_err_o[i] = dev_err_i;
            end
        end
    end
endmodule
