/* iss.h -- almos-rv reference model: RV64IMAC + Zicsr + Zifencei, M/S/U, Sv39,
 * plus the devices of the fpga-soc (DESIGN.md section 8, platform/fpga-soc).
 *
 * Files:  cpu.c   decode + execute (incl. compressed expansion)
 *         csr.c   CSRs, traps, interrupts, xRET
 *         mmu.c   Sv39 translation, virtual memory access, LR/SC reservations
 *         dev.c   physical bus: RAM, boot ROM, finisher, CLINT, ACLINT SSWI, PLIC, UART
 *         machine.c  library API: config, image/DT loading, reset, iss_step,
 *                    the round-robin scheduler, commit records
 *         main.c  the `iss` command line front end
 */
#ifndef ISS_H
#define ISS_H

#include <stdint.h>
#include <stdio.h>

typedef uint64_t u64;
typedef int64_t i64;
typedef uint32_t u32;
typedef int32_t i32;
typedef uint16_t u16;
typedef uint8_t u8;

/* ---- memory map (QEMU virt compatible) ---- */
#define ROM_BASE     0x1000ULL
#define ROM_SIZE     0x1000ULL
#define TEST_BASE    0x100000ULL
#define TEST_SIZE    0x1000ULL
#define CLINT_BASE   0x2000000ULL
#define CLINT_SIZE   0x10000ULL
#define SSWI_BASE    0x2F00000ULL  /* ACLINT SSWI (riscv,aclint-sswi), QEMU virt's address */
#define SSWI_SIZE    0x4000ULL
#define PLIC_BASE    0xC000000ULL
#define PLIC_SIZE    0x4000000ULL
#define UART_BASE    0x10000000ULL
#define UART_SIZE    0x100ULL
#define RAM_BASE     0x80000000ULL

#define MAX_HARTS    64
#define PLIC_NSRC    96          /* sources 1..95, riscv,ndev = 95 */
#define UART_IRQ     10
#define INSNS_PER_TICK 10        /* mtime += 1 per 10 instruction slots of a hart */
#define RESV_GRANULE 64          /* LR/SC reservation granule, bytes */
#define TIMEBASE_HZ  10000000    /* 10 MHz, like QEMU virt */

/* ---- privilege ---- */
#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

/* ---- exception causes ---- */
enum {
    EXC_IADDR_MISAL = 0, EXC_IACCESS = 1, EXC_ILLEGAL = 2, EXC_BREAK = 3,
    EXC_LADDR_MISAL = 4, EXC_LACCESS = 5, EXC_SADDR_MISAL = 6, EXC_SACCESS = 7,
    EXC_ECALL_U = 8, EXC_ECALL_S = 9, EXC_ECALL_M = 11,
    EXC_IPAGE = 12, EXC_LPAGE = 13, EXC_SPAGE = 15,
};
/* interrupt numbers (bit in mip/mie) */
enum { IRQ_SSI = 1, IRQ_MSI = 3, IRQ_STI = 5, IRQ_MTI = 7, IRQ_SEI = 9, IRQ_MEI = 11 };
#define MIP_SSIP (1ULL << IRQ_SSI)
#define MIP_MSIP (1ULL << IRQ_MSI)
#define MIP_STIP (1ULL << IRQ_STI)
#define MIP_MTIP (1ULL << IRQ_MTI)
#define MIP_SEIP (1ULL << IRQ_SEI)
#define MIP_MEIP (1ULL << IRQ_MEI)

/* ---- mstatus bits ---- */
#define MS_SIE   (1ULL << 1)
#define MS_MIE   (1ULL << 3)
#define MS_SPIE  (1ULL << 5)
#define MS_MPIE  (1ULL << 7)
#define MS_SPP   (1ULL << 8)
#define MS_MPP_SHIFT 11
#define MS_MPP   (3ULL << 11)
#define MS_MPRV  (1ULL << 17)
#define MS_SUM   (1ULL << 18)
#define MS_MXR   (1ULL << 19)
#define MS_TVM   (1ULL << 20)
#define MS_TW    (1ULL << 21)
#define MS_TSR   (1ULL << 22)
#define MS_UXL   (2ULL << 32)
#define MS_SXL   (2ULL << 34)

