// board_reset -- the board top's reset: from the power button, the PLL lock
// and the SoC's finisher, to one synchronous active-low reset.
//
// Place: on the board top, clocked by the core clock (the PLL output).  Its
// rst_no resets everything in the core clock domain: the flash loader (so a
// reset reloads the image, as the model reloads its images on 0x7777), the
// SDRAM controller and soc_top.
//
// Sources:
//   btn_ni      the ULX3S BTN_PWRn (btn[0]): 0 while pressed, asynchronous;
//               two synchroniser flip-flops.
//   locked_i    the PLL's LOCK: reset is held while the clock is not stable
//               (asynchronous to the clock it qualifies: synchronised too).
//   soft_req_i  a synchronous one-cycle request from the core domain: the
//               sifive,test1 finisher written with 0x7777 (soc_top's
//               finish_valid_o && finish_reset_o).
// Any source restarts a counter; rst_no rises HOLD_CK cycles after the last
// source went away.  The button is not debounced: every bounce restarts the
// counter, so reset simply lasts until the bounces end.  The flip-flops
// power up in reset (FPGA flip-flops have an initial value: the ECP5 loads
// 0 into them at configuration), so no external power-on reset is needed.
module board_reset #(
    parameter integer HOLD_CK = 1024
) (
    input  logic clk_i,
    input  logic btn_ni,
    input  logic locked_i,
    input  logic soft_req_i,
    output logic rst_no
);
    localparam integer CNT_W = $clog2(HOLD_CK + 1);

    logic [1:0]       btn_sync_q  = 2'b00;
    logic [1:0]       lock_sync_q = 2'b00;
    logic [CNT_W-1:0] cnt_q       = '0;
    logic             rst_nq      = 1'b0;

    always_ff @(posedge clk_i) begin
        btn_sync_q  <= {btn_sync_q[0], btn_ni};
        lock_sync_q <= {lock_sync_q[0], locked_i};
        if (!btn_sync_q[1] || !lock_sync_q[1] || soft_req_i) begin
            cnt_q  <= '0;
            rst_nq <= 1'b0;
        end else if (cnt_q != CNT_W'(HOLD_CK)) begin
            cnt_q  <= cnt_q + 1'b1;
        end else begin
            rst_nq <= 1'b1;
        end
    end

    assign rst_no = rst_nq;
endmodule
