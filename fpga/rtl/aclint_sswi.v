// aclint_sswi -- the ACLINT supervisor software interrupt device at
// SOC_SSWI_BASE (riscv,aclint-sswi, as QEMU virt's with aclint=on;
// tools/iss/dev.c sswi_access): one 32-bit SETSSIP register per hart at
// 4h.  A store with bit 0 set raises hart h's mip.SSIP, which S-mode then
// clears itself through sip; a store of 0 does nothing; loads return 0.
// Widths other than 4 bytes, and misaligned offsets, are access faults
// (QEMU takes 4-byte accesses only); registers of absent harts read 0 and
// ignore writes.  The device keeps no state: SSIP lives in the hart.
//
// A device of soc_devbus: performed in the req_valid_i cycle, rsp_err_o
// the next cycle.  ssip_set_o[h] (to hart h's irq_ssoft_set_i) is high in
// the cycle the store is performed, so SSIP is set at the same clock edge
// as the store's response is taken: the store retires with SSIP already
// set, the order the model (which sets it when the store retires) sees.
module aclint_sswi #(
    parameter integer NH = 1
) (
    input  logic          clk_i,
    input  logic          rst_ni,
    input  logic          req_valid_i,
    input  logic          req_we_i,
    input  logic [13:0]   req_addr_i,
    input  logic [1:0]    req_size_i,
    input  logic          req_wdata_i,     // bit 0 of the store data
    output logic          rsp_err_o,
    output logic [NH-1:0] ssip_set_o
);
    logic        bad;
    logic [11:0] hart;
    assign bad  = req_size_i != 2'd2 || req_addr_i[1:0] != 2'd0;
    assign hart = req_addr_i[13:2];

    genvar g;
    generate
        for (g = 0; g < NH; g = g + 1) begin : gen_set
            assign ssip_set_o[g] = req_valid_i && req_we_i && !bad && req_wdata_i && hart == g;
        end
    endgenerate

    always_ff @(posedge clk_i) begin
        if (!rst_ni) rsp_err_o <= 1'b0;
        else if (req_valid_i) rsp_err_o <= bad;
    end
endmodule
