/* t_condvar - producers and consumers on a bounded buffer with a mutex and
 * two condvars: every item is consumed exactly once.  GPL-2.0. */
#include <pthread.h>
#include "tlib.h"

#define SLOTS 4
#define PER_PRODUCER 500
#define PRODUCERS 2
#define CONSUMERS 2

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static long buf[SLOTS];
static int head, count, producers_left = PRODUCERS;
static long consumed_sum, consumed_n;

static void *producer(void *arg)
{
    long base = (long)arg * PER_PRODUCER;
    for (long i = 1; i <= PER_PRODUCER; i++) {
        pthread_mutex_lock(&m);
        while (count == SLOTS)
            pthread_cond_wait(&not_full, &m);
        buf[(head + count) % SLOTS] = base + i;
        count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&m);
    }
    pthread_mutex_lock(&m);
    producers_left--;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&m);
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&m);
        while (count == 0 && producers_left > 0)
            pthread_cond_wait(&not_empty, &m);
        if (count == 0) {
            pthread_mutex_unlock(&m);
            return NULL;
        }
        long v = buf[head];
        head = (head + 1) % SLOTS;
        count--;
        consumed_sum += v;
        consumed_n++;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&m);
    }
}

int main(void)
{
    pthread_t p[PRODUCERS], c[CONSUMERS];
    for (long i = 0; i < CONSUMERS; i++)
        CHECK(pthread_create(&c[i], NULL, consumer, NULL) == 0, "create consumer");
    for (long i = 0; i < PRODUCERS; i++)
        CHECK(pthread_create(&p[i], NULL, producer, (void *)i) == 0, "create producer");
    for (int i = 0; i < PRODUCERS; i++)
        CHECK(pthread_join(p[i], NULL) == 0, "join producer");
    for (int i = 0; i < CONSUMERS; i++)
        CHECK(pthread_join(c[i], NULL) == 0, "join consumer");
    long n = (long)PRODUCERS * PER_PRODUCER;
    CHECK_EQ(consumed_n, n);
    CHECK_EQ(consumed_sum, n * (n + 1) / 2);
    return 0;
}
