/*
 * process.c - process life: pids, creation of init, fork, exec, exit,
 * wait, signals and job control (see process.h).
 *
 * A process is owned by the cluster that made it (named in its pid); its
 * threads may run in other clusters, each through a copy of the
 * descriptor there.  The owner keeps the children, copies and
 * process-group data; the copies are found through extended-pointer
 * lists, so every operation below works from any cluster.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "process.h"
#include "place.h"
#include "cluster.h"
#include "thread.h"
#include "scheduler.h"
#include "vmm.h"
#include "vfs.h"
#include "elf.h"
#include "kmem.h"
#include "printk.h"
#include "string.h"
#include "errno.h"
#include "shared_syscalls.h"
#include "hal_remote.h"
#include "hal_context.h"
#include "hal_gpt.h"
#include "hal_vmm.h"
#include "hal_atomic.h"
#include "hal_special.h"
#include "usync.h"
#include "tty.h"
#include "rpc.h"
#include "shared_syscalls.h"

process_t process_zero;

#define INIT_PATH   "/bin/init"
#define ARGS_MAX    4096          /* bytes of argv + envp strings, exec */

/* ------------------------------------------------------------- pmgr -- */

void pmgr_init(void)
{
    pmgr_t *pm = &LOCAL_CLUSTER->pmgr;
    remote_busylock_init(XPTR(local_cxy, &pm->pref_lock));
    remote_busylock_init(XPTR(local_cxy, &pm->local_lock));
    xlist_root_init(XPTR(local_cxy, &pm->local_root));
    for (int i = 0; i < CONFIG_MAX_PROCESS_PER_CLUSTER; i++) {
        xlist_root_init(XPTR(local_cxy, &pm->copies_root[i]));
        remote_busylock_init(XPTR(local_cxy, &pm->copies_lock[i]));
    }
    /* lpid 0: the kernel process of this cluster. */
    process_t *z = &process_zero;
    z->pid = PID(local_cxy, 0);
    z->ref_xp = z->owner_xp = XPTR(local_cxy, z);
    z->vmm.gpt.ptr = hal_gpt_kernel_root(&z->vmm.gpt.ppn);
    strcpy(z->name, "kernel");
    pm->pref_tbl[0] = XPTR(local_cxy, z);
    pm->pref_nr = 1;
    pm->lpid_next = 1;
}

/* Takes a free lpid in the local cluster for <p>: the next one after the
 * last given whose slot is free (slot 0 is the kernel's), so that ids go
 * round before one is used again; 0 or -EAGAIN. */
static error_t pid_alloc(process_t *p)
{
    pmgr_t *pm = &LOCAL_CLUSTER->pmgr;
    remote_busylock_acquire(XPTR(local_cxy, &pm->pref_lock));
    for (uint32_t tries = 0; tries < CONFIG_MAX_PROCESS_PER_CLUSTER; tries++) {
        uint32_t lpid = pm->lpid_next;
        pm->lpid_next = lpid >= LPID_MAX ? 1 : lpid + 1;
        uint32_t slot = lpid % CONFIG_MAX_PROCESS_PER_CLUSTER;
        if (slot == 0 || pm->pref_tbl[slot] != XPTR_NULL)
            continue;
        pm->pref_tbl[slot] = XPTR(local_cxy, p);
        pm->pref_nr++;
        p->pid = PID(local_cxy, lpid);
        remote_busylock_release(XPTR(local_cxy, &pm->pref_lock));
        return 0;
    }
    remote_busylock_release(XPTR(local_cxy, &pm->pref_lock));
    return -EAGAIN;
}

static void pid_release(pid_t pid)
{
    cxy_t owner = CXY_FROM_PID(pid);
    xptr_t lock = XPTR(owner, &LOCAL_CLUSTER->pmgr.pref_lock);
    remote_busylock_acquire(lock);
    hal_remote_sxp(XPTR(owner, &LOCAL_CLUSTER->pmgr.pref_tbl[PID_SLOT(pid)]), XPTR_NULL);
    hal_remote_atomic_add(XPTR(owner, &LOCAL_CLUSTER->pmgr.pref_nr), -1);
    remote_busylock_release(lock);
}

xptr_t process_from_pid(pid_t pid)
{
    cxy_t owner = CXY_FROM_PID(pid);
    if (owner >= LOCAL_CLUSTER->clusters_nr || PID_SLOT(pid) == 0)
        return XPTR_NULL;
    xptr_t pxp = hal_remote_lxp(XPTR(owner, &LOCAL_CLUSTER->pmgr.pref_tbl[PID_SLOT(pid)]));
    /* the slot may hold another lpid of the same slot */
    if (pxp == XPTR_NULL || hal_remote_l32(pxp + offsetof(process_t, pid)) != pid)
        return XPTR_NULL;
    return pxp;
}

/* ------------------------------------------------------ descriptors -- */

/* The locks and lists of a fresh descriptor <p> (owner or copy). */
static void process_init_locks(process_t *p)
{
    busylock_init(&p->th_lock);
    remote_busylock_init(XPTR(local_cxy, &p->fd_lock));
    remote_busylock_init(XPTR(local_cxy, &p->children_lock));
    remote_busylock_init(XPTR(local_cxy, &p->sync_lock));
    xlist_root_init(XPTR(local_cxy, &p->children_root));
    xlist_root_init(XPTR(local_cxy, &p->sync_root));
}


/* The owner's list of the copies of process <pid>, and its lock. */
static xptr_t copies_root(pid_t pid)
{
    return XPTR(CXY_FROM_PID(pid), &LOCAL_CLUSTER->pmgr.copies_root[PID_SLOT(pid)]);
}

static xptr_t copies_lock(pid_t pid)
{
    return XPTR(CXY_FROM_PID(pid), &LOCAL_CLUSTER->pmgr.copies_lock[PID_SLOT(pid)]);
}

/* Links the local descriptor <p> in its owner's copies list. */
static void copies_list_add(process_t *p)
{
    remote_busylock_acquire(copies_lock(p->pid));
    xlist_add_last(copies_root(p->pid), XPTR(local_cxy, &p->copies_list));
    remote_busylock_release(copies_lock(p->pid));
}

/* Links <p> in this cluster's list of descriptors; local_lock held. */
static void local_list_add_locked(process_t *p)
{
    pmgr_t *pm = &LOCAL_CLUSTER->pmgr;
    xlist_add_last(XPTR(local_cxy, &pm->local_root), XPTR(local_cxy, &p->local_list));
    pm->local_nr++;
}

/* Links the local descriptor <p> in its owner's copies list and in this
 * cluster's list of process descriptors. */
static void process_link(process_t *p)
{
    xptr_t local_lock = XPTR(local_cxy, &LOCAL_CLUSTER->pmgr.local_lock);
    copies_list_add(p);
    remote_busylock_acquire(local_lock);
    local_list_add_locked(p);
    remote_busylock_release(local_lock);
}

static void stats_retire(process_t *p);

/* Undoes process_link(), keeps the counters, frees <p>. */
static void process_unlink_free(process_t *p)
{
    stats_retire(p);
    remote_busylock_acquire(copies_lock(p->pid));
    xlist_unlink(XPTR(local_cxy, &p->copies_list));
    remote_busylock_release(copies_lock(p->pid));
    pmgr_t *pm = &LOCAL_CLUSTER->pmgr;
    remote_busylock_acquire(XPTR(local_cxy, &pm->local_lock));
    xlist_unlink(XPTR(local_cxy, &p->local_list));
    pm->local_nr--;
    remote_busylock_release(XPTR(local_cxy, &pm->local_lock));
    kmem_free(p);
}

/* A new local process descriptor with a pid and an empty user VMM. */
static process_t *process_alloc(xptr_t parent_xp, const char *name)
{
    process_t *p = kmem_alloc(sizeof(*p), AF_ZERO);
    if (p == NULL)
        return NULL;
    if (pid_alloc(p)) {
        kmem_free(p);
        return NULL;
    }
    xptr_t self = XPTR(local_cxy, p);
    p->ref_xp = p->owner_xp = self;
    p->parent_xp = parent_xp;
    /* a child is in its parent's process group and session, and ignores
     * what its parent ignores; init begins both */
    if (parent_xp != XPTR_NULL) {
        p->pgid = hal_remote_l32(parent_xp + offsetof(process_t, pgid));
        p->sid = hal_remote_l32(parent_xp + offsetof(process_t, sid));
        p->sig_ignored = hal_remote_l32(parent_xp + offsetof(process_t, sig_ignored));
    } else {
        p->pgid = p->sid = p->pid;
    }
    strncpy(p->name, name, sizeof(p->name) - 1);
    process_init_locks(p);
    xlist_entry_init(XPTR(local_cxy, &p->children_list));
    xlist_entry_init(XPTR(local_cxy, &p->copies_list));

    process_link(p);
    return p;
}

