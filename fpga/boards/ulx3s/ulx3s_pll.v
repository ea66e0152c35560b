// ulx3s_pll -- the board's core clock: an ECP5 EHXPLLL from the 25 MHz
// oscillator to CORE_MHZ.
//
// The dividers are computed here from CORE_MHZ, as Project Trellis' ecppll
// computes them: VCO near 600 MHz (CLKOP_DIV = 600 / CORE_MHZ, the VCO
// range is 400..800 MHz), the smallest input divider CLKI_DIV (<= 8, so the
// phase detector runs at >= 3.125 MHz) with CORE_MHZ * CLKI_DIV a multiple
// of 25, feedback from CLKOP.  Any multiple of 5 MHz from 10 to 200 works
// (40 MHz: CLKI_DIV 5, CLKFB_DIV 8, CLKOP_DIV 15, VCO 600 MHz); any other
// CORE_MHZ stops the elaboration on an undefined module named after it.
// The loop-filter attributes are ecppll's.
//
// Simulation: fpga/tests/board/prims/EHXPLLL.v is a behavioural stand-in.
module ulx3s_pll #(
    parameter integer CORE_MHZ = 40
) (
    input  logic clk_25mhz_i,
    output logic clk_o,
    output logic locked_o
);
    function integer clki_div(input integer mhz);
        integer d;
        begin
            clki_div = 0;
            for (d = 8; d >= 1; d = d - 1)
                if ((mhz * d) % 25 == 0) clki_div = d;
        end
    endfunction

    localparam integer CLKI_DIV  = clki_div(CORE_MHZ);
    localparam integer CLKFB_DIV = (CLKI_DIV == 0) ? 1 : CORE_MHZ * CLKI_DIV / 25;
    localparam integer CLKOP_DIV = (600 + CORE_MHZ / 2) / CORE_MHZ;
    localparam integer CPHASE    = (CLKOP_DIV - 1) / 2;

    generate
        if (CLKI_DIV == 0 || CLKFB_DIV > 80 || CLKOP_DIV < 1 || CLKOP_DIV > 128 ||
            CORE_MHZ * CLKOP_DIV < 400 || CORE_MHZ * CLKOP_DIV > 800) begin : g_bad
            ulx3s_pll_CORE_MHZ_not_reachable u_error ();
        end
    endgenerate

    // outputs not used: the secondary clocks, the internal feedback and lock
    logic [5:0] unused_out;
    logic       unused;
    assign unused = &{1'b0, unused_out};

    (* ICP_CURRENT = "12" *) (* LPF_RESISTOR = "8" *) (* MFG_ENABLE_FILTEROPAMP = "1" *)
    (* MFG_GMCREF_SEL = "2" *)
    EHXPLLL #(
        .PLLRST_ENA("DISABLED"), .INTFB_WAKE("DISABLED"), .STDBY_ENABLE("DISABLED"),
        .DPHASE_SOURCE("DISABLED"),
        .OUTDIVIDER_MUXA("DIVA"), .OUTDIVIDER_MUXB("DIVB"), .OUTDIVIDER_MUXC("DIVC"),
        .OUTDIVIDER_MUXD("DIVD"),
        .CLKI_DIV(CLKI_DIV), .CLKFB_DIV(CLKFB_DIV),
        .CLKOP_ENABLE("ENABLED"), .CLKOP_DIV(CLKOP_DIV), .CLKOP_CPHASE(CPHASE), .CLKOP_FPHASE(0),
        .FEEDBK_PATH("CLKOP")
    ) u_pll (
        .RST(1'b0), .STDBY(1'b0), .CLKI(clk_25mhz_i), .CLKOP(clk_o), .CLKFB(clk_o),
        .PHASESEL0(1'b0), .PHASESEL1(1'b0), .PHASEDIR(1'b1), .PHASESTEP(1'b1),
        .PHASELOADREG(1'b1), .PLLWAKESYNC(1'b0),
        .ENCLKOP(1'b0), .ENCLKOS(1'b0), .ENCLKOS2(1'b0), .ENCLKOS3(1'b0),
        .LOCK(locked_o), .CLKOS(unused_out[0]), .CLKOS2(unused_out[1]), .CLKOS3(unused_out[2]),
        .CLKINTFB(unused_out[3]), .INTLOCK(unused_out[4]), .REFCLK(unused_out[5])
    );
endmodule
