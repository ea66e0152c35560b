/*
 * test_vfs_remote.c - the VFS called from a cluster other than the VFS
 * cluster (a thread of a process placed in cluster 1): every call that
 * needs the VFS cluster goes there by one RPC_VFS_CALL (the host's
 * rpc_call runs the server as cluster 0 at once), the others work through
 * remote accesses; results and objects must be those of the same calls
 * made in cluster 0, with nothing leaked.
 */
#include "fs_test.h"
#include "kmem.h"
#include "rpc.h"
#include "errno.h"
#include "string.h"

#define RW  ALMOS_O_RDWR
#define CR  ALMOS_O_CREAT

/* Buffers of the caller must be in its cluster's memory: kmem there. */
static void *kbuf(size_t n)
{
    void *p = kmem_alloc(n, AF_ZERO);
    assert_non_null(p);
    return p;
}

static char *kstr(const char *s)
{
    char *p = kbuf(strlen(s) + 1);
    strcpy(p, s);
    return p;
}

static unsigned long vfs_rpcs(void)
{
    return test_rpc_calls[RPC_VFS_CALL];
}

/* open/write/lseek/read/fstat/close of a regular file from cluster 1; the
 * file is then read back from cluster 0. */
static void test_remote_file_io(void **state)
{
    (void)state;
    hal_host_set_cluster(1);
    char *path = kstr("/from1");
    char *data = kstr("written from cluster 1");
    char *buf = kbuf(64);
    struct almos_stat *st = kbuf(sizeof(*st));
    xptr_t f = XPTR_NULL;
    unsigned long before = vfs_rpcs();

    assert_int_equal(vfs_open(XPTR_NULL, path, RW | CR, 0644, &f), 0);
    assert_int_equal(GET_CXY(f), 0);                  /* the object is in cluster 0 */
    assert_int_equal(vfs_write(f, data, 22), 22);
    assert_int_equal(vfs_lseek(f, 8, ALMOS_SEEK_SET), 8);
    assert_int_equal(vfs_read(f, buf, 64), 14);
    assert_memory_equal(buf, "from cluster 1", 14);
    assert_int_equal(vfs_fstat(f, st), 0);
    assert_int_equal(st->size, 22);
    assert_int_equal(st->mode & ALMOS_S_IFMT, ALMOS_S_IFREG);
    vfs_file_get(f);                                  /* remote reference */
    vfs_file_put(f);
    vfs_file_put(f);
    /* open, write, lseek, read, put (x2): one RPC each; fstat and get: none */
    assert_int_equal(vfs_rpcs() - before, 6);
    kmem_free(path); kmem_free(data); kmem_free(buf); kmem_free(st);

    hal_host_set_cluster(0);
    char back[64];
    assert_int_equal(fs_get_file("/from1", back, sizeof(back)), 22);
    assert_memory_equal(back, "written from cluster 1", 22);
    assert_int_equal(vfs_unlink(XPTR_NULL, "/from1"), 0);
    fs_check_no_leak();
}

/* A transfer bigger than the server's chunk, and the errors of the local
 * calls (bad access mode, missing file) come back unchanged. */
static void test_remote_big_and_errors(void **state)
{
    (void)state;
    enum { N = 5000 };
    hal_host_set_cluster(1);
    char *path = kstr("/big");
    char *missing = kstr("/no/such/file");
    char *out = kbuf(N), *in = kbuf(N);
    for (int i = 0; i < N; i++)
        out[i] = (char)(i * 7 + 1);
    xptr_t f = XPTR_NULL, g = XPTR_NULL;

    assert_int_equal(vfs_open(XPTR_NULL, missing, RW, 0, &g), -ENOENT);
    assert_int_equal(vfs_open(XPTR_NULL, path, RW | CR, 0644, &f), 0);
    assert_int_equal(vfs_write(f, out, N), N);
    assert_int_equal(vfs_lseek(f, 0, ALMOS_SEEK_SET), 0);
    assert_int_equal(vfs_read(f, in, N), N);
    assert_memory_equal(in, out, N);
    assert_int_equal(vfs_lseek(f, 0, 99), -EINVAL);
    vfs_file_put(f);
    assert_int_equal(vfs_open(XPTR_NULL, path, ALMOS_O_ACCMODE, 0, &g), -EINVAL);
    assert_int_equal(vfs_unlink(XPTR_NULL, path), 0);
    assert_int_equal(vfs_unlink(XPTR_NULL, path), -ENOENT);
    kmem_free(path); kmem_free(missing); kmem_free(out); kmem_free(in);
    hal_host_set_cluster(0);
    fs_check_no_leak();
}

