/*
 * cpio.c - the initrd loader: a cpio "newc" archive into the root ramfs.
 *
 * An entry is a 110-byte ASCII header ("070701" and 13 fields of 8 hex
 * digits), the NUL-terminated name, padding to a multiple of 4 bytes from
 * the archive start, the data, padding again.  "TRAILER!!!" ends the
 * archive.  Every field is checked against the archive bounds before use:
 * a corrupt archive stops the load with a message naming the entry, its
 * offset and what is wrong, and -EINVAL.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "vfs.h"
#include "kmem.h"
#include "string.h"
#include "printk.h"
#include "errno.h"

#define CPIO_HDR_SIZE    110
#define CPIO_FIELDS      13
#define CPIO_NAME_MAX    VFS_PATH_MAX   /* name bytes, NUL included */

/* header fields, in archive order */
enum { CPIO_INO, CPIO_MODE, CPIO_UID, CPIO_GID, CPIO_NLINK, CPIO_MTIME,
       CPIO_FILESIZE, CPIO_DEVMAJOR, CPIO_DEVMINOR, CPIO_RDEVMAJOR,
       CPIO_RDEVMINOR, CPIO_NAMESIZE, CPIO_CHECK };

static const char *const cpio_field_names[CPIO_FIELDS] = {
    "ino", "mode", "uid", "gid", "nlink", "mtime", "filesize", "devmajor",
    "devminor", "rdevmajor", "rdevminor", "namesize", "check",
};

