/*
 * vfs.c - the virtual file system (see vfs.h).
 *
 * Objects live in the VFS cluster and are used through local pointers
 * (GET_PTR) since every call runs there for now; reference counts are
 * updated atomically, so an inode or a file may be released without the
 * namespace lock.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "vfs.h"
#include "ramfs.h"
#include "devfs.h"
#include "pipe.h"
#include "vfs_remote.h"
#include "mapper.h"
#include "kmem.h"
#include "string.h"
#include "printk.h"
#include "errno.h"
#include "hal_remote.h"
#include "kernel_config.h"

#define VFS_MAX_FILE_SIZE ((uint64_t)CONFIG_MAPPER_MAX_PAGES << CONFIG_PPM_PAGE_SHIFT)

/* The context, allocated by vfs_init in the VFS cluster. */
static vfs_ctx_t *vfs_context;

vfs_ctx_t *vfs_ctx(void)
{
    return vfs_context;
}

xptr_t vfs_root(void)
{
    return vfs_context ? vfs_context->root_xp : XPTR_NULL;
}

static inline xptr_t vfs_ns_lock_xp(void)
{
    return XPTR(local_cxy, &vfs_context->lock);
}

/* Local pointer on the inode at <inode_xp>. */
static inline vfs_inode_t *vfs_inode_ptr(xptr_t inode_xp)
{
    return GET_PTR(inode_xp);
}

static inline vfs_file_t *vfs_file_ptr(xptr_t file_xp)
{
    return GET_PTR(file_xp);
}

/* Extended pointers on fields, for the calls that work from any cluster. */
#define INODE_FIELD(xp, f) ((xp) + offsetof(vfs_inode_t, f))
#define FILE_FIELD(xp, f)  ((xp) + offsetof(vfs_file_t, f))

/* True in the VFS cluster.  Elsewhere, the calls that walk the namespace
 * or create and destroy objects are carried there by an RPC
 * (vfs_remote.c); the others use remote accesses. */
static inline bool vfs_here(void)
{
    return local_cxy == VFS_CXY;
}

/* ------------------------------------------------------------- inodes -- */

xptr_t vfs_inode_create(uint32_t type, uint32_t mode)
{
    vfs_inode_t *inode = kmem_alloc(sizeof(*inode), AF_ZERO);

    if (inode == NULL)
        return XPTR_NULL;
    xptr_t inode_xp = XPTR(local_cxy, inode);
    inode->type = type;
    inode->mode = mode & 07777;
    inode->ino = hal_remote_atomic_add64(XPTR(local_cxy, &vfs_context->next_ino), 1);
    inode->size = type == VFS_INODE_DIR ? 2 : 0;
    remote_rwlock_init(XPTR(local_cxy, &inode->data_lock));
    xlist_root_init(XPTR(local_cxy, &inode->children));
    inode->dentry_xp = XPTR_NULL;
    inode->mapper_xp = XPTR_NULL;
    inode->pipe_xp = XPTR_NULL;
    if (type == VFS_INODE_FILE) {
        inode->mapper_xp = mapper_create(local_cxy, inode_xp);
        if (inode->mapper_xp == XPTR_NULL) {
            kmem_free(inode);
            return XPTR_NULL;
        }
    }
    hal_remote_atomic_add(XPTR(local_cxy, &vfs_context->inodes_nr), 1);
    return inode_xp;
}

void vfs_inode_destroy(xptr_t inode_xp)
{
    vfs_inode_t *inode = vfs_inode_ptr(inode_xp);

    if (inode->mapper_xp != XPTR_NULL)
        mapper_destroy(inode->mapper_xp);
    if (inode->pipe_xp != XPTR_NULL) {
        pipe_destroy(inode->pipe_xp);
        hal_remote_atomic_add(XPTR(local_cxy, &vfs_context->pipes_nr), -1);
    }
    kmem_free(inode);
    hal_remote_atomic_add(XPTR(local_cxy, &vfs_context->inodes_nr), -1);
}

void vfs_inode_get(xptr_t inode_xp)
{
    hal_remote_atomic_add(INODE_FIELD(inode_xp, refcount), 1);
}

