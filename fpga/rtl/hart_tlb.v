// hart_tlb -- a small direct-mapped Sv39 TLB (one for fetches, one for data).
//
// An entry maps one 4 KiB virtual page (vpn, 27 bits) to one 4 KiB physical
// page: a superpage is entered page by page, each with the physical page
// the walker computed for that vpn, so no level is stored.  perm holds the
// leaf's D U X W R bits (A was 1, or the walker would not have filled it);
// the core re-checks them against the current privilege, SUM and MXR on
// every hit, so entries need no context tag.  No ASID: flush_i (satp
// write, sfence.vma) invalidates every entry, which the spec allows.
//
// Lookup is combinational (index vpn[IDX-1:0]); fill_i writes at the clock
// edge.  The tag/data array has one write and one asynchronous read port,
// so yosys maps it to distributed RAM (ECP5 DPR16X4); valid bits are flops.
module hart_tlb #(
    parameter integer IDX = 4            // 2**IDX entries
) (
    input  logic        clk_i,
    input  logic        rst_ni,
    input  logic        flush_i,
    input  logic [26:0] vpn_i,
    output logic        hit_o,
    output logic [43:0] ppn_o,
    output logic [4:0]  perm_o,          // D U X W R
    input  logic        fill_i,
    input  logic [26:0] fill_vpn_i,
    input  logic [43:0] fill_ppn_i,
    input  logic [4:0]  fill_perm_i
);
    localparam integer N = 1 << IDX;
    localparam integer TAGW = 27 - IDX;
    localparam integer W = TAGW + 44 + 5;

    logic [N-1:0] valid_q;
    logic [W-1:0] ent_q [0:N-1];
    logic [W-1:0] ent;

    assign ent    = ent_q[vpn_i[IDX-1:0]];
    assign hit_o  = valid_q[vpn_i[IDX-1:0]] && ent[W-1 -: TAGW] == vpn_i[26:IDX];
    assign ppn_o  = ent[48:5];
    assign perm_o = ent[4:0];

    always_ff @(posedge clk_i) begin
        if (fill_i) ent_q[fill_vpn_i[IDX-1:0]] <= {fill_vpn_i[26:IDX], fill_ppn_i, fill_perm_i};
    end

    always_ff @(posedge clk_i) begin
        if (!rst_ni || flush_i) valid_q <= {N{1'b0}};
        else if (fill_i) valid_q[fill_vpn_i[IDX-1:0]] <= 1'b1;
    end
endmodule
