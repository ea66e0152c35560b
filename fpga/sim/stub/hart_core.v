// hart_core.v (stub) -- the ports of fpga/README.md's hart_core, nothing
// else: builds the hart harness (hart_main.cpp) before the hart exists.
module hart_core #(parameter [63:0] HART_ID = 0, parameter [63:0] BOOT_ADDR = 64'h1000) (
    input  wire clk_i, input wire rst_ni,
    output wire mem_req_valid_o, input wire mem_req_ready_i, output wire [3:0] mem_req_cmd_o,
    output wire [63:0] mem_req_addr_o, output wire [1:0] mem_req_size_o, output wire [63:0] mem_req_wdata_o,
    input  wire mem_rsp_valid_i, input wire [63:0] mem_rsp_rdata_i, input wire mem_rsp_err_i,
    output wire rvfi_valid, output wire [63:0] rvfi_order, output wire rvfi_trap, output wire rvfi_intr,
    output wire [1:0] rvfi_mode, output wire [31:0] rvfi_insn, output wire rvfi_len,
    output wire [63:0] rvfi_pc_rdata, output wire [63:0] rvfi_pc_wdata,
    output wire [4:0] rvfi_rs1_addr, output wire [4:0] rvfi_rs2_addr,
    output wire [63:0] rvfi_rs1_rdata, output wire [63:0] rvfi_rs2_rdata,
    output wire [4:0] rvfi_rd_addr, output wire [63:0] rvfi_rd_wdata,
    output wire rvfi_csr_we, output wire [11:0] rvfi_csr_addr, output wire [63:0] rvfi_csr_wdata,
    output wire [63:0] rvfi_mem_addr, output wire [7:0] rvfi_mem_rmask, output wire [7:0] rvfi_mem_wmask,
    output wire [63:0] rvfi_mem_rdata, output wire [63:0] rvfi_mem_wdata,
    output wire [63:0] rvfi_cause, output wire [63:0] rvfi_tval,
    input  wire irq_msoft_i, input wire irq_mtimer_i, input wire irq_mext_i, input wire irq_sext_i,
    input  wire [63:0] mtime_i
);
    assign {mem_req_valid_o, mem_req_cmd_o, mem_req_addr_o, mem_req_size_o, mem_req_wdata_o} = '0;
    assign {rvfi_valid, rvfi_order, rvfi_trap, rvfi_intr, rvfi_mode, rvfi_insn, rvfi_len, rvfi_pc_rdata,
            rvfi_pc_wdata, rvfi_rs1_addr, rvfi_rs2_addr, rvfi_rs1_rdata, rvfi_rs2_rdata, rvfi_rd_addr,
            rvfi_rd_wdata, rvfi_csr_we, rvfi_csr_addr, rvfi_csr_wdata, rvfi_mem_addr, rvfi_mem_rmask,
            rvfi_mem_wmask, rvfi_mem_rdata, rvfi_mem_wdata, rvfi_cause, rvfi_tval} = '0;
endmodule