void vfs_inode_put(xptr_t inode_xp)
{
    if (!vfs_here()) {
        vfs_rpc_inode_put(inode_xp);
        return;
    }
    vfs_inode_t *inode = vfs_inode_ptr(inode_xp);

    /* atomic_add returns the old value */
    if (hal_remote_atomic_add(XPTR(local_cxy, &inode->refcount), -1) == 1)
        vfs_inode_destroy(inode_xp);
}

/* ------------------------------------------------------------ init ---- */

error_t vfs_init(void)
{
    vfs_ctx_t *ctx = kmem_alloc(sizeof(*ctx), AF_ZERO);
    error_t err;

    if (ctx == NULL)
        return -ENOMEM;
    remote_busylock_init(XPTR(local_cxy, &ctx->lock));
    ctx->next_ino = 1;
    vfs_context = ctx;
    ctx->root_xp = vfs_inode_create(VFS_INODE_DIR, 0755);
    if (ctx->root_xp == XPTR_NULL)
        return -ENOMEM;
    vfs_inode_ptr(ctx->root_xp)->refcount = 1;     /* never released */
    vfs_inode_ptr(ctx->root_xp)->links = 1;
    vfs_inode_ptr(ctx->root_xp)->pinned = 1;
    remote_busylock_acquire(vfs_ns_lock_xp());
    err = devfs_init(ctx->root_xp);
    remote_busylock_release(vfs_ns_lock_xp());
    return err;
}

void vfs_objects_nr(uint32_t *inodes, uint32_t *dentries, uint32_t *files,
                    uint32_t *pipes)
{
    *inodes = vfs_context->inodes_nr;
    *dentries = vfs_context->dentries_nr;
    *files = vfs_context->files_nr;
    *pipes = vfs_context->pipes_nr;
}

/* -------------------------------------------------------- path walk -- */

/* Result of vfs_walk(): the directory holding the last component, and that
 * component ("." when the path has none, as "/"). */
typedef struct vfs_walk_s {
    xptr_t dir_xp;
    char   name[ALMOS_NAME_MAX + 1];
    bool   must_be_dir;            /* the path ends with '/' */
} vfs_walk_t;

/* Inode named <name> in directory <dir_xp>, "." and ".." included, or
 * XPTR_NULL (namespace lock held).  ".." of the root is the root; ".." of
 * an unlinked directory does not exist. */
static xptr_t vfs_child(xptr_t dir_xp, const char *name)
{
    vfs_inode_t *dir = vfs_inode_ptr(dir_xp);

    if (strcmp(name, ".") == 0)
        return dir_xp;
    if (strcmp(name, "..") == 0) {
        if (dir_xp == vfs_context->root_xp)
            return dir_xp;
        if (dir->dentry_xp == XPTR_NULL)
            return XPTR_NULL;
        return ((vfs_dentry_t *)GET_PTR(dir->dentry_xp))->parent_xp;
    }
    return ramfs_child_lookup(dir_xp, name);
}

/* Walks <path> from <cwd_xp> up to its last component (namespace lock
 * held): fills <w>.  Returns 0, -ENOENT (empty path, missing directory),
 * -ENOTDIR (a component is not a directory), -ENAMETOOLONG. */
static error_t vfs_walk(xptr_t cwd_xp, const char *path, vfs_walk_t *w)
{
    xptr_t dir_xp;
    const char *p = path;

    if (path == NULL || path[0] == 0)
        return -ENOENT;
    if (strnlen(path, VFS_PATH_MAX) >= VFS_PATH_MAX)
        return -ENAMETOOLONG;
    dir_xp = (path[0] == '/' || cwd_xp == XPTR_NULL) ? vfs_context->root_xp : cwd_xp;
    if (vfs_inode_ptr(dir_xp)->type != VFS_INODE_DIR)
        return -ENOTDIR;
    strcpy(w->name, ".");
    w->must_be_dir = false;
    for (;;) {
        while (*p == '/')
            p++;
        if (*p == 0)
            break;
        const char *start = p;
        while (*p && *p != '/')
            p++;
        size_t len = (size_t)(p - start);
        if (len > ALMOS_NAME_MAX)
            return -ENAMETOOLONG;
        const char *q = p;
        while (*q == '/')
            q++;
        if (*q == 0) {                          /* the last component */
            memcpy(w->name, start, len);
            w->name[len] = 0;
            w->must_be_dir = *p == '/';
            break;
        }
        char name[ALMOS_NAME_MAX + 1];
        memcpy(name, start, len);
        name[len] = 0;
        xptr_t next_xp = vfs_child(dir_xp, name);
        if (next_xp == XPTR_NULL)
            return -ENOENT;
        if (vfs_inode_ptr(next_xp)->type != VFS_INODE_DIR)
            return -ENOTDIR;
        dir_xp = next_xp;
    }
    w->dir_xp = dir_xp;
    return 0;
}

