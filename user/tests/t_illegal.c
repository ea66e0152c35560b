/* t_illegal - illegal accesses, each in a child that must die by SIGSEGV
 * (SIGILL for an illegal instruction) while the test goes on: NULL read and
 * write, a kernel address, a write to code, executing data, an unmapped
 * address, a misaligned jump into nowhere, a privileged CSR.  GPL-2.0. */
#include "tlib.h"

/* volatile, so that the compiler emits the accesses as written */
static volatile long *volatile null_p = (volatile long *)0;
static volatile long *volatile null8_p = (volatile long *)8;
static volatile long *volatile kernel_p = (volatile long *)0xffffffc000200000UL;
static volatile long *volatile unmapped_p = (volatile long *)0x0000002000000000UL;
#define KERNEL_ADDR ((unsigned long)kernel_p)
#define UNMAPPED    ((unsigned long)unmapped_p)

static void null_read(void *a)    { (void)a; volatile long v = *null_p; (void)v; }
static void null_write(void *a)   { (void)a; *null8_p = 1; }
static void kernel_read(void *a)  { (void)a; volatile long v = *kernel_p; (void)v; }
static void kernel_write(void *a) { (void)a; *kernel_p = 1; }
static void unmapped_read(void *a){ (void)a; volatile long v = *unmapped_p; (void)v; }
static void unmapped_write(void *a){ (void)a; *unmapped_p = 1; }
static void *volatile code_p = (void *)&null_read;
static void code_write(void *a)   { (void)a; *(volatile int *)code_p = 0; }

/* "li a0, 0; ret" as data: the data segment is not executable */
static unsigned int data_code[4] = { 0x00000513, 0x00008067, 0, 0 };
static void exec_data(void *a)
{
    (void)a;
    void *volatile p = data_code;
    void (*fn)(void) = (void (*)(void))p;
    fn();
}

static void exec_stack(void *a)
{
    (void)a;
    volatile unsigned int code[2] = { 0x00000513, 0x00008067 };
    void *volatile p = (void *)code;
    void (*fn)(void) = (void (*)(void))p;
    fn();
}

static void exec_unmapped(void *a)
{
    (void)a;
    void (*fn)(void) = (void (*)(void))UNMAPPED;
    fn();
}

static void exec_kernel(void *a)
{
    (void)a;
    void (*fn)(void) = (void (*)(void))KERNEL_ADDR;
    fn();
}

static void illegal_insn(void *a)
{
    (void)a;
    __asm__ volatile(".4byte 0x00000000");
}

static void privileged_csr(void *a)
{
    (void)a;
    __asm__ volatile(".4byte 0x100027f3" ::: "a5");   /* csrr a5, sstatus */
}

static const struct {
    const char *name;
    void (*fn)(void *);
    int sig;
} cases[] = {
    { "NULL read", null_read, ALMOS_SIGSEGV },
    { "NULL write", null_write, ALMOS_SIGSEGV },
    { "kernel address read", kernel_read, ALMOS_SIGSEGV },
    { "kernel address write", kernel_write, ALMOS_SIGSEGV },
    { "unmapped read", unmapped_read, ALMOS_SIGSEGV },
    { "unmapped write", unmapped_write, ALMOS_SIGSEGV },
    { "write to code", code_write, ALMOS_SIGSEGV },
    { "execute data", exec_data, ALMOS_SIGSEGV },
    { "execute stack", exec_stack, ALMOS_SIGSEGV },
    { "execute unmapped", exec_unmapped, ALMOS_SIGSEGV },
    { "execute kernel address", exec_kernel, ALMOS_SIGSEGV },
    { "illegal instruction", illegal_insn, ALMOS_SIGILL },
    { "privileged CSR", privileged_csr, ALMOS_SIGILL },
};

int main(void)
{
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        tl_expect_signal(cases[i].name, cases[i].fn, NULL, cases[i].sig);
        printf("%s: killed by signal %d\n", cases[i].name, cases[i].sig);
    }
    /* the code page is intact after the attempted write */
    CHECK(*(volatile int *)(void *)&null_read != 0, "code page was changed");
    return 0;
}
