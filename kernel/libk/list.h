/*
 * list.h - intrusive, circular, doubly linked lists of local objects.
 *
 * A list_entry_t is embedded in each linked object; the root is a
 * list_entry_t too, linked to itself when the list is empty, so insertion
 * and removal never test for the ends.  For objects that must be linked
 * across clusters use xlist.h instead.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef LIST_H
#define LIST_H

#include <stddef.h>
#include <stdbool.h>

typedef struct list_entry_s {
    struct list_entry_s *next;
    struct list_entry_s *pred;
} list_entry_t;

/* The object of type <type> containing the list_entry_t <member> at <entry>. */
#define LIST_ELEMENT(entry, type, member) \
    ((type *)((char *)(entry) - offsetof(type, member)))

/* Iterates <iter> over every entry of <root>; do not unlink <iter> inside. */
#define LIST_FOREACH(root, iter) \
    for ((iter) = (root)->next; (iter) != (root); (iter) = (iter)->next)

/* Same, safe against unlinking <iter>: <tmp> holds the next entry. */
#define LIST_FOREACH_SAFE(root, iter, tmp) \
    for ((iter) = (root)->next, (tmp) = (iter)->next; (iter) != (root); \
         (iter) = (tmp), (tmp) = (iter)->next)

/* Makes <root> an empty list. */
static inline void list_root_init(list_entry_t *root)
{
    root->next = root;
    root->pred = root;
}

/* Marks <entry> as linked nowhere (both links NULL). */
static inline void list_entry_init(list_entry_t *entry)
{
    entry->next = NULL;
    entry->pred = NULL;
}

/* True when <root> has no entry. */
static inline bool list_is_empty(const list_entry_t *root)
{
    return root->next == root;
}

/* Links <entry> between <pred> and <next> (internal). */
static inline void list_link_between(list_entry_t *entry,
                                     list_entry_t *pred, list_entry_t *next)
{
    entry->next = next;
    entry->pred = pred;
    next->pred = entry;
    pred->next = entry;
}

/* Inserts <entry> at the head of <root>. */
static inline void list_add_first(list_entry_t *root, list_entry_t *entry)
{
    list_link_between(entry, root, root->next);
}

/* Inserts <entry> at the tail of <root>. */
static inline void list_add_last(list_entry_t *root, list_entry_t *entry)
{
    list_link_between(entry, root->pred, root);
}

/* Removes <entry> from its list and leaves it unlinked. */
static inline void list_unlink(list_entry_t *entry)
{
    entry->pred->next = entry->next;
    entry->next->pred = entry->pred;
    list_entry_init(entry);
}

/* First entry of <root>, or NULL when empty. */
static inline list_entry_t *list_first(const list_entry_t *root)
{
    return list_is_empty(root) ? NULL : root->next;
}

/* Last entry of <root>, or NULL when empty. */
static inline list_entry_t *list_last(const list_entry_t *root)
{
    return list_is_empty(root) ? NULL : root->pred;
}

/* Entry after <current> in <root>, or NULL at the end. */
static inline list_entry_t *list_next(const list_entry_t *root,
                                      const list_entry_t *current)
{
    return current->next == root ? NULL : current->next;
}

/* Entry before <current> in <root>, or NULL at the start. */
static inline list_entry_t *list_pred(const list_entry_t *root,
                                      const list_entry_t *current)
{
    return current->pred == root ? NULL : current->pred;
}

#endif
