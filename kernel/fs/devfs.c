/*
 * devfs.c - /dev and the console device (see devfs.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "devfs.h"
#include "ramfs.h"
#include "tty.h"
#include "errno.h"

error_t devfs_init(xptr_t root_xp)
{
    xptr_t dev_xp = vfs_inode_create(VFS_INODE_DIR, 0755);
    error_t err;

    if (dev_xp == XPTR_NULL)
        return -ENOMEM;
    /* devfs's names are the kernel's: unlink leaves them (vfs_unlink) */
    ((vfs_inode_t *)GET_PTR(dev_xp))->pinned = 1;
    err = ramfs_link(root_xp, "dev", dev_xp);
    if (err) {
        vfs_inode_destroy(dev_xp);
        return err;
    }
    xptr_t tty_xp = vfs_inode_create(VFS_INODE_DEV, 0666);
    if (tty_xp == XPTR_NULL)
        return -ENOMEM;
    ((vfs_inode_t *)GET_PTR(tty_xp))->dev = VFS_DEV_TTY;
    ((vfs_inode_t *)GET_PTR(tty_xp))->pinned = 1;
    tty_init();
    err = ramfs_link(dev_xp, "tty", tty_xp);
    if (err)
        vfs_inode_destroy(tty_xp);
    return err;
}

int64_t devfs_tty_read(void *kbuf, uint64_t count)
{
    return tty_read(kbuf, count);
}

int64_t devfs_tty_write(const void *kbuf, uint64_t count)
{
    return tty_write(kbuf, count);
}
