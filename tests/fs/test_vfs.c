/*
 * test_vfs.c - the VFS and the ramfs: open/read/write/lseek and their
 * flags, mkdir/unlink/readdir/stat, getcwd, path forms, error cases, big
 * files, reference counts and leaks.
 */
#include "fs_test.h"
#include "mapper.h"
#include "ppm.h"
#include "errno.h"
#include "string.h"

#define RD  ALMOS_O_RDONLY
#define WR  ALMOS_O_WRONLY
#define RW  ALMOS_O_RDWR
#define CR  ALMOS_O_CREAT

static xptr_t open_ok(const char *path, uint32_t flags)
{
    xptr_t f = XPTR_NULL;
    assert_int_equal(vfs_open(XPTR_NULL, path, flags, 0644, &f), 0);
    assert_true(f != XPTR_NULL);
    return f;
}

static error_t open_err(xptr_t cwd, const char *path, uint32_t flags)
{
    xptr_t f = XPTR_NULL;
    error_t err = vfs_open(cwd, path, flags, 0644, &f);
    if (err == 0)
        vfs_file_put(f);
    return err;
}

static void test_vfs_init_tree(void **state)
{
    (void)state;
    struct almos_stat st;

    assert_int_equal(vfs_stat(XPTR_NULL, "/", &st), 0);
    assert_int_equal(st.mode & ALMOS_S_IFMT, ALMOS_S_IFDIR);
    assert_int_equal(st.nlink, 3);                 /* ., .., dev */
    assert_int_equal(st.cxy, 0);
    assert_int_equal(vfs_stat(XPTR_NULL, "/dev", &st), 0);
    assert_int_equal(st.mode & ALMOS_S_IFMT, ALMOS_S_IFDIR);
    assert_int_equal(vfs_stat(XPTR_NULL, "/dev/tty", &st), 0);
    assert_int_equal(st.mode & ALMOS_S_IFMT, ALMOS_S_IFCHR);
    assert_true(GET_CXY(vfs_root()) == 0);
    fs_check_no_leak();
}

static void test_vfs_create_read_write(void **state)
{
    (void)state;
    char buf[64];
    xptr_t f = open_ok("/hello", RW | CR);

    assert_int_equal(vfs_write(f, "hello, world", 12), 12);
    assert_int_equal(vfs_read(f, buf, sizeof(buf)), 0);          /* at the end */
    assert_int_equal(vfs_lseek(f, 0, ALMOS_SEEK_SET), 0);
    assert_int_equal(vfs_read(f, buf, 5), 5);
    assert_memory_equal(buf, "hello", 5);
    assert_int_equal(vfs_read(f, buf, sizeof(buf)), 7);
    assert_memory_equal(buf, ", world", 7);
    assert_int_equal(vfs_read(f, buf, sizeof(buf)), 0);
    /* overwrite in the middle */
    assert_int_equal(vfs_lseek(f, 7, ALMOS_SEEK_SET), 7);
    assert_int_equal(vfs_write(f, "W", 1), 1);
    assert_int_equal(vfs_lseek(f, -5, ALMOS_SEEK_CUR), 3);
    assert_int_equal(vfs_lseek(f, -1, ALMOS_SEEK_END), 11);
    assert_int_equal(vfs_read(f, buf, 10), 1);
    assert_int_equal(buf[0], 'd');
    struct almos_stat st;
    assert_int_equal(vfs_fstat(f, &st), 0);
    assert_int_equal(st.size, 12);
    assert_int_equal(st.mode, ALMOS_S_IFREG | 0644);
    assert_int_equal(st.nlink, 1);
    assert_int_equal(vfs_inode_size(vfs_file_inode(f)), 12);
    assert_int_equal(vfs_inode_type(vfs_file_inode(f)), VFS_INODE_FILE);
    assert_false(vfs_file_is_tty(f));
    assert_int_equal(vfs_file_flags(f), RW | CR);
    vfs_file_put(f);
    assert_int_equal(fs_get_file("/hello", buf, sizeof(buf)), 12);
    assert_memory_equal(buf, "hello, World", 12);
    fs_check_no_leak();
}

