/*
 * sys/termios.h - the terminal interface for picolibc's <termios.h>.
 *
 * picolibc's <termios.h> includes <sys/termios.h>, which each system
 * provides: this is almos-rv's.  The structure and the values are the
 * kernel's (struct almos_termios, shared_syscalls.h: Linux's layout and
 * numbers), under their POSIX names.  What the console honours is listed
 * there; the other flags are accepted and kept.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef _SYS_TERMIOS_H
#define _SYS_TERMIOS_H

#include <sys/types.h>
#include "shared_syscalls.h"

typedef unsigned int  tcflag_t;
typedef unsigned char cc_t;
typedef unsigned int  speed_t;

#define NCCS ALMOS_NCCS
struct termios {
    tcflag_t c_iflag;
    tcflag_t c_oflag;
    tcflag_t c_cflag;
    tcflag_t c_lflag;
    cc_t     c_line;
    cc_t     c_cc[NCCS];
    speed_t  c_ispeed;
    speed_t  c_ospeed;
};

#define IGNBRK  ALMOS_IGNBRK
#define BRKINT  ALMOS_BRKINT
#define IGNPAR  0000004
#define PARMRK  0000010
#define INPCK   0000020
#define ISTRIP  0000040
#define INLCR   ALMOS_INLCR
#define IGNCR   ALMOS_IGNCR
#define ICRNL   ALMOS_ICRNL
#define IXON    ALMOS_IXON
#define IXANY   0004000
#define IXOFF   0010000

#define OPOST   ALMOS_OPOST
#define ONLCR   ALMOS_ONLCR

#define CSIZE   0000060
#define CS5     0000000
#define CS6     0000020
#define CS7     0000040
#define CS8     ALMOS_CS8
#define CSTOPB  0000100
#define CREAD   ALMOS_CREAD
#define PARENB  0000400
#define PARODD  0001000
#define HUPCL   0002000
#define CLOCAL  ALMOS_CLOCAL

#define ISIG    ALMOS_ISIG
#define ICANON  ALMOS_ICANON
#define ECHO    ALMOS_ECHO
#define ECHOE   ALMOS_ECHOE
#define ECHOK   ALMOS_ECHOK
#define ECHONL  ALMOS_ECHONL
#define NOFLSH  ALMOS_NOFLSH
#define TOSTOP  ALMOS_TOSTOP
#define ECHOCTL ALMOS_ECHOCTL
#define ECHOKE  ALMOS_ECHOKE
#define IEXTEN  ALMOS_IEXTEN

#define VINTR    ALMOS_VINTR
#define VQUIT    ALMOS_VQUIT
#define VERASE   ALMOS_VERASE
#define VKILL    ALMOS_VKILL
#define VEOF     ALMOS_VEOF
#define VTIME    ALMOS_VTIME
#define VMIN     ALMOS_VMIN
#define VSTART   ALMOS_VSTART
#define VSTOP    ALMOS_VSTOP
#define VSUSP    ALMOS_VSUSP
#define VEOL     ALMOS_VEOL
#define VREPRINT ALMOS_VREPRINT
#define VWERASE  ALMOS_VWERASE
#define VLNEXT   ALMOS_VLNEXT
#define VEOL2    ALMOS_VEOL2

#define TCSANOW   ALMOS_TCSANOW
#define TCSADRAIN ALMOS_TCSADRAIN
#define TCSAFLUSH ALMOS_TCSAFLUSH

#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2

#define B0      0000000
#define B9600   0000015
#define B19200  0000016
#define B38400  0000017
#define B57600  0010001
#define B115200 ALMOS_B115200

int     tcgetattr(int fd, struct termios *t);
int     tcsetattr(int fd, int action, const struct termios *t);
int     tcflush(int fd, int queue);
int     tcdrain(int fd);
pid_t   tcgetpgrp(int fd);
int     tcsetpgrp(int fd, pid_t pgrp);
void    cfmakeraw(struct termios *t);
speed_t cfgetispeed(const struct termios *t);
speed_t cfgetospeed(const struct termios *t);
int     cfsetispeed(struct termios *t, speed_t s);
int     cfsetospeed(struct termios *t, speed_t s);

#endif
