/*
 * xlist.h - circular doubly linked lists whose links are extended pointers.
 *
 * The root and the entries may live in any cluster, and each may be in a
 * different one: every access goes through hal_remote_*, so a list rooted
 * in cluster A can link objects of clusters B and C.  An empty root points
 * to itself.  There is no locking here: the caller protects the list (for
 * instance with a remote_busylock living next to the root).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef XLIST_H
#define XLIST_H

#include <stddef.h>
#include "hal_kernel_types.h"

typedef struct xlist_entry_s {
    xptr_t next;
    xptr_t pred;
} xlist_entry_t;

/* Extended pointer on the object of type <type> whose xlist_entry_t member
 * <member> is at <entry_xp> (same cluster, smaller offset). */
#define XLIST_ELEMENT(entry_xp, type, member) \
    ((xptr_t)(entry_xp) - offsetof(type, member))

/* Iterates <iter_xp> over every entry of the list rooted at <root_xp>;
 * do not unlink <iter_xp> inside the loop. */
#define XLIST_FOREACH(root_xp, iter_xp) \
    for ((iter_xp) = xlist_next((root_xp), (root_xp)); (iter_xp) != XPTR_NULL; \
         (iter_xp) = xlist_next((root_xp), (iter_xp)))

/* Makes the root at <root_xp> an empty list. */
void xlist_root_init(xptr_t root_xp);

/* Marks the entry at <entry_xp> as linked nowhere (both links XPTR_NULL). */
void xlist_entry_init(xptr_t entry_xp);

/* Inserts <entry_xp> at the head of the list rooted at <root_xp>. */
void xlist_add_first(xptr_t root_xp, xptr_t entry_xp);

/* Inserts <entry_xp> at the tail of the list rooted at <root_xp>. */
void xlist_add_last(xptr_t root_xp, xptr_t entry_xp);

/* Removes <entry_xp> from its list and leaves it unlinked. */
void xlist_unlink(xptr_t entry_xp);

/* Puts <new_xp> in the place of <old_xp> (which is left unlinked). */
void xlist_replace(xptr_t old_xp, xptr_t new_xp);

/* True when the list rooted at <root_xp> has no entry. */
bool xlist_is_empty(xptr_t root_xp);

/* Entry after <current_xp> (the root itself for the first entry), or
 * XPTR_NULL at the end. */
xptr_t xlist_next(xptr_t root_xp, xptr_t current_xp);

/* Entry before <current_xp> (the root itself for the last entry), or
 * XPTR_NULL at the start. */
xptr_t xlist_pred(xptr_t root_xp, xptr_t current_xp);

/* First / last entry of the list, or XPTR_NULL when empty. */
xptr_t xlist_first(xptr_t root_xp);
xptr_t xlist_last(xptr_t root_xp);

#endif
