/*
 * mmdsl-agent: runs MmDsl memory commands as real system calls.
 *
 * The C# host starts this program with pipes on stdin and stdout and sends one
 * command per line; every command gets exactly one answer line, "ok ..." or
 * "err ERRNO_NAME message". docs/host-protocol.md describes every command.
 *
 * Process layout: the started process is a supervisor. It becomes a child
 * subreaper, forks the first agent and then only reaps agents until none is
 * left. Agents forked by "fork" are therefore never left as zombies, even
 * when their parent agent exits first.
 *
 * Fault accounting: an agent touches no page it has not touched before while
 * it handles a command. At start it extends its stack, touches its static
 * buffers and mlock()s every mapping it has (which populates them); after a
 * fork both parent and child mlock() those ranges again, which breaks COW on
 * the agent's own pages before the next command. All I/O uses static buffers
 * and read(2)/write(2); there is no malloc and no stdio stream.
 *
 * Addresses in the protocol are offsets from the base (default
 * 0x200000000000, 2M aligned). Nothing is mapped there except what a command
 * asks for: every mmap uses MAP_FIXED_NOREPLACE at base + offset.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK 18
#endif
#ifndef MADV_KEEPONFORK
#define MADV_KEEPONFORK 19
#endif
#ifndef MADV_COLD
#define MADV_COLD 20
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ 1031
#endif
#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 1U
#endif

#define PROTOCOL_VERSION 1
#define DEFAULT_BASE 0x200000000000ULL
#define BASE_SPAN (1ULL << 45)      /* [base, base + 32 TiB) must be free */
#define LINE_CAP 4096
#define MAX_ARGS 8
#define MAX_HANDLES 32
#define MAX_RANGES 256
#define STACK_PREFAULT (64 * 1024)
#define ATTACH_TIMEOUT_S 30
#define PAGE 4096UL

static uint64_t g_base = DEFAULT_BASE;
static char g_rbuf[LINE_CAP];
static size_t g_rlen;
static int g_discarding;
static char g_line[LINE_CAP];
static char g_out[LINE_CAP];
static unsigned char g_scratch[PAGE];
static struct { uintptr_t start, end; int writable; } g_ranges[MAX_RANGES];
static int g_nranges;
static uintptr_t g_stack_top;
static int g_warm_failures;
static unsigned long g_own_pages;
static int g_attached = 1;
static char g_altstack[1 << 14] __attribute__((aligned(64)));
static sigjmp_buf g_jmp;
static volatile sig_atomic_t g_guard;

enum { H_FREE, H_PIPE, H_PIN };
struct handle {
    int kind, id;
    int fd;           /* pipe read end, or io_uring fd */
    int fd2;          /* pipe write end, or memfd for pinread/pinwrite */
    uint64_t addr, len, bytes, pipe_size;
    struct io_uring_params p;
    unsigned char *sq, *cq;
    struct io_uring_sqe *sqes;
    size_t sq_size, cq_size, sqes_size;
};
static struct handle g_handles[MAX_HANDLES];
static int g_next_id = 1;

/* ---------- output ---------- */

static void write_all(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(1, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            _exit(0); /* nobody listens any more */
        s += w;
        n -= (size_t)w;
    }
}

static void reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void reply(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(g_out, sizeof g_out - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n > sizeof g_out - 2)
        n = (int)sizeof g_out - 2;
    g_out[n++] = '\n';
    write_all(g_out, (size_t)n);
}

static const char *errno_name(int e)
{
    switch (e) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case E2BIG: return "E2BIG";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case ENODEV: return "ENODEV";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EMFILE: return "EMFILE";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case EPIPE: return "EPIPE";
    case ERANGE: return "ERANGE";
    case ENOSYS: return "ENOSYS";
    case EOVERFLOW: return "EOVERFLOW";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EHWPOISON: return "EHWPOISON";
    default: return NULL;
    }
}

