/* t_cowremote - copy-on-write resolved from another cluster: after a
 * fork, a thread of the parent placed in another cluster than the
 * reference writes the pages the fork made copy-on-write (data, heap);
 * the parent sees its writes, the child keeps the old values.
 * GPL-2.0. */
#include <pthread.h>
#include "tlib.h"

#define PAGES 4
static char data_pages[PAGES][4096] = { { 1 } };

static void *writer(void *arg)
{
    char *heap = arg;
    for (int i = 0; i < PAGES; i++) {
        data_pages[i][8] = 'w';
        heap[i * 4096 + 8] = 'w';
    }
    return NULL;
}

int main(void)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    if (cfg.clusters < 2) {
        printf("skip: one cluster\n");
        return 0;
    }
    char *heap = malloc(PAGES * 4096);
    CHECK(heap != NULL, "malloc");
    for (int i = 0; i < PAGES; i++) {
        data_pages[i][8] = 'p';
        heap[i * 4096 + 8] = 'p';
    }
    int p[2];
    CHECK(pipe(p) == 0, "pipe");
    almos_flush_stdio();
    int child = fork();
    CHECK(child >= 0, "fork");
    if (child == 0) {
        char c;
        close(p[1]);
        read(p[0], &c, 1);              /* until the parent has written */
        for (int i = 0; i < PAGES; i++)
            if (data_pages[i][8] != 'p' || heap[i * 4096 + 8] != 'p')
                _exit(1);
        _exit(0);
    }
    close(p[0]);
    tl_guard_child(child);
    unsigned me = (unsigned)getpid() >> 16;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setcluster(&attr, (me + 1) % cfg.clusters);
    pthread_t t;
    CHECK(pthread_create(&t, &attr, writer, heap) == 0, "create in cluster %u",
          (me + 1) % cfg.clusters);
    CHECK(pthread_join(t, NULL) == 0, "join");
    for (int i = 0; i < PAGES; i++)
        CHECK(data_pages[i][8] == 'w' && heap[i * 4096 + 8] == 'w',
              "page %d: the remote thread's write is not seen", i);
    write(p[1], "g", 1);
    int st = 0;
    CHECK(waitpid(child, &st, 0) == child, "waitpid");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child saw the parent's writes: %s",
          tl_status(st));
    tl_guard_child(0);
    printf("t_cowremote: ok\n");
    return 0;
}
