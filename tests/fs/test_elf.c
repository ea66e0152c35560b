/*
 * test_elf.c - elf_parse on a real riscv64 executable (linked at build
 * time) and on hand-made images, good and malformed.
 */
#include <stdio.h>
#include <stdlib.h>
#include "fs_test.h"
#include "elf.h"
#include "errno.h"
#include "string.h"

#define USER_BASE   0x10000UL               /* the ELF zone starts past UTILS */
#define USER_LIMIT  0x4000000000UL          /* 256 GiB, Sv39 user half */
#define IMG_SIZE    0x1100UL

static uint8_t img[0x4000];
static elf_info_t info;

/* A valid image: code [0x10000, +0x1000) RX from offset 0, data
 * [0x11000, +0x2000) RW with 0x100 bytes from offset 0x1000. */
static void img_make(void)
{
    elf64_ehdr_t *eh = (elf64_ehdr_t *)img;
    elf64_phdr_t *ph = (elf64_phdr_t *)(img + sizeof(*eh));

    memset(img, 0, sizeof(img));
    eh->e_ident[0] = 0x7f; eh->e_ident[1] = 'E'; eh->e_ident[2] = 'L'; eh->e_ident[3] = 'F';
    eh->e_ident[4] = ELF_CLASS64;
    eh->e_ident[5] = ELF_DATA2LSB;
    eh->e_ident[6] = ELF_EV_CURRENT;
    eh->e_type = ELF_ET_EXEC;
    eh->e_machine = ELF_EM_RISCV;
    eh->e_version = ELF_EV_CURRENT;
    eh->e_entry = 0x10078;
    eh->e_phoff = sizeof(*eh);
    eh->e_ehsize = sizeof(*eh);
    eh->e_phentsize = sizeof(*ph);
    eh->e_phnum = 3;
    ph[0] = (elf64_phdr_t){ .p_type = ELF_PT_LOAD, .p_flags = ELF_PF_R | ELF_PF_X,
                            .p_offset = 0, .p_vaddr = 0x10000, .p_filesz = 0x1000,
                            .p_memsz = 0x1000, .p_align = 0x1000 };
    ph[1] = (elf64_phdr_t){ .p_type = 0x70000003 /* RISCV_ATTRIBUTES */, .p_flags = ELF_PF_R,
                            .p_offset = 0x10f0, .p_filesz = 0x10 };
    ph[2] = (elf64_phdr_t){ .p_type = ELF_PT_LOAD, .p_flags = ELF_PF_R | ELF_PF_W,
                            .p_offset = 0x1000, .p_vaddr = 0x11000, .p_filesz = 0x100,
                            .p_memsz = 0x2000, .p_align = 0x1000 };
}

static elf64_ehdr_t *EH(void) { return (elf64_ehdr_t *)img; }
static elf64_phdr_t *PH(int i) { return (elf64_phdr_t *)(img + sizeof(elf64_ehdr_t)) + i; }

static int parse(void)
{
    return elf_parse(img, sizeof(img), IMG_SIZE, USER_BASE, USER_LIMIT, &info);
}

/* Expects -ENOEXEC with <what> in the message. */
static void expect_error(const char *what)
{
    assert_int_equal(parse(), -ENOEXEC);
    if (!fs_contains(info.error, what))
        fail_msg("error \"%s\" does not mention \"%s\"", info.error, what);
}

static void test_elf_real(void **state)
{
    (void)state;
    FILE *f = fopen(FS_TEST_ELF, "rb");
    assert_non_null(f);
    static uint8_t buf[1 << 16];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    assert_true(n > 64 && n < sizeof(buf));
    /* the loader hands the first page only */
    assert_int_equal(elf_parse(buf, n < 4096 ? n : 4096, n, USER_BASE, USER_LIMIT, &info), 0);
    assert_string_equal(info.error, "");
    assert_true(info.segs_nr >= 1);
    bool code = false;
    for (uint32_t i = 0; i < info.segs_nr; i++) {
        elf_segment_t *s = &info.segs[i];
        assert_true(s->filesz <= s->memsz);
        assert_true(s->offset + s->filesz <= n);
        assert_int_equal(s->vaddr % 4096, s->offset % 4096);
        if ((s->flags & ELF_PF_X) && info.entry >= s->vaddr && info.entry < s->vaddr + s->memsz)
            code = true;
    }
    assert_true(code);
    /* and a real file cut anywhere in its segments is refused */
    assert_int_equal(elf_parse(buf, n < 4096 ? n : 4096, info.segs[info.segs_nr - 1].offset +
                               info.segs[info.segs_nr - 1].filesz - 1, USER_BASE, USER_LIMIT, &info),
                     -ENOEXEC);
}