static void reply_err(int e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reply_err(int e, const char *fmt, ...)
{
    const char *name = errno_name(e);
    int n = name ? snprintf(g_out, sizeof g_out, "err %s ", name)
                 : snprintf(g_out, sizeof g_out, "err E%d ", e);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(g_out + n, sizeof g_out - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (m < 0)
        m = 0;
    n += m;
    if ((size_t)n > sizeof g_out - 2)
        n = (int)sizeof g_out - 2;
    g_out[n++] = '\n';
    write_all(g_out, (size_t)n);
}

static void reply_sig(int sig, const char *what, uint64_t off)
{
    reply("err %s %s 0x%llx", sig == SIGBUS ? "SIGBUS" : "SIGSEGV", what,
          (unsigned long long)off);
}

/* ---------- input ---------- */

/* Reads the next line into g_line; returns 0, or -1 at end of input. */
static int next_line(void)
{
    for (;;) {
        char *nl = memchr(g_rbuf, '\n', g_rlen);
        if (nl) {
            size_t n = (size_t)(nl - g_rbuf);
            int was_discarding = g_discarding;
            if (!was_discarding) {
                memcpy(g_line, g_rbuf, n);
                g_line[n] = 0;
            }
            memmove(g_rbuf, nl + 1, g_rlen - n - 1);
            g_rlen -= n + 1;
            g_discarding = 0;
            if (was_discarding) {
                reply_err(E2BIG, "line longer than %d bytes", LINE_CAP - 1);
                continue;
            }
            return 0;
        }
        if (g_rlen == sizeof g_rbuf) {
            g_discarding = 1;
            g_rlen = 0;
        }
        ssize_t r = read(0, g_rbuf + g_rlen, sizeof g_rbuf - g_rlen);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        g_rlen += (size_t)r;
    }
}

static int split(char *s, char **argv)
{
    int argc = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\r')
            *s++ = 0;
        if (!*s)
            return argc;
        if (argc == MAX_ARGS)
            return -1;
        argv[argc++] = s;
        while (*s && *s != ' ' && *s != '\t' && *s != '\r')
            s++;
    }
}

static int num(const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || end == s || *end || *s == '-')
        return -1;
    *v = x;
    return 0;
}

/* ---------- own memory ---------- */

/*
 * Writes every page of the used stack without changing it: STACK_PREFAULT bytes below the
 * caller (scratch) and, with a load and a store of the same byte, every page from there up to the
 * top of [stack]. Single-threaded, and signal handlers run on the alternate stack, so this is safe.
 */
static __attribute__((noinline)) void warm_stack(void)
{
    volatile unsigned char below[STACK_PREFAULT];
    for (size_t i = 0; i < sizeof below; i += PAGE)
        below[i] = 0;
    uintptr_t page = (uintptr_t)below & ~(PAGE - 1);
    for (; page < g_stack_top; page += PAGE) {
        volatile unsigned char *p = (volatile unsigned char *)(page < (uintptr_t)below ? (uintptr_t)below : page);
        *p = *p;
    }
}

/* Parses one line of /proc/self/maps; fails if the mapping overlaps the base span. */
static int record_range(const char *line)
{
    unsigned long long start, end;
    char perms[8] = {0};
    if (sscanf(line, "%llx-%llx %7s", &start, &end, perms) != 3)
        return 0;
    if (start < g_base + BASE_SPAN && end > g_base) {
        errno = EEXIST;
        return -1;
    }
    if (strstr(line, "[stack]")) {
        g_stack_top = (uintptr_t)end;
        return 0;
    }
    /* [vdso], [vvar], [vsyscall] are the kernel's; unreadable ranges are reservations. */
    if (perms[0] == 'r' && !strstr(line, "[v") && g_nranges < MAX_RANGES) {
        g_ranges[g_nranges].start = (uintptr_t)start;
        g_ranges[g_nranges].end = (uintptr_t)end;
        g_ranges[g_nranges].writable = perms[1] == 'w';
        g_nranges++;
    }
    return 0;
}

/* Records the agent's own mappings from /proc/self/maps, read through the small scratch buffer. */
static int record_ranges(void)
{
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t len = 0;
    int rc = 0;
    g_nranges = 0;
    for (;;) {
        ssize_t r = read(fd, g_scratch, sizeof g_scratch);
        if (r < 0 && errno == EINTR)
            continue;
        for (ssize_t i = 0; i < r && rc == 0; i++) {
            char c = (char)g_scratch[i];
            if (c != '\n' && len < sizeof g_line - 1) {
                g_line[len++] = c;
            } else if (c == '\n') {
                g_line[len] = 0;
                rc = record_range(g_line);
                len = 0;
            }
        }
        if (r <= 0 || rc)
            break;
    }
    close(fd);
    return rc;
}

/*
 * Makes every page the agent itself may touch present and writable in this process: the stack by
 * warm_stack(), everything else by mlock(), which populates with write faults where the mapping is
 * private and writable (breaking COW after a fork) and faults in code and read-only data.
 */
static void warm(void)
{
    g_warm_failures = 0;
    g_own_pages = 0;
    warm_stack();
    for (int i = 0; i < g_nranges; i++) {
        if (mlock((void *)g_ranges[i].start, g_ranges[i].end - g_ranges[i].start) != 0)
            g_warm_failures++;
        if (g_ranges[i].writable)
            g_own_pages += (g_ranges[i].end - g_ranges[i].start) / PAGE;
    }
}