/* Walks the whole <path> (namespace lock held): the inode in *inode_xp
 * (not held).  Errors as vfs_walk, plus ENOENT / ENOTDIR for the last. */
static error_t vfs_resolve(xptr_t cwd_xp, const char *path, xptr_t *inode_xp)
{
    vfs_walk_t w;
    error_t err = vfs_walk(cwd_xp, path, &w);

    if (err)
        return err;
    xptr_t xp = vfs_child(w.dir_xp, w.name);
    if (xp == XPTR_NULL)
        return -ENOENT;
    if (w.must_be_dir && vfs_inode_ptr(xp)->type != VFS_INODE_DIR)
        return -ENOTDIR;
    *inode_xp = xp;
    return 0;
}

/* True when new names may be created in directory <dir_xp> (it is still
 * linked in the tree). */
static bool vfs_dir_alive(xptr_t dir_xp)
{
    return vfs_inode_ptr(dir_xp)->links != 0;
}

error_t vfs_lookup(xptr_t cwd_xp, const char *path, xptr_t *inode_xp)
{
    xptr_t xp = XPTR_NULL;
    error_t err;

    if (!vfs_here())
        return vfs_rpc_lookup(cwd_xp, path, inode_xp);

    remote_busylock_acquire(vfs_ns_lock_xp());
    err = vfs_resolve(cwd_xp, path, &xp);
    if (!err)
        vfs_inode_get(xp);
    remote_busylock_release(vfs_ns_lock_xp());
    if (!err)
        *inode_xp = xp;
    return err;
}

/* ------------------------------------------------------------- files -- */

/* A new file on the held inode <inode_xp>; XPTR_NULL when out of memory. */
static xptr_t vfs_file_create(xptr_t inode_xp, uint32_t flags)
{
    vfs_file_t *file = kmem_alloc(sizeof(*file), AF_ZERO);

    if (file == NULL)
        return XPTR_NULL;
    file->flags = flags;
    file->refcount = 1;
    file->offset = 0;
    file->inode_xp = inode_xp;
    remote_rwlock_init(XPTR(local_cxy, &file->lock));
    hal_remote_atomic_add(XPTR(local_cxy, &vfs_context->files_nr), 1);
    return XPTR(local_cxy, file);
}

/* Frees a file descriptor (its inode reference is the caller's business). */
static void vfs_file_free(xptr_t file_xp)
{
    kmem_free(vfs_file_ptr(file_xp));
    hal_remote_atomic_add(XPTR(local_cxy, &vfs_context->files_nr), -1);
}

static bool vfs_file_readable(xptr_t file_xp)
{
    return (hal_remote_l32(FILE_FIELD(file_xp, flags)) & ALMOS_O_ACCMODE) != ALMOS_O_WRONLY;
}

static bool vfs_file_writable(xptr_t file_xp)
{
    return (hal_remote_l32(FILE_FIELD(file_xp, flags)) & ALMOS_O_ACCMODE) != ALMOS_O_RDONLY;
}

/* Counts one more open file that may write the regular file <inode_xp>;
 * -ETXTBSY when a process runs it.  Lock-free (a CAS on writecount), so
 * that exec may take the image from any cluster. */
static error_t vfs_inode_get_write(xptr_t inode_xp)
{
    xptr_t wc = INODE_FIELD(inode_xp, writecount);
    for (;;) {
        int32_t v = (int32_t)hal_remote_l32(wc);
        if (v < 0)
            return -ETXTBSY;
        if (hal_remote_atomic_cas(wc, (uint32_t)v, (uint32_t)(v + 1)))
            return 0;
    }
}

error_t vfs_inode_deny_write(xptr_t inode_xp)
{
    xptr_t wc = INODE_FIELD(inode_xp, writecount);
    for (;;) {
        int32_t v = (int32_t)hal_remote_l32(wc);
        if (v > 0)
            return -ETXTBSY;
        if (hal_remote_atomic_cas(wc, (uint32_t)v, (uint32_t)(v - 1)))
            return 0;
    }
}

