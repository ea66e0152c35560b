/* t_initkill - init cannot be killed or stopped by a signal (EPERM), and
 * lives on: it adopts orphans and ends scripted runs.  Signal numbers are
 * the kernel's (ALMOS_SIG*, Linux numbering), as everywhere in user/.
 * GPL-2.0. */
#include "tlib.h"

int main(void)
{
    CHECK_ERR(kill(1, ALMOS_SIGKILL), EPERM);
    CHECK_ERR(kill(1, ALMOS_SIGTERM), EPERM);
    CHECK_ERR(kill(1, ALMOS_SIGSTOP), EPERM);
    CHECK(kill(1, 0) == 0, "kill(1, 0): %s", strerror(errno));
    struct almos_process_info pi;
    int found = 0;
    for (int i = 0; almos_process_info(i, &pi) == 1; i++)
        if (pi.pid == 1) {
            found = 1;
            CHECK(pi.state != 1 && pi.state != 2, "init is in state %u", pi.state);
        }
    CHECK(found, "init (pid 1) is gone");
    return 0;
}