static void test_vfs_access_modes(void **state)
{
    (void)state;
    char c;
    fs_put_file("/f", "abc", 3);
    xptr_t r = open_ok("/f", RD), w = open_ok("/f", WR);

    assert_int_equal(vfs_write(r, "x", 1), -EBADF);
    assert_int_equal(vfs_read(w, &c, 1), -EBADF);
    assert_int_equal(vfs_write(w, "x", 1), 1);
    assert_int_equal(vfs_read(r, &c, 1), 1);
    assert_int_equal(c, 'x');                       /* shared content */
    vfs_file_put(r);
    vfs_file_put(w);
    assert_int_equal(open_err(XPTR_NULL, "/f", ALMOS_O_ACCMODE), -EINVAL);
    fs_check_no_leak();
}

static void test_vfs_open_flags(void **state)
{
    (void)state;
    char buf[32];

    assert_int_equal(open_err(XPTR_NULL, "/nofile", RD), -ENOENT);
    fs_put_file("/f", "0123456789", 10);
    /* O_EXCL */
    assert_int_equal(open_err(XPTR_NULL, "/f", WR | CR | ALMOS_O_EXCL), -EEXIST);
    assert_int_equal(open_err(XPTR_NULL, "/g", WR | CR | ALMOS_O_EXCL), 0);
    assert_int_equal(open_err(XPTR_NULL, "/g", WR | CR | ALMOS_O_EXCL), -EEXIST);
    /* O_CREAT on an existing file keeps it */
    assert_int_equal(open_err(XPTR_NULL, "/f", WR | CR), 0);
    assert_int_equal(fs_get_file("/f", buf, sizeof(buf)), 10);
    /* O_TRUNC */
    assert_int_equal(open_err(XPTR_NULL, "/f", RD | ALMOS_O_TRUNC), 0);   /* ignored read-only */
    assert_int_equal(fs_get_file("/f", buf, sizeof(buf)), 10);
    assert_int_equal(open_err(XPTR_NULL, "/f", WR | ALMOS_O_TRUNC), 0);
    assert_int_equal(fs_get_file("/f", buf, sizeof(buf)), 0);
    /* after truncation, growth reads zeros, not the old bytes */
    xptr_t f = open_ok("/f", WR);
    assert_int_equal(vfs_lseek(f, 8, ALMOS_SEEK_SET), 8);
    assert_int_equal(vfs_write(f, "zz", 2), 2);
    vfs_file_put(f);
    assert_int_equal(fs_get_file("/f", buf, sizeof(buf)), 10);
    assert_memory_equal(buf, "\0\0\0\0\0\0\0\0zz", 10);
    /* O_APPEND writes at the end whatever the offset */
    fs_put_file("/a", "abc", 3);
    f = open_ok("/a", WR | ALMOS_O_APPEND);
    assert_int_equal(vfs_write(f, "de", 2), 2);
    assert_int_equal(vfs_lseek(f, 0, ALMOS_SEEK_SET), 0);
    assert_int_equal(vfs_write(f, "f", 1), 1);
    vfs_file_put(f);
    assert_int_equal(fs_get_file("/a", buf, sizeof(buf)), 6);
    assert_memory_equal(buf, "abcdef", 6);
    /* O_DIRECTORY */
    assert_int_equal(open_err(XPTR_NULL, "/a", RD | ALMOS_O_DIRECTORY), -ENOTDIR);
    assert_int_equal(open_err(XPTR_NULL, "/dev", RD | ALMOS_O_DIRECTORY), 0);
    fs_check_no_leak();
}

static void test_vfs_lseek_errors(void **state)
{
    (void)state;
    fs_put_file("/f", "abc", 3);
    xptr_t f = open_ok("/f", RD);

    assert_int_equal(vfs_lseek(f, -1, ALMOS_SEEK_SET), -EINVAL);
    assert_int_equal(vfs_lseek(f, -4, ALMOS_SEEK_END), -EINVAL);
    assert_int_equal(vfs_lseek(f, 0, 7), -EINVAL);
    assert_int_equal(vfs_lseek(f, INT64_MAX, ALMOS_SEEK_SET), INT64_MAX);
    assert_int_equal(vfs_lseek(f, 1, ALMOS_SEEK_CUR), -EINVAL);      /* overflow */
    char c;
    assert_int_equal(vfs_read(f, &c, 1), 0);                          /* far past the end */
    assert_int_equal(vfs_lseek(f, 100, ALMOS_SEEK_SET), 100);
    assert_int_equal(vfs_read(f, &c, 1), 0);
    vfs_file_put(f);
    f = open_ok("/f", WR);
    assert_int_equal(vfs_lseek(f, INT64_MAX - 1, ALMOS_SEEK_SET), INT64_MAX - 1);
    assert_int_equal(vfs_write(f, "x", 1), -EFBIG);
    vfs_file_put(f);
    fs_check_no_leak();
}