/* ---------- guarded access ---------- */

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)si;
    (void)uc;
    if (g_guard) {
        g_guard = 0;
        siglongjmp(g_jmp, sig);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_handlers(void)
{
    stack_t ss = {.ss_sp = g_altstack, .ss_size = sizeof g_altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGCHLD, SIG_IGN); /* forked agents are reaped by the kernel */
}

struct __attribute__((packed)) word { uint64_t v; };

static void cmd_read(char **a)
{
    uint64_t off;
    if (num(a[1], &off))
        return reply_err(EINVAL, "usage: read ADDR");
    volatile struct word *p = (volatile struct word *)(uintptr_t)(g_base + off);
    uint64_t v = 0;
    int sig = sigsetjmp(g_jmp, 1);
    if (sig == 0) {
        g_guard = 1;
        v = p->v;
        g_guard = 0;
        reply("ok 0x%llx", (unsigned long long)v);
    } else {
        reply_sig(sig, "read", off);
    }
}

static void cmd_write(char **a)
{
    uint64_t off, v;
    if (num(a[1], &off) || num(a[2], &v))
        return reply_err(EINVAL, "usage: write ADDR VALUE");
    volatile struct word *p = (volatile struct word *)(uintptr_t)(g_base + off);
    int sig = sigsetjmp(g_jmp, 1);
    if (sig == 0) {
        g_guard = 1;
        p->v = v;
        g_guard = 0;
        reply("ok");
    } else {
        reply_sig(sig, "write", off);
    }
}

/* ---------- mappings ---------- */

static int parse_prot(const char *s, int *prot)
{
    static const struct { const char *name; int prot; } t[] = {
        {"none", PROT_NONE}, {"r", PROT_READ}, {"ro", PROT_READ},
        {"rw", PROT_READ | PROT_WRITE}, {"rx", PROT_READ | PROT_EXEC},
        {"rwx", PROT_READ | PROT_WRITE | PROT_EXEC},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(s, t[i].name)) {
            *prot = t[i].prot;
            return 0;
        }
    return -1;
}

/* FLAGS: "private" or "shared", optionally followed by ",populate" and/or ",noreserve". */
static int parse_map_flags(const char *s, int *flags)
{
    char buf[64];
    if (strlen(s) >= sizeof buf)
        return -1;
    strcpy(buf, s);
    int f = 0, sharing = 0;
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (!strcmp(tok, "private"))
            sharing = MAP_PRIVATE;
        else if (!strcmp(tok, "shared"))
            sharing = MAP_SHARED;
        else if (!strcmp(tok, "populate"))
            f |= MAP_POPULATE;
        else if (!strcmp(tok, "noreserve"))
            f |= MAP_NORESERVE;
        else
            return -1;
    }
    if (!sharing)
        return -1;
    *flags = f | sharing | MAP_ANONYMOUS;
    return 0;
}

static void cmd_mmap(char **a)
{
    uint64_t off, len;
    int prot, flags;
    if (num(a[1], &off) || num(a[2], &len) || parse_prot(a[3], &prot) || parse_map_flags(a[4], &flags))
        return reply_err(EINVAL, "usage: mmap ADDR LEN none|r|rw|rx|rwx private|shared[,populate][,noreserve]");
    void *want = (void *)(uintptr_t)(g_base + off);
    void *p = mmap(want, len, prot, flags | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED)
        return reply_err(errno, "mmap 0x%llx 0x%llx", (unsigned long long)off, (unsigned long long)len);
    if (p != want) {
        munmap(p, len);
        return reply_err(EEXIST, "mmap: kernel ignored MAP_FIXED_NOREPLACE");
    }
    reply("ok 0x%llx", (unsigned long long)off);
}

static void cmd_munmap(char **a)
{
    uint64_t off, len;
    if (num(a[1], &off) || num(a[2], &len))
        return reply_err(EINVAL, "usage: munmap ADDR LEN");
    if (munmap((void *)(uintptr_t)(g_base + off), len))
        return reply_err(errno, "munmap");
    reply("ok");
}

static void cmd_mprotect(char **a)
{
    uint64_t off, len;
    int prot;
    if (num(a[1], &off) || num(a[2], &len) || parse_prot(a[3], &prot))
        return reply_err(EINVAL, "usage: mprotect ADDR LEN none|r|rw|rx|rwx");
    if (mprotect((void *)(uintptr_t)(g_base + off), len, prot))
        return reply_err(errno, "mprotect");
    reply("ok");
}

static void cmd_mremap(char **a, int argc)
{
    uint64_t off, oldlen, newlen, to = 0;
    if (num(a[1], &off) || num(a[2], &oldlen) || num(a[3], &newlen) || (argc == 5 && num(a[4], &to)))
        return reply_err(EINVAL, "usage: mremap ADDR OLDLEN NEWLEN [NEWADDR]");
    void *p;
    if (argc == 5)
        p = mremap((void *)(uintptr_t)(g_base + off), oldlen, newlen, MREMAP_MAYMOVE | MREMAP_FIXED,
                   (void *)(uintptr_t)(g_base + to));
    else
        p = mremap((void *)(uintptr_t)(g_base + off), oldlen, newlen, MREMAP_MAYMOVE);
    if (p == MAP_FAILED)
        return reply_err(errno, "mremap");
    reply("ok 0x%llx", (unsigned long long)((uintptr_t)p - g_base));
}