/* Adds the counters of <from> (a descriptor anywhere) to <sum>. */
static void stats_add(process_stats_t *sum, xptr_t from)
{
    process_stats_t s;
    hal_remote_memcpy(XPTR(local_cxy, &s), from, sizeof(s));
    sum->pf_local += s.pf_local;
    sum->pf_false += s.pf_false;
    sum->pf_true += s.pf_true;
    sum->pf_cow += s.pf_cow;
    sum->pf_cow_copy += s.pf_cow_copy;
    sum->syscalls += s.syscalls;
    sum->pf_code_replica += s.pf_code_replica;
}

void process_stats_sum(process_stats_t *sum)
{
    memset(sum, 0, sizeof(*sum));
    for (cxy_t c = 0; c < LOCAL_CLUSTER->clusters_nr; c++) {
        stats_add(sum, XPTR(c, &LOCAL_CLUSTER->dead_stats));
        /* every descriptor of the cluster: owners and copies */
        xptr_t lock = XPTR(c, &LOCAL_CLUSTER->pmgr.local_lock), iter;
        remote_busylock_acquire(lock);
        XLIST_FOREACH(XPTR(c, &LOCAL_CLUSTER->pmgr.local_root), iter)
            stats_add(sum, XLIST_ELEMENT(iter, process_t, local_list) +
                           offsetof(process_t, stats));
        remote_busylock_release(lock);
    }
}

/* Adds the counters of <p>, about to be freed, to its cluster's. */
static void stats_retire(process_t *p)
{
    busylock_acquire(&LOCAL_CLUSTER->stats_lock);
    process_stats_t *d = &LOCAL_CLUSTER->dead_stats;
    d->pf_local += p->stats.pf_local;
    d->pf_false += p->stats.pf_false;
    d->pf_true += p->stats.pf_true;
    d->pf_cow += p->stats.pf_cow;
    d->pf_cow_copy += p->stats.pf_cow_copy;
    d->syscalls += p->stats.syscalls;
    d->pf_code_replica += p->stats.pf_code_replica;
    busylock_release(&LOCAL_CLUSTER->stats_lock);
}

/* Unlinks and frees a reaped process descriptor. */
static void process_free(process_t *p)
{
    pid_t pid = p->pid;
    process_unlink_free(p);
    pid_release(pid);
}

/* args: [0] a zombie process of this cluster, reaped by its parent. */
void rpc_process_reap_server(xptr_t desc_xp)
{
    process_free(GET_PTR(rpc_arg(desc_xp, 0)));
}

/* Frees the reaped zombie at <c_xp>, in its own cluster. */
static void process_reap(xptr_t c_xp)
{
    if (GET_CXY(c_xp) == local_cxy) {
        process_free(GET_PTR(c_xp));
    } else {
        uint64_t arg = c_xp;
        rpc_call(GET_CXY(c_xp), RPC_PROCESS_REAP, &arg, 1, NULL);
    }
}

/* Links child <c_xp> in the children list of <parent_xp> (owner copies,
 * any clusters). */
static void add_child(xptr_t parent_xp, xptr_t c_xp)
{
    xptr_t lock = parent_xp + offsetof(process_t, children_lock);
    remote_busylock_acquire(lock);
    xlist_add_last(parent_xp + offsetof(process_t, children_root),
                   c_xp + offsetof(process_t, children_list));
    hal_remote_atomic_add(parent_xp + offsetof(process_t, children_nr), 1);
    remote_busylock_release(lock);
}

/* ----------------------------------------------------------- files -- */

/* Copies the open files and current directory of the process at <src_xp>
 * (a reference, any cluster) into <dst>, taking a reference on each. */
static void fd_table_copy(process_t *dst, xptr_t src_xp)
{
    xptr_t lock = src_xp + offsetof(process_t, fd_lock);
    remote_busylock_acquire(lock);
    hal_remote_memcpy(XPTR(local_cxy, dst->fd_array), src_xp + offsetof(process_t, fd_array),
                      sizeof(dst->fd_array));
    for (int i = 0; i < CONFIG_PROCESS_FILE_MAX; i++)
        if (dst->fd_array[i] != XPTR_NULL)
            vfs_file_get(dst->fd_array[i]);
    dst->cwd_xp = hal_remote_lxp(src_xp + offsetof(process_t, cwd_xp));
    if (dst->cwd_xp != XPTR_NULL)
        vfs_inode_get(dst->cwd_xp);
    remote_busylock_release(lock);
}

static void fd_table_close_all(process_t *p)
{
    for (int i = 0; i < CONFIG_PROCESS_FILE_MAX; i++) {
        remote_busylock_acquire(XPTR(local_cxy, &p->fd_lock));
        xptr_t f = p->fd_array[i];
        p->fd_array[i] = XPTR_NULL;
        remote_busylock_release(XPTR(local_cxy, &p->fd_lock));
        if (f != XPTR_NULL)
            vfs_file_put(f);
    }
    if (p->cwd_xp != XPTR_NULL)
        vfs_inode_put(p->cwd_xp);
    p->cwd_xp = XPTR_NULL;
}

/* ------------------------------------------------------------ exec -- */

/* Gives back the program file <p> ran (its image has gone): writable
 * again once no process runs it, released. */
static void process_image_release(process_t *p)
{
    xptr_t inode = p->image_xp;
    if (inode == XPTR_NULL)
        return;
    p->image_xp = XPTR_NULL;
    vfs_inode_allow_write(inode);
    vfs_inode_put(inode);
}

error_t process_hold_mapped(xptr_t ref_xp, xptr_t inode_xp)
{
    xptr_t lock = ref_xp + offsetof(process_t, fd_lock);
    xptr_t tbl = ref_xp + offsetof(process_t, mapped_xp);
    int free_slot = -1;
    remote_busylock_acquire(lock);
    for (int i = 0; i < CONFIG_PROCESS_MAPPED_MAX; i++) {
        xptr_t x = hal_remote_lxp(tbl + (xptr_t)i * sizeof(xptr_t));
        if (x == inode_xp) {
            remote_busylock_release(lock);
            return 0;
        }
        if (x == XPTR_NULL && free_slot < 0)
            free_slot = i;
    }
    if (free_slot >= 0) {
        vfs_inode_get(inode_xp);
        hal_remote_sxp(tbl + (xptr_t)free_slot * sizeof(xptr_t), inode_xp);
    }
    remote_busylock_release(lock);
    return free_slot >= 0 ? 0 : -ENOMEM;
}

/* Releases the files <p> (a reference) held for its mappings, which are
 * gone. */
static void process_mapped_release(process_t *p)
{
    for (int i = 0; i < CONFIG_PROCESS_MAPPED_MAX; i++) {
        remote_busylock_acquire(XPTR(local_cxy, &p->fd_lock));
        xptr_t x = p->mapped_xp[i];
        p->mapped_xp[i] = XPTR_NULL;
        remote_busylock_release(XPTR(local_cxy, &p->fd_lock));
        if (x != XPTR_NULL)
            vfs_inode_put(x);
    }
}

/* <child> maps what the process at <parent_xp> maps (a fork): it holds
 * the same files. */
static void process_mapped_share(process_t *child, xptr_t parent_xp)
{
    xptr_t lock = parent_xp + offsetof(process_t, fd_lock);
    remote_busylock_acquire(lock);
    hal_remote_memcpy(XPTR(local_cxy, child->mapped_xp), parent_xp + offsetof(process_t, mapped_xp),
                      sizeof(child->mapped_xp));
    for (int i = 0; i < CONFIG_PROCESS_MAPPED_MAX; i++)
        if (child->mapped_xp[i] != XPTR_NULL)
            vfs_inode_get(child->mapped_xp[i]);
    remote_busylock_release(lock);
}

/* <child> runs the image of the process at <parent_xp> (a fork). */
static void process_image_share(process_t *child, xptr_t parent_xp)
{
    xptr_t inode = hal_remote_lxp(parent_xp + offsetof(process_t, image_xp));
    if (inode == XPTR_NULL)
        return;
    /* the parent denies writing already: this cannot fail */
    (void)vfs_inode_deny_write(inode);
    vfs_inode_get(inode);
    child->image_xp = inode;
}

/* Strings of argv/envp, gathered in a kernel page before the old image
 * goes away. */
typedef struct exec_args_s {
    char    *buf;            /* ARGS_MAX bytes */
    uint32_t used;
    uint32_t argc, envc;
    uint32_t arg_off[128];   /* offsets in buf: argv then envp */
} exec_args_t;

