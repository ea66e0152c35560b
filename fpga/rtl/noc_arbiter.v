// noc_arbiter -- fair round-robin arbiter, N requesters, one grant a cycle.
//
// Used at every shared target of the SoC (a cluster's RAM bank, the device
// bus).  gnt_o is one-hot among req_i and combinational from req_i, en_i and
// the pointer; a grant is given only when en_i is high (the target can
// perform a request this cycle), and every grant is taken (the requester's
// ready is its grant bit).  After a grant to i the search starts at i + 1,
// so a requester that keeps req_i high waits at most N - 1 grants: no
// starvation.
module noc_arbiter #(
    parameter integer N  = 2,
    parameter integer IW = (N > 1) ? $clog2(N) : 1
) (
    input  logic          clk_i,
    input  logic          rst_ni,
    input  logic [N-1:0]  req_i,
    input  logic          en_i,
    output logic [N-1:0]  gnt_o,
    output logic          gnt_valid_o,
    output logic [IW-1:0] gnt_idx_o
);
    logic [IW-1:0] ptr_q;       // first index to consider this cycle
    logic          found_hi;    // a request at ptr_q or above
    logic [IW-1:0] idx_hi, idx_lo;
    integer i;

    // idx_hi: the lowest requesting index >= ptr_q; idx_lo: the lowest at all
    always_comb begin
        found_hi = 1'b0;
        idx_hi = '0;
        idx_lo = '0;
        for (i = N - 1; i >= 0; i = i - 1) begin
            if (req_i[i]) idx_lo = i[IW-1:0];
            if (req_i[i] && i[IW-1:0] >= ptr_q) begin
                idx_hi = i[IW-1:0];
                found_hi = 1'b1;
            end
        end
    end

    assign gnt_valid_o = en_i && (req_i != '0);
    assign gnt_idx_o   = found_hi ? idx_hi : idx_lo;
    assign gnt_o       = gnt_valid_o ? ({{(N-1){1'b0}}, 1'b1} << gnt_idx_o) : '0;

    always_ff @(posedge clk_i) begin
        if (!rst_ni) ptr_q <= '0;
        else if (gnt_valid_o) ptr_q <= (gnt_idx_o == IW'(N - 1)) ? '0 : gnt_idx_o + 1'b1;
    end
endmodule