/* Parses 8 hex digits at <s> into *out.  Returns 0 or -EINVAL. */
static error_t cpio_hex8(const char *s, uint32_t *out)
{
    uint32_t v = 0;

    for (int i = 0; i < 8; i++) {
        char c = s[i];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (uint32_t)(c - 'A' + 10);
        else
            return -EINVAL;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

/* Rounds <x> up to a multiple of 4. */
static inline uint64_t cpio_pad4(uint64_t x)
{
    return (x + 3) & ~(uint64_t)3;
}

/* Creates every missing directory on the way to <path> (absolute, its last
 * component excluded).  Returns 0 or the error of vfs_mkdir. */
static error_t cpio_make_parents(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        error_t err = vfs_mkdir(XPTR_NULL, path, 0755);
        *p = '/';
        if (err && err != -EEXIST)
            return err;
    }
    return 0;
}

/* Creates regular file <path> (replacing the content of an existing one)
 * with the <size> bytes at <data>. */
static error_t cpio_make_file(const char *path, uint32_t mode, const uint8_t *data,
                              uint64_t size)
{
    xptr_t file_xp;
    error_t err = vfs_open(XPTR_NULL, path,
                           ALMOS_O_WRONLY | ALMOS_O_CREAT | ALMOS_O_TRUNC, mode, &file_xp);

    if (err)
        return err;
    int64_t n = vfs_write(file_xp, data, size);
    vfs_file_put(file_xp);
    if (n < 0)
        return (error_t)n;
    return 0;
}

/* Loads one entry (name <name>, fields <f>, data at <data>) into the tree,
 * using <path> (CPIO_NAME_MAX + 1 bytes) as scratch.  Returns 0 or an error
 * of the VFS. */
static error_t cpio_load_entry(uint32_t index, const char *name, const uint32_t *f,
                               const uint8_t *data, char *path)
{
    uint32_t type = f[CPIO_MODE] & ALMOS_S_IFMT;
    error_t err;

    /* "./a/b", "/a/b" and "a/b" all name /a/b; "." is the root itself */
    while (name[0] == '.' && name[1] == '/')
        name += 2;
    while (name[0] == '/')
        name++;
    if (name[0] == 0 || strcmp(name, ".") == 0)
        return 0;
    path[0] = '/';
    strlcpy(path + 1, name, CPIO_NAME_MAX);
    err = cpio_make_parents(path);
    if (err)
        goto fail;
    if (type == ALMOS_S_IFDIR) {
        err = vfs_mkdir(XPTR_NULL, path, f[CPIO_MODE] & 07777);
        if (err == -EEXIST) {
            struct almos_stat st;
            if (vfs_stat(XPTR_NULL, path, &st) == 0 && (st.mode & ALMOS_S_IFMT) == ALMOS_S_IFDIR)
                err = 0;
        }
    } else if (type == ALMOS_S_IFREG) {
        err = cpio_make_file(path, f[CPIO_MODE] & 07777, data, f[CPIO_FILESIZE]);
    } else {
        printk("initrd: entry %u '%s': type 0%o not supported, skipped\n",
               index, path, type);
        return 0;
    }
fail:
    if (err)
        printk("initrd: entry %u '%s': cannot create it (error %d)\n", index, path, err);
    return err;
}

error_t vfs_load_initrd(const void *data, uint64_t size)
{
    const uint8_t *base = data;
    uint64_t off = 0;
    uint32_t index = 0;
    uint32_t f[CPIO_FIELDS];
    error_t err = 0;

    char *path = kmem_alloc(CPIO_NAME_MAX + 2, AF_NONE);
    if (path == NULL)
        return -ENOMEM;
    for (;; index++) {
        if (off == size) {
            printk("initrd: the archive ends after %u entries without TRAILER!!!\n", index);
            err = -EINVAL;
            break;
        }
        if (off > size || size - off < CPIO_HDR_SIZE) {
            printk("initrd: entry %u at offset 0x%lx: header truncated (archive of 0x%lx bytes)\n",
                   index, off, size);
            err = -EINVAL;
            break;
        }
        const char *hdr = (const char *)base + off;
        if (memcmp(hdr, "070701", 6) != 0 && memcmp(hdr, "070702", 6) != 0) {
            printk("initrd: entry %u at offset 0x%lx: bad magic (not a cpio newc archive)\n",
                   index, off);
            err = -EINVAL;
            break;
        }
        for (int i = 0; i < CPIO_FIELDS && !err; i++) {
            if (cpio_hex8(hdr + 6 + 8 * i, &f[i]) != 0) {
                printk("initrd: entry %u at offset 0x%lx: bad hex digits in field %s\n",
                       index, off, cpio_field_names[i]);
                err = -EINVAL;
            }
        }
        if (err)
            break;
        uint32_t namesize = f[CPIO_NAMESIZE];
        if (namesize == 0 || namesize > CPIO_NAME_MAX) {
            printk("initrd: entry %u at offset 0x%lx: absurd name size %u\n",
                   index, off, namesize);
            err = -EINVAL;
            break;
        }
        uint64_t name_off = off + CPIO_HDR_SIZE;
        if (namesize > size - name_off) {
            printk("initrd: entry %u at offset 0x%lx: name (%u bytes) beyond the archive\n",
                   index, off, namesize);
            err = -EINVAL;
            break;
        }
        const char *name = (const char *)base + name_off;
        if (strnlen(name, namesize) != namesize - 1) {
            printk("initrd: entry %u at offset 0x%lx: name not NUL-terminated\n", index, off);
            err = -EINVAL;
            break;
        }
        uint64_t data_off = cpio_pad4(name_off + namesize);
        uint64_t filesize = f[CPIO_FILESIZE];
        if (strcmp(name, "TRAILER!!!") == 0)
            break;
        if (data_off > size || filesize > size - data_off) {
            printk("initrd: entry %u '%s' at offset 0x%lx: data (0x%lx bytes) beyond the archive\n",
                   index, name, off, filesize);
            err = -EINVAL;
            break;
        }
        if ((f[CPIO_MODE] & ALMOS_S_IFMT) == ALMOS_S_IFDIR && filesize != 0) {
            printk("initrd: entry %u '%s' at offset 0x%lx: directory with 0x%lx data bytes\n",
                   index, name, off, filesize);
            err = -EINVAL;
            break;
        }
        err = cpio_load_entry(index, name, f, base + data_off, path);
        if (err)
            break;
        off = cpio_pad4(data_off + filesize);
    }
    kmem_free(path);
    return err;
}
