/*
 * vfs_remote.h - the VFS calls made outside the VFS cluster (private to
 * kernel/fs): each is one blocking RPC_VFS_CALL to VFS_CXY, whose server
 * makes the same vfs_* call there.  Same arguments and results as the
 * vfs_* function of the same name (vfs.h); kernel buffers must be in the
 * caller's cluster.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef VFS_REMOTE_H
#define VFS_REMOTE_H

#include "vfs.h"

/* What the server is asked: args[0] of RPC_VFS_CALL. */
enum vfs_op {
    VFS_OP_OPEN = 1,    /* [1] cwd [2] path [3] flags [4] mode -> [7] file */
    VFS_OP_LOOKUP,      /* [1] cwd [2] path -> [7] inode */
    VFS_OP_STAT,        /* [1] cwd [2] path [3] struct almos_stat out */
    VFS_OP_MKDIR,       /* [1] cwd [2] path [3] mode */
    VFS_OP_UNLINK,      /* [1] cwd [2] path */
    VFS_OP_FILE_PUT,    /* [1] file */
    VFS_OP_INODE_PUT,   /* [1] inode */
    VFS_OP_READ,        /* [1] file [2] buffer [3] count (regular files) */
    VFS_OP_WRITE,       /* [1] file [2] buffer [3] count (regular files) */
    VFS_OP_LSEEK,       /* [1] file [2] offset [3] whence */
    VFS_OP_READDIR,     /* [1] file [2] struct almos_dirent out */
    VFS_OP_GETCWD,      /* [1] cwd [2] buffer [3] size */
    VFS_OP_PIPE,        /* -> [7] read end [8] write end */
};
/* Paths (args[2], length args[5]) and buffers are extended pointers on
 * the client's memory.  Results: args[6] = the call's return value;
 * args[7..8] as above. */

error_t vfs_rpc_open(xptr_t cwd_xp, const char *path, uint32_t flags, uint32_t mode,
                     xptr_t *file_xp);
error_t vfs_rpc_lookup(xptr_t cwd_xp, const char *path, xptr_t *inode_xp);
error_t vfs_rpc_stat(xptr_t cwd_xp, const char *path, struct almos_stat *st);
/* VFS_OP_MKDIR (with <mode>) or VFS_OP_UNLINK */
error_t vfs_rpc_path(enum vfs_op op, xptr_t cwd_xp, const char *path, uint32_t mode);
void    vfs_rpc_file_put(xptr_t file_xp);
void    vfs_rpc_inode_put(xptr_t inode_xp);
/* vfs_read (write = false) or vfs_write of a regular file */
int64_t vfs_rpc_rw(xptr_t file_xp, void *kbuf, uint64_t count, bool write);
int64_t vfs_rpc_lseek(xptr_t file_xp, int64_t off, int whence);
int     vfs_rpc_readdir(xptr_t file_xp, struct almos_dirent *d);
error_t vfs_rpc_getcwd(xptr_t cwd_xp, char *buf, uint32_t size);
error_t vfs_rpc_pipe(xptr_t files[2]);

/* The server (rpc_tbl[RPC_VFS_CALL]). */
void rpc_vfs_call_server(xptr_t desc_xp);

#endif