static const struct { const char *name; int advice; } g_advice[] = {
    {"normal", MADV_NORMAL}, {"random", MADV_RANDOM}, {"sequential", MADV_SEQUENTIAL},
    {"willneed", MADV_WILLNEED}, {"dontneed", MADV_DONTNEED}, {"free", MADV_FREE},
    {"remove", MADV_REMOVE}, {"dontfork", MADV_DONTFORK}, {"dofork", MADV_DOFORK},
    {"mergeable", MADV_MERGEABLE}, {"unmergeable", MADV_UNMERGEABLE},
    {"hugepage", MADV_HUGEPAGE}, {"nohugepage", MADV_NOHUGEPAGE},
    {"dontdump", MADV_DONTDUMP}, {"dodump", MADV_DODUMP},
    {"wipeonfork", MADV_WIPEONFORK}, {"keeponfork", MADV_KEEPONFORK},
    {"cold", MADV_COLD}, {"pageout", MADV_PAGEOUT}, {"collapse", MADV_COLLAPSE},
    {"populate_read", MADV_POPULATE_READ}, {"populate_write", MADV_POPULATE_WRITE},
};

static void cmd_madvise(char **a)
{
    uint64_t off, len, adv = 0;
    int found = 0;
    for (size_t i = 0; i < sizeof g_advice / sizeof g_advice[0]; i++)
        if (!strcmp(a[3], g_advice[i].name)) {
            adv = (uint64_t)g_advice[i].advice;
            found = 1;
        }
    if (num(a[1], &off) || num(a[2], &len) || (!found && num(a[3], &adv)))
        return reply_err(EINVAL, "usage: madvise ADDR LEN ADVICE");
    if (madvise((void *)(uintptr_t)(g_base + off), len, (int)adv))
        return reply_err(errno, "madvise %s", a[3]);
    reply("ok");
}

/* ---------- handles ---------- */

static struct handle *handle_new(int kind)
{
    for (int i = 0; i < MAX_HANDLES; i++)
        if (g_handles[i].kind == H_FREE) {
            struct handle *h = &g_handles[i];
            memset(h, 0, sizeof *h);
            h->kind = kind;
            h->id = g_next_id++;
            h->fd = h->fd2 = -1;
            return h;
        }
    return NULL;
}

static struct handle *handle_get(const char *s, int kind)
{
    uint64_t id;
    if (num(s, &id))
        return NULL;
    for (int i = 0; i < MAX_HANDLES; i++)
        if (g_handles[i].kind == kind && (uint64_t)g_handles[i].id == id)
            return &g_handles[i];
    return NULL;
}

static void ring_unmap(struct handle *h)
{
    if (h->sqes)
        munmap(h->sqes, h->sqes_size);
    if (h->cq && h->cq != h->sq)
        munmap(h->cq, h->cq_size);
    if (h->sq)
        munmap(h->sq, h->sq_size);
    h->sq = h->cq = NULL;
    h->sqes = NULL;
}

static void handle_free(struct handle *h)
{
    if (h->kind == H_PIN)
        ring_unmap(h);
    if (h->fd >= 0)
        close(h->fd);
    if (h->fd2 >= 0)
        close(h->fd2);
    memset(h, 0, sizeof *h);
}

static uint64_t pipe_size_for(uint64_t len)
{
    uint64_t size = 65536;
    while (size < len)
        size <<= 1;
    return size;
}

static void cmd_vmsplice(char **a)
{
    uint64_t off, len;
    if (num(a[1], &off) || num(a[2], &len) || len == 0)
        return reply_err(EINVAL, "usage: vmsplice ADDR LEN");
    struct handle *h = handle_new(H_PIPE);
    if (!h)
        return reply_err(EMFILE, "too many handles");
    int p[2];
    if (pipe2(p, O_CLOEXEC | O_NONBLOCK)) {
        int e = errno;
        handle_free(h);
        return reply_err(e, "pipe2");
    }
    h->fd = p[0];
    h->fd2 = p[1];
    h->addr = off;
    h->len = len;
    h->pipe_size = pipe_size_for(len + PAGE);
    if (h->pipe_size > 65536 && fcntl(p[1], F_SETPIPE_SZ, (int)h->pipe_size) < 0) {
        int e = errno;
        unsigned long long size = (unsigned long long)h->pipe_size;
        handle_free(h);
        return reply_err(e, "F_SETPIPE_SZ %llu", size);
    }
    while (h->bytes < len) {
        struct iovec iov = {(void *)(uintptr_t)(g_base + off + h->bytes), len - h->bytes};
        ssize_t n = vmsplice(p[1], &iov, 1, SPLICE_F_NONBLOCK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (h->bytes > 0)
                break;
            int e = n < 0 ? errno : EIO;
            handle_free(h);
            return reply_err(e, "vmsplice");
        }
        h->bytes += (uint64_t)n;
    }
    reply("ok %d 0x%llx", h->id, (unsigned long long)h->bytes);
}