void vfs_inode_allow_write(xptr_t inode_xp)
{
    /* an image gives back its -1; a writer's +1 goes in vfs_file_put */
    hal_remote_atomic_add(INODE_FIELD(inode_xp, writecount), 1);
}

/* Cuts a regular file to zero bytes. */
static void vfs_file_truncate(xptr_t inode_xp)
{
    vfs_inode_t *inode = vfs_inode_ptr(inode_xp);
    xptr_t lock_xp = XPTR(local_cxy, &inode->data_lock);

    remote_rwlock_wr_acquire(lock_xp);
    mapper_truncate(inode->mapper_xp, 0);
    inode->size = 0;
    remote_rwlock_wr_release(lock_xp);
}

error_t vfs_open(xptr_t cwd_xp, const char *path, uint32_t flags, uint32_t mode,
                 xptr_t *file_xp)
{
    uint32_t acc = flags & ALMOS_O_ACCMODE;
    xptr_t inode_xp;
    vfs_walk_t w;
    error_t err;

    if (acc == ALMOS_O_ACCMODE)
        return -EINVAL;
    if (!vfs_here())
        return vfs_rpc_open(cwd_xp, path, flags, mode, file_xp);
    remote_busylock_acquire(vfs_ns_lock_xp());
    err = vfs_walk(cwd_xp, path, &w);
    if (err)
        goto unlock;
    inode_xp = vfs_child(w.dir_xp, w.name);
    if (inode_xp == XPTR_NULL) {
        if (!(flags & ALMOS_O_CREAT)) {
            err = -ENOENT;
            goto unlock;
        }
        if (w.must_be_dir || (flags & ALMOS_O_DIRECTORY)) {
            err = -EISDIR;
            goto unlock;
        }
        if (!vfs_dir_alive(w.dir_xp)) {
            err = -ENOENT;
            goto unlock;
        }
        inode_xp = vfs_inode_create(VFS_INODE_FILE, mode);
        if (inode_xp == XPTR_NULL) {
            err = -ENOMEM;
            goto unlock;
        }
        err = ramfs_link(w.dir_xp, w.name, inode_xp);
        if (err) {
            vfs_inode_destroy(inode_xp);
            goto unlock;
        }
    } else {
        vfs_inode_t *inode = vfs_inode_ptr(inode_xp);
        if ((flags & ALMOS_O_CREAT) && (flags & ALMOS_O_EXCL)) {
            err = -EEXIST;
            goto unlock;
        }
        if (inode->type == VFS_INODE_DIR) {
            if (acc != ALMOS_O_RDONLY || (flags & ALMOS_O_CREAT)) {
                err = -EISDIR;
                goto unlock;
            }
        } else if (w.must_be_dir || (flags & ALMOS_O_DIRECTORY)) {
            err = -ENOTDIR;
            goto unlock;
        }
    }
    vfs_inode_get(inode_xp);
    remote_busylock_release(vfs_ns_lock_xp());

    vfs_inode_t *inode = vfs_inode_ptr(inode_xp);
    bool writer = inode->type == VFS_INODE_FILE && acc != ALMOS_O_RDONLY;
    if (writer && vfs_inode_get_write(inode_xp) != 0) {
        vfs_inode_put(inode_xp);
        return -ETXTBSY;                /* a running program's image */
    }
    if (writer && (flags & ALMOS_O_TRUNC))
        vfs_file_truncate(inode_xp);
    xptr_t xp = vfs_file_create(inode_xp, flags);
    if (xp == XPTR_NULL) {
        if (writer)
            vfs_inode_allow_write(inode_xp);
        vfs_inode_put(inode_xp);
        return -ENOMEM;
    }
    *file_xp = xp;
    return 0;

unlock:
    remote_busylock_release(vfs_ns_lock_xp());
    return err;
}

void vfs_file_get(xptr_t file_xp)
{
    hal_remote_atomic_add(FILE_FIELD(file_xp, refcount), 1);
}

