/* netdb.c - host, service and protocol names as glibc's "files" sources find them: /etc/hosts,
 * /etc/services and /etc/protocols, read on each call. A guest has no DNS resolver: a name that is
 * not numeric and not in /etc/hosts is EAI_NONAME (HOST_NOT_FOUND), as for a name DNS does not know.
 * getaddrinfo orders and expands results as glibc does: one entry per socket type (stream, datagram,
 * raw) unless the hints or the service narrow them; a NULL node is the wildcard address with
 * AI_PASSIVE (IPv4, then IPv6) and the loopback address without (IPv6, then IPv4). */
#include "libc_internal.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* h_errno: one for the program (no thread-local storage; the functions that set it return static
 * results, which are not per-thread either). */
static int h_errno_value;
int *__h_errno_location(void) { return &h_errno_value; }

/* ---- reading the files: a line's fields, comments (#) removed -------------------------------------- */

#define MAX_FIELDS 36

struct db_file {
    FILE *f;
    char line[1024];
    char *field[MAX_FIELDS];
    int count;
};

static int db_open(struct db_file *db, const char *path)
{
    db->f = fopen(path, "re");
    return db->f != NULL;
}

static int db_next(struct db_file *db)
{
    while (fgets(db->line, sizeof db->line, db->f)) {
        char *hash = strchr(db->line, '#');
        if (hash) *hash = '\0';
        db->count = 0;
        for (char *p = strtok(db->line, " \t\r\n"); p && db->count < MAX_FIELDS; p = strtok(NULL, " \t\r\n"))
            db->field[db->count++] = p;
        if (db->count > 0) return 1;
    }
    return 0;
}

static void db_close(struct db_file *db) { fclose(db->f); }

/* Copies a line's third and later fields (its aliases) into [p, end) and lists them, NULL-terminated, in
 * aliases (MAX_FIELDS entries); those that do not fit are left out. */
static void copy_aliases(struct db_file *db, char *p, const char *end, char **aliases)
{
    int n = 0;
    for (int i = 2; i < db->count && n < MAX_FIELDS - 1; i++) {
        size_t len = strlen(db->field[i]) + 1;
        if (p + len > end) break;
        memcpy(p, db->field[i], len);
        aliases[n++] = p;
        p += len;
    }
    aliases[n] = NULL;
}

/* ---- services --------------------------------------------------------------------------------------- */

static struct servent serv_result;
static char serv_buf[1024];
static char *serv_aliases[MAX_FIELDS];

/* Copies a line's fields into the static result: name port/proto aliases... */
static struct servent *serv_fill(struct db_file *db, int port, const char *proto)
{
    char *p = serv_buf, *end = serv_buf + sizeof serv_buf;
    size_t len = strlen(db->field[0]) + 1;
    memcpy(p, db->field[0], len);
    serv_result.s_name = p;
    p += len;
    len = strlen(proto) + 1;
    memcpy(p, proto, len);
    serv_result.s_proto = p;
    p += len;
    copy_aliases(db, p, end, serv_aliases);
    serv_result.s_aliases = serv_aliases;
    serv_result.s_port = htons((uint16_t)port);
    return &serv_result;
}

/* Finds a service by name (port < 0) or port, for a protocol (NULL = any). */
static struct servent *serv_find(const char *name, int port, const char *proto)
{
    struct db_file db;
    if (!db_open(&db, "/etc/services")) return NULL;
    struct servent *found = NULL;
    while (!found && db_next(&db)) {
        if (db.count < 2) continue;
        char *slash = strchr(db.field[1], '/');
        if (!slash) continue;
        *slash = '\0';
        int line_port = atoi(db.field[1]);
        const char *line_proto = slash + 1;
        if (proto && strcmp(proto, line_proto) != 0) continue;
        int match = 0;
        if (name) {
            match = strcmp(db.field[0], name) == 0;
            for (int i = 2; !match && i < db.count; i++) match = strcmp(db.field[i], name) == 0;
        } else {
            match = line_port == port;
        }
        if (match) found = serv_fill(&db, line_port, line_proto);
    }
    db_close(&db);
    return found;
}

