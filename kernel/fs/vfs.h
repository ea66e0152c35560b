/*
 * vfs.h - the virtual file system, after ALMOS-MKH.
 *
 * Objects, all allocated with kmem in the cluster where vfs_init() ran
 * (cluster 0), and named by extended pointers in this API; other clusters
 * reach them through RPC_VFS_CALL (vfs_remote.h):
 *  - an inode per file, directory, device or pipe; a regular file's data
 *    lives in its mapper (the page cache, mapper.h), the only store of the
 *    ramfs;
 *  - a dentry per name in a directory (the tree: a directory's dentries are
 *    an xlist rooted in its inode; each inode but the root knows the dentry
 *    naming it, which gives ".." and getcwd);
 *  - a file per open(): access mode, offset and a reference count, shared
 *    by fork and dup.
 * The root is a ramfs; /dev (devfs) holds the console as /dev/tty; pipes are
 * anonymous inodes with a 4 KiB ring.
 *
 * Reference counts: an inode is held once by its dentry while linked, once
 * by each open file and by each vfs_lookup()/vfs_inode_get(); it is
 * destroyed (its mapper with it) at the last vfs_inode_put(), so an
 * unlinked file stays readable while open.  A file is destroyed at its last
 * vfs_file_put().
 *
 * Paths are kernel strings (already copied from user space), at most
 * VFS_PATH_MAX bytes with components of at most ALMOS_NAME_MAX; relative
 * paths start at <cwd_xp> (a directory inode; XPTR_NULL = the root).
 * "." and ".." are understood everywhere, repeated '/' are one, and a
 * trailing '/' requires a directory.  Errors are negative errno values.
 *
 * Locking: a remote_busylock in the VFS context guards the namespace (tree,
 * dentries, links); a remote_rwlock per inode guards a regular file's size
 * and data; a remote_rwlock per file its offset.  Blocking (tty, pipes)
 * yields the core with no lock held.
 *
 * Clusters: every vfs_* call may be made from any cluster.  In the VFS
 * cluster (VFS_CXY) the objects are reached through local pointers; from
 * another cluster the calls that walk the namespace, create or destroy
 * objects, or move a regular file's offset are carried to the VFS cluster
 * by one blocking RPC_VFS_CALL each (vfs_remote.c), and the others (field
 * reads, reference gets, tty and pipe transfers, mapper_*) use remote
 * accesses.  Kernel buffers given to the calls must be in the caller's
 * cluster memory (a kernel stack or kmem), which the server reaches.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef VFS_H
#define VFS_H

#include "hal_kernel_types.h"
#include "xlist.h"
#include "remote_busylock.h"
#include "remote_rwlock.h"
#include "shared_syscalls.h"

#define VFS_PATH_MAX     1024           /* bytes, NUL included */
#define VFS_CXY          0              /* the cluster of the VFS objects */

/* inode types */
#define VFS_INODE_FILE   1
#define VFS_INODE_DIR    2
#define VFS_INODE_DEV    3
#define VFS_INODE_PIPE   4

/* devices (vfs_inode_t.dev) */
#define VFS_DEV_TTY      1

typedef struct vfs_inode_s {
    uint32_t        type;        /* VFS_INODE_* */
    uint32_t        mode;        /* permission bits (07777) */
    uint64_t        ino;         /* inode number, unique */
    uint64_t        size;        /* FILE: bytes; DIR: entries (. and .. too) */
    uint32_t        refcount;    /* see above */
    uint32_t        links;       /* 1 while named by a dentry, else 0 */
    uint32_t        dev;         /* DEV: VFS_DEV_* */
    uint32_t        subdirs;     /* DIR: child directories (for nlink) */
    int32_t         writecount;  /* FILE: > 0 open files that may write it,
                                    < 0 process images running it (minus
                                    their count): never both, see ETXTBSY */
    uint32_t        pinned;      /* 1: the kernel relies on this name (the
                                    root, /dev, /dev/tty): never unlinked */
    remote_rwlock_t data_lock;   /* FILE: size and content */
    xptr_t          mapper_xp;   /* FILE: page cache */
    xptr_t          pipe_xp;     /* PIPE: ring */
    xptr_t          dentry_xp;   /* dentry naming it; XPTR_NULL: root/unlinked */
    xlist_entry_t   children;    /* DIR: root of its dentries */
} vfs_inode_t;

