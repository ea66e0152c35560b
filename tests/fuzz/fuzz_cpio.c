/*
 * fuzz_cpio.c - libFuzzer target of the initrd loader (kernel/fs/cpio.c).
 *
 * The input is an initrd: each run boots fresh simulated clusters and a
 * fresh root file system (fs_setup of the fs host tests), loads the
 * archive with vfs_load_initrd() as kernel_init does, and checks that the
 * loader either accepted it or refused it with one of the errors a bad
 * archive gives (the loader's own -EINVAL or what the VFS says of a bad
 * name), printing a line naming the problem; and that no open file is
 * left behind.  A crash, a kernel panic (test_env aborts), a sanitizer
 * report or a broken promise aborts.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <stdlib.h>
#include "fs_test.h"
#include "errno.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t inodes, dentries, files, pipes;

    fs_setup(NULL);
    error_t err = vfs_load_initrd(data, size);
    if (err != 0) {
        if (err != -EINVAL && err != -ENOTDIR && err != -EEXIST && err != -ENAMETOOLONG &&
            err != -EISDIR && err != -ENOENT && err != -ENOMEM && err != -ENOSPC)
            abort();
        if (test_console_len == 0)
            abort();                         /* a refusal names its reason */
    }
    vfs_objects_nr(&inodes, &dentries, &files, &pipes);
    if (files != 0 || pipes != 0)
        abort();
    return 0;
}
