// EHXPLLL -- behavioural stand-in for the ECP5 PLL, simulation only (the
// real cell is the synthesis tool's).  Only what ulx3s_pll uses: CLKOP =
// CLKI * CLKFB_DIV / CLKI_DIV, LOCK after 16 output cycles.  Under Icarus
// the output period is measured from the input and regenerated; in a
// build for Verilator (no delays) CLKOP is CLKI itself and LOCK rises after 16
// input cycles -- the harness then drives the core clock on clk_25mhz.
/* verilator lint_off UNUSEDSIGNAL */
/* verilator lint_off UNUSEDPARAM */
/* verilator lint_off DECLFILENAME */
`timescale 1ns/1ps
module EHXPLLL #(
    parameter CLKI_DIV = 1, parameter CLKFB_DIV = 1, parameter CLKOP_DIV = 8,
    parameter CLKOS_DIV = 8, parameter CLKOS2_DIV = 8, parameter CLKOS3_DIV = 8,
    parameter CLKOP_ENABLE = "ENABLED", parameter CLKOS_ENABLE = "DISABLED",
    parameter CLKOS2_ENABLE = "DISABLED", parameter CLKOS3_ENABLE = "DISABLED",
    parameter CLKOP_CPHASE = 0, parameter CLKOS_CPHASE = 0, parameter CLKOS2_CPHASE = 0,
    parameter CLKOS3_CPHASE = 0, parameter CLKOP_FPHASE = 0, parameter CLKOS_FPHASE = 0,
    parameter CLKOS2_FPHASE = 0, parameter CLKOS3_FPHASE = 0,
    parameter FEEDBK_PATH = "CLKOP", parameter CLKOP_TRIM_POL = "RISING",
    parameter CLKOP_TRIM_DELAY = 0, parameter CLKOS_TRIM_POL = "RISING", parameter CLKOS_TRIM_DELAY = 0,
    parameter OUTDIVIDER_MUXA = "DIVA", parameter OUTDIVIDER_MUXB = "DIVB",
    parameter OUTDIVIDER_MUXC = "DIVC", parameter OUTDIVIDER_MUXD = "DIVD",
    parameter PLL_LOCK_MODE = 0, parameter PLL_LOCK_DELAY = 200, parameter STDBY_ENABLE = "DISABLED",
    parameter REFIN_RESET = "DISABLED", parameter SYNC_ENABLE = "DISABLED", parameter INT_LOCK_STICKY = "ENABLED",
    parameter DPHASE_SOURCE = "DISABLED", parameter PLLRST_ENA = "DISABLED", parameter INTFB_WAKE = "DISABLED"
) (
    input  CLKI, CLKFB, PHASESEL1, PHASESEL0, PHASEDIR, PHASESTEP, PHASELOADREG, STDBY,
    input  PLLWAKESYNC, RST, ENCLKOP, ENCLKOS, ENCLKOS2, ENCLKOS3,
    output CLKOP, CLKOS, CLKOS2, CLKOS3, LOCK, INTLOCK, REFCLK, CLKINTFB
);
    reg lock_q = 1'b0;
    integer n = 0;
    assign CLKOS = 1'b0; assign CLKOS2 = 1'b0; assign CLKOS3 = 1'b0;
    assign INTLOCK = lock_q; assign REFCLK = CLKI; assign CLKINTFB = 1'b0;
    assign LOCK = lock_q;
`ifdef VERILATOR
    assign CLKOP = CLKI;
    always @(posedge CLKI) begin
        if (n < 16) n <= n + 1; else lock_q <= 1'b1;
    end
`else
    reg   clk_q = 1'b0;
    real  t_last = -1.0, t_in = 0.0;
    assign CLKOP = clk_q;
    always @(posedge CLKI) begin
        if (t_last >= 0.0) t_in = $realtime - t_last;
        t_last = $realtime;
    end
    initial begin
        wait (t_in > 0.0);
        forever begin
            #(t_in * CLKI_DIV / CLKFB_DIV / 2.0) clk_q = ~clk_q;
            if (clk_q) begin
                if (n < 16) n = n + 1; else lock_q = 1'b1;
            end
        end
    end
`endif
endmodule
