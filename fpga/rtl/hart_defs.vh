// hart_defs.vh -- constants private to the hart: instruction classes of
// hart_decode, exception causes (privileged spec numbering, as
// tools/iss/iss.h), and the memory command codes (soc_defs.vh).
`include "soc_defs.vh"
// (soc_defs.vh turns the warning back on at its end: switch it off after)
/* verilator lint_off UNUSEDPARAM */
localparam [4:0] CLS_ALU = 5'd0, CLS_LUI = 5'd1, CLS_AUIPC = 5'd2, CLS_JAL = 5'd3, CLS_JALR = 5'd4,
                 CLS_BRANCH = 5'd5, CLS_LOAD = 5'd6, CLS_STORE = 5'd7, CLS_AMO = 5'd8,
                 CLS_MULDIV = 5'd9, CLS_FENCE = 5'd10, CLS_FENCEI = 5'd11, CLS_CSR = 5'd12,
                 CLS_ECALL = 5'd13, CLS_EBREAK = 5'd14, CLS_MRET = 5'd15, CLS_SRET = 5'd16,
                 CLS_WFI = 5'd17, CLS_SFENCE = 5'd18;
localparam [63:0] EXC_IACCESS = 64'd1, EXC_ILLEGAL = 64'd2, EXC_BREAK = 64'd3,
                  EXC_LADDR_MISAL = 64'd4, EXC_LACCESS = 64'd5, EXC_SADDR_MISAL = 64'd6,
                  EXC_SACCESS = 64'd7, EXC_ECALL_U = 64'd8, EXC_IPAGE = 64'd12, EXC_LPAGE = 64'd13,
                  EXC_SPAGE = 64'd15;
/* verilator lint_on UNUSEDPARAM */
