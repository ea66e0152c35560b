/*
 * hal_vmm.c - the RISC-V part of the VMM: sharing the kernel half of the
 * address space with every user GPT, and a display helper.
 *
 * The kernel windows (LOCAL, REMOTE, DEVICE) are built at boot in each
 * cluster's kernel table and never change; they sit in root entries
 * 256..511, so a user GPT shares them by copying those root entries: its
 * intermediate tables are the kernel's, never freed by hal_gpt_destroy.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_kernel_types.h"
#include "hal_gpt.h"
#include "hal_vmm.h"
#include "hal_remote.h"
#include "sv39.h"
#include "process.h"
#include "vseg.h"
#include "vmm.h"
#include "printk.h"
#include "errno.h"

error_t hal_vmm_kernel_update(struct process_s *process)
{
    gpt_t *gpt = &process->vmm.gpt;
    ppn_t kppn;
    void *kroot = hal_gpt_kernel_root(&kppn);
    const size_t half = (SV39_ENTRIES / 2) * sizeof(uint64_t);

    if (gpt->ptr == NULL)
        return -EINVAL;
    if (kroot == NULL)      /* host HAL without a kernel table: nothing to share */
        return 0;
    hal_remote_memcpy(XPTR(local_cxy, (char *)gpt->ptr + half),
                      XPTR(local_cxy, (char *)kroot + half), half);
    return 0;
}

void hal_vmm_display(struct process_s *process, bool mapping)
{
    vmm_t *vmm = &process->vmm;
    xptr_t root_xp = XPTR(local_cxy, &vmm->vsegs_root);
    xptr_t lock_xp = XPTR(local_cxy, &vmm->vsl_lock);
    xptr_t gpt_xp  = XPTR(local_cxy, &vmm->gpt);
    xptr_t iter_xp;

    printk("vmm of process %x in cluster %x: %u vsegs\n",
           process->pid, local_cxy, vmm->vsegs_nr);
    remote_rwlock_rd_acquire(lock_xp);
    XLIST_FOREACH(root_xp, iter_xp) {
        vseg_t *vseg = GET_PTR(XLIST_ELEMENT(iter_xp, vseg_t, xlist));
        printk("  %s vpn [%lx, %lx)\n", vseg_type_str(vseg->type),
               (unsigned long)vseg->vpn_base,
               (unsigned long)(vseg->vpn_base + vseg->vpn_size));
        if (!mapping)
            continue;
        for (vpn_t vpn = vseg->vpn_base; vpn < vseg->vpn_base + vseg->vpn_size; vpn++) {
            uint32_t attr;
            ppn_t ppn;
            hal_gpt_get_pte(gpt_xp, vpn, &attr, &ppn);
            if (attr & GPT_MAPPED)
                printk("    vpn %lx -> ppn %lx attr %x\n", (unsigned long)vpn,
                       (unsigned long)ppn, attr);
        }
    }
    remote_rwlock_rd_release(lock_xp);
}
