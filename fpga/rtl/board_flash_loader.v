// board_flash_loader -- the board's first-stage loader: copies the boot
// image (OpenSBI fw_dynamic.bin, the kernel, the device tree, the initrd)
// from the SPI flash into the SDRAM, checks every CRC, and only then lets
// the harts leave reset.
//
// Why a hardware loader and not a flash window the harts read: the harts
// never see it.  It runs while soc_top is held in reset, writes the RAM
// through the same port the SoC's banks use, and then the boot is exactly
// the one of the model and QEMU (ROM at 0x1000 -> fw_dynamic at 0x80000000
// with a1 = the device tree): tools/iss (the specification) needs no new
// device, the co-simulation is unchanged, and no boot ROM code has to be
// written for a flash controller.  A finisher reset (0x7777) resets the
// board top, so the image is loaded again, as the model reloads its images.
//
// Image format (tools/fpga-image.py writes it; all words little endian):
//   header, HDR_BYTES = 128 bytes at flash address IMAGE_OFFSET:
//     0x00 u32 magic 0x49565241 ("ARVI")
//     0x04 u16 version (1)       0x06 u16 nparts (1..4)
//     0x08 u32 entry: the firmware's address, must equal ENTRY (the ROM's
//          word at 0x20)
//     0x0C u32 the device tree's address, must equal DTB_ADDR (the ROM's
//          word at 0x28; DTB_ADDR = 0 skips the check)
//     0x10 + 16 i, part i = 0..3 (0 fw_dynamic, 1 kernel, 2 dtb, 3 initrd):
//          u32 flash offset (from IMAGE_OFFSET), u32 size in bytes,
//          u32 load address (physical, 8-aligned, inside RAM),
//          u32 CRC-32 of the part's size bytes
//     0x50 .. 0x7B zero
//     0x7C u32 CRC-32 of header bytes 0x00 .. 0x7B
//   CRC-32 is IEEE 802.3 (reflected, polynomial 0xEDB88320, initial and
//   final XOR 0xFFFFFFFF): Python's zlib.crc32.
//
// Sequence: release the flash from deep power-down (0xAB, then tRES1);
// READ (0x03) the header, check magic, version, nparts, header CRC, entry,
// device tree address and that every part lies in RAM; then READ each part
// and write it to RAM in 64-bit words (a last partial word with a byte
// mask), checking its CRC at the end.  Status:
//   done_o       the image is in RAM and every check passed: release the harts
//   error_o      a check failed; err_code_o says which (ERR_*), err_part_o
//                which part; the harts stay in reset until the next reset.
//   part_o       the part being copied (progress).
//
// Memory port (to the SDRAM controller, ours during loading):
//   mem_valid_o / mem_ready_i, mem_addr_o = (byte address - RAM_BASE) >> 3,
//   mem_wdata_o, mem_wmask_o (bit i = byte i).  Writes only, no response.
module board_flash_loader #(
    parameter logic [23:0] IMAGE_OFFSET = 24'h200000,
    parameter logic [31:0] RAM_BASE     = 32'h8000_0000,
    parameter logic [31:0] RAM_SIZE     = 32'h0200_0000,   // 2 clusters x 16 MiB
    parameter logic [31:0] ENTRY        = 32'h8000_0000,
    parameter logic [31:0] DTB_ADDR     = 32'h81E0_0000,
    parameter integer      SCK_HALF     = 2,
    parameter integer      WAKE_CK      = 200,    // tRES1 3 us at 40 MHz: 120
    parameter integer      MEM_AW       = 22
) (
    input  logic              clk_i,
    input  logic              rst_ni,

    output logic              done_o,
    output logic              error_o,
    output logic [2:0]        err_code_o,
    output logic [1:0]        err_part_o,
    output logic [1:0]        part_o,

    output logic              mem_valid_o,
    input  logic              mem_ready_i,
    output logic [MEM_AW-1:0] mem_addr_o,
    output logic [63:0]       mem_wdata_o,
    output logic [7:0]        mem_wmask_o,

    output logic              spi_sck_o,
    output logic              spi_csn_o,
    output logic              spi_mosi_o,
    input  logic              spi_miso_i
);
    // error codes (err_code_o)
    localparam logic [2:0] ERR_MAGIC  = 3'd1;   // no image: magic, version or nparts wrong
    localparam logic [2:0] ERR_HCRC   = 3'd2;   // header CRC
    localparam logic [2:0] ERR_LAYOUT = 3'd3;   // entry / device tree address / part outside RAM
    localparam logic [2:0] ERR_PCRC   = 3'd4;   // part CRC (err_part_o)

    localparam integer     HDR_BYTES  = 128;
    localparam logic [31:0] MAGIC     = 32'h4956_5241;

    localparam logic [3:0] S_WAKE_CMD  = 4'd0;
    localparam logic [3:0] S_WAKE_WAIT = 4'd1;
    localparam logic [3:0] S_HDR_OPEN  = 4'd2;
    localparam logic [3:0] S_HDR       = 4'd3;
    localparam logic [3:0] S_CHECK     = 4'd4;
    localparam logic [3:0] S_PART_OPEN = 4'd5;
    localparam logic [3:0] S_PART      = 4'd6;
    localparam logic [3:0] S_PART_MEM  = 4'd7;
    localparam logic [3:0] S_PART_END  = 4'd8;
    localparam logic [3:0] S_DONE      = 4'd9;
    localparam logic [3:0] S_ERROR     = 4'd10;

    // CRC-32 of one more byte (reflected, 0xEDB88320)
    function automatic logic [31:0] crc32_byte(input logic [31:0] crc, input logic [7:0] b);
        logic [31:0] c;
        integer k;
        begin
            c = crc ^ {24'h0, b};
            for (k = 0; k < 8; k = k + 1)
                c = c[0] ? ((c >> 1) ^ 32'hEDB8_8320) : (c >> 1);
            crc32_byte = c;
        end
    endfunction

    // ---- the SPI master ----------------------------------------------------
    logic        spi_open, spi_with_addr, spi_read, spi_close, spi_idle, spi_waiting;
    logic [7:0]  spi_cmd;
    logic [23:0] spi_addr;
    logic        byte_valid, byte_ready;
    logic [7:0]  byte_data;

    board_spi_flash #(.SCK_HALF(SCK_HALF)) u_spi (
        .clk_i, .rst_ni,
        .open_i(spi_open), .cmd_i(spi_cmd), .with_addr_i(spi_with_addr), .addr_i(spi_addr),
        .read_i(spi_read), .close_i(spi_close), .idle_o(spi_idle), .waiting_o(spi_waiting),
        .byte_valid_o(byte_valid), .byte_o(byte_data), .byte_ready_i(byte_ready),
        .sck_o(spi_sck_o), .csn_o(spi_csn_o), .mosi_o(spi_mosi_o), .miso_i(spi_miso_i)
    );

    // ---- registers -----------------------------------------------------------
    logic [3:0]  state_q;
    logic [15:0] wait_q;
    logic [31:0] cnt_q;          // bytes of the header / part received so far
    logic [31:0] crc_q;
    logic [2:0]  err_q;
    logic [1:0]  part_q;

    // header fields
    logic [31:0] magic_q, ver_q, entry_q, dtb_q, hcrc_q;
    logic [31:0] p_off_q [0:3];
    logic [31:0] p_size_q[0:3];
    logic [31:0] p_load_q[0:3];
    logic [31:0] p_crc_q [0:3];
    logic [23:0] hdr_word_q;     // the last three header bytes, little endian

    // word assembly
    logic [63:0]       word_q;
    logic [7:0]        mask_q;
    logic [MEM_AW-1:0] waddr_q;

    logic [15:0] nparts;
    assign nparts = ver_q[31:16];

    // layout check of part i: load address 8-aligned, [load, load+size) in RAM
    // and its flash offset within the 16 MiB a 24-bit address reaches
    function automatic logic part_ok(input logic [7:0] off_hi, input logic [31:0] load,
                                     input logic [31:0] size);
        logic [32:0] end_a;
        begin
            end_a   = {1'b0, load} + {1'b0, size};
            part_ok = (off_hi == 8'h00) && (load[2:0] == 3'b000) && (load >= RAM_BASE) &&
                      (end_a <= {1'b0, RAM_BASE} + {1'b0, RAM_SIZE});
        end
    endfunction

    logic [3:0] part_bad;
    genvar gi;
    generate
        for (gi = 0; gi < 4; gi = gi + 1) begin : g_part_chk
            assign part_bad[gi] = (gi < nparts) &&
                                  !part_ok(p_off_q[gi][31:24], p_load_q[gi], p_size_q[gi]);
        end
    endgenerate
    logic layout_ok;
    assign layout_ok = (entry_q == ENTRY) && (DTB_ADDR == 32'h0 || dtb_q == DTB_ADDR) &&
                       (part_bad == 4'b0000);

    logic [31:0] cur_size, cur_load, cur_crc;
    logic [23:0] cur_off;
    assign cur_size = p_size_q[part_q];
    assign cur_load = p_load_q[part_q];
    assign cur_crc  = p_crc_q[part_q];
    assign cur_off  = p_off_q[part_q][23:0];

    // SPI controls
    always_comb begin
        spi_open      = 1'b0;
        spi_cmd       = 8'h03;
        spi_with_addr = 1'b1;
        spi_addr      = IMAGE_OFFSET;
        spi_read      = 1'b0;
        spi_close     = 1'b0;
        byte_ready    = 1'b0;
        case (state_q)
            S_WAKE_CMD: begin
                spi_open = spi_idle; spi_cmd = 8'hAB; spi_with_addr = 1'b0;
                spi_close = spi_waiting;    // right after the command byte
            end
            S_HDR_OPEN:  spi_open = spi_idle;
            S_HDR: begin
                spi_read   = (cnt_q != 32'(HDR_BYTES));
                spi_close  = spi_waiting && (cnt_q == 32'(HDR_BYTES));
                byte_ready = 1'b1;
            end
            S_PART_OPEN: begin
                spi_open = spi_idle;
                spi_addr = IMAGE_OFFSET + cur_off;
            end
            S_PART: begin
                spi_read   = (cnt_q != cur_size);
                spi_close  = spi_waiting && (cnt_q == cur_size);
                byte_ready = 1'b1;
            end
            default: ;
        endcase
    end

    assign mem_valid_o = (state_q == S_PART_MEM);
    assign mem_addr_o  = waddr_q;
    assign mem_wdata_o = word_q;
    assign mem_wmask_o = mask_q;

    assign done_o     = (state_q == S_DONE);
    assign error_o    = (state_q == S_ERROR);
    assign err_code_o = err_q;
    assign err_part_o = part_q;
    assign part_o     = part_q;

    logic [7:0] hb;     // header byte index
    assign hb = cnt_q[7:0];

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            state_q <= S_WAKE_CMD;
            wait_q  <= '0;
            cnt_q   <= '0;
            crc_q   <= 32'hFFFF_FFFF;
            err_q   <= '0;
            part_q  <= '0;
            mask_q  <= '0;
        end else begin
            case (state_q)
                S_WAKE_CMD: if (spi_close) begin
                    wait_q  <= 16'(WAKE_CK);
                    state_q <= S_WAKE_WAIT;
                end
                S_WAKE_WAIT: begin
                    // (the SPI master's CS-high time runs meanwhile)
                    if (wait_q == '0) state_q <= S_HDR_OPEN;
                    else              wait_q  <= wait_q - 1'b1;
                end
                S_HDR_OPEN: if (spi_idle) begin
                    cnt_q   <= '0;
                    crc_q   <= 32'hFFFF_FFFF;
                    state_q <= S_HDR;
                end
                S_HDR: begin
                    if (byte_valid) begin
                        cnt_q      <= cnt_q + 1'b1;
                        hdr_word_q <= {byte_data, hdr_word_q[23:8]};
                        if (hb < 8'h7C) crc_q <= crc32_byte(crc_q, byte_data);
                        // a field is complete when its last byte arrives
                        if (hb[1:0] == 2'd3) begin
                            case (hb[7:2])
                                6'd0:  magic_q <= {byte_data, hdr_word_q};
                                6'd1:  ver_q   <= {byte_data, hdr_word_q};
                                6'd2:  entry_q <= {byte_data, hdr_word_q};
                                6'd3:  dtb_q   <= {byte_data, hdr_word_q};
                                6'd31: hcrc_q  <= {byte_data, hdr_word_q};
                                default: ;
                            endcase
                        end
                    end
                    if (spi_close) state_q <= S_CHECK;
                end
                S_CHECK: begin
                    if (magic_q != MAGIC || ver_q[15:0] != 16'd1 ||
                        nparts == 16'd0 || nparts > 16'd4) begin
                        err_q <= ERR_MAGIC;  state_q <= S_ERROR;
                    end else if (hcrc_q != ~crc_q) begin
                        err_q <= ERR_HCRC;   state_q <= S_ERROR;
                    end else if (!layout_ok) begin
                        err_q <= ERR_LAYOUT; state_q <= S_ERROR;
                    end else begin
                        part_q  <= '0;
                        state_q <= S_PART_OPEN;
                    end
                end
                S_PART_OPEN: begin
                    if (spi_idle) begin
                        cnt_q   <= '0;
                        crc_q   <= 32'hFFFF_FFFF;
                        mask_q  <= '0;
                        waddr_q <= MEM_AW'((cur_load - RAM_BASE) >> 3);
                        state_q <= S_PART;
                    end
                end
                S_PART: begin
                    if (byte_valid) begin
                        cnt_q  <= cnt_q + 1'b1;
                        crc_q  <= crc32_byte(crc_q, byte_data);
                        word_q[8 * cnt_q[2:0] +: 8] <= byte_data;
                        mask_q[cnt_q[2:0]] <= 1'b1;
                        // a full word, or the last byte of the part: write it
                        if (cnt_q[2:0] == 3'd7 || cnt_q + 1'b1 == cur_size) state_q <= S_PART_MEM;
                    end else if (spi_close) begin
                        state_q <= S_PART_END;
                    end
                end
                S_PART_MEM: if (mem_ready_i) begin
                    mask_q  <= '0;
                    waddr_q <= waddr_q + 1'b1;
                    state_q <= S_PART;
                end
                S_PART_END: begin
                    if (~crc_q != cur_crc) begin
                        err_q <= ERR_PCRC;  state_q <= S_ERROR;
                    end else if (32'(part_q) + 1 == {16'h0, nparts}) begin
                        state_q <= S_DONE;
                    end else begin
                        part_q  <= part_q + 1'b1;
                        state_q <= S_PART_OPEN;
                    end
                end
                default: ;   // S_DONE, S_ERROR: until the next reset
            endcase
        end
    end

    // the part table (0x10 .. 0x4F), written as its words complete
    logic [1:0] hp;     // part of header byte hb: (hb >> 4) - 1, modulo 4
    assign hp = hb[5:4] - 2'd1;
    always_ff @(posedge clk_i) begin
        if (state_q == S_HDR && byte_valid && hb[1:0] == 2'd3 && hb >= 8'h10 && hb < 8'h50) begin
            case (hb[3:2])
                2'd0: p_off_q [hp] <= {byte_data, hdr_word_q};
                2'd1: p_size_q[hp] <= {byte_data, hdr_word_q};
                2'd2: p_load_q[hp] <= {byte_data, hdr_word_q};
                default: p_crc_q[hp] <= {byte_data, hdr_word_q};
            endcase
        end
    end
endmodule
