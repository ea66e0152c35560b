/*
 * vmm.h - the virtual memory manager of a process copy.
 *
 * Each process copy has a VMM holding:
 * - its VSL (vseg list), an xlist protected by a remote_rwlock, complete in
 *   the reference copy and filled on demand elsewhere;
 * - its GPT (generic page table), complete in the reference copy and
 *   filled on demand elsewhere (false page faults);
 * - the STACK allocator (used in the reference only): one slot of
 *   CONFIG_VMM_STACK_SIZE pages per thread of the process in the STACK
 *   zone, so that stack addresses are unique in the process, the first
 *   page of each slot left unmapped as a guard against stack overflow;
 * - the MMAP allocator for ANON, FILE and REMOTE vsegs in the HEAP zone:
 *   power-of-two sizes, a first free vpn that only grows, and one zombi
 *   list per size order where released vsegs wait to be reused.
 *
 * Copies and the reference.  The reference copy owns the complete VSL and
 * GPT: mmap and munmap are done there (RPC_VMM_MMAP / RPC_VMM_MUNMAP when
 * the caller's copy is elsewhere, because the MMAP allocator and the vseg
 * descriptors are local objects of the reference's cluster).  A change is
 * then propagated to the other copies by remote accesses, not by RPC: the
 * reference holds its VSL write lock for the whole change, walks the
 * copies list and, for each copy, write-locks its VSL, unlinks the vsegs
 * concerned and unmaps the range from its GPT (one shootdown per copy and
 * range); only then are the pages released.  Remote accesses because the
 * change must be atomic with respect to the faults of every copy: an RPC
 * per copy would have to keep the reference locked across round trips to
 * servers that may all be busy, while the remote stores cost a few
 * hundred cycles and never wait for another cluster's scheduler (as the
 * seed's r632 did, replacing its RPCs by remote accesses).  The same goes
 * for a copy fetching a vseg (done under the reference's VSL read lock)
 * and for COW updates of a PTE in every copy (under the reference PTE's
 * lock).  Lock order: reference VSL, copies list lock, a copy's VSL, a
 * PTE lock (local before reference); no holder of a VSL or PTE lock
 * blocks, it only spins.  So a thread's exit (its STACK leaves every
 * copy) and a fault on another cluster's stack take the reference's VSL
 * before the copies lock, a COW fault takes the copies lock before the
 * reference PTE, and fork copies each PTE of the parent under its lock.
 *
 * Page faults: a fault on a private vseg (CODE, STACK) is served locally;
 * on a public vseg it is "false" when the reference GPT maps the page (the
 * PTE is copied) and "true" otherwise (the page is mapped in the reference
 * GPT, then locally).  A CODE page is mapped from a local replica in a
 * cluster other than the page cache's (instruction fetches stay in the
 * cluster; process_stats_t.pf_code_replica counts them).  Fork is
 * copy-on-write: vmm_fork_copy() counts a pending fork in every page the
 * child shares (page_t.forks), and vmm_handle_cow() copies a page while
 * that counter is non-zero; the copier counts its fork down only once no
 * PTE of its process maps the old page any more, so a sharer that finds
 * the counter at zero may write in place.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef VMM_H
#define VMM_H

#include "hal_kernel_types.h"
#include "kernel_config.h"
#include "hal_gpt.h"
#include "bits.h"
#include "xlist.h"
#include "busylock.h"
#include "remote_rwlock.h"
#include "remote_busylock.h"
#include "vseg.h"

struct process_s;

/* What a page-fault or COW handler tells the trap handler. */
typedef enum {
    EXCP_NON_FATAL    = 0,   /* handled: return to the faulting code */
    EXCP_USER_ERROR   = 1,   /* bad access: kill the process (SIGSEGV) */
    EXCP_KERNEL_PANIC = 2,   /* kernel inconsistency */
} excp_result_t;

/* The UTILS zone holds the "args" vseg, then the "envs" vseg (pages). */
#define VMM_ARGS_PAGES   8
#define VMM_ENVS_PAGES   (CONFIG_VMM_UTILS_SIZE - VMM_ARGS_PAGES)

