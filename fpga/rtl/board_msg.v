// board_msg -- fixed status messages of the board top on the serial line
// (before the SoC runs: the loader's progress and verdict, a bring-up
// top's SDRAM test).
//
// Place: on the board top, in front of board_uart_tx; the top gives the
// UART to the SoC once the loader is done (the SoC is in reset until then).
//
// Contract: start_i (pulse, while busy_o is low) with msg_i prints message
// msg_i; a '#' in a message is replaced by the digit arg_i (0..9).  Bytes
// leave on valid_o / data_o / ready_i (valid/ready).  Messages, each ending
// in CR LF:
//   0 MSG_LOADING   "almos-rv ulx3s: loading the boot image from flash"
//   1 MSG_OK        "boot image ok, starting the harts"
//   2 MSG_MAGIC     "boot image refused: no image in flash (magic)"
//   3 MSG_HCRC      "boot image refused: header CRC"
//   4 MSG_LAYOUT    "boot image refused: layout (built for another memory size?)"
//   5 MSG_PCRC      "boot image refused: CRC of part #"
//   6 MSG_MEM_OK    "sdram test passed"
//   7 MSG_MEM_FAIL  "sdram test FAILED"
module board_msg (
    input  logic       clk_i,
    input  logic       rst_ni,
    input  logic       start_i,
    input  logic [2:0] msg_i,
    input  logic [3:0] arg_i,
    output logic       busy_o,
    output logic       valid_o,
    output logic [7:0] data_o,
    input  logic       ready_i
);
    localparam integer LEN = 64;      // characters per message slot

    // message m, character i (0 = end of message)
    function automatic logic [7:0] text(input logic [2:0] m, input logic [5:0] i);
        logic [8*LEN-1:0] s;
        integer n;
        begin
            case (m)
                3'd0: begin s = "\015\012almos-rv ulx3s: loading the boot image from flash\015\012"; n = 53; end
                3'd1: begin s = "boot image ok, starting the harts\015\012"; n = 35; end
                3'd2: begin s = "boot image refused: no image in flash (magic)\015\012"; n = 47; end
                3'd3: begin s = "boot image refused: header CRC\015\012"; n = 32; end
                3'd4: begin s = "boot image refused: layout (built for another memory size?)\015\012"; n = 61; end
                3'd5: begin s = "boot image refused: CRC of part #\015\012"; n = 35; end
                3'd6: begin s = "sdram test passed\015\012"; n = 19; end
                default: begin s = "sdram test FAILED\015\012"; n = 19; end
            endcase
            // a string literal is right-aligned: character i of n is at 8*(n-1-i)
            text = (32'(i) < n) ? s[8 * (n - 1 - 32'(i)) +: 8] : 8'h00;
        end
    endfunction

    logic       busy_q;
    logic [2:0] msg_q;
    logic [3:0] arg_q;
    logic [5:0] idx_q;
    logic [7:0] ch;

    assign ch      = text(msg_q, idx_q);
    assign busy_o  = busy_q;
    assign valid_o = busy_q && (ch != 8'h00);
    assign data_o  = (ch == "#") ? (8'h30 + {4'h0, arg_q}) : ch;

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            busy_q <= 1'b0;
            idx_q  <= '0;
        end else if (!busy_q) begin
            if (start_i) begin
                busy_q <= 1'b1;
                msg_q  <= msg_i;
                arg_q  <= arg_i;
                idx_q  <= '0;
            end
        end else if (ch == 8'h00) begin
            busy_q <= 1'b0;
        end else if (ready_i) begin
            idx_q <= idx_q + 1'b1;
        end
    end
endmodule
