/* t_usync - limits of the kernel's user synchronisation objects: an object
 * at a kernel address is refused (EFAULT), a semaphore's value stays within
 * SEM_VALUE_MAX (EINVAL at init, EOVERFLOW at post, value unchanged), and a
 * process cannot create more than the kernel's per-process number of
 * objects (EAGAIN), which come back once destroyed.  GPL-2.0. */
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include "tlib.h"

#define SYNC_LIMIT    1024              /* CONFIG_PROCESS_SYNC_MAX */
#define SEM_MAX       0x7fffffffL       /* CONFIG_SEM_VALUE_MAX */

static void *volatile kernel_addr = (void *)0xffffffc000200000UL;

/* The raw system call: -errno, or its result. */
static long sync_call(long nr, void *obj, long op, long arg)
{
    return almos_syscall(nr, (long)obj, op, arg, 0, 0, 0);
}

int main(void)
{
    /* objects named by kernel addresses */
    CHECK_EQ(sync_call(SYS_MUTEX, kernel_addr, SYNC_INIT, 0), -14 /* EFAULT */);
    CHECK_EQ(sync_call(SYS_SEM, kernel_addr, SYNC_INIT, 1), -14);
    CHECK_EQ(sync_call(SYS_CONDVAR, kernel_addr, SYNC_INIT, 0), -14);
    CHECK_EQ(sync_call(SYS_BARRIER, kernel_addr, SYNC_INIT, 2), -14);

    /* semaphore value bounds */
    sem_t s;
    CHECK_ERR(sem_init(&s, 0, (unsigned)SEM_MAX + 1), EINVAL);
    CHECK_EQ(sync_call(SYS_SEM, &s, SYNC_INIT, 0x100000001L), -22 /* EINVAL */);
    CHECK(sem_init(&s, 0, (unsigned)SEM_MAX - 1) == 0, "sem_init(SEM_MAX - 1): %s",
          strerror(errno));
    CHECK(sem_post(&s) == 0, "post to SEM_MAX: %s", strerror(errno));
    CHECK_ERR(sem_post(&s), EOVERFLOW);
    int v = 0;
    CHECK(sem_getvalue(&s, &v) == 0 && v == SEM_MAX, "value %d after the refused post", v);
    CHECK(sem_wait(&s) == 0, "sem_wait");
    CHECK(sem_getvalue(&s, &v) == 0 && v == SEM_MAX - 1, "value %d after a wait", v);
    CHECK(sem_destroy(&s) == 0, "sem_destroy");

    /* the per-process limit, then every object back */
    pthread_mutex_t *m = calloc(SYNC_LIMIT + 1, sizeof(*m));
    CHECK(m != NULL, "calloc");
    int made = 0, err = 0;
    for (; made <= SYNC_LIMIT; made++) {
        err = pthread_mutex_init(&m[made], NULL);
        if (err)
            break;
    }
    CHECK(made == SYNC_LIMIT && err == EAGAIN, "%d mutexes created, then error %d (%s); "
          "expected %d then EAGAIN", made, err, strerror(err), SYNC_LIMIT);
    for (int i = 0; i < made; i++)
        CHECK(pthread_mutex_destroy(&m[i]) == 0, "destroy %d", i);
    CHECK(pthread_mutex_init(&m[0], NULL) == 0, "init after destroying all");
    CHECK(pthread_mutex_lock(&m[0]) == 0 && pthread_mutex_unlock(&m[0]) == 0, "lock/unlock");
    CHECK(pthread_mutex_destroy(&m[0]) == 0, "destroy");
    free(m);
    return 0;
}