static void test_elf_good(void **state)
{
    (void)state;
    img_make();
    assert_int_equal(parse(), 0);
    assert_int_equal(info.entry, 0x10078);
    assert_int_equal(info.segs_nr, 2);
    assert_int_equal(info.segs[0].vaddr, 0x10000);
    assert_int_equal(info.segs[0].flags, ELF_PF_R | ELF_PF_X);
    assert_int_equal(info.segs[1].vaddr, 0x11000);
    assert_int_equal(info.segs[1].memsz, 0x2000);
    assert_int_equal(info.segs[1].offset, 0x1000);
    assert_int_equal(info.segs[1].filesz, 0x100);
    assert_int_equal(info.segs[1].flags, ELF_PF_R | ELF_PF_W);
}

static void test_elf_truncated(void **state)
{
    (void)state;
    img_make();
    assert_int_equal(elf_parse(img, 40, 40, USER_BASE, USER_LIMIT, &info), -ENOEXEC);
    assert_true(fs_contains(info.error, "too short"));
    assert_int_equal(elf_parse(img, sizeof(img), 0, USER_BASE, USER_LIMIT, &info), -ENOEXEC);
    /* program headers cut by the end of the file, then of the buffer */
    assert_int_equal(elf_parse(img, sizeof(img), 100, USER_BASE, USER_LIMIT, &info), -ENOEXEC);
    assert_true(fs_contains(info.error, "program headers beyond the file"));
    assert_int_equal(elf_parse(img, 100, IMG_SIZE, USER_BASE, USER_LIMIT, &info), -ENOEXEC);
    assert_true(fs_contains(info.error, "program headers beyond the first 100 bytes"));
    /* the file ends inside the code segment */
    assert_int_equal(elf_parse(img, sizeof(img), 0x800, USER_BASE, USER_LIMIT, &info), -ENOEXEC);
    assert_true(fs_contains(info.error, "segment 0 extends beyond the file (offset 0x0 + 0x1000 > 0x800)"));
    assert_int_equal(elf_parse(NULL, 0, 0, USER_BASE, USER_LIMIT, &info), -ENOEXEC);
}

static void test_elf_bad_ident(void **state)
{
    (void)state;
    img_make(); img[1] = 'X';               expect_error("bad magic");
    img_make(); img[0] = 0;                 expect_error("not an ELF");
    img_make(); img[4] = 1;                 expect_error("not a 64-bit ELF (class 1)");
    img_make(); img[5] = 2;                 expect_error("not a little-endian");
    img_make(); img[6] = 0;                 expect_error("version");
    img_make(); EH()->e_version = 2;        expect_error("version");
}

static void test_elf_bad_header(void **state)
{
    (void)state;
    img_make(); EH()->e_machine = 62;       expect_error("not a RISC-V executable (e_machine 62");
    img_make(); EH()->e_type = 3;           expect_error("not a static executable");
    img_make(); EH()->e_type = 1;           expect_error("e_type 1");
    img_make(); EH()->e_phentsize = 32;     expect_error("program header size 32");
    img_make(); EH()->e_phnum = 0;          expect_error("no program header");
    img_make(); EH()->e_phnum = 0xffff;     expect_error("too many program headers (65535");
    img_make(); EH()->e_phnum = 17;         expect_error("too many program headers (17");
    img_make(); EH()->e_phoff = ~0UL - 8;   expect_error("program headers beyond the file");
    img_make(); EH()->e_phoff = IMG_SIZE;   expect_error("program headers beyond the file");
}

static void test_elf_bad_segments(void **state)
{
    (void)state;
    img_make(); PH(2)->p_offset = 0x1080; PH(2)->p_vaddr = 0x11080;
    expect_error("segment 2 extends beyond the file (offset 0x1080 + 0x100 > 0x1100)");
    img_make(); PH(2)->p_offset = ~0UL - 0xfff; PH(2)->p_vaddr = 0x11000;
    expect_error("segment 2 extends beyond the file");
    img_make(); PH(2)->p_filesz = 0x3000;   expect_error("file size 0x3000 > memory size 0x2000");
    img_make(); PH(2)->p_vaddr = 0x11010;   expect_error("differ modulo 4096");
    img_make(); PH(2)->p_vaddr = USER_LIMIT - 0x1000;
    expect_error("outside the program's zone");
    img_make(); PH(2)->p_vaddr = USER_LIMIT; expect_error("outside the program's zone");
    img_make(); PH(2)->p_vaddr = ~0UL & ~0xfffUL; expect_error("outside the program's zone");
    img_make(); PH(2)->p_memsz = ~0UL - 0x100; expect_error("outside the program's zone");
    /* below the zone: the UTILS pages (arguments), or address 0 */
    img_make(); PH(0)->p_vaddr = 0x1000;    expect_error("segment 0 [0x1000 + 0x1000] is outside "
                                                         "the program's zone [0x10000, ");
    img_make(); PH(0)->p_vaddr = 0;         expect_error("outside the program's zone");
}

