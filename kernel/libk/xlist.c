/*
 * xlist.c - lists linked by extended pointers (see xlist.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "xlist.h"
#include "hal_remote.h"

/* Extended pointers on the two links of the entry at <xp>. */
#define NEXT_XP(xp) ((xp) + offsetof(xlist_entry_t, next))
#define PRED_XP(xp) ((xp) + offsetof(xlist_entry_t, pred))

void xlist_root_init(xptr_t root_xp)
{
    hal_remote_sxp(NEXT_XP(root_xp), root_xp);
    hal_remote_sxp(PRED_XP(root_xp), root_xp);
}

void xlist_entry_init(xptr_t entry_xp)
{
    hal_remote_sxp(NEXT_XP(entry_xp), XPTR_NULL);
    hal_remote_sxp(PRED_XP(entry_xp), XPTR_NULL);
}

/* Links <entry_xp> between the adjacent <pred_xp> and <next_xp>. */
static void xlist_link_between(xptr_t entry_xp, xptr_t pred_xp, xptr_t next_xp)
{
    hal_remote_sxp(NEXT_XP(entry_xp), next_xp);
    hal_remote_sxp(PRED_XP(entry_xp), pred_xp);
    hal_remote_sxp(PRED_XP(next_xp), entry_xp);
    hal_remote_sxp(NEXT_XP(pred_xp), entry_xp);
}

void xlist_add_first(xptr_t root_xp, xptr_t entry_xp)
{
    xlist_link_between(entry_xp, root_xp, hal_remote_lxp(NEXT_XP(root_xp)));
}

void xlist_add_last(xptr_t root_xp, xptr_t entry_xp)
{
    xlist_link_between(entry_xp, hal_remote_lxp(PRED_XP(root_xp)), root_xp);
}

void xlist_unlink(xptr_t entry_xp)
{
    xptr_t next_xp = hal_remote_lxp(NEXT_XP(entry_xp));
    xptr_t pred_xp = hal_remote_lxp(PRED_XP(entry_xp));

    hal_remote_sxp(NEXT_XP(pred_xp), next_xp);
    hal_remote_sxp(PRED_XP(next_xp), pred_xp);
    xlist_entry_init(entry_xp);
}

void xlist_replace(xptr_t old_xp, xptr_t new_xp)
{
    xptr_t next_xp = hal_remote_lxp(NEXT_XP(old_xp));
    xptr_t pred_xp = hal_remote_lxp(PRED_XP(old_xp));

    xlist_link_between(new_xp, pred_xp, next_xp);
    xlist_entry_init(old_xp);
}

bool xlist_is_empty(xptr_t root_xp)
{
    return hal_remote_lxp(NEXT_XP(root_xp)) == root_xp;
}

xptr_t xlist_next(xptr_t root_xp, xptr_t current_xp)
{
    xptr_t next_xp = hal_remote_lxp(NEXT_XP(current_xp));
    return next_xp == root_xp ? XPTR_NULL : next_xp;
}

xptr_t xlist_pred(xptr_t root_xp, xptr_t current_xp)
{
    xptr_t pred_xp = hal_remote_lxp(PRED_XP(current_xp));
    return pred_xp == root_xp ? XPTR_NULL : pred_xp;
}

xptr_t xlist_first(xptr_t root_xp)
{
    return xlist_next(root_xp, root_xp);
}

xptr_t xlist_last(xptr_t root_xp)
{
    return xlist_pred(root_xp, root_xp);
}