/* Reads LEN bytes at OFF of the pipe's content without consuming it: tee into a scratch pipe. */
static int pipe_peek(struct handle *h, uint64_t off, void *dst, size_t len, int *err)
{
    int t[2];
    if (pipe2(t, O_CLOEXEC | O_NONBLOCK)) {
        *err = errno;
        return -1;
    }
    int rc = -1;
    if (h->pipe_size > 65536 && fcntl(t[1], F_SETPIPE_SZ, (int)h->pipe_size) < 0) {
        *err = errno;
        goto out;
    }
    ssize_t n = tee(h->fd, t[1], h->bytes, SPLICE_F_NONBLOCK);
    if (n < 0) {
        *err = errno;
        goto out;
    }
    if ((uint64_t)n < off + len) {
        *err = EIO;
        goto out;
    }
    uint64_t skip = off;
    while (skip > 0) {
        size_t chunk = skip < sizeof g_scratch ? (size_t)skip : sizeof g_scratch;
        ssize_t r = read(t[0], g_scratch, chunk);
        if (r <= 0) {
            *err = r < 0 ? errno : EIO;
            goto out;
        }
        skip -= (uint64_t)r;
    }
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(t[0], (char *)dst + got, len - got);
        if (r <= 0) {
            *err = r < 0 ? errno : EIO;
            goto out;
        }
        got += (size_t)r;
    }
    rc = 0;
out:
    close(t[0]);
    close(t[1]);
    return rc;
}

static void cmd_piperead(char **a)
{
    struct handle *h = handle_get(a[1], H_PIPE);
    uint64_t off;
    if (!h)
        return reply_err(ENOENT, "no pipe %s", a[1]);
    if (num(a[2], &off))
        return reply_err(EINVAL, "usage: piperead ID OFFSET");
    if (off + 8 > h->bytes)
        return reply_err(EINVAL, "offset 0x%llx beyond the 0x%llx bytes in the pipe",
                         (unsigned long long)off, (unsigned long long)h->bytes);
    uint64_t v = 0;
    int e = 0;
    if (pipe_peek(h, off, &v, sizeof v, &e))
        return reply_err(e, "piperead");
    reply("ok 0x%llx", (unsigned long long)v);
}

static void cmd_close(char **a)
{
    struct handle *h = handle_get(a[1], H_PIPE);
    if (!h)
        return reply_err(ENOENT, "no pipe %s", a[1]);
    handle_free(h);
    reply("ok");
}

/* ---------- io_uring long-term pins ---------- */

static int sys_io_uring_setup(unsigned entries, struct io_uring_params *p)
{
    return (int)syscall(__NR_io_uring_setup, entries, p);
}

static int sys_io_uring_register(int fd, unsigned op, void *arg, unsigned nr)
{
    return (int)syscall(__NR_io_uring_register, fd, op, arg, nr);
}

static int sys_io_uring_enter(int fd, unsigned submit, unsigned wait, unsigned flags)
{
    return (int)syscall(__NR_io_uring_enter, fd, submit, wait, flags, NULL, 0);
}

static int ring_map(struct handle *h)
{
    struct io_uring_params *p = &h->p;
    h->sq_size = p->sq_off.array + p->sq_entries * sizeof(unsigned);
    h->cq_size = p->cq_off.cqes + p->cq_entries * sizeof(struct io_uring_cqe);
    int single = (p->features & IORING_FEAT_SINGLE_MMAP) != 0;
    if (single && h->cq_size > h->sq_size)
        h->sq_size = h->cq_size;
    void *sq = mmap(NULL, h->sq_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, h->fd,
                    IORING_OFF_SQ_RING);
    if (sq == MAP_FAILED)
        return -1;
    h->sq = sq;
    if (single) {
        h->cq = h->sq;
    } else {
        void *cq = mmap(NULL, h->cq_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, h->fd,
                        IORING_OFF_CQ_RING);
        if (cq == MAP_FAILED) {
            ring_unmap(h);
            return -1;
        }
        h->cq = cq;
    }
    h->sqes_size = p->sq_entries * sizeof(struct io_uring_sqe);
    void *sqes = mmap(NULL, h->sqes_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, h->fd,
                      IORING_OFF_SQES);
    if (sqes == MAP_FAILED) {
        ring_unmap(h);
        return -1;
    }
    h->sqes = sqes;
    return 0;
}

