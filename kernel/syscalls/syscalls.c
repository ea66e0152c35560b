/*
 * syscalls.c - the system call table and the calls themselves.
 *
 * Every user pointer goes through hal_copy_{from,to}_uspace (or is checked
 * by hal_uspace_range_ok) so a bad one gives -EFAULT; every length is
 * bounded; the kernel never trusts what user space passes.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "exception.h"
#include "process.h"
#include "place.h"
#include "thread.h"
#include "cluster.h"
#include "scheduler.h"
#include "vmm.h"
#include "vfs.h"
#include "mapper.h"
#include "usync.h"
#include "rpc.h"
#include "hal_gpt.h"
#include "kmem.h"
#include "printk.h"
#include "string.h"
#include "errno.h"
#include "shared_syscalls.h"
#include "hal_context.h"
#include "hal_special.h"
#include "hal_remote.h"
#include "hal_machine.h"
#include "hal_atomic.h"
#include "kbench.h"
#include "tty.h"

#define PATH_MAX_LEN   256
#define IO_CHUNK       1024        /* bytes moved per step of read/write */

typedef reg_t (*syscall_fn_t)(reg_t, reg_t, reg_t, reg_t, reg_t, reg_t);

static process_t *self(void)
{
    return CURRENT_THREAD->process;
}

/* Copies a user path into <buf> (PATH_MAX_LEN); 0 or -errno. */
static error_t get_path(char *buf, reg_t upath)
{
    int64_t n = hal_strcpy_from_uspace(buf, (const char *)upath, PATH_MAX_LEN);
    if (n < 0)
        return (error_t)n;
    return n == 0 ? -ENOENT : 0;
}

/* ----------------------------------------------------------- files -- */

/* The file descriptor table and the current directory are those of the
 * process's reference (in its owner cluster): a thread of a process copy
 * in another cluster shares them through remote accesses. */
#define REF_FIELD(f) (self()->ref_xp + offsetof(process_t, f))

static xptr_t fd_slot(int fd)
{
    return REF_FIELD(fd_array) + (xptr_t)fd * sizeof(xptr_t);
}

/* The file open as <fd>, with a reference taken under the table's lock
 * (XPTR_NULL if none): another thread's close or dup2 meanwhile only drops
 * the table's reference, and the file lives until the caller's
 * vfs_file_put().  Every fd_get() is paired with a put. */
static xptr_t fd_get(int fd)
{
    if (fd < 0 || fd >= CONFIG_PROCESS_FILE_MAX)
        return XPTR_NULL;
    xptr_t lock = REF_FIELD(fd_lock);
    remote_busylock_acquire(lock);
    xptr_t f = hal_remote_lxp(fd_slot(fd));
    if (f != XPTR_NULL)
        vfs_file_get(f);
    remote_busylock_release(lock);
    return f;
}

/* Installs <file> in the first free slot >= <from>; the fd or -EMFILE. */
static int fd_install(xptr_t file, int from)
{
    xptr_t lock = REF_FIELD(fd_lock);
    remote_busylock_acquire(lock);
    for (int fd = from; fd < CONFIG_PROCESS_FILE_MAX; fd++)
        if (hal_remote_lxp(fd_slot(fd)) == XPTR_NULL) {
            hal_remote_sxp(fd_slot(fd), file);
            remote_busylock_release(lock);
            return fd;
        }
    remote_busylock_release(lock);
    return -EMFILE;
}

/* Puts <file> (may be XPTR_NULL) in slot <fd>; returns what was there. */
static xptr_t fd_swap(int fd, xptr_t file)
{
    xptr_t lock = REF_FIELD(fd_lock);
    remote_busylock_acquire(lock);
    xptr_t old = hal_remote_lxp(fd_slot(fd));
    hal_remote_sxp(fd_slot(fd), file);
    remote_busylock_release(lock);
    return old;
}

static xptr_t cwd(void)
{
    return hal_remote_lxp(REF_FIELD(cwd_xp));
}

static reg_t sys_open(reg_t upath, reg_t flags, reg_t mode, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a3; (void)a4; (void)a5;
    char path[PATH_MAX_LEN];
    error_t err = get_path(path, upath);
    if (err)
        return (reg_t)(long)err;
    xptr_t file;
    err = vfs_open(cwd(), path, (uint32_t)flags, (uint32_t)mode, &file);
    if (err)
        return (reg_t)(long)err;
    int fd = fd_install(file, 0);
    if (fd < 0)
        vfs_file_put(file);
    return (reg_t)(long)fd;
}

static reg_t sys_close(reg_t fd, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    if ((long)fd < 0 || fd >= CONFIG_PROCESS_FILE_MAX)
        return (reg_t)-EBADF;
    xptr_t f = fd_swap((int)fd, XPTR_NULL);
    if (f == XPTR_NULL)
        return (reg_t)-EBADF;
    vfs_file_put(f);
    return 0;
}

/* Checks that every page of [ubuf, ubuf + n) can be written, by reading
 * and writing back one byte of each: a read then consumes data (from a
 * pipe, a tty) only when it can be delivered. */
