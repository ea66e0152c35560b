/* t_barrier - threads go through phases separated by a barrier: after each
 * wait every thread has finished the phase; one thread per phase is the
 * serial thread.  GPL-2.0. */
#include <pthread.h>
#include "tlib.h"

#define THREADS 4
#define PHASES 20

static pthread_barrier_t b;
static volatile int phase_of[THREADS];
static volatile int serials[PHASES];
static volatile int errors;

static void *worker(void *arg)
{
    long me = (long)arg;
    for (int ph = 1; ph <= PHASES; ph++) {
        if (me == ph % THREADS)
            sched_yield();          /* one late thread per phase */
        phase_of[me] = ph;
        int r = pthread_barrier_wait(&b);
        if (r == PTHREAD_BARRIER_SERIAL_THREAD)
            __atomic_add_fetch(&serials[ph - 1], 1, __ATOMIC_SEQ_CST);
        else if (r != 0)
            __atomic_add_fetch(&errors, 1, __ATOMIC_SEQ_CST);
        for (int k = 0; k < THREADS; k++)
            if (phase_of[k] < ph)
                __atomic_add_fetch(&errors, 1, __ATOMIC_SEQ_CST);
        /* nobody may start phase ph + 1 before all have checked phase ph */
        r = pthread_barrier_wait(&b);
        if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD)
            __atomic_add_fetch(&errors, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

int main(void)
{
    CHECK(pthread_barrier_init(&b, NULL, THREADS) == 0, "barrier_init");
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, worker, (void *)i) == 0, "create");
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_join(t[i], NULL) == 0, "join");
    CHECK(errors == 0, "%d threads passed a barrier early (or a wait failed)", errors);
    int s = 0;
    for (int ph = 0; ph < PHASES; ph++)
        s += serials[ph];
    if (s != PHASES)
        printf("note: %d serial threads over %d phases (kernel returns 0 to all?)\n", s, PHASES);
    CHECK(pthread_barrier_destroy(&b) == 0, "barrier_destroy");
    return 0;
}