static error_t args_add(exec_args_t *a, const char *s, bool from_user)
{
    if (a->argc + a->envc >= 128)
        return -E2BIG;
    int64_t n;
    if (from_user) {
        n = hal_strcpy_from_uspace(a->buf + a->used, s, ARGS_MAX - a->used);
        if (n == -ENAMETOOLONG)
            return -E2BIG;
        if (n < 0)
            return (error_t)n;
    } else {
        n = (int64_t)strlen(s);
        if (a->used + n + 1 > ARGS_MAX)
            return -E2BIG;
        memcpy(a->buf + a->used, s, (size_t)n + 1);
    }
    a->arg_off[a->argc + a->envc] = a->used;
    a->used += (uint32_t)n + 1;
    return 0;
}

/* Collects a NULL-terminated array of strings (user or kernel). */
static error_t args_collect(exec_args_t *a, char *const *vec, bool from_user, bool env)
{
    for (uint32_t i = 0; vec != NULL; i++) {
        char *s;
        if (from_user) {
            error_t e = hal_copy_from_uspace(&s, &vec[i], sizeof(s));
            if (e)
                return e;
        } else {
            s = vec[i];
        }
        if (s == NULL)
            break;
        error_t e = args_add(a, s, from_user);
        if (e)
            return e;
        if (env) a->envc++; else a->argc++;
    }
    return 0;
}

/* Builds the initial user stack (argc, argv[], NULL, envp[], NULL, then
 * the strings) below <top>; returns the new sp, or 0 on a fault. */
static uintptr_t build_user_stack(const exec_args_t *a, uintptr_t top,
                                  uintptr_t *argv_u, uintptr_t *envp_u)
{
    uintptr_t strings = (top - a->used) & ~15UL;
    uint32_t n = a->argc + a->envc;
    uintptr_t sp = (strings - 8 * (n + 3)) & ~15UL;
    if (hal_copy_to_uspace((void *)strings, a->buf, a->used))
        return 0;
    uint64_t word = a->argc;
    uintptr_t p = sp;
    if (hal_copy_to_uspace((void *)p, &word, 8))
        return 0;
    p += 8;
    *argv_u = p;
    for (uint32_t i = 0; i < n; i++) {
        if (i == a->argc) {
            word = 0;
            hal_copy_to_uspace((void *)p, &word, 8);
            p += 8;
            *envp_u = p;
        }
        word = strings + a->arg_off[i];
        if (hal_copy_to_uspace((void *)p, &word, 8))
            return 0;
        p += 8;
    }
    if (a->envc == 0) {
        word = 0;
        hal_copy_to_uspace((void *)p, &word, 8);
        p += 8;
        *envp_u = p;
    }
    word = 0;
    hal_copy_to_uspace((void *)p, &word, 8);
    return sp;
}

/* Replaces the address space of <p> (whose only thread is <t>) by the
 * program <path> with the arguments <a>.  Fails, leaving <p> untouched,
 * when the file is not a valid executable. */
static error_t process_load(process_t *p, thread_t *t, const char *path, exec_args_t *a)
{
    xptr_t file;
    error_t err = vfs_open(p->cwd_xp, path, ALMOS_O_RDONLY, 0, &file);
    if (err)
        return err;
    struct almos_stat st;
    err = vfs_fstat(file, &st);
    if (err == 0 && (st.mode & ALMOS_S_IFMT) != ALMOS_S_IFREG)
        err = -EACCES;
    char *head = kmem_alloc(CONFIG_PPM_PAGE_SIZE, AF_ZERO);
    elf_info_t *info = kmem_alloc(sizeof(*info), AF_ZERO);
    if (err == 0 && (head == NULL || info == NULL))
        err = -ENOMEM;
    if (err == 0) {
        uint64_t want = st.size < CONFIG_PPM_PAGE_SIZE ? st.size : CONFIG_PPM_PAGE_SIZE;
        int64_t got = vfs_read(file, head, want);
        if (got < 0)
            err = (error_t)got;
        else if ((uint64_t)got != want)
            err = -EIO;
        else {
            err = elf_parse(head, want, st.size,
                            (uint64_t)CONFIG_VMM_ELF_BASE << CONFIG_PPM_PAGE_SHIFT,
                            (uint64_t)CONFIG_VMM_HEAP_BASE << CONFIG_PPM_PAGE_SHIFT, info);
            if (err)
                printk("exec %s: not a valid executable: %s\n", path, info->error);
        }
    }
    /* The file may not change while it is a process image: no file may
     * be open for writing it now, and none will be until the image goes
     * (ETXTBSY both ways). */
    xptr_t inode = err ? XPTR_NULL : vfs_file_inode(file);
    if (err == 0)
        err = vfs_inode_deny_write(inode);
    if (err)
        goto out;

    /* Point of no return: the old image goes. */
    xptr_t mapper = vfs_inode_mapper(inode);
    vmm_user_reset(p);
    process_image_release(p);
    process_mapped_release(p);
    vfs_inode_get(inode);
    p->image_xp = inode;
    err = vmm_user_init(p);              /* allocators and UTILS vsegs again */
    for (uint32_t i = 0; i < info->segs_nr && err == 0; i++) {
        const elf_segment_t *s = &info->segs[i];
        uintptr_t base = s->vaddr & ~CONFIG_PPM_PAGE_MASK;
        uint64_t lead = s->vaddr - base;
        vseg_type_t type = (s->flags & ELF_PF_X) ? VSEG_TYPE_CODE : VSEG_TYPE_DATA;
        if (vmm_create_vseg(p, type, (intptr_t)base, s->memsz + lead,
                            (uint32_t)(s->offset - lead), (uint32_t)(s->filesz + lead),
                            mapper, local_cxy) == NULL)
            err = -ENOMEM;
    }
    p->vmm.entry_point = (intptr_t)info->entry;
    vseg_t *stack = err ? NULL : vmm_create_vseg(p, VSEG_TYPE_STACK, LTID_FROM_TRDID(t->trdid),
                                                 0, 0, 0, XPTR_NULL, local_cxy);
    if (stack == NULL && err == 0)
        err = -ENOMEM;
    if (err == 0) {
        t->u_stack_base = stack->min;
        t->u_stack_size = (uint64_t)(stack->max - stack->min);
        uintptr_t argv_u = 0, envp_u = 0;
        uintptr_t sp = build_user_stack(a, (uintptr_t)stack->max, &argv_u, &envp_u);
        if (sp == 0)
            err = -EFAULT;
        hal_context_set_user(t, info->entry, sp, a->argc, argv_u, envp_u);
    }
    const char *base = strrchr(path, '/');
    strncpy(p->name, base ? base + 1 : path, sizeof(p->name) - 1);
out:
    if (head) kmem_free(head);
    if (info) kmem_free(info);
    vfs_file_put(file);
    return err;
}

static bool is_copy(const process_t *p);

/* True when the running thread of <p> is the only thread of its process in
 * every cluster, and runs in the reference copy (where the image is).
 * POSIX has exec end the other threads; this kernel refuses instead
 * (EBUSY), and the answer must not depend on where the other threads are:
 * threads in other clusters live in copies of the process there, whose
 * counts the owner's copies list gives. */
static bool exec_caller_alone(process_t *p)
{
    uint32_t count[CONFIG_MAX_CLUSTERS], total = 0;

    if (is_copy(p))
        return false;
    process_threads_per_cluster(p->ref_xp, count, CONFIG_MAX_CLUSTERS);
    for (uint32_t c = 0; c < CONFIG_MAX_CLUSTERS; c++)
        total += count[c];
    return total == 1;
}

/* The exec() system call for the running thread.  Fails with EBUSY while
 * the process has another thread, in this cluster or any other (no thread
 * of the new image may run the old one's code). */
error_t process_exec_user(const char *path_u, char *const *argv_u, char *const *envp_u)
{
    thread_t *t = CURRENT_THREAD;
    process_t *p = t->process;
    if (!exec_caller_alone(p))
        return -EBUSY;
    exec_args_t a = { 0 };
    char *path = kmem_alloc(CONFIG_PPM_PAGE_SIZE, AF_ZERO);
    a.buf = kmem_alloc(ARGS_MAX, AF_ZERO);
    error_t err = (path && a.buf) ? 0 : -ENOMEM;
    if (err == 0) {
        int64_t n = hal_strcpy_from_uspace(path, path_u, CONFIG_PPM_PAGE_SIZE);
        err = n < 0 ? (error_t)n : 0;
    }
    if (err == 0)
        err = args_collect(&a, argv_u, true, false);
    if (err == 0)
        err = args_collect(&a, envp_u, true, true);
    if (err == 0)
        err = process_load(p, t, path, &a);
    if (path) kmem_free(path);
    if (a.buf) kmem_free(a.buf);
    return err;
}

