/*
 * vseg.h - virtual segments: the contiguous regions of a user (or kernel)
 * address space, each with one type and one set of access rights.
 *
 * A vseg is registered in the VSL (vseg list) of one process copy; the
 * reference copy's VSL is complete, the other copies hold the vsegs they
 * faulted on.  Bounds are kept both in bytes (min, max) and in pages
 * (vpn_base, vpn_size).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef VSEG_H
#define VSEG_H

#include "hal_kernel_types.h"
#include "xlist.h"

struct vmm_s;

typedef enum {
    VSEG_TYPE_CODE   = 0,   /* private, read/exec, pages of the .elf mapper */
    VSEG_TYPE_DATA   = 1,   /* public, private copies of the .elf + BSS */
    VSEG_TYPE_STACK  = 2,   /* private, one per thread (slot = ltid) */
    VSEG_TYPE_ANON   = 3,   /* public, mmap anonymous, zeroed pages */
    VSEG_TYPE_FILE   = 4,   /* public, mmap of a file: mapper pages shared */
    VSEG_TYPE_REMOTE = 5,   /* public, mmap'ed in a given cluster */
    VSEG_TYPE_KCODE  = 6,   /* kernel */
    VSEG_TYPE_KDATA  = 7,
    VSEG_TYPE_KDEV   = 8,
    VSEG_TYPES_NR
} vseg_type_t;

/* vseg_t.flags */
#define VSEG_USER     0x0001   /* user accessible */
#define VSEG_WRITE    0x0002   /* writable */
#define VSEG_EXEC     0x0004   /* executable */
#define VSEG_CACHE    0x0008   /* cachable */
#define VSEG_PRIVATE  0x0010   /* faults handled locally, never in the reference */
#define VSEG_DISTRIB  0x0020   /* pages spread over clusters (vpn modulo) */
#define VSEG_NOACCESS 0x0040   /* PROT_NONE: every access faults (SIGSEGV) */
#define VSEG_FPRIVATE 0x0080   /* FILE, MAP_PRIVATE: pages are private copies
                                * of the file's, never written back */
#define VSEG_NOWRITE  0x0100   /* FILE, MAP_SHARED of a file not open for
                                * writing: mprotect(PROT_WRITE) is EACCES */

typedef struct vseg_s {
    xlist_entry_t  xlist;        /* entry in the VSL, or in a zombi list */
    struct vmm_s  *vmm;          /* the VMM it belongs to (local pointer) */
    vseg_type_t    type;
    uint32_t       flags;        /* VSEG_* */
    intptr_t       min;          /* first byte */
    intptr_t       max;          /* first byte after the vseg */
    vpn_t          vpn_base;     /* first page */
    vpn_t          vpn_size;     /* number of pages */
    cxy_t          cxy;          /* cluster of the pages (not DISTRIB) */
    uint32_t       file_offset;  /* CODE, DATA, FILE: byte offset in the file */
    uint32_t       file_size;    /* DATA: bytes from the file, rest is BSS */
    xptr_t         mapper_xp;    /* CODE, DATA, FILE: the file's mapper */
} vseg_t;

/* Name of a vseg type, for messages. */
const char *vseg_type_str(vseg_type_t type);

/* Allocates a zeroed vseg descriptor in the local cluster, or NULL. */
vseg_t *vseg_alloc(void);

/* Releases a local vseg descriptor. */
void vseg_free(vseg_t *vseg);

/* Initialises <vseg> of <type> covering bytes [base, base + size), rounded
 * out to whole pages; sets the flags of the type.  <cxy> is the cluster
 * of its pages (ignored for DISTRIB types). */
void vseg_init(vseg_t *vseg, vseg_type_t type, intptr_t base, uint64_t size,
               vpn_t vpn_base, vpn_t vpn_size, uint32_t file_offset,
               uint32_t file_size, xptr_t mapper_xp, cxy_t cxy);

/* Copies into the local <vseg> the descriptor found at <ref_xp> (in any
 * cluster); the list entry and vmm pointer are not copied. */
void vseg_init_from_ref(vseg_t *vseg, xptr_t ref_xp);

/* Cluster holding page <vpn> of <vseg>: vseg->cxy, or for a DISTRIB vseg
 * a cluster chosen from the vpn among <clusters_nr>. */
cxy_t vseg_page_cxy(const vseg_t *vseg, vpn_t vpn, uint32_t clusters_nr);

#endif
