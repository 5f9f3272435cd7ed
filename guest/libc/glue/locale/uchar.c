/* uchar.c - C11 <uchar.h> on the locale's multibyte conversions (newlib's mbrtowc/wcrtomb, whose
 * wchar_t is 32 bits and holds code points). char16_t strings are UTF-16: a code point above U+FFFF
 * is two calls of mbrtoc16 (the second returns the low surrogate and consumes nothing) and two of
 * c16rtomb (the high surrogate is kept in the state). The surrogate in waiting lives in the state's
 * count (negative values, which newlib's converters never use) and value fields. */
#include <errno.h>
#include <uchar.h>
#include <wchar.h>

#define LOW_PENDING (-2)   /* mbrtoc16: the low surrogate is in __value.__wch */
#define HIGH_PENDING (-3)  /* c16rtomb: the high surrogate is in __value.__wch */

size_t mbrtoc32(char32_t *restrict out, const char *restrict s, size_t n, mbstate_t *restrict ps)
{
    static mbstate_t internal;
    wchar_t wc;
    size_t r = mbrtowc(&wc, s, n, ps ? ps : &internal);
    if (out && r <= n) *out = (char32_t)wc;
    return r;
}

size_t c32rtomb(char *restrict s, char32_t c, mbstate_t *restrict ps)
{
    static mbstate_t internal;
    if (c >= 0xd800 && c <= 0xdfff) {
        errno = EILSEQ;
        return (size_t)-1;
    }
    return wcrtomb(s, (wchar_t)c, ps ? ps : &internal);
}

size_t mbrtoc16(char16_t *restrict out, const char *restrict s, size_t n, mbstate_t *restrict ps)
{
    static mbstate_t internal;
    if (!ps) ps = &internal;
    if (ps->__count == LOW_PENDING) {
        if (out) *out = (char16_t)ps->__value.__wch;
        ps->__count = 0;
        return (size_t)-3;
    }
    wchar_t wc;
    size_t r = mbrtowc(&wc, s, n, ps);
    if (r > n) return r;                 /* (size_t)-1 or -2: an error, or an incomplete character */
    if ((unsigned long)wc > 0xffff) {
        unsigned long v = (unsigned long)wc - 0x10000;
        if (out) *out = (char16_t)(0xd800 + (v >> 10));
        ps->__count = LOW_PENDING;
        ps->__value.__wch = (wint_t)(0xdc00 + (v & 0x3ff));
    } else if (out) {
        *out = (char16_t)wc;
    }
    return r;
}

size_t c16rtomb(char *restrict s, char16_t c, mbstate_t *restrict ps)
{
    static mbstate_t internal;
    if (!ps) ps = &internal;
    if (!s) {                            /* resets the state, as c16rtomb(buf, 0, ps) */
        ps->__count = 0;
        return 1;
    }
    if (ps->__count == HIGH_PENDING) {
        unsigned long high = (unsigned long)ps->__value.__wch;
        ps->__count = 0;
        if (c < 0xdc00 || c > 0xdfff) {
            errno = EILSEQ;
            return (size_t)-1;
        }
        return wcrtomb(s, (wchar_t)(0x10000 + ((high - 0xd800) << 10) + (c - 0xdc00)), ps);
    }
    if (c >= 0xd800 && c <= 0xdbff) {
        ps->__count = HIGH_PENDING;
        ps->__value.__wch = c;
        return 0;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
        errno = EILSEQ;
        return (size_t)-1;
    }
    return wcrtomb(s, (wchar_t)c, ps);
}
