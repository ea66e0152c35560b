// ulx3s_top -- the almos-rv SoC on the ULX3S-85F board (the top `make fpga
// BOARD=ulx3s` synthesizes and `make sim BOARD=ulx3s` simulates).
//
//   u_pll      EHXPLLL: 25 MHz -> CORE_MHZ (the one clock of the design)
//   u_reset    board_reset: button BTN_PWRn, PLL lock, finisher reset (0x7777)
//   u_loader   board_flash_loader: the boot image from the SPI flash into the
//              SDRAM, CRCs checked, while the SoC is held in reset
//   u_soc      soc_top (EXT_RAM = 1): CLUSTERS x HARTS_PER_CLUSTER harts;
//              the bank of cluster c is gen_bank[c].u_cache (board_bank_cache)
//              in front of SDRAM words [c * MEM/8, (c+1) * MEM/8)
//   u_sdarb    board_sdram_arb: the banks' caches share the controller
//   u_sdram    sdram_ctrl: the 32 MiB chip (owned by the loader until it is done)
//   u_msg      board_msg: the loader's lines, then the serial line is the SoC's
//              UART (115200 8N1 on the FTDI port)
//
// Why the SoC's ordering rule still holds with the banks in SDRAM, and why
// the caches stay coherent: fpga/boards/ulx3s/README.md, "Plan".  In short:
// a bank's cache fetches a missing line *before* its arbiter grants the
// request (ram_peek_* / ram_hold_i of soc_top), so a granted request always
// hits and is performed in one cycle, as on block RAM.
//
// The boot: reset -> the loader copies the image (OpenSBI fw_dynamic, the
// kernel, the device tree, the initrd) and checks it -> the SoC leaves
// reset -> boot ROM (BOOTROM_HEX: platform/fpga-soc/bootrom.S with the
// device tree word = DTB_ADDR) -> OpenSBI at 0x80000000 -> the kernel.
// A finisher write of 0x7777 resets the whole board (the image is loaded
// again); 0x5555 / 0x3333 (power off) hold the SoC in reset until the
// button or a reconfiguration.
//
// LEDs: 0 out of reset, 1 SDRAM initialised, 2 boot image loaded, 3 boot
// image refused (blinks; the reason on the serial line), 4 firmware
// entered (a hart retired an instruction at pc >= 0x80000000), 5 + h hart h
// (h = 0..2) retired an instruction in the last 2^23 cycles (0.2 s at 40 MHz).
module ulx3s_top #(
    parameter integer      CORE_MHZ          = 40,
    parameter integer      BAUD              = 115200,
    parameter integer      CLUSTERS          = 2,
    parameter integer      HARTS_PER_CLUSTER = 1,
    parameter integer      REMOTE_LATENCY    = 8,
    parameter              BOOTROM_HEX       = "build/fpga/bootrom.hex",
    parameter logic [23:0] IMAGE_OFFSET      = 24'h200000,
    parameter integer      CACHE_SET_BITS    = 10,           // 1024 lines of 64 bytes (64 KiB) per bank
    parameter integer      RESET_HOLD        = 1024,
    parameter integer      SDRAM_INIT_NS     = 200000,
    parameter integer      ALIVE_BITS        = 23            // LED window: 2^ALIVE_BITS cycles
) (
    input  logic        clk_25mhz,
    input  logic [6:0]  btn,
    output logic [7:0]  led,
    output logic        ftdi_rxd,       // the FTDI's RXD: our UART tx
    input  logic        ftdi_txd,       // the FTDI's TXD: our UART rx

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
    inout  wire  [15:0] sdram_d
);
    localparam integer      CLK_HZ   = CORE_MHZ * 1000000;
    localparam logic [31:0] RAM_SIZE = 32'h0200_0000;                 // the 32 MiB chip
    localparam logic [63:0] MEM      = 64'(RAM_SIZE) / 64'(CLUSTERS);      // per cluster
    localparam integer      RAM_AW   = $clog2(MEM) - 3;               // bank word address bits
    // the device tree: 2 MiB-aligned below the end of RAM (tools/fpga-image.py layout())
    localparam logic [31:0] DTB_ADDR = 32'h8000_0000 + RAM_SIZE - 32'h0020_0000;
    localparam integer      NH       = CLUSTERS * HARTS_PER_CLUSTER;

    // ---- clock and reset -------------------------------------------------------
    logic clk, locked, rst_n;
    logic soc_finish_valid;
    logic soc_finish_reset;
    logic [15:0] soc_finish_code;
    ulx3s_pll #(.CORE_MHZ(CORE_MHZ)) u_pll (.clk_25mhz_i(clk_25mhz), .clk_o(clk), .locked_o(locked));
    board_reset #(.HOLD_CK(RESET_HOLD)) u_reset (
        .clk_i(clk), .btn_ni(btn[0]), .locked_i(locked),
        .soft_req_i(soc_finish_valid && soc_finish_reset), .rst_no(rst_n));

    // ---- SDRAM controller: the loader's until it is done, then the banks' -----
    logic        req_valid, req_ready, req_we, rsp_valid, sd_init_done;
    logic [21:0] req_addr;
    logic [63:0] req_wdata, rsp_rdata;
    logic [7:0]  req_wmask;
    logic [15:0] dq_o;
    logic        dq_oe;

    sdram_ctrl #(.CLK_PERIOD_PS(1000000 / CORE_MHZ), .T_INIT_NS(SDRAM_INIT_NS)) u_sdram (
        .clk_i(clk), .rst_ni(rst_n),
        .req_valid_i(req_valid), .req_ready_o(req_ready), .req_addr_i(req_addr),
        .req_we_i(req_we), .req_wdata_i(req_wdata), .req_wmask_i(req_wmask),
        .rsp_valid_o(rsp_valid), .rsp_rdata_o(rsp_rdata), .init_done_o(sd_init_done),
        .sdram_cke_o(sdram_cke), .sdram_csn_o(sdram_csn), .sdram_rasn_o(sdram_rasn),
        .sdram_casn_o(sdram_casn), .sdram_wen_o(sdram_wen), .sdram_ba_o(sdram_ba),
        .sdram_a_o(sdram_a), .sdram_dqm_o(sdram_dqm),
        .sdram_dq_o(dq_o), .sdram_dq_oe_o(dq_oe), .sdram_dq_i(sdram_d)
    );
    assign sdram_d = dq_oe ? dq_o : 16'hzzzz;

    // the chip's clock: the core clock inverted (fpga/boards/ulx3s/README.md)
    ODDRX1F u_sdram_clk (.D0(1'b0), .D1(1'b1), .SCLK(clk), .RST(1'b0), .Q(sdram_clk));

    // ---- flash loader ------------------------------------------------------------
    logic        ld_done, ld_error, ld_valid;
    logic [2:0]  ld_err;
    logic [1:0]  ld_part, ld_err_part;
    logic [21:0] ld_addr;
    logic [63:0] ld_wdata;
    logic [7:0]  ld_wmask;
    logic        flash_sck;

    board_flash_loader #(
        .IMAGE_OFFSET(IMAGE_OFFSET), .RAM_SIZE(RAM_SIZE), .DTB_ADDR(DTB_ADDR),
        .WAKE_CK(CORE_MHZ * 4)      // 4 us >= tRES1 (3 us)
    ) u_loader (
        .clk_i(clk), .rst_ni(rst_n),
        .done_o(ld_done), .error_o(ld_error), .err_code_o(ld_err), .err_part_o(ld_err_part),
        .part_o(ld_part),
        .mem_valid_o(ld_valid), .mem_ready_i(req_ready && !ld_done), .mem_addr_o(ld_addr),
        .mem_wdata_o(ld_wdata), .mem_wmask_o(ld_wmask),
        .spi_sck_o(flash_sck), .spi_csn_o(flash_csn), .spi_mosi_o(flash_mosi), .spi_miso_i(flash_miso)
    );
    assign flash_wpn   = 1'b1;
    assign flash_holdn = 1'b1;
    // the flash clock is the configuration pin MCLK: reached through USRMCLK
    USRMCLK u_mclk (.USRMCLKI(flash_sck), .USRMCLKTS(1'b0));

    // ---- the SoC -------------------------------------------------------------------
    // It runs once the image is in SDRAM, until it powers off (finisher
    // 0x5555 / 0x3333: the harts are held in reset, as a machine that is off).
    logic soc_rst_n, halted_q;
    assign soc_rst_n = rst_n && ld_done && !halted_q;
    always_ff @(posedge clk) begin
        if (!rst_n) halted_q <= 1'b0;
        else if (soc_finish_valid && !soc_finish_reset) halted_q <= 1'b1;
    end

    logic                        s_tx_valid, s_tx_ready, s_rx_valid, s_rx_ready;
    logic [7:0]                  s_tx_data, s_rx_data;
    logic [CLUSTERS-1:0]         ram_en, peek_valid, hold;
    logic [8*CLUSTERS-1:0]       ram_we;
    logic [RAM_AW*CLUSTERS-1:0]  ram_addr, peek_addr;
    logic [64*CLUSTERS-1:0]      ram_wdata, ram_rdata;
    logic [NH-1:0]               rvfi_valid;
    logic [64*NH-1:0]            rvfi_pc;
    logic [63:0]                 mtime;

    // the retire port is left open but for valid and pc (the LEDs): synthesis
    // drops the logic that only fed it
    /* verilator lint_off PINCONNECTEMPTY */
    soc_top #(
        .CLUSTERS(CLUSTERS), .HARTS_PER_CLUSTER(HARTS_PER_CLUSTER), .MEM_PER_CLUSTER(MEM),
        .REMOTE_LATENCY(REMOTE_LATENCY), .MTIME_DIV(CORE_MHZ / 10), .BOOTROM_HEX(BOOTROM_HEX),
        .EXT_RAM(1)
    ) u_soc (
        .clk_i(clk), .rst_ni(soc_rst_n),
        .uart_tx_valid_o(s_tx_valid), .uart_tx_data_o(s_tx_data), .uart_tx_ready_i(s_tx_ready),
        .uart_rx_valid_i(s_rx_valid), .uart_rx_data_i(s_rx_data), .uart_rx_ready_o(s_rx_ready),
        .finish_valid_o(soc_finish_valid), .finish_code_o(soc_finish_code),
        .finish_reset_o(soc_finish_reset), .mtime_o(mtime),
        .ram_en_o(ram_en), .ram_we_o(ram_we), .ram_addr_o(ram_addr), .ram_wdata_o(ram_wdata),
        .ram_rdata_i(ram_rdata), .ram_peek_valid_o(peek_valid), .ram_peek_addr_o(peek_addr),
        .ram_hold_i(hold),
        .rvfi_valid(rvfi_valid), .rvfi_order(), .rvfi_trap(), .rvfi_intr(), .rvfi_mode(),
        .rvfi_insn(), .rvfi_len(), .rvfi_pc_rdata(rvfi_pc), .rvfi_pc_wdata(),
        .rvfi_rs1_addr(), .rvfi_rs2_addr(), .rvfi_rs1_rdata(), .rvfi_rs2_rdata(),
        .rvfi_rd_addr(), .rvfi_rd_wdata(), .rvfi_csr_we(), .rvfi_csr_addr(), .rvfi_csr_wdata(),
        .rvfi_mem_addr(), .rvfi_mem_rmask(), .rvfi_mem_wmask(), .rvfi_mem_rdata(),
        .rvfi_mem_wdata(), .rvfi_cause(), .rvfi_tval()
    );
    /* verilator lint_on PINCONNECTEMPTY */

    // ---- the banks: a cache per cluster, all on the one SDRAM ----------------------
    logic [CLUSTERS-1:0]    c_valid, c_ready, c_we, c_rsp_valid;
    logic [CLUSTERS-1:0]    cache_miss;   // must stay 0
    logic [22*CLUSTERS-1:0] c_addr;
    logic [64*CLUSTERS-1:0] c_wdata;
    logic [8*CLUSTERS-1:0]  c_wmask;
    logic [32*CLUSTERS-1:0] cache_fills;  // lines brought in
    logic [63:0]            arb_rsp_rdata;

    genvar bk;
    generate
        for (bk = 0; bk < CLUSTERS; bk = bk + 1) begin : gen_bank
            board_bank_cache #(
                .AW(RAM_AW), .SET_BITS(CACHE_SET_BITS), .LINE_BITS(3),
                .SD_BASE(22'(bk * (MEM / 8)))
            ) u_cache (
                .clk_i(clk), .rst_ni(soc_rst_n),
                .en_i(ram_en[bk]), .we_i(ram_we[8*bk +: 8]), .addr_i(ram_addr[RAM_AW*bk +: RAM_AW]),
                .wdata_i(ram_wdata[64*bk +: 64]), .rdata_o(ram_rdata[64*bk +: 64]), .miss_o(cache_miss[bk]),
                .peek_valid_i(peek_valid[bk]), .peek_addr_i(peek_addr[RAM_AW*bk +: RAM_AW]),
                .hold_o(hold[bk]),
                .sd_valid_o(c_valid[bk]), .sd_ready_i(c_ready[bk]), .sd_addr_o(c_addr[22*bk +: 22]),
                .sd_we_o(c_we[bk]), .sd_wdata_o(c_wdata[64*bk +: 64]), .sd_wmask_o(c_wmask[8*bk +: 8]),
                .sd_rsp_valid_i(c_rsp_valid[bk]), .sd_rsp_rdata_i(arb_rsp_rdata),
                .misses_o(cache_fills[32*bk +: 32]));
        end
    endgenerate

    logic        a_valid, a_we;
    logic [21:0] a_addr;
    logic [63:0] a_wdata;
    logic [7:0]  a_wmask;
    board_sdram_arb #(.N(CLUSTERS)) u_sdarb (
        .clk_i(clk), .rst_ni(soc_rst_n),
        .req_valid_i(c_valid), .req_ready_o(c_ready), .req_addr_i(c_addr), .req_we_i(c_we),
        .req_wdata_i(c_wdata), .req_wmask_i(c_wmask),
        .rsp_valid_o(c_rsp_valid), .rsp_rdata_o(arb_rsp_rdata),
        .sd_valid_o(a_valid), .sd_ready_i(req_ready && ld_done), .sd_addr_o(a_addr),
        .sd_we_o(a_we), .sd_wdata_o(a_wdata), .sd_wmask_o(a_wmask),
        .sd_rsp_valid_i(rsp_valid && ld_done), .sd_rsp_rdata_i(rsp_rdata));

    assign req_valid = ld_done ? a_valid : ld_valid;
    assign req_addr  = ld_done ? a_addr  : ld_addr;
    assign req_we    = ld_done ? a_we    : 1'b1;
    assign req_wdata = ld_done ? a_wdata : ld_wdata;
    assign req_wmask = ld_done ? a_wmask : ld_wmask;

    // ---- serial line: the loader's messages, then the SoC's UART ---------------------
    logic       msg_start, msg_busy, msg_valid;
    logic [2:0] msg_id;
    logic [7:0] msg_data;
    logic [1:0] said_q;       // 0 nothing yet, 1 "loading" said, 2 the verdict said
    logic       tx_valid, tx_ready, rx_valid, rx_ready;
    logic [7:0] tx_data, rx_data;

    always_comb begin
        msg_start = 1'b0;
        msg_id    = 3'd0;
        if (!msg_busy) begin
            case (said_q)
                2'd0: msg_start = 1'b1;
                2'd1: begin
                    msg_start = ld_done || ld_error;
                    msg_id    = ld_done ? 3'd1 : 3'd1 + ld_err;
                end
                default: ;
            endcase
        end
    end

    always_ff @(posedge clk) begin
        if (!rst_n) said_q <= 2'd0;
        else if (msg_start) said_q <= said_q + 1'b1;
    end

    board_msg u_msg (
        .clk_i(clk), .rst_ni(rst_n), .start_i(msg_start), .msg_i(msg_id), .arg_i({2'b00, ld_err_part}),
        .busy_o(msg_busy), .valid_o(msg_valid), .data_o(msg_data), .ready_i(tx_ready)
    );

    // the SoC's UART gets the line once the loader's verdict has been said
    logic soc_owns_line;
    assign soc_owns_line = said_q == 2'd2 && !msg_busy;
    assign tx_valid   = soc_owns_line ? s_tx_valid : msg_valid;
    assign tx_data    = soc_owns_line ? s_tx_data  : msg_data;
    assign s_tx_ready = soc_owns_line && tx_ready;
    assign s_rx_valid = soc_owns_line && rx_valid;
    assign s_rx_data  = rx_data;
    assign rx_ready   = soc_owns_line ? s_rx_ready : 1'b1;    // bytes before that are dropped

    logic rx_frame_err, rx_overrun;
    board_uart_tx #(.CLK_HZ(CLK_HZ), .BAUD(BAUD)) u_tx (
        .clk_i(clk), .rst_ni(rst_n), .valid_i(tx_valid), .data_i(tx_data), .ready_o(tx_ready),
        .tx_o(ftdi_rxd));
    board_uart_rx #(.CLK_HZ(CLK_HZ), .BAUD(BAUD)) u_rx (
        .clk_i(clk), .rst_ni(rst_n), .rx_i(ftdi_txd), .valid_o(rx_valid), .data_o(rx_data),
        .ready_i(rx_ready), .frame_err_o(rx_frame_err), .overrun_o(rx_overrun));

    // ---- LEDs ------------------------------------------------------------------------
    // firmware entered: a retired instruction at pc >= 0x80000000 (RAM);
    // hart h alive: it retired something in the last window of 2^ALIVE_BITS cycles
    localparam integer NL = (NH < 3) ? NH : 3;      // harts with a LED
    logic                  fw_entered_q;
    logic [ALIVE_BITS-1:0] win_q;
    logic [NL-1:0]         seen_q, alive_q;
    logic                  fw_now;
    integer hk;
    always_comb begin
        fw_now = 1'b0;
        for (hk = 0; hk < NH; hk = hk + 1)
            if (rvfi_valid[hk] && rvfi_pc[64*hk + 31]) fw_now = 1'b1;
    end
    always_ff @(posedge clk) begin
        if (!rst_n) begin
            fw_entered_q <= 1'b0; win_q <= '0; seen_q <= '0; alive_q <= '0;
        end else begin
            if (fw_now) fw_entered_q <= 1'b1;
            win_q <= win_q + 1'b1;
            if (win_q == '1) begin
                alive_q <= seen_q | rvfi_valid[NL-1:0];
                seen_q  <= '0;
            end else begin
                seen_q  <= seen_q | rvfi_valid[NL-1:0];
            end
        end
    end

    logic [2:0] alive_led;
    always_comb begin
        alive_led = 3'b000;
        alive_led[NL-1:0] = alive_q;
    end
    assign led = {alive_led, fw_entered_q, ld_error && win_q[ALIVE_BITS-1], ld_done, sd_init_done, rst_n};

    // unused: btn[6:1], the receiver's error pulses, progress, the finisher's
    // code (seen by the simulation), mtime, the upper pc bits
    logic unused;
    assign unused = &{1'b0, btn[6:1], rx_frame_err, rx_overrun, ld_part, soc_finish_code, mtime,
                      rvfi_pc, cache_miss, cache_fills};
endmodule
