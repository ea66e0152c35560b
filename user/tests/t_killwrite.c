/*
 * t_killwrite - a process killed in the middle of a write of gigabytes
 * stops writing: SIGKILL ends the call at its next step instead of after
 * the whole count (or the memory) is used up.
 *
 * The child writes from a large lazily-mapped region (the free memory, at
 * most 256 MiB) into a file of /tmp; the parent kills it as soon as the
 * write begins.  Uninterrupted, the write would fill the file with the
 * whole region or until the memory runs out; killed, the file keeps what
 * was written until the kill arrived, a small part of that.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "tlib.h"

#define PATH "/tmp/t_killwrite"

int main(void)
{
    struct almos_stats st;
    tl_stats(&st);
    uint64_t free_bytes = almos_free_pages(&st) * 4096;
    /* as much as the memory holds (the file and the source pages take it
     * together: an uninterrupted write ends short of it, past len / 2) */
    size_t len = (size_t)(free_bytes < (256u << 20) ? free_bytes : (256u << 20));
    char *src = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(src != MAP_FAILED, "mmap of %zu bytes: %s", len, strerror(errno));
    int fd = open(PATH, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    CHECK(fd >= 0, "open " PATH ": %s", strerror(errno));
    int go[2];
    CHECK(pipe(go) == 0, "pipe");
    almos_flush_stdio();

    int pid = fork();
    CHECK(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        close(go[0]);
        write(go[1], "g", 1);
        write(fd, src, len);
        _exit(0);
    }
    tl_guard_child(pid);
    close(go[1]);
    char c;
    CHECK(read(go[0], &c, 1) == 1, "the child did not start");
    kill(pid, SIGKILL);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
          "child %s, expected killed by SIGKILL", tl_status(status));
    struct stat sb;
    CHECK(fstat(fd, &sb) == 0, "fstat");
    /* killed at once, it wrote what one time slice allows: far below what
     * the uninterrupted write reaches */
    CHECK((uint64_t)sb.st_size < len / 4, "the killed write left %lld bytes of %zu",
          (long long)sb.st_size, len);
    close(fd);
    unlink(PATH);
    munmap(src, len);
    return 0;
}
