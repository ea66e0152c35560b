// soc_finisher -- the `sifive,test1` finisher at SOC_TEST_BASE
// (platform/fpga-soc/README.md, tools/iss/dev.c bus_access): a store of 2
// bytes or more at offset 0 with low half 0x5555 = pass (code 0), 0x3333 =
// fail (code = bits 31:16), 0x7777 = reset.  Other stores and offsets do
// nothing; loads read 0; every width is accepted.
//
// finish_valid_o rises the cycle after the store is performed and stays up
// (with finish_code_o / finish_reset_o) until reset; the first write wins.
module soc_finisher (
    input  logic        clk_i,
    input  logic        rst_ni,
    input  logic        req_valid_i,
    input  logic        req_we_i,
    input  logic [11:0] req_addr_i,
    input  logic [1:0]  req_size_i,
    input  logic [31:0] req_wdata_i,
    output logic        finish_valid_o,
    output logic [15:0] finish_code_o,
    output logic        finish_reset_o
);
    logic hit;
    assign hit = req_valid_i && req_we_i && req_addr_i == 12'd0 && req_size_i != 2'd0 && !finish_valid_o;

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            finish_valid_o <= 1'b0;
            finish_code_o  <= 16'd0;
            finish_reset_o <= 1'b0;
        end else if (hit) begin
            case (req_wdata_i[15:0])
                16'h5555: begin
                    finish_valid_o <= 1'b1;
                    finish_code_o  <= 16'd0;
                end
                16'h3333: begin
                    finish_valid_o <= 1'b1;
                    finish_code_o  <= req_size_i == 2'd1 ? 16'd0 : req_wdata_i[31:16];
                end
                16'h7777: begin
                    finish_valid_o <= 1'b1;
                    finish_reset_o <= 1'b1;
                end
                default: ;
            endcase
        end
    end
endmodule
