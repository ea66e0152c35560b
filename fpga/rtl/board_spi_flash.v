// board_spi_flash -- SPI master for the board's configuration flash: sends a
// command byte (and a 24-bit address), then reads bytes one at a time.
//
// Place: inside board_flash_loader.  The pins go to the board top: sck_o to
// the flash clock (on the ULX3S the dedicated MCLK pin, reached through the
// ECP5 USRMCLK primitive), csn_o, mosi_o, miso_i to flash_csn / flash_mosi /
// flash_miso.  SPI mode 0 (clock idles low, the flash samples MOSI on the
// rising edge and shifts MISO out after the falling edge).
//
// Timing: SCK is clk_i / (2 * SCK_HALF): each half period lasts SCK_HALF
// cycles (default 2: 10 MHz at a 40 MHz core clock -- every SPI NOR flash
// reads at that speed with the plain READ command 0x03).  MISO is sampled
// by the clk_i edge at the middle of the high half (SCK_HALF >= 2), i.e. at
// least one cycle after the flash changed it and one before it changes it
// again, whatever the pad, USRMCLK and board delays (a few ns).
//
// Interface (one transaction at a time):
//   open_i (pulse, while idle_o) with cmd_i, with_addr_i, addr_i: CS goes low
//     and the command (and address, MSB first) is shifted out.
//   byte_valid_o / byte_o / byte_ready_i: after the command, the flash's
//     bytes, one at a time; the next byte is clocked only after this one was
//     taken (SPI is static: SCK simply pauses), so the reader never loses
//     data however slow the consumer.
//   read_i (level): ask for bytes.  While read_i is low after the command
//     no byte is clocked.
//   waiting_o: the command is out and no byte is being clocked or offered.
//   close_i (honoured while waiting_o): CS goes high; idle_o
//     returns after CSH_CK cycles of CS high (the flash's tSHSL, >= 50 ns).
module board_spi_flash #(
    parameter integer SCK_HALF = 2,
    parameter integer CSH_CK   = 4
) (
    input  logic        clk_i,
    input  logic        rst_ni,

    input  logic        open_i,
    input  logic [7:0]  cmd_i,
    input  logic        with_addr_i,
    input  logic [23:0] addr_i,
    input  logic        read_i,
    input  logic        close_i,
    output logic        idle_o,
    output logic        waiting_o,   // CS low, command sent, no byte in flight
    output logic        byte_valid_o,
    output logic [7:0]  byte_o,
    input  logic        byte_ready_i,

    output logic        sck_o,
    output logic        csn_o,
    output logic        mosi_o,
    input  logic        miso_i
);
    localparam integer HALF_W = $clog2(SCK_HALF + 1);
    localparam integer CSH_W  = $clog2(CSH_CK + 1);

    localparam logic [2:0] S_IDLE = 3'd0;   // CS high
    localparam logic [2:0] S_CMD  = 3'd1;   // shifting the command / address out
    localparam logic [2:0] S_WAIT = 3'd2;   // CS low, no byte asked
    localparam logic [2:0] S_READ = 3'd3;   // clocking a byte in
    localparam logic [2:0] S_HOLD = 3'd4;   // a byte offered, not yet taken
    localparam logic [2:0] S_CSH  = 3'd5;   // CS high, waiting tSHSL

    logic [2:0]        state_q;
    logic [HALF_W-1:0] half_q;      // cycles left in this SCK half, minus one
    logic [5:0]        bits_q;      // bits left in this shift, minus one
    logic [31:0]       out_q;       // bits to send, MSB first
    logic [7:0]        in_q;        // bits received, MSB first
    logic [CSH_W-1:0]  csh_q;

    assign idle_o       = (state_q == S_IDLE);
    assign waiting_o    = (state_q == S_WAIT);
    assign byte_valid_o = (state_q == S_HOLD);
    assign byte_o       = in_q;
    assign mosi_o       = out_q[31];

    // one SCK period: low half (MOSI set), high half (MISO sampled in the
    // middle); bits_q counts the periods of the current shift.
    logic shifting, half_end, period_end, sample;
    assign shifting   = (state_q == S_CMD) || (state_q == S_READ);
    assign half_end   = (half_q == '0);
    assign period_end = shifting && sck_o && half_end;
    assign sample     = (state_q == S_READ) && sck_o && (half_q == HALF_W'(SCK_HALF / 2));

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            state_q <= S_IDLE;
            half_q  <= '0;
            bits_q  <= '0;
            sck_o   <= 1'b0;
            csn_o   <= 1'b1;
            out_q   <= '0;
            csh_q   <= '0;
        end else begin
            if (shifting) begin
                if (half_end) begin
                    sck_o  <= !sck_o;
                    half_q <= HALF_W'(SCK_HALF - 1);
                end else begin
                    half_q <= half_q - 1'b1;
                end
            end
            if (sample) in_q <= {in_q[6:0], miso_i};

            case (state_q)
                S_IDLE: if (open_i) begin
                    csn_o  <= 1'b0;
                    out_q  <= with_addr_i ? {cmd_i, addr_i} : {cmd_i, 24'h0};
                    bits_q <= with_addr_i ? 6'd31 : 6'd7;
                    half_q <= HALF_W'(SCK_HALF - 1);
                    state_q <= S_CMD;
                end
                S_CMD: if (period_end) begin
                    out_q <= {out_q[30:0], 1'b0};
                    if (bits_q == '0) state_q <= S_WAIT;
                    else              bits_q  <= bits_q - 1'b1;
                end
                S_WAIT: begin
                    if (close_i) begin
                        csn_o   <= 1'b1;
                        csh_q   <= CSH_W'(CSH_CK);
                        state_q <= S_CSH;
                    end else if (read_i) begin
                        bits_q  <= 6'd7;
                        half_q  <= HALF_W'(SCK_HALF - 1);
                        state_q <= S_READ;
                    end
                end
                S_READ: if (period_end) begin
                    if (bits_q == '0) state_q <= S_HOLD;
                    else              bits_q  <= bits_q - 1'b1;
                end
                S_HOLD: if (byte_ready_i) state_q <= S_WAIT;
                S_CSH: begin
                    if (csh_q == '0) state_q <= S_IDLE;
                    else             csh_q   <= csh_q - 1'b1;
                end
                default: state_q <= S_IDLE;
            endcase
        end
    end
endmodule