/* The namespace from cluster 1: mkdir, stat, lookup, getcwd, readdir,
 * unlink. */
static void test_remote_namespace(void **state)
{
    (void)state;
    hal_host_set_cluster(1);
    char *dir = kstr("/d1");
    char *file = kstr("/d1/f");
    char *cwdbuf = kbuf(VFS_PATH_MAX);
    struct almos_stat *st = kbuf(sizeof(*st));
    struct almos_dirent *d = kbuf(sizeof(*d));
    xptr_t f = XPTR_NULL, inode = XPTR_NULL;

    assert_int_equal(vfs_mkdir(XPTR_NULL, dir, 0755), 0);
    assert_int_equal(vfs_mkdir(XPTR_NULL, dir, 0755), -EEXIST);
    assert_int_equal(vfs_open(XPTR_NULL, file, RW | CR, 0600, &f), 0);
    vfs_file_put(f);
    assert_int_equal(vfs_stat(XPTR_NULL, dir, st), 0);
    assert_int_equal(st->mode & ALMOS_S_IFMT, ALMOS_S_IFDIR);
    assert_int_equal(vfs_lookup(XPTR_NULL, dir, &inode), 0);
    assert_int_equal(vfs_chdir_check(inode), 0);
    assert_int_equal(vfs_getcwd(inode, cwdbuf, VFS_PATH_MAX), 0);
    assert_string_equal(cwdbuf, "/d1");
    /* readdir: ".", "..", "f", then the end */
    assert_int_equal(vfs_open(XPTR_NULL, dir, ALMOS_O_RDONLY, 0, &f), 0);
    const char *names[] = { ".", "..", "f" };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(vfs_readdir(f, d), 1);
        assert_string_equal(d->name, names[i]);
    }
    assert_int_equal(vfs_readdir(f, d), 0);
    vfs_file_put(f);
    vfs_inode_put(inode);
    assert_int_equal(vfs_unlink(XPTR_NULL, dir), -ENOTEMPTY);
    assert_int_equal(vfs_unlink(XPTR_NULL, file), 0);
    assert_int_equal(vfs_unlink(XPTR_NULL, dir), 0);
    kmem_free(dir); kmem_free(file); kmem_free(cwdbuf); kmem_free(st); kmem_free(d);
    hal_host_set_cluster(0);
    fs_check_no_leak();
}

/* A pipe made from cluster 1: the ends are in cluster 0, the bytes go
 * through them with remote accesses; closing both frees the pipe. */
static void test_remote_pipe(void **state)
{
    (void)state;
    hal_host_set_cluster(1);
    xptr_t ends[2] = { XPTR_NULL, XPTR_NULL };
    char *msg = kstr("through the pipe");
    char *buf = kbuf(32);

    assert_int_equal(vfs_pipe(ends), 0);
    assert_int_equal(GET_CXY(ends[0]), 0);
    assert_int_equal(vfs_write(ends[1], msg, 16), 16);
    assert_int_equal(vfs_read(ends[0], buf, 32), 16);
    assert_memory_equal(buf, "through the pipe", 16);
    assert_int_equal(vfs_write(ends[0], msg, 1), -EBADF);    /* the read end */
    vfs_file_put(ends[1]);
    assert_int_equal(vfs_read(ends[0], buf, 32), 0);         /* no writer: end */
    vfs_file_put(ends[0]);
    kmem_free(msg); kmem_free(buf);
    hal_host_set_cluster(0);
    fs_check_no_leak();
}

/* The tty from cluster 1: input queued in cluster 0 is read there. */
static void test_remote_tty(void **state)
{
    (void)state;
    xptr_t tty = XPTR_NULL;
    assert_int_equal(vfs_open(XPTR_NULL, "/dev/tty", RW, 0, &tty), 0);
    fs_console_feed("abc\n", 4);
    hal_host_set_cluster(1);
    char *buf = kbuf(16);
    assert_true(vfs_file_is_tty(tty));
    assert_int_equal(vfs_read(tty, buf, 16), 4);
    assert_memory_equal(buf, "abc\n", 4);
    kmem_free(buf);
    hal_host_set_cluster(0);
    vfs_file_put(tty);
    fs_check_no_leak();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_remote_file_io, fs_setup),
        cmocka_unit_test_setup(test_remote_big_and_errors, fs_setup),
        cmocka_unit_test_setup(test_remote_namespace, fs_setup),
        cmocka_unit_test_setup(test_remote_pipe, fs_setup),
        cmocka_unit_test_setup(test_remote_tty, fs_setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