/* Frees the exited threads of <p> still kept for a join. */
static void release_unjoined(process_t *p)
{
    busylock_acquire(&p->th_lock);
    for (int i = 0; i < CONFIG_THREADS_MAX_PER_CLUSTER; i++) {
        thread_t *z = p->th_tbl[i];
        if (z && (z->flags & THREAD_FLAG_JOIN_DONE)) {
            p->th_tbl[i] = NULL;
            hal_atomic_or(&z->flags, THREAD_FLAG_DELETE);
        }
    }
    busylock_release(&p->th_lock);
}

/* ---------------------------------------------------------- copies -- */

static bool is_copy(const process_t *p)
{
    return p->ref_xp != XPTR(local_cxy, p);
}

/* This cluster's copy of process <pid> that has not ended, or NULL;
 * local_lock held. */
static process_t *live_copy_locked(pid_t pid)
{
    xptr_t iter;
    process_t *found = NULL;
    XLIST_FOREACH(XPTR(local_cxy, &LOCAL_CLUSTER->pmgr.local_root), iter) {
        process_t *c = GET_PTR(XLIST_ELEMENT(iter, process_t, local_list));
        if (c->pid == pid && !(c->term_state & (PROCESS_TERM_EXIT | PROCESS_TERM_KILL)))
            found = c;
    }
    return found;
}

/* The local copy of the process whose reference is <ref_xp>, made (empty
 * VSL, own GPT, registered in the owner's copies list) when missing. */
static process_t *process_copy_get(xptr_t ref_xp)
{
    if (GET_CXY(ref_xp) == local_cxy)
        return GET_PTR(ref_xp);
    pid_t pid = hal_remote_l32(ref_xp + offsetof(process_t, pid));
    xptr_t local_lock = XPTR(local_cxy, &LOCAL_CLUSTER->pmgr.local_lock);
    remote_busylock_acquire(local_lock);
    process_t *found = live_copy_locked(pid);
    remote_busylock_release(local_lock);
    if (found)
        return found;

    process_t *p = kmem_alloc(sizeof(*p), AF_ZERO);
    if (p == NULL)
        return NULL;
    p->pid = pid;
    p->ref_xp = ref_xp;
    p->owner_xp = hal_remote_lxp(ref_xp + offsetof(process_t, owner_xp));
    p->parent_xp = hal_remote_lxp(ref_xp + offsetof(process_t, parent_xp));
    hal_remote_memcpy(XPTR(local_cxy, p->name), ref_xp + offsetof(process_t, name),
                      sizeof(p->name) - 1);
    process_init_locks(p);
    if (vmm_copy_init(p)) {
        kmem_free(p);
        return NULL;
    }
    /* Two RPC servers of this cluster may make the copy at once: the
     * second to get here keeps the first one's (one copy per cluster, or
     * the reference's global updates would miss the threads of the other
     * one). */
    remote_busylock_acquire(local_lock);
    found = live_copy_locked(pid);
    if (found == NULL) {
        copies_list_add(p);
        local_list_add_locked(p);
    }
    remote_busylock_release(local_lock);
    if (found) {
        vmm_destroy(p);
        kmem_free(p);
        return found;
    }
    return p;
}

uint64_t process_ltids_held_elsewhere(process_t *p)
{
    _Static_assert(CONFIG_THREADS_MAX_PER_CLUSTER <= 64, "one bit per ltid");
    xptr_t local_lock = XPTR(local_cxy, &LOCAL_CLUSTER->pmgr.local_lock), iter;
    uint64_t held = 0;
    remote_busylock_acquire(local_lock);
    XLIST_FOREACH(XPTR(local_cxy, &LOCAL_CLUSTER->pmgr.local_root), iter) {
        process_t *c = GET_PTR(XLIST_ELEMENT(iter, process_t, local_list));
        if (c == p || c->pid != p->pid)
            continue;
        /* an ended copy only gives slots back: a stale read is safe */
        for (int i = 0; i < CONFIG_THREADS_MAX_PER_CLUSTER; i++)
            if (c->th_tbl[i])
                held |= 1ULL << i;
    }
    remote_busylock_release(local_lock);
    return held;
}

/* Frees copy <p> once it has ended and every thread slot is empty (each
 * exited thread kept for a join was released); the scheduler calls it
 * when the last thread descriptor of the copy is freed (th_desc 0), so
 * no descriptor still names the copy; the first caller to see that does
 * it. */
void process_copy_release(process_t *p)
{
    if (!is_copy(p) || !(p->term_state & PROCESS_TERM_EXIT) || p->th_nr)
        return;
    busylock_acquire(&p->th_lock);
    bool empty = true;
    for (int i = 0; i < CONFIG_THREADS_MAX_PER_CLUSTER; i++)
        empty &= p->th_tbl[i] == NULL;
    busylock_release(&p->th_lock);
    uint32_t old = p->term_state;
    if (empty && !(old & PROCESS_TERM_ZOMBIE) &&
        hal_atomic_cas(&p->term_state, old, old | PROCESS_TERM_ZOMBIE))
        process_unlink_free(p);
}

/* Copies of the process owned here (owner copy: <p>) other than <p>. */
static uint32_t remote_copies(process_t *p)
{
    uint32_t n = 0;
    xptr_t root = copies_root(p->pid), lock = copies_lock(p->pid);
    xptr_t iter;
    remote_busylock_acquire(lock);
    XLIST_FOREACH(root, iter)
        n += XLIST_ELEMENT(iter, process_t, copies_list) != XPTR(local_cxy, p);
    remote_busylock_release(lock);
    return n;
}

/* Asks every other copy of <p> (owner copy) to kill its threads. */
static void kill_remote_copies(process_t *p)
{
    xptr_t root = copies_root(p->pid), lock = copies_lock(p->pid);
    xptr_t iter;
    remote_busylock_acquire(lock);
    XLIST_FOREACH(root, iter) {
        xptr_t c = XLIST_ELEMENT(iter, process_t, copies_list);
        if (GET_CXY(c) != local_cxy) {
            uint64_t arg = c;
            rpc_post(GET_CXY(c), RPC_PROCESS_MAKE_KILL, &arg, 1);
        }
    }
    remote_busylock_release(lock);
}

/* Marks <p>'s address space as going, under the copies lock: the
 * reference's global updates hold it while they walk the copies' GPTs and
 * skip marked copies. */
static void mark_no_vmm(process_t *p)
{
    remote_busylock_acquire(copies_lock(p->pid));
    hal_atomic_or(&p->term_state, PROCESS_TERM_NO_VMM);
    remote_busylock_release(copies_lock(p->pid));
}

/* Ends copy <p> when no thread lives in it: made for a thread whose
 * creation then failed, it has no last thread to end it, and the owner
 * waits for every copy to go before the process may end.  Ended like a
 * copy whose last thread left (process_last_thread_gone): marked EXIT
 * under the thread lock, so a concurrent creation makes a new copy. */
static void copy_end_if_idle(process_t *p)
{
    if (!is_copy(p))
        return;                 /* the owner ends with the process */
    busylock_acquire(&p->th_lock);
    bool idle = p->th_nr == 0 && !(p->term_state & PROCESS_TERM_EXIT);
    if (idle)
        hal_atomic_or(&p->term_state, PROCESS_TERM_EXIT);
    busylock_release(&p->th_lock);
    if (!idle)
        return;
    mark_no_vmm(p);
    vmm_destroy(p);
    /* a descriptor still held (an exited thread not yet freed) frees the
     * copy when the scheduler lets it go */
    if (p->th_desc == 0)
        process_copy_release(p);
}

/* args: [0] reference, [1] entry, [2] argument, [3] core (or ~0), [4] flags
 * -> [5] error, [6] trdid. */
void rpc_thread_user_create_server(xptr_t desc_xp)
{
    uint64_t lid = rpc_arg(desc_xp, 3);
    error_t err;
    thread_t *t = NULL;
    do {
        /* -ESRCH: the copy found ended meanwhile; the next one is new */
        process_t *p = process_copy_get(rpc_arg(desc_xp, 0));
        if (p == NULL) {
            err = -ENOMEM;
            break;
        }
        err = thread_user_create(p, -1, rpc_arg(desc_xp, 1), rpc_arg(desc_xp, 2),
                                 lid < LOCAL_CLUSTER->cores_nr ? (lid_t)lid
                                                               : sched_least_loaded_core(), &t);
        if (err && err != -ESRCH)
            copy_end_if_idle(p);
    } while (err == -ESRCH);
    if (err == 0) {
        if (rpc_arg(desc_xp, 4) & THREAD_ATTR_DETACHED)
            hal_atomic_or(&t->flags, THREAD_FLAG_DETACHED);
        rpc_set_arg(desc_xp, 6, t->trdid);
        thread_unblock(XPTR(local_cxy, t), THREAD_BLOCKED_GLOBAL);
    }
    rpc_set_arg(desc_xp, 5, (uint64_t)(int64_t)err);
}

/* args: [0] the copy to kill (in this cluster).  The copy may have been
 * freed since the request was posted: it is used only if still listed. */
