/*
 * mon.c - hostcheck: a tiny M-mode monitor for qemu-system-riscv64
 * -machine virt -bios none that loads ONE user program (a raw ELF image at
 * IMG, loaded by QEMU's generic loader), checks its layout like the kernel
 * would (ELF64, RISC-V, ET_EXEC, PT_LOADs), copies its segments, builds the
 * initial stack (argc, argv, NULL, envp, NULL, strings) from the blob at
 * ARGS, and runs it in U-mode without paging (PMP open), serving a few
 * system calls of shared_syscalls.h: write (fds 1, 2 to the UART), exit
 * (powers off with the status), getpid, isatty, get_cycle, mmap ANON (bump
 * allocator over zeroed RAM), munmap (ignored), thread_yield; anything
 * else returns -ENOSYS.  Faults print the cause and power off with 99.
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

#define R(n) frame[n]   /* x1..x31 at index n */
#define A(i) frame[10 + (i)]

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
    long r = -38;
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
    case SYS_THREAD_YIELD:
        r = 0;
        break;
    }
    f[10] = (uint64_t)r;
    epc += 4;
    __asm__ volatile("csrw mepc, %0" : : "r"(epc));
}
