/* uchar.h - C11 16- and 32-bit characters (newlib has no <uchar.h>). char32_t values are Unicode
 * code points and char16_t values UTF-16 code units (__STDC_UTF_16__, __STDC_UTF_32__), converted
 * from and to the multibyte encoding of the current locale (glue/locale/uchar.c). */
#ifndef _UCHAR_H_
#define _UCHAR_H_
#include <sys/cdefs.h>
#include <stddef.h>
#include <sys/_types.h>
#include <wchar.h>

#if !defined(__cplusplus) || __cplusplus < 201103L
typedef __CHAR16_TYPE__ char16_t;
typedef __CHAR32_TYPE__ char32_t;
#endif

#define __STDC_UTF_16__ 1
#define __STDC_UTF_32__ 1

__BEGIN_DECLS
size_t mbrtoc16(char16_t *__restrict, const char *__restrict, size_t, mbstate_t *__restrict);
size_t c16rtomb(char *__restrict, char16_t, mbstate_t *__restrict);
size_t mbrtoc32(char32_t *__restrict, const char *__restrict, size_t, mbstate_t *__restrict);
size_t c32rtomb(char *__restrict, char32_t, mbstate_t *__restrict);
__END_DECLS
#endif
