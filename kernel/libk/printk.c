/*
 * printk.c - vsnprintf and printk (see printk.h).
 *
 * The formatter writes through a small cursor that counts every character
 * but stores only those that fit, which gives snprintf's return value and
 * truncation for free.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <stdint.h>
#include <stdbool.h>
#include "printk.h"
#include "console.h"
#include "kernel_config.h"

typedef struct {
    char   *buf;
    size_t  size;           /* capacity, NUL included */
    size_t  len;            /* characters produced so far */
} printk_out_t;

static void out_char(printk_out_t *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void out_pad(printk_out_t *o, char c, int n)
{
    while (n-- > 0)
        out_char(o, c);
}

/* Emits <len> characters of <s> in a field of <width>. */
static void out_field(printk_out_t *o, const char *s, int len, int width, bool left)
{
    if (!left)
        out_pad(o, ' ', width - len);
    for (int i = 0; i < len; i++)
        out_char(o, s[i]);
    if (left)
        out_pad(o, ' ', width - len);
}

/* Emits the number <val> in <base>, with an optional '-' sign, a field
 * <width>, zero padding and left justification. */
static void out_number(printk_out_t *o, unsigned long long val, unsigned base,
                       bool neg, bool upper, int width, bool zero, bool left)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;

    do {
        tmp[n++] = digits[val % base];
        val /= base;
    } while (val);

    int len = n + (neg ? 1 : 0);
    if (left) {
        if (neg)
            out_char(o, '-');
        while (n)
            out_char(o, tmp[--n]);
        out_pad(o, ' ', width - len);
    } else if (zero) {
        if (neg)
            out_char(o, '-');
        out_pad(o, '0', width - len);
        while (n)
            out_char(o, tmp[--n]);
    } else {
        out_pad(o, ' ', width - len);
        if (neg)
            out_char(o, '-');
        while (n)
            out_char(o, tmp[--n]);
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    printk_out_t o = { buf, size, 0 };

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            out_char(&o, *fmt);
            continue;
        }
        bool left = false, zero = false;
        int width = 0, prec = -1, lng = 0;

        /* flags */
        for (fmt++; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-')
                left = true;
            else
                zero = true;
        }
        /* width */
        if (*fmt == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                left = true;
                width = -width;
            }
            fmt++;
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            width = width * 10 + (*fmt - '0');
        /* precision */
        if (*fmt == '.') {
            prec = 0;
            fmt++;
            if (*fmt == '*') {
                prec = va_arg(ap, int);
                fmt++;
            }
            for (; *fmt >= '0' && *fmt <= '9'; fmt++)
                prec = prec * 10 + (*fmt - '0');
        }
        /* length: lng 1 = long, 2 = long long, 3 = size_t */
        if (*fmt == 'l') {
            lng = 1;
            if (*++fmt == 'l') {
                lng = 2;
                fmt++;
            }
        } else if (*fmt == 'z') {
            lng = 3;
            fmt++;
        }

        unsigned long long u;
        long long s;
        switch (*fmt) {
        case 'd':
        case 'i':
            if (lng == 2)
                s = va_arg(ap, long long);
            else if (lng == 1)
                s = va_arg(ap, long);
            else if (lng == 3)
                s = (long long)va_arg(ap, size_t);
            else
                s = va_arg(ap, int);
            /* negate as unsigned: -LLONG_MIN overflows as signed */
            u = s < 0 ? 0ULL - (unsigned long long)s : (unsigned long long)s;
            out_number(&o, u, 10, s < 0, false, width, zero, left);
            break;
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            if (lng == 2)
                u = va_arg(ap, unsigned long long);
            else if (lng == 1)
                u = va_arg(ap, unsigned long);
            else if (lng == 3)
                u = va_arg(ap, size_t);
            else
                u = va_arg(ap, unsigned int);
            out_number(&o, u, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
                       false, *fmt == 'X', width, zero, left);
            break;
        case 'p':
            out_char(&o, '0');
            out_char(&o, 'x');
            out_number(&o, (uintptr_t)va_arg(ap, void *), 16, false, false,
                       width > 2 ? width - 2 : 0, zero, left);
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            out_field(&o, &c, 1, width, left);
            break;
        }
        case 's': {
            const char *str = va_arg(ap, const char *);
            int len = 0;
            if (str == NULL)
                str = "(null)";
            while (str[len] && (prec < 0 || len < prec))
                len++;
            out_field(&o, str, len, width, left);
            break;
        }
        case '%':
            out_char(&o, '%');
            break;
        case 0:                 /* lone '%' at the end */
            fmt--;
            break;
        default:                /* unknown: print it as written */
            out_char(&o, '%');
            out_char(&o, *fmt);
            break;
        }
    }
    if (size > 0)
        buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

void printk(const char *fmt, ...)
{
    char buf[CONFIG_PRINTK_BUF_SIZE];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > (int)sizeof(buf) - 1)
        n = sizeof(buf) - 1;
    if (n > 0)
        console_write(buf, (size_t)n);
}
