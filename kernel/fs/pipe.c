/*
 * pipe.c - anonymous pipes (see pipe.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "pipe.h"
#include "hal_remote.h"
#include "kmem.h"
#include "string.h"
#include "errno.h"
#include "fs_yield.h"

#define PIPE_XP(xp, f)  ((xp) + offsetof(pipe_t, f))

xptr_t pipe_create(cxy_t cxy)
{
    xptr_t xp = kmem_remote_alloc(cxy, sizeof(pipe_t), AF_ZERO);

    if (xp == XPTR_NULL)
        return XPTR_NULL;
    xptr_t buf_xp = kmem_remote_alloc(cxy, PIPE_SIZE, AF_NONE);
    if (buf_xp == XPTR_NULL) {
        kmem_remote_free(xp);
        return XPTR_NULL;
    }
    remote_busylock_init(PIPE_XP(xp, lock));
    hal_remote_s32(PIPE_XP(xp, head), 0);
    hal_remote_s32(PIPE_XP(xp, count), 0);
    hal_remote_s32(PIPE_XP(xp, readers), 1);
    hal_remote_s32(PIPE_XP(xp, writers), 1);
    hal_remote_sxp(PIPE_XP(xp, buf_xp), buf_xp);
    xlist_root_init(PIPE_XP(xp, rd_wait));
    xlist_root_init(PIPE_XP(xp, wr_wait));
    return xp;
}

void pipe_destroy(xptr_t pipe_xp)
{
    kmem_remote_free(hal_remote_lxp(PIPE_XP(pipe_xp, buf_xp)));
    kmem_remote_free(pipe_xp);
}

/* Copies <n> bytes between the ring byte at <ring_xp> and the local <kbuf>. */
static void pipe_copy(xptr_t ring_xp, void *kbuf, size_t n, bool to_ring)
{
    if (GET_CXY(ring_xp) == local_cxy) {
        if (to_ring)
            memcpy(GET_PTR(ring_xp), kbuf, n);
        else
            memcpy(kbuf, GET_PTR(ring_xp), n);
    } else if (to_ring) {
        hal_remote_memcpy(ring_xp, XPTR(local_cxy, kbuf), n);
    } else {
        hal_remote_memcpy(XPTR(local_cxy, kbuf), ring_xp, n);
    }
}

/* With the pipe's lock held: blocks the caller on <queue_xp> of the pipe
 * and releases the lock; back when woken (true) or killed (false). */
static bool pipe_wait(xptr_t pipe_xp, xptr_t queue_xp)
{
    waitq_waiter_t w;
    waitq_prepare(queue_xp, &w, THREAD_BLOCKED_IO);
    remote_busylock_release(PIPE_XP(pipe_xp, lock));
    return waitq_finish(queue_xp, PIPE_XP(pipe_xp, lock), &w, THREAD_BLOCKED_IO);
}

int64_t pipe_read(xptr_t pipe_xp, void *kbuf, uint64_t count)
{
    xptr_t lock_xp = PIPE_XP(pipe_xp, lock);
    xptr_t buf_xp = hal_remote_lxp(PIPE_XP(pipe_xp, buf_xp));
    uint8_t *dst = kbuf;

    if (count == 0)
        return 0;
    for (;;) {
        remote_busylock_acquire(lock_xp);
        uint32_t avail = hal_remote_l32(PIPE_XP(pipe_xp, count));
        if (avail > 0) {
            uint32_t head = hal_remote_l32(PIPE_XP(pipe_xp, head));
            uint32_t n = count < avail ? (uint32_t)count : avail;
            uint32_t first = PIPE_SIZE - head < n ? PIPE_SIZE - head : n;
            pipe_copy(buf_xp + head, dst, first, false);
            if (n > first)
                pipe_copy(buf_xp, dst + first, n - first, false);
            hal_remote_s32(PIPE_XP(pipe_xp, head), (head + n) % PIPE_SIZE);
            hal_remote_s32(PIPE_XP(pipe_xp, count), avail - n);
            waitq_wake_all(PIPE_XP(pipe_xp, wr_wait), THREAD_BLOCKED_IO);  /* room */
            remote_busylock_release(lock_xp);
            return n;
        }
        if (hal_remote_l32(PIPE_XP(pipe_xp, writers)) == 0) {
            remote_busylock_release(lock_xp);
            return 0;
        }
        if (!pipe_wait(pipe_xp, PIPE_XP(pipe_xp, rd_wait)))
            return -EINTR;
    }
}

int64_t pipe_write(xptr_t pipe_xp, const void *kbuf, uint64_t count)
{
    xptr_t lock_xp = PIPE_XP(pipe_xp, lock);
    xptr_t buf_xp = hal_remote_lxp(PIPE_XP(pipe_xp, buf_xp));
    uint8_t *src = (uint8_t *)kbuf;
    uint64_t done = 0;

    while (done < count) {
        remote_busylock_acquire(lock_xp);
        if (hal_remote_l32(PIPE_XP(pipe_xp, readers)) == 0) {
            remote_busylock_release(lock_xp);
            return done ? (int64_t)done : -EPIPE;
        }
        uint32_t used = hal_remote_l32(PIPE_XP(pipe_xp, count));
        uint32_t room = PIPE_SIZE - used;
        if (room > 0) {
            uint32_t head = hal_remote_l32(PIPE_XP(pipe_xp, head));
            uint32_t tail = (head + used) % PIPE_SIZE;
            uint32_t n = count - done < room ? (uint32_t)(count - done) : room;
            uint32_t first = PIPE_SIZE - tail < n ? PIPE_SIZE - tail : n;
            pipe_copy(buf_xp + tail, src + done, first, true);
            if (n > first)
                pipe_copy(buf_xp, src + done + first, n - first, true);
            hal_remote_s32(PIPE_XP(pipe_xp, count), used + n);
            done += n;
            waitq_wake_all(PIPE_XP(pipe_xp, rd_wait), THREAD_BLOCKED_IO);  /* bytes */
            remote_busylock_release(lock_xp);
            continue;
        }
        if (!pipe_wait(pipe_xp, PIPE_XP(pipe_xp, wr_wait)))
            return done ? (int64_t)done : -EINTR;
    }
    return (int64_t)done;
}

void pipe_close_end(xptr_t pipe_xp, bool writer)
{
    xptr_t lock_xp = PIPE_XP(pipe_xp, lock);

    remote_busylock_acquire(lock_xp);
    hal_remote_atomic_add(writer ? PIPE_XP(pipe_xp, writers) : PIPE_XP(pipe_xp, readers), -1);
    /* readers see the end of file, writers EPIPE */
    waitq_wake_all(writer ? PIPE_XP(pipe_xp, rd_wait) : PIPE_XP(pipe_xp, wr_wait),
                   THREAD_BLOCKED_IO);
    remote_busylock_release(lock_xp);
}
