/*
 * test_locks.c - busylock, remote_busylock, rwlock, remote_rwlock and
 * remote_barrier, with host threads playing cores of several clusters.
 *
 * The protected updates are deliberately non-atomic (load, yield now and
 * then, store) so that a lock that does not exclude loses increments.
 */
#include <pthread.h>
#include <sched.h>
#include <unistd.h>
#include "test_env.h"
#include "busylock.h"
#include "remote_busylock.h"
#include "rwlock.h"
#include "remote_rwlock.h"
#include "remote_barrier.h"
#include "hal_remote.h"
#include "hal_special.h"

#define THREADS  8
#define ITERS    3000

/* Thread i plays a core of cluster i % 4. */
static const cxy_t cxys[THREADS] = { 0, 1, 2, 3, 0, 1, 2, 3 };

/* Shared objects, in simulated memory: xptrs fixed per test. */
static xptr_t lock_xp, counter_xp, a_xp, b_xp, inside_xp, bad_xp;

#define SLICE_XP(cxy, off) (((xptr_t)(cxy) << CLUSTER_SPAN_SHIFT) | (off))

static int setup(void **state)
{
    (void)state;
    hal_host_init(4, 1UL << 20);
    hal_restore_irq(0);
    lock_xp    = SLICE_XP(2, 0x2000);   /* lock in cluster 2 */
    counter_xp = SLICE_XP(3, 0x3000);   /* data in cluster 3 */
    a_xp       = SLICE_XP(3, 0x3008);
    b_xp       = SLICE_XP(1, 0x3010);   /* ... and in cluster 1 */
    inside_xp  = SLICE_XP(0, 0x3018);
    bad_xp     = SLICE_XP(0, 0x3020);
    return 0;
}

/* Non-atomic increment of the 32-bit word at <xp>, yielding sometimes. */
static void slow_increment(xptr_t xp, uint32_t i)
{
    uint32_t v = hal_remote_l32(xp);
    if ((i & 31) == 0)
        sched_yield();
    hal_remote_s32(xp, v + 1);
}

/* Records a violation when another core is inside the section too. */
static void enter_exclusive(void)
{
    if (hal_remote_atomic_add(inside_xp, 1) != 0)
        hal_remote_atomic_add(bad_xp, 1);
}

static void leave_exclusive(void)
{
    hal_remote_atomic_add(inside_xp, -1);
}

/* ---- busylock --------------------------------------------------------- */

static busylock_t local_lock;
static volatile uint32_t local_counter;

static void test_busylock_masks_irq(void **state)
{
    (void)state;
    reg_t saved;

    busylock_init(&local_lock);
    assert_false(hal_host_irq_masked());
    busylock_acquire(&local_lock);
    assert_true(hal_host_irq_masked());
    assert_true(busylock_is_locked(&local_lock));
    busylock_release(&local_lock);
    assert_false(hal_host_irq_masked());
    assert_false(busylock_is_locked(&local_lock));
    /* already masked before: still masked after release */
    hal_disable_irq(&saved);
    busylock_acquire(&local_lock);
    busylock_release(&local_lock);
    assert_true(hal_host_irq_masked());
    hal_restore_irq(saved);
    assert_false(hal_host_irq_masked());
}

static void *busylock_worker(void *arg)
{
    (void)arg;
    for (uint32_t i = 0; i < ITERS; i++) {
        busylock_acquire(&local_lock);
        if (!hal_host_irq_masked())
            hal_remote_atomic_add(bad_xp, 1);
        enter_exclusive();
        uint32_t v = local_counter;
        if ((i & 31) == 0)
            sched_yield();
        local_counter = v + 1;
        leave_exclusive();
        busylock_release(&local_lock);
    }
    return NULL;
}

static void test_busylock_contended(void **state)
{
    (void)state;
    cxy_t zero[THREADS] = { 0 };

    busylock_init(&local_lock);
    local_counter = 0;
    test_run_threads(THREADS, zero, busylock_worker, NULL);
    assert_int_equal(local_counter, THREADS * ITERS);
    assert_int_equal(hal_remote_l32(bad_xp), 0);
}

/* ---- remote_busylock -------------------------------------------------- */

static void *remote_busylock_worker(void *arg)
{
    (void)arg;
    for (uint32_t i = 0; i < ITERS; i++) {
        remote_busylock_acquire(lock_xp);
        if (!hal_host_irq_masked())
            hal_remote_atomic_add(bad_xp, 1);
        enter_exclusive();
        slow_increment(counter_xp, i);
        leave_exclusive();
        remote_busylock_release(lock_xp);
    }
    return NULL;
}