static void test_elf_overlap(void **state)
{
    (void)state;
    img_make(); PH(2)->p_vaddr = 0x10000;   expect_error("share a page");
    img_make(); PH(0)->p_vaddr = 0x12000;   expect_error("share a page");   /* data ends in code */
    img_make(); PH(0)->p_memsz = 0x1001;    expect_error("share a page");
    /* no byte in common, but one page: two vsegs cannot share it */
    img_make(); PH(0)->p_memsz = 0x800; PH(0)->p_filesz = 0x800;
    PH(2)->p_vaddr = 0x10800; PH(2)->p_offset = 0x800;
    expect_error("segments at 0x10000 and 0x10800 share a page");
    /* touching is fine */
    img_make(); PH(2)->p_vaddr = 0x11000;   assert_int_equal(parse(), 0);
}

static void test_elf_entry(void **state)
{
    (void)state;
    img_make(); EH()->e_entry = 0x11008;    expect_error("entry point 0x11008 is not in an executable segment");
    img_make(); EH()->e_entry = 0x20000;    expect_error("entry point");
    img_make(); EH()->e_entry = 0x11000 - 1; assert_int_equal(parse(), 0);
    img_make(); EH()->e_entry = 0x11000;    expect_error("entry point");
    img_make(); PH(0)->p_flags = ELF_PF_R;  expect_error("entry point");
}

static void test_elf_other_phdrs(void **state)
{
    (void)state;
    img_make(); PH(1)->p_type = ELF_PT_INTERP; expect_error("dynamically linked");
    img_make(); PH(1)->p_type = ELF_PT_DYNAMIC; expect_error("dynamically linked");
    img_make(); PH(0)->p_type = ELF_PT_NULL; PH(2)->p_type = ELF_PT_NULL;
    expect_error("no loadable segment");
    /* an empty PT_LOAD is ignored */
    img_make(); PH(1)->p_type = ELF_PT_LOAD; PH(1)->p_vaddr = 0x10f0; PH(1)->p_memsz = 0;
    PH(1)->p_filesz = 0;
    assert_int_equal(parse(), 0);
    assert_int_equal(info.segs_nr, 2);
    /* 16 program headers are accepted */
    img_make(); EH()->e_phnum = 16;
    assert_int_equal(parse(), 0);
}

/* Random corruption of the header area never crashes; an accepted image
 * still satisfies every documented check. */
static void test_elf_fuzz(void **state)
{
    (void)state;
    srand(1234);
    for (int round = 0; round < 20000; round++) {
        img_make();
        for (int k = 0; k < 1 + rand() % 4; k++)
            img[rand() % (64 + 3 * 56)] ^= (uint8_t)(1u << (rand() % 8));
        uint64_t fsize = rand() % 2 ? IMG_SIZE : (uint64_t)(rand() % 0x2000);
        if (elf_parse(img, sizeof(img), fsize, USER_BASE, USER_LIMIT, &info) == 0) {
            assert_true(info.segs_nr > 0);
            for (uint32_t i = 0; i < info.segs_nr; i++) {
                elf_segment_t *s = &info.segs[i];
                assert_true(s->filesz <= s->memsz);
                assert_true(s->offset + s->filesz <= fsize);
                assert_true(s->vaddr + s->memsz <= USER_LIMIT);
            }
        } else {
            assert_true(info.error[0] != 0);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elf_real),
        cmocka_unit_test(test_elf_good),
        cmocka_unit_test(test_elf_truncated),
        cmocka_unit_test(test_elf_bad_ident),
        cmocka_unit_test(test_elf_bad_header),
        cmocka_unit_test(test_elf_bad_segments),
        cmocka_unit_test(test_elf_overlap),
        cmocka_unit_test(test_elf_entry),
        cmocka_unit_test(test_elf_other_phdrs),
        cmocka_unit_test(test_elf_fuzz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
