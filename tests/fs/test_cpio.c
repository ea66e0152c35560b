/*
 * test_cpio.c - the initrd loader: an archive made by `cpio -o -H newc`
 * at test time loads and reads back identically; hand-made archives cut or
 * corrupted anywhere give -EINVAL with a message naming the entry, never a
 * crash, and keep the entries loaded before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "fs_test.h"
#include "errno.h"
#include "string.h"

/* ------------------------------------------------ a real archive ----- */

static char tmpdir[64];
static uint8_t big[10 * 1024 + 17];

static void put_host_file(const char *rel, const void *data, size_t len)
{
    char path[256];
    host_snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (len)
        assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void mk_host_dir(const char *rel)
{
    char path[256];
    host_snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
    assert_int_equal(mkdir(path, 0755), 0);
}

/* Reads the whole file at <path> into a malloc'ed buffer. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Builds the tree in a temporary directory and archives it with cpio. */
static uint8_t *make_real_archive(size_t *len)
{
    char cmd[512], out[128];

    strcpy(tmpdir, "/tmp/fs_cpio_XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (uint8_t)(i * 11 + (i >> 10));
    mk_host_dir("bin");
    mk_host_dir("etc");
    mk_host_dir("usr");
    mk_host_dir("usr/share");
    mk_host_dir("usr/share/deep");
    mk_host_dir("emptydir");
    put_host_file("etc/rc", "echo hello\n", 11);
    put_host_file("bin/big", big, sizeof(big));
    host_snprintf(cmd, sizeof(cmd), "chmod 0640 %s/bin/big", tmpdir);
    assert_int_equal(system(cmd), 0);
    put_host_file("usr/share/deep/note.txt", "deep", 4);
    put_host_file("empty", "", 0);
    put_host_file("odd", "abc", 3);                 /* 3 bytes: padding follows */
    host_snprintf(cmd, sizeof(cmd), "ln -s etc/rc %s/link", tmpdir);
    assert_int_equal(system(cmd), 0);
    host_snprintf(out, sizeof(out), "%s.cpio", tmpdir);
    host_snprintf(cmd, sizeof(cmd),
                  "cd %s && find . | LC_ALL=C sort | cpio -o -H newc --quiet > %s", tmpdir, out);
    assert_int_equal(system(cmd), 0);
    uint8_t *a = slurp(out, len);
    host_snprintf(cmd, sizeof(cmd), "rm -rf %s %s", tmpdir, out);
    assert_int_equal(system(cmd), 0);
    return a;
}

static void check_file(const char *path, const void *data, size_t len)
{
    static uint8_t back[sizeof(big) + 100];
    struct almos_stat st;

    assert_int_equal(vfs_stat(XPTR_NULL, path, &st), 0);
    assert_int_equal(st.mode & ALMOS_S_IFMT, ALMOS_S_IFREG);
    assert_int_equal(st.size, len);
    assert_int_equal(fs_get_file(path, back, sizeof(back)), len);
    assert_memory_equal(back, data, len);
}

static void check_dir(const char *path)
{
    struct almos_stat st;
    assert_int_equal(vfs_stat(XPTR_NULL, path, &st), 0);
    assert_int_equal(st.mode & ALMOS_S_IFMT, ALMOS_S_IFDIR);
}

static void test_cpio_real_archive(void **state)
{
    (void)state;
    size_t len;
    uint8_t *a = make_real_archive(&len);
    struct almos_stat st;

    test_console_reset();
    assert_int_equal(vfs_load_initrd(a, len), 0);
    check_dir("/bin");
    check_dir("/etc");
    check_dir("/usr/share/deep");
    check_dir("/emptydir");
    check_file("/etc/rc", "echo hello\n", 11);
    check_file("/bin/big", big, sizeof(big));
    check_file("/usr/share/deep/note.txt", "deep", 4);
    check_file("/empty", "", 0);
    check_file("/odd", "abc", 3);
    assert_int_equal(vfs_stat(XPTR_NULL, "/bin/big", &st), 0);
    assert_int_equal(st.mode & 07777, 0640);          /* permissions kept */
    /* the symlink is skipped with a message */
    assert_int_equal(vfs_stat(XPTR_NULL, "/link", &st), -ENOENT);
    assert_true(fs_contains(test_console_buf, "'/link': type 0120000 not supported"));
    /* /dev survives; loading again replaces the content */
    check_dir("/dev");
    assert_int_equal(vfs_load_initrd(a, len), 0);
    check_file("/bin/big", big, sizeof(big));
    free(a);
}

/* ------------------------------------------- hand-made archives ------ */

static uint8_t arc[64 * 1024];
static size_t arc_len;
static size_t entry_off[16];
static unsigned entries;

/* Appends an entry; <namesize> 0 means strlen(name) + 1. */
static void add_entry(const char *name, uint32_t mode, const void *data, uint32_t size,
                      uint32_t namesize)
{
    uint32_t ns = namesize ? namesize : (uint32_t)strlen(name) + 1;
    char hdr[111];

    entry_off[entries++] = arc_len;
    host_snprintf(hdr, sizeof(hdr),
                  "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                  1u, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, ns, 0u);
    memcpy(arc + arc_len, hdr, 110);
    arc_len += 110;
    memcpy(arc + arc_len, name, strlen(name) + 1);
    arc_len = (arc_len + ns + 3) & ~3UL;
    if (size)
        memcpy(arc + arc_len, data, size);
    arc_len = (arc_len + size + 3) & ~3UL;
}

/* Three good entries, then <more>, then the trailer. */
static void make_archive(void)
{
    memset(arc, 0, sizeof(arc));
    arc_len = 0;
    entries = 0;
    add_entry("d", ALMOS_S_IFDIR | 0755, NULL, 0, 0);
    add_entry("d/one", ALMOS_S_IFREG | 0644, "1111", 4, 0);
    add_entry("two", ALMOS_S_IFREG | 0600, big, 5000, 0);
    add_entry("TRAILER!!!", 0, NULL, 0, 0);
}

/* Loads the archive expecting -EINVAL and <what> in the message. */
static void expect_corrupt(size_t len, const char *what)
{
    test_console_reset();
    assert_int_equal(vfs_load_initrd(arc, len), -EINVAL);
    if (!fs_contains(test_console_buf, what))
        fail_msg("message \"%s\" does not mention \"%s\"", test_console_buf, what);
}

static void test_cpio_handmade(void **state)
{
    (void)state;
    make_archive();
    assert_int_equal(vfs_load_initrd(arc, arc_len), 0);
    check_file("/d/one", "1111", 4);
    check_file("/two", big, 5000);
    /* bytes after the trailer (cpio's block padding) are ignored */
    assert_int_equal(vfs_load_initrd(arc, arc_len + 512), 0);
    fs_check_no_leak();
}

static void test_cpio_truncated(void **state)
{
    (void)state;
    make_archive();
    /* in the header of entry 1 */
    expect_corrupt(entry_off[1] + 50, "entry 1 at offset 0x");
    assert_true(fs_contains(test_console_buf, "header truncated"));
    check_dir("/d");                                 /* entry 0 stays */
    /* in the name of entry 2 */
    expect_corrupt(entry_off[2] + 112, "entry 2 at offset 0x");
    assert_true(fs_contains(test_console_buf, "name (4 bytes) beyond the archive"));
    check_file("/d/one", "1111", 4);
    /* in the data of entry 2 */
    expect_corrupt(entry_off[2] + 200, "entry 2 'two' at offset 0x");
    assert_true(fs_contains(test_console_buf, "data (0x1388 bytes) beyond the archive"));
    /* at an entry boundary: no trailer */
    expect_corrupt(entry_off[3], "without TRAILER!!!");
    /* every length */
    for (size_t len = 0; len < entry_off[3] + 110; len++) {
        error_t err = vfs_load_initrd(arc, len);
        if (err != -EINVAL)
            fail_msg("archive cut at %zu: %d", len, err);
    }
    fs_check_no_leak();
}

static void test_cpio_bad_fields(void **state)
{
    (void)state;
    make_archive();
    arc[entry_off[1]] = '1';
    expect_corrupt(arc_len, "entry 1 at offset 0x");
    assert_true(fs_contains(test_console_buf, "bad magic"));
    make_archive();
    memcpy(arc, "070707", 6);                         /* old binary-ish cpio */
    expect_corrupt(arc_len, "entry 0 at offset 0x0: bad magic");
    make_archive();
    arc[entry_off[2] + 6 + 8 * 6 + 3] = 'g';          /* filesize */
    expect_corrupt(arc_len, "entry 2 at offset 0x");
    assert_true(fs_contains(test_console_buf, "bad hex digits in field filesize"));
    make_archive();
    arc[entry_off[1] + 6 + 8 * 11] = ' ';             /* namesize */
    expect_corrupt(arc_len, "bad hex digits in field namesize");
    make_archive();
    memcpy(arc + entry_off[1] + 6 + 8 * 11, "FFFFFFFF", 8);
    expect_corrupt(arc_len, "absurd name size 4294967295");
    make_archive();
    memcpy(arc + entry_off[1] + 6 + 8 * 11, "00000000", 8);
    expect_corrupt(arc_len, "absurd name size 0");
    make_archive();
    memcpy(arc + entry_off[2] + 6 + 8 * 6, "FFFFFFFF", 8);   /* filesize */
    expect_corrupt(arc_len, "beyond the archive");
    /* name not NUL-terminated: namesize one short */
    make_archive();
    memcpy(arc + entry_off[1] + 6 + 8 * 11, "00000005", 8);   /* "d/one" without NUL */
    expect_corrupt(arc_len, "name not NUL-terminated");
    /* a directory with data */
    make_archive();
    memcpy(arc + entry_off[0] + 6 + 8 * 6, "00000004", 8);
    expect_corrupt(arc_len, "directory with 0x4 data bytes");
    fs_check_no_leak();
}

static void test_cpio_names(void **state)
{
    (void)state;
    memset(arc, 0, sizeof(arc));
    arc_len = 0;
    entries = 0;
    add_entry(".", ALMOS_S_IFDIR | 0755, NULL, 0, 0);
    add_entry("./a/b/c", ALMOS_S_IFREG | 0644, "abc", 3, 0);  /* parents made */
    add_entry("/abs", ALMOS_S_IFREG | 0644, "x", 1, 0);
    add_entry("a", ALMOS_S_IFDIR | 0755, NULL, 0, 0);           /* exists: fine */
    add_entry("nod", 0020000 | 0644, NULL, 0, 0);               /* char device: skipped */
    add_entry("TRAILER!!!", 0, NULL, 0, 0);
    test_console_reset();
    assert_int_equal(vfs_load_initrd(arc, arc_len), 0);
    check_file("/a/b/c", "abc", 3);
    check_file("/abs", "x", 1);
    assert_true(fs_contains(test_console_buf, "entry 4 '/nod': type 020000 not supported"));
    /* a file where a directory is needed */
    memset(arc, 0, sizeof(arc));
    arc_len = 0;
    entries = 0;
    add_entry("abs/x", ALMOS_S_IFREG | 0644, "x", 1, 0);
    add_entry("TRAILER!!!", 0, NULL, 0, 0);
    test_console_reset();
    assert_int_equal(vfs_load_initrd(arc, arc_len), -ENOTDIR);
    assert_true(fs_contains(test_console_buf, "entry 0 '/abs/x': cannot create it"));
    fs_check_no_leak();
}

/* Random byte corruption of a real archive never crashes the loader. */
static void test_cpio_fuzz(void **state)
{
    (void)state;
    size_t len;
    uint8_t *a = make_real_archive(&len);
    uint8_t *b = malloc(len);

    srand(99);
    for (int round = 0; round < 300; round++) {
        memcpy(b, a, len);
        for (int k = 0; k < 1 + rand() % 3; k++)
            b[rand() % len] = (uint8_t)rand();
        size_t cut = rand() % 4 ? len : (size_t)rand() % len;
        error_t err = vfs_load_initrd(b, cut);
        assert_true(err == 0 || err == -EINVAL || err == -ENOTDIR || err == -EEXIST ||
                    err == -ENAMETOOLONG || err == -EISDIR || err == -ENOENT);
        test_console_reset();
    }
    free(b);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_cpio_real_archive, fs_setup),
        cmocka_unit_test_setup(test_cpio_handmade, fs_setup),
        cmocka_unit_test_setup(test_cpio_truncated, fs_setup),
        cmocka_unit_test_setup(test_cpio_bad_fields, fs_setup),
        cmocka_unit_test_setup(test_cpio_names, fs_setup),
        cmocka_unit_test_setup(test_cpio_fuzz, fs_setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