static void test_vfs_big_file(void **state)
{
    (void)state;
    enum { SIZE = 37 * 4096 + 123 };
    static uint8_t data[SIZE], back[SIZE];
    uint32_t free0 = ppm_remote_free_pages_nr(0);

    for (size_t i = 0; i < SIZE; i++)
        data[i] = (uint8_t)(i * 7 + (i >> 12));
    /* written in odd chunks, so copies straddle page boundaries */
    xptr_t f = open_ok("/big", RW | CR);
    for (size_t off = 0; off < SIZE; ) {
        size_t n = SIZE - off < 1000 ? SIZE - off : 1000;
        assert_int_equal(vfs_write(f, data + off, n), (int64_t)n);
        off += n;
    }
    xptr_t mapper = vfs_inode_mapper(vfs_file_inode(f));
    assert_true(mapper != XPTR_NULL);
    assert_int_equal(mapper_pages_nr(mapper), 38);
    assert_int_equal(vfs_lseek(f, 0, ALMOS_SEEK_SET), 0);
    assert_int_equal(vfs_read(f, back, SIZE), SIZE);
    assert_memory_equal(back, data, SIZE);
    /* a read across a page boundary from the middle */
    assert_int_equal(vfs_lseek(f, 4096 * 5 - 10, ALMOS_SEEK_SET), 4096 * 5 - 10);
    assert_int_equal(vfs_read(f, back, 20), 20);
    assert_memory_equal(back, data + 4096 * 5 - 10, 20);
    vfs_file_put(f);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/big"), 0);
    fs_check_no_leak();
    /* every page of the file is back (the kcm keep their spare blocks) */
    assert_true(ppm_remote_free_pages_nr(0) + 4 >= free0);
}

static void test_vfs_sparse_file(void **state)
{
    (void)state;
    char buf[16];
    xptr_t f = open_ok("/sparse", RW | CR);

    assert_int_equal(vfs_lseek(f, 10 * 4096 + 5, ALMOS_SEEK_SET), 10 * 4096 + 5);
    assert_int_equal(vfs_write(f, "end", 3), 3);
    assert_int_equal(vfs_inode_size(vfs_file_inode(f)), 10 * 4096 + 8);
    assert_int_equal(mapper_pages_nr(vfs_inode_mapper(vfs_file_inode(f))), 1);
    assert_int_equal(vfs_lseek(f, 3 * 4096, ALMOS_SEEK_SET), 3 * 4096);
    assert_int_equal(vfs_read(f, buf, 16), 16);
    for (int i = 0; i < 16; i++)
        assert_int_equal(buf[i], 0);
    vfs_file_put(f);
    fs_check_no_leak();
}