/* Most vsegs in one process copy: each mmap, page fault and munmap scans
 * the VSL, so its length bounds their cost (and the kernel memory a user
 * can take with descriptors); an mmap or a cut past it fails with ENOMEM,
 * as POSIX allows for "too many mappings". */
#define VMM_VSEGS_MAX    1024

/* Number of MMAP zombi lists: one per order of size in pages. */
#define VMM_MMAP_ORDERS  32

/* STACK slots: one per (cluster, ltid) pair of the process. */
#define VMM_STACK_SLOTS  (CONFIG_MAX_CLUSTERS * CONFIG_THREADS_MAX_PER_CLUSTER)

/* STACK zone allocator, used in the reference copy only (by every copy,
 * through remote accesses): slot i = [vpn_base + i * CONFIG_VMM_STACK_SIZE,
 * ...), preferably i = cxy * CONFIG_THREADS_MAX_PER_CLUSTER + ltid for the
 * thread of that ltid in that cluster. */
typedef struct stack_mgr_s {
    remote_busylock_t lock;
    vpn_t       vpn_base;    /* first page of the STACK zone */
    bitmap_t    bitmap[BITMAP_WORDS(VMM_STACK_SLOTS)];
} stack_mgr_t;

/* MMAP zone allocator (used in the reference copy only). */
typedef struct mmap_mgr_s {
    busylock_t     lock;
    vpn_t          vpn_base;        /* first page of the zone */
    vpn_t          vpn_size;        /* pages in the zone */
    vpn_t          first_free_vpn;  /* never decreases */
    xlist_entry_t  zombi_list[VMM_MMAP_ORDERS];  /* released vsegs, by order */
} mmap_mgr_t;

typedef struct vmm_s {
    remote_rwlock_t  vsl_lock;       /* protects the VSL */
    xlist_entry_t    vsegs_root;     /* the VSL */
    uint32_t         vsegs_nr;
    struct vseg_s   *vsl_hint;       /* the vseg the last lookup found, or
                                        NULL (VSL lock held to use it) */

    remote_rwlock_t  gpt_lock;       /* protects the GPT structure */
    gpt_t            gpt;

    stack_mgr_t      stack_mgr;
    mmap_mgr_t       mmap_mgr;

    vpn_t            args_vpn_base;  /* args vseg first page */
    vpn_t            envs_vpn_base;  /* envs vseg first page */
    vpn_t            code_vpn_base;  /* code vseg first page */
    vpn_t            data_vpn_base;  /* data vseg first page */
    vpn_t            heap_vpn_base;  /* MMAP zone first page */
    intptr_t         entry_point;    /* main thread entry */

    uint32_t         pgfault_nr;     /* page faults handled in this copy */
    uint32_t         cow_nr;         /* COW faults handled in this copy */
    uint32_t         mapped_nr;      /* pages mapped by this copy's faults */
} vmm_t;

/* Initialises the VMM of a new local user <process>: creates its GPT with
 * the kernel half when vmm.gpt.ptr is NULL (zeroed descriptor), the VSL
 * and its lock, the "args" and "envs" vsegs
 * of the UTILS zone, the STACK and MMAP allocators, the zone bases.  CODE
 * and DATA come from the ELF loader, STACK vsegs from thread creation,
 * ANON/FILE/REMOTE from mmap.  Returns 0 or -ENOMEM. */
error_t vmm_user_init(struct process_s *process);

/* Prepares the VMM of a process copy in a non-reference cluster: empty VSL
 * (vsegs come from the reference on demand), allocators, a GPT with the
 * kernel half.  0 or -ENOMEM. */
error_t vmm_copy_init(struct process_s *process);

/* Removes every user vseg of the local <process> (before exec), with
 * their PTEs and pages; the allocators are reset, kernel vsegs kept. */
void vmm_user_reset(struct process_s *process);

