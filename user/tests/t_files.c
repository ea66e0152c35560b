/* t_files - open/read/write/lseek/stat/fstat/mkdir/readdir/unlink/chdir/
 * getcwd/dup/dup2/pipe basics.  GPL-2.0. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "tlib.h"

int main(void)
{
    char buf[64];
    mkdir("/tmp/t_files", 0755);        /* may exist from an earlier run */
    int fd = open("/tmp/t_files/a", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0, "open O_CREAT: %s", strerror(errno));
    CHECK_EQ(write(fd, "hello world", 11), 11);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 11);
    CHECK_EQ(lseek(fd, 6, SEEK_SET), 6);
    memset(buf, 0, sizeof(buf));
    CHECK_EQ(read(fd, buf, sizeof(buf)), 5);
    CHECK(strcmp(buf, "world") == 0, "read back '%s'", buf);
    CHECK_EQ(read(fd, buf, sizeof(buf)), 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0, "fstat: %s", strerror(errno));
    CHECK_EQ(st.st_size, 11);
    CHECK(S_ISREG(st.st_mode), "mode %o not a regular file", (unsigned)st.st_mode);

    /* dup shares the offset */
    int fd2 = dup(fd);
    CHECK(fd2 >= 0 && fd2 != fd, "dup: %d %s", fd2, strerror(errno));
    CHECK_EQ(lseek(fd2, 0, SEEK_SET), 0);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);
    CHECK_EQ(dup2(fd, 9), 9);
    CHECK_EQ(read(9, buf, 5), 5);
    CHECK(memcmp(buf, "hello", 5) == 0, "read via dup2 fd");
    close(9);
    close(fd2);
    close(fd);

    CHECK(stat("/tmp/t_files/a", &st) == 0 && st.st_size == 11, "stat");
    CHECK(stat("/tmp/t_files", &st) == 0 && S_ISDIR(st.st_mode), "stat dir");
    CHECK_ERR(stat("/tmp/t_files/none", &st), ENOENT);
    CHECK_ERR(open("/tmp/t_files/a", O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
    CHECK_ERR(mkdir("/tmp/t_files", 0755), EEXIST);

    /* readdir finds the file */
    DIR *d = opendir("/tmp/t_files");
    CHECK(d, "opendir: %s", strerror(errno));
    int found = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, "a") == 0)
            found = 1;
    closedir(d);
    CHECK(found, "readdir did not list 'a'");

    /* cwd */
    CHECK(chdir("/tmp/t_files") == 0, "chdir: %s", strerror(errno));
    CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, "/tmp/t_files") == 0,
          "getcwd '%s'", buf);
    fd = open("a", O_RDONLY);
    CHECK(fd >= 0, "open relative: %s", strerror(errno));
    close(fd);
    CHECK(chdir("/") == 0, "chdir /");

    /* unlink; a non-empty directory cannot go */
    CHECK_ERR(unlink("/tmp/t_files"), ENOTEMPTY);
    CHECK(unlink("/tmp/t_files/a") == 0, "unlink: %s", strerror(errno));
    CHECK_ERR(open("/tmp/t_files/a", O_RDONLY), ENOENT);
    CHECK(unlink("/tmp/t_files") == 0, "unlink dir: %s", strerror(errno));

    /* pipe */
    int p[2];
    CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
    CHECK_EQ(write(p[1], "xyz", 3), 3);
    CHECK_EQ(read(p[0], buf, 3), 3);
    CHECK(memcmp(buf, "xyz", 3) == 0, "pipe data");
    close(p[1]);
    CHECK_EQ(read(p[0], buf, 3), 0);
    close(p[0]);

    /* a bad fd */
    CHECK_ERR(read(77, buf, 1), EBADF);
    CHECK_ERR(close(77), EBADF);
    return 0;
}