static void test_vfs_mkdir_readdir(void **state)
{
    (void)state;
    struct almos_dirent d;
    const char *names[] = { "b", "a", "c" };

    assert_int_equal(vfs_mkdir(XPTR_NULL, "/d", 0755), 0);
    assert_int_equal(vfs_mkdir(XPTR_NULL, "/d", 0755), -EEXIST);
    assert_int_equal(vfs_mkdir(XPTR_NULL, "/d/sub", 0700), 0);
    fs_put_file("/d/b", "1", 1);
    fs_put_file("/d/a", "22", 2);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/d/sub"), 0);
    assert_int_equal(vfs_mkdir(XPTR_NULL, "/d/c", 0700), 0);

    xptr_t f = open_ok("/d", RD);
    assert_int_equal(vfs_readdir(f, &d), 1);
    assert_string_equal(d.name, ".");
    assert_int_equal(d.type, ALMOS_S_IFDIR);
    struct almos_stat st;
    assert_int_equal(vfs_stat(XPTR_NULL, "/d", &st), 0);
    assert_int_equal(d.ino, st.ino);
    assert_int_equal(st.nlink, 3);
    assert_int_equal(vfs_readdir(f, &d), 1);
    assert_string_equal(d.name, "..");
    assert_int_equal(vfs_stat(XPTR_NULL, "/", &st), 0);
    assert_int_equal(d.ino, st.ino);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(vfs_readdir(f, &d), 1);
        assert_string_equal(d.name, names[i]);
        assert_int_equal(d.type, i == 2 ? ALMOS_S_IFDIR : ALMOS_S_IFREG);
    }
    assert_int_equal(vfs_readdir(f, &d), 0);
    assert_int_equal(vfs_readdir(f, &d), 0);
    /* rewind */
    assert_int_equal(vfs_lseek(f, 0, ALMOS_SEEK_SET), 0);
    assert_int_equal(vfs_readdir(f, &d), 1);
    assert_string_equal(d.name, ".");
    assert_int_equal(vfs_read(f, &d, 1), -EISDIR);
    vfs_file_put(f);
    f = open_ok("/d/a", RD);
    assert_int_equal(vfs_readdir(f, &d), -ENOTDIR);
    vfs_file_put(f);
    /* mkdir errors */
    assert_int_equal(vfs_mkdir(XPTR_NULL, "/d/a/x", 0755), -ENOTDIR);
    assert_int_equal(vfs_mkdir(XPTR_NULL, "/nodir/x", 0755), -ENOENT);
    assert_int_equal(vfs_mkdir(XPTR_NULL, "/", 0755), -EEXIST);
    assert_int_equal(vfs_mkdir(XPTR_NULL, "/d/..", 0755), -EEXIST);
    assert_int_equal(vfs_mkdir(XPTR_NULL, "/d/a", 0755), -EEXIST);
    assert_int_equal(vfs_mkdir(XPTR_NULL, "", 0755), -ENOENT);
    assert_int_equal(vfs_mkdir(XPTR_NULL, "/e/", 0755), 0);      /* trailing slash */
    assert_int_equal(vfs_stat(XPTR_NULL, "/e", &st), 0);
    fs_check_no_leak();
}

static void test_vfs_unlink(void **state)
{
    (void)state;
    char buf[16];
    struct almos_stat st;

    assert_int_equal(vfs_mkdir(XPTR_NULL, "/d", 0755), 0);
    fs_put_file("/d/f", "data", 4);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/d"), -ENOTEMPTY);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/d/nothing"), -ENOENT);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/d/f/"), -ENOTDIR);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/d/f/x"), -ENOTDIR);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/"), -EBUSY);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/d/."), -EINVAL);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/d/.."), -ENOTEMPTY);
    /* an open file stays readable until closed */
    xptr_t f = open_ok("/d/f", RW);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/d/f"), 0);
    assert_int_equal(vfs_stat(XPTR_NULL, "/d/f", &st), -ENOENT);
    assert_int_equal(vfs_fstat(f, &st), 0);
    assert_int_equal(st.nlink, 0);
    assert_int_equal(vfs_read(f, buf, 16), 4);
    assert_memory_equal(buf, "data", 4);
    assert_int_equal(vfs_write(f, "more", 4), 4);
    /* a new file of the same name is another file */
    fs_put_file("/d/f", "new", 3);
    assert_int_equal(fs_get_file("/d/f", buf, 16), 3);
    vfs_file_put(f);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/d/f"), 0);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/d/"), 0);
    assert_int_equal(vfs_stat(XPTR_NULL, "/d", &st), -ENOENT);
    fs_check_no_leak();
}

