// tb_bringup -- simulation of the ULX3S bring-up board top (the same top
// `make fpga` synthesizes) on the board: 25 MHz oscillator, the PLL stand-in,
// the SPI flash model loaded from an image file, the checking SDRAM model,
// and a serial terminal (a board_uart_rx in the bench) that prints every
// line the board sends (Icarus, -g2012; simulation only).
//
// Expected: the loader's verdict line (EXPECT_LINE), "sdram test passed",
// the LEDs matching, and the echo of two bytes sent to the board.  The baud
// rate is raised (BAUD) so the run stays short.  Prints "TB PASS" / "TB FAIL".
`timescale 1ns/1ps
module tb_bringup;
    parameter         IMAGE_FILE  = "good.img";
    parameter integer EXPECT_OK   = 1;      // 0: the image must be refused (part 3's CRC)
    localparam [8*40-1:0] EXPECT_LINE = EXPECT_OK ? "boot image ok, starting the harts"
                                                  : "boot image refused: CRC of part 3";
    parameter integer BAUD        = 2000000;
    parameter integer MAX_US      = 20000;

    reg clk25 = 1'b0;
    always #20 clk25 = ~clk25;

    wire [7:0]  led;
    wire        ftdi_rxd;
    reg         ftdi_txd = 1'b1;
    wire        flash_csn, flash_mosi, flash_miso, flash_wpn, flash_holdn;
    wire        sdram_clk, sdram_cke, sdram_csn, sdram_wen, sdram_rasn, sdram_casn;
    wire [12:0] sdram_a;
    wire [1:0]  sdram_ba, sdram_dqm;
    wire [15:0] sdram_d;

    ulx3s_bringup #(.BAUD(BAUD), .MEMTEST_WORDS(512), .RESET_HOLD(16)) u_dut (
        .clk_25mhz(clk25), .btn(7'b0000001), .led(led), .ftdi_rxd(ftdi_rxd), .ftdi_txd(ftdi_txd),
        .flash_csn(flash_csn), .flash_mosi(flash_mosi), .flash_miso(flash_miso),
        .flash_wpn(flash_wpn), .flash_holdn(flash_holdn),
        .sdram_clk(sdram_clk), .sdram_cke(sdram_cke), .sdram_csn(sdram_csn), .sdram_wen(sdram_wen),
        .sdram_rasn(sdram_rasn), .sdram_casn(sdram_casn), .sdram_a(sdram_a), .sdram_ba(sdram_ba),
        .sdram_dqm(sdram_dqm), .sdram_d(sdram_d)
    );

    spi_flash_model #(.IMAGE_FILE(IMAGE_FILE), .IMAGE_MAX(1 << 16)) u_flash (
        .sck(u_dut.u_mclk.mclk), .csn(flash_csn), .mosi(flash_mosi), .miso(flash_miso),
        .wpn(flash_wpn), .holdn(flash_holdn));

    sdram_model #(.T_INIT_NS(200000.0), .INIT_REFRESHES(8)) u_chip (
        .clk(sdram_clk), .cke(sdram_cke), .csn(sdram_csn), .rasn(sdram_rasn), .casn(sdram_casn),
        .wen(sdram_wen), .ba(sdram_ba), .a(sdram_a), .dqm(sdram_dqm), .dq(sdram_d));

    // ---- the terminal: a receiver on the bench's own 40 MHz clock -------------
    reg clk40 = 1'b0;
    always #12.5 clk40 = ~clk40;
    wire       t_valid;
    wire [7:0] t_data;
    wire       t_ferr, t_ovr;
    board_uart_rx #(.CLK_HZ(40000000), .BAUD(BAUD)) u_term (
        .clk_i(clk40), .rst_ni(1'b1), .rx_i(ftdi_rxd), .valid_o(t_valid), .data_o(t_data),
        .ready_i(1'b1), .frame_err_o(t_ferr), .overrun_o(t_ovr));

    reg [8*80-1:0] line = 0;
    integer        n_lines = 0, saw_verdict = 0, saw_mem = 0, echo = 0;
    always @(posedge clk40) if (t_valid) begin
        if (t_data == 8'h0a) begin
            $display("BOARD| %0s", line);
            if (line == EXPECT_LINE) saw_verdict = 1;
            if (line == "sdram test passed") saw_mem = 1;
            n_lines = n_lines + 1;
            line = 0;
        end else if (t_data == "h" || t_data == "i") begin
            if (saw_mem) echo = echo + 1;
            line = {line[8*79-1:0], t_data};
        end else if (t_data != 8'h0d) begin
            line = {line[8*79-1:0], t_data};
        end
    end

    task send(input [7:0] b);
        integer i;
        begin
            ftdi_txd = 1'b0; #(1.0e9 / BAUD);
            for (i = 0; i < 8; i = i + 1) begin ftdi_txd = b[i]; #(1.0e9 / BAUD); end
            ftdi_txd = 1'b1; #(1.0e9 / BAUD);
        end
    endtask

    initial begin
        fork
            begin
                wait (saw_mem || n_lines == 4);
                #2000;
                send("h"); send("i");
                #(30.0e9 / BAUD);
                if (!saw_verdict) begin $display("TB FAIL: no line '%0s'", EXPECT_LINE); $fatal(1); end
                if (!saw_mem) begin $display("TB FAIL: the SDRAM test did not pass"); $fatal(1); end
                if (echo != 2) begin $display("TB FAIL: echo: %0d of 2 bytes came back", echo); $fatal(1); end
                if (led[2] != EXPECT_OK || led[4] != 1'b1 || led[1] != 1'b1 || led[0] != 1'b1) begin
                    $display("TB FAIL: LEDs %b", led); $fatal(1);
                end
                $display("TB: LEDs %b at %0t ns (locked, SDRAM up, image %0s, SDRAM test passed), echo ok",
                         led, $time, EXPECT_OK ? "loaded " : "refused");
                $display("TB PASS");
                $finish;
            end
            begin
                #(MAX_US * 1000.0);
                $display("TB FAIL: timeout, %0d lines, LEDs %b", n_lines, led); $fatal(1);
            end
        join
    end
endmodule
