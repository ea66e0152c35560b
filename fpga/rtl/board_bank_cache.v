// board_bank_cache -- the RAM of one cluster's bank on the board: a
// direct-mapped, write-back cache in block RAM in front of the bank's
// region of the shared SDRAM.  A drop-in for cluster_ram (same port, same
// one-cycle synchronous read) plus a look-ahead port that holds the bank's
// arbiter while a line is brought in.
//
// Why this keeps the SoC's ordering rule (fpga/README.md): a request is
// still *performed* in the one cycle its arbiter grants it, and its
// response still leaves the bank the fixed number of cycles later, because
// a granted request always hits.  A miss is served BEFORE the grant: the
// arbiter shows the request it is about to grant on peek_valid_i /
// peek_addr_i; if its line is not here, hold_o (combinational, like
// cluster_bank's busy_o) keeps the grant back while the cache writes the
// victim line back (if dirty) and reads the new line from SDRAM.  To the
// harts and to the co-simulation a miss looks like a longer arbitration
// wait: nothing the checker compares changes.
//
// Why it stays coherent: the cache of bank c holds only lines of bank c and
// every access to bank c -- from its own cluster or, REMOTE_LATENCY later,
// from another -- goes through bank c's arbiter, so each line has one copy.
// AMOs and LR/SC reservations stay in cluster_bank, untouched.
//
// Contract:
//   en_i, we_i, addr_i, wdata_i -> rdata_o: as cluster_ram (rdata_o is the
//     word at the address of the previous enabled cycle).  An enabled access
//     must hit: miss_o flags one that does not (an integration error: the
//     peek was not the granted request).
//   peek_valid_i, peek_addr_i: the request the arbiter grants this cycle if
//     hold_o is low.  hold_o is high while a line is being replaced, in
//     the cycle a peeked line is found missing, and for the 2^SET_BITS
//     cycles after reset in which the tags are cleared.
//   A replacement starts only in a cycle where en_i is low, so the RAM's
//   single port is the cache's alone until it ends (an AMO's write-back
//   cycle always follows its grant, with en_i high, so it is never cut).
//   SDRAM side: the sdram_ctrl user port (through board_sdram_arb when the
//   banks share the chip); line = LINE_WORDS consecutive 64-bit words at
//   SD_BASE + bank word address.
module board_bank_cache #(
    parameter integer      AW         = 21,        // bank word address bits (16 MiB)
    parameter integer      SET_BITS   = 8,         // 256 lines
    parameter integer      LINE_BITS  = 3,         // 8 words = 64 bytes per line
    parameter logic [21:0] SD_BASE    = 22'h0      // the bank's first SDRAM word
) (
    input  logic          clk_i,
    input  logic          rst_ni,

    input  logic          en_i,
    input  logic [7:0]    we_i,
    input  logic [AW-1:0] addr_i,
    input  logic [63:0]   wdata_i,
    output logic [63:0]   rdata_o,
    output logic          miss_o,

    input  logic          peek_valid_i,
    input  logic [AW-1:0] peek_addr_i,
    output logic          hold_o,

    output logic          sd_valid_o,
    input  logic          sd_ready_i,
    output logic [21:0]   sd_addr_o,
    output logic          sd_we_o,
    output logic [63:0]   sd_wdata_o,
    output logic [7:0]    sd_wmask_o,
    input  logic          sd_rsp_valid_i,
    input  logic [63:0]   sd_rsp_rdata_i,

    output logic [31:0]   misses_o          // lines brought in since reset
);
    localparam integer SETS   = 1 << SET_BITS;
    localparam integer TAG_W  = AW - SET_BITS - LINE_BITS;
    localparam integer LWORDS = 1 << LINE_BITS;
    localparam integer DAW    = SET_BITS + LINE_BITS;     // data RAM word address bits

    localparam logic [2:0] S_IDLE   = 3'd0;
    localparam logic [2:0] S_WB_RD  = 3'd1;   // read a victim word from the data RAM
    localparam logic [2:0] S_WB_WR  = 3'd2;   // write it to SDRAM
    localparam logic [2:0] S_FILL   = 3'd3;   // read the new line from SDRAM
    localparam logic [2:0] S_CLEAR  = 3'd4;   // after reset: every line invalid

    // ---- tags: {valid, dirty, tag} per set, in distributed RAM (asynchronous
    // reads for the look-ahead and for the access; one write per cycle: the
    // clearing sweep after reset, a fill's end, or a store marking its line
    // dirty -- never two at once, since stores are granted only while no
    // replacement runs)
    localparam integer MW = TAG_W + 2;
    logic [MW-1:0] meta_q [0:SETS-1];

    /* verilator lint_off UNUSEDSIGNAL */
    function automatic logic [SET_BITS-1:0] set_of(input logic [AW-1:0] a);
        set_of = a[LINE_BITS +: SET_BITS];
    endfunction
    function automatic logic [TAG_W-1:0] tag_of(input logic [AW-1:0] a);
        tag_of = a[AW-1 -: TAG_W];
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    logic [MW-1:0] peek_meta, en_meta;
    logic          peek_hit, en_hit;
    assign peek_meta = meta_q[set_of(peek_addr_i)];
    assign en_meta   = meta_q[set_of(addr_i)];
    assign peek_hit  = peek_meta[MW-1] && peek_meta[TAG_W-1:0] == tag_of(peek_addr_i);
    assign en_hit    = en_meta[MW-1] && en_meta[TAG_W-1:0] == tag_of(addr_i);
    assign miss_o    = en_i && !en_hit;

    // ---- replacement state -------------------------------------------------------
    logic [2:0]           state_q;
    logic [SET_BITS-1:0]  set_q;          // the set being replaced / cleared
    logic [TAG_W-1:0]     new_tag_q, old_tag_q;
    logic [LINE_BITS:0]   issued_q;       // words asked for / written back
    logic [LINE_BITS:0]   filled_q;       // words received
    logic [31:0]          misses_q;

    logic start;
    assign start  = (state_q == S_IDLE) && peek_valid_i && !peek_hit && !en_i;
    assign hold_o = (state_q != S_IDLE) || (peek_valid_i && !peek_hit);

    // ---- the data RAM: one port, the bank's or (during a replacement) ours ------
    logic [63:0]    data_q [0:(1 << DAW)-1];
    logic           ram_en;
    logic [7:0]     ram_we;
    logic [DAW-1:0] ram_addr;
    logic [63:0]    ram_wdata;

    always_comb begin
        ram_en    = en_i;
        ram_we    = en_i ? we_i : 8'h00;
        ram_addr  = addr_i[DAW-1:0];
        ram_wdata = wdata_i;
        if (state_q == S_WB_RD) begin
            ram_en   = 1'b1;
            ram_we   = 8'h00;
            ram_addr = {set_q, issued_q[LINE_BITS-1:0]};
        end else if (state_q == S_FILL) begin
            ram_en    = sd_rsp_valid_i;
            ram_we    = 8'hFF;
            ram_addr  = {set_q, filled_q[LINE_BITS-1:0]};
            ram_wdata = sd_rsp_rdata_i;
        end
    end

    integer b;
    always_ff @(posedge clk_i) begin
        if (ram_en) begin
            for (b = 0; b < 8; b = b + 1)
                if (ram_we[b]) data_q[ram_addr][8*b +: 8] <= ram_wdata[8*b +: 8];
            rdata_o <= data_q[ram_addr];
        end
    end

    // ---- the tag RAM's one write port -------------------------------------------------
    logic                fill_end;
    logic                meta_we;
    logic [SET_BITS-1:0] meta_set;
    logic [MW-1:0]       meta_wdata;
    assign fill_end = (state_q == S_FILL) && sd_rsp_valid_i &&
                      (filled_q == (LINE_BITS + 1)'(LWORDS - 1));
    always_comb begin
        meta_we    = 1'b0;
        meta_set   = set_of(addr_i);
        meta_wdata = {2'b11, tag_of(addr_i)};          // a store: valid, dirty
        if (state_q == S_CLEAR) begin
            meta_we = 1'b1; meta_set = set_q; meta_wdata = '0;
        end else if (fill_end) begin
            meta_we = 1'b1; meta_set = set_q; meta_wdata = {2'b10, new_tag_q};
        end else if (en_i && we_i != 8'h00) begin
            meta_we = 1'b1;
        end
    end
    always_ff @(posedge clk_i) if (meta_we) meta_q[meta_set] <= meta_wdata;

    // ---- SDRAM requests -------------------------------------------------------------
    assign sd_valid_o = (state_q == S_WB_WR) || (state_q == S_FILL && !issued_q[LINE_BITS]);
    assign sd_we_o    = (state_q == S_WB_WR);
    assign sd_addr_o  = SD_BASE + 22'({(state_q == S_WB_WR) ? old_tag_q : new_tag_q, set_q,
                                       issued_q[LINE_BITS-1:0]});
    assign sd_wdata_o = rdata_o;        // the victim word read in S_WB_RD
    assign sd_wmask_o = 8'hFF;
    assign misses_o   = misses_q;

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            state_q  <= S_CLEAR;
            set_q    <= '0;
            misses_q <= '0;
        end else begin
            case (state_q)
                S_CLEAR: begin
                    set_q <= set_q + 1'b1;
                    if (set_q == SET_BITS'(SETS - 1)) state_q <= S_IDLE;
                end
                S_IDLE: if (start) begin
                    set_q     <= set_of(peek_addr_i);
                    new_tag_q <= tag_of(peek_addr_i);
                    old_tag_q <= peek_meta[TAG_W-1:0];
                    issued_q  <= '0;
                    filled_q  <= '0;
                    misses_q  <= misses_q + 1'b1;
                    state_q   <= (peek_meta[MW-1] && peek_meta[MW-2]) ? S_WB_RD : S_FILL;
                end
                S_WB_RD: state_q <= S_WB_WR;
                S_WB_WR: if (sd_ready_i) begin
                    if (issued_q == (LINE_BITS + 1)'(LWORDS - 1)) begin
                        issued_q <= '0;
                        state_q  <= S_FILL;
                    end else begin
                        issued_q <= issued_q + 1'b1;
                        state_q  <= S_WB_RD;
                    end
                end
                S_FILL: begin
                    if (sd_valid_o && sd_ready_i) issued_q <= issued_q + 1'b1;
                    if (sd_rsp_valid_i) filled_q <= filled_q + 1'b1;
                    if (fill_end) state_q <= S_IDLE;
                end
                default: state_q <= S_IDLE;
            endcase
        end
    end
endmodule
