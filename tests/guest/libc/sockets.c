/* sockets.c - sockets and names as a program sees them: address text conversions, getaddrinfo and
 * getnameinfo on numeric hosts, /etc/hosts and /etc/services, Unix socket pairs passing a
 * descriptor, TCP and UDP on the loopback interface, a Unix socket bound to a path, options, and
 * the errors glibc reports. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "check.h"

static const char *ntop(int af, const void *addr)
{
    static char buf[INET6_ADDRSTRLEN];
    return inet_ntop(af, addr, buf, sizeof buf) ? buf : "(error)";
}

/* inet_pton then inet_ntop: the canonical text of an IPv6 address. */
static const char *canon6(const char *text)
{
    unsigned char a[16];
    if (inet_pton(AF_INET6, text, a) != 1) return "(invalid)";
    return ntop(AF_INET6, a);
}

static void address_text(void)
{
    struct in_addr a;
    CHECK(inet_pton(AF_INET, "192.168.1.20", &a) == 1);
    CHECK(a.s_addr == htonl(0xc0a80114));
    CHECK_STR(ntop(AF_INET, &a), "192.168.1.20");
    CHECK(inet_pton(AF_INET, "1.2.3", &a) == 0);
    CHECK(inet_pton(AF_INET, "1.2.3.256", &a) == 0);
    CHECK(inet_pton(AF_INET, "01.2.3.4", &a) == 0);   /* no octal in inet_pton */
    CHECK(inet_pton(AF_INET, "1.2.3.4 ", &a) == 0);
    errno = 0;
    CHECK(inet_pton(12345, "1.2.3.4", &a) == -1 && errno == EAFNOSUPPORT);

    /* inet_aton's classic forms */
    CHECK(inet_aton("127.1", &a) == 1 && a.s_addr == htonl(0x7f000001));
    CHECK(inet_aton("0x7f.0.0.010", &a) == 1 && a.s_addr == htonl(0x7f000008));
    CHECK(inet_aton("3232235777", &a) == 1 && a.s_addr == htonl(0xc0a80101));
    CHECK(inet_aton("1.2.3.4.5", &a) == 0);
    CHECK(inet_addr("10.0.0.1") == htonl(0x0a000001));
    CHECK(inet_addr("nonsense") == INADDR_NONE);
    a.s_addr = htonl(0x0a000102);
    CHECK_STR(inet_ntoa(a), "10.0.1.2");
    CHECK(inet_network("10.1") == 0x0a01);

    CHECK_STR(canon6("2001:db8:0:0:0:0:0:1"), "2001:db8::1");
    CHECK_STR(canon6("::"), "::");
    CHECK_STR(canon6("::1"), "::1");
    CHECK_STR(canon6("1::"), "1::");
    CHECK_STR(canon6("1:0:0:2:0:0:0:3"), "1:0:0:2::3");
    CHECK_STR(canon6("1:0:2:3:4:5:6:7"), "1:0:2:3:4:5:6:7");   /* one zero group stays */
    CHECK_STR(canon6("::ffff:192.0.2.1"), "::ffff:192.0.2.1");
    CHECK_STR(canon6("::192.0.2.1"), "::192.0.2.1");
    CHECK_STR(canon6("FE80::ABCD"), "fe80::abcd");
    CHECK_STR(canon6("1:2:3:4:5:6:7::"), "1:2:3:4:5:6:7:0");
    CHECK_STR(canon6("1::2::3"), "(invalid)");
    CHECK_STR(canon6(":1::2"), "(invalid)");
    CHECK_STR(canon6("12345::"), "(invalid)");
    CHECK_STR(canon6("1:2:3:4:5:6:7:8:9"), "(invalid)");
    char small[4];
    errno = 0;
    CHECK(inet_ntop(AF_INET, &a, small, sizeof small) == NULL && errno == ENOSPC);
}

static int count_results(const struct addrinfo *ai) { int n = 0; for (; ai; ai = ai->ai_next) n++; return n; }

