/*
 * fdt.h - a small, bounds-checked reader of flattened device trees.
 *
 * Why our own: Debian packages libfdt only as a host library; the kernel
 * needs a reader that runs freestanding, before the MMU is on (no absolute
 * addresses in data, no allocation), and that never trusts the blob:
 * fdt_check() validates the header and walks the whole structure block
 * once, so later look-ups may assume well-formed tokens, but every look-up
 * still checks its bounds.
 *
 * Nodes are named by their offset in the structure block (>= 0); negative
 * values are FDT_ERR_* codes.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef FDT_H
#define FDT_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define FDT_MAGIC       0xd00dfeed
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

#define FDT_ERR_NOTFOUND   -1
#define FDT_ERR_BADMAGIC   -2
#define FDT_ERR_BADVERSION -3
#define FDT_ERR_TRUNCATED  -4
#define FDT_ERR_BADLAYOUT  -5
#define FDT_ERR_BADSTRUCT  -6
#define FDT_ERR_BADVALUE   -7

#define FDT_MAX_DEPTH      32

/* Big-endian accessors (the blob's byte order). */
static inline uint32_t fdt32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}
static inline uint64_t fdt64(const void *p)
{
    return (uint64_t)fdt32(p) << 32 | fdt32((const uint8_t *)p + 4);
}

/* Validates the blob at <fdt>, at most <max_size> bytes readable: header,
 * block bounds, every token, name and property.  Returns 0 or FDT_ERR_*. */
int fdt_check(const void *fdt, size_t max_size);
/* A short text for an FDT_ERR_* code. */
const char *fdt_strerror(int err);
/* Total size recorded in the header (valid after fdt_check). */
uint32_t fdt_totalsize(const void *fdt);

/* Root node offset. */
int fdt_root(const void *fdt);
/* First child of <node>, next sibling of <node>: offset or FDT_ERR_NOTFOUND. */
int fdt_first_child(const void *fdt, int node);
int fdt_next_sibling(const void *fdt, int node);
/* Name of <node> ("" for the root), with its unit address ("cpu@0"). */
const char *fdt_node_name(const void *fdt, int node);
/* Child of <parent> whose name is <name>, or whose name before '@' is. */
int fdt_subnode(const void *fdt, int parent, const char *name);
/* Node of an absolute path ("/cpus", "/soc/serial@10000000"). */
int fdt_path(const void *fdt, const char *path);
/* Node whose "phandle" property is <phandle>. */
int fdt_node_by_phandle(const void *fdt, uint32_t phandle);
/* Next node after <node> in document order (any depth), or NOTFOUND. */
int fdt_next_node(const void *fdt, int node);

/* Value of property <name> of <node> and its length in *len, or NULL. */
const void *fdt_prop(const void *fdt, int node, const char *name, int *len);
/* A u32 property, or <dflt> when absent or too short. */
uint32_t fdt_prop_u32(const void *fdt, int node, const char *name, uint32_t dflt);
/* True when <node>'s "compatible" string list holds <compat>. */
bool fdt_is_compatible(const void *fdt, int node, const char *compat);
/* True when <node>'s property <name> is a string equal to <value>. */
bool fdt_prop_is(const void *fdt, int node, const char *name, const char *value);

/* Reads the <index>th (address, size) pair of <node>'s "reg", with the
 * cell counts of its parent.  Returns 0 or FDT_ERR_*. */
int fdt_reg(const void *fdt, int node, int index, uint64_t *addr, uint64_t *size);
/* Parent of <node> (linear search: fine at boot). */
int fdt_parent(const void *fdt, int node);

/* Memory reservation block: <index>th entry, 0 or FDT_ERR_NOTFOUND. */
int fdt_mem_rsv(const void *fdt, int index, uint64_t *addr, uint64_t *size);

#endif
