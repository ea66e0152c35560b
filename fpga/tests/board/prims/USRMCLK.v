// USRMCLK -- stand-in for the ECP5 user access to the configuration clock
// pin MCLK (the SPI flash clock), simulation only.  The real cell has no
// user-visible output; the simulation takes the flash clock from the hidden
// net mclk, which the bench reads hierarchically (u_mclk.mclk).
/* verilator lint_off UNUSEDSIGNAL */
/* verilator lint_off UNUSEDPARAM */
/* verilator lint_off DECLFILENAME */
`timescale 1ns/1ps
module USRMCLK (input USRMCLKI, input USRMCLKTS);
    wire mclk = USRMCLKTS ? 1'bz : USRMCLKI;
endmodule
