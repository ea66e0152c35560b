/*
 * test_pipe.c - pipes: data order, end of file after the writer closes,
 * EPIPE without reader, blocking reader and writer on concurrent "cores"
 * of two clusters, shared ends (fork/dup), no leak.
 */
#include "fs_test.h"
#include "pipe.h"
#include "kmem.h"
#include "hal_special.h"
#include "errno.h"
#include "string.h"

static void test_pipe_basic(void **state)
{
    (void)state;
    xptr_t p[2];
    char buf[32];
    struct almos_stat st;

    assert_int_equal(vfs_pipe(p), 0);
    assert_int_equal(vfs_write(p[1], "abc", 3), 3);
    assert_int_equal(vfs_write(p[1], "defg", 4), 4);
    assert_int_equal(vfs_read(p[0], buf, 2), 2);
    assert_memory_equal(buf, "ab", 2);
    assert_int_equal(vfs_read(p[0], buf, sizeof(buf)), 5);
    assert_memory_equal(buf, "cdefg", 5);
    assert_int_equal(vfs_read(p[1], buf, 1), -EBADF);
    assert_int_equal(vfs_write(p[0], "x", 1), -EBADF);
    assert_int_equal(vfs_lseek(p[0], 0, ALMOS_SEEK_SET), -ESPIPE);
    assert_int_equal(vfs_fstat(p[0], &st), 0);
    assert_int_equal(st.mode & ALMOS_S_IFMT, ALMOS_S_IFIFO);
    assert_true(vfs_file_inode(p[0]) == vfs_file_inode(p[1]));
    assert_false(vfs_file_is_tty(p[0]));
    assert_int_equal(fs_yields, 0);
    /* the writer closes: what is left, then end of file */
    assert_int_equal(vfs_write(p[1], "xy", 2), 2);
    vfs_file_put(p[1]);
    assert_int_equal(vfs_read(p[0], buf, sizeof(buf)), 2);
    assert_int_equal(vfs_read(p[0], buf, sizeof(buf)), 0);
    assert_int_equal(vfs_read(p[0], buf, sizeof(buf)), 0);
    vfs_file_put(p[0]);
    fs_check_no_leak();
}

static void test_pipe_epipe(void **state)
{
    (void)state;
    xptr_t p[2];

    assert_int_equal(vfs_pipe(p), 0);
    vfs_file_put(p[0]);
    assert_int_equal(vfs_write(p[1], "x", 1), -EPIPE);
    vfs_file_put(p[1]);
    fs_check_no_leak();
}

static void test_pipe_wrap(void **state)
{
    (void)state;
    xptr_t p[2];
    static char data[PIPE_SIZE], back[PIPE_SIZE];

    assert_int_equal(vfs_pipe(p), 0);
    for (unsigned i = 0; i < PIPE_SIZE; i++)
        data[i] = (char)(i * 13);
    /* move the ring's head, then fill it exactly: the data wraps */
    assert_int_equal(vfs_write(p[1], data, 1000), 1000);
    assert_int_equal(vfs_read(p[0], back, 1000), 1000);
    assert_int_equal(vfs_write(p[1], data, PIPE_SIZE), PIPE_SIZE);
    assert_int_equal(vfs_read(p[0], back, PIPE_SIZE), PIPE_SIZE);
    assert_memory_equal(back, data, PIPE_SIZE);
    assert_int_equal(fs_yields, 0);
    vfs_file_put(p[0]);
    vfs_file_put(p[1]);
    fs_check_no_leak();
}

/* A shared end (fork, dup) is closed by its last holder only. */
static void test_pipe_shared_ends(void **state)
{
    (void)state;
    xptr_t p[2];
    char c;

    assert_int_equal(vfs_pipe(p), 0);
    vfs_file_get(p[1]);
    vfs_file_put(p[1]);
    assert_int_equal(vfs_write(p[1], "z", 1), 1);
    vfs_file_put(p[1]);
    assert_int_equal(vfs_read(p[0], &c, 1), 1);
    assert_int_equal(vfs_read(p[0], &c, 1), 0);
    vfs_file_put(p[0]);
    fs_check_no_leak();
}

/* Writer and reader on two cores of the VFS cluster: 100 KB through the
 * 4 KiB ring, both blocking in turn; the reader sees every byte in order
 * and end of file. */
enum { STREAM = 100 * 1024 + 77 };
static xptr_t stream_pipe[2];
static uint8_t stream_back[STREAM];
static size_t stream_got;