static void names(void)
{
    struct addrinfo *res, hints;
    CHECK(getaddrinfo("127.0.0.1", "80", NULL, &res) == 0);
    /* One entry per socket type, as glibc: stream/TCP, datagram/UDP, raw */
    CHECK(count_results(res) == 3);
    CHECK(res->ai_family == AF_INET && res->ai_socktype == SOCK_STREAM && res->ai_protocol == IPPROTO_TCP);
    CHECK(res->ai_next->ai_socktype == SOCK_DGRAM && res->ai_next->ai_next->ai_socktype == SOCK_RAW);
    struct sockaddr_in *sin = (struct sockaddr_in *)res->ai_addr;
    CHECK(res->ai_addrlen == sizeof *sin && sin->sin_port == htons(80) && sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    freeaddrinfo(res);

    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    CHECK(getaddrinfo(NULL, "8080", &hints, &res) == 0);
    CHECK(count_results(res) == 2 && res->ai_family == AF_INET && res->ai_next->ai_family == AF_INET6);
    CHECK(((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == INADDR_ANY);
    freeaddrinfo(res);
    hints.ai_flags = 0;
    CHECK(getaddrinfo(NULL, "8080", &hints, &res) == 0);   /* loopback: IPv6 first */
    CHECK(count_results(res) == 2 && res->ai_family == AF_INET6 && res->ai_next->ai_family == AF_INET);
    freeaddrinfo(res);

    /* a service name from /etc/services; http is TCP only, so a datagram socket has no port */
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    CHECK(getaddrinfo("127.0.0.1", "http", &hints, &res) == 0);
    CHECK(count_results(res) == 1 && ((struct sockaddr_in *)res->ai_addr)->sin_port == htons(80));
    freeaddrinfo(res);
    hints.ai_socktype = SOCK_DGRAM;
    CHECK(getaddrinfo("127.0.0.1", "http", &hints, &res) == EAI_SERVICE);
    hints.ai_socktype = 0;
    CHECK(getaddrinfo("127.0.0.1", "no-such-service", &hints, &res) == EAI_SERVICE);
    hints.ai_flags = AI_NUMERICSERV;
    CHECK(getaddrinfo("127.0.0.1", "http", &hints, &res) == EAI_NONAME);
    hints.ai_flags = AI_NUMERICHOST;
    CHECK(getaddrinfo("localhost", "80", &hints, &res) == EAI_NONAME);
    hints.ai_flags = 0;
    CHECK(getaddrinfo("::1", "80", &hints, &res) == EAI_ADDRFAMILY);
    CHECK(getaddrinfo(NULL, NULL, &hints, &res) == EAI_NONAME);
    hints.ai_family = 12345;
    CHECK(getaddrinfo("127.0.0.1", NULL, &hints, &res) == EAI_FAMILY);
    CHECK_STR(gai_strerror(EAI_NONAME), "Name or service not known");
    CHECK_STR(gai_strerror(EAI_SERVICE), "Servname not supported for ai_socktype");

    /* localhost is in /etc/hosts on any Linux system; AI_CANONNAME gives its first name */
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_CANONNAME;
    CHECK(getaddrinfo("localhost", "22", &hints, &res) == 0);
    CHECK(res->ai_canonname != NULL && ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    freeaddrinfo(res);
    CHECK(getaddrinfo("no-such-host.invalid", "22", &hints, &res) == EAI_NONAME);

    /* IPv6 with AI_V4MAPPED turns an IPv4 address into ::ffff:a.b.c.d */
    hints.ai_family = AF_INET6;
    hints.ai_flags = AI_V4MAPPED;
    CHECK(getaddrinfo("10.1.2.3", NULL, &hints, &res) == 0);
    CHECK_STR(ntop(AF_INET6, &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr), "::ffff:10.1.2.3");
    freeaddrinfo(res);

    char host[NI_MAXHOST], serv[NI_MAXSERV];
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(443), .sin_addr = { htonl(0x0a000001) } };
    CHECK(getnameinfo((struct sockaddr *)&addr, sizeof addr, host, sizeof host, serv, sizeof serv,
                      NI_NUMERICHOST | NI_NUMERICSERV) == 0);
    CHECK_STR(host, "10.0.0.1");
    CHECK_STR(serv, "443");
    CHECK(getnameinfo((struct sockaddr *)&addr, sizeof addr, NULL, 0, serv, sizeof serv, 0) == 0);
    CHECK_STR(serv, "https");
    CHECK(getnameinfo((struct sockaddr *)&addr, sizeof addr, host, 4, NULL, 0, NI_NUMERICHOST) == EAI_OVERFLOW);
    CHECK(getnameinfo((struct sockaddr *)&addr, sizeof addr - 1, host, sizeof host, NULL, 0, 0) == EAI_FAMILY);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(getnameinfo((struct sockaddr *)&addr, sizeof addr, host, sizeof host, NULL, 0, NI_NAMEREQD) == 0);
    CHECK(strcmp(host, "127.0.0.1") != 0);   /* a name from /etc/hosts */

    struct servent *s = getservbyname("smtp", "tcp");
    CHECK(s != NULL && s->s_port == htons(25) && strcmp(s->s_proto, "tcp") == 0);
    s = getservbyport(htons(53), "udp");
    CHECK(s != NULL && strcmp(s->s_name, "domain") == 0);
    struct protoent *p = getprotobyname("udp");
    CHECK(p != NULL && p->p_proto == IPPROTO_UDP);
    struct hostent *h = gethostbyname("127.0.0.2");
    CHECK(h != NULL && h->h_addrtype == AF_INET && h->h_length == 4 && memcmp(h->h_addr, "\x7f\0\0\x02", 4) == 0);
    CHECK(gethostbyname("no-such-host.invalid") == NULL && h_errno == HOST_NOT_FOUND);
}

static void socket_pair(void)
{
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
    CHECK(fcntl(sv[0], F_GETFD) == FD_CLOEXEC);
    struct stat st;
    CHECK(fstat(sv[0], &st) == 0 && S_ISSOCK(st.st_mode));
    int type = 0, domain = 0;
    socklen_t len = sizeof type;
    CHECK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM && len == sizeof type);
    len = sizeof domain;
    CHECK(getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0 && domain == AF_UNIX);
    CHECK(send(sv[0], "ping", 4, 0) == 4);
    char buf[16] = { 0 };
    CHECK(recv(sv[1], buf, sizeof buf, MSG_PEEK) == 4);
    CHECK(read(sv[1], buf, sizeof buf) == 4 && memcmp(buf, "ping", 4) == 0);
    errno = 0;
    CHECK(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) == -1 && errno == EAGAIN);

    /* a descriptor (a pipe's write end) passed with SCM_RIGHTS arrives as a new descriptor */
    int pipefd[2];
    CHECK(pipe(pipefd) == 0);
    union { struct cmsghdr align; char buf[CMSG_SPACE(sizeof(int))]; } control;
    memset(&control, 0, sizeof control);
    struct iovec iov = { "x", 1 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &pipefd[1], sizeof(int));
    CHECK(sendmsg(sv[0], &msg, 0) == 1);
    memset(&control, 0, sizeof control);
    char byte = 0;
    struct iovec riov = { &byte, 1 };
    struct msghdr rmsg = { .msg_iov = &riov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf };
    CHECK(recvmsg(sv[1], &rmsg, 0) == 1 && byte == 'x' && !(rmsg.msg_flags & MSG_CTRUNC));
    c = CMSG_FIRSTHDR(&rmsg);
    CHECK(c != NULL && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len == CMSG_LEN(sizeof(int)));
    if (c != NULL) {
        int passed;
        memcpy(&passed, CMSG_DATA(c), sizeof passed);
        CHECK(passed != pipefd[1] && write(passed, "fd", 2) == 2);
        CHECK(read(pipefd[0], buf, 2) == 2 && memcmp(buf, "fd", 2) == 0);
        close(passed);
        CHECK(CMSG_NXTHDR(&rmsg, c) == NULL);
    }
    close(pipefd[0]);
    close(pipefd[1]);
    close(sv[0]);
    CHECK(read(sv[1], buf, sizeof buf) == 0);   /* the peer closed: end of file */
    close(sv[1]);
}

static void tcp_loopback(void)
{
    int server = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(server >= 0);
    int one = 1;
    CHECK(setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
    int value = 0;
    socklen_t len = sizeof value;
    CHECK(getsockopt(server, SOL_SOCKET, SO_REUSEADDR, &value, &len) == 0 && value == 1);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = 0, .sin_addr = { htonl(INADDR_LOOPBACK) } };
    CHECK(bind(server, (struct sockaddr *)&addr, sizeof addr) == 0);
    len = sizeof addr;
    CHECK(getsockname(server, (struct sockaddr *)&addr, &len) == 0 && len == sizeof addr);
    CHECK(addr.sin_family == AF_INET && addr.sin_port != 0 && addr.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    CHECK(listen(server, 4) == 0);
    len = sizeof value;
    CHECK(getsockopt(server, SOL_SOCKET, SO_ACCEPTCONN, &value, &len) == 0 && value == 1);

    int client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    CHECK(setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0);
    CHECK(connect(client, (struct sockaddr *)&addr, sizeof addr) == 0);
    struct sockaddr_in peer;
    len = sizeof peer;
    int conn = accept4(server, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
    CHECK(conn >= 0 && len == sizeof peer && peer.sin_family == AF_INET && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    CHECK((fcntl(conn, F_GETFL) & O_NONBLOCK) && fcntl(conn, F_GETFD) == FD_CLOEXEC);
    struct sockaddr_in mine;
    len = sizeof mine;
    CHECK(getsockname(client, (struct sockaddr *)&mine, &len) == 0 && mine.sin_port == peer.sin_port);
    len = sizeof peer;
    CHECK(getpeername(client, (struct sockaddr *)&peer, &len) == 0 && peer.sin_port == addr.sin_port);

    CHECK(send(client, "hello", 5, MSG_NOSIGNAL) == 5);
    struct pollfd p = { conn, POLLIN, 0 };
    CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLIN));
    char buf[16] = { 0 };
    CHECK(recv(conn, buf, sizeof buf, 0) == 5 && memcmp(buf, "hello", 5) == 0);
    CHECK(shutdown(client, SHUT_WR) == 0);
    CHECK(poll(&p, 1, 5000) == 1);
    CHECK(recv(conn, buf, sizeof buf, 0) == 0);
    int error = -1;
    len = sizeof error;
    CHECK(getsockopt(client, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error == 0);
    struct linger linger = { 1, 0 };
    CHECK(setsockopt(conn, SOL_SOCKET, SO_LINGER, &linger, sizeof linger) == 0);
    memset(&linger, 0xff, sizeof linger);
    len = sizeof linger;
    CHECK(getsockopt(conn, SOL_SOCKET, SO_LINGER, &linger, &len) == 0 && linger.l_onoff == 1 && linger.l_linger == 0);
    close(conn);
    close(client);
    close(server);

    /* nobody listens on the port any more */
    client = socket(AF_INET, SOCK_STREAM, 0);
    errno = 0;
    CHECK(connect(client, (struct sockaddr *)&addr, sizeof addr) == -1 && errno == ECONNREFUSED);
    close(client);
}

static void udp_loopback(void)
{
    int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr = { htonl(INADDR_LOOPBACK) } };
    CHECK(bind(a, (struct sockaddr *)&addr, sizeof addr) == 0);
    socklen_t len = sizeof addr;
    CHECK(getsockname(a, (struct sockaddr *)&addr, &len) == 0);
    CHECK(sendto(b, "datagram", 8, 0, (struct sockaddr *)&addr, sizeof addr) == 8);
    char buf[4];
    struct sockaddr_in from;
    len = sizeof from;
    /* a datagram longer than the buffer is cut, and MSG_TRUNC returns its real length */
    CHECK(recvfrom(a, buf, sizeof buf, MSG_TRUNC, (struct sockaddr *)&from, &len) == 8);
    CHECK(memcmp(buf, "data", 4) == 0 && len == sizeof from && from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    struct sockaddr_in bname;
    len = sizeof bname;
    CHECK(getsockname(b, (struct sockaddr *)&bname, &len) == 0 && bname.sin_port == from.sin_port);
    close(a);
    close(b);
}

static void unix_path(void)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    snprintf(addr.sun_path, sizeof addr.sun_path, "/tmp/microcosm-socket-test-%d", (int)getpid());
    unlink(addr.sun_path);
    int server = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(bind(server, (struct sockaddr *)&addr, sizeof addr) == 0);
    errno = 0;
    int again = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(bind(again, (struct sockaddr *)&addr, sizeof addr) == -1 && errno == EADDRINUSE);
    close(again);
    struct stat st;
    CHECK(stat(addr.sun_path, &st) == 0 && S_ISSOCK(st.st_mode));
    CHECK(listen(server, 1) == 0);
    int client = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(connect(client, (struct sockaddr *)&addr, (socklen_t)SUN_LEN(&addr)) == 0);
    struct sockaddr_un name;
    socklen_t len = sizeof name;
    int conn = accept(server, (struct sockaddr *)&name, &len);
    CHECK(conn >= 0 && name.sun_family == AF_UNIX);
    len = sizeof name;
    CHECK(getsockname(server, (struct sockaddr *)&name, &len) == 0 && strcmp(name.sun_path, addr.sun_path) == 0);
    CHECK(write(client, "abc", 3) == 3);
    char buf[4] = { 0 };
    CHECK(read(conn, buf, 3) == 3 && strcmp(buf, "abc") == 0);
    close(conn);
    close(client);
    close(server);
    CHECK(unlink(addr.sun_path) == 0);
}

static void errors(void)
{
    errno = 0;
    CHECK(socket(AF_INET, 99, 0) == -1 && errno == EINVAL);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int v;
    socklen_t len = sizeof v;
    errno = 0;
    CHECK(getsockopt(fd, SOL_SOCKET, 12345, &v, &len) == -1 && errno == ENOPROTOOPT);
    errno = 0;
    CHECK(send(fd, "x", 1, MSG_NOSIGNAL) == -1 && (errno == EPIPE || errno == ENOTCONN));
    struct sockaddr_in peer;
    len = sizeof peer;
    errno = 0;
    CHECK(getpeername(fd, (struct sockaddr *)&peer, &len) == -1 && errno == ENOTCONN);
    close(fd);
    int pipefd[2];
    CHECK(pipe(pipefd) == 0);
    errno = 0;
    CHECK(send(pipefd[1], "x", 1, 0) == -1 && errno == ENOTSOCK);
    close(pipefd[0]);
    close(pipefd[1]);
    errno = 0;
    CHECK(listen(-1, 1) == -1 && errno == EBADF);
}

int main(void)
{
    address_text();
    names();
    socket_pair();
    tcp_loopback();
    udp_loopback();
    unix_path();
    errors();
    return CHECK_DONE();
}
