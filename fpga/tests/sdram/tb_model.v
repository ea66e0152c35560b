// tb_model -- directed tests of the checker in sdram_model (Icarus, -g2012).
//
// The controller never breaks most rules, so its bench alone cannot show
// that the model catches them.  Here a hand-written command sequence per
// CASE breaks exactly one rule; run.sh expects each to end with the model's
// error naming that rule.  CASE 0 is a legal sequence that must pass (so
// the rules are not simply always firing).  Clock 100 MHz (10 ns), chip
// clock inverted, CAS latency 3, burst length 4.
`timescale 1ns/1ps
module tb_model;
    parameter integer CASE = 0;

    localparam real TCK = 10.0;
    reg clk = 1'b0, sd_clk = 1'b0;
    always #(TCK / 2.0) clk = ~clk;
    always @(clk) sd_clk <= #(TCK / 2.0) clk;

    reg        cke = 1'b1;
    reg  [3:0] cmd = 4'b0111;        // {csn, rasn, casn, wen}
    reg  [1:0] ba = 2'b00, dqm = 2'b00;
    reg [12:0] a = 13'd0;
    reg        dq_en = 1'b0;
    reg [15:0] dq_val = 16'd0;
    wire [15:0] dq;
    assign dq = dq_en ? dq_val : 16'hzzzz;

    // CASE 1x: model variants that make one rule reachable at 10 ns steps
    sdram_model #(
        .T_INIT_NS(200000.0), .INIT_REFRESHES(8),
        .TRC_NS(CASE == 2 ? 100.0 : 66.0),
        .REF_LATE_MAX(CASE == 16 ? 1000 : 1)
    ) u_chip (
        .clk(sd_clk), .cke(cke), .csn(cmd[3]), .rasn(cmd[2]), .casn(cmd[1]), .wen(cmd[0]),
        .ba(ba), .a(a), .dqm(dqm), .dq(dq)
    );

    localparam [3:0] LMR = 4'b0000, REF = 4'b0001, PRE = 4'b0010, ACT = 4'b0011,
                     WR  = 4'b0100, RD  = 4'b0101, BST = 4'b0110, NOP = 4'b0111;

    // one command for one cycle, then NOP
    task c(input [3:0] k, input [1:0] b, input [12:0] addr);
        begin
            cmd <= k; ba <= b; a <= addr;
            @(posedge clk);
            cmd <= NOP;
        end
    endtask
    task n(input integer cycles);
        repeat (cycles) @(posedge clk);
    endtask
    // WRITE with its four beats driven
    task wr(input [1:0] b, input [8:0] col, input [15:0] d);
        integer i;
        begin
            cmd <= WR; ba <= b; a <= {4'b0, col}; dq_en <= 1'b1; dq_val <= d;
            @(posedge clk);
            cmd <= NOP;
            for (i = 1; i < 4; i = i + 1) begin dq_val <= d + i; @(posedge clk); end
            dq_en <= 1'b0;
        end
    endtask

    task init(input integer cl);
        integer i;
        begin
            n(20001);                              // 200 us of NOPs
            c(PRE, 2'b00, 13'h0400);               // PRECHARGE ALL
            n(2);
            for (i = 0; i < 8; i = i + 1) begin c(REF, 0, 0); n(7); end
            c(LMR, 2'b00, {6'b0, 3'(cl), 1'b0, 3'b010});  // CL, sequential, BL4
            n(2);
        end
    endtask

    initial begin
        case (CASE)
            0: begin   // legal: every wait respected
                init(3);
                c(ACT, 0, 13'd5); n(1);            // tRCD 20 ns = 2 cycles
                wr(0, 9'd8, 16'h1000);             // 4 beats
                n(2);                              // tWR 15 ns after the last beat
                c(RD, 0, 9'd8); n(3);              // data at +3..+6
                n(4);
                c(PRE, 0, 0); n(1);                // tRP
                c(ACT, 1, 13'd9); n(1);
                c(ACT, 2, 13'd9); n(1);            // tRRD 15 ns
                c(RD, 1, 0); n(3); c(RD, 2, 4); n(3);
                n(6);
                c(PRE, 0, 13'h0400); n(1);
                c(REF, 0, 0); n(7);
                n(700);                            // < tREFI since the last refresh
                $display("MODEL-TB PASS");
            end
            1: begin init(3); c(ACT, 0, 1); n(2); c(PRE, 0, 0); end                 // tRAS
            2: begin init(3); c(ACT, 0, 1); n(4); c(PRE, 0, 0); n(1); c(ACT, 0, 2); end // tRC (model tRC 100 ns)
            3: begin init(3); c(ACT, 0, 1); c(ACT, 1, 1); end                        // tRRD
            4: begin init(3); c(LMR, 0, 13'h032); c(ACT, 0, 1); end                  // tMRD
            5: begin init(3); c(RD, 0, 0); end                                       // READ to idle bank
            6: begin init(3); c(ACT, 0, 1); n(4); c(ACT, 0, 2); end                  // ACT to active bank
            7: begin init(3); c(ACT, 0, 1); n(8); c(REF, 0, 0); end                  // REF with a bank active
            8: begin init(3); c(ACT, 0, 1); n(1); c(RD, 0, 0); n(1); c(RD, 0, 4); end   // READ interrupts READ
            9: begin init(3); c(ACT, 0, 1); n(4); c(RD, 0, 0); n(1); c(PRE, 0, 0); end  // PRE truncates read
            10: begin init(3); c(ACT, 0, 1); n(1); c(RD, 0, 0); n(3); wr(0, 4, 16'h5); end // WRITE over read data
            11: begin  // another driver on DQ while read data comes
                init(3); c(ACT, 0, 1); n(1); wr(0, 0, 16'h7); n(1);
                c(RD, 0, 0); dq_en <= 1'b1; dq_val <= 16'h0000; n(8);
            end
            12: begin init(3); c(ACT, 0, 1); n(1); c(WR, 0, 0); end                  // write data undriven
            13: begin init(1); end                                                   // CAS latency 1
            14: begin  // ACTIVE before the mode register is loaded
                n(20001); c(PRE, 0, 13'h0400); n(2);
                repeat (8) begin c(REF, 0, 0); n(7); end
                c(ACT, 0, 1);
            end
            15: begin init(3); n(2000); end                                          // no refresh: tREFI
            16: begin init(3); c(ACT, 0, 1); n(13000); end                           // row open > tRAS(max)
            17: begin init(3); cke <= 1'b0; n(3); end                                // CKE low
            18: begin init(3); c(BST, 0, 0); end                                     // BURST TERMINATE
            19: begin init(3); c(ACT, 0, 1); n(1); c(RD, 0, 13'h0400); end           // auto precharge
            20: begin  // first command before 200 us
                n(1000); c(PRE, 0, 13'h0400);
            end
            21: begin init(3); c(ACT, 0, 1); c(RD, 0, 0); end                        // tRCD (10 ns)
            default: ;
        endcase
        n(20);
        $display("MODEL-TB END (case %0d: no error raised)", CASE);
        $finish;
    end
endmodule