static error_t probe_writable(reg_t ubuf, uint64_t n)
{
    if (n == 0)
        return 0;
    reg_t first = ubuf & ~(reg_t)CONFIG_PPM_PAGE_MASK;
    for (reg_t a = first; a < ubuf + n; a += CONFIG_PPM_PAGE_SIZE) {
        reg_t at = a < ubuf ? ubuf : a;
        char c;
        if (hal_copy_from_uspace(&c, (void *)at, 1) || hal_copy_to_uspace((void *)at, &c, 1))
            return -EFAULT;
    }
    return 0;
}

/* read and write move data through a kernel bounce buffer, a chunk at a
 * time, so any length works and a bad user buffer gives -EFAULT. */
static reg_t sys_rw(reg_t fd, reg_t ubuf, reg_t count, bool write)
{
    xptr_t f = fd_get((int)fd);
    if (f == XPTR_NULL)
        return (reg_t)-EBADF;
    char *bounce = hal_uspace_range_ok(ubuf, count) ? kmem_alloc(IO_CHUNK, AF_NONE) : NULL;
    if (bounce == NULL) {
        vfs_file_put(f);
        return (reg_t)(hal_uspace_range_ok(ubuf, count) ? -ENOMEM : -EFAULT);
    }
    uint64_t done = 0;
    long ret = 0;
    while (done < count) {
        /* A write of gigabytes runs for long: it lets the other threads
         * of the core run, and a killed caller stops at the next chunk
         * (what is done stays done). */
        sched_preempt_point();
        if (CURRENT_THREAD->flags & THREAD_FLAG_KILL) {
            ret = -EINTR;
            break;
        }
        uint64_t n = count - done < IO_CHUNK ? count - done : IO_CHUNK;
        int64_t r;
        if (write) {
            if (hal_copy_from_uspace(bounce, (void *)(ubuf + done), n)) {
                ret = -EFAULT;
                break;
            }
            r = vfs_write(f, bounce, n);
        } else {
            if (probe_writable(ubuf + done, n)) {
                ret = -EFAULT;
                break;
            }
            r = vfs_read(f, bounce, n);
            if (r > 0 && hal_copy_to_uspace((void *)(ubuf + done), bounce, (size_t)r)) {
                ret = -EFAULT;
                break;
            }
        }
        if (r < 0) {
            ret = (long)r;
            break;
        }
        done += (uint64_t)r;
        if ((uint64_t)r < n || vfs_file_is_tty(f) || !write)
            break;          /* short transfer: a tty line, a pipe, end of file */
    }
    kmem_free(bounce);
    vfs_file_put(f);
    return (reg_t)((done > 0 && ret != -EFAULT) ? (long)done : ret);
}

static reg_t sys_read(reg_t fd, reg_t buf, reg_t n, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a3; (void)a4; (void)a5;
    return sys_rw(fd, buf, n, false);
}

static reg_t sys_write(reg_t fd, reg_t buf, reg_t n, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a3; (void)a4; (void)a5;
    return sys_rw(fd, buf, n, true);
}

static reg_t sys_lseek(reg_t fd, reg_t off, reg_t whence, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a3; (void)a4; (void)a5;
    xptr_t f = fd_get((int)fd);
    if (f == XPTR_NULL)
        return (reg_t)-EBADF;
    int64_t r = vfs_lseek(f, (int64_t)off, (int)whence);
    vfs_file_put(f);
    return (reg_t)r;
}

static reg_t sys_stat(reg_t upath, reg_t ust, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    char path[PATH_MAX_LEN];
    struct almos_stat st;
    error_t err = get_path(path, upath);
    if (err == 0)
        err = vfs_stat(cwd(), path, &st);
    if (err == 0)
        err = hal_copy_to_uspace((void *)ust, &st, sizeof(st));
    return (reg_t)(long)err;
}

static reg_t sys_fstat(reg_t fd, reg_t ust, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    xptr_t f = fd_get((int)fd);
    if (f == XPTR_NULL)
        return (reg_t)-EBADF;
    struct almos_stat st;
    error_t err = vfs_fstat(f, &st);
    vfs_file_put(f);
    if (err == 0)
        err = hal_copy_to_uspace((void *)ust, &st, sizeof(st));
    return (reg_t)(long)err;
}

static reg_t sys_mkdir(reg_t upath, reg_t mode, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    char path[PATH_MAX_LEN];
    error_t err = get_path(path, upath);
    return (reg_t)(long)(err ? err : vfs_mkdir(cwd(), path, (uint32_t)mode));
}

static reg_t sys_unlink(reg_t upath, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    char path[PATH_MAX_LEN];
    error_t err = get_path(path, upath);
    return (reg_t)(long)(err ? err : vfs_unlink(cwd(), path));
}

static reg_t sys_readdir(reg_t fd, reg_t ud, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    xptr_t f = fd_get((int)fd);
    if (f == XPTR_NULL)
        return (reg_t)-EBADF;
    struct almos_dirent d;
    int r = vfs_readdir(f, &d);
    vfs_file_put(f);
    if (r > 0 && hal_copy_to_uspace((void *)ud, &d, sizeof(d)))
        return (reg_t)-EFAULT;
    return (reg_t)(long)r;
}

