/*
 * vfs_remote.c - the VFS from clusters other than the VFS cluster.
 *
 * The VFS objects live in VFS_CXY and the code that walks the namespace
 * reaches them through local pointers (vfs.c).  A thread of another
 * cluster (a process placed there by fork, a thread of a process copy)
 * gets the same service through one blocking RPC_VFS_CALL per call: the
 * client names its kernel buffers with extended pointers, the server (an
 * RPC server thread of the VFS cluster) makes the vfs_* call there with
 * buffers of its own and moves the bytes with hal_remote_memcpy.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "vfs_remote.h"
#include "rpc.h"
#include "kmem.h"
#include "string.h"
#include "errno.h"
#include "hal_remote.h"

#define VFS_RPC_CHUNK  1024    /* bytes of a regular file moved per step */
#define VFS_SERVER_BUF (VFS_PATH_MAX + sizeof(struct almos_stat))

/* ------------------------------------------------------------- client -- */

/* A buffer of the caller, as the server names it. */
static inline uint64_t here(const void *p)
{
    return XPTR(local_cxy, p);
}

/* One RPC_VFS_CALL; the return value (args[6]); out[] gets args[7..8].
 * <path>, when not NULL, is args[2] and its length args[5]. */
static int64_t vfs_call(enum vfs_op op, uint64_t a1, const char *path, uint64_t a2,
                        uint64_t a3, uint64_t a4, xptr_t *out0, xptr_t *out1)
{
    size_t len = path ? strlen(path) : 0;
    if (len >= VFS_PATH_MAX)
        return -ENAMETOOLONG;
    uint64_t args[6] = { op, a1, path ? here(path) : a2, a3, a4, len };
    uint64_t res[RPC_ARGS_NR];
    rpc_call(VFS_CXY, RPC_VFS_CALL, args, 6, res);
    if (out0)
        *out0 = res[7];
    if (out1)
        *out1 = res[8];
    return (int64_t)res[6];
}

error_t vfs_rpc_open(xptr_t cwd_xp, const char *path, uint32_t flags, uint32_t mode,
                     xptr_t *file_xp)
{
    return (error_t)vfs_call(VFS_OP_OPEN, cwd_xp, path, 0, flags, mode, file_xp, NULL);
}

error_t vfs_rpc_lookup(xptr_t cwd_xp, const char *path, xptr_t *inode_xp)
{
    return (error_t)vfs_call(VFS_OP_LOOKUP, cwd_xp, path, 0, 0, 0, inode_xp, NULL);
}

error_t vfs_rpc_stat(xptr_t cwd_xp, const char *path, struct almos_stat *st)
{
    return (error_t)vfs_call(VFS_OP_STAT, cwd_xp, path, 0, here(st), 0, NULL, NULL);
}

error_t vfs_rpc_path(enum vfs_op op, xptr_t cwd_xp, const char *path, uint32_t mode)
{
    return (error_t)vfs_call(op, cwd_xp, path, 0, mode, 0, NULL, NULL);
}

void vfs_rpc_file_put(xptr_t file_xp)
{
    vfs_call(VFS_OP_FILE_PUT, file_xp, NULL, 0, 0, 0, NULL, NULL);
}

void vfs_rpc_inode_put(xptr_t inode_xp)
{
    vfs_call(VFS_OP_INODE_PUT, inode_xp, NULL, 0, 0, 0, NULL, NULL);
}

int64_t vfs_rpc_rw(xptr_t file_xp, void *kbuf, uint64_t count, bool write)
{
    return vfs_call(write ? VFS_OP_WRITE : VFS_OP_READ, file_xp, NULL, here(kbuf), count, 0,
                    NULL, NULL);
}

int64_t vfs_rpc_lseek(xptr_t file_xp, int64_t off, int whence)
{
    return vfs_call(VFS_OP_LSEEK, file_xp, NULL, (uint64_t)off, (uint64_t)(int64_t)whence,
                    0, NULL, NULL);
}

int vfs_rpc_readdir(xptr_t file_xp, struct almos_dirent *d)
{
    return (int)vfs_call(VFS_OP_READDIR, file_xp, NULL, here(d), 0, 0, NULL, NULL);
}

error_t vfs_rpc_getcwd(xptr_t cwd_xp, char *buf, uint32_t size)
{
    return (error_t)vfs_call(VFS_OP_GETCWD, cwd_xp, NULL, here(buf), size, 0, NULL, NULL);
}

error_t vfs_rpc_pipe(xptr_t files[2])
{
    return (error_t)vfs_call(VFS_OP_PIPE, 0, NULL, 0, 0, 0, &files[0], &files[1]);
}

/* ------------------------------------------------------------- server -- */

