/* t_mutex - threads contending on a mutex: counter == threads * iters;
 * trylock on a held mutex fails with EBUSY; a statically initialised
 * mutex works.  GPL-2.0. */
#include <pthread.h>
#include "tlib.h"

#define THREADS 4
#define ITERS 2000

static pthread_mutex_t m;
static pthread_mutex_t sm = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter, scounter;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&m);
        long v = counter;
        if ((i & 63) == 0)
            sched_yield();          /* widen the window */
        counter = v + 1;
        pthread_mutex_unlock(&m);
        pthread_mutex_lock(&sm);
        scounter++;
        pthread_mutex_unlock(&sm);
    }
    return NULL;
}

static void *try_it(void *arg)
{
    (void)arg;
    return (void *)(long)pthread_mutex_trylock(&m);
}

int main(void)
{
    CHECK(pthread_mutex_init(&m, NULL) == 0, "mutex_init");
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, worker, NULL) == 0, "create %d", i);
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_join(t[i], NULL) == 0, "join %d", i);
    CHECK_EQ(counter, THREADS * ITERS);
    CHECK_EQ(scounter, THREADS * ITERS);

    CHECK(pthread_mutex_lock(&m) == 0, "lock");
    void *rv;
    CHECK(pthread_create(&t[0], NULL, try_it, NULL) == 0, "create");
    CHECK(pthread_join(t[0], &rv) == 0, "join");
    CHECK((long)rv == EBUSY, "trylock of a held mutex gave %ld, expected EBUSY", (long)rv);
    CHECK(pthread_mutex_unlock(&m) == 0, "unlock");
    CHECK(pthread_mutex_trylock(&m) == 0, "trylock of a free mutex");
    CHECK(pthread_mutex_unlock(&m) == 0, "unlock");
    CHECK(pthread_mutex_destroy(&m) == 0, "destroy");
    return 0;
}