static reg_t sys_chdir(reg_t upath, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    char path[PATH_MAX_LEN];
    error_t err = get_path(path, upath);
    xptr_t inode;
    if (err == 0)
        err = vfs_lookup(cwd(), path, &inode);
    if (err)
        return (reg_t)(long)err;
    err = vfs_chdir_check(inode);
    if (err) {
        vfs_inode_put(inode);
        return (reg_t)(long)err;
    }
    xptr_t lock = REF_FIELD(fd_lock);
    remote_busylock_acquire(lock);
    xptr_t old = cwd();
    hal_remote_sxp(REF_FIELD(cwd_xp), inode);
    remote_busylock_release(lock);
    if (old != XPTR_NULL)
        vfs_inode_put(old);
    return 0;
}

static reg_t sys_getcwd(reg_t ubuf, reg_t size, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    char buf[PATH_MAX_LEN];
    error_t err = vfs_getcwd(cwd(), buf, sizeof(buf));
    if (err)
        return (reg_t)(long)err;
    size_t n = strlen(buf) + 1;
    if (n > size)
        return (reg_t)-ERANGE;
    return (reg_t)(long)hal_copy_to_uspace((void *)ubuf, buf, n);
}

static reg_t sys_pipe(reg_t ufds, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    xptr_t files[2];
    error_t err = vfs_pipe(files);
    if (err)
        return (reg_t)(long)err;
    int fds[2] = { fd_install(files[0], 0), -1 };
    if (fds[0] >= 0)
        fds[1] = fd_install(files[1], 0);
    if (fds[1] < 0 || hal_copy_to_uspace((void *)ufds, fds, sizeof(fds))) {
        if (fds[0] >= 0) sys_close((reg_t)fds[0], 0, 0, 0, 0, 0); else vfs_file_put(files[0]);
        if (fds[1] >= 0) sys_close((reg_t)fds[1], 0, 0, 0, 0, 0); else vfs_file_put(files[1]);
        return (reg_t)(long)(fds[1] < 0 && fds[0] >= 0 ? -EMFILE : fds[0] < 0 ? -EMFILE : -EFAULT);
    }
    return 0;
}

static reg_t sys_dup(reg_t fd, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    xptr_t f = fd_get((int)fd);          /* the reference the new slot keeps */
    if (f == XPTR_NULL)
        return (reg_t)-EBADF;
    int nfd = fd_install(f, 0);
    if (nfd < 0)
        vfs_file_put(f);
    return (reg_t)(long)nfd;
}

static reg_t sys_dup2(reg_t oldfd, reg_t newfd, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    if (newfd >= CONFIG_PROCESS_FILE_MAX)
        return (reg_t)-EBADF;
    xptr_t f = fd_get((int)oldfd);       /* the reference slot newfd keeps */
    if (f == XPTR_NULL)
        return (reg_t)-EBADF;
    if (oldfd == newfd) {
        vfs_file_put(f);
        return newfd;
    }
    xptr_t old = fd_swap((int)newfd, f);
    if (old != XPTR_NULL)
        vfs_file_put(old);
    return newfd;
}

static reg_t sys_isatty(reg_t fd, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    xptr_t f = fd_get((int)fd);
    if (f == XPTR_NULL)
        return (reg_t)-EBADF;
    bool tty = vfs_file_is_tty(f);
    vfs_file_put(f);
    return tty ? 1 : 0;
}

/* ------------------------------------------------------- terminal -- */

/* 0 when <fd> is the terminal, else -EBADF or -ENOTTY. */
static error_t tty_fd(reg_t fd)
{
    xptr_t f = fd_get((int)fd);
    if (f == XPTR_NULL)
        return -EBADF;
    bool tty = vfs_file_is_tty(f);
    vfs_file_put(f);
    return tty ? 0 : -ENOTTY;
}

static reg_t sys_tcgetattr(reg_t fd, reg_t ut, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    error_t err = tty_fd(fd);
    if (err)
        return (reg_t)(long)err;
    struct almos_termios t;
    tty_getattr(&t);
    return (reg_t)(long)hal_copy_to_uspace((void *)ut, &t, sizeof(t));
}

static reg_t sys_tcsetattr(reg_t fd, reg_t action, reg_t ut, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a3; (void)a4; (void)a5;
    error_t err = tty_fd(fd);
    if (err)
        return (reg_t)(long)err;
    struct almos_termios t;
    if (hal_copy_from_uspace(&t, (const void *)ut, sizeof(t)))
        return (reg_t)-EFAULT;
    return (reg_t)(long)tty_setattr((int)action, &t);
}

static reg_t sys_tcflush(reg_t fd, reg_t queue, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    error_t err = tty_fd(fd);
    if (err)
        return (reg_t)(long)err;
    if (queue > 2)                       /* TCIFLUSH, TCOFLUSH, TCIOFLUSH */
        return (reg_t)-EINVAL;
    if (queue != 1)                      /* output is never pending */
        tty_flush_input();
    return 0;
}

static reg_t sys_tcgetpgrp(reg_t fd, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    error_t err = tty_fd(fd);
    return err ? (reg_t)(long)err : (reg_t)(long)tty_getpgrp();
}

