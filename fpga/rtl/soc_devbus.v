// soc_devbus -- the device side of the global interconnect: decodes the
// request soc_fabric performs on the device bus (one a cycle) to the boot
// ROM, the finisher, the CLINT, the ACLINT SSWI, the PLIC or the UART, and muxes their
// registered responses back the next cycle.
//
// Access faults decided here (fpga/README.md, "mem_rsp_err_i"): an address
// no device (nor bank) holds, a store to the ROM, a fetch from anything but
// the ROM, and an LR, SC or AMO to a device (platform/fpga-soc/README.md:
// atomics are performed in the RAM banks only).  A faulting request reaches
// no device, so it has no side effect.  The devices fault the widths they
// refuse themselves (rsp_err from the device).  A store's response data is 0.
module soc_devbus (
    input  logic        clk_i,
    input  logic        rst_ni,
    // from soc_fabric
    input  logic        dev_valid_i,
    input  logic [3:0]  dev_cmd_i,
    input  logic [63:0] dev_addr_i,
    output logic [63:0] dev_rdata_o,
    output logic        dev_err_o,
    // to the devices (shared: we, the address and size, wdata from soc_fabric)
    output logic        dev_we_o,
    output logic        rom_valid_o,
    output logic        test_valid_o,
    output logic        clint_valid_o,
    output logic        sswi_valid_o,
    output logic        plic_valid_o,
    output logic        uart_valid_o,
    input  logic [63:0] rom_rdata_i,
    input  logic [63:0] clint_rdata_i,
    input  logic        clint_err_i,
    input  logic        sswi_err_i,
    input  logic [31:0] plic_rdata_i,
    input  logic        plic_err_i,
    input  logic [7:0]  uart_rdata_i,
    input  logic        uart_err_i
);
`include "soc_defs.vh"
    logic rom_hit, test_hit, clint_hit, sswi_hit, plic_hit, uart_hit, any_hit, plain, bus_err;
    assign rom_hit   = dev_addr_i >= SOC_ROM_BASE   && dev_addr_i < SOC_ROM_BASE + SOC_ROM_SIZE;
    assign test_hit  = dev_addr_i >= SOC_TEST_BASE  && dev_addr_i < SOC_TEST_BASE + SOC_TEST_SIZE;
    assign clint_hit = dev_addr_i >= SOC_CLINT_BASE && dev_addr_i < SOC_CLINT_BASE + SOC_CLINT_SIZE;
    assign sswi_hit  = dev_addr_i >= SOC_SSWI_BASE  && dev_addr_i < SOC_SSWI_BASE + SOC_SSWI_SIZE;
    assign plic_hit  = dev_addr_i >= SOC_PLIC_BASE  && dev_addr_i < SOC_PLIC_BASE + SOC_PLIC_SIZE;
    assign uart_hit  = dev_addr_i >= SOC_UART_BASE  && dev_addr_i < SOC_UART_BASE + SOC_UART_SIZE;
    assign any_hit   = rom_hit || test_hit || clint_hit || sswi_hit || plic_hit || uart_hit;
    assign plain     = dev_cmd_i == MEM_LOAD || dev_cmd_i == MEM_STORE || dev_cmd_i == MEM_FETCH;
    assign bus_err   = !any_hit || !plain || (dev_cmd_i == MEM_FETCH && !rom_hit) ||
                       (rom_hit && dev_cmd_i == MEM_STORE);

    assign dev_we_o      = dev_cmd_i == MEM_STORE;
    assign rom_valid_o   = dev_valid_i && !bus_err && rom_hit;
    assign test_valid_o  = dev_valid_i && !bus_err && test_hit;
    assign clint_valid_o = dev_valid_i && !bus_err && clint_hit;
    assign sswi_valid_o  = dev_valid_i && !bus_err && sswi_hit;
    assign plic_valid_o  = dev_valid_i && !bus_err && plic_hit;
    assign uart_valid_o  = dev_valid_i && !bus_err && uart_hit;

    // ---- response, the cycle after ----
    logic       err_q, store_q;
    logic [4:0] sel_q;              // rom, clint, plic, uart, sswi (the finisher and the SSWI read 0)
    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            err_q   <= 1'b0;
            store_q <= 1'b0;
            sel_q   <= 5'd0;
        end else if (dev_valid_i) begin
            err_q   <= bus_err;
            store_q <= dev_we_o;
            sel_q   <= bus_err ? 5'd0 : {sswi_hit, uart_hit, plic_hit, clint_hit, rom_hit};
        end
    end

    always_comb begin
        dev_rdata_o = 64'd0;
        dev_err_o   = err_q;
        if (sel_q[0]) dev_rdata_o = rom_rdata_i;
        if (sel_q[1]) begin dev_rdata_o = clint_rdata_i;        dev_err_o = clint_err_i; end
        if (sel_q[2]) begin dev_rdata_o = {32'd0, plic_rdata_i}; dev_err_o = plic_err_i; end
        if (sel_q[3]) begin dev_rdata_o = {56'd0, uart_rdata_i}; dev_err_o = uart_err_i; end
        if (sel_q[4]) dev_err_o = sswi_err_i;
        if (store_q || dev_err_o) dev_rdata_o = 64'd0;
    end
endmodule