struct servent *getservbyname(const char *name, const char *proto) { return serv_find(name, -1, proto); }
struct servent *getservbyport(int port, const char *proto) { return serv_find(NULL, ntohs((uint16_t)port), proto); }

static struct db_file serv_enum = { 0 };
void setservent(int stayopen) { if (serv_enum.f) rewind(serv_enum.f); }
void endservent(void) { if (serv_enum.f) db_close(&serv_enum); serv_enum.f = NULL; }
struct servent *getservent(void)
{
    if (!serv_enum.f && !db_open(&serv_enum, "/etc/services")) return NULL;
    while (db_next(&serv_enum)) {
        char *slash = serv_enum.count >= 2 ? strchr(serv_enum.field[1], '/') : NULL;
        if (!slash) continue;
        *slash = '\0';
        return serv_fill(&serv_enum, atoi(serv_enum.field[1]), slash + 1);
    }
    return NULL;
}

/* ---- protocols ---------------------------------------------------------------------------------------- */

static struct protoent proto_result;
static char proto_buf[1024];
static char *proto_aliases[MAX_FIELDS];

static struct protoent *proto_fill(struct db_file *db)
{
    char *p = proto_buf, *end = proto_buf + sizeof proto_buf;
    size_t len = strlen(db->field[0]) + 1;
    memcpy(p, db->field[0], len);
    proto_result.p_name = p;
    p += len;
    copy_aliases(db, p, end, proto_aliases);
    proto_result.p_aliases = proto_aliases;
    proto_result.p_proto = atoi(db->field[1]);
    return &proto_result;
}

static struct protoent *proto_find(const char *name, int number)
{
    struct db_file db;
    if (!db_open(&db, "/etc/protocols")) return NULL;
    struct protoent *found = NULL;
    while (!found && db_next(&db)) {
        if (db.count < 2) continue;
        int match = 0;
        if (name) {
            for (int i = 0; !match && i < db.count; i++) match = i != 1 && strcmp(db.field[i], name) == 0;
        } else {
            match = atoi(db.field[1]) == number;
        }
        if (match) found = proto_fill(&db);
    }
    db_close(&db);
    return found;
}

struct protoent *getprotobyname(const char *name) { return proto_find(name, -1); }
struct protoent *getprotobynumber(int proto) { return proto_find(NULL, proto); }

static struct db_file proto_enum = { 0 };
void setprotoent(int stayopen) { if (proto_enum.f) rewind(proto_enum.f); }
void endprotoent(void) { if (proto_enum.f) db_close(&proto_enum); proto_enum.f = NULL; }
struct protoent *getprotoent(void)
{
    if (!proto_enum.f && !db_open(&proto_enum, "/etc/protocols")) return NULL;
    while (db_next(&proto_enum))
        if (proto_enum.count >= 2) return proto_fill(&proto_enum);
    return NULL;
}

/* ---- hosts ------------------------------------------------------------------------------------------------ */

/* One /etc/hosts address: family, bytes, and the line's names. */
struct host_entry {
    int family;
    unsigned char addr[16];
};

/* A numeric host: IPv4 in inet_aton's forms (as glibc accepts "127.1"), or IPv6 (with an optional
 * %scope, numeric). Returns the family or 0. */