void rpc_process_make_kill_server(xptr_t desc_xp)
{
    process_t *c = GET_PTR(rpc_arg(desc_xp, 0));
    pmgr_t *pm = &LOCAL_CLUSTER->pmgr;
    xptr_t lock = XPTR(local_cxy, &pm->local_lock), iter;
    bool listed = false;
    remote_busylock_acquire(lock);      /* process_unlink_free() takes it too */
    XLIST_FOREACH(XPTR(local_cxy, &pm->local_root), iter)
        listed |= GET_PTR(XLIST_ELEMENT(iter, process_t, local_list)) == (void *)c;
    if (listed) {
        hal_atomic_or(&c->term_state, PROCESS_TERM_KILL);
        thread_kill_others(c);
        /* Exited threads kept for a join that will not come: free them
         * (the last one frees the copy). */
        release_unjoined(c);
    }
    remote_busylock_release(lock);
}

/* args: [0] the owner copy (in this cluster), [1] exit status: exit()
 * called by a thread of a copy in another cluster ends the whole process. */
void rpc_process_make_exit_server(xptr_t desc_xp)
{
    process_t *p = GET_PTR(rpc_arg(desc_xp, 0));
    uint32_t status = (uint32_t)rpc_arg(desc_xp, 1);
    uint32_t old = p->term_state;
    if (old & (PROCESS_TERM_EXIT | PROCESS_TERM_KILL))
        return;
    if (!hal_atomic_cas(&p->term_state, old,
                        PROCESS_TERM_EXIT | (old & ~0xffffu) | (status & 0xff)))
        return;
    thread_kill_others(p);         /* every thread: the caller is a server */
    kill_remote_copies(p);
}

/* args: [0] the copy, [1] its joined thread. */
void rpc_thread_release_server(xptr_t desc_xp)
{
    process_t *c = GET_PTR(rpc_arg(desc_xp, 0));
    thread_t *t = GET_PTR(rpc_arg(desc_xp, 1));
    thread_release_slot(c, t);
    hal_atomic_or(&t->flags, THREAD_FLAG_DELETE);
}

xptr_t process_copy_holding(process_t *p, trdid_t trdid, xptr_t *thread_xp)
{
    xptr_t root = copies_root(p->pid), lock = copies_lock(p->pid), iter, found = XPTR_NULL;
    cxy_t cxy = CXY_FROM_TRDID(trdid);
    *thread_xp = XPTR_NULL;
    if (LTID_FROM_TRDID(trdid) >= CONFIG_THREADS_MAX_PER_CLUSTER)
        return XPTR_NULL;
    remote_busylock_acquire(lock);
    XLIST_FOREACH(root, iter) {
        xptr_t c = XLIST_ELEMENT(iter, process_t, copies_list);
        if (GET_CXY(c) != cxy)
            continue;
        /* several copies in one cluster: an ended one, keeping exited
         * threads for their join, and the live one; trdids are unique */
        thread_t *t = hal_remote_lpt(c + offsetof(process_t, th_tbl) +
                                     LTID_FROM_TRDID(trdid) * sizeof(thread_t *));
        if (t && hal_remote_l32(XPTR(cxy, &t->trdid)) == trdid) {
            found = c;
            *thread_xp = XPTR(cxy, t);
        }
    }
    remote_busylock_release(lock);
    return found;
}

void process_threads_per_cluster(xptr_t ref_xp, uint32_t *count, uint32_t clusters)
{
    pid_t pid = hal_remote_l32(ref_xp + offsetof(process_t, pid));
    xptr_t root = copies_root(pid), lock = copies_lock(pid), iter;
    bool ref_seen = false;
    for (uint32_t c = 0; c < clusters; c++)
        count[c] = 0;
    remote_busylock_acquire(lock);
    XLIST_FOREACH(root, iter) {
        xptr_t c = XLIST_ELEMENT(iter, process_t, copies_list);
        ref_seen |= c == ref_xp;
        if (GET_CXY(c) < clusters)
            count[GET_CXY(c)] += hal_remote_l32(c + offsetof(process_t, th_nr));
    }
    remote_busylock_release(lock);
    if (!ref_seen && GET_CXY(ref_xp) < clusters)     /* init: not listed */
        count[GET_CXY(ref_xp)] += hal_remote_l32(ref_xp + offsetof(process_t, th_nr));
}

/* ------------------------------------------------------------ init -- */

void kernel_monitor_enable(void);        /* kernel_init.c */

/* First code of init's main thread, in kernel mode on its own stack and
 * address space: exec /bin/init, then user mode. */
static void *init_start(void *arg)
{
    process_t *p = arg;
    thread_t *t = CURRENT_THREAD;
    exec_args_t a = { 0 };
    a.buf = kmem_alloc(ARGS_MAX, AF_ZERO);
    char *argv[] = { "init", NULL };
    char *envp[] = { "PATH=/bin", "HOME=/", NULL };
    error_t err = a.buf ? 0 : -ENOMEM;
    if (err == 0)
        err = args_collect(&a, argv, false, false);
    if (err == 0)
        err = args_collect(&a, envp, false, true);
    if (err == 0)
        err = process_load(p, t, INIT_PATH, &a);
    if (a.buf)
        kmem_free(a.buf);
    if (err) {
        printk("almos-rv: cannot start %s (error %d); the console goes to the kernel monitor\n",
               INIT_PATH, err);
        kernel_monitor_enable();
        process_exit(127);
    }
    printk("almos-rv: init (pid %u) started in cluster %u\n", p->pid, local_cxy);
    tty_start();                     /* user space owns the console input now */
    hal_user_start(t);
}

error_t process_init_create(void)
{
    process_t *p = process_alloc(XPTR_NULL, "init");
    if (p == NULL)
        return -ENOMEM;
    error_t err = hal_gpt_create(&p->vmm.gpt);
    if (err == 0)
        err = hal_vmm_kernel_update(p);
    if (err == 0)
        err = vmm_user_init(p);
    /* fds 0, 1, 2: the console */
    for (int fd = 0; fd < 3 && err == 0; fd++)
        err = vfs_open(XPTR_NULL, "/dev/tty", ALMOS_O_RDWR, 0, &p->fd_array[fd]);
    thread_t *t;
    if (err == 0)
        err = thread_user_create(p, 0, 0, 0, sched_least_loaded_core(), &t);
    if (err) {
        printk("almos-rv: cannot create init (error %d)\n", err);
        return err;
    }
    /* It starts in the kernel, to exec /bin/init in its own context. */
    t->entry = (void *)init_start;
    t->entry_arg = p;
    hal_context_init_kernel(t);
    thread_unblock(XPTR(local_cxy, t), THREAD_BLOCKED_GLOBAL);
    return 0;
}

/* ------------------------------------------------------------ fork -- */

/* In the child's cluster (the caller's): a new process owned here, the
 * fork of the process at <parent_xp> (an owner, any cluster) by its thread
 * at <thread_xp>: VMM, open files, the thread (left blocked: the parent
 * makes its own pages copy-on-write first).  0 or -errno; on success the
 * pid, the child and its thread. */
static error_t process_make_fork(xptr_t parent_xp, xptr_t thread_xp, pid_t *pid,
                                 xptr_t *child_xp, xptr_t *child_thread_xp)
{
    char name[CONFIG_PROCESS_NAME_MAX];
    hal_remote_memcpy(XPTR(local_cxy, name), parent_xp + offsetof(process_t, name), sizeof(name));
    name[sizeof(name) - 1] = 0;
    process_t *child = process_alloc(parent_xp, name);
    if (child == NULL)
        return -EAGAIN;
    intptr_t stack = (intptr_t)hal_remote_l64(thread_xp + offsetof(thread_t, u_stack_base));
    /* the forking thread's copy (its STACK), which may not be the owner */
    xptr_t tproc_xp = XPTR(GET_CXY(thread_xp),
                           hal_remote_lpt(thread_xp + offsetof(thread_t, process)));
    error_t err = vmm_fork_copy(child, tproc_xp, stack);
    if (err) {
        vmm_destroy(child);
        process_free(child);
        return err;
    }
    fd_table_copy(child, parent_xp);
    thread_t *ct;
    err = thread_user_fork(child, thread_xp, &ct);
    if (err) {
        fd_table_close_all(child);
        vmm_destroy(child);
        process_free(child);
        return err;
    }
    process_image_share(child, parent_xp);
    process_mapped_share(child, parent_xp);
    *pid = child->pid;
    *child_xp = XPTR(local_cxy, child);
    *child_thread_xp = XPTR(local_cxy, ct);
    return 0;
}

/* args: [0] parent (owner), [1] forking thread -> [2] error, [3] pid,
 * [4] child, [5] child's thread. */
