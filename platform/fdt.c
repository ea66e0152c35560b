/*
 * fdt.c - bounds-checked flattened device tree reader (see fdt.h).
 *
 * Layout (devicetree specification, chapter 5): a 40-byte header, a memory
 * reservation block, a structure block of 32-bit big-endian tokens and a
 * strings block holding property names.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "fdt.h"

#define HDR_MAGIC          0
#define HDR_TOTALSIZE      4
#define HDR_OFF_STRUCT     8
#define HDR_OFF_STRINGS   12
#define HDR_OFF_RSVMAP    16
#define HDR_VERSION       20
#define HDR_LAST_COMP     24
#define HDR_SIZE_STRINGS  32
#define HDR_SIZE_STRUCT   36
#define HDR_LEN           40

static size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static bool str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) { a++; b++; }
    return *a == *b;
}

/* Length of the string at <s> if a NUL occurs before <end>, else -1. */
static long str_bounded(const char *s, const char *end)
{
    const char *p = s;
    while (p < end && *p) p++;
    return p < end ? p - s : -1;
}

static const uint8_t *struct_base(const void *fdt)
{
    return (const uint8_t *)fdt + fdt32((const uint8_t *)fdt + HDR_OFF_STRUCT);
}

static uint32_t struct_size(const void *fdt)
{
    return fdt32((const uint8_t *)fdt + HDR_SIZE_STRUCT);
}

static const char *strings_base(const void *fdt)
{
    return (const char *)fdt + fdt32((const uint8_t *)fdt + HDR_OFF_STRINGS);
}

static uint32_t align4(uint32_t x) { return (x + 3) & ~3u; }

uint32_t fdt_totalsize(const void *fdt)
{
    return fdt32((const uint8_t *)fdt + HDR_TOTALSIZE);
}

const char *fdt_strerror(int err)
{
    switch (err) {
    case 0:                  return "ok";
    case FDT_ERR_NOTFOUND:   return "not found";
    case FDT_ERR_BADMAGIC:   return "bad magic (not a device tree blob)";
    case FDT_ERR_BADVERSION: return "unsupported version";
    case FDT_ERR_TRUNCATED:  return "truncated";
    case FDT_ERR_BADLAYOUT:  return "blocks out of bounds";
    case FDT_ERR_BADSTRUCT:  return "corrupt structure block";
    case FDT_ERR_BADVALUE:   return "bad property value";
    default:                 return "unknown error";
    }
}

int fdt_check(const void *fdt, size_t max_size)
{
    const uint8_t *h = fdt;
    if (fdt == NULL || max_size < HDR_LEN)
        return FDT_ERR_TRUNCATED;
    if (fdt32(h + HDR_MAGIC) != FDT_MAGIC)
        return FDT_ERR_BADMAGIC;
    if (fdt32(h + HDR_VERSION) < 16 || fdt32(h + HDR_LAST_COMP) > 17)
        return FDT_ERR_BADVERSION;

    uint32_t total = fdt32(h + HDR_TOTALSIZE);
    if (total < HDR_LEN || total > max_size)
        return FDT_ERR_TRUNCATED;

    uint32_t off_struct = fdt32(h + HDR_OFF_STRUCT);
    uint32_t size_struct = fdt32(h + HDR_SIZE_STRUCT);
    uint32_t off_strings = fdt32(h + HDR_OFF_STRINGS);
    uint32_t size_strings = fdt32(h + HDR_SIZE_STRINGS);
    uint32_t off_rsv = fdt32(h + HDR_OFF_RSVMAP);
    if (off_struct < HDR_LEN || (off_struct & 3) || (size_struct & 3) ||
        (uint64_t)off_struct + size_struct > total ||
        off_strings < HDR_LEN || (uint64_t)off_strings + size_strings > total ||
        off_rsv < HDR_LEN || (off_rsv & 7) || off_rsv >= total)
        return FDT_ERR_BADLAYOUT;

    /* The reservation map ends with a (0, 0) entry inside the blob. */
    for (uint32_t o = off_rsv;; o += 16) {
        if ((uint64_t)o + 16 > total)
            return FDT_ERR_BADLAYOUT;
        if (fdt64(h + o) == 0 && fdt64(h + o + 8) == 0)
            break;
    }

    /* Walk every token once: nesting, names, property bounds. */
    const uint8_t *s = h + off_struct;
    const char *strs = (const char *)h + off_strings;
    uint32_t o = 0;
    int depth = 0;
    bool seen_root = false;
    for (;;) {
        if (o + 4 > size_struct)
            return FDT_ERR_BADSTRUCT;
        uint32_t tok = fdt32(s + o);
        o += 4;
        switch (tok) {
        case FDT_BEGIN_NODE: {
            if (depth == 0 && seen_root)
                return FDT_ERR_BADSTRUCT;      /* two roots */
            long n = str_bounded((const char *)s + o, (const char *)s + size_struct);
            if (n < 0)
                return FDT_ERR_BADSTRUCT;
            o = align4(o + (uint32_t)n + 1);
            if (++depth > FDT_MAX_DEPTH)
                return FDT_ERR_BADSTRUCT;
            seen_root = true;
            break;
        }
        case FDT_END_NODE:
            if (depth-- <= 0)
                return FDT_ERR_BADSTRUCT;
            break;
        case FDT_PROP: {
            if (depth <= 0 || o + 8 > size_struct)
                return FDT_ERR_BADSTRUCT;
            uint32_t len = fdt32(s + o);
            uint32_t nameoff = fdt32(s + o + 4);
            o += 8;
            if ((uint64_t)o + len > size_struct || nameoff >= size_strings ||
                str_bounded(strs + nameoff, strs + size_strings) < 0)
                return FDT_ERR_BADSTRUCT;
            o = align4(o + len);
            break;
        }
        case FDT_NOP:
            break;
        case FDT_END:
            return (depth == 0 && seen_root) ? 0 : FDT_ERR_BADSTRUCT;
        default:
            return FDT_ERR_BADSTRUCT;
        }
    }
}