static int numeric_host(const char *name, unsigned char *addr, uint32_t *scope)
{
    struct in_addr a4;
    if (inet_aton(name, &a4)) {
        /* inet_aton accepts trailing white space; a host name must not have it. */
        for (const char *p = name; *p; p++)
            if (isspace((unsigned char)*p)) return 0;
        memcpy(addr, &a4, 4);
        return AF_INET;
    }
    char buf[INET6_ADDRSTRLEN + 16];
    const char *pct = strchr(name, '%');
    size_t len = pct ? (size_t)(pct - name) : strlen(name);
    if (len >= sizeof buf) return 0;
    memcpy(buf, name, len);
    buf[len] = '\0';
    if (inet_pton(AF_INET6, buf, addr) != 1) return 0;
    if (scope) *scope = 0;
    if (pct) {
        char *end;
        unsigned long s = strtoul(pct + 1, &end, 10);
        if (pct[1] == '\0' || *end != '\0') return 0;
        if (scope) *scope = (uint32_t)s;
    }
    return AF_INET6;
}

/* Calls fn for every /etc/hosts line naming `name` (NULL: every line) in family (AF_UNSPEC: any);
 * fn returns nonzero to stop. */
static void hosts_each(const char *name, int family,
                       int (*fn)(void *ctx, const struct host_entry *e, struct db_file *db), void *ctx)
{
    struct db_file db;
    if (!db_open(&db, "/etc/hosts")) return;
    while (db_next(&db)) {
        if (db.count < 2) continue;
        struct host_entry e;
        if (inet_pton(AF_INET, db.field[0], e.addr) == 1) e.family = AF_INET;
        else if (inet_pton(AF_INET6, db.field[0], e.addr) == 1) e.family = AF_INET6;
        else continue;
        if (family != AF_UNSPEC && family != e.family) continue;
        int match = name == NULL;
        for (int i = 1; !match && i < db.count; i++) match = strcasecmp(db.field[i], name) == 0;
        if (match && fn(ctx, &e, &db)) break;
    }
    db_close(&db);
}

/* gethostbyname & co.: one static result. */
static struct hostent host_result;
static char host_names[1024];
static char *host_aliases[MAX_FIELDS];
static unsigned char host_addrs[16][16];
static char *host_addr_list[17];

struct host_collect {
    int family;
    int count;
    const unsigned char *match_addr;   /* gethostbyaddr: the address to find */
};

static void host_set_names(struct db_file *db, int first)
{
    char *p = host_names, *end = host_names + sizeof host_names;
    int n = 0;
    for (int i = first; i < db->count; i++) {
        size_t len = strlen(db->field[i]) + 1;
        if (p + len > end) break;
        memcpy(p, db->field[i], len);
        if (i == first) host_result.h_name = p;
        else if (n < MAX_FIELDS - 1) host_aliases[n++] = p;
        p += len;
    }
    host_aliases[n] = NULL;
}

static int host_collect_fn(void *ctx, const struct host_entry *e, struct db_file *db)
{
    struct host_collect *c = ctx;
    size_t len = e->family == AF_INET ? 4 : 16;
    if (c->match_addr && memcmp(c->match_addr, e->addr, len) != 0) return 0;
    if (c->count == 0) host_set_names(db, 1);
    if (c->count < 16) memcpy(host_addrs[c->count++], e->addr, len);
    return c->match_addr != NULL;
}

static struct hostent *host_finish(int family, int count)
{
    host_result.h_addrtype = family;
    host_result.h_length = family == AF_INET ? 4 : 16;
    host_result.h_aliases = host_aliases;
    for (int i = 0; i < count; i++) host_addr_list[i] = (char *)host_addrs[i];
    host_addr_list[count] = NULL;
    host_result.h_addr_list = host_addr_list;
    h_errno_value = NETDB_SUCCESS;
    return &host_result;
}

struct hostent *gethostbyname2(const char *name, int af)
{
    if (af != AF_INET && af != AF_INET6) {
        h_errno_value = NETDB_INTERNAL;
        errno = EAFNOSUPPORT;
        return NULL;
    }
    unsigned char addr[16];
    int family = numeric_host(name, addr, NULL);
    if (family) {
        if (family != af) { h_errno_value = HOST_NOT_FOUND; return NULL; }
        size_t len = strlen(name) + 1 < sizeof host_names ? strlen(name) + 1 : sizeof host_names;
        memcpy(host_names, name, len);
        host_names[sizeof host_names - 1] = '\0';
        host_result.h_name = host_names;
        host_aliases[0] = NULL;
        memcpy(host_addrs[0], addr, af == AF_INET ? 4 : 16);
        return host_finish(af, 1);
    }
    struct host_collect c = { af, 0, NULL };
    hosts_each(name, af, host_collect_fn, &c);
    if (c.count == 0) { h_errno_value = HOST_NOT_FOUND; return NULL; }
    return host_finish(af, c.count);
}

