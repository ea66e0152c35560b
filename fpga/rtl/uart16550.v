// uart16550 -- the ns16550a UART at SOC_UART_BASE, reg-shift 0, as the
// model's (tools/iss/dev.c uart_access), with the serial line replaced by
// byte streams: transmitted bytes leave on tx_valid_o/tx_data_o/tx_ready_i
// (a board top serialises them, the harness prints them), received bytes
// come in on rx_valid_i/rx_data_i/rx_ready_o.
//
// Registers (byte accesses only, others: access fault; offsets 8..255 read
// 0 and ignore writes):
//   0 RBR (read: pops the RX FIFO) / THR (write: pushes the TX FIFO; a
//     byte written to a full FIFO is lost) / DLL when LCR.DLAB
//   1 IER (bits 3:0) / DLM when LCR.DLAB
//   2 IIR (read): 0x04 RX data if IER.ERBFI and the RX FIFO holds a byte,
//     else 0x02 THR empty if IER.ETBEI and the THRE interrupt is pending
//     (this read clears it), else 0x01; | 0xc0 when FCR.FIFOE
//     FCR (write): bit 1 empties the RX FIFO, bit 2 the TX FIFO
//   3 LCR, 4 MCR, 7 SCR: read back what was written
//   5 LSR: DR (bit 0) = RX FIFO not empty, THRE|TEMT (0x60) = TX FIFO empty
//   6 MSR: 0xb0
// FIFOs: DEPTH bytes each (16, the 16550's).  The THRE interrupt becomes
// pending when the TX FIFO becomes empty, and when IER.ETBEI is set while
// it is empty (the model, whose FIFO is always empty, raises it on every
// THR write).  irq_o (PLIC source 10) = (IER.ERBFI and RX data) or
// (IER.ETBEI and THRE pending).
//
// A device of soc_devbus: performed in the req_valid_i cycle, rsp_rdata_o
// and rsp_err_o the next cycle.
module uart16550 #(
    parameter integer DEPTH = 16           // a power of two
) (
    input  logic       clk_i,
    input  logic       rst_ni,
    input  logic       req_valid_i,
    input  logic       req_we_i,
    input  logic [7:0] req_addr_i,
    input  logic [1:0] req_size_i,
    input  logic [7:0] req_wdata_i,
    output logic [7:0] rsp_rdata_o,
    output logic       rsp_err_o,
    output logic       tx_valid_o,
    output logic [7:0] tx_data_o,
    input  logic       tx_ready_i,
    input  logic       rx_valid_i,
    input  logic [7:0] rx_data_i,
    output logic       rx_ready_o,
    output logic       irq_o
);
    localparam integer PW = $clog2(DEPTH);

    logic [7:0] dll_q, dlm_q, lcr_q, mcr_q, scr_q;
    logic       fifoe_q;            // FCR bit 0 (the only FCR bit kept)
    logic [3:0] ier_q;
    logic       thre_ip_q;
    logic [7:0] tx_fifo [0:DEPTH-1];
    logic [7:0] rx_fifo [0:DEPTH-1];
    logic [PW:0] tx_wr_q, tx_rd_q, rx_wr_q, rx_rd_q;   // one extra bit: full vs empty

    logic tx_empty, tx_full, rx_empty, rx_full, dlab;
    assign tx_empty = tx_wr_q == tx_rd_q;
    assign tx_full  = tx_wr_q == {~tx_rd_q[PW], tx_rd_q[PW-1:0]};
    assign rx_empty = rx_wr_q == rx_rd_q;
    assign rx_full  = rx_wr_q == {~rx_rd_q[PW], rx_rd_q[PW-1:0]};
    assign dlab     = lcr_q[7];

    assign tx_valid_o = !tx_empty;
    assign tx_data_o  = tx_fifo[tx_rd_q[PW-1:0]];
    assign rx_ready_o = !rx_full;
    assign irq_o      = (ier_q[0] && !rx_empty) || (ier_q[1] && thre_ip_q);

    // ---- the access performed this cycle ----
    logic acc, wr, rd;
    logic [7:0] rdata;
    logic rbr_pop, thr_push, iir_thre;   // side effects
    assign acc = req_valid_i && req_size_i == 2'd0 && req_addr_i < 8'd8;
    assign wr  = acc && req_we_i;
    assign rd  = acc && !req_we_i;
    assign thr_push = wr && req_addr_i == 8'd0 && !dlab;
    assign rbr_pop  = rd && req_addr_i == 8'd0 && !dlab && !rx_empty;
    assign iir_thre = rd && req_addr_i == 8'd2 && !(ier_q[0] && !rx_empty) && ier_q[1] && thre_ip_q;

    always_comb begin
        rdata = 8'd0;
        case (req_addr_i)
            8'd0: rdata = dlab ? dll_q : (rx_empty ? 8'd0 : rx_fifo[rx_rd_q[PW-1:0]]);
            8'd1: rdata = dlab ? dlm_q : {4'd0, ier_q};
            8'd2: rdata = (ier_q[0] && !rx_empty ? 8'h04 : ier_q[1] && thre_ip_q ? 8'h02 : 8'h01) |
                          (fifoe_q ? 8'hc0 : 8'h00);
            8'd3: rdata = lcr_q;
            8'd4: rdata = mcr_q;
            8'd5: rdata = {1'b0, tx_empty, tx_empty, 4'd0, !rx_empty};
            8'd6: rdata = 8'hb0;
            8'd7: rdata = scr_q;
            default: rdata = 8'd0;
        endcase
    end

    always_ff @(posedge clk_i) begin
        if (req_valid_i) begin
            rsp_err_o   <= req_size_i != 2'd0;
            rsp_rdata_o <= rdata;
        end
    end

    // ---- registers ----
    logic tx_pop, rx_push, tx_clear, rx_clear;
    assign tx_pop   = tx_valid_o && tx_ready_i;
    assign rx_push  = rx_valid_i && rx_ready_o;
    assign tx_clear = wr && req_addr_i == 8'd2 && req_wdata_i[2];
    assign rx_clear = wr && req_addr_i == 8'd2 && req_wdata_i[1];

    always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
            {dll_q, dlm_q, lcr_q, mcr_q, scr_q} <= '0;
            fifoe_q   <= 1'b0;
            ier_q     <= 4'd0;
            thre_ip_q <= 1'b0;
            tx_wr_q <= '0; tx_rd_q <= '0; rx_wr_q <= '0; rx_rd_q <= '0;
        end else begin
            if (wr) begin
                case (req_addr_i)
                    8'd0: if (dlab) dll_q <= req_wdata_i;
                    8'd1: if (dlab) dlm_q <= req_wdata_i;
                          else ier_q <= req_wdata_i[3:0];
                    8'd2: fifoe_q <= req_wdata_i[0];
                    8'd3: lcr_q <= req_wdata_i;
                    8'd4: mcr_q <= req_wdata_i;
                    8'd7: scr_q <= req_wdata_i;
                    default: ;
                endcase
            end
            // THRE interrupt: pending when the TX FIFO drains, or ETBEI set
            // while empty; cleared by the IIR read that reports it, and by
            // a THR write
            if (iir_thre || thr_push) thre_ip_q <= 1'b0;
            else if (tx_pop && tx_wr_q == tx_rd_q + 1'b1) thre_ip_q <= 1'b1;
            else if (wr && req_addr_i == 8'd1 && !dlab && req_wdata_i[1] && !ier_q[1] && tx_empty)
                thre_ip_q <= 1'b1;
            // TX FIFO
            if (tx_clear) tx_rd_q <= tx_wr_q;
            else begin
                if (thr_push && !tx_full) tx_wr_q <= tx_wr_q + 1'b1;
                if (tx_pop) tx_rd_q <= tx_rd_q + 1'b1;
            end
            // RX FIFO
            if (rx_clear) rx_rd_q <= rx_wr_q + {{PW{1'b0}}, rx_push};
            else if (rbr_pop) rx_rd_q <= rx_rd_q + 1'b1;
            if (rx_push) rx_wr_q <= rx_wr_q + 1'b1;
        end
    end

    always_ff @(posedge clk_i) begin
        if (thr_push && !tx_full && !tx_clear) tx_fifo[tx_wr_q[PW-1:0]] <= req_wdata_i;
        if (rx_push) rx_fifo[rx_wr_q[PW-1:0]] <= rx_data_i;
    end
endmodule