void vfs_file_put(xptr_t file_xp)
{
    if (!vfs_here()) {
        vfs_rpc_file_put(file_xp);
        return;
    }
    vfs_file_t *file = vfs_file_ptr(file_xp);

    if (hal_remote_atomic_add(XPTR(local_cxy, &file->refcount), -1) != 1)
        return;
    vfs_inode_t *inode = vfs_inode_ptr(file->inode_xp);
    if (inode->type == VFS_INODE_PIPE)
        pipe_close_end(inode->pipe_xp, vfs_file_writable(file_xp));
    if (inode->type == VFS_INODE_FILE && vfs_file_writable(file_xp))
        hal_remote_atomic_add(XPTR(local_cxy, &inode->writecount), -1);
    vfs_inode_put(file->inode_xp);
    vfs_file_free(file_xp);
}

/* Reads a regular file at the file offset. */
static int64_t vfs_file_read(vfs_file_t *file, void *kbuf, uint64_t count)
{
    vfs_inode_t *inode = vfs_inode_ptr(file->inode_xp);
    xptr_t flock_xp = XPTR(local_cxy, &file->lock);
    xptr_t ilock_xp = XPTR(local_cxy, &inode->data_lock);
    int64_t ret;

    remote_rwlock_wr_acquire(flock_xp);
    remote_rwlock_rd_acquire(ilock_xp);
    uint64_t off = file->offset;
    uint64_t n = off < inode->size ? inode->size - off : 0;
    if (n > count)
        n = count;
    ret = mapper_move_kernel(inode->mapper_xp, false, off, kbuf, n);
    if (ret == 0) {
        file->offset = off + n;
        ret = (int64_t)n;
    }
    remote_rwlock_rd_release(ilock_xp);
    remote_rwlock_wr_release(flock_xp);
    return ret;
}

/* Writes a regular file at the file offset (the end with O_APPEND). */
static int64_t vfs_file_write(vfs_file_t *file, const void *kbuf, uint64_t count)
{
    vfs_inode_t *inode = vfs_inode_ptr(file->inode_xp);
    xptr_t flock_xp = XPTR(local_cxy, &file->lock);
    xptr_t ilock_xp = XPTR(local_cxy, &inode->data_lock);
    int64_t ret;

    remote_rwlock_wr_acquire(flock_xp);
    remote_rwlock_wr_acquire(ilock_xp);
    uint64_t off = (file->flags & ALMOS_O_APPEND) ? inode->size : file->offset;
    if (off > VFS_MAX_FILE_SIZE || count > VFS_MAX_FILE_SIZE - off) {
        ret = -EFBIG;
    } else {
        /* a partial failure (out of memory) leaves the size unchanged */
        ret = mapper_move_kernel(inode->mapper_xp, true, off, (void *)kbuf, count);
        if (ret == 0) {
            if (off + count > inode->size)
                inode->size = off + count;
            file->offset = off + count;
            ret = (int64_t)count;
        }
    }
    remote_rwlock_wr_release(ilock_xp);
    remote_rwlock_wr_release(flock_xp);
    return ret;
}

int64_t vfs_read(xptr_t file_xp, void *kbuf, uint64_t count)
{
    xptr_t inode_xp = vfs_file_inode(file_xp);
    uint32_t type = vfs_inode_type(inode_xp);

    if (!vfs_file_readable(file_xp))
        return -EBADF;
    if (count > (uint64_t)INT64_MAX)
        return -EINVAL;
    if (type == VFS_INODE_DIR)
        return -EISDIR;
    if (count == 0)
        return 0;
    /* The tty and the pipes work from any cluster, the mapper too, but a
     * regular file's offset and size are reached through local pointers. */
    switch (type) {
    case VFS_INODE_FILE:
        if (!vfs_here())
            return vfs_rpc_rw(file_xp, kbuf, count, false);
        return vfs_file_read(vfs_file_ptr(file_xp), kbuf, count);
    case VFS_INODE_DEV:
        return devfs_tty_read(kbuf, count);
    case VFS_INODE_PIPE:
        return pipe_read(hal_remote_lxp(INODE_FIELD(inode_xp, pipe_xp)), kbuf, count);
    default:
        return -EINVAL;
    }
}