static void test_vfs_paths(void **state)
{
    (void)state;
    struct almos_stat st, st2;
    xptr_t d1, f;
    char buf[16];

    assert_int_equal(vfs_mkdir(XPTR_NULL, "/a", 0755), 0);
    assert_int_equal(vfs_mkdir(XPTR_NULL, "/a/b", 0755), 0);
    fs_put_file("/a/b/file", "xyz", 3);
    assert_int_equal(vfs_stat(XPTR_NULL, "/a/b/file", &st), 0);
    const char *same[] = { "//a///b//file", "/a/./b/file", "/a/b/../b/file",
                           "/../a/b/file", "/a/../../a/b/./file", "a/b/file",
                           "./a/b/file" };
    for (unsigned i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        assert_int_equal(vfs_stat(XPTR_NULL, same[i], &st2), 0);
        assert_int_equal(st2.ino, st.ino);
    }
    /* relative to a cwd */
    assert_int_equal(vfs_lookup(XPTR_NULL, "/a/b", &d1), 0);
    assert_int_equal(vfs_chdir_check(d1), 0);
    assert_int_equal(vfs_stat(d1, "file", &st2), 0);
    assert_int_equal(st2.ino, st.ino);
    assert_int_equal(vfs_stat(d1, "../b/./file", &st2), 0);
    assert_int_equal(st2.ino, st.ino);
    assert_int_equal(vfs_stat(d1, "/a/b/file", &st2), 0);
    assert_int_equal(vfs_stat(d1, "../../../dev/tty", &st2), 0);
    assert_int_equal(vfs_open(d1, "new", WR | CR, 0600, &f), 0);
    vfs_file_put(f);
    assert_int_equal(fs_get_file("/a/b/new", buf, 16), 0);
    assert_int_equal(vfs_mkdir(d1, "c", 0755), 0);
    assert_int_equal(vfs_unlink(d1, "c"), 0);
    assert_int_equal(vfs_unlink(d1, "new"), 0);
    /* errors */
    assert_int_equal(vfs_stat(XPTR_NULL, "", &st2), -ENOENT);
    assert_int_equal(vfs_stat(XPTR_NULL, "/a/b/file/", &st2), -ENOTDIR);
    assert_int_equal(vfs_stat(XPTR_NULL, "/a/b/file/..", &st2), -ENOTDIR);
    assert_int_equal(vfs_stat(XPTR_NULL, "/a/x/file", &st2), -ENOENT);
    assert_int_equal(vfs_stat(XPTR_NULL, "/a/b/nofile", &st2), -ENOENT);
    xptr_t fi;
    assert_int_equal(vfs_lookup(XPTR_NULL, "/a/b/file", &fi), 0);
    assert_int_equal(vfs_chdir_check(fi), -ENOTDIR);
    assert_int_equal(vfs_stat(fi, "x", &st2), -ENOTDIR);    /* a file as cwd */
    vfs_inode_put(fi);
    char longname[ALMOS_NAME_MAX + 3];
    memset(longname, 'n', sizeof(longname) - 1);
    longname[0] = '/';
    longname[sizeof(longname) - 1] = 0;
    assert_int_equal(vfs_stat(XPTR_NULL, longname, &st2), -ENAMETOOLONG);
    assert_int_equal(open_err(XPTR_NULL, longname, WR | CR), -ENAMETOOLONG);
    longname[sizeof(longname) - 2] = 0;                    /* exactly NAME_MAX */
    assert_int_equal(open_err(XPTR_NULL, longname, WR | CR), 0);
    assert_int_equal(vfs_unlink(XPTR_NULL, longname), 0);
    static char longpath[VFS_PATH_MAX + 10];
    for (int i = 0; i < VFS_PATH_MAX + 8; i += 2)
        memcpy(longpath + i, "/.", 2);
    longpath[VFS_PATH_MAX + 8] = 0;
    assert_int_equal(vfs_stat(XPTR_NULL, longpath, &st2), -ENAMETOOLONG);
    longpath[VFS_PATH_MAX - 2] = 0;
    assert_int_equal(vfs_stat(XPTR_NULL, longpath, &st2), 0);
    /* EISDIR */
    assert_int_equal(open_err(XPTR_NULL, "/a", WR), -EISDIR);
    assert_int_equal(open_err(XPTR_NULL, "/a", RW), -EISDIR);
    assert_int_equal(open_err(XPTR_NULL, "/a", RD | CR), -EISDIR);
    assert_int_equal(open_err(XPTR_NULL, "/a/newdir/", WR | CR), -EISDIR);
    assert_int_equal(open_err(XPTR_NULL, "/", RD), 0);
    assert_int_equal(open_err(XPTR_NULL, "/a/b/file/", RD), -ENOTDIR);
    vfs_inode_put(d1);
    fs_check_no_leak();
}