/* Offset just past the BEGIN_NODE token and name of <node>. */
static int node_body(const void *fdt, int node)
{
    const char *name = (const char *)struct_base(fdt) + node + 4;
    return (int)align4((uint32_t)node + 4 + (uint32_t)str_len(name) + 1);
}

/* Offset of the token following the one at <o> (skipping a whole subtree
 * when <o> is a BEGIN_NODE and <skip_subtree>); -1 at FDT_END. */
static int next_token(const void *fdt, int o, bool skip_subtree)
{
    const uint8_t *s = struct_base(fdt);
    int depth = 0;
    do {
        uint32_t tok = fdt32(s + o);
        switch (tok) {
        case FDT_BEGIN_NODE:
            o = node_body(fdt, o);
            depth++;
            break;
        case FDT_END_NODE:
            o += 4;
            depth--;
            break;
        case FDT_PROP:
            o = (int)align4((uint32_t)o + 12 + fdt32(s + o + 4));
            break;
        case FDT_NOP:
            o += 4;
            break;
        default:
            return -1;
        }
    } while (skip_subtree && depth > 0);
    return o;
}

int fdt_root(const void *fdt)
{
    const uint8_t *s = struct_base(fdt);
    int o = 0;
    while (fdt32(s + o) == FDT_NOP)
        o += 4;
    return fdt32(s + o) == FDT_BEGIN_NODE ? o : FDT_ERR_NOTFOUND;
}

/* First BEGIN_NODE at or after <o> at the same level, or NOTFOUND when the
 * level ends first. */
static int node_at_level(const void *fdt, int o)
{
    const uint8_t *s = struct_base(fdt);
    while (o >= 0 && (uint32_t)o < struct_size(fdt)) {
        uint32_t tok = fdt32(s + o);
        if (tok == FDT_BEGIN_NODE)
            return o;
        if (tok == FDT_END_NODE || tok == FDT_END)
            return FDT_ERR_NOTFOUND;
        o = next_token(fdt, o, false);
    }
    return FDT_ERR_NOTFOUND;
}

int fdt_first_child(const void *fdt, int node)
{
    return node_at_level(fdt, node_body(fdt, node));
}

int fdt_next_sibling(const void *fdt, int node)
{
    return node_at_level(fdt, next_token(fdt, node, true));
}

int fdt_next_node(const void *fdt, int node)
{
    const uint8_t *s = struct_base(fdt);
    int o = node_body(fdt, node);
    while (o >= 0 && (uint32_t)o < struct_size(fdt)) {
        uint32_t tok = fdt32(s + o);
        if (tok == FDT_BEGIN_NODE)
            return o;
        if (tok == FDT_END)
            break;
        o = next_token(fdt, o, false);
    }
    return FDT_ERR_NOTFOUND;
}

const char *fdt_node_name(const void *fdt, int node)
{
    return (const char *)struct_base(fdt) + node + 4;
}

int fdt_subnode(const void *fdt, int parent, const char *name)
{
    size_t n = 0;
    bool has_unit = false;
    for (; name[n] && name[n] != '/'; n++)
        has_unit |= name[n] == '@';
    for (int c = fdt_first_child(fdt, parent); c >= 0; c = fdt_next_sibling(fdt, c)) {
        const char *cn = fdt_node_name(fdt, c);
        size_t i = 0;
        while (i < n && cn[i] == name[i]) i++;
        if (i == n && (cn[i] == '\0' || (cn[i] == '@' && !has_unit)))
            return c;
    }
    return FDT_ERR_NOTFOUND;
}

int fdt_path(const void *fdt, const char *path)
{
    if (path[0] != '/')
        return FDT_ERR_NOTFOUND;
    int node = fdt_root(fdt);
    while (node >= 0) {
        while (*path == '/') path++;
        if (*path == '\0')
            return node;
        node = fdt_subnode(fdt, node, path);
        while (*path && *path != '/') path++;
    }
    return FDT_ERR_NOTFOUND;
}

