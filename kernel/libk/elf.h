/*
 * elf.h - parser and validator of ELF64 executables (RISC-V, static).
 *
 * elf_parse() only reads a buffer: it checks that the header and program
 * headers describe a sane static RV64 executable for a user space ending at
 * <user_limit>, and extracts the entry point and the PT_LOAD segments the
 * loader maps.  It never trusts a field before checking it against the
 * buffer and the file size, and it names the first problem found in
 * info->error, so a bad executable gives a clear message, never a panic.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef ELF_H
#define ELF_H

#include "hal_kernel_types.h"

/* ELF identification and header values checked by elf_parse() */
#define ELF_MAG0        0x7f
#define ELF_CLASS64     2
#define ELF_DATA2LSB    1
#define ELF_EV_CURRENT  1
#define ELF_ET_EXEC     2
#define ELF_EM_RISCV    243

/* program header types and flags */
#define ELF_PT_NULL     0
#define ELF_PT_LOAD     1
#define ELF_PT_DYNAMIC  2
#define ELF_PT_INTERP   3
#define ELF_PF_X        0x1
#define ELF_PF_W        0x2
#define ELF_PF_R        0x4

#define ELF_PAGE_SIZE     4096UL
#define ELF_MAX_PHNUM     16     /* program headers accepted */
#define ELF_MAX_SEGMENTS  ELF_MAX_PHNUM
#define ELF_ERROR_LEN     96

typedef struct elf64_ehdr_s {
    uint8_t  e_ident[16];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
} elf64_ehdr_t;

typedef struct elf64_phdr_s {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
} elf64_phdr_t;

/* One PT_LOAD segment: [vaddr, vaddr + memsz) in memory, of which the first
 * filesz bytes come from the file at <offset>, the rest is zero (BSS). */
typedef struct elf_segment_s {
    uint64_t vaddr;
    uint64_t memsz;
    uint64_t offset;
    uint64_t filesz;
    uint32_t flags;              /* ELF_PF_R | ELF_PF_W | ELF_PF_X */
    uint32_t pad;
} elf_segment_t;

typedef struct elf_info_s {
    uint64_t      entry;                       /* entry point */
    uint32_t      segs_nr;                     /* PT_LOAD segments, memsz > 0 */
    uint32_t      pad;
    elf_segment_t segs[ELF_MAX_SEGMENTS];      /* in program header order */
    char          error[ELF_ERROR_LEN];        /* "" or what is wrong */
} elf_info_t;

/* Parses and validates the ELF64 executable whose first <buf_len> bytes are
 * at <buf> (at least min(file_size, 4096) of them; the ELF header and the
 * program headers must lie in them), of <file_size> bytes in total, to be
 * loaded in the program's zone [user_base, user_limit) of user space.  Checks the identification
 * (magic, ELFCLASS64, little endian, EV_CURRENT), ET_EXEC, EM_RISCV, the
 * program header table (entry size, 1..16 entries, inside file and buffer),
 * and each PT_LOAD (filesz <= memsz, file range inside the file, vaddr and
 * offset congruent modulo 4096, inside the zone without wraparound, no
 * page shared with another PT_LOAD); the entry must be inside an executable
 * PT_LOAD.  Fills <info> and returns 0, or returns -ENOEXEC with
 * info->error naming the problem. */
error_t elf_parse(const void *buf, size_t buf_len, uint64_t file_size,
                  uint64_t user_base, uint64_t user_limit, elf_info_t *info);

#endif
