// cluster_ram -- the RAM bank of one cluster: WORDS 64-bit words, one port,
// synchronous read (rdata_o is the word at the address of the previous
// enabled cycle), byte-enabled write.  Infers block RAM.
//
// The harness loads `mem` from C++ before reset (public array, path in
// fpga/README.md); there is no reset and no initial contents.
module cluster_ram #(
    parameter [63:0]  WORDS = 64'd8192,
    parameter integer AW    = 13          // word address bits, >= log2(WORDS)
) (
    input  logic          clk_i,
    input  logic          en_i,
    input  logic [7:0]    we_i,           // byte lanes to write (0: read)
    input  logic [AW-1:0] addr_i,         // word address
    input  logic [63:0]   wdata_i,
    output logic [63:0]   rdata_o
);
    logic [63:0] mem [0:WORDS-1] /* verilator public */;
    integer b;

    always_ff @(posedge clk_i) begin
        if (en_i) begin
            for (b = 0; b < 8; b = b + 1)
                if (we_i[b]) mem[addr_i][8*b +: 8] <= wdata_i[8*b +: 8];
            rdata_o <= mem[addr_i];
        end
    end
endmodule