static void test_vfs_getcwd(void **state)
{
    (void)state;
    char buf[64];
    xptr_t d;

    assert_int_equal(vfs_getcwd(XPTR_NULL, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "/");
    assert_int_equal(vfs_getcwd(vfs_root(), buf, 2), 0);
    assert_string_equal(buf, "/");
    assert_int_equal(vfs_getcwd(vfs_root(), buf, 1), -ERANGE);
    assert_int_equal(vfs_mkdir(XPTR_NULL, "/usr", 0755), 0);
    assert_int_equal(vfs_mkdir(XPTR_NULL, "/usr/local", 0755), 0);
    assert_int_equal(vfs_lookup(XPTR_NULL, "/usr//local/", &d), 0);
    assert_int_equal(vfs_getcwd(d, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "/usr/local");
    assert_int_equal(vfs_getcwd(d, buf, 11), 0);             /* just fits */
    assert_string_equal(buf, "/usr/local");
    assert_int_equal(vfs_getcwd(d, buf, 10), -ERANGE);
    assert_int_equal(vfs_getcwd(d, buf, 5), -ERANGE);
    /* an unlinked cwd: no path, nothing created in it, ".." unknown */
    assert_int_equal(vfs_unlink(XPTR_NULL, "/usr/local"), 0);
    assert_int_equal(vfs_getcwd(d, buf, sizeof(buf)), -ENOENT);
    assert_int_equal(vfs_mkdir(d, "x", 0755), -ENOENT);
    assert_int_equal(open_err(d, "x", WR | CR), -ENOENT);
    struct almos_stat st;
    assert_int_equal(vfs_stat(d, "..", &st), -ENOENT);
    assert_int_equal(vfs_stat(d, ".", &st), 0);
    assert_int_equal(st.nlink, 0);
    vfs_inode_put(d);
    fs_check_no_leak();
}

static void test_vfs_refcounts(void **state)
{
    (void)state;
    char buf[8];
    uint32_t inodes, dentries, files, pipes;

    fs_put_file("/f", "abcdef", 6);
    xptr_t f = open_ok("/f", RD);
    vfs_file_get(f);                                  /* dup / fork */
    assert_int_equal(vfs_read(f, buf, 3), 3);
    vfs_file_put(f);
    /* the shared file keeps its offset */
    assert_int_equal(vfs_read(f, buf, 3), 3);
    assert_memory_equal(buf, "def", 3);
    vfs_objects_nr(&inodes, &dentries, &files, &pipes);
    assert_int_equal(files, 1);
    /* an inode held by a lookup survives its unlink */
    xptr_t ino;
    assert_int_equal(vfs_lookup(XPTR_NULL, "/f", &ino), 0);
    vfs_inode_get(ino);
    vfs_file_put(f);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/f"), 0);
    vfs_inode_put(ino);
    assert_int_equal(vfs_inode_size(ino), 6);
    vfs_objects_nr(&inodes, &dentries, &files, &pipes);
    assert_int_equal(inodes, 4);
    vfs_inode_put(ino);
    fs_check_no_leak();
}

/* /dev/tty is a character device whose reads and writes are the
 * terminal's (tty.h): devfs hands them over, and refuses to seek. */
static void test_vfs_tty(void **state)
{
    (void)state;
    char buf[16];
    xptr_t t = open_ok("/dev/tty", RW);

    assert_true(vfs_file_is_tty(t));
    test_console_reset();
    assert_int_equal(vfs_write(t, "prompt$ ", 8), 8);
    assert_string_equal(test_console_buf, "prompt$ ");
    assert_int_equal(vfs_lseek(t, 0, ALMOS_SEEK_SET), -ESPIPE);
    fs_console_feed("ls\npwd\n", 7);
    assert_int_equal(vfs_read(t, buf, sizeof(buf)), 3);
    assert_memory_equal(buf, "ls\n", 3);
    assert_int_equal(vfs_read(t, buf, 2), 2);
    assert_memory_equal(buf, "pw", 2);
    assert_int_equal(vfs_read(t, buf, sizeof(buf)), 2);
    assert_memory_equal(buf, "d\n", 2);
    struct almos_stat st;
    assert_int_equal(vfs_fstat(t, &st), 0);
    assert_int_equal(st.mode & ALMOS_S_IFMT, ALMOS_S_IFCHR);
    vfs_file_put(t);
    fs_check_no_leak();
}

/* The names the kernel relies on stay: the root and /dev (devfs's mount
 * point) are busy directories, /dev/tty a device unlink may not remove. */
static void test_vfs_unlink_kernel_names(void **state)
{
    (void)state;
    assert_int_equal(vfs_unlink(XPTR_NULL, "/dev/tty"), -EPERM);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/dev"), -EBUSY);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/dev/"), -EBUSY);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/"), -EBUSY);
    xptr_t dev;
    assert_int_equal(vfs_lookup(XPTR_NULL, "/dev", &dev), 0);
    assert_int_equal(vfs_unlink(dev, "tty"), -EPERM);
    assert_int_equal(vfs_unlink(dev, "../dev"), -EBUSY);
    vfs_inode_put(dev);
    /* still there and working */
    xptr_t t = open_ok("/dev/tty", RW);
    assert_true(vfs_file_is_tty(t));
    vfs_file_put(t);
    /* an ordinary name in /dev goes as anywhere */
    fs_put_file("/dev/scratch", "x", 1);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/dev/scratch"), 0);
    fs_check_no_leak();
}

