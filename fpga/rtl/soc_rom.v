// soc_rom -- the boot ROM at SOC_ROM_BASE (4 KiB: 512 64-bit words,
// platform/fpga-soc/bootrom.S).  A device of the device bus (soc_devbus):
// a read performed in the req_valid_i cycle returns its bytes, zero-
// extended from req_size_i, in rsp_rdata_o the next cycle (synchronous
// read: block RAM).  Stores never get here (soc_devbus faults them).
//
// Contents: the harness writes `mem` from C++ before reset (public array,
// path TOP.soc_top.u_rom.mem); synthesis loads BOOTROM_HEX (one 64-bit
// word per line, word i = bytes 8i..8i+7 little-endian) with $readmemh.
module soc_rom #(
    parameter BOOTROM_HEX = "",
    parameter integer WORDS = 512
) (
    input  logic        clk_i,
    input  logic        req_valid_i,
    input  logic [11:0] req_addr_i,      // byte offset
    input  logic [1:0]  req_size_i,
    output logic [63:0] rsp_rdata_o
);
    logic [63:0] mem [0:WORDS-1] /* verilator public */;
    logic [63:0] word_q;
    logic [2:0]  off_q;
    logic [1:0]  size_q;
    logic [63:0] shifted;

    initial begin
        if (BOOTROM_HEX != "") $readmemh(BOOTROM_HEX, mem);
    end

    always_ff @(posedge clk_i) begin
        if (req_valid_i) begin
            word_q <= mem[req_addr_i[11:3]];
            off_q  <= req_addr_i[2:0];
            size_q <= req_size_i;
        end
    end

    assign shifted = word_q >> {off_q, 3'b000};
    always_comb begin
        case (size_q)
            2'd0: rsp_rdata_o = {56'd0, shifted[7:0]};
            2'd1: rsp_rdata_o = {48'd0, shifted[15:0]};
            2'd2: rsp_rdata_o = {32'd0, shifted[31:0]};
            default: rsp_rdata_o = shifted;
        endcase
    end
endmodule
