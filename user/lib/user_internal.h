/* user_internal.h - shared between the library's files.  GPL-2.0. */
#ifndef USER_INTERNAL_H
#define USER_INTERNAL_H
void __almos_stdio_init(void);
#endif
