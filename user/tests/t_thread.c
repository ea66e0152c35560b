/* t_thread - create/join with arguments and results, pthread_exit,
 * returning from the start routine, errno per thread (TLS), pthread_self,
 * threads sharing memory, a thread in another cluster when there is one.
 * GPL-2.0. */
#include <pthread.h>
#include "tlib.h"

static volatile int shared;

static void *add_one(void *arg)
{
    return (void *)((long)arg + 1);
}

static void *call_exit(void *arg)
{
    pthread_exit((void *)((long)arg * 2));
}

static void *errno_thread(void *arg)
{
    errno = (int)(long)arg;
    sched_yield();
    sched_yield();
    __atomic_add_fetch(&shared, 1, __ATOMIC_SEQ_CST);
    return (void *)(long)(errno == (int)(long)arg);
}

static void *self_thread(void *arg)
{
    *(pthread_t *)arg = pthread_self();
    return NULL;
}

int main(void)
{
    pthread_t t[8];
    void *rv;
    for (long i = 0; i < 8; i++)
        CHECK(pthread_create(&t[i], NULL, add_one, (void *)(i * 10)) == 0, "create %ld", i);
    for (long i = 0; i < 8; i++) {
        CHECK(pthread_join(t[i], &rv) == 0, "join %ld", i);
        CHECK_EQ((long)rv, i * 10 + 1);
    }
    CHECK(pthread_create(&t[0], NULL, call_exit, (void *)21L) == 0, "create");
    CHECK(pthread_join(t[0], &rv) == 0, "join");
    CHECK_EQ((long)rv, 42);

    errno = 1234;
    for (long i = 0; i < 4; i++)
        CHECK(pthread_create(&t[i], NULL, errno_thread, (void *)(100 + i)) == 0, "create");
    for (long i = 0; i < 4; i++) {
        CHECK(pthread_join(t[i], &rv) == 0, "join");
        CHECK((long)rv == 1, "errno of thread %ld changed under it", i);
    }
    CHECK_EQ(errno, 1234);
    CHECK_EQ(shared, 4);

    pthread_t seen = 0;
    CHECK(pthread_create(&t[0], NULL, self_thread, &seen) == 0, "create");
    CHECK(pthread_join(t[0], NULL) == 0, "join");
    CHECK(pthread_equal(seen, t[0]), "pthread_self %ld != created %ld", (long)seen, (long)t[0]);
    CHECK(!pthread_equal(pthread_self(), t[0]), "main's self equals a thread's");

    /* a thread in the last cluster */
    struct almos_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    CHECK(almos_get_config(&cfg) == 0, "get_config: %s", strerror(errno));
    CHECK(cfg.clusters >= 1 && cfg.harts >= 1, "config: %u clusters %u harts",
          cfg.clusters, cfg.harts);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setcluster(&attr, cfg.clusters - 1);
    int e = pthread_create(&t[0], &attr, add_one, (void *)1L);
    CHECK(e == 0, "thread in cluster %u: %s", cfg.clusters - 1, strerror(e));
    CHECK(pthread_join(t[0], &rv) == 0, "join remote");
    CHECK_EQ((long)rv, 2);
    return 0;
}