/* Submits one fixed-buffer read or write between the pinned buffer and the memfd; returns cqe res. */
static int ring_io(struct handle *h, int opcode, uint64_t off, unsigned len, int *err)
{
    if (!h->sq && ring_map(h)) {
        *err = errno;
        return -1;
    }
    struct io_uring_params *p = &h->p;
    unsigned *sq_tail = (unsigned *)(h->sq + p->sq_off.tail);
    unsigned mask = *(unsigned *)(h->sq + p->sq_off.ring_mask);
    unsigned *array = (unsigned *)(h->sq + p->sq_off.array);
    unsigned tail = *sq_tail;
    unsigned idx = tail & mask;
    struct io_uring_sqe *sqe = &h->sqes[idx];
    memset(sqe, 0, sizeof *sqe);
    sqe->opcode = (unsigned char)opcode;
    sqe->fd = h->fd2;
    sqe->addr = g_base + h->addr + off;
    sqe->len = len;
    sqe->off = 0;
    sqe->buf_index = 0;
    array[idx] = idx;
    __atomic_store_n(sq_tail, tail + 1, __ATOMIC_RELEASE);
    for (;;) {
        int r = sys_io_uring_enter(h->fd, 1, 1, IORING_ENTER_GETEVENTS);
        if (r >= 0)
            break;
        if (errno != EINTR) {
            *err = errno;
            return -1;
        }
    }
    unsigned *cq_head = (unsigned *)(h->cq + p->cq_off.head);
    unsigned *cq_tail = (unsigned *)(h->cq + p->cq_off.tail);
    unsigned cq_mask = *(unsigned *)(h->cq + p->cq_off.ring_mask);
    struct io_uring_cqe *cqes = (struct io_uring_cqe *)(h->cq + p->cq_off.cqes);
    unsigned head = *cq_head;
    if (head == __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE)) {
        *err = EIO;
        return -1;
    }
    int res = cqes[head & cq_mask].res;
    __atomic_store_n(cq_head, head + 1, __ATOMIC_RELEASE);
    if (res < 0) {
        *err = -res;
        return -1;
    }
    return res;
}

static void cmd_pin(char **a)
{
    uint64_t off, len;
    if (num(a[1], &off) || num(a[2], &len) || len == 0)
        return reply_err(EINVAL, "usage: pin ADDR LEN");
    struct handle *h = handle_new(H_PIN);
    if (!h)
        return reply_err(EMFILE, "too many handles");
    h->addr = off;
    h->len = len;
    h->fd = sys_io_uring_setup(4, &h->p);
    if (h->fd < 0) {
        int e = errno;
        handle_free(h);
        return reply_err(e, "io_uring_setup");
    }
    struct iovec iov = {(void *)(uintptr_t)(g_base + off), len};
    if (sys_io_uring_register(h->fd, IORING_REGISTER_BUFFERS, &iov, 1) < 0) {
        int e = errno;
        handle_free(h);
        return reply_err(e, "IORING_REGISTER_BUFFERS");
    }
    h->fd2 = (int)syscall(SYS_memfd_create, "mmdsl-pin", MFD_CLOEXEC);
    if (h->fd2 < 0) {
        int e = errno;
        handle_free(h);
        return reply_err(e, "memfd_create");
    }
    reply("ok %d", h->id);
}

static void cmd_unpin(char **a)
{
    struct handle *h = handle_get(a[1], H_PIN);
    if (!h)
        return reply_err(ENOENT, "no pin %s", a[1]);
    int rc = sys_io_uring_register(h->fd, IORING_UNREGISTER_BUFFERS, NULL, 0);
    int e = errno;
    handle_free(h);
    if (rc < 0)
        return reply_err(e, "IORING_UNREGISTER_BUFFERS");
    reply("ok");
}

static void cmd_pinread(char **a)
{
    struct handle *h = handle_get(a[1], H_PIN);
    uint64_t off, v = 0;
    int e = 0;
    if (!h)
        return reply_err(ENOENT, "no pin %s", a[1]);
    if (num(a[2], &off) || off + 8 > h->len)
        return reply_err(EINVAL, "usage: pinread ID OFFSET (within the pinned range)");
    int n = ring_io(h, IORING_OP_WRITE_FIXED, off, 8, &e);
    if (n != 8)
        return reply_err(n < 0 ? e : EIO, "IORING_OP_WRITE_FIXED");
    if (pread(h->fd2, &v, 8, 0) != 8)
        return reply_err(errno ? errno : EIO, "pread memfd");
    reply("ok 0x%llx", (unsigned long long)v);
}

