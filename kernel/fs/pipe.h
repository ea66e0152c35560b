/*
 * pipe.h - anonymous pipes: a 4 KiB ring shared by a reading and a writing
 * file.
 *
 * A read returns at least one byte, yielding the core while the ring is
 * empty and a writer is left; with no writer left it returns 0 (end of
 * file).  A write blocks the same way while the ring is full, and fails
 * with -EPIPE once no reader is left.  The ring is guarded by a
 * remote_busylock, never held across a yield, so cores of every cluster
 * may use one pipe.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef PIPE_H
#define PIPE_H

#include "hal_kernel_types.h"
#include "remote_busylock.h"
#include "xlist.h"

#define PIPE_SIZE  4096U

typedef struct pipe_s {
    remote_busylock_t lock;      /* everything below */
    uint32_t head;               /* index of the next byte to read */
    uint32_t count;              /* bytes in the ring */
    uint32_t readers;            /* open reading ends */
    uint32_t writers;            /* open writing ends */
    xptr_t   buf_xp;             /* PIPE_SIZE bytes */
    xlist_entry_t rd_wait;       /* readers waiting for bytes (waitq.h) */
    xlist_entry_t wr_wait;       /* writers waiting for room */
} pipe_t;

/* Creates a pipe in cluster <cxy> with one reader and one writer.  Returns
 * it, or XPTR_NULL when out of memory. */
xptr_t pipe_create(cxy_t cxy);

/* Frees the pipe (both ends closed). */
void pipe_destroy(xptr_t pipe_xp);

/* Reads 1..<count> bytes into the local <kbuf>, or 0 at end of file. */
int64_t pipe_read(xptr_t pipe_xp, void *kbuf, uint64_t count);

/* Writes <count> bytes of the local <kbuf>; returns count, or the bytes
 * written before the last reader left, or -EPIPE when none were. */
int64_t pipe_write(xptr_t pipe_xp, const void *kbuf, uint64_t count);

/* Closes one end: a writer when <writer>, else a reader. */
void pipe_close_end(xptr_t pipe_xp, bool writer);

#endif
