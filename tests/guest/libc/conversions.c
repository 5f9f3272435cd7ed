/* conversions: iconv between UTF-8, UTF-16 (with a surrogate pair), UTF-32, Latin-1 and Windows-1252
 * under glibc's names, the EUC sets and Big5, partial input (EINVAL) and a full output buffer (E2BIG)
 * resumed, an invalid sequence (EILSEQ), an unknown encoding (EINVAL), and iconv_close. */
#include "check.h"
#include <errno.h>
#include <iconv.h>

static size_t convert(const char *to, const char *from, const char *in, size_t n, char *out, size_t size)
{
    iconv_t cd = iconv_open(to, from);
    CHECK(cd != (iconv_t)-1);
    if (cd == (iconv_t)-1) return (size_t)-1;
    char *ip = (char *)in, *op = out;
    size_t il = n, ol = size;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    CHECK(r != (size_t)-1 && il == 0);
    CHECK(iconv_close(cd) == 0);
    return size - ol;
}

int main(void)
{
    char out[64];
    /* "é€😀" in UTF-8 is 2 + 3 + 4 bytes. */
    const char *text = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    CHECK(convert("UTF-16LE", "UTF-8", text, 9, out, sizeof out) == 8);
    CHECK(memcmp(out, "\xe9\x00\xac\x20\x3d\xd8\x00\xde", 8) == 0);
    CHECK(convert("UTF-32BE", "UTF-8", text, 9, out, sizeof out) == 12);
    CHECK(memcmp(out, "\x00\x00\x00\xe9\x00\x00\x20\xac\x00\x01\xf6\x00", 12) == 0);
    CHECK(convert("UTF-8", "UTF-16LE", "\xe9\x00\xac\x20\x3d\xd8\x00\xde", 8, out, sizeof out) == 9 && memcmp(out, text, 9) == 0);
    CHECK(convert("ISO-8859-1", "UTF-8", "caf\xc3\xa9", 5, out, sizeof out) == 4 && memcmp(out, "caf\xe9", 4) == 0);
    CHECK(convert("UTF-8", "latin1", "caf\xe9", 4, out, sizeof out) == 5 && memcmp(out, "caf\xc3\xa9", 5) == 0);
    CHECK(convert("WINDOWS-1252", "UTF-8", "\xe2\x82\xac", 3, out, sizeof out) == 1 && (unsigned char)out[0] == 0x80);
    CHECK(convert("ASCII//TRANSLIT", "UTF-8", "plain", 5, out, sizeof out) == 5);
    /* The East Asian sets: "こん" in EUC-JP (what gettext's configure asks for), "한" in EUC-KR,
     * "中" in Big5, each to UTF-8, and back. */
    CHECK(convert("UTF-8", "EUC-JP", "\xa4\xb3\xa4\xf3", 4, out, sizeof out) == 6 &&
          memcmp(out, "\xe3\x81\x93\xe3\x82\x93", 6) == 0);
    CHECK(convert("eucJP", "UTF-8", "\xe3\x81\x93\xe3\x82\x93", 6, out, sizeof out) == 4 &&
          memcmp(out, "\xa4\xb3\xa4\xf3", 4) == 0);
    CHECK(convert("UTF-8", "EUC-KR", "\xc7\xd1", 2, out, sizeof out) == 3 && memcmp(out, "\xed\x95\x9c", 3) == 0);
    CHECK(convert("UTF-8", "BIG5", "\xa4\xa4", 2, out, sizeof out) == 3 && memcmp(out, "\xe4\xb8\xad", 3) == 0);

    /* Incomplete input, then a full output buffer: both resumable. */
    iconv_t cd = iconv_open("UTF-16BE", "UTF-8");
    CHECK(cd != (iconv_t)-1);
    char *ip = (char *)text, *op = out;
    size_t il = 4, ol = sizeof out;    /* é and half of € */
    CHECK(iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 && errno == EINVAL && il == 2 && op - out == 2);
    il += 5;
    size_t small = 2;
    CHECK(iconv(cd, &ip, &il, &op, &small) == (size_t)-1 && errno == E2BIG && small == 0);
    ol = sizeof out - (size_t)(op - out);
    CHECK(iconv(cd, &ip, &il, &op, &ol) == 0 && il == 0 && op - out == 8);
    /* An invalid sequence stops at it. */
    ip = "a\xff" "b";
    il = 3;
    op = out;
    ol = sizeof out;
    CHECK(iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 && errno == EILSEQ && il == 2);
    CHECK(iconv_close(cd) == 0);

    errno = 0;
    CHECK(iconv_open("NO-SUCH-ENCODING", "UTF-8") == (iconv_t)-1 && errno == EINVAL);
    return CHECK_DONE();
}
