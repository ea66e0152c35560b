// soc_defs.vh -- constants shared by the SoC's modules: the memory map of
// platform/fpga-soc/README.md and the command codes of the hart's memory
// port (fpga/README.md).  Included inside modules; every name is a
// localparam, so a module that does not use one pays nothing.

/* verilator lint_off UNUSEDPARAM */

// ---- memory map (same as QEMU virt and tools/iss/iss.h) ----
localparam [63:0] SOC_ROM_BASE   = 64'h0000_1000;
localparam [63:0] SOC_ROM_SIZE   = 64'h0000_1000;
localparam [63:0] SOC_TEST_BASE  = 64'h0010_0000;   // sifive,test1 finisher
localparam [63:0] SOC_TEST_SIZE  = 64'h0000_1000;
localparam [63:0] SOC_CLINT_BASE = 64'h0200_0000;
localparam [63:0] SOC_CLINT_SIZE = 64'h0001_0000;
localparam [63:0] SOC_SSWI_BASE  = 64'h02F0_0000;   // ACLINT SSWI (riscv,aclint-sswi)
localparam [63:0] SOC_SSWI_SIZE  = 64'h0000_4000;
localparam [63:0] SOC_PLIC_BASE  = 64'h0C00_0000;
localparam [63:0] SOC_PLIC_SIZE  = 64'h0400_0000;
localparam [63:0] SOC_UART_BASE  = 64'h1000_0000;
localparam [63:0] SOC_UART_SIZE  = 64'h0000_0100;
localparam [63:0] SOC_RAM_BASE   = 64'h8000_0000;   // bank c at RAM_BASE + c * MEM_PER_CLUSTER

localparam integer SOC_UART_IRQ  = 10;              // PLIC source of the UART
localparam integer SOC_RESV_GRANULE_BITS = 6;      // LR/SC granule: 64 bytes

// ---- hart memory port commands (mem_req_cmd_o) ----
localparam [3:0] MEM_LOAD    = 4'd0;
localparam [3:0] MEM_STORE   = 4'd1;
localparam [3:0] MEM_LR      = 4'd2;
localparam [3:0] MEM_SC      = 4'd3;
localparam [3:0] MEM_FETCH   = 4'd4;
localparam [3:0] MEM_AMOSWAP = 4'd5;
localparam [3:0] MEM_AMOADD  = 4'd6;
localparam [3:0] MEM_AMOXOR  = 4'd7;
localparam [3:0] MEM_AMOAND  = 4'd8;
localparam [3:0] MEM_AMOOR   = 4'd9;
localparam [3:0] MEM_AMOMIN  = 4'd10;
localparam [3:0] MEM_AMOMAX  = 4'd11;
localparam [3:0] MEM_AMOMINU = 4'd12;
localparam [3:0] MEM_AMOMAXU = 4'd13;

/* verilator lint_on UNUSEDPARAM */
