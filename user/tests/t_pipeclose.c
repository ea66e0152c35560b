/* t_pipeclose - a thread blocked reading a pipe gets end-of-file when
 * another thread of the process closes the last write end, in the same
 * cluster and from another cluster; a thread blocked writing a full pipe
 * gets EPIPE when the last read end is closed.  GPL-2.0. */
#include <pthread.h>
#include "tlib.h"

static int p[2];
static volatile int started;
static volatile long result;
static volatile int result_errno;

static void *reader(void *arg)
{
    (void)arg;
    char c;
    started = 1;
    errno = 0;
    result = read(p[0], &c, 1);
    result_errno = errno;
    return NULL;
}

static void *writer(void *arg)
{
    (void)arg;
    static char buf[1024];
    started = 1;
    errno = 0;
    long r;
    do
        r = write(p[1], buf, sizeof(buf));      /* fills the pipe, then waits */
    while (r > 0);
    result = r;
    result_errno = errno;
    return NULL;
}

/* Starts <fn> in cluster <cxy>, lets it block, closes <fd>, joins. */
static void round_trip(void *(*fn)(void *), unsigned cxy, int fd)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setcluster(&attr, cxy);
    pthread_t t;
    started = 0;
    result = 99;
    CHECK(pthread_create(&t, &attr, fn, NULL) == 0, "pthread_create");
    while (!started)
        sched_yield();
    almos_sleep_us(20000);                  /* in the read or write by now */
    CHECK(close(fd) == 0, "close(%d): %s", fd, strerror(errno));
    CHECK(pthread_join(t, NULL) == 0, "join");
}

int main(void)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    for (unsigned cxy = 0; cxy < (cfg.clusters > 1 ? 2u : 1u); cxy++) {
        CHECK(pipe(p) == 0, "pipe");
        round_trip(reader, cxy, p[1]);
        CHECK(result == 0, "reader in cluster %u: read returned %ld (%s), expected 0 (EOF)",
              cxy, result, strerror(result_errno));
        close(p[0]);

        CHECK(pipe(p) == 0, "pipe");
        round_trip(writer, cxy, p[0]);
        CHECK(result == -1 && result_errno == EPIPE,
              "writer in cluster %u: write returned %ld (%s), expected EPIPE", cxy, result,
              strerror(result_errno));
        close(p[1]);
    }
    return 0;
}