struct hostent *gethostbyname(const char *name) { return gethostbyname2(name, AF_INET); }

struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type)
{
    if ((type == AF_INET && len != 4) || (type == AF_INET6 && len != 16) || (type != AF_INET && type != AF_INET6)) {
        h_errno_value = NETDB_INTERNAL;
        errno = EINVAL;
        return NULL;
    }
    struct host_collect c = { type, 0, addr };
    hosts_each(NULL, type, host_collect_fn, &c);
    if (c.count == 0) { h_errno_value = HOST_NOT_FOUND; return NULL; }
    return host_finish(type, c.count);
}

static struct db_file host_enum = { 0 };
void sethostent(int stayopen) { if (host_enum.f) rewind(host_enum.f); }
void endhostent(void) { if (host_enum.f) db_close(&host_enum); host_enum.f = NULL; }
struct hostent *gethostent(void)
{
    if (!host_enum.f && !db_open(&host_enum, "/etc/hosts")) return NULL;
    while (db_next(&host_enum)) {
        if (host_enum.count < 2) continue;
        int family = inet_pton(AF_INET, host_enum.field[0], host_addrs[0]) == 1 ? AF_INET
                   : inet_pton(AF_INET6, host_enum.field[0], host_addrs[0]) == 1 ? AF_INET6 : 0;
        if (!family) continue;
        host_set_names(&host_enum, 1);
        return host_finish(family, 1);
    }
    return NULL;
}

const char *hstrerror(int err)
{
    switch (err) {
    case NETDB_INTERNAL: return "Resolver internal error";
    case NETDB_SUCCESS: return "Resolver Error 0 (no error)";
    case HOST_NOT_FOUND: return "Unknown host";
    case TRY_AGAIN: return "Host name lookup failure";
    case NO_RECOVERY: return "Unknown server error";
    case NO_DATA: return "No address associated with name";
    default: return "Unknown resolver error";
    }
}

void herror(const char *s)
{
    if (s && *s) fprintf(stderr, "%s: %s\n", s, hstrerror(h_errno_value));
    else fprintf(stderr, "%s\n", hstrerror(h_errno_value));
}

/* ---- getaddrinfo ------------------------------------------------------------------------------------------- */

const char *gai_strerror(int code)
{
    switch (code) {
    case 0: return "Success";
    case EAI_BADFLAGS: return "Bad value for ai_flags";
    case EAI_NONAME: return "Name or service not known";
    case EAI_AGAIN: return "Temporary failure in name resolution";
    case EAI_FAIL: return "Non-recoverable failure in name resolution";
    case EAI_NODATA: return "No address associated with hostname";
    case EAI_FAMILY: return "ai_family not supported";
    case EAI_SOCKTYPE: return "ai_socktype not supported";
    case EAI_SERVICE: return "Servname not supported for ai_socktype";
    case EAI_ADDRFAMILY: return "Address family for hostname not supported";
    case EAI_MEMORY: return "Memory allocation failure";
    case EAI_SYSTEM: return "System error";
    case EAI_OVERFLOW: return "Argument buffer overflow";
    default: return "Unknown error";
    }
}

void freeaddrinfo(struct addrinfo *ai)
{
    while (ai) {
        struct addrinfo *next = ai->ai_next;
        free(ai->ai_canonname);
        free(ai);
        ai = next;
    }
}

