/*
 * elf.c - parser and validator of ELF64 executables (see elf.h).
 *
 * Every field is copied out of the buffer (which may be unaligned) and
 * checked before it is used as an offset or a size; all arithmetic on file
 * values is done so that it cannot wrap around.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "elf.h"
#include "errno.h"
#include "string.h"
#include "printk.h"

/* Records the reason of a failure in info->error and returns -ENOEXEC. */
static error_t elf_fail(elf_info_t *info, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static error_t elf_fail(elf_info_t *info, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(info->error, sizeof(info->error), fmt, ap);
    va_end(ap);
    info->segs_nr = 0;
    return -ENOEXEC;
}

/* Checks the identification bytes and the fixed header fields. */
static error_t elf_check_header(const elf64_ehdr_t *eh, elf_info_t *info)
{
    const uint8_t *id = eh->e_ident;

    if (id[0] != ELF_MAG0 || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
        return elf_fail(info, "not an ELF file (bad magic %02x %02x %02x %02x)",
                        id[0], id[1], id[2], id[3]);
    if (id[4] != ELF_CLASS64)
        return elf_fail(info, "not a 64-bit ELF (class %u)", id[4]);
    if (id[5] != ELF_DATA2LSB)
        return elf_fail(info, "not a little-endian ELF (data encoding %u)", id[5]);
    if (id[6] != ELF_EV_CURRENT || eh->e_version != ELF_EV_CURRENT)
        return elf_fail(info, "unknown ELF version %u/%u", id[6], eh->e_version);
    if (eh->e_type != ELF_ET_EXEC)
        return elf_fail(info, "not a static executable (e_type %u, want ET_EXEC)",
                        eh->e_type);
    if (eh->e_machine != ELF_EM_RISCV)
        return elf_fail(info, "not a RISC-V executable (e_machine %u, want 243)",
                        eh->e_machine);
    if (eh->e_phentsize != sizeof(elf64_phdr_t))
        return elf_fail(info, "bad program header size %u (want %zu)",
                        eh->e_phentsize, sizeof(elf64_phdr_t));
    if (eh->e_phnum == 0)
        return elf_fail(info, "no program header");
    if (eh->e_phnum > ELF_MAX_PHNUM)
        return elf_fail(info, "too many program headers (%u, at most %u)",
                        eh->e_phnum, ELF_MAX_PHNUM);
    return 0;
}

/* Checks one PT_LOAD segment <i> on its own; records it in <info>. */
static error_t elf_check_load(const elf64_phdr_t *ph, uint32_t i, uint64_t file_size,
                              uint64_t user_base, uint64_t user_limit, elf_info_t *info)
{
    if (ph->p_filesz > ph->p_memsz)
        return elf_fail(info, "segment %u: file size 0x%lx > memory size 0x%lx",
                        i, ph->p_filesz, ph->p_memsz);
    if (ph->p_offset > file_size || ph->p_filesz > file_size - ph->p_offset)
        return elf_fail(info, "segment %u extends beyond the file (offset 0x%lx + 0x%lx > 0x%lx)",
                        i, ph->p_offset, ph->p_filesz, file_size);
    if ((ph->p_vaddr & (ELF_PAGE_SIZE - 1)) != (ph->p_offset & (ELF_PAGE_SIZE - 1)))
        return elf_fail(info, "segment %u: vaddr 0x%lx and offset 0x%lx differ modulo 4096",
                        i, ph->p_vaddr, ph->p_offset);
    if (ph->p_memsz == 0)
        return 0;                       /* nothing to map, wherever it says */
    if (ph->p_vaddr < user_base || ph->p_vaddr >= user_limit ||
        ph->p_memsz > user_limit - ph->p_vaddr)
        return elf_fail(info, "segment %u [0x%lx + 0x%lx] is outside the program's zone "
                        "[0x%lx, 0x%lx)", i, ph->p_vaddr, ph->p_memsz, user_base, user_limit);
    elf_segment_t *s = &info->segs[info->segs_nr];
    s->vaddr  = ph->p_vaddr;
    s->memsz  = ph->p_memsz;
    s->offset = ph->p_offset;
    s->filesz = ph->p_filesz;
    s->flags  = ph->p_flags & (ELF_PF_R | ELF_PF_W | ELF_PF_X);
    s->pad    = 0;
    info->segs_nr++;
    return 0;
}

error_t elf_parse(const void *buf, size_t buf_len, uint64_t file_size,
                  uint64_t user_base, uint64_t user_limit, elf_info_t *info)
{
    const uint8_t *bytes = buf;
    elf64_ehdr_t eh;
    uint64_t avail = buf_len < file_size ? buf_len : file_size;
    error_t err;

    memset(info, 0, sizeof(*info));
    if (buf == NULL)
        return elf_fail(info, "no data");
    if (avail < sizeof(eh))
        return elf_fail(info, "file too short for an ELF header (%lu bytes)", avail);
    memcpy(&eh, bytes, sizeof(eh));
    err = elf_check_header(&eh, info);
    if (err)
        return err;

    uint64_t ph_size = (uint64_t)eh.e_phnum * eh.e_phentsize;
    if (eh.e_phoff > file_size || ph_size > file_size - eh.e_phoff)
        return elf_fail(info, "program headers beyond the file (offset 0x%lx + 0x%lx > 0x%lx)",
                        eh.e_phoff, ph_size, file_size);
    if (eh.e_phoff > avail || ph_size > avail - eh.e_phoff)
        return elf_fail(info, "program headers beyond the first %lu bytes (offset 0x%lx)",
                        avail, eh.e_phoff);

    for (uint32_t i = 0; i < eh.e_phnum; i++) {
        elf64_phdr_t ph;

        memcpy(&ph, bytes + eh.e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
        if (ph.p_type == ELF_PT_INTERP || ph.p_type == ELF_PT_DYNAMIC)
            return elf_fail(info, "dynamically linked executable (program header %u type %u)",
                            i, ph.p_type);
        if (ph.p_type != ELF_PT_LOAD)
            continue;
        err = elf_check_load(&ph, i, file_size, user_base, user_limit, info);
        if (err)
            return err;
    }
    if (info->segs_nr == 0)
        return elf_fail(info, "no loadable segment");

    /* Segments are few (<= 16): compare every pair, in whole pages, since
     * each segment becomes a vseg of its own and two vsegs cannot share a
     * page. */
    for (uint32_t a = 0; a < info->segs_nr; a++) {
        for (uint32_t b = a + 1; b < info->segs_nr; b++) {
            const elf_segment_t *sa = &info->segs[a], *sb = &info->segs[b];
            uint64_t a_lo = sa->vaddr & ~(uint64_t)(ELF_PAGE_SIZE - 1);
            uint64_t b_lo = sb->vaddr & ~(uint64_t)(ELF_PAGE_SIZE - 1);
            uint64_t a_hi = sa->vaddr + sa->memsz, b_hi = sb->vaddr + sb->memsz;
            if (a_lo < b_hi && b_lo < a_hi)
                return elf_fail(info, "segments at 0x%lx and 0x%lx share a page",
                                sa->vaddr, sb->vaddr);
        }
    }

    for (uint32_t a = 0; a < info->segs_nr; a++) {
        const elf_segment_t *s = &info->segs[a];
        if ((s->flags & ELF_PF_X) && eh.e_entry >= s->vaddr &&
            eh.e_entry - s->vaddr < s->memsz) {
            info->entry = eh.e_entry;
            return 0;
        }
    }
    return elf_fail(info, "entry point 0x%lx is not in an executable segment", eh.e_entry);
}