static void test_remote_busylock_contended(void **state)
{
    (void)state;
    remote_busylock_init(lock_xp);
    test_run_threads(THREADS, cxys, remote_busylock_worker, NULL);
    assert_int_equal(hal_remote_l32(counter_xp), THREADS * ITERS);
    assert_int_equal(hal_remote_l32(bad_xp), 0);
    assert_false(remote_busylock_is_locked(lock_xp));
    assert_false(hal_host_irq_masked());
}

/* ---- rwlock / remote_rwlock: writers keep a == b, readers check it ---- */

static rwlock_t local_rw;
static volatile uint32_t rw_a, rw_b;

static void *rwlock_worker(void *arg)
{
    bool writer = (uintptr_t)arg & 1;

    for (uint32_t i = 0; i < ITERS; i++) {
        if (writer) {
            rwlock_wr_acquire(&local_rw);
            enter_exclusive();
            uint32_t v = rw_a;
            rw_a = v + 1;
            if ((i & 31) == 0)
                sched_yield();
            rw_b = v + 1;
            leave_exclusive();
            rwlock_wr_release(&local_rw);
        } else {
            rwlock_rd_acquire(&local_rw);
            if (hal_remote_l32(inside_xp) != 0 || rw_a != rw_b)
                hal_remote_atomic_add(bad_xp, 1);
            rwlock_rd_release(&local_rw);
        }
    }
    return NULL;
}

static void test_rwlock_contended(void **state)
{
    (void)state;
    void *args[THREADS];
    cxy_t zero[THREADS] = { 0 };

    for (uintptr_t i = 0; i < THREADS; i++)
        args[i] = (void *)i;            /* odd threads write */
    rwlock_init(&local_rw);
    rw_a = rw_b = 0;
    test_run_threads(THREADS, zero, rwlock_worker, args);
    assert_int_equal(rw_a, THREADS / 2 * ITERS);
    assert_int_equal(rw_b, rw_a);
    assert_int_equal(hal_remote_l32(bad_xp), 0);
}

static void *remote_rwlock_worker(void *arg)
{
    bool writer = (uintptr_t)arg & 1;

    for (uint32_t i = 0; i < ITERS; i++) {
        if (writer) {
            remote_rwlock_wr_acquire(lock_xp);
            enter_exclusive();
            uint32_t v = hal_remote_l32(a_xp);
            hal_remote_s32(a_xp, v + 1);
            if ((i & 31) == 0)
                sched_yield();
            hal_remote_s32(b_xp, v + 1);
            leave_exclusive();
            remote_rwlock_wr_release(lock_xp);
        } else {
            remote_rwlock_rd_acquire(lock_xp);
            if (hal_remote_l32(inside_xp) != 0 ||
                hal_remote_l32(a_xp) != hal_remote_l32(b_xp))
                hal_remote_atomic_add(bad_xp, 1);
            remote_rwlock_rd_release(lock_xp);
        }
    }
    return NULL;
}

static void test_remote_rwlock_contended(void **state)
{
    (void)state;
    void *args[THREADS];

    for (uintptr_t i = 0; i < THREADS; i++)
        args[i] = (void *)i;
    remote_rwlock_init(lock_xp);
    test_run_threads(THREADS, cxys, remote_rwlock_worker, args);
    assert_int_equal(hal_remote_l32(a_xp), THREADS / 2 * ITERS);
    assert_int_equal(hal_remote_l32(b_xp), hal_remote_l32(a_xp));
    assert_int_equal(hal_remote_l32(bad_xp), 0);
}

/* Readers share the lock; a waiting writer holds back later readers. */
static volatile int writer_in, reader2_in;

static void *fair_writer(void *arg)
{
    (void)arg;
    remote_rwlock_wr_acquire(lock_xp);
    writer_in = 1;
    usleep(20000);
    /* reader 2 arrived after us: it must still be out */
    if (reader2_in)
        hal_remote_atomic_add(bad_xp, 1);
    remote_rwlock_wr_release(lock_xp);
    return NULL;
}

