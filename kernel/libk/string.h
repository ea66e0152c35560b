/*
 * string.h - memory and string functions of the freestanding kernel.
 *
 * The usual C names, so that the memcpy/memset calls GCC emits on its own
 * (structure copies, zeroing) land here.  Plus number parsing for boot
 * arguments and device-tree values: kstrtoul and kstrtosize ("64K").
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef STRING_H
#define STRING_H

#include <stddef.h>

/* Copies <n> bytes from <src> to <dst> (no overlap); returns <dst>. */
void *memcpy(void *dst, const void *src, size_t n);
/* Copies <n> bytes from <src> to <dst>, which may overlap; returns <dst>. */
void *memmove(void *dst, const void *src, size_t n);
/* Fills <n> bytes at <dst> with <c>; returns <dst>. */
void *memset(void *dst, int c, size_t n);
/* Compares <n> bytes as unsigned chars: <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n);

/* Length of <s>, and the same bounded by <max>. */
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
/* Compares two strings (at most <n> characters): <0, 0 or >0. */
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
/* Copies <src> (NUL included) to <dst>; returns <dst>. */
char *strcpy(char *dst, const char *src);
/* C semantics: copies at most <n> bytes, pads with NULs, may leave <dst>
 * unterminated; returns <dst>. */
char *strncpy(char *dst, const char *src, size_t n);
/* Copies at most size-1 bytes and always terminates (size > 0); returns
 * strlen(src), so truncation happened when the result is >= size. */
size_t strlcpy(char *dst, const char *src, size_t size);
/* First / last occurrence of <c> in <s> (the NUL counts), or NULL. */
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

/* Parses an unsigned number in <base> (2..36, or 0: "0x" hex, "0" octal,
 * else decimal) after optional spaces and '+'.  Stores the value in *out and
 * the first unparsed character in *end (if end is not NULL).  Returns 0, or
 * -EINVAL when there is no digit, -ERANGE on overflow. */
int kstrtoul(const char *s, char **end, int base, unsigned long *out);

/* Parses a size: a number (as kstrtoul base 0) optionally followed by K, M
 * or G (binary multiples, either case) and nothing else.  Returns 0,
 * -EINVAL on a malformed string, -ERANGE on overflow. */
int kstrtosize(const char *s, unsigned long *out);

#endif
