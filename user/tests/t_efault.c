/* t_efault - system calls with bad pointers return EFAULT, with huge
 * lengths EFAULT or EINVAL; the kernel survives and so does the caller.
 * GPL-2.0. */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "tlib.h"

/* volatile, so that the compiler does not judge the calls itself */
static void *volatile kernel_addr = (void *)0xffffffc000200000UL;
static void *volatile unmapped = (void *)0x0000002000000000UL;
static void *volatile one = (void *)0x1;
#define KERNEL_ADDR kernel_addr
#define UNMAPPED    unmapped

#define CHECK_FAULT(expr) CHECK_ERR(expr, EFAULT)
#define CHECK_FAULT_OR_INVAL(expr)                                      \
    do {                                                                \
        errno = 0;                                                      \
        long r_ = (long)(expr);                                         \
        CHECK(r_ == -1 && (errno == EFAULT || errno == EINVAL),         \
              "%s returned %ld errno %d, expected EFAULT or EINVAL",    \
              #expr, r_, errno);                                        \
    } while (0)

int main(void)
{
    int p[2];
    char buf[64];
    CHECK(pipe(p) == 0, "pipe");

    /* user -> kernel */
    CHECK_FAULT(write(1, one, 10));
    CHECK_FAULT(write(p[1], KERNEL_ADDR, 10));
    CHECK_FAULT(write(p[1], UNMAPPED, 10));
    CHECK_FAULT(open((char *)one, O_RDONLY));
    CHECK_FAULT(open(KERNEL_ADDR, O_RDONLY));
    CHECK_FAULT(stat(UNMAPPED, (struct stat *)buf));
    CHECK_FAULT(mkdir((char *)one, 0755));
    CHECK_FAULT(chdir(KERNEL_ADDR));
    CHECK_FAULT(execve((char *)one, NULL, NULL));
    {
        char *argv[] = { "x", (char *)one, NULL };
        CHECK_FAULT(execve("/bin/echo", argv, NULL));
        CHECK_FAULT(execve("/bin/echo", (char **)KERNEL_ADDR, NULL));
    }
    CHECK_FAULT(almos_result(almos_syscall(SYS_MMAP, (long)KERNEL_ADDR, 0, 0, 0, 0, 0)));
    CHECK_FAULT(almos_result(almos_syscall(SYS_THREAD_CREATE, 0x10000, 0,
                                           (long)KERNEL_ADDR, 0, 0, 0)));

    /* kernel -> user */
    CHECK_EQ(write(p[1], "0123456789", 10), 10);
    CHECK_FAULT(read(p[0], KERNEL_ADDR, 10));
    CHECK_FAULT(read(p[0], UNMAPPED, 10));
    CHECK_FAULT(read(p[0], (void *)&main, 10));         /* read-only code */
    CHECK_FAULT(pipe((int *)KERNEL_ADDR));
    CHECK_FAULT(almos_result(almos_syscall(SYS_PIPE, (long)one, 0, 0, 0, 0, 0)));
    CHECK_FAULT(almos_result(almos_syscall(SYS_STAT, (long)"/bin", (long)KERNEL_ADDR, 0, 0, 0, 0)));
    CHECK_FAULT(almos_result(almos_syscall(SYS_GETCWD, (long)one, 100, 0, 0, 0, 0)));
    CHECK_FAULT(almos_get_stats(KERNEL_ADDR));
    CHECK_FAULT(almos_get_config(UNMAPPED));
    CHECK_FAULT(almos_get_cycle(KERNEL_ADDR));
    CHECK_FAULT(almos_process_info(0, KERNEL_ADDR));
    {
        /* a child to wait for, with a bad status pointer */
        int pid = fork();
        if (pid == 0)
            _exit(0);
        CHECK(pid > 0, "fork");
        CHECK_FAULT(waitpid(pid, KERNEL_ADDR, 0));
        waitpid(pid, NULL, 0);      /* reap it if the failed wait did not */
    }

    /* huge lengths (on a file: a pipe could block) */
    int fd = open("/tmp/t_efault.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0, "open: %s", strerror(errno));
    CHECK_FAULT_OR_INVAL(write(fd, buf, (size_t)-1));
    CHECK_FAULT_OR_INVAL(write(fd, buf, (size_t)1 << 40));
    CHECK_FAULT_OR_INVAL(write(fd, buf, (size_t)-4096));
    CHECK_EQ(write(fd, "abc", 3), 3);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_FAULT_OR_INVAL(read(fd, (void *)0x10000, (size_t)1 << 40));
    close(fd);
    unlink("/tmp/t_efault.tmp");
    errno = 0;
    CHECK(mmap(NULL, (size_t)1 << 62, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0) == MAP_FAILED,
          "mmap of 2^62 bytes succeeded");
    CHECK_FAULT_OR_INVAL(munmap(KERNEL_ADDR, 4096));

    /* the pipe still works, and so do we */
    char c;
    close(p[1]);
    int n = 0;
    while (read(p[0], &c, 1) == 1)
        n++;
    CHECK(n <= 10, "pipe returned %d bytes", n);
    close(p[0]);
    return 0;
}
