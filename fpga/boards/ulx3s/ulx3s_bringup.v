// ulx3s_bringup -- the ULX3S board top with everything but the SoC: the
// PLL, the reset, the SDRAM with its controller, the flash loader (the boot
// image is copied to SDRAM and checked exactly as before the SoC's harts
// run), an SDRAM test, the UART (status messages, then an echo of what it
// receives) and the LEDs.  `make fpga BOARD=ulx3s` builds it while soc_top
// is not on this branch; ulx3s_top (the same plus soc_top) replaces it.
//
// LEDs: 0 core clock locked and out of reset, 1 SDRAM initialised, 2 boot
// image loaded and good, 3 boot image refused (blinks; err code on the
// serial line), 4 SDRAM test passed, 5 SDRAM test failed, 6 toggles per
// received byte, 7 heartbeat (1 Hz).
// Serial line (115200 8N1 on the FTDI port): "almos-rv ulx3s: loading the
// boot image from flash", then the loader's verdict, then the SDRAM test's,
// then every byte received is echoed.
module ulx3s_bringup #(
    parameter integer      CORE_MHZ      = 40,
    parameter integer      BAUD          = 115200,
    parameter logic [23:0] IMAGE_OFFSET  = 24'h200000,
    parameter logic [31:0] RAM_SIZE      = 32'h0200_0000,     // 2 clusters x 16 MiB
    parameter logic [31:0] DTB_ADDR      = 32'h81E0_0000,
    parameter integer      MEMTEST_WORDS = 65536,
    parameter integer      RESET_HOLD    = 1024,
    parameter integer      SDRAM_INIT_NS = 200000
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
    localparam integer CLK_HZ = CORE_MHZ * 1000000;

    // ---- clock and reset -------------------------------------------------------
    logic clk, locked, rst_n;
    ulx3s_pll #(.CORE_MHZ(CORE_MHZ)) u_pll (.clk_25mhz_i(clk_25mhz), .clk_o(clk), .locked_o(locked));
    board_reset #(.HOLD_CK(RESET_HOLD)) u_reset (
        .clk_i(clk), .btn_ni(btn[0]), .locked_i(locked), .soft_req_i(1'b0), .rst_no(rst_n));

    // ---- SDRAM -------------------------------------------------------------------
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
        .mem_valid_o(ld_valid), .mem_ready_i(req_ready), .mem_addr_o(ld_addr),
        .mem_wdata_o(ld_wdata), .mem_wmask_o(ld_wmask),
        .spi_sck_o(flash_sck), .spi_csn_o(flash_csn), .spi_mosi_o(flash_mosi), .spi_miso_i(flash_miso)
    );
    assign flash_wpn   = 1'b1;
    assign flash_holdn = 1'b1;
    // the flash clock is the configuration pin MCLK: reached through USRMCLK
    USRMCLK u_mclk (.USRMCLKI(flash_sck), .USRMCLKTS(1'b0));

    // ---- SDRAM test, after the loader ----------------------------------------------
    logic        mt_valid, mt_we, mt_pass, mt_fail, loader_over;
    logic [21:0] mt_addr;
    logic [63:0] mt_wdata;
    logic [7:0]  mt_wmask;
    assign loader_over = ld_done || ld_error;

    board_memtest #(.N_WORDS(MEMTEST_WORDS)) u_memtest (
        .clk_i(clk), .rst_ni(rst_n), .start_i(loader_over), .pass_o(mt_pass), .fail_o(mt_fail),
        .req_valid_o(mt_valid), .req_ready_i(req_ready && loader_over), .req_addr_o(mt_addr),
        .req_we_o(mt_we), .req_wdata_o(mt_wdata), .req_wmask_o(mt_wmask),
        .rsp_valid_i(rsp_valid), .rsp_rdata_i(rsp_rdata)
    );

    assign req_valid = loader_over ? mt_valid : ld_valid;
    assign req_addr  = loader_over ? mt_addr  : ld_addr;
    assign req_we    = loader_over ? mt_we    : 1'b1;
    assign req_wdata = loader_over ? mt_wdata : ld_wdata;
    assign req_wmask = loader_over ? mt_wmask : ld_wmask;

    // ---- serial line: messages, then echo ------------------------------------------
    logic       msg_start, msg_busy, msg_valid;
    logic [2:0] msg_id;
    logic [7:0] msg_data;
    logic [1:0] said_q;       // messages printed: 0 none, 1 loading, 2 verdict, 3 memtest
    logic       tx_valid, tx_ready, rx_valid, rx_ready;
    logic [7:0] tx_data, rx_data;

    always_comb begin
        msg_start = 1'b0;
        msg_id    = 3'd0;
        if (!msg_busy) begin
            case (said_q)
                2'd0: msg_start = 1'b1;
                2'd1: begin
                    msg_start = loader_over;
                    msg_id    = ld_done ? 3'd1 : 3'd1 + ld_err;
                end
                2'd2: begin
                    msg_start = mt_pass || mt_fail;
                    msg_id    = mt_pass ? 3'd6 : 3'd7;
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

    assign tx_valid = msg_busy ? msg_valid : rx_valid;
    assign tx_data  = msg_busy ? msg_data  : rx_data;
    assign rx_ready = !msg_busy && tx_ready;

    logic rx_frame_err, rx_overrun;
    board_uart_tx #(.CLK_HZ(CLK_HZ), .BAUD(BAUD)) u_tx (
        .clk_i(clk), .rst_ni(rst_n), .valid_i(tx_valid), .data_i(tx_data), .ready_o(tx_ready),
        .tx_o(ftdi_rxd));
    board_uart_rx #(.CLK_HZ(CLK_HZ), .BAUD(BAUD)) u_rx (
        .clk_i(clk), .rst_ni(rst_n), .rx_i(ftdi_txd), .valid_o(rx_valid), .data_o(rx_data),
        .ready_i(rx_ready), .frame_err_o(rx_frame_err), .overrun_o(rx_overrun));

    // ---- LEDs ------------------------------------------------------------------------
    logic [25:0] beat_q;     // heartbeat: half a second per toggle
    logic        beat_led_q, rx_led_q;
    always_ff @(posedge clk) begin
        if (!rst_n) begin
            beat_q <= '0; beat_led_q <= 1'b0; rx_led_q <= 1'b0;
        end else begin
            if (beat_q == 26'(CLK_HZ / 2 - 1)) begin
                beat_q <= '0; beat_led_q <= !beat_led_q;
            end else begin
                beat_q <= beat_q + 1'b1;
            end
            if (rx_valid && rx_ready) rx_led_q <= !rx_led_q;
        end
    end

    assign led = {beat_led_q, rx_led_q, mt_fail, mt_pass, ld_error && beat_q[22],
                  ld_done, sd_init_done, rst_n};

    // unused: btn[6:1], the receiver's error pulses
    logic unused;
    assign unused = &{1'b0, btn[6:1], rx_frame_err, rx_overrun, ld_part};
endmodule