void rpc_process_make_fork_server(xptr_t desc_xp)
{
    pid_t pid = 0;
    xptr_t child = XPTR_NULL, thread = XPTR_NULL;
    error_t err = process_make_fork(rpc_arg(desc_xp, 0), rpc_arg(desc_xp, 1), &pid,
                                    &child, &thread);
    rpc_set_arg(desc_xp, 2, (uint64_t)(int64_t)err);
    rpc_set_arg(desc_xp, 3, pid);
    rpc_set_arg(desc_xp, 4, child);
    rpc_set_arg(desc_xp, 5, thread);
}

int process_fork(void)
{
    thread_t *t = CURRENT_THREAD;
    process_t *parent = t->process;
    cxy_t target = place_fork_target(t);
    /* a thread of a copy forks the process: its reference (the owner) */
    xptr_t self = parent->ref_xp, me = XPTR(local_cxy, t);
    pid_t pid = 0;
    xptr_t child = XPTR_NULL, child_thread = XPTR_NULL;
    error_t err;
    if (target == local_cxy) {
        err = process_make_fork(self, me, &pid, &child, &child_thread);
    } else {
        uint64_t args[2] = { self, me }, out[RPC_ARGS_NR];
        rpc_call(target, RPC_PROCESS_MAKE_FORK, args, 2, out);
        err = (error_t)(int64_t)out[2];
        pid = (pid_t)out[3];
        child = out[4];
        child_thread = out[5];
    }
    if (err)
        return err == -ENOMEM ? -EAGAIN : err;
    vmm_set_cow(parent);
    add_child(self, child);
    thread_unblock(child_thread, THREAD_BLOCKED_GLOBAL);
    return (int)pid;
}

/* ------------------------------------------------------- exit, wait -- */

/* Gives <p>'s children to init (pid 1, cluster 0); init reaps them.
 * Children and init may be in any cluster. */
static void reparent_children(process_t *p)
{
    xptr_t init_xp = process_from_pid(PID(0, 1));
    if (init_xp == XPTR_NULL || init_xp == XPTR(local_cxy, p))
        return;
    xptr_t lock = XPTR(local_cxy, &p->children_lock);
    for (;;) {
        remote_busylock_acquire(lock);
        if (xlist_is_empty(XPTR(local_cxy, &p->children_root))) {
            remote_busylock_release(lock);
            return;
        }
        xptr_t e = xlist_first(XPTR(local_cxy, &p->children_root));
        xlist_unlink(e);
        p->children_nr--;
        xptr_t c_xp = XLIST_ELEMENT(e, process_t, children_list);
        hal_remote_sxp(c_xp + offsetof(process_t, parent_xp), init_xp);
        add_child(init_xp, c_xp);
        xptr_t waiter = hal_remote_lxp(init_xp + offsetof(process_t, wait_xp));
        uint32_t term = hal_remote_l32(c_xp + offsetof(process_t, term_state));
        if ((term & PROCESS_TERM_ZOMBIE) && waiter != XPTR_NULL)
            thread_unblock(waiter, THREAD_BLOCKED_WAIT);
        pid_t cpid = hal_remote_l32(c_xp + offsetof(process_t, pid));
        remote_busylock_release(lock);
        /* A stopped orphan would wait forever for a SIGCONT nobody sends
         * (and keep its files open: a pipe never gets its end of file):
         * as POSIX does for an orphaned stopped process group, it gets a
         * SIGHUP, whose default action ends it. */
        if (term & PROCESS_TERM_STOP)
            process_kill((int)cpid, ALMOS_SIGHUP);
    }
}

void process_last_thread_gone(process_t *p)
{
    /* Leave the address space before it goes, for good: the calling
     * thread may still block (RPCs below) and be switched back to, and
     * the scheduler then keeps the kernel's table for a process marked
     * NO_VMM.  Marked under the copies lock: the reference's global
     * updates (vmm_set_cow, vmm_global_update_pte) hold it while they walk
     * the copies' GPTs, and skip marked copies. */
    mark_no_vmm(p);
    reg_t irq;
    hal_disable_irq(&irq);
    hal_gpt_activate(&process_zero.vmm.gpt);
    core_self()->sched.active = NULL;
    hal_restore_irq(irq);
    if (is_copy(p)) {
        /* A copy in another cluster: its private pages and its GPT go;
         * the descriptor goes when this thread is freed.  No new thread
         * may use it meanwhile (process_copy_get makes a new one). */
        hal_atomic_or(&p->term_state, PROCESS_TERM_EXIT);
        vmm_destroy(p);
        return;
    }
    /* The owner: the copies elsewhere map pages of the reference, so they
     * go first. */
    if (remote_copies(p)) {
        kill_remote_copies(p);
        while (remote_copies(p))
            sched_yield();
    }
    if ((p->term_state & (PROCESS_TERM_EXIT | PROCESS_TERM_KILL)) == 0)
        hal_atomic_or(&p->term_state, PROCESS_TERM_EXIT);   /* last thread returned */
    /* Exited joinable threads nobody joined go with the process. */
    release_unjoined(p);
    fd_table_close_all(p);
    usync_destroy_all(p);
    vmm_destroy(p);
    process_image_release(p);          /* after its pages are unmapped */
    process_mapped_release(p);
    reparent_children(p);
}

/* Called by the scheduler once every thread of <p> (owner copy) is freed,
 * kernel stacks included (th_desc down to 0 after the last thread to exit
 * went): <p> becomes a zombie its parent may reap (and free at any time:
 * nothing below touches it after the flag). */
void process_zombie(process_t *p)
{
    xptr_t parent = p->parent_xp;
    hal_fence();
    hal_atomic_or(&p->term_state, PROCESS_TERM_ZOMBIE);
    if (parent != XPTR_NULL) {
        xptr_t waiter = hal_remote_lxp(parent + offsetof(process_t, wait_xp));
        if (waiter != XPTR_NULL)
            thread_unblock(waiter, THREAD_BLOCKED_WAIT);
    }
}

void process_exit(int status)
{
    process_t *p = CURRENT_THREAD->process;
    uint32_t old = p->term_state;
    if ((old & (PROCESS_TERM_EXIT | PROCESS_TERM_KILL)) == 0)
        hal_atomic_cas(&p->term_state, old, PROCESS_TERM_EXIT | (old & ~0xffffu) |
                       ((uint32_t)status & 0xff));
    thread_kill_others(p);
    if (!is_copy(p)) {
        kill_remote_copies(p);
    } else {
        /* The owner ends the process, copies included (this one too). */
        uint64_t args[2] = { p->owner_xp, (uint64_t)(status & 0xff) };
        rpc_post(GET_CXY(p->owner_xp), RPC_PROCESS_MAKE_EXIT, args, 2);
    }
    thread_exit(NULL);
}

/* The wait status of a dead child, POSIX encoding. */
static int wait_status(uint32_t term)
{
    if (term & PROCESS_TERM_KILL)
        return ALMOS_W_SIGNALED((term >> 8) & 0x7f);
    return ALMOS_W_EXITCODE(term & 0xff);
}