/* memory access kinds */
enum { ACC_FETCH = 0, ACC_LOAD = 1, ACC_STORE = 2 };

/* What one step of a hart did: the commit record.  The commit log prints
 * it (iss_commit_print); a co-simulation compares it with the RTL's. */
enum { ISS_NONE = 0, ISS_RETIRE = 1, ISS_TRAP = 2 };
struct iss_commit {
    int kind;              /* ISS_NONE (asleep in wfi), ISS_RETIRE, ISS_TRAP */
    int hart, priv;        /* privilege the instruction ran in / the trap came from */
    u64 pc;
    u32 insn; int len;     /* original bits, 2 or 4 bytes (ISS_RETIRE) */
    int rd; u64 rdval;     /* rd != 0: x[rd] written with rdval */
    int csr; u64 csrval;   /* csr != 0: that CSR written, csrval = its value read back after */
    int mem;               /* 0, 1 = load, 2 = store */
    u64 maddr, mdata;      /* physical address, data (zero-extended) */
    int msize;             /* access size in bytes (mem != 0) */
    u64 cause, tval;       /* ISS_TRAP: mcause/scause value, tval */
};

/* software TLB: one direct-mapped array per access kind */
#define TLB_SIZE 256
#define ASID_BITS 16     /* satp.ASID: all 16 bits writable (platform/fpga-soc/README.md) */
struct tlb_ent {
    u64 tag;        /* vpn | context << 52; ~0 = invalid */
    u64 ppn_base;   /* physical page address */
    u32 asid;       /* satp.ASID at fill time */
    u32 global;     /* the leaf's G bit: matches every ASID */
};

struct hart {
    u64 x[32];
    u64 pc;
    int priv;
    int id;
    int wfi;               /* sleeping in wfi */
    /* CSRs */
    u64 mstatus, misa, medeleg, mideleg, mie, mip_sw, mip_hw, mtvec, mcounteren, mscratch;
    u64 mepc, mcause, mtval, mcountinhibit;
    u64 stvec, scounteren, sscratch, sepc, scause, stval, satp;
    u64 instret;
    /* LR/SC */
    u64 resv_addr;         /* granule address, or ~0 when none */
    /* TLB, keyed by effective privilege/SUM/MXR at fill time; flushed on change */
    struct tlb_ent tlb[3][TLB_SIZE];
    /* fetch fast path: host address of the RAM page holding pc (cleared with the TLB) */
    u64 fetch_vpn;
    u8 *fetch_host;
    struct iss_commit c;   /* record of the last step */
    /* co-simulation overrides for the next step (set by iss_override_*, iss_force_sc) */
    int ov_load, ov_csr, ov_sc;
    u64 ov_load_val, ov_csr_val;
    int ov_sc_fail, sc_disagree;
};

