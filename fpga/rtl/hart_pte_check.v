// hart_pte_check -- the permission check of an Sv39 leaf for one access,
// as in vm_translate() of tools/iss/mmu.c: U pages from S only for loads and
// stores with SUM, S pages never from U, X for fetches, R (or X with MXR)
// for loads, W for stores, A set, D set for stores.  Combinational; used on
// TLB hits and on the walker's leaf.
module hart_pte_check (
    input  logic [5:0] perm_i,           // A D U X W R
    input  logic [1:0] acc_i,            // 0 fetch, 1 load, 2 store (AMO, SC)
    input  logic [1:0] priv_i,           // effective privilege (MPRV applied)
    input  logic       sum_i,
    input  logic       mxr_i,
    output logic       ok_o
);
    logic pa, pd, pu, px, pw, pr, priv_ok, acc_ok;
    assign {pa, pd, pu, px, pw, pr} = perm_i;
    always_comb begin
        if (pu) priv_ok = !(priv_i == 2'd1 && (acc_i == 2'd0 || !sum_i));
        else    priv_ok = (priv_i != 2'd0);
        case (acc_i)
            2'd0:    acc_ok = px;
            2'd1:    acc_ok = pr || (mxr_i && px);
            default: acc_ok = pw && pd;
        endcase
        ok_o = priv_ok && acc_ok && pa;
    end
endmodule
