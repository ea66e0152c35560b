/* cosim_test.c -- tests of the co-simulation API (iss.h) without RTL: a
 * free run of the model records every step as an RTL retire record
 * (iss_rvfi); after a reset the model replays them in co-simulation mode
 * through iss_cosim_step, which must agree on every record.  Then the
 * checker must bite: a corrupted rd value, an interrupt the model does not
 * allow; and the overrides must take: a changed time read, a flipped SC
 * verdict, device loads, injected interrupts, a silent UART.
 *
 *   cosim_test [--harts N] prog.elf...     last line: "iss-api: N passed, M failed" */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include "iss.h"

static struct iss_rvfi *rec;
static size_t nrec, caprec;
static int pass, fail;

static void ok(const char *what, const char *name) { pass++; printf("PASS %s %s\n", what, name); }
static void ko(const char *what, const char *name) { fail++; printf("FAIL %s %s\n", what, name); }

/* a model commit record as the RTL's retire port would give it */
static void on_commit(int hart, const struct iss_commit *c)
{
    if (c->kind == ISS_NONE) return;
    if (nrec == caprec) {
        caprec = caprec ? 2 * caprec : 1 << 16;
        rec = realloc(rec, caprec * sizeof *rec);
        if (!rec) iss_die("out of memory%s", "");
    }
    struct iss_rvfi *r = &rec[nrec++];
    memset(r, 0, sizeof *r);
    r->hart = hart;
    r->mode = c->priv;
    r->pc_rdata = c->pc;
    r->pc_wdata = M.h[hart].pc;
    if (c->kind == ISS_TRAP) {
        r->trap = 1;
        r->intr = (int)(c->cause >> 63);
        r->cause = c->cause;
        r->tval = c->tval;
        return;
    }
    r->insn = c->insn; r->len = c->len;
    r->rd_addr = c->rd; r->rd_wdata = c->rdval;
    if (c->csr) { r->csr_we = 1; r->csr_addr = c->csr; r->csr_wdata = c->csrval; }
    if (c->mem) {
        int m = (1 << c->msize) - 1;
        r->mem_addr = c->maddr;
        if (c->mem == 1) { r->mem_rmask = m; r->mem_rdata = c->mdata; }
        else { r->mem_wmask = m; r->mem_wdata = c->mdata; }
    }
}

/* Replay records [0, upto) after a reset; returns the index of the first
 * divergence or -1; *d gets its diff bits. */
static long replay(size_t upto, int *d)
{
    M.cosim = 1;
    iss_reset();
    for (size_t i = 0; i < upto; i++) {
        struct iss_commit mc;
        int diff = iss_cosim_step(&rec[i], &mc, NULL);
        if (diff) { *d = diff; return (long)i; }
    }
    *d = 0;
    return -1;
}

static int is_csr_read(const struct iss_rvfi *r, unsigned csr)
{
    return !r->trap && (r->insn & 0x7f) == 0x73 && ((r->insn >> 12) & 3) && (r->insn >> 20) == csr && r->rd_addr;
}

