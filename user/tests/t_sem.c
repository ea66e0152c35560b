/* t_sem - a semaphore as a lock (value 1) protects a counter; a counting
 * semaphore hands over items; sem_getvalue follows posts.  GPL-2.0. */
#include <pthread.h>
#include <semaphore.h>
#include "tlib.h"

#define THREADS 4
#define ITERS 1000

static sem_t lock, items;
static volatile long counter;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ITERS; i++) {
        sem_wait(&lock);
        long v = counter;
        if ((i & 31) == 0)
            sched_yield();
        counter = v + 1;
        sem_post(&lock);
    }
    return NULL;
}

static void *poster(void *arg)
{
    for (long i = 0; i < (long)arg; i++)
        sem_post(&items);
    return NULL;
}

int main(void)
{
    CHECK(sem_init(&lock, 0, 1) == 0, "sem_init: %s", strerror(errno));
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, worker, NULL) == 0, "create");
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_join(t[i], NULL) == 0, "join");
    CHECK_EQ(counter, THREADS * ITERS);

    CHECK(sem_init(&items, 0, 0) == 0, "sem_init items");
    int v = -1;
    CHECK(sem_getvalue(&items, &v) == 0 && v == 0, "getvalue %d, expected 0", v);
    CHECK(pthread_create(&t[0], NULL, poster, (void *)100L) == 0, "create");
    for (int i = 0; i < 100; i++)
        CHECK(sem_wait(&items) == 0, "sem_wait %d: %s", i, strerror(errno));
    CHECK(pthread_join(t[0], NULL) == 0, "join");
    CHECK(sem_getvalue(&items, &v) == 0 && v == 0, "getvalue %d after draining", v);
    sem_post(&items);
    sem_post(&items);
    CHECK(sem_getvalue(&items, &v) == 0 && v == 2, "getvalue %d, expected 2", v);
    CHECK(sem_destroy(&items) == 0, "sem_destroy");
    CHECK(sem_destroy(&lock) == 0, "sem_destroy");
    return 0;
}