typedef struct vfs_dentry_s {
    xlist_entry_t list;          /* in the parent's children */
    xptr_t        parent_xp;     /* directory inode holding this name */
    xptr_t        inode_xp;      /* inode named */
    char          name[ALMOS_NAME_MAX + 1];
} vfs_dentry_t;

typedef struct vfs_file_s {
    uint32_t        flags;       /* ALMOS_O_* given to open */
    uint32_t        refcount;    /* fd table entries sharing it */
    uint64_t        offset;      /* FILE: byte offset; DIR: readdir index */
    xptr_t          inode_xp;    /* inode, held */
    remote_rwlock_t lock;        /* offset */
} vfs_file_t;

/* The VFS context, in the VFS cluster. */
typedef struct vfs_ctx_s {
    remote_busylock_t lock;      /* the namespace */
    xptr_t   root_xp;            /* root directory inode */
    uint64_t next_ino;
    uint32_t inodes_nr;          /* live objects, for leak checks */
    uint32_t dentries_nr;
    uint32_t files_nr;
    uint32_t pipes_nr;
} vfs_ctx_t;

/* Creates the root ramfs and /dev with /dev/tty, in the calling cluster
 * (cluster 0 at boot).  Called again (host tests) it starts a new empty
 * tree, forgetting the old one.  Returns 0 or -ENOMEM. */
error_t vfs_init(void);

/* Root directory inode (not held), XPTR_NULL before vfs_init. */
xptr_t vfs_root(void);

/* Opens <path> with ALMOS_O_* <flags> (O_CREAT creates a regular file with
 * permission bits <mode>; O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY as POSIX).
 * Stores the new file (refcount 1) in *file_xp.  Errors: ENOENT, ENOTDIR,
 * EISDIR (a directory opened for writing or created), EEXIST, EINVAL (bad
 * access mode), ENAMETOOLONG, ENOMEM, ETXTBSY (a regular file opened for
 * writing while it runs as a process image). */
error_t vfs_open(xptr_t cwd_xp, const char *path, uint32_t flags, uint32_t mode,
                 xptr_t *file_xp);

/* Reads at most <count> bytes into <kbuf> at the file offset, which
 * advances.  Returns the bytes read (0 at end of file, or when all writers
 * of a pipe are gone), or -EBADF (not open for reading), -EISDIR.  The tty
 * and pipes block (yielding the core) until at least one byte comes. */
int64_t vfs_read(xptr_t file_xp, void *kbuf, uint64_t count);

/* Writes <count> bytes of <kbuf> at the file offset (at the end with
 * O_APPEND), growing the file.  Returns <count> or -EBADF, -EFBIG, -ENOMEM,
 * -EPIPE (pipe without reader; the bytes written before the last reader
 * left are counted when there are some).  Pipes block while full. */
int64_t vfs_write(xptr_t file_xp, const void *kbuf, uint64_t count);

/* Moves the offset (ALMOS_SEEK_SET/CUR/END) of a regular file or a
 * directory (readdir index).  Returns the new offset, or -EINVAL (negative
 * result, bad whence), -ESPIPE (tty, pipe). */
int64_t vfs_lseek(xptr_t file_xp, int64_t off, int whence);

/* Takes one more reference on an open file (fork, dup). */
void vfs_file_get(xptr_t file_xp);

/* Drops a reference; the last one closes the file (releasing its inode,
 * and its pipe end). */
void vfs_file_put(xptr_t file_xp);

/* Fills <st> for the inode at <path> / of the open file. */
error_t vfs_stat(xptr_t cwd_xp, const char *path, struct almos_stat *st);
error_t vfs_fstat(xptr_t file_xp, struct almos_stat *st);

/* Creates directory <path>.  Errors: EEXIST, ENOENT, ENOTDIR,
 * ENAMETOOLONG, ENOMEM. */
error_t vfs_mkdir(xptr_t cwd_xp, const char *path, uint32_t mode);

