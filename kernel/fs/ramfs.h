/*
 * ramfs.h - the in-memory file system of the root: directory operations.
 *
 * A ramfs directory is its list of dentries; a ramfs file is its mapper.
 * These functions are called by the VFS with the namespace lock held.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef RAMFS_H
#define RAMFS_H

#include "vfs.h"

/* Inode named <name> in directory <dir_xp> ("." and ".." are not looked up
 * here), or XPTR_NULL. */
xptr_t ramfs_child_lookup(xptr_t dir_xp, const char *name);

/* Names <inode_xp> <name> in <dir_xp>: a new dentry, the inode linked and
 * held once by it.  Returns 0, -ENAMETOOLONG, -ENOMEM. */
error_t ramfs_link(xptr_t dir_xp, const char *name, xptr_t inode_xp);

/* Removes the dentry naming <inode_xp> and frees it; the inode is left
 * unlinked, still holding the dentry's reference for the caller to drop. */
void ramfs_unlink(xptr_t inode_xp);

/* Dentry of the <n>th entry (0-based, "." and ".." not counted) of
 * directory <dir_xp>, or XPTR_NULL past the last. */
xptr_t ramfs_child_nth(xptr_t dir_xp, uint64_t n);

#endif