/* Fork: copies into the local <child> the VMM of the parent whose forking
 * thread runs in the process copy at <parent_process_xp> (the reference or
 * another copy, any cluster): DATA, ANON, REMOTE, FILE, CODE vsegs are
 * registered from the parent's reference; PTEs of DATA, ANON, REMOTE and
 * FILE are copied (DATA/ANON/REMOTE and MAP_PRIVATE FILE read-only + COW
 * when writable; the page's refcount counts the child); CODE PTEs are left
 * to faults; of the STACK vsegs only the forking thread's (the one holding
 * address <fork_stack>, in its own copy) is copied, as DATA is; the kernel
 * half comes from hal_vmm_kernel_update().  Runs in the child's cluster,
 * which may be any.  Returns 0 or -ENOMEM. */
error_t vmm_fork_copy(struct process_s *child, xptr_t parent_process_xp, intptr_t fork_stack);

/* Fork, by a thread of the local copy <process> of the parent (any copy):
 * every writable mapped PTE of the reference's DATA, ANON, REMOTE and
 * MAP_PRIVATE FILE vsegs becomes read-only + COW in every GPT copy
 * (remote accesses), and so do those of the calling thread's STACK in its
 * own copy (the pending forks were counted by vmm_fork_copy). */
void vmm_set_cow(struct process_s *process);

/* Rewrites PTE <vpn> to <attr>/<ppn> in every GPT copy of the process
 * whose reference copy is the local <process> (unmapped copies are left
 * alone). */
void vmm_global_update_pte(struct process_s *process, vpn_t vpn,
                           uint32_t attr, ppn_t ppn);

/* Deletes everything of the local <process> VMM: all vsegs (pages
 * released as their type says), zombi vsegs, the GPT tables. */
void vmm_destroy(struct process_s *process);

/* Pages mapped in the user vsegs of the process copy at <process_xp> (any
 * cluster; for the reference: every shared page and its own threads'
 * stacks); 0 once its VMM is destroyed. */
uint64_t vmm_resident_pages(xptr_t process_xp);

/* Returns a vseg of the local <process> intersecting pages
 * [base, base + size), or NULL. */
vseg_t *vmm_check_conflict(struct process_s *process, vpn_t base, vpn_t size);

/* Creates and registers in the local <process> (its reference copy) a vseg
 * of <type>: ANON, FILE and REMOTE take their place from the MMAP
 * allocator (<base> ignored), STACK from the STACK allocator (<base> is the
 * thread's ltid, <size> ignored), others are at [base, base + size).
 * file_offset/file_size/mapper_xp describe CODE, DATA and FILE contents;
 * <cxy> is the cluster of the pages (REMOTE, or non distributed types).
 * Does not touch the GPT.  Returns the vseg, or NULL (no memory, no space,
 * conflict). */
vseg_t *vmm_create_vseg(struct process_s *process, vseg_type_t type,
                        intptr_t base, uint64_t size, uint32_t file_offset,
                        uint32_t file_size, xptr_t mapper_xp, cxy_t cxy);

/* Removes <vseg> from the local <process>: unmaps its PTEs and releases
 * the pages this copy owns (refcount), unlinks it; ANON/REMOTE go to a
 * zombi list, STACK returns its slot, others are freed.  Takes the VSL
 * lock itself. */
void vmm_remove_vseg(struct process_s *process, vseg_t *vseg);

/* mmap from any copy of a process: a vseg of the MMAP <type> (ANON, FILE,
 * REMOTE) is made in the reference copy (RPC_VMM_MMAP when the reference
 * is in another cluster: its MMAP allocator and complete VSL are there);
 * <flags> are VSEG_WRITE / VSEG_EXEC / VSEG_NOACCESS / VSEG_FPRIVATE as
 * prot and the MAP_ flags say, and replace the type's rights.  The other
 * copies fetch the vseg on their first fault in it.  Returns 0 and the
 * first byte in <addr>, or -ENOMEM / -EINVAL. */
error_t vmm_mmap(struct process_s *process, vseg_type_t type, uint64_t size,
                 uint32_t file_offset, uint32_t file_size, xptr_t mapper_xp,
                 cxy_t cxy, uint32_t flags, intptr_t *addr);