/* Removes the name <path>: a file, a device, or an empty directory
 * (ENOTEMPTY otherwise; EINVAL for ".").  The names the kernel relies on
 * stay: EBUSY for a directory of theirs (the root, /dev: the mount point
 * of devfs), EPERM for a device (/dev/tty), as Linux answers for a mount
 * point and for a file the file system does not let go. */
error_t vfs_unlink(xptr_t cwd_xp, const char *path);

/* Next entry of an open directory, "." and ".." first: fills <d>, returns
 * 1, or 0 at the end; -ENOTDIR when the file is not a directory. */
int vfs_readdir(xptr_t file_xp, struct almos_dirent *d);

/* Finds the inode at <path>, held (release it with vfs_inode_put). */
error_t vfs_lookup(xptr_t cwd_xp, const char *path, xptr_t *inode_xp);

/* Takes / drops a reference on an inode (a process's cwd, say). */
void vfs_inode_get(xptr_t inode_xp);
void vfs_inode_put(xptr_t inode_xp);

/* 0 when the inode is a directory (a valid chdir target), else -ENOTDIR. */
error_t vfs_chdir_check(xptr_t inode_xp);

/* Writes the absolute path of directory <cwd_xp> (XPTR_NULL = root) into
 * <buf> of <size> bytes.  Errors: ERANGE (too small), ENOENT (unlinked). */
error_t vfs_getcwd(xptr_t cwd_xp, char *buf, uint32_t size);

/* Text file busy (ETXTBSY), as on Unix: a regular file cannot be open for
 * writing and run as a process image at once.  vfs_open() of a FILE for
 * writing fails with -ETXTBSY while some process runs it; exec takes the
 * image with vfs_inode_deny_write(), which fails with -ETXTBSY while a file
 * may write it, and gives it back with vfs_inode_allow_write() when the
 * image goes (the next exec, the end of the process).  Both work from any
 * cluster (atomic updates of the inode's writecount). */
error_t vfs_inode_deny_write(xptr_t inode_xp);
void    vfs_inode_allow_write(xptr_t inode_xp);

/* The inode of an open file (not held). */
xptr_t vfs_file_inode(xptr_t file_xp);

/* The ALMOS_O_* flags an open file was opened with. */
uint32_t vfs_file_flags(xptr_t file_xp);

/* The mapper of a regular file's inode, XPTR_NULL for other inodes. */
xptr_t vfs_inode_mapper(xptr_t inode_xp);

/* Size in bytes of a regular file (see vfs_inode_t.size for others). */
uint64_t vfs_inode_size(xptr_t inode_xp);

/* Type of an inode (VFS_INODE_*). */
uint32_t vfs_inode_type(xptr_t inode_xp);

/* True when the open file is the console (/dev/tty). */
bool vfs_file_is_tty(xptr_t file_xp);

/* Creates a pipe: files[0] reads, files[1] writes (refcount 1 each).
 * Returns 0 or -ENOMEM. */
error_t vfs_pipe(xptr_t files[2]);

/* Fills the root with the cpio "newc" archive of <size> bytes at <data>:
 * directories and regular files (other types are skipped with a message).
 * A corrupt entry stops the load with a message naming the entry index and
 * offset and the problem, and -EINVAL; entries loaded before stay.  Other
 * errors (ENOMEM, a name clash with a non-directory) are returned as they
 * are.  Returns 0 on success. */
error_t vfs_load_initrd(const void *data, uint64_t size);

/* Live VFS objects, for leak checks: inodes, dentries, files, pipes. */
void vfs_objects_nr(uint32_t *inodes, uint32_t *dentries, uint32_t *files,
                    uint32_t *pipes);

/* ---- internal to kernel/fs (ramfs, devfs, pipe, cpio) -------------------- */

/* The VFS context (local pointer; valid in the VFS cluster). */
vfs_ctx_t *vfs_ctx(void);

/* Allocates an inode of <type> with permission bits <mode>, refcount 0,
 * unlinked; a FILE gets its mapper.  Returns XPTR_NULL when out of memory. */
xptr_t vfs_inode_create(uint32_t type, uint32_t mode);

/* Frees an inode nobody holds any more, with its mapper or pipe. */
void vfs_inode_destroy(xptr_t inode_xp);

#endif
