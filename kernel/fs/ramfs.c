/*
 * ramfs.c - directory operations of the in-memory root (see ramfs.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "ramfs.h"
#include "kmem.h"
#include "string.h"
#include "errno.h"
#include "hal_remote.h"

xptr_t ramfs_child_lookup(xptr_t dir_xp, const char *name)
{
    vfs_inode_t *dir = GET_PTR(dir_xp);
    xptr_t root_xp = XPTR(GET_CXY(dir_xp), &dir->children);
    xptr_t iter_xp;

    XLIST_FOREACH(root_xp, iter_xp) {
        vfs_dentry_t *d = GET_PTR(XLIST_ELEMENT(iter_xp, vfs_dentry_t, list));
        if (strcmp(d->name, name) == 0)
            return d->inode_xp;
    }
    return XPTR_NULL;
}

error_t ramfs_link(xptr_t dir_xp, const char *name, xptr_t inode_xp)
{
    vfs_inode_t *dir = GET_PTR(dir_xp);
    vfs_inode_t *inode = GET_PTR(inode_xp);
    size_t len = strnlen(name, ALMOS_NAME_MAX + 1);

    if (len > ALMOS_NAME_MAX)
        return -ENAMETOOLONG;
    vfs_dentry_t *d = kmem_alloc(sizeof(*d), AF_ZERO);
    if (d == NULL)
        return -ENOMEM;
    memcpy(d->name, name, len + 1);
    d->parent_xp = dir_xp;
    d->inode_xp = inode_xp;
    xlist_add_last(XPTR(local_cxy, &dir->children), XPTR(local_cxy, &d->list));
    dir->size++;
    if (inode->type == VFS_INODE_DIR)
        dir->subdirs++;
    inode->dentry_xp = XPTR(local_cxy, d);
    inode->links = 1;
    hal_remote_atomic_add(XPTR(local_cxy, &inode->refcount), 1);
    vfs_ctx()->dentries_nr++;
    return 0;
}

void ramfs_unlink(xptr_t inode_xp)
{
    vfs_inode_t *inode = GET_PTR(inode_xp);
    vfs_dentry_t *d = GET_PTR(inode->dentry_xp);
    vfs_inode_t *dir = GET_PTR(d->parent_xp);

    xlist_unlink(XPTR(local_cxy, &d->list));
    dir->size--;
    if (inode->type == VFS_INODE_DIR)
        dir->subdirs--;
    inode->dentry_xp = XPTR_NULL;
    inode->links = 0;
    kmem_free(d);
    vfs_ctx()->dentries_nr--;
}

xptr_t ramfs_child_nth(xptr_t dir_xp, uint64_t n)
{
    vfs_inode_t *dir = GET_PTR(dir_xp);
    xptr_t root_xp = XPTR(GET_CXY(dir_xp), &dir->children);
    xptr_t iter_xp;

    XLIST_FOREACH(root_xp, iter_xp) {
        if (n-- == 0)
            return XLIST_ELEMENT(iter_xp, vfs_dentry_t, list);
    }
    return XPTR_NULL;
}