static void *fair_reader2(void *arg)
{
    (void)arg;
    remote_rwlock_rd_acquire(lock_xp);
    reader2_in = 1;
    if (!writer_in)                     /* overtook the waiting writer */
        hal_remote_atomic_add(bad_xp, 1);
    remote_rwlock_rd_release(lock_xp);
    return NULL;
}

static void test_remote_rwlock_shared_and_fair(void **state)
{
    (void)state;
    pthread_t w, r2;

    remote_rwlock_init(lock_xp);
    writer_in = reader2_in = 0;
    hal_host_set_cluster(1);
    remote_rwlock_rd_acquire(lock_xp);      /* reader 1 (us) */
    remote_rwlock_rd_acquire(lock_xp);      /* a second reader gets in too */
    remote_rwlock_rd_release(lock_xp);
    assert_int_equal(pthread_create(&w, NULL, fair_writer, NULL), 0);
    while (hal_remote_l32(lock_xp + offsetof(remote_rwlock_t, ticket)) < 3)
        sched_yield();                      /* writer has its ticket */
    assert_int_equal(pthread_create(&r2, NULL, fair_reader2, NULL), 0);
    while (hal_remote_l32(lock_xp + offsetof(remote_rwlock_t, ticket)) < 4)
        sched_yield();                      /* reader 2 has its ticket */
    usleep(20000);
    assert_int_equal(writer_in, 0);         /* we still read */
    assert_int_equal(reader2_in, 0);        /* queued behind the writer */
    remote_rwlock_rd_release(lock_xp);
    pthread_join(w, NULL);
    pthread_join(r2, NULL);
    assert_int_equal(writer_in, 1);
    assert_int_equal(reader2_in, 1);
    assert_int_equal(hal_remote_l32(bad_xp), 0);
    hal_host_set_cluster(0);
}

/* ---- remote_barrier --------------------------------------------------- */

#define EPISODES 200
static xptr_t slots_xp;                 /* THREADS words in cluster 1 */

static void *barrier_worker(void *arg)
{
    uint32_t me = (uint32_t)(uintptr_t)arg;

    for (uint32_t k = 1; k <= EPISODES; k++) {
        hal_remote_s32(slots_xp + 4 * me, k);
        remote_barrier_wait(lock_xp);
        for (uint32_t j = 0; j < THREADS; j++)
            if (hal_remote_l32(slots_xp + 4 * j) != k)
                hal_remote_atomic_add(bad_xp, 1);
        remote_barrier_wait(lock_xp);
    }
    return NULL;
}

static void test_remote_barrier_episodes(void **state)
{
    (void)state;
    void *args[THREADS];

    for (uintptr_t i = 0; i < THREADS; i++)
        args[i] = (void *)i;
    slots_xp = SLICE_XP(1, 0x4000);
    remote_barrier_init(lock_xp, THREADS);
    test_run_threads(THREADS, cxys, barrier_worker, args);
    assert_int_equal(hal_remote_l32(bad_xp), 0);
    for (uint32_t j = 0; j < THREADS; j++)
        assert_int_equal(hal_remote_l32(slots_xp + 4 * j), EPISODES);
}

static volatile int passed_barrier;

static void *barrier_one(void *arg)
{
    (void)arg;
    hal_host_set_cluster(3);
    remote_barrier_wait(lock_xp);
    passed_barrier = 1;
    return NULL;
}

static void test_remote_barrier_blocks(void **state)
{
    (void)state;
    pthread_t t;

    remote_barrier_init(lock_xp, 2);
    passed_barrier = 0;
    assert_int_equal(pthread_create(&t, NULL, barrier_one, NULL), 0);
    usleep(30000);
    assert_int_equal(passed_barrier, 0);    /* alone: must wait */
    remote_barrier_wait(lock_xp);           /* second participant */
    pthread_join(t, NULL);
    assert_int_equal(passed_barrier, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_busylock_masks_irq, setup),
        cmocka_unit_test_setup(test_busylock_contended, setup),
        cmocka_unit_test_setup(test_remote_busylock_contended, setup),
        cmocka_unit_test_setup(test_rwlock_contended, setup),
        cmocka_unit_test_setup(test_remote_rwlock_contended, setup),
        cmocka_unit_test_setup(test_remote_rwlock_shared_and_fair, setup),
        cmocka_unit_test_setup(test_remote_barrier_episodes, setup),
        cmocka_unit_test_setup(test_remote_barrier_blocks, setup),
    };
    return cmocka_run_group_tests_name("locks", tests, NULL, NULL);
}
