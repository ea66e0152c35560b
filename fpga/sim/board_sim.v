// board_sim -- the simulation wrapper of the ULX3S board top for Verilator
// (board_main.cpp): ulx3s_top as synthesized, with its one bidirectional
// bus, the SDRAM's DQ, split into what the controller drives (sdram_dq_o
// while sdram_dq_oe) and what the chip model drives (sdram_dq_i, put on
// the bus whenever the controller does not drive it).  Verilator 5.0 gives
// no access to a top-level inout's drivers, hence this wrapper; it adds no
// logic to the board top.  Simulation only.
module board_sim #(
    parameter integer CORE_MHZ          = 40,
    parameter integer BAUD              = 115200,
    parameter integer CLUSTERS          = 2,
    parameter integer HARTS_PER_CLUSTER = 1,
    parameter         BOOTROM_HEX       = "build/fpga/bootrom.hex"
) (
    input  logic        clk_25mhz,
    input  logic [6:0]  btn,
    output logic [7:0]  led,
    output logic        ftdi_rxd,
    input  logic        ftdi_txd,
    output logic        flash_csn,
    output logic        flash_mosi,
    input  logic        flash_miso,
    output logic        flash_wpn,
    output logic        flash_holdn,
    output logic        sdram_clk,
    output logic        sdram_cke,
    output logic        sdram_csn,
    output logic        sdram_wen,
    output logic        sdram_rasn,
    output logic        sdram_casn,
    output logic [12:0] sdram_a,
    output logic [1:0]  sdram_ba,
    output logic [1:0]  sdram_dqm,
    output logic [15:0] sdram_dq_o,
    output logic        sdram_dq_oe,
    input  logic [15:0] sdram_dq_i
);
    wire [15:0] sdram_d;

    ulx3s_top #(.CORE_MHZ(CORE_MHZ), .BAUD(BAUD), .CLUSTERS(CLUSTERS),
                .HARTS_PER_CLUSTER(HARTS_PER_CLUSTER), .BOOTROM_HEX(BOOTROM_HEX)) u_top (
        .clk_25mhz(clk_25mhz), .btn(btn), .led(led), .ftdi_rxd(ftdi_rxd), .ftdi_txd(ftdi_txd),
        .flash_csn(flash_csn), .flash_mosi(flash_mosi), .flash_miso(flash_miso),
        .flash_wpn(flash_wpn), .flash_holdn(flash_holdn),
        .sdram_clk(sdram_clk), .sdram_cke(sdram_cke), .sdram_csn(sdram_csn), .sdram_wen(sdram_wen),
        .sdram_rasn(sdram_rasn), .sdram_casn(sdram_casn), .sdram_a(sdram_a), .sdram_ba(sdram_ba),
        .sdram_dqm(sdram_dqm), .sdram_d(sdram_d));

    // the controller's side of the pads (hierarchical: simulation only)
    assign sdram_dq_oe = u_top.dq_oe;
    assign sdram_dq_o  = sdram_d;
    assign sdram_d     = u_top.dq_oe ? 16'hzzzz : sdram_dq_i;
endmodule