struct machine {
    int nharts, clusters, harts_per_cluster;
    struct hart *h;
    u8 *ram; u64 ram_size;
    u8 rom[ROM_SIZE];
    /* CLINT */
    u64 mtime;
    u64 mtimecmp[MAX_HARTS];
    u32 msip[MAX_HARTS];
    /* PLIC: contexts 2h (M) and 2h+1 (S) */
    u32 plic_prio[PLIC_NSRC];
    u32 plic_pending[(PLIC_NSRC + 31) / 32];
    u32 plic_claimed[(PLIC_NSRC + 31) / 32];
    u32 plic_enable[2 * MAX_HARTS][(PLIC_NSRC + 31) / 32];
    u32 plic_threshold[2 * MAX_HARTS];
    /* UART */
    u8 uart_ier, uart_lcr, uart_mcr, uart_scr, uart_dll, uart_dlm, uart_fcr, uart_thre_ip;
    u8 rx_buf[256]; int rx_head, rx_tail;
    /* finisher */
    int exit_requested, exit_code, reset_requested;
    /* LR/SC bookkeeping */
    int nresv;
    /* commit log */
    FILE *commit_log;
    u64 watch_pc;          /* report when a hart first reaches it */
    int quantum;           /* instruction slots per hart per round (default 1000) */
    const char *watch_uart;   /* report (and with watch_uart_exit, stop) when the UART prints it */
    int watch_uart_exit, watch_uart_hit;
    u64 total_insns;
    /* co-simulation (iss_config.cosim): the UART prints nothing, harts take
     * interrupts only through iss_interrupt, a wfi never sleeps */
    int cosim;
    void (*on_commit)(int hart, const struct iss_commit *c);   /* iss_run: after every step */
};

extern struct machine M;

/* host pointer for [pa, pa+size) if it is RAM, else NULL */
static inline u8 *ram_ptr(u64 pa, int size)
{
    u64 off = pa - RAM_BASE;
    if (pa >= RAM_BASE && off + (u64)size <= M.ram_size) return M.ram + off;
    return NULL;
}

/* dev.c */
int bus_load(u64 pa, int size, u64 *val);    /* 0 ok, -1 access fault */
int bus_store(u64 pa, int size, u64 val);
void dev_tick(void);                        /* mtime moved: recompute MTIP */
void uart_poll_input(void);
void dev_reset(void);

/* mmu.c */
int vm_load(struct hart *h, u64 va, int size, u64 *val);          /* returns -1 on trap taken */
int vm_store(struct hart *h, u64 va, int size, u64 val);
int vm_translate(struct hart *h, u64 va, int acc, u64 *pa);       /* exc cause or -1 ok */
int vm_fetch16(struct hart *h, u64 va, u32 *ins);
void tlb_flush(struct hart *h);                  /* reset, sfence.vma x0, x0 */
void tlb_sfence(struct hart *h, int by_va, u64 va, int by_asid, u64 asid); /* sfence.vma rs1, rs2 */
void fetch_flush(struct hart *h);                /* privilege or mstatus change */
void resv_break(u64 pa, int size, struct hart *self);

/* csr.c */
int csr_rw(struct hart *h, int csr, int op, u64 src, int write, u64 *old, u32 insn);
void take_trap(struct hart *h, u64 cause, u64 tval, int irq);
int check_interrupts(struct hart *h);       /* 1 if an interrupt was taken */
u64 pending_irqs(struct hart *h);
void do_mret(struct hart *h);
void do_sret(struct hart *h);
void hart_reset(struct hart *h, int id);

/* cpu.c */
int step(struct hart *h);                    /* returns h->c.kind */
void cpu_init(void);
void illegal(struct hart *h, u32 insn);

/* machine.c: the library API used by the CLI (main.c) and by co-simulation */
struct iss_config {
    int clusters, harts_per_cluster;
    u64 mem_per_cluster;
    const char *bios;      /* at 0x80000000 (ELF: its physical addresses) */
    const char *kernel;    /* at 0x80200000 */
    const char *initrd;    /* at 0x80200000 + min(RAM / 2, 128 MiB), like QEMU */
    const char *dtb;       /* or NULL: generated by platform/fpga-soc/mkdts.py + dtc */
    const char *bootargs;
    const char *bare;      /* program run from the ROM without firmware */
    const char *dump_dtb;  /* write the blob used here */
    int cosim;             /* co-simulation: see struct machine */
};
void iss_die(const char *fmt, const char *arg);  /* message, exit 125 */
void iss_init(const struct iss_config *cfg);     /* allocate, load, reset; exits on error */
void iss_reset(void);                            /* reload the images, reset harts and devices */
int iss_step(int hart, struct iss_commit *out);  /* one step of one hart; returns out->kind */
void iss_set_mtime(u64 t);                       /* co-simulation drives time itself */
void iss_commit_print(FILE *f, const struct iss_commit *c);
/* Run the deterministic round-robin scheduler until the finisher, or until
 * max_insns (0: no limit) retired instructions (returns 124 then).  `tick`
 * (may be NULL) is called after every round. */
