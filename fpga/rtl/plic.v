// plic -- the platform-level interrupt controller at SOC_PLIC_BASE
// (sifive,plic-1.0.0 in QEMU virt's layout; tools/iss/dev.c plic_access):
// sources 1..NSRC-1, contexts 2h (M) and 2h+1 (S) of hart h.
//
//   0x000000 + 4s            priority of source s (3 bits, WARL)
//   0x001000 + 4w            pending word w (read-only)
//   0x002000 + 0x80c + 4w    enable word w of context c
//   0x200000 + 0x1000c       threshold of context c (3 bits, WARL)
//   0x200004 + 0x1000c       claim (read) / complete (write)
//
// 32-bit accesses only (others: access fault); unimplemented registers
// read 0 and ignore writes.  Gateways are level-triggered as the model's:
// pending[s] = irq_src_i[s] && !claimed[s].  A context's best source is the
// pending, enabled one of highest priority above the threshold, the lowest
// number on a tie; eip_o[c] = there is one.  A claim returns it (0 if none)
// and marks it claimed; a complete of s < NSRC clears claimed[s].
//
// A device of soc_devbus: performed in the req_valid_i cycle, rsp_rdata_o
// and rsp_err_o the next cycle.
module plic #(
    parameter integer NH   = 1,
    parameter integer NSRC = 96              // sources 0..NSRC-1, 0 = none
) (
    input  logic            clk_i,
    input  logic            rst_ni,
    input  logic [NSRC-1:0] irq_src_i,       // levels; bit 0 unused
    input  logic            req_valid_i,
    input  logic            req_we_i,
    input  logic [25:0]     req_addr_i,
    input  logic [1:0]      req_size_i,
    input  logic [31:0]     req_wdata_i,
    output logic [31:0]     rsp_rdata_o,
    output logic            rsp_err_o,
    output logic [2*NH-1:0] eip_o            // context c's interrupt line
);
    localparam integer NCTX = 2 * NH;
    localparam integer NW   = (NSRC + 31) / 32;   // 32-bit words of source bits
    localparam integer SW   = $clog2(NSRC);

    logic [3*NSRC-1:0]    prio_q;
    logic [32*NW*NCTX-1:0] enable_q;              // context c, word w at [32*(NW*c + w) +: 32]
    logic [3*NCTX-1:0]    thresh_q;
    logic [NSRC-1:0]      claimed_q;
    logic [32*NW-1:0]     pending;
    logic [SW*NCTX-1:0]   best;                   // best source of each context

    always_comb begin
        pending = '0;
        pending[NSRC-1:0] = irq_src_i & ~claimed_q;
        pending[0] = 1'b0;
    end

    // A context's best source: a binary tree of comparisons over the sources
    // (heap order: node k has children 2k and 2k+1, leaf s is node NL + s).
    // Each node keeps the better of its two children: the right one (higher
    // source numbers) only when its priority is strictly greater, so a tie
    // goes to the lowest number.  A leaf is valid when its source is pending,
    // enabled in the context and above the context's threshold.  log2(NSRC)
    // comparator levels instead of a chain of NSRC; and since each node is
    // its own assignment, sources tied to 0 (irq_src_i bits no device
    // drives) fold away in synthesis and in Verilator alike.
    localparam integer NL = 1 << SW;              // leaves, NSRC rounded up to a power of two

    genvar c, k;
    generate
        for (c = 0; c < NCTX; c = c + 1) begin : gen_ctx
            // split_var: Verilator keeps each node a variable of its own, so the
            // tree is not seen as a loop through one vector (UNOPTFLAT).
            logic [2*NL-1:0]    nv /* verilator split_var */;   // node valid
            logic [3*2*NL-1:0]  np /* verilator split_var */;   // node priority
            logic [SW*2*NL-1:0] ns /* verilator split_var */;   // node source number
            for (k = 0; k < NL; k = k + 1) begin : gen_leaf
                if (k > 0 && k < NSRC) begin : gen_src
                    assign nv[NL + k] = pending[k] && enable_q[32*NW*c + k] &&
                                        prio_q[3*k +: 3] > thresh_q[3*c +: 3];
                    assign np[3*(NL + k) +: 3] = prio_q[3*k +: 3];
                end else begin : gen_none
                    assign nv[NL + k] = 1'b0;
                    assign np[3*(NL + k) +: 3] = 3'd0;
                end
                assign ns[SW*(NL + k) +: SW] = k[SW-1:0];
            end
            for (k = 1; k < NL; k = k + 1) begin : gen_node
                logic right;
                assign right = nv[2*k + 1] && (!nv[2*k] || np[3*(2*k + 1) +: 3] > np[3*(2*k) +: 3]);
                assign nv[k] = nv[2*k] || nv[2*k + 1];
                assign np[3*k +: 3]   = right ? np[3*(2*k + 1) +: 3]   : np[3*(2*k) +: 3];
                assign ns[SW*k +: SW] = right ? ns[SW*(2*k + 1) +: SW] : ns[SW*(2*k) +: SW];
            end
            assign nv[0] = 1'b0;                  // node 0 is not part of the tree
            assign np[2:0] = 3'd0;
            assign ns[SW-1:0] = '0;
            logic unused_node0;
            assign unused_node0 = ^{nv[0], np[5:0], ns[SW-1:0]};   // node 0; the root's priority
            assign best[SW*c +: SW] = nv[1] ? ns[SW +: SW] : '0;
            assign eip_o[c] = nv[1];
        end
    endgenerate

    // ---- decode ----
    logic        in_prio, in_pend, in_enable, in_ctx;
    logic [19:0] e_ctx;            // (off - 0x2000) / 0x80
    logic [13:0] t_ctx;            // (off - 0x200000) / 0x1000
    logic [4:0]  e_word;
    logic [9:0]  src;              // off / 4 in the priority area
    logic        is_thresh, is_claim;
    logic [SW-1:0] claim_src;
    logic [31:0] rdata;
    integer i, w, ci, fi, fw;

    assign in_prio   = req_addr_i < 26'h1000;
    assign in_pend   = req_addr_i >= 26'h1000 && req_addr_i < 26'h2000;
    assign in_enable = req_addr_i >= 26'h2000 && req_addr_i < 26'h200000;
    assign in_ctx    = req_addr_i >= 26'h200000;
    assign src       = req_addr_i[11:2];
    assign e_ctx     = 20'(({1'b0, req_addr_i} - 27'h2000) >> 7);
    assign e_word    = req_addr_i[6:2];
    assign t_ctx     = 14'(({1'b0, req_addr_i} - 27'h200000) >> 12);
    assign is_thresh = in_ctx && req_addr_i[11:0] == 12'd0 && {18'd0, t_ctx} < NCTX;
    assign is_claim  = in_ctx && req_addr_i[11:0] == 12'd4 && {18'd0, t_ctx} < NCTX;

    always_comb begin
        claim_src = '0;
        for (ci = 0; ci < NCTX; ci = ci + 1) if (t_ctx == ci[13:0]) claim_src = best[SW*ci +: SW];
    end

    always_comb begin
        rdata = 32'd0;
        if (in_prio && {22'd0, src} < NSRC) rdata = {29'd0, prio_q[3*src +: 3]};
        for (i = 0; i < NW; i = i + 1) if (in_pend && src == i[9:0]) rdata = pending[32*i +: 32];
        for (i = 0; i < NCTX; i = i + 1) for (w = 0; w < NW; w = w + 1)
            if (in_enable && e_ctx == i[19:0] && e_word == w[4:0]) rdata = enable_q[32*(NW*i + w) +: 32];
        for (i = 0; i < NCTX; i = i + 1) if (t_ctx == i[13:0] && is_thresh) rdata = {29'd0, thresh_q[3*i +: 3]};
        if (is_claim) rdata = {{(32-SW){1'b0}}, claim_src};
    end

    always_ff @(posedge clk_i) begin
        if (req_valid_i) begin
            rsp_err_o   <= req_size_i != 2'd2;
            rsp_rdata_o <= rdata;
        end
    end

    // ---- register writes, claim and complete ----
    logic wr, rd;
    assign wr = req_valid_i && req_we_i && req_size_i == 2'd2;
    assign rd = req_valid_i && !req_we_i && req_size_i == 2'd2;

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            prio_q    <= '0;
            enable_q  <= '0;
            thresh_q  <= '0;
            claimed_q <= '0;
        end else begin
            if (wr && in_prio && {22'd0, src} < NSRC) prio_q[3*src +: 3] <= req_wdata_i[2:0];
            for (fi = 0; fi < NCTX; fi = fi + 1) for (fw = 0; fw < NW; fw = fw + 1)
                if (wr && in_enable && e_ctx == fi[19:0] && e_word == fw[4:0])
                    enable_q[32*(NW*fi + fw) +: 32] <= req_wdata_i;
            for (fi = 0; fi < NCTX; fi = fi + 1)
                if (wr && is_thresh && t_ctx == fi[13:0]) thresh_q[3*fi +: 3] <= req_wdata_i[2:0];
            if (wr && is_claim && req_wdata_i < NSRC) claimed_q[req_wdata_i[SW-1:0]] <= 1'b0;
            if (rd && is_claim && claim_src != '0) claimed_q[claim_src] <= 1'b1;
        end
    end
endmodule