int64_t vfs_write(xptr_t file_xp, const void *kbuf, uint64_t count)
{
    xptr_t inode_xp = vfs_file_inode(file_xp);

    if (!vfs_file_writable(file_xp))
        return -EBADF;
    if (count > (uint64_t)INT64_MAX)
        return -EINVAL;
    if (count == 0)
        return 0;
    switch (vfs_inode_type(inode_xp)) {
    case VFS_INODE_FILE:
        if (!vfs_here())
            return vfs_rpc_rw(file_xp, (void *)kbuf, count, true);
        return vfs_file_write(vfs_file_ptr(file_xp), kbuf, count);
    case VFS_INODE_DEV:
        return devfs_tty_write(kbuf, count);
    case VFS_INODE_PIPE:
        return pipe_write(hal_remote_lxp(INODE_FIELD(inode_xp, pipe_xp)), kbuf, count);
    default:
        return -EISDIR;
    }
}

int64_t vfs_lseek(xptr_t file_xp, int64_t off, int whence)
{
    if (!vfs_here())
        return vfs_rpc_lseek(file_xp, off, whence);
    vfs_file_t *file = vfs_file_ptr(file_xp);
    vfs_inode_t *inode = vfs_inode_ptr(file->inode_xp);
    xptr_t flock_xp = XPTR(local_cxy, &file->lock);
    int64_t base, ret;

    if (inode->type != VFS_INODE_FILE && inode->type != VFS_INODE_DIR)
        return -ESPIPE;
    remote_rwlock_wr_acquire(flock_xp);
    switch (whence) {
    case ALMOS_SEEK_SET: base = 0; break;
    case ALMOS_SEEK_CUR: base = (int64_t)file->offset; break;
    case ALMOS_SEEK_END: base = (int64_t)inode->size; break;
    default: base = -1; break;
    }
    if (base < 0 || (off > 0 && base > INT64_MAX - off) || base + off < 0) {
        ret = -EINVAL;
    } else {
        file->offset = (uint64_t)(base + off);
        ret = base + off;
    }
    remote_rwlock_wr_release(flock_xp);
    return ret;
}

/* ------------------------------------------------------ information -- */

/* Fills <st> from the inode at <inode_xp>. */
static void vfs_inode_stat(xptr_t inode_xp, struct almos_stat *st)
{
    static const uint32_t fmt[] = {
        [VFS_INODE_FILE] = ALMOS_S_IFREG, [VFS_INODE_DIR] = ALMOS_S_IFDIR,
        [VFS_INODE_DEV] = ALMOS_S_IFCHR, [VFS_INODE_PIPE] = ALMOS_S_IFIFO,
    };
    /* field by field, from any cluster */
    uint32_t type = vfs_inode_type(inode_xp);
    uint32_t links = hal_remote_l32(INODE_FIELD(inode_xp, links));

    memset(st, 0, sizeof(*st));
    st->mode = fmt[type] | hal_remote_l32(INODE_FIELD(inode_xp, mode));
    st->nlink = type == VFS_INODE_DIR && links
                ? 2 + hal_remote_l32(INODE_FIELD(inode_xp, subdirs)) : links;
    st->size = vfs_inode_size(inode_xp);
    st->ino = hal_remote_l64(INODE_FIELD(inode_xp, ino));
    st->cxy = GET_CXY(inode_xp);
}

error_t vfs_stat(xptr_t cwd_xp, const char *path, struct almos_stat *st)
{
    xptr_t inode_xp;

    if (!vfs_here())
        return vfs_rpc_stat(cwd_xp, path, st);
    error_t err = vfs_lookup(cwd_xp, path, &inode_xp);
    if (err)
        return err;
    vfs_inode_stat(inode_xp, st);
    vfs_inode_put(inode_xp);
    return 0;
}

error_t vfs_fstat(xptr_t file_xp, struct almos_stat *st)
{
    vfs_inode_stat(vfs_file_inode(file_xp), st);
    return 0;
}

xptr_t vfs_file_inode(xptr_t file_xp)
{
    return hal_remote_lxp(FILE_FIELD(file_xp, inode_xp));
}

uint32_t vfs_file_flags(xptr_t file_xp)
{
    return hal_remote_l32(FILE_FIELD(file_xp, flags));
}

xptr_t vfs_inode_mapper(xptr_t inode_xp)
{
    return hal_remote_lxp(INODE_FIELD(inode_xp, mapper_xp));
}

