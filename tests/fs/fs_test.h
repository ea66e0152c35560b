/*
 * fs_test.h - helpers of the file system host tests (tests/fs).
 *
 * On top of tests/host/test_env.h (simulated clusters, console capture,
 * panic): the console input the tty reads, the sched_yield() the fs code
 * calls, and shorthands to make and read files.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef FS_TEST_H
#define FS_TEST_H

#include "test_env.h"
#include "vfs.h"

/* Boots 2 simulated clusters and runs vfs_init() in cluster 0; a cmocka
 * setup function. */
int fs_setup(void **state);

/* Fails unless every inode, dentry, file and pipe made since fs_setup is
 * gone again (the root, /dev and /dev/tty stay). */
void fs_check_no_leak(void);

/* Queues bytes for console_rx_get(), which the tests' tty_read() takes
 * raw (no line discipline: see fs_env.c). */
void fs_console_feed(const char *bytes, size_t len);

/* Calls to sched_yield() made by the fs code, and a hook run at each. */
extern volatile unsigned long fs_yields;
extern void (*fs_yield_hook)(void);

/* Creates (or truncates) <path> with <len> bytes of <data>; fails the test
 * on error. */
void fs_put_file(const char *path, const void *data, size_t len);

/* Reads up to <max> bytes of <path>; returns the count (fails the test on
 * error). */
size_t fs_get_file(const char *path, void *buf, size_t max);

/* True when <needle> occurs in <hay> (libk has no strstr). */
bool fs_contains(const char *hay, const char *needle);

#endif
