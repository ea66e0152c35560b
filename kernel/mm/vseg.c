/*
 * vseg.c - virtual segment descriptors.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_kernel_types.h"
#include "hal_remote.h"
#include "kernel_config.h"
#include "kmem.h"
#include "vseg.h"

const char *vseg_type_str(vseg_type_t type)
{
    static const char *const names[VSEG_TYPES_NR] = {
        [VSEG_TYPE_CODE] = "CODE", [VSEG_TYPE_DATA] = "DATA",
        [VSEG_TYPE_STACK] = "STACK", [VSEG_TYPE_ANON] = "ANON",
        [VSEG_TYPE_FILE] = "FILE", [VSEG_TYPE_REMOTE] = "REMOTE",
        [VSEG_TYPE_KCODE] = "KCODE", [VSEG_TYPE_KDATA] = "KDATA",
        [VSEG_TYPE_KDEV] = "KDEV",
    };
    return ((unsigned)type < VSEG_TYPES_NR) ? names[type] : "?";
}

vseg_t *vseg_alloc(void)
{
    return kmem_alloc(sizeof(vseg_t), AF_ZERO);
}

void vseg_free(vseg_t *vseg)
{
    kmem_free(vseg);
}

/* Access rights and placement policy of each type. */
static uint32_t vseg_type_flags(vseg_type_t type)
{
    switch (type) {
    case VSEG_TYPE_CODE:   return VSEG_USER | VSEG_EXEC | VSEG_CACHE | VSEG_PRIVATE;
    case VSEG_TYPE_DATA:   return VSEG_USER | VSEG_WRITE | VSEG_CACHE | VSEG_DISTRIB;
    case VSEG_TYPE_STACK:  return VSEG_USER | VSEG_WRITE | VSEG_CACHE | VSEG_PRIVATE;
    case VSEG_TYPE_ANON:   return VSEG_USER | VSEG_WRITE | VSEG_CACHE | VSEG_DISTRIB;
    case VSEG_TYPE_FILE:   return VSEG_USER | VSEG_WRITE | VSEG_CACHE;
    case VSEG_TYPE_REMOTE: return VSEG_USER | VSEG_WRITE | VSEG_CACHE;
    case VSEG_TYPE_KCODE:  return VSEG_EXEC | VSEG_CACHE | VSEG_PRIVATE;
    case VSEG_TYPE_KDATA:  return VSEG_WRITE | VSEG_CACHE | VSEG_PRIVATE;
    case VSEG_TYPE_KDEV:   return VSEG_WRITE | VSEG_PRIVATE;
    default:               return 0;
    }
}

void vseg_init(vseg_t *vseg, vseg_type_t type, intptr_t base, uint64_t size,
               vpn_t vpn_base, vpn_t vpn_size, uint32_t file_offset,
               uint32_t file_size, xptr_t mapper_xp, cxy_t cxy)
{
    vseg->type        = type;
    vseg->flags       = vseg_type_flags(type);
    vseg->min         = base;
    vseg->max         = base + (intptr_t)size;
    vseg->vpn_base    = vpn_base;
    vseg->vpn_size    = vpn_size;
    vseg->cxy         = cxy;
    vseg->file_offset = file_offset;
    vseg->file_size   = file_size;
    vseg->mapper_xp   = mapper_xp;
    vseg->vmm         = NULL;
}

void vseg_init_from_ref(vseg_t *vseg, xptr_t ref_xp)
{
    /* field by field: the caller's stack is not always in the window */
#define REF(f) (ref_xp + offsetof(vseg_t, f))
    vseg->type        = (vseg_type_t)hal_remote_l32(REF(type));
    vseg->flags       = hal_remote_l32(REF(flags));
    vseg->min         = (intptr_t)hal_remote_l64(REF(min));
    vseg->max         = (intptr_t)hal_remote_l64(REF(max));
    vseg->vpn_base    = hal_remote_l64(REF(vpn_base));
    vseg->vpn_size    = hal_remote_l64(REF(vpn_size));
    vseg->cxy         = hal_remote_l32(REF(cxy));
    vseg->file_offset = hal_remote_l32(REF(file_offset));
    vseg->file_size   = hal_remote_l32(REF(file_size));
    vseg->mapper_xp   = hal_remote_lxp(REF(mapper_xp));
    vseg->vmm         = NULL;
#undef REF
}

cxy_t vseg_page_cxy(const vseg_t *vseg, vpn_t vpn, uint32_t clusters_nr)
{
    if ((vseg->flags & VSEG_DISTRIB) && clusters_nr > 1)
        return (cxy_t)(vpn % clusters_nr);
    return vseg->cxy;
}