uint64_t vfs_inode_size(xptr_t inode_xp)
{
    return hal_remote_l64(INODE_FIELD(inode_xp, size));
}

uint32_t vfs_inode_type(xptr_t inode_xp)
{
    return hal_remote_l32(INODE_FIELD(inode_xp, type));
}

bool vfs_file_is_tty(xptr_t file_xp)
{
    xptr_t inode_xp = vfs_file_inode(file_xp);

    return vfs_inode_type(inode_xp) == VFS_INODE_DEV &&
           hal_remote_l32(INODE_FIELD(inode_xp, dev)) == VFS_DEV_TTY;
}

error_t vfs_chdir_check(xptr_t inode_xp)
{
    return vfs_inode_type(inode_xp) == VFS_INODE_DIR ? 0 : -ENOTDIR;
}

/* -------------------------------------------------------- namespace -- */

error_t vfs_mkdir(xptr_t cwd_xp, const char *path, uint32_t mode)
{
    vfs_walk_t w;
    error_t err;

    if (!vfs_here())
        return vfs_rpc_path(VFS_OP_MKDIR, cwd_xp, path, mode);
    remote_busylock_acquire(vfs_ns_lock_xp());
    err = vfs_walk(cwd_xp, path, &w);
    if (err)
        goto unlock;
    if (vfs_child(w.dir_xp, w.name) != XPTR_NULL || strcmp(w.name, ".") == 0 ||
        strcmp(w.name, "..") == 0) {
        err = -EEXIST;
        goto unlock;
    }
    if (!vfs_dir_alive(w.dir_xp)) {
        err = -ENOENT;
        goto unlock;
    }
    xptr_t inode_xp = vfs_inode_create(VFS_INODE_DIR, mode);
    if (inode_xp == XPTR_NULL) {
        err = -ENOMEM;
        goto unlock;
    }
    err = ramfs_link(w.dir_xp, w.name, inode_xp);
    if (err) {
        vfs_inode_destroy(inode_xp);
    }
unlock:
    remote_busylock_release(vfs_ns_lock_xp());
    return err;
}

error_t vfs_unlink(xptr_t cwd_xp, const char *path)
{
    xptr_t inode_xp = XPTR_NULL;
    vfs_walk_t w;
    error_t err;

    if (!vfs_here())
        return vfs_rpc_path(VFS_OP_UNLINK, cwd_xp, path, 0);
    remote_busylock_acquire(vfs_ns_lock_xp());
    err = vfs_walk(cwd_xp, path, &w);
    if (err)
        goto unlock;
    if (strcmp(w.name, ".") == 0) {
        err = w.dir_xp == vfs_context->root_xp ? -EBUSY : -EINVAL;
        goto unlock;
    }
    if (strcmp(w.name, "..") == 0) {
        err = -ENOTEMPTY;
        goto unlock;
    }
    inode_xp = vfs_child(w.dir_xp, w.name);
    if (inode_xp == XPTR_NULL) {
        err = -ENOENT;
        goto unlock;
    }
    vfs_inode_t *inode = vfs_inode_ptr(inode_xp);
    if (w.must_be_dir && inode->type != VFS_INODE_DIR) {
        err = -ENOTDIR;
        goto unlock;
    }
    if (inode->pinned) {
        err = inode->type == VFS_INODE_DIR ? -EBUSY : -EPERM;
        goto unlock;
    }
    if (inode->type == VFS_INODE_DIR && !xlist_is_empty(XPTR(local_cxy, &inode->children))) {
        err = -ENOTEMPTY;
        goto unlock;
    }
    ramfs_unlink(inode_xp);
unlock:
    remote_busylock_release(vfs_ns_lock_xp());
    if (!err)
        vfs_inode_put(inode_xp);            /* the dentry's reference */
    return err;
}

