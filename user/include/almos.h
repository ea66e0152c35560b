/*
 * almos.h - almos-rv user-space extensions: raw system calls and the calls
 * that have no POSIX name (statistics, configuration, process list, halt).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef ALMOS_H
#define ALMOS_H

#include <stddef.h>
#include <stdint.h>
#include "shared_syscalls.h"

/* raw system call: a7 = number, a0..a5 = arguments, result in a0 */
static inline long almos_syscall(long n, long a0, long a1, long a2,
                                 long a3, long a4, long a5)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a3 __asm__("a3") = a3;
    register long r_a4 __asm__("a4") = a4;
    register long r_a5 __asm__("a5") = a5;
    register long r_a7 __asm__("a7") = n;
    __asm__ volatile("ecall"
                     : "+r"(r_a0)
                     : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5),
                       "r"(r_a7)
                     : "memory");
    return r_a0;
}

#define SC0(n)             almos_syscall((n), 0, 0, 0, 0, 0, 0)
#define SC1(n, a)          almos_syscall((n), (long)(a), 0, 0, 0, 0, 0)
#define SC2(n, a, b)       almos_syscall((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define SC3(n, a, b, c)    almos_syscall((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)

/* convert a kernel result (-errno, Linux numbering) into picolibc's errno
 * numbering and return -1, or return the result unchanged */
long almos_result(long r);
/* picolibc errno value of a Linux errno number */
int almos_errno(int linux_errno);

/* extension calls: 0 or -1 with errno set */
int almos_get_cycle(uint64_t *cycles);
uint64_t almos_cycles(void);                 /* the counter, 0 on error */
/* the cost of one counter read: min of 100 back-to-back pairs */
uint64_t almos_cycles_read_cost(void);
int almos_get_config(struct almos_config *cfg);
int almos_get_stats(struct almos_stats *st);
int almos_process_info(int index, struct almos_process_info *pi); /* 1, 0 past end, -1 */
int almos_halt(int status);
int almos_readdir(int fd, struct almos_dirent *d);   /* 1, 0 at end, -1 */
int almos_thread_self(void);
/* the next fork() of the calling thread makes its child in cluster <cxy>
 * (ALMOS-MKH's place_fork); 0, or -1 (EINVAL: no such cluster) */
int place_fork(unsigned cxy);
/* the cluster of the physical page mapped at <addr> in the process's
 * reference page table; -1 with errno ENOENT when none is mapped */
int almos_page_cluster(const void *addr);
/* ignores signal <sig> (ALMOS_SIG*, the kernel's numbers, as kill() takes
 * them) with ALMOS_SIG_IGN, or restores its default action with
 * ALMOS_SIG_DFL; the old disposition, or -1 (EINVAL: KILL, STOP, SEGV, BUS,
 * ILL cannot be ignored).  There are no signal handlers. */
int almos_signal(int sig, int disposition);
/* nanoseconds since boot (gettimeofday and clock_gettime count from boot:
 * the kernel reads no real-time clock) */
uint64_t almos_clock_ns(void);
/* sleeps <us> microseconds (at most a day; the timer tick's resolution);
 * 0, or -1 (EINVAL: longer than a day, EINTR) */
int almos_sleep_us(uint64_t us);
/* mmap with the kernel's attribute block (MAP_REMOTE etc.) */
void *almos_mmap(mmap_attr_t *attr);

/* sum of free pages / total pages over all clusters of a stats block */
uint64_t almos_free_pages(const struct almos_stats *st);
uint64_t almos_total_pages(const struct almos_stats *st);

/* picolibc declares it only with _POSIX_THREADS */
int sched_yield(void);

/* flush stdout and stderr (done before fork and exec, and at exit) */
void almos_flush_stdio(void);

#endif