/* The client's path (args[2], length args[5]) copied into <buf>
 * (VFS_PATH_MAX bytes). */
static void path_in(char *buf, const uint64_t *a)
{
    uint64_t len = a[5] < VFS_PATH_MAX ? a[5] : VFS_PATH_MAX - 1;
    hal_remote_memcpy(XPTR(local_cxy, buf), a[2], len);
    buf[len] = 0;
}

/* A regular file's bytes between the client's buffer and the file, in
 * chunks through <bounce>; stops at a short transfer or an error. */
static int64_t serve_rw(xptr_t file_xp, xptr_t buf_xp, uint64_t count, bool write,
                        char *bounce)
{
    uint64_t done = 0;
    while (done < count) {
        uint64_t n = count - done < VFS_RPC_CHUNK ? count - done : VFS_RPC_CHUNK;
        int64_t r;
        if (write) {
            hal_remote_memcpy(XPTR(local_cxy, bounce), buf_xp + done, n);
            r = vfs_write(file_xp, bounce, n);
        } else {
            r = vfs_read(file_xp, bounce, n);
            if (r > 0)
                hal_remote_memcpy(buf_xp + done, XPTR(local_cxy, bounce), (uint64_t)r);
        }
        if (r < 0)
            return done ? (int64_t)done : r;
        done += (uint64_t)r;
        if ((uint64_t)r < n)
            break;
    }
    return (int64_t)done;
}

void rpc_vfs_call_server(xptr_t desc_xp)
{
    uint64_t a[6];
    for (uint32_t i = 0; i < 6; i++)
        a[i] = rpc_arg(desc_xp, i);
    /* the path, the bounce buffer of a transfer, the results (kmem, not
     * the stack: the client reaches them too on every HAL) */
    char *buf = kmem_alloc(VFS_SERVER_BUF, 0);
    int64_t ret = -ENOMEM;
    xptr_t out0 = XPTR_NULL, out1 = XPTR_NULL;
    if (buf == NULL)
        goto answer;
    switch ((enum vfs_op)a[0]) {
    case VFS_OP_OPEN:
        path_in(buf, a);
        ret = vfs_open(a[1], buf, (uint32_t)a[3], (uint32_t)a[4], &out0);
        break;
    case VFS_OP_LOOKUP:
        path_in(buf, a);
        ret = vfs_lookup(a[1], buf, &out0);
        break;
    case VFS_OP_STAT: {
        struct almos_stat *st = (void *)(buf + VFS_PATH_MAX);
        path_in(buf, a);
        ret = vfs_stat(a[1], buf, st);
        if (ret == 0)
            hal_remote_memcpy(a[3], XPTR(local_cxy, st), sizeof(*st));
        break;
    }
    case VFS_OP_MKDIR:
        path_in(buf, a);
        ret = vfs_mkdir(a[1], buf, (uint32_t)a[3]);
        break;
    case VFS_OP_UNLINK:
        path_in(buf, a);
        ret = vfs_unlink(a[1], buf);
        break;
    case VFS_OP_FILE_PUT:
        vfs_file_put(a[1]);
        ret = 0;
        break;
    case VFS_OP_INODE_PUT:
        vfs_inode_put(a[1]);
        ret = 0;
        break;
    case VFS_OP_READ:
    case VFS_OP_WRITE:
        ret = serve_rw(a[1], a[2], a[3], a[0] == VFS_OP_WRITE, buf);
        break;
    case VFS_OP_LSEEK:
        ret = vfs_lseek(a[1], (int64_t)a[2], (int)(int64_t)a[3]);
        break;
    case VFS_OP_READDIR: {
        struct almos_dirent *d = (void *)buf;
        ret = vfs_readdir(a[1], d);
        if (ret >= 0)
            hal_remote_memcpy(a[2], XPTR(local_cxy, d), sizeof(*d));
        break;
    }
    case VFS_OP_GETCWD:
        if (a[3] > VFS_PATH_MAX) {
            ret = -EINVAL;
            break;
        }
        ret = vfs_getcwd(a[1], buf, (uint32_t)a[3]);
        if (ret == 0)
            hal_remote_memcpy(a[2], XPTR(local_cxy, buf), a[3]);
        break;
    case VFS_OP_PIPE: {
        xptr_t files[2];
        ret = vfs_pipe(files);
        if (ret == 0) {
            out0 = files[0];
            out1 = files[1];
        }
        break;
    }
    default:
        ret = -ENOSYS;
        break;
    }
    kmem_free(buf);
answer:
    rpc_set_arg(desc_xp, 6, (uint64_t)ret);
    rpc_set_arg(desc_xp, 7, out0);
    rpc_set_arg(desc_xp, 8, out1);
}