int main(int argc, char **argv)
{
    int harts = 2;
    struct iss_config cfg = { .clusters = 1, .harts_per_cluster = 2, .mem_per_cluster = 32ULL << 20 };
    int first = 1;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--harts") && a + 1 < argc) { harts = atoi(argv[++a]); continue; }
        const char *elf = argv[a], *name = strrchr(elf, '/') ? strrchr(elf, '/') + 1 : elf;
        cfg.harts_per_cluster = harts;
        cfg.bare = elf;
        if (!first) { free(M.ram); free(M.h); }
        memset(&M, 0, sizeof M);
        M.quantum = 10;
        M.on_commit = on_commit;
        /* record: the model on its own; its console output is the program's */
        int null = open("/dev/null", O_WRONLY), saved = dup(1);
        fflush(stdout); dup2(null, 1);
        iss_init(&cfg);
        first = 0;
        nrec = 0;
        int rc = iss_run(20000000, NULL);
        fflush(stdout); dup2(saved, 1); close(saved); close(null);
        M.on_commit = NULL;
        if (rc != 0) { ko("record (the model's own verdict)", name); continue; }

        /* replay: every record agrees; the model's UART prints nothing */
        char tmp[] = "/tmp/cosim-test-XXXXXX";
        int out = mkstemp(tmp);
        saved = dup(1);
        fflush(stdout); dup2(out, 1);
        int d;
        long at = replay(nrec, &d);
        fflush(stdout); dup2(saved, 1); close(saved);
        off_t printed = lseek(out, 0, SEEK_END);
        close(out); unlink(tmp);
        if (at >= 0) {
            printf("    record %ld of %zu: ", at, nrec);
            iss_cosim_explain(stdout, d);
            struct iss_commit c; iss_rvfi_to_commit(&rec[at], &c);
            printf("    rtl:   "); iss_commit_print(stdout, &c);
            printf("    model: "); iss_commit_print(stdout, &M.h[rec[at].hart].c);
            ko("replay", name);
        } else if (!M.exit_requested || M.exit_code) ko("replay (finisher not reached)", name);
        else {
            char what[96];
            size_t nirq = 0, ndev = 0;
            for (size_t i = 0; i < nrec; i++) {
                nirq += rec[i].intr;
                ndev += rec[i].mem_rmask && iss_is_device(rec[i].mem_addr);
            }
            snprintf(what, sizeof what, "replay of %zu records (%zu interrupts, %zu device loads)", nrec, nirq, ndev);
            ok(what, name);
        }
        if (printed) ko("cosim mode: the model's UART printed", name);

        /* the checker bites: rd value flipped on an ordinary instruction */
        for (size_t i = nrec / 2; i < nrec; i++) {
            struct iss_rvfi *r = &rec[i];
            if (r->trap || !r->rd_addr || (r->insn & 0x7f) == 0x73 || (r->insn & 0x7f) == 0x2f || r->mem_rmask) continue;
            r->rd_wdata ^= 1ULL << 7;
            at = replay(i + 1, &d);
            r->rd_wdata ^= 1ULL << 7;
            if (at == (long)i && d == CS_RD) ok("corrupted rd value -> divergence", name);
            else ko("corrupted rd value not caught", name);
            break;
        }
        /* the source values are checked: sp read as the model has it passes,
         * a flipped bit is a divergence */
        for (size_t i = nrec / 2; i < nrec; i++) {
            struct iss_rvfi *r = &rec[i];
            if (r->trap || r->intr) continue;
            replay(i, &d);
            u64 sp = M.h[r->hart].x[2];
            r->rs1_addr = 2; r->rs1_rdata = sp;
            long at_good = replay(i + 1, &d);
            r->rs1_rdata = sp ^ 1ULL << 4;
            at = replay(i + 1, &d);
            r->rs1_addr = 0; r->rs1_rdata = 0;
            if (at_good < 0 && at == (long)i && d == CS_RS) ok("corrupted source value -> divergence", name);
            else ko("source value check", name);
            break;
        }
        /* an interrupt the model does not allow (at reset mie = 0) */
        {
            struct iss_rvfi r = { .hart = 0, .trap = 1, .intr = 1, .cause = 1ULL << 63 | IRQ_MTI,
                                  .pc_rdata = ROM_BASE, .mode = PRV_M };
            M.cosim = 1; iss_reset();
            d = iss_cosim_step(&r, NULL, NULL);
            if (d & CS_IRQ) ok("interrupt not enabled in the model -> divergence", name);
            else ko("disabled interrupt accepted", name);
        }
        /* the RTL's time read wins */
        for (size_t i = 0; i < nrec; i++) {
            struct iss_rvfi *r = &rec[i];
            if (!is_csr_read(r, 0xC01)) continue;
            u64 saved_v = r->rd_wdata;
            r->rd_wdata = 0x123456789ULL;
            at = replay(i + 1, &d);
            int good = at < 0 && M.h[r->hart].x[r->rd_addr] == 0x123456789ULL;
            r->rd_wdata = saved_v;
            if (good) ok("time read override", name); else ko("time read override", name);
            break;
        }
        /* a time read is no mip read: bit 1 of the RTL's time value must not
         * raise SSIP in the model (S-mode with SSIP delegated) */
        for (size_t i = 0; i < nrec; i++) {
            struct iss_rvfi *r = &rec[i];
            if (!is_csr_read(r, 0xC01)) continue;
            replay(i, &d);
            struct hart *h = &M.h[r->hart];
            h->mideleg |= MIP_SSIP;
            h->mip_sw &= ~MIP_SSIP;
            u64 saved_v = r->rd_wdata;
            r->rd_wdata = 0x2;
            d = iss_cosim_step(r, NULL, NULL);
            r->rd_wdata = saved_v;
            if (d == 0 && !(h->mip_sw & MIP_SSIP)) ok("time read leaves SSIP alone", name);
            else ko("time read with bit 1 set raised SSIP", name);
            break;
        }
        /* the RTL's SC verdict wins */
        for (size_t i = 0; i < nrec; i++) {
            struct iss_rvfi *r = &rec[i];
            if (r->trap || (r->insn & 0x7f) != 0x2f || (r->insn >> 27) != 3 || !r->rd_addr || r->rd_wdata) continue;
            struct iss_rvfi saved_r = *r;
            r->rd_wdata = 1; r->mem_wmask = 0; r->mem_wdata = 0; r->mem_addr = 0;
            at = replay(i + 1, &d);
            int good = at < 0 && M.h[r->hart].x[r->rd_addr] == 1 && M.h[r->hart].sc_disagree == 1;
            *r = saved_r;
            if (good) ok("forced SC failure", name); else ko("forced SC failure", name);
            break;
        }
    }
    printf("iss-api: %d passed, %d failed\n", pass, fail);
    return fail != 0;
}