int vfs_readdir(xptr_t file_xp, struct almos_dirent *d)
{
    if (!vfs_here())
        return vfs_rpc_readdir(file_xp, d);
    vfs_file_t *file = vfs_file_ptr(file_xp);
    xptr_t dir_xp = file->inode_xp;
    vfs_inode_t *dir = vfs_inode_ptr(dir_xp);
    xptr_t flock_xp = XPTR(local_cxy, &file->lock);
    xptr_t entry_xp = XPTR_NULL;
    int ret = 1;

    if (dir->type != VFS_INODE_DIR)
        return -ENOTDIR;
    memset(d, 0, sizeof(*d));
    remote_rwlock_wr_acquire(flock_xp);
    remote_busylock_acquire(vfs_ns_lock_xp());
    uint64_t idx = file->offset;
    if (idx == 0) {
        entry_xp = dir_xp;
        strcpy(d->name, ".");
    } else if (idx == 1) {
        entry_xp = vfs_child(dir_xp, "..");
        if (entry_xp == XPTR_NULL)              /* unlinked: no parent */
            entry_xp = dir_xp;
        strcpy(d->name, "..");
    } else {
        xptr_t dentry_xp = ramfs_child_nth(dir_xp, idx - 2);
        if (dentry_xp == XPTR_NULL) {
            ret = 0;
        } else {
            vfs_dentry_t *dentry = GET_PTR(dentry_xp);
            entry_xp = dentry->inode_xp;
            strcpy(d->name, dentry->name);
        }
    }
    if (ret) {
        struct almos_stat st;
        vfs_inode_stat(entry_xp, &st);
        d->ino = st.ino;
        d->type = st.mode & ALMOS_S_IFMT;
        file->offset = idx + 1;
    }
    remote_busylock_release(vfs_ns_lock_xp());
    remote_rwlock_wr_release(flock_xp);
    return ret;
}

error_t vfs_getcwd(xptr_t cwd_xp, char *buf, uint32_t size)
{
    if (!vfs_here())
        return vfs_rpc_getcwd(cwd_xp, buf, size);
    xptr_t xp = cwd_xp == XPTR_NULL ? vfs_context->root_xp : cwd_xp;
    uint32_t pos = size;
    error_t err = 0;

    if (vfs_inode_ptr(xp)->type != VFS_INODE_DIR)
        return -ENOTDIR;
    if (size < 2)
        return -ERANGE;
    remote_busylock_acquire(vfs_ns_lock_xp());
    buf[--pos] = 0;
    /* names are written backwards from the end of <buf>, then moved */
    while (xp != vfs_context->root_xp) {
        vfs_inode_t *inode = vfs_inode_ptr(xp);
        if (inode->dentry_xp == XPTR_NULL) {
            err = -ENOENT;
            break;
        }
        vfs_dentry_t *d = GET_PTR(inode->dentry_xp);
        size_t len = strlen(d->name);
        if (pos < len + 1) {
            err = -ERANGE;
            break;
        }
        pos -= (uint32_t)len;
        memcpy(buf + pos, d->name, len);
        buf[--pos] = '/';
        xp = d->parent_xp;
    }
    remote_busylock_release(vfs_ns_lock_xp());
    if (err)
        return err;
    if (pos == size - 1)                        /* the root itself */
        buf[--pos] = '/';
    memmove(buf, buf + pos, size - pos);
    return 0;
}

/* ------------------------------------------------------------- pipes -- */

error_t vfs_pipe(xptr_t files[2])
{
    if (!vfs_here())
        return vfs_rpc_pipe(files);
    xptr_t inode_xp = vfs_inode_create(VFS_INODE_PIPE, 0600);

    if (inode_xp == XPTR_NULL)
        return -ENOMEM;
    vfs_inode_t *inode = vfs_inode_ptr(inode_xp);
    inode->pipe_xp = pipe_create(local_cxy);
    if (inode->pipe_xp == XPTR_NULL) {
        vfs_inode_destroy(inode_xp);
        return -ENOMEM;
    }
    hal_remote_atomic_add(XPTR(local_cxy, &vfs_context->pipes_nr), 1);
    xptr_t rd_xp = vfs_file_create(inode_xp, ALMOS_O_RDONLY);
    xptr_t wr_xp = vfs_file_create(inode_xp, ALMOS_O_WRONLY);
    if (rd_xp == XPTR_NULL || wr_xp == XPTR_NULL) {
        if (rd_xp != XPTR_NULL)
            vfs_file_free(rd_xp);
        if (wr_xp != XPTR_NULL)
            vfs_file_free(wr_xp);
        vfs_inode_destroy(inode_xp);
        return -ENOMEM;
    }
    inode->refcount = 2;                        /* one per end */
    files[0] = rd_xp;
    files[1] = wr_xp;
    return 0;
}
