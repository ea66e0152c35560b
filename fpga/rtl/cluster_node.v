// cluster_node -- one cluster's memory side: the local interconnect of its
// harts, its RAM bank (u_ram, loaded by the harness), the bank controller
// and the harts' ports onto the global interconnect.  (The harts
// themselves are instantiated in soc_top, gen_hart[h]; this module sees
// their memory ports.)
//
// A hart's request to this cluster's bank goes straight to the bank's
// arbiter: performed in the cycle it is offered if granted, response one
// cycle later (local load: 1 cycle).  Any other address goes to the hart's
// noc_port (REMOTE_LATENCY cycles), then to soc_fabric, which routes it to
// another cluster's bank (r_* inputs of that cluster) or to the device bus.
// The bank's arbiter is round-robin over HPC local harts + NH global ports.
// The response (rsp_*) goes out one cycle after the perform cycle, tagged
// with the hart id; soc_fabric routes it to the hart.
//
// EXT_RAM = 0: the bank's RAM is u_ram (cluster_ram, block RAM); the ram_*
// ports are unused (outputs 0).  EXT_RAM = 1 (a board top that keeps the
// banks elsewhere, fpga/boards/ulx3s/README.md): there is no u_ram; the
// bank controller's RAM port goes out on ram_en_o .. ram_rdata_i with
// cluster_ram's contract (rdata one cycle after an enabled cycle), and the
// arbiter's look-ahead goes with it: ram_peek_valid_o / ram_peek_addr_o is
// the request the round-robin picks this cycle (granted now unless the bank
// is busy or held), and ram_hold_i, like cluster_bank's busy_o, keeps the
// grant back (a cache fetching the peeked line: the request waits in
// arbitration, and once granted it is performed in one cycle as always).
module cluster_node #(
    parameter integer CLUSTER_ID = 0,
    parameter integer CLUSTERS   = 1,
    parameter integer HPC        = 1,             // harts per cluster
    parameter [63:0]  MEM        = 64'h1_0000,    // bank bytes
    parameter integer LATENCY    = 8,             // REMOTE_LATENCY
    parameter integer EXT_RAM    = 0,             // 1: the RAM is outside (ram_* ports)
    parameter integer NH         = CLUSTERS * HPC,
    parameter integer HW         = (NH > 1) ? $clog2(NH) : 1,
    parameter integer RAW        = $clog2(MEM) - 3  // RAM word address bits
) (
    input  logic              clk_i,
    input  logic              rst_ni,
    // this cluster's harts' memory ports (request side)
    input  logic [HPC-1:0]    req_valid_i,
    output logic [HPC-1:0]    req_ready_o,
    input  logic [4*HPC-1:0]  req_cmd_i,
    input  logic [64*HPC-1:0] req_addr_i,
    input  logic [2*HPC-1:0]  req_size_i,
    input  logic [64*HPC-1:0] req_wdata_i,
    // this cluster's harts' global ports (out of the cluster)
    output logic [HPC-1:0]    g_valid_o,
    input  logic [HPC-1:0]    g_ready_i,
    output logic [4*HPC-1:0]  g_cmd_o,
    output logic [64*HPC-1:0] g_addr_o,
    output logic [2*HPC-1:0]  g_size_o,
    output logic [64*HPC-1:0] g_wdata_o,
    // every hart's global port, r_valid_i[h] when it targets this bank
    input  logic [NH-1:0]     r_valid_i,
    output logic [NH-1:0]     r_ready_o,
    input  logic [4*NH-1:0]   r_cmd_i,
    input  logic [64*NH-1:0]  r_addr_i,
    input  logic [2*NH-1:0]   r_size_i,
    input  logic [64*NH-1:0]  r_wdata_i,
    // the bank's response
    output logic              rsp_valid_o,
    output logic [HW-1:0]     rsp_hart_o,
    output logic [63:0]       rsp_rdata_o,
    // the RAM outside (EXT_RAM = 1), see above
    output logic              ram_en_o,
    output logic [7:0]        ram_we_o,
    output logic [RAW-1:0]    ram_addr_o,
    output logic [63:0]       ram_wdata_o,
    input  logic [63:0]       ram_rdata_i,
    output logic              ram_peek_valid_o,
    output logic [RAW-1:0]    ram_peek_addr_o,
    input  logic              ram_hold_i
);
`include "soc_defs.vh"
    localparam integer AW    = $clog2(MEM);          // byte offset bits
    localparam integer NIN   = HPC + NH;             // arbiter inputs
    localparam integer IW    = (NIN > 1) ? $clog2(NIN) : 1;
    localparam [63:0]  BASE  = SOC_RAM_BASE + CLUSTER_ID * MEM;

    // ---- local decode: this bank, or the global port ----
    logic [HPC-1:0] local_hit, port_valid, port_ready;
    genvar j;
    generate
        for (j = 0; j < HPC; j = j + 1) begin : gen_local
            logic [63:0] a;
            assign a = req_addr_i[64*j +: 64];
            assign local_hit[j]  = a[63:AW] == BASE[63:AW];      // MEM a power of two
            assign port_valid[j] = req_valid_i[j] && !local_hit[j];
            noc_port #(.LATENCY(LATENCY)) u_port (
                .clk_i(clk_i), .rst_ni(rst_ni),
                .in_valid_i(port_valid[j]), .in_ready_o(port_ready[j]),
                .in_cmd_i(req_cmd_i[4*j +: 4]), .in_addr_i(a),
                .in_size_i(req_size_i[2*j +: 2]), .in_wdata_i(req_wdata_i[64*j +: 64]),
                .out_valid_o(g_valid_o[j]), .out_ready_i(g_ready_i[j]),
                .out_cmd_o(g_cmd_o[4*j +: 4]), .out_addr_o(g_addr_o[64*j +: 64]),
                .out_size_o(g_size_o[2*j +: 2]), .out_wdata_o(g_wdata_o[64*j +: 64]));
        end
    endgenerate

    // ---- the bank's arbiter: local harts 0..HPC-1, then global ports ----
    logic [NIN-1:0] arb_req, arb_gnt;
    logic           arb_valid, bank_busy, ram_hold;
    logic [IW-1:0]  arb_idx;
    assign arb_req = {r_valid_i, req_valid_i & local_hit};

    noc_arbiter #(.N(NIN), .IW(IW)) u_arb (
        .clk_i(clk_i), .rst_ni(rst_ni), .req_i(arb_req), .en_i(!bank_busy && !ram_hold),
        .gnt_o(arb_gnt), .gnt_valid_o(arb_valid), .gnt_idx_o(arb_idx));

    assign req_ready_o = (arb_gnt[HPC-1:0] & local_hit) | (port_ready & ~local_hit);
    assign r_ready_o   = arb_gnt[NIN-1:HPC];

    // ---- the granted request (AND-OR mux over the one-hot grant) ----
    logic [3:0]    sel_cmd;
    logic [63:0]   sel_addr, sel_wdata;
    logic [1:0]    sel_size;
    logic [HW-1:0] sel_hart;
    integer i;
    always_comb begin
        sel_cmd = '0; sel_addr = '0; sel_wdata = '0; sel_size = '0; sel_hart = '0;
        for (i = 0; i < HPC; i = i + 1) if (arb_gnt[i]) begin
            sel_cmd   = sel_cmd   | req_cmd_i[4*i +: 4];
            sel_addr  = sel_addr  | req_addr_i[64*i +: 64];
            sel_size  = sel_size  | req_size_i[2*i +: 2];
            sel_wdata = sel_wdata | req_wdata_i[64*i +: 64];
            sel_hart  = sel_hart  | HW'(CLUSTER_ID * HPC + i);
        end
        for (i = 0; i < NH; i = i + 1) if (arb_gnt[HPC + i]) begin
            sel_cmd   = sel_cmd   | r_cmd_i[4*i +: 4];
            sel_addr  = sel_addr  | r_addr_i[64*i +: 64];
            sel_size  = sel_size  | r_size_i[2*i +: 2];
            sel_wdata = sel_wdata | r_wdata_i[64*i +: 64];
            sel_hart  = sel_hart  | HW'(i);
        end
    end

    // ---- bank controller and RAM ----
    logic          ram_en;
    logic [7:0]    ram_we;
    logic [AW-4:0] ram_addr;
    logic [63:0]   ram_wdata, ram_rdata;
    logic [63:0]   sel_off;
    assign sel_off = {BASE[63:AW], sel_addr[AW-1:0]} ^ BASE;   // = sel_addr - BASE for a bank hit

    cluster_bank #(.NH(NH), .HW(HW), .AW(AW)) u_bank (
        .clk_i(clk_i), .rst_ni(rst_ni),
        .req_valid_i(arb_valid), .req_cmd_i(sel_cmd), .req_addr_i(sel_off[AW-1:0]),
        .req_size_i(sel_size), .req_wdata_i(sel_wdata), .req_hart_i(sel_hart),
        .busy_o(bank_busy),
        .ram_en_o(ram_en), .ram_we_o(ram_we), .ram_addr_o(ram_addr),
        .ram_wdata_o(ram_wdata), .ram_rdata_i(ram_rdata),
        .rsp_valid_o(rsp_valid_o), .rsp_hart_o(rsp_hart_o), .rsp_rdata_o(rsp_rdata_o));

    generate
        if (EXT_RAM == 0) begin : gen_ram
            cluster_ram #(.WORDS(MEM / 8), .AW(AW - 3)) u_ram (
                .clk_i(clk_i), .en_i(ram_en), .we_i(ram_we), .addr_i(ram_addr),
                .wdata_i(ram_wdata), .rdata_o(ram_rdata));
            assign ram_hold         = 1'b0;
            assign ram_en_o         = 1'b0;
            assign ram_we_o         = 8'd0;
            assign ram_addr_o       = '0;
            assign ram_wdata_o      = 64'd0;
            assign ram_peek_valid_o = 1'b0;
            assign ram_peek_addr_o  = '0;
            logic unused_ext;
            assign unused_ext = &{1'b0, ram_rdata_i, ram_hold_i, arb_idx};
        end else begin : gen_ext_ram
            // the look-ahead: the address of the request at arb_idx (the one
            // the round-robin picks; arb_idx does not depend on en_i)
            logic [63:0] peek_addr, peek_off;
            integer p;
            always_comb begin
                peek_addr = r_addr_i[63:0];
                for (p = 0; p < HPC; p = p + 1)
                    if (arb_idx == IW'(p)) peek_addr = req_addr_i[64*p +: 64];
                for (p = 0; p < NH; p = p + 1)
                    if (arb_idx == IW'(HPC + p)) peek_addr = r_addr_i[64*p +: 64];
            end
            assign peek_off         = {BASE[63:AW], peek_addr[AW-1:0]} ^ BASE;
            assign ram_hold         = ram_hold_i;
            assign ram_en_o         = ram_en;
            assign ram_we_o         = ram_we;
            assign ram_addr_o       = ram_addr;
            assign ram_wdata_o      = ram_wdata;
            assign ram_rdata        = ram_rdata_i;
            assign ram_peek_valid_o = arb_req != '0;
            assign ram_peek_addr_o  = peek_off[AW-1:3];
            logic unused_ext;
            assign unused_ext = &{1'b0, peek_off[63:AW], peek_off[2:0], peek_addr[63:AW]};
        end
    endgenerate

    logic unused;
    assign unused = &{1'b0, sel_off[63:AW]};
endmodule