/* The socket types an entry is made for, with their protocols. */
struct gai_type {
    int socktype, protocol, port;   /* port in network order; -1: the service has none for this type */
};

struct gai_list {
    struct addrinfo *head, **tail;
    const struct gai_type *types;
    int ntypes;
    int flags;
    int error;
};

static void gai_add(struct gai_list *list, int family, const unsigned char *addr, uint32_t scope)
{
    for (int i = 0; i < list->ntypes && !list->error; i++) {
        if (list->types[i].port < 0) continue;
        size_t salen = family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
        struct addrinfo *ai = calloc(1, sizeof *ai + salen);
        if (!ai) { list->error = EAI_MEMORY; return; }
        ai->ai_family = family;
        ai->ai_socktype = list->types[i].socktype;
        ai->ai_protocol = list->types[i].protocol;
        ai->ai_addrlen = (socklen_t)salen;
        ai->ai_addr = (struct sockaddr *)(ai + 1);
        if (family == AF_INET) {
            struct sockaddr_in *sin = (struct sockaddr_in *)ai->ai_addr;
            sin->sin_family = AF_INET;
            sin->sin_port = (in_port_t)list->types[i].port;
            memcpy(&sin->sin_addr, addr, 4);
        } else {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ai->ai_addr;
            sin6->sin6_family = AF_INET6;
            sin6->sin6_port = (in_port_t)list->types[i].port;
            memcpy(&sin6->sin6_addr, addr, 16);
            sin6->sin6_scope_id = scope;
        }
        *list->tail = ai;
        list->tail = &ai->ai_next;
    }
}

/* An IPv4 address as IPv4-mapped IPv6 (AI_V4MAPPED). */
static void v4_mapped(const unsigned char *v4, unsigned char *v6)
{
    memset(v6, 0, 10);
    v6[10] = v6[11] = 0xff;
    memcpy(v6 + 12, v4, 4);
}

struct gai_hosts {
    struct gai_list *list;
    char canon[256];   /* the first name of the first line found */
    int found;
};