/* munmap from any copy of a process, in the reference copy
 * (RPC_VMM_MUNMAP when it is in another cluster): vmm_resize_vseg() on
 * every vseg part in [base, base + size), holes allowed (POSIX); 0, or
 * -EINVAL when a STACK, CODE or kernel vseg meets the range (then nothing
 * changes). */
error_t vmm_munmap(struct process_s *process, intptr_t base, intptr_t size);

/* mprotect in the local <process>, the reference copy: pages [base,
 * base + size), inside one vseg, get the rights of <flags> (VSEG_WRITE,
 * VSEG_EXEC, VSEG_NOACCESS); the vseg is split at the range's ends when
 * needed.  Every other copy forgets the vseg and the range's PTEs (they
 * fault them back with the new rights); the reference's PTEs are
 * rewritten (COW ones stay read-only), one shootdown per GPT.  Returns 0,
 * -EINVAL (unaligned, a STACK/CODE/kernel vseg), -ENOMEM (range not in
 * one vseg, no memory), -EACCES (writable shared mapping of a file not
 * open for writing). */
error_t vmm_protect_vseg(struct process_s *process, intptr_t base, intptr_t size,
                         uint32_t flags);

/* mprotect from any copy: vmm_protect_vseg() in the reference
 * (RPC_VMM_MPROTECT when it is in another cluster). */
error_t vmm_mprotect(struct process_s *process, intptr_t base, intptr_t size, uint32_t flags);

/* Removes the vseg containing <vaddr> from the local copy of process
 * <pid>.  Returns 0, -ESRCH (no local copy) or -EINVAL (no vseg). */
error_t vmm_delete_vseg(uint32_t pid, intptr_t vaddr);

/* Unmaps bytes [base, base + size) of the local <process>, the reference
 * copy (munmap): the whole vseg, one end of it, or its middle (the vseg is
 * cut in two: a new vseg holds the upper part).  Every other copy first
 * forgets the vseg and the range's PTEs (one shootdown per copy), then the
 * reference unmaps the range (one shootdown) and releases its pages.
 * Returns 0, -EINVAL (range not inside one vseg, or a STACK, CODE or
 * kernel vseg) or -ENOMEM. */
error_t vmm_resize_vseg(struct process_s *process, intptr_t base, intptr_t size);

/* The vseg of the local VSL of <vmm> containing <vaddr>, or NULL.  Takes
 * the VSL lock in read mode. */
vseg_t *vmm_vseg_from_vaddr(vmm_t *vmm, intptr_t vaddr);

/* The vseg of the local <process> containing <vaddr>; when missing
 * locally, it is copied from the reference VSL.  Returns 0, or -EINVAL
 * when no vseg contains vaddr, -ENOMEM. */
error_t vmm_get_vseg(struct process_s *process, intptr_t vaddr, vseg_t **vseg);

/* Provides a physical page for <vpn> of <vseg> as its type says (mapper
 * page for FILE, and for CODE in the page cache's cluster, a local replica
 * of it for CODE elsewhere; private copy + BSS for DATA and MAP_PRIVATE
 * FILE; zeroed page otherwise)
 * and returns its ppn.  The caller owns one reference on it.  Returns 0 or
 * -ENOMEM / -EINVAL. */
error_t vmm_get_one_ppn(vseg_t *vseg, vpn_t vpn, ppn_t *ppn);

/* Page fault on unmapped page <vpn> of the local <process>. */
excp_result_t vmm_handle_page_fault(struct process_s *process, vpn_t vpn);

/* Write fault on mapped page <vpn> with GPT_COW, local <process>. */
excp_result_t vmm_handle_cow(struct process_s *process, vpn_t vpn);

/* The reference's vseg holding <vaddr> (RPC_VMM_GET_VSEG when the
 * reference is remote).  0 or -EINVAL. */
error_t vmm_ref_get_vseg(xptr_t ref_process_xp, intptr_t vaddr, xptr_t *vseg_xp);

#endif
