/*
 * t_contend - mutex, condition variable, barrier and semaphore contention
 * with one thread per hart, on every cluster: the objects live in the
 * reference cluster, the threads reach them through their process copies.
 *
 *   mutex:     never two threads inside; the shared counter is exact.
 *   condvar:   producers on every cluster hand numbered items through a
 *              small bounded queue to consumers on every cluster: each
 *              item is taken exactly once.
 *   barrier:   in each round every thread writes its slot; after the
 *              barrier every thread sees every slot of that round; exactly
 *              one thread per round is told PTHREAD_BARRIER_SERIAL_THREAD.
 *   semaphore: at most K threads at once between wait and post, and all
 *              K places are used.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <pthread.h>
#include <semaphore.h>
#include "tlib.h"

#define MAX_THREADS 32
#define MUTEX_ITERS 300
#define ITEMS_PER_PRODUCER 100
#define QUEUE_SIZE 4
#define ROUNDS 20
#define SEM_PLACES 3
#define SEM_ITERS 100

static int nthreads;
static unsigned thread_cxy[MAX_THREADS];     /* cluster asked for thread i */
static unsigned ran_in[MAX_THREADS];         /* cluster it found itself in */

/* ---------------------------------------------------------- mutex -- */
static pthread_mutex_t mutex;
static volatile long counter;
static volatile int inside, overlaps;

static void mutex_body(int me)
{
    (void)me;
    for (int i = 0; i < MUTEX_ITERS; i++) {
        pthread_mutex_lock(&mutex);
        if (__atomic_add_fetch(&inside, 1, __ATOMIC_SEQ_CST) != 1)
            __atomic_add_fetch(&overlaps, 1, __ATOMIC_SEQ_CST);
        long v = counter;
        if ((i & 15) == 0)
            sched_yield();                  /* widen the window */
        counter = v + 1;
        __atomic_sub_fetch(&inside, 1, __ATOMIC_SEQ_CST);
        pthread_mutex_unlock(&mutex);
    }
}

/* -------------------------------------------------------- condvar -- */
static pthread_mutex_t qlock;
static pthread_cond_t not_full, not_empty;
static int queue[QUEUE_SIZE], q_head, q_count, producers_left;
static int taken[MAX_THREADS * ITEMS_PER_PRODUCER];
static volatile int taken_twice;

/* Even threads produce, odd threads consume. */
static void produce(int me)
{
    for (int k = 0; k < ITEMS_PER_PRODUCER; k++) {
        pthread_mutex_lock(&qlock);
        while (q_count == QUEUE_SIZE)
            pthread_cond_wait(&not_full, &qlock);
        queue[(q_head + q_count++) % QUEUE_SIZE] = me * ITEMS_PER_PRODUCER + k;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&qlock);
    }
    pthread_mutex_lock(&qlock);
    producers_left--;
    pthread_cond_broadcast(&not_empty);     /* consumers may be done */
    pthread_mutex_unlock(&qlock);
}

static void consume(void)
{
    for (;;) {
        pthread_mutex_lock(&qlock);
        while (q_count == 0 && producers_left > 0)
            pthread_cond_wait(&not_empty, &qlock);
        if (q_count == 0) {
            pthread_mutex_unlock(&qlock);
            return;
        }
        int item = queue[q_head];
        q_head = (q_head + 1) % QUEUE_SIZE;
        q_count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&qlock);
        if (__atomic_fetch_add(&taken[item], 1, __ATOMIC_SEQ_CST) != 0)
            __atomic_add_fetch(&taken_twice, 1, __ATOMIC_SEQ_CST);
    }
}

static void condvar_body(int me)
{
    if (me % 2 == 0)
        produce(me);
    else
        consume();
}

/* -------------------------------------------------------- barrier -- */
static pthread_barrier_t barrier;
static volatile int slot[MAX_THREADS];
static volatile int stale_slots, serials[ROUNDS];

static void barrier_body(int me)
{
    for (int r = 0; r < ROUNDS; r++) {
        slot[me] = r;
        int rc = pthread_barrier_wait(&barrier);
        if (rc == PTHREAD_BARRIER_SERIAL_THREAD)
            __atomic_add_fetch(&serials[r], 1, __ATOMIC_SEQ_CST);
        for (int i = 0; i < nthreads; i++)
            if (slot[i] != r)
                __atomic_add_fetch(&stale_slots, 1, __ATOMIC_SEQ_CST);
        pthread_barrier_wait(&barrier);     /* nobody writes round r+1 yet */
    }
}

/* ------------------------------------------------------ semaphore -- */
static sem_t sem;
static volatile int in_sem, max_in_sem, sem_full;
static int sem_expect;                       /* min(threads, places) */

