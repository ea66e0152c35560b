// tb_devices.v -- register-level bench of the SoC's devices (clint,
// aclint_sswi, plic, uart16550, soc_finisher) against the behaviour of tools/iss/dev.c and
// the decisions of platform/fpga-soc/README.md.  Icarus (-g2012).  Prints
// "tb_devices: N checks, M failed" and finishes with $fatal on a failure.
`timescale 1ns/1ps
module tb_devices;
    logic clk = 0, rst_n = 0;
    always #5 clk = ~clk;
    integer checks = 0, fails = 0;

    task automatic check(input [255:0] what, input [63:0] got, input [63:0] exp);
        checks = checks + 1;
        if (got !== exp) begin
            fails = fails + 1;
            $display("FAIL %0s: got %h, expected %h", what, got, exp);
        end
    endtask

    // ---------------- CLINT (2 harts, mtime every 3 cycles) ----------------
    logic c_v = 0, c_we = 0; logic [15:0] c_a = 0; logic [1:0] c_s = 0; logic [63:0] c_wd = 0;
    logic [63:0] c_rd, mtime; logic c_err; logic [1:0] msip, mtip;
    clint #(.NH(2), .MTIME_DIV(3)) u_clint (.clk_i(clk), .rst_ni(rst_n), .req_valid_i(c_v), .req_we_i(c_we),
        .req_addr_i(c_a), .req_size_i(c_s), .req_wdata_i(c_wd), .rsp_rdata_o(c_rd), .rsp_err_o(c_err),
        .mtime_o(mtime), .msip_o(msip), .mtip_o(mtip));
    task automatic clint_acc(input we, input [15:0] a, input [1:0] s, input [63:0] wd, output [63:0] rd, output err);
        @(negedge clk); c_v = 1; c_we = we; c_a = a; c_s = s; c_wd = wd;
        @(negedge clk); c_v = 0; rd = c_rd; err = c_err;
    endtask

    // ---------------- PLIC (2 harts: contexts 0..3) ----------------
    logic p_v = 0, p_we = 0; logic [25:0] p_a = 0; logic [1:0] p_s = 0; logic [31:0] p_wd = 0;
    logic [31:0] p_rd; logic p_err; logic [3:0] eip; logic [95:0] src = 0;
    plic #(.NH(2), .NSRC(96)) u_plic (.clk_i(clk), .rst_ni(rst_n), .irq_src_i(src), .req_valid_i(p_v),
        .req_we_i(p_we), .req_addr_i(p_a), .req_size_i(p_s), .req_wdata_i(p_wd), .rsp_rdata_o(p_rd),
        .rsp_err_o(p_err), .eip_o(eip));
    task automatic plic_acc(input we, input [25:0] a, input [1:0] s, input [31:0] wd, output [31:0] rd, output err);
        @(negedge clk); p_v = 1; p_we = we; p_a = a; p_s = s; p_wd = wd;
        @(negedge clk); p_v = 0; rd = p_rd; err = p_err;
    endtask

    // ---------------- UART ----------------
    logic u_v = 0, u_we = 0; logic [7:0] u_a = 0; logic [1:0] u_s = 0; logic [7:0] u_wd = 0;
    logic [7:0] u_rd; logic u_err, tx_valid, tx_ready = 0, rx_valid = 0, rx_ready, irq;
    logic [7:0] tx_data, rx_data = 0;
    uart16550 u_uart (.clk_i(clk), .rst_ni(rst_n), .req_valid_i(u_v), .req_we_i(u_we), .req_addr_i(u_a),
        .req_size_i(u_s), .req_wdata_i(u_wd), .rsp_rdata_o(u_rd), .rsp_err_o(u_err), .tx_valid_o(tx_valid),
        .tx_data_o(tx_data), .tx_ready_i(tx_ready), .rx_valid_i(rx_valid), .rx_data_i(rx_data),
        .rx_ready_o(rx_ready), .irq_o(irq));
    task automatic uart_acc(input we, input [7:0] a, input [1:0] s, input [7:0] wd, output [7:0] rd, output err);
        @(negedge clk); u_v = 1; u_we = we; u_a = a; u_s = s; u_wd = wd;
        @(negedge clk); u_v = 0; rd = u_rd; err = u_err;
    endtask

    // ---------------- ACLINT SSWI (3 harts) ----------------
    logic s_v = 0, s_we = 0; logic [13:0] s_a = 0; logic [1:0] s_s = 0; logic s_wd = 0;
    logic s_err; logic [2:0] s_set, s_seen;
    aclint_sswi #(.NH(3)) u_sswi (.clk_i(clk), .rst_ni(rst_n), .req_valid_i(s_v), .req_we_i(s_we),
        .req_addr_i(s_a), .req_size_i(s_s), .req_wdata_i(s_wd), .rsp_err_o(s_err), .ssip_set_o(s_set));
    // s_seen: the pulses of the access's cycle (sampled at its rising edge)
    task automatic sswi_acc(input we, input [13:0] a, input [1:0] s, input wd, output err);
        @(negedge clk); s_v = 1; s_we = we; s_a = a; s_s = s; s_wd = wd;
        @(posedge clk); s_seen = s_set;
        @(negedge clk); s_v = 0; err = s_err;
        #1 check("sswi: pulse lasts one cycle", {61'd0, s_set}, 0);
    endtask

    // ---------------- finisher ----------------
    logic f_v = 0, f_we = 0; logic [11:0] f_a = 0; logic [1:0] f_s = 0; logic [31:0] f_wd = 0;
    logic f_valid, f_reset; logic [15:0] f_code;
    soc_finisher u_test (.clk_i(clk), .rst_ni(rst_n), .req_valid_i(f_v), .req_we_i(f_we), .req_addr_i(f_a),
        .req_size_i(f_s), .req_wdata_i(f_wd), .finish_valid_o(f_valid), .finish_code_o(f_code),
        .finish_reset_o(f_reset));
    task automatic fin_wr(input [11:0] a, input [1:0] s, input [31:0] wd);
        @(negedge clk); f_v = 1; f_we = 1; f_a = a; f_s = s; f_wd = wd;
        @(negedge clk); f_v = 0;
    endtask
    task automatic reset_all;
        @(negedge clk); rst_n = 0; @(negedge clk); @(negedge clk); rst_n = 1;
    endtask

    logic [63:0] r, r2; logic e; logic [31:0] pr; logic [7:0] ur; integer i;
    initial begin
        reset_all;
        // ---- CLINT ----
        clint_acc(0, 16'h4000, 3, 0, r, e);             check("mtimecmp0 reset", r, 64'hffff_ffff_ffff_ffff);
        check("mtimecmp0 err", {63'd0, e}, 0);
        clint_acc(1, 16'h4008, 3, 64'h1122334455667788, r, e);
        clint_acc(0, 16'h4008, 3, 0, r, e);              check("mtimecmp1 8B", r, 64'h1122334455667788);
        clint_acc(0, 16'h400c, 2, 0, r, e);              check("mtimecmp1 hi 4B", r, 64'h11223344);
        clint_acc(0, 16'h4009, 0, 0, r, e);              check("mtimecmp1 byte 1", r, 64'h77);
        clint_acc(1, 16'h400c, 2, 64'h0, r, e);
        clint_acc(0, 16'h4008, 3, 0, r, e);              check("mtimecmp1 hi cleared", r, 64'h55667788);
        clint_acc(1, 16'h400a, 1, 64'habcd, r, e);
        clint_acc(0, 16'h4008, 3, 0, r, e);              check("mtimecmp1 2B at +2", r, 64'habcd7788);
        clint_acc(1, 16'h0004, 2, 1, r, e);              check("msip1 set", {62'd0, msip}, 2);
        clint_acc(0, 16'h0004, 2, 0, r, e);              check("msip1 read", r, 1);
        clint_acc(1, 16'h0004, 2, 2, r, e);              check("msip1 keeps bit 0 only", {62'd0, msip}, 0);
        clint_acc(1, 16'h0000, 2, 1, r, e);
        clint_acc(1, 16'h0001, 0, 0, r, e);              check("msip0 byte 1 write ignored", {62'd0, msip}, 1);
        clint_acc(1, 16'h0000, 0, 0, r, e);              check("msip0 byte 0 write", {62'd0, msip}, 0);
        clint_acc(0, 16'h0000, 3, 0, r, e);              check("msip 8B straddles: fault", {63'd0, e}, 1);
        clint_acc(0, 16'hc000, 2, 0, r, e);              check("0xc000 faults", {63'd0, e}, 1);
        clint_acc(0, 16'h0008, 2, 0, r, e);              check("absent hart msip: 0", r, 0);
        check("absent hart msip: no fault", {63'd0, e}, 0);
        clint_acc(0, 16'h4010, 3, 0, r, e);              check("absent hart mtimecmp: 0", r, 0);
        clint_acc(0, 16'hbff8, 3, 0, r, e);
        repeat (30) @(negedge clk);
        clint_acc(0, 16'hbff8, 3, 0, r2, e);
        check("mtime ticks every 3 cycles (32 cycles)", (r2 - r >= 10 && r2 - r <= 11) ? 1 : 0, 1);
        clint_acc(1, 16'hbff8, 3, 0, r, e);
        clint_acc(0, 16'hbff8, 3, 0, r2, e);             check("mtime write ignored", r2 > 5 ? 1 : 0, 1);
        check("mtime_o", mtime - r2 <= 1 ? 1 : 0, 1);
        check("mtip0 low (mtimecmp0 = max)", {63'd0, mtip[0]}, 0);
        clint_acc(1, 16'h4000, 3, mtime + 4, r, e);      check("mtip0 not yet", {63'd0, mtip[0]}, 0);
        repeat (15) @(negedge clk);                      check("mtip0 after mtime passes", {63'd0, mtip[0]}, 1);
        clint_acc(1, 16'h4004, 2, 1, r, e);              check("mtip0 cleared by a later mtimecmp", {63'd0, mtip[0]}, 0);

        // ---- PLIC ----
        plic_acc(0, 26'h28, 0, 0, pr, e);                check("plic byte access faults", {63'd0, e}, 1);
        plic_acc(1, 26'h28, 2, 32'hff, pr, e);
        plic_acc(0, 26'h28, 2, 0, pr, e);                check("prio[10] 3 bits", {32'd0, pr}, 7);
        check("plic 32-bit no fault", {63'd0, e}, 0);
        plic_acc(1, 26'h28, 2, 1, pr, e);
        plic_acc(1, 26'h2000, 2, 32'h400, pr, e);        // ctx 0 (hart 0 M) enables source 10
        plic_acc(0, 26'h2000, 2, 0, pr, e);              check("enable ctx0 w0", {32'd0, pr}, 32'h400);
        check("no eip while quiet", {60'd0, eip}, 0);
        src[10] = 1; @(negedge clk);                     check("eip ctx0 on source 10", {60'd0, eip}, 1);
        plic_acc(0, 26'h1000, 2, 0, pr, e);              check("pending w0", {32'd0, pr}, 32'h400);
        plic_acc(0, 26'h200004, 2, 0, pr, e);            check("claim ctx0", {32'd0, pr}, 10);
        check("eip drops after claim", {60'd0, eip}, 0);
        plic_acc(0, 26'h1000, 2, 0, pr, e);              check("not pending while claimed", {32'd0, pr}, 0);
        plic_acc(0, 26'h200004, 2, 0, pr, e);            check("second claim: 0", {32'd0, pr}, 0);
        plic_acc(1, 26'h200004, 2, 10, pr, e);           check("complete: eip again (level)", {60'd0, eip}, 1);
        plic_acc(1, 26'h200000, 2, 1, pr, e);            check("threshold = prio: no eip", {60'd0, eip}, 0);
        plic_acc(0, 26'h200000, 2, 0, pr, e);            check("threshold read", {32'd0, pr}, 1);
        plic_acc(1, 26'h200000, 2, 32'hf, pr, e);
        plic_acc(0, 26'h200000, 2, 0, pr, e);            check("threshold 3 bits", {32'd0, pr}, 7);
        plic_acc(1, 26'h200000, 2, 0, pr, e);
        plic_acc(1, 26'h2000 + 3 * 26'h80, 2, 32'h0010_0400, pr, e);  // ctx 3 (hart 1 S): 10 and 20
        check("eip ctx3", {60'd0, eip}, 4'b1001);
        plic_acc(1, 26'h50, 2, 5, pr, e);                // prio[20] = 5
        src[20] = 1;
        plic_acc(0, 26'h203004, 2, 0, pr, e);            check("claim ctx3: highest prio", {32'd0, pr}, 20);
        plic_acc(0, 26'h203004, 2, 0, pr, e);            check("claim ctx3: next", {32'd0, pr}, 10);
        plic_acc(1, 26'h203004, 2, 20, pr, e);
        plic_acc(1, 26'h203004, 2, 10, pr, e);
        plic_acc(1, 26'h50, 2, 1, pr, e);                // equal priorities: lowest id
        plic_acc(0, 26'h203004, 2, 0, pr, e);            check("claim: tie to lowest id", {32'd0, pr}, 10);
        plic_acc(1, 26'h203004, 2, 10, pr, e);
        // sources in different halves of the selection tree (40 < 64 <= 90, 95 the last)
        src = 0;
        plic_acc(1, 26'h2000 + 3 * 26'h80 + 4, 2, 32'h0000_0100, pr, e);  // ctx 3: 40
        plic_acc(1, 26'h2000 + 3 * 26'h80 + 8, 2, 32'h8400_0000, pr, e);  // ctx 3: 90, 95
        plic_acc(1, 26'h0a0, 2, 2, pr, e);               // prio[40] = 2
        plic_acc(1, 26'h168, 2, 2, pr, e);               // prio[90] = 2
        plic_acc(1, 26'h17c, 2, 2, pr, e);               // prio[95] = 2
        src[95] = 1;
        plic_acc(0, 26'h203004, 2, 0, pr, e);            check("claim: source 95", {32'd0, pr}, 95);
        plic_acc(1, 26'h203004, 2, 95, pr, e);
        src[90] = 1; src[40] = 1;
        plic_acc(0, 26'h203004, 2, 0, pr, e);            check("claim: tie across halves to 40", {32'd0, pr}, 40);
        plic_acc(1, 26'h203004, 2, 40, pr, e);
        plic_acc(1, 26'h168, 2, 3, pr, e);               // prio[90] = 3
        plic_acc(0, 26'h203004, 2, 0, pr, e);            check("claim: higher prio in the upper half", {32'd0, pr}, 90);
        plic_acc(0, 26'h203004, 2, 0, pr, e);            check("claim: then 40", {32'd0, pr}, 40);
        plic_acc(0, 26'h203004, 2, 0, pr, e);            check("claim: then 95", {32'd0, pr}, 95);
        check("no eip ctx3 while all claimed", {63'd0, eip[3]}, 0);
        plic_acc(1, 26'h203004, 2, 90, pr, e);
        plic_acc(1, 26'h203004, 2, 40, pr, e);
        plic_acc(1, 26'h203004, 2, 95, pr, e);
        src = 0;
        plic_acc(0, 26'h204000, 2, 0, pr, e);            check("absent ctx 4 threshold: 0", {32'd0, pr}, 0);
        check("absent ctx: no fault", {63'd0, e}, 0);
        plic_acc(0, 26'h2000 + 4 * 26'h80, 2, 0, pr, e); check("absent ctx 4 enable: 0", {32'd0, pr}, 0);
        plic_acc(0, 26'h180, 2, 0, pr, e);               check("prio[96]: 0", {32'd0, pr}, 0);
        src = 0;

        // ---- UART ----
        uart_acc(0, 5, 1, 0, ur, e);                     check("uart 16-bit faults", {63'd0, e}, 1);
        uart_acc(0, 5, 0, 0, ur, e);                     check("LSR reset", {56'd0, ur}, 8'h60);
        uart_acc(0, 2, 0, 0, ur, e);                     check("IIR reset", {56'd0, ur}, 8'h01);
        uart_acc(0, 6, 0, 0, ur, e);                     check("MSR", {56'd0, ur}, 8'hb0);
        uart_acc(1, 0, 0, "A", ur, e);                   check("tx valid", {63'd0, tx_valid}, 1);
        check("tx data", {56'd0, tx_data}, "A");
        uart_acc(0, 5, 0, 0, ur, e);                     check("LSR tx busy", {56'd0, ur}, 8'h00);
        @(negedge clk); tx_ready = 1; @(negedge clk); tx_ready = 0;
        check("tx drained", {63'd0, tx_valid}, 0);
        uart_acc(0, 5, 0, 0, ur, e);                     check("LSR tx empty", {56'd0, ur}, 8'h60);
        check("no irq with IER 0", {63'd0, irq}, 0);
        uart_acc(1, 1, 0, 2, ur, e);                     check("ETBEI while empty: irq", {63'd0, irq}, 1);
        uart_acc(0, 2, 0, 0, ur, e);                     check("IIR THRE", {56'd0, ur}, 8'h02);
        uart_acc(0, 2, 0, 0, ur, e);                     check("IIR read cleared THRE", {56'd0, ur}, 8'h01);
        check("irq cleared", {63'd0, irq}, 0);
        uart_acc(1, 0, 0, "B", ur, e);
        uart_acc(1, 0, 0, "C", ur, e);                   check("no irq while tx FIFO busy", {63'd0, irq}, 0);
        @(negedge clk); tx_ready = 1;
        @(negedge clk);                                  check("tx B", {56'd0, tx_data}, "C");
        @(negedge clk); tx_ready = 0;                    check("THRE irq once drained", {63'd0, irq}, 1);
        uart_acc(1, 1, 0, 0, ur, e);                     check("IER 0: no irq", {63'd0, irq}, 0);
        uart_acc(0, 1, 0, 0, ur, e);                     check("IER read", {56'd0, ur}, 0);
        uart_acc(0, 2, 0, 0, ur, e);                     // clear THRE
        for (i = 0; i < 17; i = i + 1) begin
            @(negedge clk); rx_data = 8'h30 + i[7:0]; rx_valid = rx_ready;
        end
        @(negedge clk); rx_valid = 0;                    check("rx FIFO full after 16", {63'd0, rx_ready}, 0);
        uart_acc(0, 5, 0, 0, ur, e);                     check("LSR DR", {56'd0, ur}, 8'h61);
        uart_acc(1, 1, 0, 1, ur, e);                     check("ERBFI: irq", {63'd0, irq}, 1);
        uart_acc(0, 2, 0, 0, ur, e);                     check("IIR RX", {56'd0, ur}, 8'h04);
        uart_acc(0, 0, 0, 0, ur, e);                     check("RBR 0", {56'd0, ur}, 8'h30);
        uart_acc(0, 0, 0, 0, ur, e);                     check("RBR 1", {56'd0, ur}, 8'h31);
        uart_acc(1, 2, 0, 8'h03, ur, e);                 // FCR: FIFO enable, clear RX
        uart_acc(0, 5, 0, 0, ur, e);                     check("FCR cleared RX", {56'd0, ur}, 8'h60);
        uart_acc(0, 2, 0, 0, ur, e);                     check("IIR with FIFOs on", {56'd0, ur}, 8'hc1);
        check("no irq after clear", {63'd0, irq}, 0);
        uart_acc(0, 0, 0, 0, ur, e);                     check("RBR empty reads 0", {56'd0, ur}, 0);
        uart_acc(1, 3, 0, 8'h83, ur, e);
        uart_acc(1, 0, 0, 8'h12, ur, e);                 check("DLL write sends nothing", {63'd0, tx_valid}, 0);
        uart_acc(1, 1, 0, 8'h34, ur, e);
        uart_acc(0, 0, 0, 0, ur, e);                     check("DLL", {56'd0, ur}, 8'h12);
        uart_acc(0, 1, 0, 0, ur, e);                     check("DLM", {56'd0, ur}, 8'h34);
        uart_acc(1, 3, 0, 8'h03, ur, e);
        uart_acc(0, 3, 0, 0, ur, e);                     check("LCR", {56'd0, ur}, 8'h03);
        uart_acc(0, 1, 0, 0, ur, e);                     check("IER after DLAB", {56'd0, ur}, 8'h01);
        uart_acc(1, 7, 0, 8'h5a, ur, e);
        uart_acc(0, 7, 0, 0, ur, e);                     check("SCR", {56'd0, ur}, 8'h5a);
        uart_acc(1, 4, 0, 8'h0b, ur, e);
        uart_acc(0, 4, 0, 0, ur, e);                     check("MCR", {56'd0, ur}, 8'h0b);
        uart_acc(0, 8'h10, 0, 0, ur, e);                 check("offset 16 reads 0", {56'd0, ur}, 0);
        check("offset 16 no fault", {63'd0, e}, 0);
        rx_data = 8'h55; rx_valid = 1; @(negedge clk); rx_valid = 0;
        check("rx byte: irq (ERBFI)", {63'd0, irq}, 1);

        // ---- ACLINT SSWI ----
        sswi_acc(1, 14'h4, 2, 1, e);                     check("sswi: 1 to hart 1", {61'd0, s_seen}, 3'b010);
        check("sswi: no error", {63'd0, e}, 0);
        sswi_acc(1, 14'h8, 2, 1, e);                     check("sswi: 1 to hart 2", {61'd0, s_seen}, 3'b100);
        sswi_acc(1, 14'h0, 2, 0, e);                     check("sswi: 0 raises nothing", {61'd0, s_seen}, 0);
        sswi_acc(1, 14'hc, 2, 1, e);                     check("sswi: absent hart 3", {61'd0, s_seen}, 0);
        check("sswi: absent hart no error", {63'd0, e}, 0);
        sswi_acc(0, 14'h4, 2, 0, e);                     check("sswi: load raises nothing", {61'd0, s_seen}, 0);
        check("sswi: load ok", {63'd0, e}, 0);
        sswi_acc(1, 14'h4, 0, 1, e);                     check("sswi: byte store faults", {63'd0, e}, 1);
        check("sswi: faulting store raises nothing", {61'd0, s_seen}, 0);
        sswi_acc(0, 14'h0, 3, 0, e);                     check("sswi: 8-byte load faults", {63'd0, e}, 1);
        sswi_acc(1, 14'h6, 2, 1, e);                     check("sswi: misaligned store faults", {63'd0, e}, 1);
        check("sswi: misaligned raises nothing", {61'd0, s_seen}, 0);

        // ---- finisher ----
        fin_wr(12'h0, 0, 32'h5555);                      check("1-byte write ignored", {63'd0, f_valid}, 0);
        fin_wr(12'h4, 2, 32'h5555);                      check("offset 4 ignored", {63'd0, f_valid}, 0);
        fin_wr(12'h0, 2, 32'h0005_3333);                 check("fail valid", {63'd0, f_valid}, 1);
        check("fail code", {48'd0, f_code}, 5);
        check("fail no reset", {63'd0, f_reset}, 0);
        fin_wr(12'h0, 2, 32'h5555);                      check("first write wins", {48'd0, f_code}, 5);
        reset_all;
        fin_wr(12'h0, 1, 32'h5555);                      check("pass (16-bit)", {47'd0, f_valid, f_code}, {47'd0, 1'b1, 16'd0});
        reset_all;
        fin_wr(12'h0, 2, 32'h7777);                      check("reset", {62'd0, f_valid, f_reset}, 3);

        $display("tb_devices: %0d checks, %0d failed", checks, fails);
        if (fails) $fatal(1, "tb_devices failed");
        $finish;
    end
endmodule
