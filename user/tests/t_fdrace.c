/* t_fdrace - one thread closes and dup2()s over descriptors while other
 * threads (one per cluster, up to 4) read, write and lseek them: every call
 * returns a result or EBADF (EPIPE, ESPIPE on a pipe), and the kernel lives (the file stays valid
 * for a call in progress, which holds its own reference).  GPL-2.0. */
#include <fcntl.h>
#include <pthread.h>
#include "tlib.h"

#define ROUNDS   300
#define WORKERS  4

static volatile int stop;
static volatile int target = -1;          /* the descriptor under attack */
static volatile long bad;                 /* results other than a count or EBADF */
static volatile int first_err;

static void *worker(void *arg)
{
    (void)arg;
    char buf[64] = "0123456789abcdef";
    while (!stop) {
        int fd = target;
        errno = 0;
        long r1 = write(fd, buf, sizeof(buf));
        int e1 = errno;
        errno = 0;
        long r2 = lseek(fd, 0, SEEK_SET);
        int e2 = errno;
        errno = 0;
        long r3 = read(fd, buf, sizeof(buf));
        int e3 = errno;
        /* a pipe end or a file: ESPIPE and EBADF (wrong direction) are fine */
        /* a pipe's write end: writes may meet EPIPE (no reader), reads
         * EBADF; lseek on a pipe: ESPIPE */
        int e = (r1 < 0 && e1 != EBADF && e1 != EPIPE) ? e1 :
                (r2 < 0 && e2 != EBADF && e2 != ESPIPE) ? e2 :
                (r3 < 0 && e3 != EBADF) ? e3 : 0;
        if (e) {
            if (bad++ == 0)
                first_err = e;
        }
    }
    return NULL;
}

int main(void)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    int fd = open("/tmp/t_fdrace", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0, "open: %s", strerror(errno));
    target = fd;
    pthread_t t[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setcluster(&attr, (unsigned)i % cfg.clusters);
        CHECK(pthread_create(&t[i], &attr, worker, NULL) == 0, "pthread_create");
    }
    for (int r = 0; r < ROUNDS; r++) {
        switch (r % 3) {
        case 0:                      /* close, then the same number again */
            close(fd);
            fd = open("/tmp/t_fdrace", O_RDWR);
            break;
        case 1: {                    /* dup2 a pipe end over it */
            int p[2];
            if (pipe(p) == 0) {
                dup2(p[1], fd);
                close(p[0]);
                close(p[1]);
            }
            break;
        }
        default: {                   /* dup2 the file back over it */
            int g = open("/tmp/t_fdrace", O_RDWR);
            if (g >= 0) {
                dup2(g, fd);
                close(g);
            }
        }
        }
        target = fd;
        sched_yield();
    }
    stop = 1;
    for (int i = 0; i < WORKERS; i++)
        CHECK(pthread_join(t[i], NULL) == 0, "join");
    close(fd);
    unlink("/tmp/t_fdrace");
    CHECK(bad == 0, "%ld calls failed otherwise than with EBADF, EPIPE or ESPIPE; the first: %s",
          bad, strerror(first_err));
    return 0;
}
