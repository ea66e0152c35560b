/*
 * dirent.h - directories over SYS_READDIR (replaces picolibc's, which has
 * none).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef _DIRENT_H_
#define _DIRENT_H_

#include <sys/types.h>
#include <stdint.h>

#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_REG     8

struct dirent {
    uint64_t d_ino;
    unsigned char d_type;     /* DT_* */
    char d_name[64];
};

typedef struct __dirstream {
    int fd;
    struct dirent ent;
} DIR;

DIR *opendir(const char *path);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);
int dirfd(DIR *dir);

#endif
