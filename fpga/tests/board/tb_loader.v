// tb_loader -- bench of the flash boot path: image file -> SPI flash model
// -> board_flash_loader -> sdram_ctrl -> checking SDRAM model; then the
// bench reads every part back through the controller and compares it with
// the image file byte by byte (Icarus, -g2012; simulation only).
//
// EXPECT_ERR = 0: the loader must end in done_o, every part's bytes must be
// in SDRAM at its load address.  EXPECT_ERR = n: the loader must refuse the
// image with err_code_o = n (and err_part_o = EXPECT_PART for a part CRC
// error), and never raise done_o.  Prints "TB PASS" or "TB FAIL: ...".
`timescale 1ns/1ps
module tb_loader;
    parameter         IMAGE_FILE   = "image.bin";
    parameter integer IMAGE_OFFSET = 24'h200000;
    parameter integer EXPECT_ERR   = 0;
    parameter integer EXPECT_PART  = 0;
    parameter integer DTB_ADDR     = 32'h81E0_0000;
    parameter integer SCK_HALF     = 2;
    parameter integer CLK_PERIOD_PS = 25000;
    parameter integer MAX_CYCLES   = 4000000;
    parameter integer IMG_MAX      = 1 << 18;
    parameter integer WAKE_NS      = 3200;       // the loader's wait after 0xAB (tRES1 3 us)

    localparam real TCK_NS = CLK_PERIOD_PS / 1000.0;

    reg clk = 1'b0, sd_clk = 1'b0, rst_n = 1'b0;
    always #(TCK_NS / 2.0) clk = ~clk;
    always @(clk) sd_clk <= #(TCK_NS / 2.0) clk;      // the board's inverted chip clock

    // ---- loader ------------------------------------------------------------
    wire        done, error;
    wire [2:0]  err_code;
    wire [1:0]  err_part, part;
    wire        l_valid;
    wire [21:0] l_addr;
    wire [63:0] l_wdata;
    wire [7:0]  l_wmask;
    wire        sck, csn, mosi, miso;

    board_flash_loader #(
        .IMAGE_OFFSET(IMAGE_OFFSET[23:0]), .DTB_ADDR(DTB_ADDR[31:0]), .SCK_HALF(SCK_HALF),
        .WAKE_CK(WAKE_NS * 1000 / CLK_PERIOD_PS)
    ) u_loader (
        .clk_i(clk), .rst_ni(rst_n),
        .done_o(done), .error_o(error), .err_code_o(err_code), .err_part_o(err_part), .part_o(part),
        .mem_valid_o(l_valid), .mem_ready_i(req_ready && !bench_owns), .mem_addr_o(l_addr),
        .mem_wdata_o(l_wdata), .mem_wmask_o(l_wmask),
        .spi_sck_o(sck), .spi_csn_o(csn), .spi_mosi_o(mosi), .spi_miso_i(miso)
    );

    spi_flash_model #(.IMAGE_FILE(IMAGE_FILE), .IMAGE_OFFSET(IMAGE_OFFSET), .IMAGE_MAX(IMG_MAX)) u_flash (
        .sck(sck), .csn(csn), .mosi(mosi), .miso(miso), .wpn(1'b1), .holdn(1'b1)
    );

    // ---- SDRAM: the loader's port until it is done, then the bench's -------
    reg         bench_owns = 1'b0;
    reg         b_valid = 1'b0;
    reg  [21:0] b_addr = 22'd0;
    wire        req_valid = bench_owns ? b_valid : l_valid;
    wire [21:0] req_addr  = bench_owns ? b_addr  : l_addr;
    wire        req_we    = !bench_owns;
    wire        req_ready, rsp_valid, init_done;
    wire [63:0] rsp_rdata;
    wire        cke, s_csn, rasn, casn, wen, dq_oe;
    wire [1:0]  ba, dqm;
    wire [12:0] a;
    wire [15:0] dq_o, dq;
    assign dq = dq_oe ? dq_o : 16'hzzzz;

    sdram_ctrl #(.CLK_PERIOD_PS(CLK_PERIOD_PS)) u_ctrl (
        .clk_i(clk), .rst_ni(rst_n),
        .req_valid_i(req_valid), .req_ready_o(req_ready), .req_addr_i(req_addr),
        .req_we_i(req_we), .req_wdata_i(l_wdata), .req_wmask_i(l_wmask),
        .rsp_valid_o(rsp_valid), .rsp_rdata_o(rsp_rdata), .init_done_o(init_done),
        .sdram_cke_o(cke), .sdram_csn_o(s_csn), .sdram_rasn_o(rasn), .sdram_casn_o(casn),
        .sdram_wen_o(wen), .sdram_ba_o(ba), .sdram_a_o(a), .sdram_dqm_o(dqm),
        .sdram_dq_o(dq_o), .sdram_dq_oe_o(dq_oe), .sdram_dq_i(dq)
    );
    sdram_model #(.T_INIT_NS(200000.0), .INIT_REFRESHES(8)) u_chip (
        .clk(sd_clk), .cke(cke), .csn(s_csn), .rasn(rasn), .casn(casn), .wen(wen),
        .ba(ba), .a(a), .dqm(dqm), .dq(dq)
    );

    // ---- the image, as the bench reads it ------------------------------------
    reg [7:0] img [0:IMG_MAX-1];
    integer   img_len;
    function [31:0] w32(input integer o);
        w32 = {img[o + 3], img[o + 2], img[o + 1], img[o]};
    endfunction

    integer cyc = 0, n_writes = 0;
    always @(posedge clk) begin
        cyc <= cyc + 1;
        if (l_valid && req_ready && !bench_owns) n_writes <= n_writes + 1;
        if (cyc > MAX_CYCLES) begin
            $display("TB FAIL: timeout after %0d cycles (loader part %0d)", cyc, part);
            $fatal(1);
        end
    end

    integer fd, p, nparts, off, size, load, i, k, t_done, checked, bad;
    reg [63:0] word;
    initial begin
        for (i = 0; i < IMG_MAX; i = i + 1) img[i] = 8'hFF;
        fd = $fopen(IMAGE_FILE, "rb");
        img_len = (fd != 0) ? $fread(img, fd) : 0;
        if (fd != 0) $fclose(fd);

        repeat (10) @(posedge clk);
        rst_n <= 1'b1;
        wait (done || error);
        t_done = cyc;
        @(posedge clk);
        if (EXPECT_ERR != 0) begin
            if (done || !error) begin
                $display("TB FAIL: the image was accepted, expected error %0d", EXPECT_ERR); $fatal(1);
            end
            if (err_code != EXPECT_ERR || (EXPECT_ERR == 4 && err_part != EXPECT_PART)) begin
                $display("TB FAIL: error %0d part %0d, expected error %0d part %0d",
                         err_code, err_part, EXPECT_ERR, EXPECT_PART); $fatal(1);
            end
            // it must stay refused
            repeat (1000) @(posedge clk);
            if (done) begin $display("TB FAIL: done after an error"); $fatal(1); end
            $display("TB: image refused with error %0d (part %0d) after %0d cycles", err_code, err_part, t_done);
            $display("TB PASS");
            $finish;
        end
        if (!done) begin
            $display("TB FAIL: loader error %0d in part %0d", err_code, err_part); $fatal(1);
        end
        $display("TB: loaded %0d bytes (%0d SDRAM writes) in %0d cycles = %.1f us at %.1f MHz (%.2f cycles per byte)",
                 img_len, n_writes, t_done, t_done * TCK_NS / 1000.0, 1000.0 / TCK_NS,
                 1.0 * t_done / img_len);

        // read every part back through the controller and compare
        bench_owns <= 1'b1;
        nparts = img[6];
        checked = 0; bad = 0;
        for (p = 0; p < nparts; p = p + 1) begin
            off = w32(16 + 16 * p); size = w32(20 + 16 * p); load = w32(24 + 16 * p);
            for (k = 0; k < size; k = k + 8) begin
                b_addr  <= (load - 32'h8000_0000 + k) >> 3;
                b_valid <= 1'b1;
                @(posedge clk);
                while (!req_ready) @(posedge clk);
                b_valid <= 1'b0;
                while (!rsp_valid) @(posedge clk);
                word = rsp_rdata;
                for (i = 0; i < 8 && k + i < size; i = i + 1) begin
                    checked = checked + 1;
                    if (word[8 * i +: 8] !== img[off + k + i]) begin
                        if (bad < 5)
                            $display("TB: part %0d byte %0d at 0x%08x: SDRAM %02x, image %02x",
                                     p, k + i, load + k + i, word[8 * i +: 8], img[off + k + i]);
                        bad = bad + 1;
                    end
                end
            end
            $display("TB: part %0d: %0d bytes at 0x%08x compared", p, size, load);
        end
        if (bad != 0) begin
            $display("TB FAIL: DATA MISMATCH, %0d of %0d bytes differ", bad, checked); $fatal(1);
        end
        $display("TB: %0d bytes in SDRAM equal the image's parts", checked);
        $display("TB PASS");
        $finish;
    end
endmodule