/* A file run as a process image (exec: vfs_inode_deny_write) cannot be
 * opened for writing, truncated included, and a file open for writing
 * cannot become an image: ETXTBSY both ways, until the last image or
 * writer is gone.  Reading is always allowed. */
static void test_vfs_text_busy(void **state)
{
    (void)state;
    char buf[8];
    fs_put_file("/prog", "program", 7);
    xptr_t ino;
    assert_int_equal(vfs_lookup(XPTR_NULL, "/prog", &ino), 0);

    /* a writer keeps exec out */
    xptr_t w = open_ok("/prog", WR);
    assert_int_equal(vfs_inode_deny_write(ino), -ETXTBSY);
    vfs_file_get(w);                                  /* dup: still one file */
    vfs_file_put(w);
    assert_int_equal(vfs_inode_deny_write(ino), -ETXTBSY);
    vfs_file_put(w);

    /* two images (exec, then fork) keep writers out */
    assert_int_equal(vfs_inode_deny_write(ino), 0);
    assert_int_equal(vfs_inode_deny_write(ino), 0);
    xptr_t f;
    assert_int_equal(vfs_open(XPTR_NULL, "/prog", ALMOS_O_WRONLY, 0, &f), -ETXTBSY);
    assert_int_equal(vfs_open(XPTR_NULL, "/prog", ALMOS_O_RDWR | ALMOS_O_TRUNC, 0, &f),
                     -ETXTBSY);
    assert_int_equal(vfs_open(XPTR_NULL, "/prog", ALMOS_O_WRONLY | ALMOS_O_CREAT, 0644, &f),
                     -ETXTBSY);
    /* the content did not change, and reading is fine */
    xptr_t r = open_ok("/prog", RD);
    assert_int_equal(vfs_read(r, buf, sizeof(buf)), 7);
    assert_memory_equal(buf, "program", 7);
    vfs_file_put(r);
    vfs_inode_allow_write(ino);
    assert_int_equal(vfs_open(XPTR_NULL, "/prog", ALMOS_O_WRONLY, 0, &f), -ETXTBSY);
    vfs_inode_allow_write(ino);
    /* the last image gone: writable again */
    assert_int_equal(vfs_open(XPTR_NULL, "/prog", ALMOS_O_WRONLY | ALMOS_O_TRUNC, 0, &f), 0);
    assert_int_equal(vfs_inode_size(ino), 0);
    vfs_file_put(f);
    assert_int_equal(vfs_inode_deny_write(ino), 0);   /* exec possible again */
    vfs_inode_allow_write(ino);
    vfs_inode_put(ino);
    fs_check_no_leak();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_vfs_init_tree, fs_setup),
        cmocka_unit_test_setup(test_vfs_create_read_write, fs_setup),
        cmocka_unit_test_setup(test_vfs_access_modes, fs_setup),
        cmocka_unit_test_setup(test_vfs_open_flags, fs_setup),
        cmocka_unit_test_setup(test_vfs_lseek_errors, fs_setup),
        cmocka_unit_test_setup(test_vfs_big_file, fs_setup),
        cmocka_unit_test_setup(test_vfs_sparse_file, fs_setup),
        cmocka_unit_test_setup(test_vfs_mkdir_readdir, fs_setup),
        cmocka_unit_test_setup(test_vfs_unlink, fs_setup),
        cmocka_unit_test_setup(test_vfs_paths, fs_setup),
        cmocka_unit_test_setup(test_vfs_getcwd, fs_setup),
        cmocka_unit_test_setup(test_vfs_refcounts, fs_setup),
        cmocka_unit_test_setup(test_vfs_tty, fs_setup),
        cmocka_unit_test_setup(test_vfs_unlink_kernel_names, fs_setup),
        cmocka_unit_test_setup(test_vfs_text_busy, fs_setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
