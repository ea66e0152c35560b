// board_uart_tx -- 8N1 serialiser for the board's FTDI serial port.
//
// Place: on the board top, between soc_top's transmit byte stream
// (uart_tx_valid_o / uart_tx_data_o / uart_tx_ready_i) and the ftdi_rxd pin
// (the FTDI chip's RXD: an FPGA output, fpga/boards/ulx3s/README.md).
//
// Contract: a byte is taken on a cycle where valid_i && ready_o; ready_o is
// high only while the line is idle, so the SoC's UART keeps the byte (and its
// THRE/TEMT bits) until the serialiser can start it.  The line sends a start
// bit (0), data bits LSB first, a stop bit (1); one bit lasts
// round(CLK_HZ / BAUD) cycles (at 40 MHz, 115200 baud: 347 cycles, 0.06 %
// fast, far inside the +-2 % an 8N1 receiver tolerates).
module board_uart_tx #(
    parameter integer CLK_HZ = 40000000,
    parameter integer BAUD   = 115200
) (
    input  logic       clk_i,
    input  logic       rst_ni,
    input  logic       valid_i,
    input  logic [7:0] data_i,
    output logic       ready_o,
    output logic       tx_o         // the serial line, idle high
);
    localparam integer BIT_CK = (CLK_HZ + BAUD / 2) / BAUD;
    localparam integer CNT_W  = $clog2(BIT_CK);

    logic [CNT_W-1:0] tick_q;       // cycles left in the current bit, minus one
    logic [3:0]       bits_q;       // bits still to send (10 = start .. stop)
    logic [7:0]       shift_q;      // data bits not yet on the line, LSB next

    assign ready_o = (bits_q == 4'd0);

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            tick_q  <= '0;
            bits_q  <= 4'd0;
            shift_q <= 8'hff;
            tx_o    <= 1'b1;
        end else if (bits_q == 4'd0) begin
            if (valid_i) begin
                shift_q <= data_i;
                bits_q  <= 4'd10;
                tick_q  <= CNT_W'(BIT_CK - 1);
                tx_o    <= 1'b0;             // start bit
            end
        end else if (tick_q != '0) begin
            tick_q <= tick_q - 1'b1;
        end else begin
            // next bit: 8 data bits, then the stop bit (the 1s shifted in),
            // then idle (1)
            shift_q <= {1'b1, shift_q[7:1]};
            tx_o    <= shift_q[0];
            bits_q  <= bits_q - 1'b1;
            tick_q  <= CNT_W'(BIT_CK - 1);
        end
    end
endmodule