static void sem_body(int me)
{
    (void)me;
    for (int i = 0; i < SEM_ITERS; i++) {
        sem_wait(&sem);
        int n = __atomic_add_fetch(&in_sem, 1, __ATOMIC_SEQ_CST);
        int m = max_in_sem;
        while (n > m && !__atomic_compare_exchange_n(&max_in_sem, &m, n, 0,
                                                     __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            ;
        /* the first ones in stay until every place is taken: nobody posts
         * before, so that must happen, whatever the timing */
        if (n == sem_expect)
            sem_full = 1;
        while (!sem_full)
            sched_yield();
        sched_yield();                      /* stay inside a while */
        __atomic_sub_fetch(&in_sem, 1, __ATOMIC_SEQ_CST);
        sem_post(&sem);
    }
}

/* ---------------------------------------------------------- driver -- */
static void (*body)(int);

static void *thread_main(void *arg)
{
    int me = (int)(long)arg;
    ran_in[me] = (unsigned)pthread_self() >> 16;
    body(me);
    return NULL;
}

/* Runs fn(i) in thread i, i < <n>, thread i on hart i % nthreads. */
static void run_all(const char *what, void (*fn)(int), const unsigned *lid, int n)
{
    pthread_t th[MAX_THREADS];
    body = fn;
    for (int i = 0; i < n; i++) {
        thread_cxy[i] = thread_cxy[i % nthreads];
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setcluster(&attr, thread_cxy[i]);
        pthread_attr_setcore(&attr, lid[i % nthreads]);
        CHECK(pthread_create(&th[i], &attr, thread_main, (void *)(long)i) == 0,
              "%s: create thread %d in cluster %u", what, i, thread_cxy[i]);
    }
    for (int i = 0; i < n; i++) {
        int e = pthread_join(th[i], NULL);
        CHECK(e == 0, "%s: join %d (trdid %lx): %s", what, i, (unsigned long)th[i], strerror(e));
    }
    for (int i = 0; i < n; i++)
        CHECK(ran_in[i] == thread_cxy[i], "%s: thread %d ran in cluster %u, asked %u", what,
              i, ran_in[i], thread_cxy[i]);
}

int main(void)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    unsigned lid[MAX_THREADS];
    for (unsigned c = 0; c < cfg.clusters; c++)
        for (unsigned l = 0; l < cfg.harts_per_cluster[c] && nthreads < MAX_THREADS; l++) {
            thread_cxy[nthreads] = c;
            lid[nthreads++] = l;
        }
    printf("%d threads over %u clusters\n", nthreads, cfg.clusters);

    CHECK(pthread_mutex_init(&mutex, NULL) == 0, "mutex_init");
    run_all("mutex", mutex_body, lid, nthreads);
    CHECK(overlaps == 0, "mutex: %d times two threads inside", overlaps);
    CHECK_EQ(counter, (long)nthreads * MUTEX_ITERS);

    /* a producer and a consumer at least, on one hart if need be */
    int cthreads = nthreads < 2 ? 2 : nthreads;
    int producers = (cthreads + 1) / 2;
    producers_left = producers;
    CHECK(pthread_mutex_init(&qlock, NULL) == 0 && pthread_cond_init(&not_full, NULL) == 0 &&
          pthread_cond_init(&not_empty, NULL) == 0, "condvar init");
    run_all("condvar", condvar_body, lid, cthreads);
    CHECK(taken_twice == 0, "condvar: %d items taken twice", taken_twice);
    for (int p = 0; p < cthreads; p += 2)
        for (int k = 0; k < ITEMS_PER_PRODUCER; k++)
            CHECK(taken[p * ITEMS_PER_PRODUCER + k] == 1, "condvar: item %d of producer %d "
                  "taken %d times", k, p, taken[p * ITEMS_PER_PRODUCER + k]);
    CHECK(q_count == 0, "condvar: %d items left in the queue", q_count);

    CHECK(pthread_barrier_init(&barrier, NULL, (unsigned)nthreads) == 0, "barrier_init");
    run_all("barrier", barrier_body, lid, nthreads);
    CHECK(stale_slots == 0, "barrier: %d slots seen from an earlier round", stale_slots);
    for (int r = 0; r < ROUNDS; r++)
        CHECK(serials[r] == 1, "barrier round %d: %d serial threads", r, serials[r]);

    sem_expect = nthreads < SEM_PLACES ? nthreads : SEM_PLACES;
    CHECK(sem_init(&sem, 0, SEM_PLACES) == 0, "sem_init");
    run_all("semaphore", sem_body, lid, nthreads);
    CHECK(max_in_sem <= SEM_PLACES, "semaphore: %d threads inside, %d places", max_in_sem,
          SEM_PLACES);
    CHECK(max_in_sem == sem_expect, "semaphore: at most %d inside, expected %d", max_in_sem,
          sem_expect);
    int v = -1;
    CHECK(sem_getvalue(&sem, &v) == 0 && v == SEM_PLACES, "semaphore value %d after", v);
    printf("mutex %ld, %d items, %d barrier rounds, %d in the semaphore at most\n", counter,
           producers * ITEMS_PER_PRODUCER, ROUNDS, max_in_sem);
    return 0;
}
