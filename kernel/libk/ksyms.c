/*
 * ksyms.c - look-up in the kernel's symbol table (see ksyms.h).
 *
 * The table (tools/ksyms.py) is: ksyms_count entries of ascending
 * addresses ksyms_addr[], with name offsets ksyms_name_off[] into the
 * string block ksyms_names; the last entry is the end of the text, with an
 * empty name.  The symbols are weak: an image without the table sees them
 * at address 0 and finds nothing.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "ksyms.h"

extern const uint64_t ksyms_count    __attribute__((weak));
extern const uint64_t ksyms_addr[]   __attribute__((weak));
extern const uint32_t ksyms_name_off[] __attribute__((weak));
extern const char     ksyms_names[]  __attribute__((weak));

const char *ksyms_lookup(uint64_t addr, uint64_t *offset)
{
    if (&ksyms_count == NULL || ksyms_count < 2)
        return NULL;
    uint64_t n = ksyms_count;
    if (addr < ksyms_addr[0] || addr >= ksyms_addr[n - 1])
        return NULL;
    /* the last entry whose address is <= addr */
    uint64_t lo = 0, hi = n - 1;
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (ksyms_addr[mid] <= addr)
            lo = mid;
        else
            hi = mid;
    }
    if (offset)
        *offset = addr - ksyms_addr[lo];
    return &ksyms_names[ksyms_name_off[lo]];
}
