/*
 * devfs.c - /dev and the console device (see devfs.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "devfs.h"
#include "ramfs.h"
#include "console.h"
#include "fs_yield.h"
#include "errno.h"

/* Echo of received bytes; the console is one device, so one flag. */
static volatile bool devfs_tty_echo = true;

void devfs_tty_set_echo(bool on)
{
    devfs_tty_echo = on;
}

error_t devfs_init(xptr_t root_xp)
{
    xptr_t dev_xp = vfs_inode_create(VFS_INODE_DIR, 0755);
    error_t err;

    if (dev_xp == XPTR_NULL)
        return -ENOMEM;
    err = ramfs_link(root_xp, "dev", dev_xp);
    if (err) {
        vfs_inode_destroy(dev_xp);
        return err;
    }
    xptr_t tty_xp = vfs_inode_create(VFS_INODE_DEV, 0666);
    if (tty_xp == XPTR_NULL)
        return -ENOMEM;
    ((vfs_inode_t *)GET_PTR(tty_xp))->dev = VFS_DEV_TTY;
    err = ramfs_link(dev_xp, "tty", tty_xp);
    if (err)
        vfs_inode_destroy(tty_xp);
    return err;
}

/* Input processing of one received byte: CR reads as NL. */
static char devfs_tty_in(int c)
{
    return c == '\r' ? '\n' : (char)c;
}

int64_t devfs_tty_read(void *kbuf, uint64_t count)
{
    char *buf = kbuf;
    uint64_t n = 0;
    int c;

    c = console_rx_wait();
    if (c < 0)
        return c;
    buf[n++] = devfs_tty_in(c);
    while (n < count && buf[n - 1] != '\n' && (c = console_rx_get()) >= 0)
        buf[n++] = devfs_tty_in(c);
    if (devfs_tty_echo)
        console_write(buf, n);
    return (int64_t)n;
}

int64_t devfs_tty_write(const void *kbuf, uint64_t count)
{
    const char *buf = kbuf;
    uint64_t done = 0;

    /* in chunks, so one huge write does not hold the console lock long */
    while (done < count) {
        size_t n = count - done > 256 ? 256 : count - done;
        console_write(buf + done, n);
        done += n;
    }
    return (int64_t)count;
}