static reg_t sys_tcsetpgrp(reg_t fd, reg_t pgid, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    error_t err = tty_fd(fd);
    if (err)
        return (reg_t)(long)err;
    if ((long)pgid <= 0 || pgid > UINT32_MAX)
        return (reg_t)-EINVAL;
    return (reg_t)(long)tty_setpgrp((int)pgid);
}

/* ------------------------------------------------------- processes -- */

static reg_t sys_setpgid(reg_t pid, reg_t pgid, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    return (reg_t)(long)process_setpgid((int)pid, (int)pgid);
}

static reg_t sys_getpgid(reg_t pid, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    return (reg_t)(long)process_getpgid((int)pid);
}

static reg_t sys_setsid(reg_t a0, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a0; (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    return (reg_t)(long)process_setsid();
}

static reg_t sys_getsid(reg_t pid, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    return (reg_t)(long)process_getsid((int)pid);
}

static reg_t sys_signal(reg_t sig, reg_t disp, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    return (reg_t)(long)process_signal((int)sig, (int)disp);
}

/* Sleeps <us> microseconds (at the timer tick's resolution). */
static reg_t sys_sleep(reg_t us, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    uint64_t freq = LOCAL_CLUSTER->timebase_freq;
    /* at most a day per call: no overflow in us * freq */
    if (us > 86400ULL * 1000000)
        return (reg_t)-EINVAL;
    return (reg_t)(long)sched_sleep(hal_get_time() + us * freq / 1000000);
}

static reg_t sys_clock(reg_t uns, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    uint64_t freq = LOCAL_CLUSTER->timebase_freq, t = hal_get_time();
    uint64_t ns = t / freq * 1000000000ULL + t % freq * 1000000000ULL / freq;
    return (reg_t)(long)hal_copy_to_uspace((void *)uns, &ns, sizeof(ns));
}

static reg_t sys_place_fork(reg_t cxy, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    return (reg_t)(long)place_fork_set(CURRENT_THREAD, cxy > UINT32_MAX ? UINT32_MAX : (cxy_t)cxy);
}

static reg_t sys_exit(reg_t status, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    process_exit((int)status);
}

static reg_t sys_fork(reg_t a0, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a0; (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    return (reg_t)(long)process_fork();
}

static reg_t sys_exec(reg_t path, reg_t argv, reg_t envp, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a3; (void)a4; (void)a5;
    error_t err = process_exec_user((const char *)path, (char *const *)argv,
                                    (char *const *)envp);
    /* On success the user registers are the new program's: keep a0. */
    return err ? (reg_t)(long)err : ((reg_t *)CURRENT_THREAD->uzone)[10];
}

static reg_t sys_wait(reg_t pid, reg_t ustatus, reg_t options, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a3; (void)a4; (void)a5;
    if (ustatus && !hal_uspace_range_ok(ustatus, sizeof(int)))
        return (reg_t)-EFAULT;
    int status = 0;
    int r = process_wait((int)pid, &status, (int)options);
    if (r > 0 && ustatus && hal_copy_to_uspace((void *)ustatus, &status, sizeof(status)))
        return (reg_t)-EFAULT;
    return (reg_t)(long)r;
}

static reg_t sys_getpid(reg_t a0, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a0; (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    return self()->pid;
}

static reg_t sys_getppid(reg_t a0, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a0; (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    xptr_t parent = self()->parent_xp;
    return parent == XPTR_NULL ? 0 : hal_remote_l32(parent + offsetof(process_t, pid));
}

static reg_t sys_kill(reg_t pid, reg_t sig, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    return (reg_t)(long)process_kill((int)pid, (int)sig);
}

/* ------------------------------------------------------------- memory -- */

/* The cluster of the physical page behind user address <addr>, from the
 * process's reference GPT (where every shared page is mapped first). */
static reg_t sys_page_cluster(reg_t addr, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    if (addr >= ((reg_t)CONFIG_VMM_USER_LIMIT << CONFIG_PPM_PAGE_SHIFT))
        return (reg_t)-EFAULT;
    uint32_t attr;
    ppn_t ppn;
    hal_gpt_get_pte(REF_FIELD(vmm.gpt), (vpn_t)(addr >> CONFIG_PPM_PAGE_SHIFT), &attr, &ppn);
    if (!(attr & GPT_MAPPED))
        return (reg_t)-ENOENT;
    return GET_CXY(ppm_ppn2page(ppn));
}

static reg_t sys_mmap(reg_t uattr, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    mmap_attr_t at;
    if (hal_copy_from_uspace(&at, (void *)uattr, sizeof(at)))
        return (reg_t)-EFAULT;
    uint32_t share = at.flags & (ALMOS_MAP_SHARED | ALMOS_MAP_PRIVATE);
    if (at.length == 0 || (at.prot & ~(uint32_t)(ALMOS_PROT_READ | ALMOS_PROT_WRITE |
                                                  ALMOS_PROT_EXEC)) ||
        share == 0 || share == (ALMOS_MAP_SHARED | ALMOS_MAP_PRIVATE))
        return (reg_t)-EINVAL;
    if (at.length > ((uint64_t)CONFIG_VMM_HEAP_SIZE << CONFIG_PPM_PAGE_SHIFT))
        return (reg_t)-ENOMEM;
    if (at.flags & ALMOS_MAP_FIXED)
        return (reg_t)-EINVAL;             /* the MMAP allocator chooses */
    process_t *p = self();
    vseg_type_t type;
    xptr_t mapper = XPTR_NULL;
    uint32_t file_size = 0;
    cxy_t cxy = local_cxy;
    uint32_t vflags = (at.prot & ALMOS_PROT_WRITE ? VSEG_WRITE : 0) |
                      (at.prot & ALMOS_PROT_EXEC ? VSEG_EXEC : 0) |
                      (at.prot == 0 ? VSEG_NOACCESS : 0);
    if (at.flags & ALMOS_MAP_ANON) {
        type = (at.flags & ALMOS_MAP_REMOTE) ? VSEG_TYPE_REMOTE : VSEG_TYPE_ANON;
        if (type == VSEG_TYPE_REMOTE) {
            if (at.fdid < 0 || (uint32_t)at.fdid >= LOCAL_CLUSTER->clusters_nr)
                return (reg_t)-EINVAL;
            cxy = (cxy_t)at.fdid;
        }
    } else {
        if (at.offset & CONFIG_PPM_PAGE_MASK)
            return (reg_t)-EINVAL;
        /* POSIX EOVERFLOW: the range must lie below the largest file
         * offset (the page cache holds CONFIG_MAPPER_MAX_PAGES pages),
         * which also keeps the offset exact in the vseg's 32 bits */
        uint64_t max_off = (uint64_t)CONFIG_MAPPER_MAX_PAGES << CONFIG_PPM_PAGE_SHIFT;
        if (at.offset >= max_off || at.length > max_off - at.offset)
            return (reg_t)-EOVERFLOW;
        xptr_t f = fd_get(at.fdid);
        if (f == XPTR_NULL)
            return (reg_t)-EBADF;
        /* POSIX: the file must be open for reading, and for writing too to
         * be mapped shared and writable */
        uint32_t mode = vfs_file_flags(f) & ALMOS_O_ACCMODE;
        if (mode == ALMOS_O_WRONLY ||
            (share == ALMOS_MAP_SHARED && (at.prot & ALMOS_PROT_WRITE) && mode != ALMOS_O_RDWR)) {
            vfs_file_put(f);
            return (reg_t)-EACCES;
        }
        xptr_t inode = vfs_file_inode(f);
        mapper = vfs_inode_mapper(inode);
        /* The mapping outlives the descriptor and the file's name: the
         * process holds the inode, and with it the mapper, until it
         * execs or ends. */
        error_t err = mapper == XPTR_NULL ? -ENODEV : process_hold_mapped(p->ref_xp, inode);
        vfs_file_put(f);
        if (err)
            return (reg_t)err;
        type = VSEG_TYPE_FILE;
        file_size = (uint32_t)at.length;
        if (share == ALMOS_MAP_PRIVATE)
            vflags |= VSEG_FPRIVATE;
        else if (mode != ALMOS_O_RDWR)
            vflags |= VSEG_NOWRITE;
    }
    intptr_t addr;
    error_t err = vmm_mmap(p, type, at.length, (uint32_t)at.offset, file_size, mapper, cxy,
                           vflags, &addr);
    if (err)
        return (reg_t)(long)err;
    at.addr = (void *)addr;
    if (hal_copy_to_uspace((void *)uattr, &at, sizeof(at))) {
        vmm_munmap(p, addr, (intptr_t)at.length);
        return (reg_t)-EFAULT;
    }
    return 0;
}

static reg_t sys_munmap(reg_t addr, reg_t size, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    if ((addr & CONFIG_PPM_PAGE_MASK) || size == 0 || !hal_uspace_range_ok(addr, size))
        return (reg_t)-EINVAL;
    size = (size + CONFIG_PPM_PAGE_MASK) & ~CONFIG_PPM_PAGE_MASK;
    return (reg_t)(long)vmm_munmap(self(), (intptr_t)addr, (intptr_t)size);
}

static reg_t sys_mprotect(reg_t addr, reg_t size, reg_t prot, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a3; (void)a4; (void)a5;
    if ((addr & CONFIG_PPM_PAGE_MASK) || size == 0 || !hal_uspace_range_ok(addr, size) ||
        (prot & ~(reg_t)(ALMOS_PROT_READ | ALMOS_PROT_WRITE | ALMOS_PROT_EXEC)))
        return (reg_t)-EINVAL;
    size = (size + CONFIG_PPM_PAGE_MASK) & ~CONFIG_PPM_PAGE_MASK;
    uint32_t flags = (prot & ALMOS_PROT_WRITE ? VSEG_WRITE : 0) |
                     (prot & ALMOS_PROT_EXEC ? VSEG_EXEC : 0) | (prot == 0 ? VSEG_NOACCESS : 0);
    return (reg_t)(long)vmm_mprotect(self(), (intptr_t)addr, (intptr_t)size, flags);
}

/* ------------------------------------------------------------ threads -- */

static reg_t sys_thread_create(reg_t entry, reg_t arg, reg_t uattr, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a3; (void)a4; (void)a5;
    thread_attr_t at = { 0 };
    if (uattr && hal_copy_from_uspace(&at, (void *)uattr, sizeof(at)))
        return (reg_t)-EFAULT;
    if (!hal_uspace_range_ok(entry, 4) || entry == 0)
        return (reg_t)-EINVAL;
    lid_t lid = sched_least_loaded_core();
    cxy_t target = (at.flags & THREAD_ATTR_CLUSTER) ? at.cxy : local_cxy;
    if (target >= LOCAL_CLUSTER->clusters_nr)
        return (reg_t)-EINVAL;
    if (at.flags & THREAD_ATTR_CORE) {
        /* a core of the target cluster: clusters may differ in size */
        if (at.lid >= hal_remote_l32(XPTR(target, &LOCAL_CLUSTER->cores_nr)))
            return (reg_t)-EINVAL;
        lid = at.lid;
    }
    if (target != local_cxy) {
        /* The target cluster creates it, in its copy of this process. */
        uint64_t args[5] = { self()->ref_xp, entry, arg,
                             (at.flags & THREAD_ATTR_CORE) ? at.lid : ~0ULL, at.flags };
        uint64_t out[RPC_ARGS_NR];
        rpc_call(target, RPC_THREAD_USER_CREATE, args, 5, out);
        return (int64_t)out[5] ? out[5] : out[6];
    }
    thread_t *t;
    error_t err = thread_user_create(self(), -1, entry, arg, lid, &t);
    if (err)
        return (reg_t)(long)err;
    if (at.flags & THREAD_ATTR_DETACHED)
        t->flags |= THREAD_FLAG_DETACHED;
    trdid_t id = t->trdid;
    thread_unblock(XPTR(local_cxy, t), THREAD_BLOCKED_GLOBAL);
    return id;
}

/* Waits until the thread at <t> (any cluster) has exited: the caller
 * registers as its joiner under its join lock and blocks; the thread's
 * exit unblocks it.  False when the caller was killed meanwhile (then it
 * is no longer registered: the exit must not wake a thread that is gone). */
static bool join_wait(xptr_t t)
{
    thread_t *me = CURRENT_THREAD;
    xptr_t lock = t + offsetof(thread_t, join_lock);
    xptr_t flags = t + offsetof(thread_t, flags);
    xptr_t joiner = t + offsetof(thread_t, joiner_xp);
    remote_busylock_acquire(lock);
    if (hal_remote_l32(flags) & THREAD_FLAG_JOIN_DONE) {
        remote_busylock_release(lock);
        return true;
    }
    hal_remote_sxp(joiner, XPTR(local_cxy, me));
    thread_block(XPTR(local_cxy, me), THREAD_BLOCKED_JOIN);
    remote_busylock_release(lock);
    while (!(hal_remote_l32(flags) & THREAD_FLAG_JOIN_DONE) && !(me->flags & THREAD_FLAG_KILL))
        sched_yield();
    thread_unblock(XPTR(local_cxy, me), THREAD_BLOCKED_JOIN);
    remote_busylock_acquire(lock);
    bool done = hal_remote_l32(flags) & THREAD_FLAG_JOIN_DONE;
    if (!done)
        hal_remote_sxp(joiner, XPTR_NULL);
    remote_busylock_release(lock);
    return done;
}

/* Joins a thread of this process's copy in another cluster: waits for it
 * to exit, reads its value, has its cluster release it. */
static reg_t join_remote(process_t *p, trdid_t trdid, reg_t uretval)
{
    xptr_t t;
    xptr_t copy = process_copy_holding(p, trdid, &t);
    if (copy == XPTR_NULL)
        return (reg_t)-ESRCH;
    if (hal_remote_l32(t + offsetof(thread_t, flags)) & THREAD_FLAG_DETACHED)
        return (reg_t)-EINVAL;
    /* As a local join: registered as the joiner under the thread's join
     * lock, blocked until its exit unblocks us (by IPI from its cluster). */
    if (!join_wait(t))
        return (reg_t)-EINTR;
    void *value = hal_remote_lpt(t + offsetof(thread_t, exit_value));
    uint64_t args[2] = { copy, t };
    rpc_call(GET_CXY(copy), RPC_THREAD_RELEASE, args, 2, NULL);
    if (uretval && hal_copy_to_uspace((void *)uretval, &value, sizeof(value)))
        return (reg_t)-EFAULT;
    return 0;
}

static reg_t sys_thread_join(reg_t trdid, reg_t uretval, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    process_t *p = self();
    thread_t *me = CURRENT_THREAD;
    uint32_t ltid = LTID_FROM_TRDID((trdid_t)trdid);
    if (ltid >= CONFIG_THREADS_MAX_PER_CLUSTER)
        return (reg_t)-ESRCH;
    if (CXY_FROM_TRDID((trdid_t)trdid) != local_cxy)
        return join_remote(p, (trdid_t)trdid, uretval);
    if ((trdid_t)trdid == me->trdid)
        return (reg_t)-EDEADLK;
    /* An exited joinable thread keeps its slot until joined. */
    busylock_acquire(&p->th_lock);
    thread_t *t = p->th_tbl[ltid];
    busylock_release(&p->th_lock);
    if (t == NULL || t->trdid != (trdid_t)trdid)
        return (reg_t)-ESRCH;
    if (t->flags & THREAD_FLAG_DETACHED)
        return (reg_t)-EINVAL;
    if (!join_wait(XPTR(local_cxy, t)))
        return (reg_t)-EINTR;
    xptr_t lock = XPTR(local_cxy, &t->join_lock);
    remote_busylock_acquire(lock);
    void *value = t->exit_value;
    thread_release_slot(p, t);
    hal_atomic_or(&t->flags, THREAD_FLAG_DELETE);      /* the scheduler frees it */
    remote_busylock_release(lock);
    if (uretval && hal_copy_to_uspace((void *)uretval, &value, sizeof(value)))
        return (reg_t)-EFAULT;
    return 0;
}

static reg_t sys_thread_exit(reg_t value, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    thread_exit((void *)value);
}

static reg_t sys_thread_yield(reg_t a0, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a0; (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    sched_yield();
    return 0;
}

static reg_t sys_thread_self(reg_t a0, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a0; (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    return CURRENT_THREAD->trdid;
}

static reg_t sys_mutex(reg_t u, reg_t op, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    return (reg_t)(long)usync_mutex(u, (int)op);
}

static reg_t sys_condvar(reg_t u, reg_t op, reg_t m, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a3; (void)a4; (void)a5;
    return (reg_t)(long)usync_condvar(u, (int)op, m);
}

static reg_t sys_barrier(reg_t u, reg_t op, reg_t count, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a3; (void)a4; (void)a5;
    if (count > UINT32_MAX)
        return (reg_t)(long)-EINVAL;
    return (reg_t)(long)usync_barrier(u, (int)op, (uint32_t)count);
}

static reg_t sys_sem(reg_t u, reg_t op, reg_t value, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a3; (void)a4; (void)a5;
    if (value > UINT32_MAX)
        return (reg_t)(long)-EINVAL;
    return (reg_t)(long)usync_sem(u, (int)op, (uint32_t)value);
}

/* ----------------------------------------------------- information -- */

static reg_t sys_get_cycle(reg_t ucycles, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    uint64_t c = hal_get_cycles();
    return (reg_t)(long)hal_copy_to_uspace((void *)ucycles, &c, sizeof(c));
}

static reg_t sys_get_config(reg_t ucfg, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    struct almos_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.clusters = LOCAL_CLUSTER->clusters_nr;
    cfg.harts = LOCAL_CLUSTER->harts_nr;
    cfg.page_size = CONFIG_PPM_PAGE_SIZE;
    cfg.timebase_freq = LOCAL_CLUSTER->timebase_freq;
    for (cxy_t c = 0; c < cfg.clusters && c < ALMOS_MAX_CLUSTERS; c++)
        cfg.harts_per_cluster[c] = hal_remote_l32(XPTR(c, &LOCAL_CLUSTER->cores_nr));
    return (reg_t)(long)hal_copy_to_uspace((void *)ucfg, &cfg, sizeof(cfg));
}

/* Page-fault counters summed over the live processes of every cluster,
 * plus free and total pages per cluster. */
static reg_t sys_get_stats(reg_t ust, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    struct almos_stats st;
    memset(&st, 0, sizeof(st));
    process_stats_t ps;
    process_stats_sum(&ps);
    st.pf_local = ps.pf_local;
    st.pf_false = ps.pf_false;
    st.pf_true = ps.pf_true;
    st.pf_cow = ps.pf_cow;
    st.pf_cow_copy = ps.pf_cow_copy;
    st.pf_code_replica = ps.pf_code_replica;
    st.syscalls = ps.syscalls;
    st.clusters = LOCAL_CLUSTER->clusters_nr;
    for (cxy_t c = 0; c < st.clusters && c < ALMOS_MAX_CLUSTERS; c++) {
        st.free_pages[c] = ppm_remote_free_pages_nr(c);
        st.total_pages[c] = (uint32_t)(hal_remote_l64(XPTR(c, &LOCAL_CLUSTER->mem_size)) >>
                                       CONFIG_PPM_PAGE_SHIFT);
        st.rpc_sent[c] = rpc_sent(c);
        st.rpc_served[c] = rpc_served(c);
        st.rpc_servers[c] = rpc_servers(c);
        hal_tlb_stats(c, &st.tlb_sent[c], &st.tlb_served[c]);
    }
    return (reg_t)(long)hal_copy_to_uspace((void *)ust, &st, sizeof(st));
}

static reg_t sys_process_info(reg_t index, reg_t upi, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    /* The index-th live process over all clusters, by cluster then lpid. */
    uint64_t n = 0;
    for (cxy_t c = 0; c < LOCAL_CLUSTER->clusters_nr; c++)
        for (uint32_t lpid = 1; lpid < CONFIG_MAX_PROCESS_PER_CLUSTER; lpid++) {
            xptr_t pxp = hal_remote_lxp(XPTR(c, &LOCAL_CLUSTER->pmgr.pref_tbl[lpid]));
            if (pxp == XPTR_NULL || n++ != index)
                continue;
            struct almos_process_info pi;
            memset(&pi, 0, sizeof(pi));
            pi.pid = (int32_t)hal_remote_l32(pxp + offsetof(process_t, pid));
            xptr_t parent = hal_remote_lxp(pxp + offsetof(process_t, parent_xp));
            pi.ppid = parent ? (int32_t)hal_remote_l32(parent + offsetof(process_t, pid)) : 0;
            pi.cxy = c;
            pi.pgid = (int32_t)hal_remote_l32(pxp + offsetof(process_t, pgid));
            uint32_t clusters = LOCAL_CLUSTER->clusters_nr < ALMOS_MAX_CLUSTERS ?
                                LOCAL_CLUSTER->clusters_nr : ALMOS_MAX_CLUSTERS;
            process_threads_per_cluster(pxp, pi.threads_in, clusters);
            pi.pages = vmm_resident_pages(pxp);
            for (uint32_t c = 0; c < clusters; c++)
                pi.threads += pi.threads_in[c];
            uint32_t term = hal_remote_l32(pxp + offsetof(process_t, term_state));
            /* stopped once its threads are: SIGSTOP reaches them by IPI */
            pi.state = (term & (PROCESS_TERM_EXIT | PROCESS_TERM_KILL)) ? 2 :
                       process_stopped(pxp) ? 1 : process_all_blocked(pxp) ? 3 : 0;
            hal_remote_memcpy(XPTR(local_cxy, pi.name), pxp + offsetof(process_t, name),
                              sizeof(pi.name) - 1);
            if (hal_copy_to_uspace((void *)upi, &pi, sizeof(pi)))
                return (reg_t)-EFAULT;
            return 1;
        }
    return 0;
}

static reg_t sys_halt(reg_t status, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    printk("almos-rv: halt (status %d) requested by process %u\n", (int)status, self()->pid);
    hal_poweroff((int)status);
}

/* ------------------------------------------------------------- table -- */

static const syscall_fn_t syscall_table[SYS_NR] = {
    [SYS_EXIT] = sys_exit,             [SYS_FORK] = sys_fork,
    [SYS_EXEC] = sys_exec,             [SYS_WAIT] = sys_wait,
    [SYS_GETPID] = sys_getpid,         [SYS_GETPPID] = sys_getppid,
    [SYS_KILL] = sys_kill,             [SYS_MMAP] = sys_mmap,
    [SYS_MUNMAP] = sys_munmap,         [SYS_OPEN] = sys_open,
    [SYS_READ] = sys_read,             [SYS_WRITE] = sys_write,
    [SYS_CLOSE] = sys_close,           [SYS_LSEEK] = sys_lseek,
    [SYS_STAT] = sys_stat,             [SYS_FSTAT] = sys_fstat,
    [SYS_MKDIR] = sys_mkdir,           [SYS_READDIR] = sys_readdir,
    [SYS_UNLINK] = sys_unlink,         [SYS_CHDIR] = sys_chdir,
    [SYS_GETCWD] = sys_getcwd,         [SYS_PIPE] = sys_pipe,
    [SYS_DUP] = sys_dup,               [SYS_DUP2] = sys_dup2,
    [SYS_THREAD_CREATE] = sys_thread_create, [SYS_THREAD_JOIN] = sys_thread_join,
    [SYS_THREAD_EXIT] = sys_thread_exit,     [SYS_THREAD_YIELD] = sys_thread_yield,
    [SYS_THREAD_SELF] = sys_thread_self,     [SYS_MUTEX] = sys_mutex,
    [SYS_CONDVAR] = sys_condvar,       [SYS_BARRIER] = sys_barrier,
    [SYS_SEM] = sys_sem,               [SYS_GET_CYCLE] = sys_get_cycle,
    [SYS_GET_CONFIG] = sys_get_config, [SYS_GET_STATS] = sys_get_stats,
    [SYS_PROCESS_INFO] = sys_process_info, [SYS_HALT] = sys_halt,
    [SYS_ISATTY] = sys_isatty,         [SYS_PLACE_FORK] = sys_place_fork,
    [SYS_PAGE_CLUSTER] = sys_page_cluster,
    [SYS_BENCH] = sys_bench,
    [SYS_TCGETATTR] = sys_tcgetattr,   [SYS_TCSETATTR] = sys_tcsetattr,
    [SYS_TCGETPGRP] = sys_tcgetpgrp,   [SYS_TCSETPGRP] = sys_tcsetpgrp,
    [SYS_SETPGID] = sys_setpgid,       [SYS_GETPGID] = sys_getpgid,
    [SYS_SETSID] = sys_setsid,         [SYS_GETSID] = sys_getsid,
    [SYS_SIGNAL] = sys_signal,         [SYS_SLEEP] = sys_sleep,
    [SYS_CLOCK] = sys_clock,           [SYS_TCFLUSH] = sys_tcflush,
    [SYS_MPROTECT] = sys_mprotect,
};

reg_t syscall_dispatch(reg_t nr, reg_t a0, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5)
{
    CURRENT_THREAD->process->stats.syscalls++;
    if (nr >= SYS_NR || syscall_table[nr] == NULL)
        return (reg_t)-ENOSYS;
    return syscall_table[nr](a0, a1, a2, a3, a4, a5);
}
