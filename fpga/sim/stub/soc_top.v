// soc_top.v (stub) -- the ports of fpga/README.md's soc_top and RAM/ROM
// arrays at the documented places, nothing else.  Only for building and
// smoke-testing the harness before the real SoC exists (make sim-stub); the
// harness's tests never run on it.
module soc_top #(
    parameter integer CLUSTERS = 1,
    parameter integer HARTS_PER_CLUSTER = 1,
    parameter [63:0] MEM_PER_CLUSTER = 64'h0100_0000,
    parameter integer REMOTE_LATENCY = 8,
    parameter integer MTIME_DIV = 5,
    parameter BOOTROM_HEX = ""
) (
    input  wire clk_i,
    input  wire rst_ni,
    output wire uart_tx_valid_o,
    output wire [7:0] uart_tx_data_o,
    input  wire uart_tx_ready_i,
    input  wire uart_rx_valid_i,
    input  wire [7:0] uart_rx_data_i,
    output wire uart_rx_ready_o,
    output wire finish_valid_o,
    output wire [15:0] finish_code_o,
    output wire finish_reset_o,
    output wire [63:0] mtime_o,
    output wire [NH-1:0] rvfi_valid,
    output wire [NH*64-1:0] rvfi_order,
    output wire [NH-1:0] rvfi_trap,
    output wire [NH-1:0] rvfi_intr,
    output wire [NH*2-1:0] rvfi_mode,
    output wire [NH*32-1:0] rvfi_insn,
    output wire [NH-1:0] rvfi_len,
    output wire [NH*64-1:0] rvfi_pc_rdata,
    output wire [NH*64-1:0] rvfi_pc_wdata,
    output wire [NH*5-1:0] rvfi_rs1_addr,
    output wire [NH*5-1:0] rvfi_rs2_addr,
    output wire [NH*64-1:0] rvfi_rs1_rdata,
    output wire [NH*64-1:0] rvfi_rs2_rdata,
    output wire [NH*5-1:0] rvfi_rd_addr,
    output wire [NH*64-1:0] rvfi_rd_wdata,
    output wire [NH-1:0] rvfi_csr_we,
    output wire [NH*12-1:0] rvfi_csr_addr,
    output wire [NH*64-1:0] rvfi_csr_wdata,
    output wire [NH*64-1:0] rvfi_mem_addr,
    output wire [NH*8-1:0] rvfi_mem_rmask,
    output wire [NH*8-1:0] rvfi_mem_wmask,
    output wire [NH*64-1:0] rvfi_mem_rdata,
    output wire [NH*64-1:0] rvfi_mem_wdata,
    output wire [NH*64-1:0] rvfi_cause,
    output wire [NH*64-1:0] rvfi_tval
);
    localparam integer NH = CLUSTERS * HARTS_PER_CLUSTER;
    reg [63:0] mtime_q;
    always @(posedge clk_i) mtime_q <= rst_ni ? mtime_q + 64'd1 : 64'd0;
    assign mtime_o = mtime_q;
    assign {uart_tx_valid_o, uart_tx_data_o, uart_rx_ready_o} = 10'd0;
    assign {finish_valid_o, finish_code_o, finish_reset_o} = 18'd0;
    assign {rvfi_valid, rvfi_order, rvfi_trap, rvfi_intr, rvfi_mode, rvfi_insn, rvfi_len, rvfi_pc_rdata,
            rvfi_pc_wdata, rvfi_rs1_addr, rvfi_rs2_addr, rvfi_rs1_rdata, rvfi_rs2_rdata, rvfi_rd_addr,
            rvfi_rd_wdata, rvfi_csr_we, rvfi_csr_addr, rvfi_csr_wdata, rvfi_mem_addr, rvfi_mem_rmask,
            rvfi_mem_wmask, rvfi_mem_rdata, rvfi_mem_wdata, rvfi_cause, rvfi_tval} = '0;
    stub_fabric #(.CLUSTERS(CLUSTERS), .WORDS(MEM_PER_CLUSTER / 8)) u_fabric (.clk_i(clk_i));
endmodule

module stub_fabric #(parameter integer CLUSTERS = 1, parameter [63:0] WORDS = 1) (input wire clk_i);
    genvar c;
    generate for (c = 0; c < CLUSTERS; c = c + 1) begin : gen_cluster
        stub_cluster #(.WORDS(WORDS)) u_cluster (.clk_i(clk_i));
    end endgenerate
    stub_rom u_rom (.clk_i(clk_i));
endmodule

module stub_cluster #(parameter [63:0] WORDS = 1) (input wire clk_i);
    cluster_ram #(.WORDS(WORDS)) u_ram (.clk_i(clk_i));
endmodule

module cluster_ram #(parameter [63:0] WORDS = 1) (input wire clk_i);
    reg [63:0] mem [0:WORDS-1];
endmodule

module stub_rom (input wire clk_i);
    reg [63:0] mem [0:511];
endmodule
