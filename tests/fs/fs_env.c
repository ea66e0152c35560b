/*
 * fs_env.c - environment of the file system host tests (see fs_test.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <pthread.h>
#include <sched.h>
#include "fs_test.h"
#include "waitq.h"
#include "console.h"
#include "tty.h"
#include "string.h"

volatile unsigned long fs_yields;
void (*fs_yield_hook)(void);

static pthread_mutex_t fs_rx_mutex = PTHREAD_MUTEX_INITIALIZER;
static char   fs_rx_buf[4096];
static size_t fs_rx_head, fs_rx_tail;
static uint32_t fs_base_inodes, fs_base_dentries;

/* The console input of the tests: what fs_console_feed() queued. */
int console_rx_get(void)
{
    int c = -1;

    pthread_mutex_lock(&fs_rx_mutex);
    if (fs_rx_head != fs_rx_tail)
        c = (unsigned char)fs_rx_buf[fs_rx_head++ % sizeof(fs_rx_buf)];
    pthread_mutex_unlock(&fs_rx_mutex);
    return c;
}

void fs_console_feed(const char *bytes, size_t len)
{
    pthread_mutex_lock(&fs_rx_mutex);
    for (size_t i = 0; i < len; i++)
        fs_rx_buf[fs_rx_tail++ % sizeof(fs_rx_buf)] = bytes[i];
    pthread_mutex_unlock(&fs_rx_mutex);
}

/* The scheduler of the tests: counts, runs the hook, lets another host
 * thread run (kernel/fs calls it sched_yield, renamed by fs.mk). */
void fs_test_sched_yield(void)
{
    __atomic_add_fetch(&fs_yields, 1, __ATOMIC_SEQ_CST);
    if (fs_yield_hook)
        fs_yield_hook();
    sched_yield();
}

/* The wait queues of the fs code (waitq.h) on the host: waiting is one
 * yield, after which the caller checks its condition again; wake-ups
 * have nobody to unblock. */
void waitq_prepare(xptr_t root_xp, waitq_waiter_t *w, uint32_t reason)
{
    (void)root_xp;
    (void)reason;
    w->woken = 0;
}

bool waitq_finish(xptr_t root_xp, xptr_t lock_xp, waitq_waiter_t *w, uint32_t reason)
{
    (void)root_xp;
    (void)lock_xp;
    (void)w;
    (void)reason;
    fs_test_sched_yield();
    return true;
}

void waitq_wake_all(xptr_t root_xp, uint32_t reason)
{
    (void)root_xp;
    (void)reason;
}

/* A blocking read of the console input: yields until fs_console_feed(). */
int console_rx_wait(void)
{
    int c;
    while ((c = console_rx_get()) < 0)
        fs_test_sched_yield();
    return c;
}

/* The terminal under devfs (tty.h), as the fs tests see it: the fed
 * console input, raw, up to a newline.  The line discipline has its own
 * tests (tests/host/test_tty_ldisc.c, and tests/qemu/tty.sh on a real
 * terminal). */
unsigned fs_tty_inits;

void tty_init(void)
{
    fs_tty_inits++;
}

int64_t tty_read(void *kbuf, uint64_t count)
{
    char *buf = kbuf;
    uint64_t n = 0;
    int c = console_rx_wait();
    buf[n++] = (char)c;
    while (n < count && buf[n - 1] != '\n' && (c = console_rx_get()) >= 0)
        buf[n++] = (char)c;
    return (int64_t)n;
}

int64_t tty_write(const void *kbuf, uint64_t count)
{
    console_write(kbuf, count);
    return (int64_t)count;
}

int fs_setup(void **state)
{
    uint32_t files, pipes;

    (void)state;
    test_boot_clusters(2);
    test_console_reset();
    pthread_mutex_lock(&fs_rx_mutex);
    fs_rx_head = fs_rx_tail = 0;
    pthread_mutex_unlock(&fs_rx_mutex);
    fs_yields = 0;
    fs_yield_hook = NULL;
    fs_tty_inits = 0;
    assert_int_equal(vfs_init(), 0);
    assert_int_equal(fs_tty_inits, 1);          /* devfs set the terminal up */
    vfs_objects_nr(&fs_base_inodes, &fs_base_dentries, &files, &pipes);
    assert_int_equal(fs_base_inodes, 3);        /* /, /dev, /dev/tty */
    assert_int_equal(fs_base_dentries, 2);
    assert_int_equal(files, 0);
    assert_int_equal(pipes, 0);
    return 0;
}

void fs_check_no_leak(void)
{
    uint32_t inodes, dentries, files, pipes;

    vfs_objects_nr(&inodes, &dentries, &files, &pipes);
    assert_int_equal(files, 0);
    assert_int_equal(pipes, 0);
    assert_int_equal(inodes - dentries, fs_base_inodes - fs_base_dentries);
}

void fs_put_file(const char *path, const void *data, size_t len)
{
    xptr_t f;

    assert_int_equal(vfs_open(XPTR_NULL, path, ALMOS_O_WRONLY | ALMOS_O_CREAT | ALMOS_O_TRUNC,
                              0644, &f), 0);
    assert_int_equal(vfs_write(f, data, len), (int64_t)len);
    vfs_file_put(f);
}

size_t fs_get_file(const char *path, void *buf, size_t max)
{
    xptr_t f;
    size_t total = 0;
    int64_t n = 0;

    assert_int_equal(vfs_open(XPTR_NULL, path, ALMOS_O_RDONLY, 0, &f), 0);
    while (total < max && (n = vfs_read(f, (char *)buf + total, max - total)) > 0)
        total += (size_t)n;
    assert_true(n >= 0 || total == max);
    vfs_file_put(f);
    return total;
}

bool fs_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++)
        if (strncmp(hay, needle, n) == 0)
            return true;
    return n == 0;
}
