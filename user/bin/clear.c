/* clear - clears the terminal (ANSI: cursor home, erase the screen and
 * the scroll-back).  GPL-2.0. */
#include <unistd.h>

int main(void)
{
    static const char seq[] = "\x1b[H\x1b[2J\x1b[3J";
    return write(1, seq, sizeof(seq) - 1) == sizeof(seq) - 1 ? 0 : 1;
}