static void cmd_pinwrite(char **a)
{
    struct handle *h = handle_get(a[1], H_PIN);
    uint64_t off, v;
    int e = 0;
    if (!h)
        return reply_err(ENOENT, "no pin %s", a[1]);
    if (num(a[2], &off) || num(a[3], &v) || off + 8 > h->len)
        return reply_err(EINVAL, "usage: pinwrite ID OFFSET VALUE (within the pinned range)");
    if (pwrite(h->fd2, &v, 8, 0) != 8)
        return reply_err(errno ? errno : EIO, "pwrite memfd");
    int n = ring_io(h, IORING_OP_READ_FIXED, off, 8, &e);
    if (n != 8)
        return reply_err(n < 0 ? e : EIO, "IORING_OP_READ_FIXED");
    reply("ok");
}

/* ---------- processes ---------- */

static int close_from(unsigned first)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, first, ~0U, 0) == 0)
        return 0;
#endif
    for (unsigned fd = first; fd < 4096; fd++)
        close((int)fd);
    return 0;
}

/*
 * Runs in the new child: stdin and stdout become fresh pipes, whose other ends
 * stay open as fds 3 (write end of our stdin) and 4 (read end of our stdout)
 * until the host has opened them through /proc/PID/fd and sent "attach".
 */
static int child_setup(int sync_fd)
{
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC))
        return -1;
    int src[5] = {in[0], out[1], in[1], out[0], sync_fd};
    int hi[5];
    for (int i = 0; i < 5; i++)
        if ((hi[i] = fcntl(src[i], F_DUPFD_CLOEXEC, 100)) < 0)
            return -1;
    for (int i = 0; i < 5; i++)
        if (dup2(hi[i], i < 2 ? i : i + 1) < 0)
            return -1;
    for (int i = 0; i < MAX_HANDLES; i++)
        if (g_handles[i].kind == H_PIN)
            ring_unmap(&g_handles[i]);
    memset(g_handles, 0, sizeof g_handles);
    close_from(6);
    g_rlen = 0;
    g_attached = 0;
    alarm(ATTACH_TIMEOUT_S);
    warm();
    return 0;
}

static void cmd_fork(void)
{
    int sync[2];
    if (pipe2(sync, O_CLOEXEC))
        return reply_err(errno, "pipe2");
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(sync[0]);
        close(sync[1]);
        return reply_err(e, "fork");
    }
    if (pid == 0) {
        if (child_setup(sync[1]))
            _exit(127);
        char c = 'x';
        if (write(5, &c, 1) != 1)
            _exit(127);
        close(5);
        return; /* the child now waits for "attach" */
    }
    close(sync[1]);
    char c;
    ssize_t r;
    do
        r = read(sync[0], &c, 1);
    while (r < 0 && errno == EINTR);
    close(sync[0]);
    warm();
    if (r != 1)
        return reply_err(ECHILD, "forked agent %d did not start", (int)pid);
    reply("ok %d", (int)pid);
}

static void hello(void)
{
    reply("ok mmdsl-agent %d pid=%d base=0x%llx warm=%s own=%lu", PROTOCOL_VERSION, (int)getpid(),
          (unsigned long long)g_base, g_warm_failures ? "partial" : "ok", g_own_pages);
}

static void cmd_attach(void)
{
    if (g_attached)
        return reply_err(EINVAL, "already attached");
    close(3);
    close(4);
    alarm(0);
    g_attached = 1;
    hello();
}

static void cmd_faults(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru))
        return reply_err(errno, "getrusage");
    reply("ok minflt=%ld majflt=%ld", ru.ru_minflt, ru.ru_majflt);
}

static void cmd_sleep(char **a)
{
    uint64_t ms;
    if (num(a[1], &ms))
        return reply_err(EINVAL, "usage: sleep MS");
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
    reply("ok");
}

/* ---------- command loop ---------- */

