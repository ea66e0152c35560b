/*
 * fuzz_elf.c - libFuzzer target of the ELF parser (kernel/libk/elf.c).
 *
 * The input is a whole executable file, handed to elf_parse() the way
 * exec does (process_load): its first page, the file size, and the
 * program's zone.  A refusal must name its reason; an acceptance must
 * describe only segments that the loader may map as they are: file range
 * inside the file, memory range inside the zone, no page shared by two
 * segments, the entry point in an executable one.  Any other outcome (a
 * crash, a sanitizer report, a broken promise) aborts.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include "elf.h"
#include "kernel_config.h"

/* The zone exec gives elf_parse: CONFIG_VMM_ELF_BASE .. CONFIG_VMM_HEAP_BASE
 * in bytes, as process_load computes it. */
#define ZONE_BASE  ((uint64_t)CONFIG_VMM_ELF_BASE << CONFIG_PPM_PAGE_SHIFT)
#define ZONE_LIMIT ((uint64_t)CONFIG_VMM_HEAP_BASE << CONFIG_PPM_PAGE_SHIFT)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static elf_info_t info;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t head = size < ELF_PAGE_SIZE ? size : ELF_PAGE_SIZE;

    if (elf_parse(data, head, size, ZONE_BASE, ZONE_LIMIT, &info) != 0) {
        if (info.error[0] == 0 || info.segs_nr != 0)
            abort();                         /* a refusal names its reason */
        return 0;
    }
    if (info.segs_nr == 0 || info.segs_nr > ELF_MAX_SEGMENTS)
        abort();
    int entry_ok = 0;
    for (uint32_t i = 0; i < info.segs_nr; i++) {
        const elf_segment_t *s = &info.segs[i];
        if (s->filesz > s->memsz || s->offset > size || s->filesz > size - s->offset)
            abort();
        if (s->vaddr < ZONE_BASE || s->memsz == 0 || s->memsz > ZONE_LIMIT - s->vaddr)
            abort();
        if ((s->vaddr ^ s->offset) & (ELF_PAGE_SIZE - 1))
            abort();
        for (uint32_t j = i + 1; j < info.segs_nr; j++) {
            const elf_segment_t *t = &info.segs[j];
            uint64_t s_lo = s->vaddr / ELF_PAGE_SIZE, s_hi = (s->vaddr + s->memsz - 1) / ELF_PAGE_SIZE;
            uint64_t t_lo = t->vaddr / ELF_PAGE_SIZE, t_hi = (t->vaddr + t->memsz - 1) / ELF_PAGE_SIZE;
            if (s_lo <= t_hi && t_lo <= s_hi)
                abort();
        }
        if ((s->flags & ELF_PF_X) && info.entry >= s->vaddr && info.entry - s->vaddr < s->memsz)
            entry_ok = 1;
    }
    if (!entry_ok)
        abort();
    return 0;
}
