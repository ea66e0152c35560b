/*
 * mon.c - hostcheck: a tiny M-mode monitor for qemu-system-riscv64
 * -machine virt -bios none that loads ONE user program (a raw ELF image at
 * IMG, loaded by QEMU's generic loader), checks its layout like the kernel
 * would (ELF64, RISC-V, ET_EXEC, PT_LOADs), copies its segments, builds the
 * initial stack (argc, argv, NULL, envp, NULL, strings) from the blob at
 * ARGS, and runs it in U-mode without paging (PMP open), serving a few
 * system calls of shared_syscalls.h: write (fds 1, 2 to the UART), exit
 * (powers off with the status), getpid, isatty, get_cycle, mmap ANON (bump
 * allocator over zeroed RAM), munmap (ignored), get_config (1 hart), and
 * cooperative threads (thread_create/exit/join/self/yield, mutex, condvar,
 * barrier, semaphore: a blocked thread waits in the monitor's scheduler);
 * anything else returns -ENOSYS.  Faults print the cause and power off with 99.
 *
 * It checks the user-space start code, stdio, malloc over mmap, errno and
 * TLS on the host, before the kernel exists.  GPL-2.0.
 */
#include <stdint.h>
#include <stddef.h>
#include "shared_syscalls.h"

#define UART      ((volatile uint8_t *)0x10000000UL)
#define TESTDEV   ((volatile uint32_t *)0x100000UL)
#define IMG       ((const uint8_t *)0x81000000UL)
#define ARGS      ((const uint8_t *)0x80f00000UL)
#define USTACK_TOP 0x84000000UL
#define MMAP_BASE  0x88000000UL
#define MMAP_END   0x9f000000UL

extern void enter_user(uint64_t entry, uint64_t sp, void *frame) __attribute__((noreturn));

static uint64_t frame[32];
static uint64_t mmap_next = MMAP_BASE;

static void putc_(char c)
{
    while (!(UART[5] & 0x20))
        ;
    UART[0] = (uint8_t)c;
}

static void puts_(const char *s)
{
    while (*s)
        putc_(*s++);
}

static void puthex(uint64_t v)
{
    puts_("0x");
    for (int i = 60; i >= 0; i -= 4)
        putc_("0123456789abcdef"[(v >> i) & 15]);
}

static void poweroff(int code) __attribute__((noreturn));
static void poweroff(int code)
{
    *TESTDEV = code ? ((uint32_t)code << 16) | 0x3333 : 0x5555;
    for (;;)
        ;
}

static void die(const char *why, uint64_t v) __attribute__((noreturn));
static void die(const char *why, uint64_t v)
{
    puts_("hostcheck: ");
    puts_(why);
    puts_(" ");
    puthex(v);
    puts_("\n");
    poweroff(99);
}

static void *memcpy_(void *d, const void *s, size_t n)
{
    uint8_t *dd = d;
    const uint8_t *ss = s;
    while (n--)
        *dd++ = *ss++;
    return d;
}