static void dispatch(char **a, int argc)
{
    static const struct { const char *name; int min, max; } t[] = {
        {"mmap", 5, 5}, {"munmap", 3, 3}, {"mprotect", 4, 4}, {"mremap", 4, 5},
        {"madvise", 4, 4}, {"read", 2, 2}, {"write", 3, 3}, {"fork", 1, 1},
        {"attach", 1, 1}, {"exit", 1, 1}, {"vmsplice", 3, 3}, {"piperead", 3, 3},
        {"close", 2, 2}, {"pin", 3, 3}, {"unpin", 2, 2}, {"pinread", 3, 3},
        {"pinwrite", 4, 4}, {"faults", 1, 1}, {"base", 1, 1}, {"pid", 1, 1},
        {"hello", 1, 1}, {"sleep", 2, 2},
    };
    const char *c = a[0];
    size_t i;
    for (i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(c, t[i].name))
            break;
    if (i == sizeof t / sizeof t[0])
        return reply_err(EINVAL, "unknown command '%.64s'", c);
    if (argc < t[i].min || argc > t[i].max)
        return reply_err(EINVAL, "%s takes %d to %d operands", c, t[i].min - 1, t[i].max - 1);
    if (!g_attached && strcmp(c, "attach"))
        return reply_err(EINVAL, "send attach first");
    if (!strcmp(c, "mmap")) cmd_mmap(a);
    else if (!strcmp(c, "munmap")) cmd_munmap(a);
    else if (!strcmp(c, "mprotect")) cmd_mprotect(a);
    else if (!strcmp(c, "mremap")) cmd_mremap(a, argc);
    else if (!strcmp(c, "madvise")) cmd_madvise(a);
    else if (!strcmp(c, "read")) cmd_read(a);
    else if (!strcmp(c, "write")) cmd_write(a);
    else if (!strcmp(c, "fork")) cmd_fork();
    else if (!strcmp(c, "attach")) cmd_attach();
    else if (!strcmp(c, "exit")) { reply("ok"); _exit(0); }
    else if (!strcmp(c, "vmsplice")) cmd_vmsplice(a);
    else if (!strcmp(c, "piperead")) cmd_piperead(a);
    else if (!strcmp(c, "close")) cmd_close(a);
    else if (!strcmp(c, "pin")) cmd_pin(a);
    else if (!strcmp(c, "unpin")) cmd_unpin(a);
    else if (!strcmp(c, "pinread")) cmd_pinread(a);
    else if (!strcmp(c, "pinwrite")) cmd_pinwrite(a);
    else if (!strcmp(c, "faults")) cmd_faults();
    else if (!strcmp(c, "base")) reply("ok 0x%llx", (unsigned long long)g_base);
    else if (!strcmp(c, "pid")) reply("ok %d", (int)getpid());
    else if (!strcmp(c, "hello")) hello();
    else if (!strcmp(c, "sleep")) cmd_sleep(a);
}

static void agent_loop(void)
{
    char *argv[MAX_ARGS];
    while (next_line() == 0) {
        int argc = split(g_line, argv);
        if (argc == 0)
            reply_err(EINVAL, "empty line");
        else if (argc < 0)
            reply_err(E2BIG, "more than %d words", MAX_ARGS);
        else
            dispatch(argv, argc);
    }
    _exit(0); /* stdin closed: the host is gone */
}

static void agent_start(void)
{
    install_handlers();
    memset(g_rbuf, 0, sizeof g_rbuf);
    memset(g_line, 0, sizeof g_line);
    memset(g_out, 0, sizeof g_out);
    memset(g_scratch, 0, sizeof g_scratch);
    memset(g_altstack, 0, sizeof g_altstack);
    memset(g_handles, 0, sizeof g_handles);
    if (record_ranges()) {
        reply_err(errno, "cannot use base 0x%llx", (unsigned long long)g_base);
        _exit(1);
    }
    warm();
    hello();
    agent_loop();
}

static void usage(void)
{
    static const char msg[] = "usage: mmdsl-agent [--base HEX] [--cpu N] [--no-supervisor]\n";
    if (write(2, msg, sizeof msg - 1) < 0)
        _exit(2);
    _exit(2);
}

int main(int argc, char **argv)
{
    int cpu = -1, supervise = 1;
    for (int i = 1; i < argc; i++) {
        uint64_t v;
        if (!strcmp(argv[i], "--base") && i + 1 < argc && !num(argv[i + 1], &v) && v % (2UL << 20) == 0)
            g_base = v, i++;
        else if (!strcmp(argv[i], "--cpu") && i + 1 < argc && !num(argv[i + 1], &v))
            cpu = (int)v, i++;
        else if (!strcmp(argv[i], "--no-supervisor"))
            supervise = 0;
        else
            usage();
    }
    /* The host decides when agents end (Ctrl-C in a terminal reaches the whole process group). */
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set)) {
            reply_err(errno, "cannot run on cpu %d", cpu);
            return 1;
        }
    }
    if (!supervise) {
        agent_start();
        return 0;
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    pid_t supervisor = getpid();
    int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
    int sync[2];
    if (nul < 0 || pipe2(sync, O_CLOEXEC)) {
        reply_err(errno, "supervisor setup");
        return 1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        reply_err(errno, "fork");
        return 1;
    }
    if (pid == 0) {
        /* Wait until the supervisor has broken COW on its own pages, so that its copies and
           reuses all happen before this agent says hello. */
        char c;
        close(sync[1]);
        close(nul);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != supervisor || read(sync[0], &c, 1) != 1)
            _exit(1);
        close(sync[0]);
        agent_start();
        return 0;
    }
    /* Supervisor: give stdin/stdout to the agent alone, then reap until no agent is left. */
    dup2(nul, 0);
    dup2(nul, 1);
    close(nul);
    close(sync[0]);
    if (record_ranges() == 0)
        warm();
    if (write(sync[1], "s", 1) != 1)
        return 1;
    close(sync[1]);
    for (;;) {
        pid_t w = wait(NULL);
        if (w < 0 && errno == ECHILD)
            return 0;
    }
}
