// hart_tlb -- a small direct-mapped Sv39 TLB (one for fetches, one for data).
//
// An entry maps one 4 KiB virtual page (vpn, 27 bits) to one 4 KiB physical
// page: a superpage is entered page by page, each with the physical page
// the walker computed for that vpn, so no level is stored.  perm holds the
// leaf's D U X W R bits (A was 1, or the walker would not have filled it);
// the core re-checks them against the current privilege, SUM and MXR on
// every hit, so entries need no privilege tag.
//
// Address spaces (platform/fpga-soc/README.md, as tools/iss/mmu.c): an
// entry is tagged with the satp.ASID it was filled under (asid_i at the
// fill), or is global (the leaf's G bit); it hits only for that ASID, or
// for any if global.  A satp write therefore needs no flush.  sfence_i
// (sfence.vma) drops:
//   sfence_va_i = 0: every entry, or with sfence_asid_i those of ASID
//                    sfence_asid_val_i that are not global;
//   sfence_va_i = 1: the slot sfence_idx_i the page maps to (whichever page is
//                    there: one slot, no tag compare), with sfence_asid_i
//                    only if it belongs to that ASID and is not global.
//
// Lookup is combinational (index vpn[IDX-1:0]); fill_i writes at the clock
// edge.  The vpn tag / ppn / perm array has one write and one asynchronous
// read port, so yosys maps it to distributed RAM (ECP5 DPR16X4); the valid
// bits, ASIDs and global bits are flops, compared all at once by sfence.
module hart_tlb #(
    parameter integer IDX = 4,           // 2**IDX entries
    parameter integer ASIDW = 16         // satp.ASID bits
) (
    input  logic             clk_i,
    input  logic             rst_ni,
    input  logic [ASIDW-1:0] asid_i,          // satp.ASID now
    input  logic             sfence_i,
    input  logic             sfence_va_i,
    input  logic [IDX-1:0]   sfence_idx_i,    // slot of the page: its vpn's low bits
    input  logic             sfence_asid_i,
    input  logic [ASIDW-1:0] sfence_asid_val_i,
    input  logic [26:0]      vpn_i,
    output logic             hit_o,
    output logic [43:0]      ppn_o,
    output logic [4:0]       perm_o,          // D U X W R
    input  logic             fill_i,
    input  logic [26:0]      fill_vpn_i,
    input  logic [43:0]      fill_ppn_i,
    input  logic [4:0]       fill_perm_i,
    input  logic             fill_global_i
);
    localparam integer N = 1 << IDX;
    localparam integer TAGW = 27 - IDX;
    localparam integer W = TAGW + 44 + 5;

    logic [N-1:0]     valid_q, global_q;
    logic [ASIDW-1:0] asid_q [0:N-1];
    logic [W-1:0]     ent_q [0:N-1];
    logic [W-1:0]     ent;
    logic [IDX-1:0]   idx;

    assign idx    = vpn_i[IDX-1:0];
    assign ent    = ent_q[idx];
    assign hit_o  = valid_q[idx] && ent[W-1 -: TAGW] == vpn_i[26:IDX] &&
                    (global_q[idx] || asid_q[idx] == asid_i);
    assign ppn_o  = ent[48:5];
    assign perm_o = ent[4:0];

    always_ff @(posedge clk_i) begin
        if (fill_i) ent_q[fill_vpn_i[IDX-1:0]] <= {fill_vpn_i[26:IDX], fill_ppn_i, fill_perm_i};
    end

    // the entries an sfence drops
    logic [N-1:0] drop;
    integer i;
    always_comb begin
        for (i = 0; i < N; i = i + 1)
            drop[i] = sfence_i &&
                      (!sfence_va_i || sfence_idx_i == i[IDX-1:0]) &&
                      (!sfence_asid_i || (!global_q[i] && asid_q[i] == sfence_asid_val_i));
    end

    always_ff @(posedge clk_i) begin
        if (!rst_ni) valid_q <= {N{1'b0}};
        else begin
            valid_q <= valid_q & ~drop;
            if (fill_i) valid_q[fill_vpn_i[IDX-1:0]] <= 1'b1;
        end
    end

    always_ff @(posedge clk_i) begin
        if (fill_i) begin
            asid_q[fill_vpn_i[IDX-1:0]]   <= asid_i;
            global_q[fill_vpn_i[IDX-1:0]] <= fill_global_i;
        end
    end
endmodule
