// board_uart_rx -- 8N1 deserialiser for the board's FTDI serial port.
//
// Place: on the board top, between the ftdi_txd pin (the FTDI chip's TXD: an
// FPGA input) and soc_top's receive byte stream (uart_rx_valid_i /
// uart_rx_data_i / uart_rx_ready_o).
//
// The line is synchronised by two flip-flops (it is asynchronous to clk_i).
// A falling edge starts a frame; the start bit is checked again at its middle
// (a glitch shorter than half a bit is ignored), each data bit is sampled at
// its middle, and the stop bit must read 1 (else the frame is dropped and
// frame_err_o pulses).  The received byte is offered with valid_o until the
// SoC takes it (valid_o && ready_i); a byte that completes while the previous
// one is still waiting is dropped and overrun_o pulses (the SoC's UART has a
// receive FIFO, so at 115200 baud -- one byte per 3470 cycles at 40 MHz --
// this only happens when the SoC is held in reset).
module board_uart_rx #(
    parameter integer CLK_HZ = 40000000,
    parameter integer BAUD   = 115200
) (
    input  logic       clk_i,
    input  logic       rst_ni,
    input  logic       rx_i,        // the serial line, idle high, asynchronous
    output logic       valid_o,
    output logic [7:0] data_o,
    input  logic       ready_i,
    output logic       frame_err_o,
    output logic       overrun_o
);
    localparam integer BIT_CK = (CLK_HZ + BAUD / 2) / BAUD;
    localparam integer CNT_W  = $clog2(BIT_CK);

    logic [1:0]       sync_q;       // two-flop synchroniser; sync_q[1] is the line
    logic             busy_q;
    logic [CNT_W-1:0] tick_q;       // cycles to the next sample point, minus one
    logic [3:0]       bit_q;        // 0 = start bit, 1..8 data, 9 stop
    logic [7:0]       shift_q;

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            sync_q      <= 2'b11;
            busy_q      <= 1'b0;
            tick_q      <= '0;
            bit_q       <= 4'd0;
            valid_o     <= 1'b0;
            frame_err_o <= 1'b0;
            overrun_o   <= 1'b0;
        end else begin
            sync_q      <= {sync_q[0], rx_i};
            frame_err_o <= 1'b0;
            overrun_o   <= 1'b0;
            if (valid_o && ready_i) valid_o <= 1'b0;

            if (!busy_q) begin
                if (!sync_q[1]) begin                  // falling edge: a start bit
                    busy_q <= 1'b1;
                    bit_q  <= 4'd0;
                    tick_q <= CNT_W'(BIT_CK / 2 - 1);  // to the middle of it
                end
            end else if (tick_q != '0) begin
                tick_q <= tick_q - 1'b1;
            end else begin
                tick_q <= CNT_W'(BIT_CK - 1);
                bit_q  <= bit_q + 1'b1;
                if (bit_q == 4'd0) begin
                    if (sync_q[1]) busy_q <= 1'b0;     // a glitch, not a start bit
                end else if (bit_q != 4'd9) begin
                    shift_q <= {sync_q[1], shift_q[7:1]};
                end else begin                          // the stop bit
                    busy_q <= 1'b0;
                    if (!sync_q[1]) begin
                        frame_err_o <= 1'b1;
                    end else if (valid_o && !ready_i) begin
                        overrun_o <= 1'b1;
                    end else begin
                        valid_o <= 1'b1;
                        data_o  <= shift_q;
                    end
                end
            end
        end
    end
endmodule