int process_wait(int pid, int *status_out, int options)
{
    thread_t *t = CURRENT_THREAD;
    /* The children are the owner's: a thread of a copy in another cluster
     * waits on the owner's list (remote accesses), as one of the owner. */
    xptr_t op = t->process->owner_xp;
    xptr_t wait_xp = op + offsetof(process_t, wait_xp);
    xptr_t self = XPTR(local_cxy, t);
    xptr_t lock = op + offsetof(process_t, children_lock);
    for (;;) {
        /* Announce the wait first: a child dying meanwhile unblocks us.
         * The process has one waiter slot (the seeds' design): a thread
         * that finds another waiter there takes the slot, unblocks that
         * one so it looks again, and both poll (yield instead of sleeping)
         * while they share the process; each slot holder is a thread
         * inside this function (it clears the slot only if still its).
         * Blocked before it is in the slot: a thread taking the slot from
         * us right after must find us blocked, or its unblock would be
         * lost and we would sleep outside the slot, woken by nobody (20
         * threads waiting at once hung: t_forkstorm). */
        xptr_t prev;
        thread_block(self, THREAD_BLOCKED_WAIT);
        do
            prev = hal_remote_lxp(wait_xp);
        while (!hal_remote_atomic_cas64(wait_xp, prev, self));
        bool crowded = prev != XPTR_NULL && prev != self;
        if (crowded)
            thread_unblock(prev, THREAD_BLOCKED_WAIT);
        remote_busylock_acquire(lock);
        bool any = false, stopping = false;
        xptr_t iter;
        XLIST_FOREACH(op + offsetof(process_t, children_root), iter) {
            xptr_t c_xp = XLIST_ELEMENT(iter, process_t, children_list);
            pid_t cpid = hal_remote_l32(c_xp + offsetof(process_t, pid));
            if (pid > 0 && (pid_t)pid != cpid)
                continue;
            /* pid 0: the caller's group; pid < -1: group -pid */
            if (pid == 0 || pid < -1) {
                pid_t g = pid == 0 ? (pid_t)hal_remote_l32(op + offsetof(process_t, pgid))
                                  : (pid_t)-pid;
                if (hal_remote_l32(c_xp + offsetof(process_t, pgid)) != g)
                    continue;
            }
            any = true;
            uint32_t term = hal_remote_l32(c_xp + offsetof(process_t, term_state));
            if ((options & ALMOS_WUNTRACED) && (term & PROCESS_TERM_STOP) &&
                !(term & (PROCESS_TERM_EXIT | PROCESS_TERM_KILL)) &&
                !hal_remote_l32(c_xp + offsetof(process_t, stop_reported))) {
                /* stopped once every thread has reached its stop */
                if (!process_all_blocked(c_xp)) {
                    stopping = true;
                    continue;
                }
                hal_remote_s32(c_xp + offsetof(process_t, stop_reported), 1);
                uint32_t sig = hal_remote_l32(c_xp + offsetof(process_t, stop_sig));
                remote_busylock_release(lock);
                thread_unblock(self, THREAD_BLOCKED_WAIT);
                hal_remote_atomic_cas64(wait_xp, self, XPTR_NULL);
                if (status_out)
                    *status_out = ALMOS_W_STOPPED(sig);
                return (int)cpid;
            }
            bool dead = (term & PROCESS_TERM_ZOMBIE) != 0;
            if (!dead)
                continue;
            xlist_unlink(iter);
            hal_remote_atomic_add(op + offsetof(process_t, children_nr), -1);
            remote_busylock_release(lock);
            thread_unblock(self, THREAD_BLOCKED_WAIT);
            hal_remote_atomic_cas64(wait_xp, self, XPTR_NULL);
            int st = wait_status(term);
            process_reap(c_xp);
            if (status_out)
                *status_out = st;
            return (int)cpid;
        }
        remote_busylock_release(lock);
        if (!any || (options & ALMOS_WNOHANG) || (t->flags & THREAD_FLAG_KILL)) {
            thread_unblock(self, THREAD_BLOCKED_WAIT);
            hal_remote_atomic_cas64(wait_xp, self, XPTR_NULL);
            return any ? 0 : -ECHILD;
        }
        /* A child on its way to a stop wakes nobody when it gets there:
         * look again soon rather than sleep. */
        if (stopping || crowded)
            thread_unblock(self, THREAD_BLOCKED_WAIT);
        sched_yield();
    }
}

/* ---------------------------------------------------------- signals -- */

/* SIGSTOP or SIGCONT to the threads of <p> (any copy) in this cluster:
 * a stop takes effect on the thread's way back to user mode (its core is
 * nudged by an IPI); a continue unblocks it. */
static void signal_local_threads(process_t *p, int sig)
{
    busylock_acquire(&p->th_lock);
    for (int i = 0; i < CONFIG_THREADS_MAX_PER_CLUSTER; i++) {
        thread_t *t = p->th_tbl[i];
        if (t == NULL)
            continue;
        if (sig == ALMOS_SIGSTOP) {
            hal_atomic_or(&t->flags, THREAD_FLAG_STOP);
            thread_unblock(XPTR(local_cxy, t), 0);              /* nudge its core */
        } else {
            hal_atomic_and(&t->flags, ~THREAD_FLAG_STOP);
            thread_unblock(XPTR(local_cxy, t), THREAD_BLOCKED_GLOBAL);
        }
    }
    busylock_release(&p->th_lock);
}

/* args: [0] a copy in this cluster, [1] SIGSTOP or SIGCONT: the owner's
 * signal reaching the threads of the copy.  The copy may have gone since
 * the owner listed it: only a listed one is touched. */
void rpc_process_copy_signal_server(xptr_t desc_xp)
{
    process_t *c = GET_PTR(rpc_arg(desc_xp, 0));
    pmgr_t *pm = &LOCAL_CLUSTER->pmgr;
    xptr_t lock = XPTR(local_cxy, &pm->local_lock), iter;
    bool listed = false;
    remote_busylock_acquire(lock);
    XLIST_FOREACH(XPTR(local_cxy, &pm->local_root), iter)
        listed |= GET_PTR(XLIST_ELEMENT(iter, process_t, local_list)) == (void *)c;
    if (listed)
        signal_local_threads(c, (int)rpc_arg(desc_xp, 1));
    remote_busylock_release(lock);
}

/* The owner <p> sends SIGSTOP or SIGCONT to its copies in other clusters,
 * in parallel (one response counter), and waits until all have done it. */
static void signal_remote_copies(process_t *p, int sig)
{
    xptr_t copy[CONFIG_MAX_CLUSTERS], iter;
    uint32_t n = 0;
    remote_busylock_acquire(copies_lock(p->pid));
    XLIST_FOREACH(copies_root(p->pid), iter) {
        xptr_t c = XLIST_ELEMENT(iter, process_t, copies_list);
        if (GET_CXY(c) != local_cxy && n < CONFIG_MAX_CLUSTERS)
            copy[n++] = c;
    }
    remote_busylock_release(copies_lock(p->pid));
    if (n == 0)
        return;
    rpc_desc_t *desc = kmem_alloc(n * sizeof(*desc), AF_ZERO);
    if (desc == NULL) {                 /* one at a time, then */
        for (uint32_t i = 0; i < n; i++) {
            uint64_t args[2] = { copy[i], (uint64_t)sig };
            rpc_call(GET_CXY(copy[i]), RPC_PROCESS_COPY_SIGNAL, args, 2, NULL);
        }
        return;
    }
    cxy_t cxy[CONFIG_MAX_CLUSTERS];
    for (uint32_t i = 0; i < n; i++) {
        desc[i].index = RPC_PROCESS_COPY_SIGNAL;
        desc[i].args[0] = copy[i];
        desc[i].args[1] = (uint64_t)sig;
        cxy[i] = GET_CXY(copy[i]);
    }
    rpc_send_parallel(desc, cxy, n);
    kmem_free(desc);
}

/* What a signal does by default. */
enum { SIG_ACT_TERM, SIG_ACT_STOP, SIG_ACT_CONT, SIG_ACT_NONE, SIG_ACT_BAD };

static int sig_action(int sig)
{
    switch (sig) {
    case ALMOS_SIGSTOP: case ALMOS_SIGTSTP: case ALMOS_SIGTTIN: case ALMOS_SIGTTOU:
        return SIG_ACT_STOP;
    case ALMOS_SIGCONT:
        return SIG_ACT_CONT;
    case 0: case ALMOS_SIGCHLD: case ALMOS_SIGURG: case ALMOS_SIGWINCH:
        return SIG_ACT_NONE;
    default:
        return sig > 0 && sig < ALMOS_NSIG ? SIG_ACT_TERM : SIG_ACT_BAD;
    }
}

/* Signals a process may not ignore: KILL and STOP, and those of its own
 * faults (it would fault again at once). */
static bool sig_ignorable(int sig)
{
    return sig > 0 && sig < ALMOS_NSIG && sig != ALMOS_SIGKILL && sig != ALMOS_SIGSTOP &&
           sig != ALMOS_SIGSEGV && sig != ALMOS_SIGBUS && sig != ALMOS_SIGILL;
}

/* <sig> to every process of group <pgid>, over all clusters; the caller's
 * own process last (a signal that ends it does not return).  0, or
 * -ESRCH when the group is empty. */
static int kill_group(pid_t pgid, int sig)
{
    pid_t me = CURRENT_THREAD->process->pid;
    bool found = false, self = false;
    for (cxy_t c = 0; c < LOCAL_CLUSTER->clusters_nr; c++)
        for (uint32_t slot = 1; slot < CONFIG_MAX_PROCESS_PER_CLUSTER; slot++) {
            xptr_t pxp = hal_remote_lxp(XPTR(c, &LOCAL_CLUSTER->pmgr.pref_tbl[slot]));
            if (pxp == XPTR_NULL || hal_remote_l32(pxp + offsetof(process_t, pgid)) != pgid)
                continue;
            pid_t pid = hal_remote_l32(pxp + offsetof(process_t, pid));
            found = true;
            if (pid == me)
                self = true;
            else
                process_kill((int)pid, sig);
        }
    if (self)
        process_kill((int)me, sig);
    return found ? 0 : -ESRCH;
}