int iss_run(u64 max_insns, void (*tick)(void));


/* ---- co-simulation API (cosim.c), after Dromajo / Ibex cosim ----
 * The RTL steps, the model follows: for every record of the RTL's retire
 * port (fpga/README.md) the harness calls iss_cosim_step, which tells the
 * model what only the RTL knows, steps it and compares the two records.
 * What the RTL is the authority for:
 *   - loads from device addresses (not RAM, not ROM): the value read;
 *   - reads of time, cycle, instret, mcycle, minstret, mip, sip: the value;
 *   - when an interrupt is taken, and which (injected into the model);
 *   - whether an SC succeeded.
 * Everything else (pc, instruction bits, privilege, rd and its value, the
 * memory address, size and data, the CSR written and its value read back,
 * the trap cause and tval, the next pc) is the model's to compute. */
void iss_override_load(int hart, u64 val);   /* next device load of the hart returns val */
void iss_override_csr(int hart, u64 val);    /* next read of time/cycle/instret/mcycle/minstret/mip/sip */
void iss_force_sc(int hart, int fail);       /* next SC of the hart succeeds (0) or fails (1) */
/* Take interrupt `cause` (without bit 63) now; the record goes to *out.
 * Returns -1 (and takes nothing) if the model's mie/mstatus/mideleg/privilege
 * do not allow that interrupt now. */
int iss_interrupt(int hart, u64 cause, struct iss_commit *out);
/* the loaded images (after iss_init / iss_reset), to copy into the RTL's memories */
void iss_image(u8 **ram, u64 *ram_size, const u8 **rom, u64 *rom_size);

/* One record of the RTL's retire port. */
struct iss_rvfi {
    int hart;
    u64 order;
    int trap, intr, mode;
    u32 insn; int len;                 /* 2 or 4 */
    u64 pc_rdata, pc_wdata;
    int rd_addr; u64 rd_wdata;
    int rs1_addr, rs2_addr;            /* source registers read (0: none) */
    u64 rs1_rdata, rs2_rdata;          /* the values the RTL read */
    int csr_we, csr_addr; u64 csr_wdata;
    u64 mem_addr; int mem_rmask, mem_wmask; u64 mem_rdata, mem_wdata;
    u64 cause, tval;
};
/* fields that differ (iss_cosim_step's result) */
enum {
    CS_KIND = 1 << 0, CS_PC = 1 << 1, CS_INSN = 1 << 2, CS_MODE = 1 << 3, CS_RD = 1 << 4,
    CS_MEM = 1 << 5, CS_CSR = 1 << 6, CS_CAUSE = 1 << 7, CS_NPC = 1 << 8, CS_IRQ = 1 << 9, CS_RS = 1 << 10,
};
/* Apply the overrides r implies, step the model's hart r->hart, compare.
 * *model gets the model's record, *model_npc its pc afterwards.  Returns 0
 * when they agree, else the CS_* bits of the fields that differ. */
int iss_cosim_step(const struct iss_rvfi *r, struct iss_commit *model, u64 *model_npc);
/* the RTL record in the commit-log format of iss_commit_print */
void iss_rvfi_to_commit(const struct iss_rvfi *r, struct iss_commit *c);
/* print the differing fields by name */
void iss_cosim_explain(FILE *f, int diff);
/* the model's integer registers of a hart, 4 per line */
void iss_print_regs(FILE *f, int hart);
/* a load from pa is a device load (not RAM, not ROM) */
int iss_is_device(u64 pa);

#endif
