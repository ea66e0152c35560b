/* t_unlinkdev - the names the kernel relies on cannot be removed:
 * unlink("/dev/tty") fails with EPERM (a device of devfs), unlink("/dev")
 * and unlink("/") with EBUSY (devfs's mount point, the root), and the
 * terminal still works after the attempts.  (unlink("/dev/tty") used to
 * return 0.)  GPL-2.0. */
#include <fcntl.h>
#include "tlib.h"

int main(void)
{
    CHECK_ERR(unlink("/dev/tty"), EPERM);
    CHECK_ERR(unlink("/dev/../dev/tty"), EPERM);
    CHECK_ERR(unlink("/dev"), EBUSY);
    CHECK_ERR(unlink("/dev/"), EBUSY);
    CHECK_ERR(unlink("/"), EBUSY);
    CHECK(chdir("/dev") == 0, "chdir /dev: %s", strerror(errno));
    CHECK_ERR(unlink("tty"), EPERM);
    CHECK(chdir("/") == 0, "chdir /: %s", strerror(errno));
    int fd = open("/dev/tty", O_RDWR);
    CHECK(fd >= 0, "open /dev/tty after the attempts: %s", strerror(errno));
    close(fd);
    return 0;
}