static int gai_hosts_fn(void *ctx, const struct host_entry *e, struct db_file *db)
{
    struct gai_hosts *h = ctx;
    if (!h->found) {
        strncpy(h->canon, db->field[1], sizeof h->canon - 1);
        h->canon[sizeof h->canon - 1] = '\0';
    }
    /* The same address on two lines is one result (glibc merges them). */
    for (struct addrinfo *ai = h->list->head; ai; ai = ai->ai_next) {
        if (ai->ai_family != e->family) continue;
        const void *have = e->family == AF_INET ? (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr
                                                : (const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
        if (memcmp(have, e->addr, e->family == AF_INET ? 4 : 16) == 0) return 0;
    }
    h->found++;
    gai_add(h->list, e->family, e->addr, 0);
    return h->list->error != 0;
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res)
{
    static const struct addrinfo default_hints = { .ai_flags = AI_V4MAPPED | AI_ADDRCONFIG };
    if (!hints) hints = &default_hints;
    int flags = hints->ai_flags;
    if (flags & ~(AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED | AI_ALL | AI_ADDRCONFIG | AI_NUMERICSERV))
        return EAI_BADFLAGS;
    if ((flags & AI_CANONNAME) && !node) return EAI_BADFLAGS;
    if (!node && !service) return EAI_NONAME;
    int family = hints->ai_family;
    if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6) return EAI_FAMILY;
    if (node && *node == '\0') node = NULL, flags &= ~AI_CANONNAME;
    if (!node && !service) return EAI_NONAME;

    /* The socket types, each with its protocol and the service's port. */
    struct gai_type types[3] = {
        { SOCK_STREAM, IPPROTO_TCP, 0 }, { SOCK_DGRAM, IPPROTO_UDP, 0 }, { SOCK_RAW, 0, 0 },
    };
    int ntypes = 3;
    if (hints->ai_socktype != 0) {
        int k;
        for (k = 0; k < 3 && types[k].socktype != hints->ai_socktype; k++) {}
        if (k == 3) {
            if (hints->ai_socktype != SOCK_SEQPACKET) return EAI_SOCKTYPE;
            types[0] = (struct gai_type){ SOCK_SEQPACKET, 0, 0 };
            k = 0;
        }
        types[0] = types[k];
        ntypes = 1;
    }
    if (hints->ai_protocol != 0) {
        int kept = 0;
        for (int i = 0; i < ntypes; i++) {
            /* A raw socket takes any protocol; the others only their own (glibc). */
            if (hints->ai_socktype == SOCK_RAW || types[i].protocol == hints->ai_protocol) {
                types[kept] = types[i];
                types[kept++].protocol = hints->ai_protocol;
            }
        }
        if (kept == 0) return EAI_SOCKTYPE;
        ntypes = kept;
    }
    if (service) {
        char *end;
        unsigned long port = strtoul(service, &end, 10);
        int numeric = *service != '\0' && *end == '\0';
        if (numeric && port > 65535) return EAI_SERVICE;
        if (!numeric && (flags & AI_NUMERICSERV)) return EAI_NONAME;
        int any = 0;
        for (int i = 0; i < ntypes; i++) {
            if (numeric) {
                types[i].port = htons((uint16_t)port);
                any = 1;
                continue;
            }
            const char *proto = types[i].socktype == SOCK_STREAM ? "tcp" : types[i].socktype == SOCK_DGRAM ? "udp" : NULL;
            struct servent *s = proto ? getservbyname(service, proto) : NULL;
            types[i].port = s ? s->s_port : -1;
            any |= s != NULL;
        }
        if (!any) return EAI_SERVICE;
    }

    struct gai_list list = { NULL, &list.head, types, ntypes, flags, 0 };
    char *canon = NULL;
    if (!node) {
        static const unsigned char any4[4] = { 0 }, loop4[4] = { 127, 0, 0, 1 };
        if (flags & AI_PASSIVE) {
            if (family != AF_INET6) gai_add(&list, AF_INET, any4, 0);
            if (family != AF_INET) gai_add(&list, AF_INET6, in6addr_any.s6_addr, 0);
        } else {
            if (family != AF_INET) gai_add(&list, AF_INET6, in6addr_loopback.s6_addr, 0);
            if (family != AF_INET6) gai_add(&list, AF_INET, loop4, 0);
        }
    } else {
        unsigned char addr[16];
        uint32_t scope = 0;
        int numeric = numeric_host(node, addr, &scope);
        if (numeric) {
            if (family == AF_INET6 && numeric == AF_INET && (flags & AI_V4MAPPED)) {
                unsigned char mapped[16];
                v4_mapped(addr, mapped);
                gai_add(&list, AF_INET6, mapped, 0);
            } else if (family != AF_UNSPEC && family != numeric) {
                return EAI_ADDRFAMILY;
            } else {
                gai_add(&list, numeric, addr, scope);
            }
            if (flags & AI_CANONNAME) canon = strdup(node);
        } else if (flags & AI_NUMERICHOST) {
            return EAI_NONAME;
        } else {
            struct gai_hosts h = { &list, "", 0 };
            hosts_each(node, family, gai_hosts_fn, &h);
            if (!h.found && family == AF_INET6 && (flags & AI_V4MAPPED)) {
                /* No IPv6 address: the IPv4 ones, mapped. */
                struct gai_list v4 = { NULL, &v4.head, types, ntypes, flags, 0 };
                struct gai_hosts h4 = { &v4, "", 0 };
                hosts_each(node, AF_INET, gai_hosts_fn, &h4);
                for (struct addrinfo *ai = v4.head; ai; ai = ai->ai_next) {
                    unsigned char mapped[16];
                    v4_mapped((const unsigned char *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr, mapped);
                    gai_add(&list, AF_INET6, mapped, 0);
                }
                freeaddrinfo(v4.head);
                h.found = h4.found;
                memcpy(h.canon, h4.canon, sizeof h.canon);
            }
            if (!h.found && !list.error) return EAI_NONAME;
            if (flags & AI_CANONNAME) canon = strdup(h.canon);
        }
    }
    if (!list.error && !list.head) list.error = EAI_SERVICE;
    if (!list.error && (flags & AI_CANONNAME) && !canon) list.error = EAI_MEMORY;
    if (list.error) {
        free(canon);
        freeaddrinfo(list.head);
        return list.error;
    }
    list.head->ai_canonname = canon;
    for (struct addrinfo *ai = list.head; ai; ai = ai->ai_next) ai->ai_flags = flags;
    *res = list.head;
    return 0;
}

/* ---- getnameinfo -------------------------------------------------------------------------------------------- */

static int copy_out(char *dst, socklen_t size, const char *src)
{
    size_t len = strlen(src);
    if (len >= size) return EAI_OVERFLOW;
    memcpy(dst, src, len + 1);
    return 0;
}

struct name_find {
    int family;
    const unsigned char *addr;
    char name[NI_MAXHOST];
    int found;
};

static int name_find_fn(void *ctx, const struct host_entry *e, struct db_file *db)
{
    struct name_find *n = ctx;
    if (memcmp(e->addr, n->addr, n->family == AF_INET ? 4 : 16) != 0) return 0;
    strncpy(n->name, db->field[1], sizeof n->name - 1);
    n->name[sizeof n->name - 1] = '\0';
    n->found = 1;
    return 1;
}

int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, socklen_t hostlen, char *serv,
                socklen_t servlen, int flags)
{
    if (flags & ~(NI_NUMERICHOST | NI_NUMERICSERV | NI_NOFQDN | NI_NAMEREQD | NI_DGRAM)) return EAI_BADFLAGS;
    if (!sa || salen < sizeof(sa_family_t)) return EAI_FAMILY;
    const unsigned char *addr;
    in_port_t port;
    uint32_t scope = 0;
    if (sa->sa_family == AF_INET) {
        if (salen < sizeof(struct sockaddr_in)) return EAI_FAMILY;
        const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
        addr = (const unsigned char *)&sin->sin_addr;
        port = sin->sin_port;
    } else if (sa->sa_family == AF_INET6) {
        if (salen < sizeof(struct sockaddr_in6)) return EAI_FAMILY;
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;
        addr = sin6->sin6_addr.s6_addr;
        port = sin6->sin6_port;
        scope = sin6->sin6_scope_id;
    } else {
        return EAI_FAMILY;
    }
    if ((!host || hostlen == 0) && (!serv || servlen == 0)) return EAI_NONAME;
    if (host && hostlen > 0) {
        struct name_find n = { sa->sa_family, addr, "", 0 };
        if (!(flags & NI_NUMERICHOST)) hosts_each(NULL, sa->sa_family, name_find_fn, &n);
        if (n.found) {
            if (flags & NI_NOFQDN) {
                char *dot = strchr(n.name, '.');
                if (dot) *dot = '\0';
            }
        } else {
            if (flags & NI_NAMEREQD) return EAI_NONAME;
            inet_ntop(sa->sa_family, addr, n.name, sizeof n.name);
            if (scope) snprintf(n.name + strlen(n.name), sizeof n.name - strlen(n.name), "%%%u", scope);
        }
        int r = copy_out(host, hostlen, n.name);
        if (r) return r;
    }
    if (serv && servlen > 0) {
        char buf[NI_MAXSERV];
        struct servent *s = (flags & NI_NUMERICSERV) ? NULL : getservbyport(port, (flags & NI_DGRAM) ? "udp" : "tcp");
        if (s) snprintf(buf, sizeof buf, "%s", s->s_name);
        else snprintf(buf, sizeof buf, "%u", ntohs(port));
        int r = copy_out(serv, servlen, buf);
        if (r) return r;
    }
    return 0;
}