const void *fdt_prop(const void *fdt, int node, const char *name, int *len)
{
    const uint8_t *s = struct_base(fdt);
    const char *strs = strings_base(fdt);
    int o = node_body(fdt, node);
    for (;;) {
        uint32_t tok = fdt32(s + o);
        if (tok == FDT_PROP) {
            uint32_t plen = fdt32(s + o + 4);
            if (str_eq(strs + fdt32(s + o + 8), name)) {
                if (len)
                    *len = (int)plen;
                return s + o + 12;
            }
        } else if (tok != FDT_NOP) {
            return NULL;               /* properties precede subnodes */
        }
        o = next_token(fdt, o, false);
    }
}

uint32_t fdt_prop_u32(const void *fdt, int node, const char *name, uint32_t dflt)
{
    int len;
    const void *p = fdt_prop(fdt, node, name, &len);
    return (p && len >= 4) ? fdt32(p) : dflt;
}

bool fdt_is_compatible(const void *fdt, int node, const char *compat)
{
    int len;
    const char *p = fdt_prop(fdt, node, "compatible", &len);
    if (p == NULL)
        return false;
    const char *end = p + len;
    while (p < end) {
        long n = str_bounded(p, end);
        if (n < 0)
            return false;
        if (str_eq(p, compat))
            return true;
        p += n + 1;
    }
    return false;
}

bool fdt_prop_is(const void *fdt, int node, const char *name, const char *value)
{
    int len;
    const char *p = fdt_prop(fdt, node, name, &len);
    return p && len > 0 && str_bounded(p, p + len) >= 0 && str_eq(p, value);
}

int fdt_node_by_phandle(const void *fdt, uint32_t phandle)
{
    if (phandle == 0 || phandle == 0xffffffff)
        return FDT_ERR_NOTFOUND;
    for (int n = fdt_root(fdt); n >= 0; n = fdt_next_node(fdt, n))
        if (fdt_prop_u32(fdt, n, "phandle", 0) == phandle ||
            fdt_prop_u32(fdt, n, "linux,phandle", 0) == phandle)
            return n;
    return FDT_ERR_NOTFOUND;
}

int fdt_parent(const void *fdt, int node)
{
    /* Walk from the root, remembering the open nodes. */
    int stack[FDT_MAX_DEPTH];
    int depth = 0;
    const uint8_t *s = struct_base(fdt);
    int o = fdt_root(fdt);
    while (o >= 0 && (uint32_t)o < struct_size(fdt)) {
        uint32_t tok = fdt32(s + o);
        if (tok == FDT_BEGIN_NODE) {
            if (o == node)
                return depth > 0 ? stack[depth - 1] : FDT_ERR_NOTFOUND;
            if (depth == FDT_MAX_DEPTH)
                return FDT_ERR_BADSTRUCT;
            stack[depth++] = o;
        } else if (tok == FDT_END_NODE) {
            depth--;
        } else if (tok == FDT_END) {
            break;
        }
        o = next_token(fdt, o, false);
    }
    return FDT_ERR_NOTFOUND;
}

/* Reads a number of <cells> 32-bit cells (1 or 2) at <p>. */
static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
    return cells == 2 ? fdt64(p) : fdt32(p);
}

int fdt_reg(const void *fdt, int node, int index, uint64_t *addr, uint64_t *size)
{
    int parent = fdt_parent(fdt, node);
    if (parent < 0)
        return FDT_ERR_NOTFOUND;
    uint32_t ac = fdt_prop_u32(fdt, parent, "#address-cells", 2);
    uint32_t sc = fdt_prop_u32(fdt, parent, "#size-cells", 1);
    if (ac < 1 || ac > 2 || sc > 2)
        return FDT_ERR_BADVALUE;
    int len;
    const uint8_t *p = fdt_prop(fdt, node, "reg", &len);
    if (p == NULL)
        return FDT_ERR_NOTFOUND;
    uint32_t entry = 4 * (ac + sc);
    if (index < 0 || (uint64_t)(index + 1) * entry > (uint32_t)len)
        return FDT_ERR_NOTFOUND;
    p += (uint32_t)index * entry;
    *addr = read_cells(p, ac);
    if (size)
        *size = sc ? read_cells(p + 4 * ac, sc) : 0;
    return 0;
}

int fdt_mem_rsv(const void *fdt, int index, uint64_t *addr, uint64_t *size)
{
    const uint8_t *h = fdt;
    const uint8_t *e = h + fdt32(h + HDR_OFF_RSVMAP) + 16 * (uint32_t)index;
    for (int i = 0; i <= index; i++) {
        const uint8_t *x = h + fdt32(h + HDR_OFF_RSVMAP) + 16 * (uint32_t)i;
        if (fdt64(x) == 0 && fdt64(x + 8) == 0)
            return FDT_ERR_NOTFOUND;
    }
    *addr = fdt64(e);
    *size = fdt64(e + 8);
    return 0;
}