static void *stream_writer(void *arg)
{
    (void)arg;
    static uint8_t chunk[3000];
    size_t sent = 0;

    while (sent < STREAM) {
        size_t n = STREAM - sent < sizeof(chunk) ? STREAM - sent : sizeof(chunk);
        for (size_t i = 0; i < n; i++)
            chunk[i] = (uint8_t)((sent + i) * 31 + 7);
        assert_true(vfs_write(stream_pipe[1], chunk, n) == (int64_t)n);
        sent += n;
    }
    vfs_file_put(stream_pipe[1]);
    return NULL;
}

static void *stream_reader(void *arg)
{
    (void)arg;
    int64_t n;

    /* start once the writer has filled the ring and waits, so that the
     * blocking path is taken whatever the host scheduling */
    while (fs_yields == 0)
        hal_cpu_relax();
    while ((n = vfs_read(stream_pipe[0], stream_back + stream_got,
                         stream_got + 1500 <= STREAM ? 1500 : STREAM - stream_got + 1)) > 0)
        stream_got += (size_t)n;
    assert_true(n == 0);
    return NULL;
}

static void *stream_role(void *arg)
{
    return arg ? stream_reader(NULL) : stream_writer(NULL);
}

static void test_pipe_stream(void **state)
{
    (void)state;
    cxy_t cxys[2] = { 0, 0 };
    void *args[2] = { NULL, (void *)1 };

    assert_int_equal(vfs_pipe(stream_pipe), 0);
    stream_got = 0;
    test_run_threads(2, cxys, stream_role, args);
    assert_int_equal(stream_got, STREAM);
    for (size_t i = 0; i < STREAM; i++)
        if (stream_back[i] != (uint8_t)(i * 31 + 7))
            fail_msg("byte %zu differs", i);
    assert_true(fs_yields > 0);             /* the writer waited */
    vfs_file_put(stream_pipe[0]);
    fs_check_no_leak();
}

/* A writer blocked on a full ring gets -EPIPE... or its partial count when
 * the reader goes away. */
static xptr_t close_pipe[2];
static void close_reader_hook(void)
{
    if (fs_yields == 3) {
        vfs_file_put(close_pipe[0]);
    }
}

static void test_pipe_reader_leaves(void **state)
{
    (void)state;
    static char data[PIPE_SIZE + 100];

    assert_int_equal(vfs_pipe(close_pipe), 0);
    fs_yield_hook = close_reader_hook;
    /* the ring takes PIPE_SIZE bytes, then the writer waits and sees the
     * reader leave: it reports what went in */
    assert_int_equal(vfs_write(close_pipe[1], data, sizeof(data)), PIPE_SIZE);
    assert_int_equal(fs_yields, 3);
    assert_int_equal(vfs_write(close_pipe[1], data, 1), -EPIPE);
    fs_yield_hook = NULL;
    vfs_file_put(close_pipe[1]);
    fs_check_no_leak();
}

/* The pipe layer itself from two clusters: a pipe of cluster 0, written by
 * a core of cluster 1 and read by a core of cluster 0 (buffers in the
 * simulated kernel memory, copied through the remote window). */
static xptr_t xpipe;
static bool xpipe_ok;

static void *xpipe_role(void *arg)
{
    enum { N = 20000 };
    uint8_t *buf = kmem_alloc(N, AF_ZERO);

    if (arg) {                                          /* writer, cluster 1 */
        for (int i = 0; i < N; i++)
            buf[i] = (uint8_t)(i % 251);
        xpipe_ok = pipe_write(xpipe, buf, N) == N;
        pipe_close_end(xpipe, true);
    } else {                                            /* reader, cluster 0 */
        size_t got = 0;
        int64_t n;
        while ((n = pipe_read(xpipe, buf + got, N - got + 1)) > 0)
            got += (size_t)n;
        bool same = got == N;
        for (int i = 0; same && i < N; i++)
            same = buf[i] == (uint8_t)(i % 251);
        if (!same)
            xpipe_ok = false;
    }
    kmem_free(buf);
    return NULL;
}

static void test_pipe_two_clusters(void **state)
{
    (void)state;
    cxy_t cxys[2] = { 1, 0 };
    void *args[2] = { (void *)1, NULL };

    xpipe = pipe_create(0);
    assert_true(xpipe != XPTR_NULL);
    xpipe_ok = true;
    test_run_threads(2, cxys, xpipe_role, args);
    assert_true(xpipe_ok);
    pipe_close_end(xpipe, false);
    pipe_destroy(xpipe);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_pipe_basic, fs_setup),
        cmocka_unit_test_setup(test_pipe_epipe, fs_setup),
        cmocka_unit_test_setup(test_pipe_wrap, fs_setup),
        cmocka_unit_test_setup(test_pipe_shared_ends, fs_setup),
        cmocka_unit_test_setup(test_pipe_stream, fs_setup),
        cmocka_unit_test_setup(test_pipe_reader_leaves, fs_setup),
        cmocka_unit_test_setup(test_pipe_two_clusters, fs_setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
