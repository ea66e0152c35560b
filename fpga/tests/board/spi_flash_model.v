// spi_flash_model -- behavioural model of the ULX3S SPI NOR flash (IS25LP /
// W25Q class) for simulation, loaded from a binary image file.  Icarus
// Verilog (-g2012), simulation only.
//
// The flash holds 0xFF everywhere except the image file, which sits at
// IMAGE_OFFSET (where `make flash` writes it, past the bitstream).  Modelled
// commands, SPI mode 0 (and mode 3: SCK level at CS fall is ignored):
//   0xAB  release from deep power-down (the flash starts powered down when
//         START_PD = 1: any other command before 0xAB + tRES1 is an error)
//   0x03  READ, 24-bit address, data from the next falling edge, address
//         auto-increments, wraps at the end of the array
//   0x0B  FAST READ, 24-bit address + 8 dummy clocks
//   0x05  READ STATUS REGISTER (always 0: never busy)
// Other opcodes are errors (the loader sends only these).
//
// Checks (each prints "FLASH-MODEL ERROR [rule] t=..." and $fatal's):
//   fsck   SCK period (rising to rising) >= 1e3 / FREAD_MHZ ns for 0x03
//          (and >= 1e3 / FMAX_MHZ ns for the others)
//   tSHSL  CS high time between commands >= TSHSL_NS
//   setup  MOSI stable TSU_NS before and THD_NS after each rising edge
//   tRES1  no command until TRES1_NS after the 0xAB's CS rise
//   cmd    unknown opcode, or a command while powered down
// MISO: driven tV (TV_NS) after a falling edge of SCK, held tHO (THO_NS)
// after the next falling edge (X in between), Z while CS is high.
`timescale 1ns/1ps
module spi_flash_model #(
    parameter         IMAGE_FILE   = "image.bin",
    parameter integer IMAGE_OFFSET = 24'h200000,
    parameter integer IMAGE_MAX    = 1 << 20,     // bytes of the image kept
    parameter integer START_PD     = 1,
    parameter real    FREAD_MHZ    = 50.0,
    parameter real    FMAX_MHZ     = 104.0,
    parameter real    TSHSL_NS     = 30.0,
    parameter real    TSU_NS       = 2.0,
    parameter real    THD_NS       = 2.0,
    parameter real    TV_NS        = 7.0,
    parameter real    THO_NS       = 1.0,
    parameter real    TRES1_NS     = 3000.0
) (
    input  wire sck,
    input  wire csn,
    input  wire mosi,
    output wire miso,
    input  wire wpn,
    input  wire holdn
);
    reg [7:0] img [0:IMAGE_MAX-1];
    integer   img_len;

    initial begin : load
        integer fd, i;
        for (i = 0; i < IMAGE_MAX; i = i + 1) img[i] = 8'hFF;
        img_len = 0;
        fd = $fopen(IMAGE_FILE, "rb");
        if (fd == 0) begin
            $display("FLASH-MODEL: no image file %s: the flash is blank", IMAGE_FILE);
        end else begin
            img_len = $fread(img, fd);
            $fclose(fd);
            $display("FLASH-MODEL: %0d bytes of %s at flash address 0x%06x", img_len, IMAGE_FILE, IMAGE_OFFSET);
        end
    end

    function [7:0] rd(input [23:0] a);
        if (a >= IMAGE_OFFSET && a - IMAGE_OFFSET < img_len) rd = img[a - IMAGE_OFFSET];
        else rd = 8'hFF;
    endfunction

    task fail(input [8*16-1:0] rule, input [8*120-1:0] what);
        begin
            $display("FLASH-MODEL ERROR [%0s] t=%0t: %0s", rule, $time, what);
            $fatal(1);
        end
    endtask

    // ---- state ----
    reg        pd;              // deep power-down
    real       t_cs_rise, t_res_end, t_rise, t_mosi, t_last_rise;
    integer    nbits;           // bits received in this command
    reg [7:0]  op;
    reg [23:0] addr;
    reg [7:0]  sh_out;          // byte being shifted out
    integer    out_bit;         // next bit of sh_out to drive (7..0)
    reg        out_en;
    reg        miso_q;
    reg        streaming;

    initial begin
        pd = START_PD;
        t_cs_rise = -1.0e9; t_res_end = 0.0; t_rise = -1.0e9; t_mosi = 0.0; t_last_rise = -1.0e9;
        nbits = 0; out_en = 0; miso_q = 1'bz; streaming = 0;
    end

    assign miso = csn ? 1'bz : miso_q;

    always @(mosi) t_mosi = $realtime;

    always @(negedge csn) begin
        if ($realtime - t_cs_rise < TSHSL_NS)
            fail("tSHSL", "CS low again too soon after CS high");
        if ($realtime < t_res_end)
            fail("tRES1", "command before tRES1 after release from deep power-down");
        nbits = 0; op = 8'h00; out_en = 0; streaming = 0; miso_q = 1'bz;
        t_last_rise = -1.0e9;
    end

    always @(posedge csn) begin
        t_cs_rise = $realtime;
        if (nbits >= 8 && op == 8'hAB) begin
            pd = 0;
            t_res_end = $realtime + TRES1_NS;
        end
        out_en = 0;
    end

    always @(posedge sck) if (!csn) begin
        // clock rate
        if (t_last_rise > 0.0) begin
            if (op == 8'h03 && nbits >= 8 && $realtime - t_last_rise < 1.0e3 / FREAD_MHZ - 0.001)
                fail("fsck", "SCK faster than the READ (0x03) command allows");
            if ($realtime - t_last_rise < 1.0e3 / FMAX_MHZ - 0.001)
                fail("fsck", "SCK faster than the flash allows");
        end
        t_last_rise = $realtime;
        if ($realtime - t_mosi < TSU_NS && nbits < 32)
            fail("setup", "MOSI changed less than tSU before SCK rose");
        t_rise = $realtime;
        #(THD_NS);
        if (t_mosi > t_rise && nbits < 32 && !csn)
            fail("setup", "MOSI changed less than tHD after SCK rose");
        if (nbits < 8) begin
            op = {op[6:0], mosi};
            if (nbits == 7) begin
                if (pd && op != 8'hAB) fail("cmd", "command while in deep power-down");
                if (op != 8'h03 && op != 8'h0B && op != 8'hAB && op != 8'h05)
                    fail("cmd", "unknown opcode");
                if (op == 8'h05) begin sh_out = 8'h00; out_bit = 7; streaming = 1; end
            end
        end else if ((op == 8'h03 || op == 8'h0B) && nbits < 32) begin
            addr = {addr[22:0], mosi};
            if (nbits == 31 && op == 8'h03) begin
                sh_out = rd(addr); out_bit = 7; streaming = 1;
            end
        end else if (op == 8'h0B && nbits == 39) begin
            sh_out = rd(addr); out_bit = 7; streaming = 1;
        end
        nbits = nbits + 1;
    end

    // MISO: the next bit after each falling edge (tHO of the old, tV of the new)
    always @(negedge sck) if (!csn && streaming) begin
        #(THO_NS) miso_q = 1'bx;
        #(TV_NS - THO_NS);
        if (!csn) begin
            miso_q = sh_out[out_bit];
            if (out_bit == 0) begin
                addr = addr + 1'b1;
                if (op == 8'h05) sh_out = 8'h00; else sh_out = rd(addr);
                out_bit = 7;
            end else begin
                out_bit = out_bit - 1;
            end
        end
    end
endmodule