int process_kill(int pid, int sig)
{
    int act = sig_action(sig);
    if (act == SIG_ACT_BAD)
        return -EINVAL;
    if (pid == 0)
        return kill_group(process_self_pgid(), sig);
    if (pid < -1)
        return kill_group((pid_t)-pid, sig);
    if (pid < 0)
        return -ESRCH;                       /* -1 (everyone): not offered */
    /* init adopts every orphan and powers the machine off at the end of a
     * scripted run: a signal whose default action would end or stop it is
     * refused (Linux ignores them silently; a clear error is better). */
    if ((pid_t)pid == PID(0, 1) && (act == SIG_ACT_TERM || act == SIG_ACT_STOP))
        return -EPERM;
    xptr_t pxp = process_from_pid((pid_t)pid);
    if (pxp == XPTR_NULL)
        return -ESRCH;
    if (GET_CXY(pxp) != local_cxy) {
        /* the owner's cluster does it (the caller is not in <p>) */
        uint64_t args[2] = { (uint64_t)pid, (uint64_t)sig }, out[RPC_ARGS_NR];
        rpc_call(GET_CXY(pxp), RPC_PROCESS_SIGACTION, args, 2, out);
        return (int)(int64_t)out[2];
    }
    process_t *p = GET_PTR(pxp);
    if (p->term_state & (PROCESS_TERM_EXIT | PROCESS_TERM_KILL))
        return 0;                            /* already dying: nothing to do */
    if (sig_ignorable(sig) && (p->sig_ignored & (1u << sig)))
        return 0;
    switch (act) {
    case SIG_ACT_NONE:
        return 0;
    case SIG_ACT_TERM: {
        uint32_t old = p->term_state;
        hal_atomic_cas(&p->term_state, old, (old & ~0xffffu & ~PROCESS_TERM_STOP) |
                       PROCESS_TERM_KILL | ((uint32_t)sig << 8));
        thread_kill_others(p);
        kill_remote_copies(p);
        thread_t *self = CURRENT_THREAD;
        if (self->process == p)
            thread_exit(NULL);
        /* thread_kill_others spares the caller only: kill it too when the
         * caller is not in <p>: done above.  Stopped threads: unblocked. */
        return 0;
    }
    case SIG_ACT_STOP:
        p->stop_sig = (uint32_t)sig;
        p->stop_reported = 0;
        hal_atomic_or(&p->term_state, PROCESS_TERM_STOP);
        signal_local_threads(p, ALMOS_SIGSTOP);
        signal_remote_copies(p, ALMOS_SIGSTOP);
        /* a parent in wait(WUNTRACED) looks at it again */
        if (p->parent_xp != XPTR_NULL) {
            xptr_t waiter = hal_remote_lxp(p->parent_xp + offsetof(process_t, wait_xp));
            if (waiter != XPTR_NULL)
                thread_unblock(waiter, THREAD_BLOCKED_WAIT);
        }
        return 0;
    default:                                 /* SIG_ACT_CONT */
        hal_atomic_and(&p->term_state, ~PROCESS_TERM_STOP);
        p->stop_reported = 0;
        signal_local_threads(p, ALMOS_SIGCONT);
        signal_remote_copies(p, ALMOS_SIGCONT);
        return 0;
    }
}

/* ----------------------------------------------------- job control -- */

/* The calling thread's owner descriptor. */
static xptr_t self_owner(void)
{
    return CURRENT_THREAD->process->owner_xp;
}

pid_t process_self_pgid(void)
{
    return hal_remote_l32(self_owner() + offsetof(process_t, pgid));
}

pid_t process_self_sid(void)
{
    return hal_remote_l32(self_owner() + offsetof(process_t, sid));
}

bool process_self_ignores(int sig)
{
    return sig > 0 && sig < ALMOS_NSIG &&
           (hal_remote_l32(self_owner() + offsetof(process_t, sig_ignored)) & (1u << sig));
}

bool process_group_in_session(pid_t pgid, pid_t sid)
{
    for (cxy_t c = 0; c < LOCAL_CLUSTER->clusters_nr; c++)
        for (uint32_t slot = 1; slot < CONFIG_MAX_PROCESS_PER_CLUSTER; slot++) {
            xptr_t pxp = hal_remote_lxp(XPTR(c, &LOCAL_CLUSTER->pmgr.pref_tbl[slot]));
            if (pxp != XPTR_NULL &&
                hal_remote_l32(pxp + offsetof(process_t, pgid)) == pgid &&
                hal_remote_l32(pxp + offsetof(process_t, sid)) == sid)
                return true;
        }
    return false;
}

/* The owner descriptor of <pid> (0: the caller), or XPTR_NULL. */
static xptr_t owner_of(int pid)
{
    if (pid == 0)
        return self_owner();
    return pid < 0 ? XPTR_NULL : process_from_pid((pid_t)pid);
}

int process_setpgid(int pid, int pgid)
{
    xptr_t me = self_owner();
    pid_t my_pid = hal_remote_l32(me + offsetof(process_t, pid));
    pid_t my_sid = hal_remote_l32(me + offsetof(process_t, sid));
    if (pgid < 0)
        return -EINVAL;
    xptr_t t = owner_of(pid);
    if (t == XPTR_NULL)
        return -ESRCH;
    pid_t t_pid = hal_remote_l32(t + offsetof(process_t, pid));
    /* the caller itself, or one of its children */
    if (t != me && hal_remote_lxp(t + offsetof(process_t, parent_xp)) != me)
        return -ESRCH;
    pid_t t_sid = hal_remote_l32(t + offsetof(process_t, sid));
    if (t_sid != my_sid || t_sid == t_pid)
        return -EPERM;                       /* another session, or its leader */
    if (pgid == 0)
        pgid = (int)t_pid;
    /* a new group named after the process, or one of the same session */
    if ((pid_t)pgid != t_pid && !process_group_in_session((pid_t)pgid, my_sid))
        return -EPERM;
    (void)my_pid;
    hal_remote_s32(t + offsetof(process_t, pgid), (uint32_t)pgid);
    return 0;
}

int process_getpgid(int pid)
{
    xptr_t t = owner_of(pid);
    return t == XPTR_NULL ? -ESRCH : (int)hal_remote_l32(t + offsetof(process_t, pgid));
}

int process_getsid(int pid)
{
    xptr_t t = owner_of(pid);
    return t == XPTR_NULL ? -ESRCH : (int)hal_remote_l32(t + offsetof(process_t, sid));
}

int process_setsid(void)
{
    xptr_t me = self_owner();
    pid_t pid = hal_remote_l32(me + offsetof(process_t, pid));
    /* a group leader may not: its group would span two sessions */
    if (hal_remote_l32(me + offsetof(process_t, pgid)) == pid)
        return -EPERM;
    hal_remote_s32(me + offsetof(process_t, pgid), pid);
    hal_remote_s32(me + offsetof(process_t, sid), pid);
    return (int)pid;
}

int process_signal(int sig, int disposition)
{
    if (!sig_ignorable(sig) || (disposition != ALMOS_SIG_DFL && disposition != ALMOS_SIG_IGN))
        return -EINVAL;
    xptr_t w = self_owner() + offsetof(process_t, sig_ignored);
    uint32_t old = disposition == ALMOS_SIG_IGN ? hal_remote_atomic_or(w, 1u << sig)
                                                : hal_remote_atomic_and(w, ~(1u << sig));
    return (old & (1u << sig)) ? ALMOS_SIG_IGN : ALMOS_SIG_DFL;
}

bool process_all_blocked(xptr_t pxp)
{
    /* Thread tables read without their (local) th_lock: a thread freed
     * meanwhile makes the answer stale, not wrong memory (kmem keeps it
     * mapped); ps and tests poll it. */
    pid_t pid = hal_remote_l32(pxp + offsetof(process_t, pid));
    bool blocked = true, any = false;
    xptr_t iter;
    remote_busylock_acquire(copies_lock(pid));
    XLIST_FOREACH(copies_root(pid), iter) {
        xptr_t c = XLIST_ELEMENT(iter, process_t, copies_list);
        for (int i = 0; i < CONFIG_THREADS_MAX_PER_CLUSTER && blocked; i++) {
            thread_t *t = (thread_t *)hal_remote_lpt(c + offsetof(process_t, th_tbl) +
                                                     i * sizeof(thread_t *));
            if (t == NULL)
                continue;
            any = true;
            if (hal_remote_l32(XPTR(GET_CXY(c), &t->blocked)) == 0)
                blocked = false;
        }
    }
    remote_busylock_release(copies_lock(pid));
    return blocked && any;
}

bool process_stopped(xptr_t pxp)
{
    return (hal_remote_l32(pxp + offsetof(process_t, term_state)) & PROCESS_TERM_STOP) &&
           process_all_blocked(pxp);
}

/* args: [0] pid (owned here), [1] signal -> [2] result of process_kill. */
void rpc_process_sigaction_server(xptr_t desc_xp)
{
    int r = process_kill((int)rpc_arg(desc_xp, 0), (int)rpc_arg(desc_xp, 1));
    rpc_set_arg(desc_xp, 2, (uint64_t)(int64_t)r);
}
