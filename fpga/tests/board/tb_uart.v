// tb_uart -- bench of board_uart_tx and board_uart_rx (Icarus, -g2012).
// The transmitter sends every byte value 0..255 and the receiver, on its
// own clock idea, must get each one: TX_CLK_HZ != CLK_HZ skews the
// transmitter's baud rate (a +-2 % skew must pass).  FRAME_TEST = 1 also
// drives a frame with a 0 stop bit into the receiver: frame_err_o must
// pulse and no byte may come out.  The SoC side of the receiver takes bytes
// only every other cycle (ready toggles).  Prints "TB PASS" / "TB FAIL".
`timescale 1ns/1ps
module tb_uart;
    parameter integer CLK_HZ     = 40000000;
    parameter integer TX_CLK_HZ  = 40000000;    // the clock the transmitter thinks it has
    parameter integer BAUD       = 115200;
    parameter integer FRAME_TEST = 1;

    localparam real TCK_NS = 1.0e9 / CLK_HZ;
    reg clk = 1'b0, rst_n = 1'b0;
    always #(TCK_NS / 2.0) clk = ~clk;

    reg        tx_valid = 1'b0;
    reg  [7:0] tx_data = 8'd0;
    wire       tx_ready, line;
    reg        force_line = 1'b0, forced = 1'b1;
    wire       rx_line = force_line ? forced : line;
    wire       rx_valid, frame_err, overrun;
    wire [7:0] rx_data;
    reg        rx_ready = 1'b0;

    board_uart_tx #(.CLK_HZ(TX_CLK_HZ), .BAUD(BAUD)) u_tx (
        .clk_i(clk), .rst_ni(rst_n), .valid_i(tx_valid), .data_i(tx_data), .ready_o(tx_ready), .tx_o(line));
    board_uart_rx #(.CLK_HZ(CLK_HZ), .BAUD(BAUD)) u_rx (
        .clk_i(clk), .rst_ni(rst_n), .rx_i(rx_line), .valid_o(rx_valid), .data_o(rx_data),
        .ready_i(rx_ready), .frame_err_o(frame_err), .overrun_o(overrun));

    always @(posedge clk) rx_ready <= !rx_ready;

    integer got = 0, n_frame_err = 0, errors = 0;
    always @(posedge clk) begin
        if (rx_valid && rx_ready) begin
            if (rx_data !== got[7:0]) begin
                $display("TB: byte %0d received as %02x", got, rx_data);
                errors = errors + 1;
            end
            got = got + 1;
        end
        if (frame_err) n_frame_err = n_frame_err + 1;
        if (overrun) begin $display("TB FAIL: overrun"); $fatal(1); end
    end

    integer i, b;
    real bit_ns;
    initial begin
        bit_ns = 1.0e9 / BAUD;
        repeat (5) @(posedge clk);
        rst_n <= 1'b1;
        for (i = 0; i < 256; i = i + 1) begin
            tx_valid <= 1'b1; tx_data <= i[7:0];
            @(posedge clk);
            while (!tx_ready) @(posedge clk);
            // (taken at this edge: valid && ready)
        end
        tx_valid <= 1'b0;
        #(bit_ns * 12);
        if (got != 256 || errors != 0 || n_frame_err != 0) begin
            $display("TB FAIL: %0d bytes received, %0d wrong, %0d frame errors", got, errors, n_frame_err);
            $fatal(1);
        end
        $display("TB: 256 bytes through tx -> rx, baud skew %.2f %%", 100.0 * (CLK_HZ - TX_CLK_HZ) / TX_CLK_HZ);
        if (FRAME_TEST) begin
            force_line = 1'b1;
            forced = 1'b0; #(bit_ns);                        // start
            for (b = 0; b < 8; b = b + 1) begin forced = b[0]; #(bit_ns); end
            forced = 1'b0; #(bit_ns);                        // a bad stop bit
            forced = 1'b1; #(bit_ns * 3);
            if (n_frame_err != 1 || got != 256) begin
                $display("TB FAIL: bad stop bit: %0d frame errors, %0d bytes", n_frame_err, got); $fatal(1);
            end
            $display("TB: a frame with a 0 stop bit is dropped and flagged");
        end
        $display("TB PASS");
        $finish;
    end
endmodule