static size_t strlen_(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

struct ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static uint64_t load(uint64_t size)
{
    const struct ehdr *e = (const void *)IMG;
    if (size < sizeof(*e) || e->ident[0] != 0x7f || e->ident[1] != 'E' ||
        e->ident[2] != 'L' || e->ident[3] != 'F')
        die("bad ELF magic", 0);
    if (e->ident[4] != 2 || e->machine != 243 || e->type != 2)
        die("not an ELF64 RISC-V ET_EXEC", e->machine);
    if (e->phoff + (uint64_t)e->phnum * e->phentsize > size)
        die("program headers beyond the file", e->phoff);
    int loads = 0, exec_seg = -1;
    for (int i = 0; i < e->phnum; i++) {
        const struct phdr *p = (const void *)(IMG + e->phoff + (uint64_t)i * e->phentsize);
        if (p->type != 1)
            continue;
        if (p->offset + p->filesz > size || p->filesz > p->memsz)
            die("PT_LOAD beyond the file", p->offset);
        if ((p->vaddr & 0xfff) != (p->offset & 0xfff))
            die("PT_LOAD misaligned", p->vaddr);
        if ((p->flags & 1) && (p->flags & 2))
            die("PT_LOAD both writable and executable", p->vaddr);
        if (p->flags & 1) {
            if (e->entry < p->vaddr || e->entry >= p->vaddr + p->memsz)
                die("entry outside the executable PT_LOAD", e->entry);
            exec_seg = i;
        }
        memcpy_((void *)p->vaddr, IMG + p->offset, p->filesz);
        for (uint64_t k = p->filesz; k < p->memsz; k++)
            ((uint8_t *)p->vaddr)[k] = 0;
        loads++;
    }
    if (loads != 2 || exec_seg < 0)
        die("expected two PT_LOADs, one executable", (uint64_t)loads);
    return e->entry;
}

/* ARGS: "size\0" is not needed: u64 image size, u64 argc, u64 envc, strings */
static uint64_t build_stack(void)
{
    const uint64_t *hdr = (const void *)ARGS;
    uint64_t argc = hdr[1], envc = hdr[2];
    const char *s = (const char *)(ARGS + 24);
    const char *strs[64];
    uint64_t n = argc + envc, total = 0;
    if (n > 64)
        die("too many args", n);
    for (uint64_t i = 0; i < n; i++) {
        strs[i] = s;
        size_t l = strlen_(s) + 1;
        total += l;
        s += l;
    }
    uint64_t sp = USTACK_TOP - ((total + 15) & ~15UL);
    char *dst = (char *)sp;
    uint64_t ptrs[64];
    for (uint64_t i = 0; i < n; i++) {
        size_t l = strlen_(strs[i]) + 1;
        memcpy_(dst, strs[i], l);
        ptrs[i] = (uint64_t)dst;
        dst += l;
    }
    uint64_t words = 1 + argc + 1 + envc + 1;
    sp -= words * 8;
    sp &= ~15UL;
    uint64_t *w = (uint64_t *)sp;
    *w++ = argc;
    for (uint64_t i = 0; i < argc; i++)
        *w++ = ptrs[i];
    *w++ = 0;
    for (uint64_t i = 0; i < envc; i++)
        *w++ = ptrs[argc + i];
    *w++ = 0;
    return sp;
}

void mon_main(void)
{
    /* PMP: everything for U-mode */
    __asm__ volatile("csrw pmpaddr0, %0" : : "r"(~0UL >> 10));
    __asm__ volatile("csrw pmpcfg0, %0" : : "r"(0x1fUL));
    const uint64_t *hdr = (const void *)ARGS;
    uint64_t entry = load(hdr[0]);
    uint64_t sp = build_stack();
    enter_user(entry, sp, frame);
}

/* ------------------------------------------------ cooperative threads -- */

enum { T_FREE, T_RUN, T_DONE };
enum { W_NONE, W_JOIN, W_MUTEX, W_SEM, W_BARRIER, W_COND };
#define NTHREADS 16
struct thr {
    int state, wait;
    uint64_t regs[32], epc;
    uint64_t retval;
    uint64_t obj, obj2;         /* what it waits for */
    uint64_t gen;
    int joiner_ok;
};
static struct thr thr[NTHREADS];
static int cur;

struct obj { uint64_t addr; int kind; int owner; long value; long count; long arrived; uint64_t gen; };
#define NOBJ 64
static struct obj objs[NOBJ];

static struct obj *obj_find(uint64_t addr, int kind, int create)
{
    for (int i = 0; i < NOBJ; i++)
        if (objs[i].kind == kind && objs[i].addr == addr)
            return &objs[i];
    if (!create)
        return NULL;
    for (int i = 0; i < NOBJ; i++)
        if (!objs[i].kind) {
            objs[i].addr = addr;
            objs[i].kind = kind;
            objs[i].owner = -1;
            objs[i].value = objs[i].count = objs[i].arrived = 0;
            objs[i].gen = 0;
            return &objs[i];
        }
    die("too many sync objects", addr);
}

/* can thread t run?  performs what its wait needed (acquire, decrement) */
static int ready(int t)
{
    struct thr *th = &thr[t];
    if (th->state != T_RUN)
        return 0;
    struct obj *o;
    switch (th->wait) {
    case W_NONE:
        return 1;
    case W_JOIN: {
        struct thr *target = &thr[th->obj];
        if (target->state != T_DONE)
            return 0;
        if (th->obj2)
            *(uint64_t *)th->obj2 = target->retval;
        target->state = T_FREE;
        break;
    }
    case W_MUTEX:
        o = obj_find(th->obj, SYS_MUTEX, 0);
        if (!o || o->owner >= 0)
            return 0;
        o->owner = t;
        break;
    case W_SEM:
        o = obj_find(th->obj, SYS_SEM, 0);
        if (!o || o->value <= 0)
            return 0;
        o->value--;
        break;
    case W_BARRIER:
        o = obj_find(th->obj, SYS_BARRIER, 0);
        if (!o || o->gen == th->gen)
            return 0;
        break;
    case W_COND:
        return 0;               /* until signalled: becomes W_MUTEX */
    }
    th->wait = W_NONE;
    return 1;
}

/* saves the live frame as thread cur's (resuming at epc) and loads the
 * next thread that can run, others first */
static void schedule(uint64_t *f, uint64_t epc)
{
    for (int i = 0; i < 32; i++)
        thr[cur].regs[i] = f[i];
    thr[cur].epc = epc;
    for (int k = 1; k <= NTHREADS; k++) {
        int n = (cur + k) % NTHREADS;
        if (ready(n)) {
            cur = n;
            for (int i = 0; i < 32; i++)
                f[i] = thr[n].regs[i];
            __asm__ volatile("csrw mepc, %0" : : "r"(thr[n].epc));
            return;
        }
    }
    die("deadlock: no thread can run", (uint64_t)cur);
}

static long sync_call(uint64_t *f, int nr, uint64_t addr, int op, uint64_t x, int *block)
{
    struct obj *o;
    if (op == SYNC_INIT) {
        o = obj_find(addr, nr, 1);
        o->owner = -1;
        o->value = (long)x;
        o->count = (long)x;
        o->arrived = 0;
        return 0;
    }
    o = obj_find(addr, nr, 0);
    if (!o)
        return -22;
    if (op == SYNC_DESTROY) {
        o->kind = 0;
        return 0;
    }
    switch (nr) {
    case SYS_MUTEX:
        if (op == SYNC_LOCK) {
            if (o->owner < 0) {
                o->owner = cur;
                return 0;
            }
            thr[cur].wait = W_MUTEX;
            thr[cur].obj = addr;
            *block = 1;
            return 0;
        }
        if (op == SYNC_TRYLOCK) {
            if (o->owner >= 0)
                return -16;
            o->owner = cur;
            return 0;
        }
        if (op == SYNC_UNLOCK) {
            if (o->owner != cur)
                return -1;
            o->owner = -1;
            return 0;
        }
        break;
    case SYS_SEM:
        if (op == SYNC_WAIT) {
            if (o->value > 0) {
                o->value--;
                return 0;
            }
            thr[cur].wait = W_SEM;
            thr[cur].obj = addr;
            *block = 1;
            return 0;
        }
        if (op == SYNC_POST) {
            o->value++;
            return 0;
        }
        if (op == SYNC_GETVALUE)
            return o->value;
        break;
    case SYS_BARRIER:
        if (op == SYNC_WAIT) {
            if (++o->arrived == o->count) {
                o->arrived = 0;
                o->gen++;
                return 1;
            }
            thr[cur].wait = W_BARRIER;
            thr[cur].obj = addr;
            thr[cur].gen = o->gen;
            *block = 1;
            return 0;
        }
        break;
    case SYS_CONDVAR:
        if (op == SYNC_WAIT) {
            struct obj *m = obj_find(x, SYS_MUTEX, 0);
            if (!m || m->owner != cur)
                return -1;
            m->owner = -1;
            thr[cur].wait = W_COND;
            thr[cur].obj = addr;
            thr[cur].obj2 = x;
            *block = 1;
            return 0;
        }
        if (op == SYNC_SIGNAL || op == SYNC_BROADCAST) {
            for (int t = 0; t < NTHREADS; t++) {
                if (thr[t].state == T_RUN && thr[t].wait == W_COND && thr[t].obj == addr) {
                    thr[t].wait = W_MUTEX;
                    thr[t].obj = thr[t].obj2;
                    if (op == SYNC_SIGNAL)
                        break;
                }
            }
            return 0;
        }
        break;
    }
    (void)f;
    return -22;
}

void mon_trap(uint64_t *f)
{
    uint64_t cause, epc, tval;
    __asm__ volatile("csrr %0, mcause" : "=r"(cause));
    __asm__ volatile("csrr %0, mepc" : "=r"(epc));
    __asm__ volatile("csrr %0, mtval" : "=r"(tval));
    if (cause != 8) {
        puts_("hostcheck: user trap, mcause ");
        puthex(cause);
        puts_(" mepc ");
        puthex(epc);
        puts_(" mtval ");
        die("", tval);
    }
    if (thr[0].state == T_FREE)
        thr[0].state = T_RUN;   /* the main thread */
    long r = -38;
    int block = 0, yield = 0;
    uint64_t a0 = f[10], a1 = f[11], a2 = f[12];
    switch (f[17]) {
    case SYS_WRITE:
        if (a0 == 1 || a0 == 2) {
            for (uint64_t i = 0; i < a2; i++)
                putc_(((const char *)a1)[i]);
            r = (long)a2;
        } else {
            r = -9;
        }
        break;
    case SYS_EXIT:
        puts_("hostcheck: exit ");
        puthex(a0);
        puts_("\n");
        poweroff((int)a0 & 0xff);
    case SYS_GETPID:
        r = 1;
        break;
    case SYS_ISATTY:
        r = a0 <= 2;
        break;
    case SYS_GET_CYCLE: {
        uint64_t c;
        __asm__ volatile("csrr %0, mcycle" : "=r"(c));
        *(uint64_t *)a0 = c;
        r = 0;
        break;
    }
    case SYS_GET_CONFIG: {
        struct almos_config *c = (void *)a0;
        c->clusters = 1;
        c->harts_per_cluster[0] = 1;
        c->harts = 1;
        c->page_size = 4096;
        c->timebase_freq = 10000000;
        r = 0;
        break;
    }
    case SYS_MMAP: {
        mmap_attr_t *m = (mmap_attr_t *)a0;
        uint64_t len = (m->length + 0xfff) & ~0xfffUL;
        if (!(m->flags & ALMOS_MAP_ANON) || len == 0 || mmap_next + len > MMAP_END) {
            r = -22;
            break;
        }
        m->addr = (void *)mmap_next;
        mmap_next += len;
        r = 0;
        break;
    }
    case SYS_MUNMAP:
        r = 0;
        break;
    case SYS_THREAD_YIELD:
        r = 0;
        yield = 1;
        break;
    case SYS_THREAD_SELF:
        r = 100 + cur;
        break;
    case SYS_THREAD_CREATE: {
        int t;
        for (t = 1; t < NTHREADS && thr[t].state != T_FREE; t++)
            ;
        if (t == NTHREADS) {
            r = -11;
            break;
        }
        struct thr *th = &thr[t];
        for (int i = 0; i < 32; i++)
            th->regs[i] = 0;
        th->regs[10] = a1;                                  /* a0 = arg */
        th->regs[2] = 0x87000000UL + (uint64_t)t * 0x40000; /* sp */
        th->epc = a0;
        th->state = T_RUN;
        th->wait = W_NONE;
        r = 100 + t;
        break;
    }
    case SYS_THREAD_EXIT:
        thr[cur].retval = a0;
        thr[cur].state = T_DONE;
        schedule(f, epc);
        return;
    case SYS_THREAD_JOIN: {
        long t = (long)a0 - 100;
        if (t < 0 || t >= NTHREADS || t == cur || thr[t].state == T_FREE) {
            r = -3;
            break;
        }
        thr[cur].wait = W_JOIN;
        thr[cur].obj = (uint64_t)t;
        thr[cur].obj2 = a1;
        r = 0;
        block = 1;
        break;
    }
    case SYS_MUTEX: case SYS_SEM: case SYS_BARRIER: case SYS_CONDVAR:
        r = sync_call(f, (int)f[17], a0, (int)a1, a2, &block);
        break;
    }
    f[10] = (uint64_t)r;
    epc += 4;
    if (block || yield)
        schedule(f, epc);
    else
        __asm__ volatile("csrw mepc, %0" : : "r"(epc));
}
