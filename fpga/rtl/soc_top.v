// soc_top -- the almos-rv clustered SoC (platform/fpga-soc/README.md):
// CLUSTERS clusters of HARTS_PER_CLUSTER harts, one RAM bank per cluster,
// the boot ROM, the sifive,test1 finisher, the CLINT, the ACLINT SSWI, the
// PLIC and the ns16550a UART at the model's addresses.  Ports and parameters:
// fpga/README.md "The SoC top".
//
//   gen_hart[h].u_hart   hart_core h = c * HARTS_PER_CLUSTER + j (core j of
//                        cluster c), BOOT_ADDR 0x1000
//   u_fabric             soc_fabric: gen_cluster[c].u_cluster (cluster_node:
//                        local interconnect, bank controller, u_ram), the
//                        global interconnect (REMOTE_LATENCY), the device bus
//   u_devbus             soc_devbus: device decode and access faults
//   u_rom u_test u_clint u_sswi u_plic u_uart   the devices
//
// Memory latency (request offered to response, when not waiting for an
// arbiter): own cluster's bank 1 cycle; another cluster's bank, or any
// device, 1 + REMOTE_LATENCY cycles.  mtime ticks every MTIME_DIV cycles
// (10 MHz timebase: the clock stands for MTIME_DIV x 10 MHz).
// MEM_PER_CLUSTER: a power of two (bank c at 0x80000000 + c * MEM).
// EXT_RAM = 1: no block RAM in the clusters; each bank's RAM port and its
// arbiter's look-ahead go out on ram_* (cluster c's bits at [c*W +: W];
// contract in cluster_node.v) for a board top to serve (the ULX3S keeps the
// banks in SDRAM behind a cache per bank).  EXT_RAM = 0: ram_* unused.
module soc_top #(
    parameter integer CLUSTERS          = 1,
    parameter integer HARTS_PER_CLUSTER = 1,
    parameter [63:0]  MEM_PER_CLUSTER   = 64'h0100_0000,
    parameter integer REMOTE_LATENCY    = 8,
    parameter integer MTIME_DIV         = 5,
    parameter         BOOTROM_HEX       = "",
    parameter integer EXT_RAM           = 0,
    parameter integer NH                = CLUSTERS * HARTS_PER_CLUSTER,
    parameter integer RAM_AW            = $clog2(MEM_PER_CLUSTER) - 3  // bank word address bits
) (
    input  logic        clk_i,
    input  logic        rst_ni,
    output logic        uart_tx_valid_o,
    output logic [7:0]  uart_tx_data_o,
    input  logic        uart_tx_ready_i,
    input  logic        uart_rx_valid_i,
    input  logic [7:0]  uart_rx_data_i,
    output logic        uart_rx_ready_o,
    output logic        finish_valid_o,
    output logic [15:0] finish_code_o,
    output logic        finish_reset_o,
    output logic [63:0] mtime_o,
    // the banks' RAM when EXT_RAM = 1
    output logic [CLUSTERS-1:0]        ram_en_o,
    output logic [8*CLUSTERS-1:0]      ram_we_o,
    output logic [RAM_AW*CLUSTERS-1:0] ram_addr_o,
    output logic [64*CLUSTERS-1:0]     ram_wdata_o,
    input  logic [64*CLUSTERS-1:0]     ram_rdata_i,
    output logic [CLUSTERS-1:0]        ram_peek_valid_o,
    output logic [RAM_AW*CLUSTERS-1:0] ram_peek_addr_o,
    input  logic [CLUSTERS-1:0]        ram_hold_i,
    output logic [NH*1-1:0] rvfi_valid,
    output logic [NH*64-1:0] rvfi_order,
    output logic [NH*1-1:0] rvfi_trap,
    output logic [NH*1-1:0] rvfi_intr,
    output logic [NH*2-1:0] rvfi_mode,
    output logic [NH*32-1:0] rvfi_insn,
    output logic [NH*1-1:0] rvfi_len,
    output logic [NH*64-1:0] rvfi_pc_rdata,
    output logic [NH*64-1:0] rvfi_pc_wdata,
    output logic [NH*5-1:0] rvfi_rs1_addr,
    output logic [NH*5-1:0] rvfi_rs2_addr,
    output logic [NH*64-1:0] rvfi_rs1_rdata,
    output logic [NH*64-1:0] rvfi_rs2_rdata,
    output logic [NH*5-1:0] rvfi_rd_addr,
    output logic [NH*64-1:0] rvfi_rd_wdata,
    output logic [NH*1-1:0] rvfi_csr_we,
    output logic [NH*12-1:0] rvfi_csr_addr,
    output logic [NH*64-1:0] rvfi_csr_wdata,
    output logic [NH*64-1:0] rvfi_mem_addr,
    output logic [NH*8-1:0] rvfi_mem_rmask,
    output logic [NH*8-1:0] rvfi_mem_wmask,
    output logic [NH*64-1:0] rvfi_mem_rdata,
    output logic [NH*64-1:0] rvfi_mem_wdata,
    output logic [NH*64-1:0] rvfi_cause,
    output logic [NH*64-1:0] rvfi_tval
);
`include "soc_defs.vh"
    localparam integer HW = (NH > 1) ? $clog2(NH) : 1;

    // ---- the harts' memory ports, flattened (hart h in [h*W +: W]) ----
    logic [NH-1:0]    req_valid, req_ready, rsp_valid, rsp_err;
    logic [4*NH-1:0]  req_cmd;
    logic [64*NH-1:0] req_addr, req_wdata, rsp_rdata;
    logic [2*NH-1:0]  req_size;
    logic [NH-1:0]    msip, mtip, ssip_set;
    logic [2*NH-1:0]  eip;                 // PLIC contexts: 2h M, 2h+1 S
    logic [63:0]      mtime;

    genvar h;
    generate
        for (h = 0; h < NH; h = h + 1) begin : gen_hart
            hart_core #(.HART_ID(64'(h)), .BOOT_ADDR(SOC_ROM_BASE)) u_hart (
                .clk_i(clk_i), .rst_ni(rst_ni),
                .mem_req_valid_o(req_valid[h]), .mem_req_ready_i(req_ready[h]),
                .mem_req_cmd_o(req_cmd[4*h +: 4]), .mem_req_addr_o(req_addr[64*h +: 64]),
                .mem_req_size_o(req_size[2*h +: 2]), .mem_req_wdata_o(req_wdata[64*h +: 64]),
                .mem_rsp_valid_i(rsp_valid[h]), .mem_rsp_rdata_i(rsp_rdata[64*h +: 64]),
                .mem_rsp_err_i(rsp_err[h]),
                .rvfi_valid(rvfi_valid[1*h +: 1]),
                .rvfi_order(rvfi_order[64*h +: 64]),
                .rvfi_trap(rvfi_trap[1*h +: 1]),
                .rvfi_intr(rvfi_intr[1*h +: 1]),
                .rvfi_mode(rvfi_mode[2*h +: 2]),
                .rvfi_insn(rvfi_insn[32*h +: 32]),
                .rvfi_len(rvfi_len[1*h +: 1]),
                .rvfi_pc_rdata(rvfi_pc_rdata[64*h +: 64]),
                .rvfi_pc_wdata(rvfi_pc_wdata[64*h +: 64]),
                .rvfi_rs1_addr(rvfi_rs1_addr[5*h +: 5]),
                .rvfi_rs2_addr(rvfi_rs2_addr[5*h +: 5]),
                .rvfi_rs1_rdata(rvfi_rs1_rdata[64*h +: 64]),
                .rvfi_rs2_rdata(rvfi_rs2_rdata[64*h +: 64]),
                .rvfi_rd_addr(rvfi_rd_addr[5*h +: 5]),
                .rvfi_rd_wdata(rvfi_rd_wdata[64*h +: 64]),
                .rvfi_csr_we(rvfi_csr_we[1*h +: 1]),
                .rvfi_csr_addr(rvfi_csr_addr[12*h +: 12]),
                .rvfi_csr_wdata(rvfi_csr_wdata[64*h +: 64]),
                .rvfi_mem_addr(rvfi_mem_addr[64*h +: 64]),
                .rvfi_mem_rmask(rvfi_mem_rmask[8*h +: 8]),
                .rvfi_mem_wmask(rvfi_mem_wmask[8*h +: 8]),
                .rvfi_mem_rdata(rvfi_mem_rdata[64*h +: 64]),
                .rvfi_mem_wdata(rvfi_mem_wdata[64*h +: 64]),
                .rvfi_cause(rvfi_cause[64*h +: 64]),
                .rvfi_tval(rvfi_tval[64*h +: 64]),
                .irq_msoft_i(msip[h]), .irq_mtimer_i(mtip[h]),
                .irq_mext_i(eip[2*h]), .irq_sext_i(eip[2*h + 1]), .irq_ssoft_set_i(ssip_set[h]),
                .mtime_i(mtime));
        end
    endgenerate

    // ---- memory system ----
    logic             dev_valid, dev_err, dev_we;
    logic [3:0]       dev_cmd;
    logic [63:0]      dev_addr, dev_wdata, dev_rdata;
    logic [1:0]       dev_size;
    logic [HW-1:0]    dev_hart;

    soc_fabric #(.CLUSTERS(CLUSTERS), .HPC(HARTS_PER_CLUSTER), .MEM(MEM_PER_CLUSTER),
                 .LATENCY(REMOTE_LATENCY), .EXT_RAM(EXT_RAM), .NH(NH), .HW(HW), .RAW(RAM_AW)) u_fabric (
        .clk_i(clk_i), .rst_ni(rst_ni),
        .req_valid_i(req_valid), .req_ready_o(req_ready), .req_cmd_i(req_cmd),
        .req_addr_i(req_addr), .req_size_i(req_size), .req_wdata_i(req_wdata),
        .rsp_valid_o(rsp_valid), .rsp_rdata_o(rsp_rdata), .rsp_err_o(rsp_err),
        .dev_valid_o(dev_valid), .dev_cmd_o(dev_cmd), .dev_addr_o(dev_addr),
        .dev_size_o(dev_size), .dev_wdata_o(dev_wdata), .dev_hart_o(dev_hart),
        .dev_rdata_i(dev_rdata), .dev_err_i(dev_err),
        .ram_en_o(ram_en_o), .ram_we_o(ram_we_o), .ram_addr_o(ram_addr_o), .ram_wdata_o(ram_wdata_o),
        .ram_rdata_i(ram_rdata_i), .ram_peek_valid_o(ram_peek_valid_o), .ram_peek_addr_o(ram_peek_addr_o),
        .ram_hold_i(ram_hold_i));

    // ---- devices ----
    logic        rom_valid, test_valid, clint_valid, sswi_valid, plic_valid, uart_valid;
    logic [63:0] rom_rdata, clint_rdata;
    logic [31:0] plic_rdata;
    logic [7:0]  uart_rdata;
    logic        clint_err, sswi_err, plic_err, uart_err, uart_irq;

    soc_devbus u_devbus (
        .clk_i(clk_i), .rst_ni(rst_ni),
        .dev_valid_i(dev_valid), .dev_cmd_i(dev_cmd), .dev_addr_i(dev_addr),
        .dev_rdata_o(dev_rdata), .dev_err_o(dev_err), .dev_we_o(dev_we),
        .rom_valid_o(rom_valid), .test_valid_o(test_valid), .clint_valid_o(clint_valid),
        .sswi_valid_o(sswi_valid), .sswi_err_i(sswi_err),
        .plic_valid_o(plic_valid), .uart_valid_o(uart_valid),
        .rom_rdata_i(rom_rdata), .clint_rdata_i(clint_rdata), .clint_err_i(clint_err),
        .plic_rdata_i(plic_rdata), .plic_err_i(plic_err),
        .uart_rdata_i(uart_rdata), .uart_err_i(uart_err));

    soc_rom #(.BOOTROM_HEX(BOOTROM_HEX)) u_rom (
        .clk_i(clk_i), .req_valid_i(rom_valid), .req_addr_i(dev_addr[11:0]),
        .req_size_i(dev_size), .rsp_rdata_o(rom_rdata));

    soc_finisher u_test (
        .clk_i(clk_i), .rst_ni(rst_ni), .req_valid_i(test_valid), .req_we_i(dev_we),
        .req_addr_i(dev_addr[11:0]), .req_size_i(dev_size), .req_wdata_i(dev_wdata[31:0]),
        .finish_valid_o(finish_valid_o), .finish_code_o(finish_code_o),
        .finish_reset_o(finish_reset_o));

    clint #(.NH(NH), .MTIME_DIV(MTIME_DIV)) u_clint (
        .clk_i(clk_i), .rst_ni(rst_ni), .req_valid_i(clint_valid), .req_we_i(dev_we),
        .req_addr_i(dev_addr[15:0]), .req_size_i(dev_size), .req_wdata_i(dev_wdata),
        .rsp_rdata_o(clint_rdata), .rsp_err_o(clint_err),
        .mtime_o(mtime), .msip_o(msip), .mtip_o(mtip));

    aclint_sswi #(.NH(NH)) u_sswi (
        .clk_i(clk_i), .rst_ni(rst_ni), .req_valid_i(sswi_valid), .req_we_i(dev_we),
        .req_addr_i(dev_addr[13:0]), .req_size_i(dev_size), .req_wdata_i(dev_wdata[0]),
        .rsp_err_o(sswi_err), .ssip_set_o(ssip_set));

    logic [95:0] irq_src;
    always_comb begin
        irq_src = 96'd0;
        irq_src[SOC_UART_IRQ] = uart_irq;
    end

    plic #(.NH(NH), .NSRC(96)) u_plic (
        .clk_i(clk_i), .rst_ni(rst_ni), .irq_src_i(irq_src),
        .req_valid_i(plic_valid), .req_we_i(dev_we), .req_addr_i(dev_addr[25:0]),
        .req_size_i(dev_size), .req_wdata_i(dev_wdata[31:0]),
        .rsp_rdata_o(plic_rdata), .rsp_err_o(plic_err), .eip_o(eip));

    uart16550 u_uart (
        .clk_i(clk_i), .rst_ni(rst_ni), .req_valid_i(uart_valid), .req_we_i(dev_we),
        .req_addr_i(dev_addr[7:0]), .req_size_i(dev_size), .req_wdata_i(dev_wdata[7:0]),
        .rsp_rdata_o(uart_rdata), .rsp_err_o(uart_err),
        .tx_valid_o(uart_tx_valid_o), .tx_data_o(uart_tx_data_o), .tx_ready_i(uart_tx_ready_i),
        .rx_valid_i(uart_rx_valid_i), .rx_data_i(uart_rx_data_i), .rx_ready_o(uart_rx_ready_o),
        .irq_o(uart_irq));

    assign mtime_o = mtime;

    logic unused;
    assign unused = &{1'b0, dev_hart, dev_wdata[63:32]};
endmodule
