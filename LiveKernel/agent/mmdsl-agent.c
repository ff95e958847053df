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
#include <dirent.h>
#include <errno.h>
#include <poll.h>
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
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
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

#define PROTOCOL_VERSION 2
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

/* The hub answers "ID SEQ " before every answer; an agent answers bare lines. */
static char g_prefix[64];
static size_t g_prefix_len;

static void reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void reply(const char *fmt, ...)
{
    va_list ap;
    memcpy(g_out, g_prefix, g_prefix_len);
    va_start(ap, fmt);
    int n = vsnprintf(g_out + g_prefix_len, sizeof g_out - 1 - g_prefix_len, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    n += (int)g_prefix_len;
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
    case ETIMEDOUT: return "ETIMEDOUT";
    case ENOTTY: return "ENOTTY";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    default: return NULL;
    }
}

static void reply_err(int e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reply_err(int e, const char *fmt, ...)
{
    const char *name = errno_name(e);
    memcpy(g_out, g_prefix, g_prefix_len);
    int n = name ? snprintf(g_out + g_prefix_len, sizeof g_out - g_prefix_len, "err %s ", name)
                 : snprintf(g_out + g_prefix_len, sizeof g_out - g_prefix_len, "err E%d ", e);
    n += (int)g_prefix_len;
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
    if (!(*s >= '0' && *s <= '9'))
        return -1; /* no sign, no space: strtoull would take "-1" and " 1" */
    if (errno || end == s || *end)
        return -1;
    *v = x;
    return 0;
}

/* Whether [off, off + len) lies inside the script span [0, BASE_SPAN), without overflow. */
static int in_span(uint64_t off, uint64_t len)
{
    return off <= BASE_SPAN && len <= BASE_SPAN - off;
}

#define SPAN_CHECK(off, len, what)                                                                      \
    do {                                                                                                \
        if (!in_span((off), (len)))                                                                     \
            return reply_err(EFAULT, "%s 0x%llx+0x%llx outside the script span", (what),                 \
                             (unsigned long long)(off), (unsigned long long)(len));                     \
    } while (0)

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
 *
 * g_touch_warm (an agent spread over a virtual machine's CPUs, "fork CPU"): by touching each page
 * instead, a read of every page and a write of the same byte to every writable one. Before 5.18
 * mlock() begins with lru_add_drain_all(), which would empty every CPU's LRU-add batch, the
 * script's fresh pages with them, at every fork; touching leaves the other CPUs' batches alone.
 */
static int g_touch_warm;

static void warm(void)
{
    g_warm_failures = 0;
    g_own_pages = 0;
    warm_stack();
    for (int i = 0; i < g_nranges; i++) {
        if (g_touch_warm) {
            for (uintptr_t p = g_ranges[i].start; p < g_ranges[i].end; p += PAGE) {
                volatile char *c = (volatile char *)p;
                char v = *c;
                if (g_ranges[i].writable)
                    *c = v;
            }
        } else if (mlock((void *)g_ranges[i].start, g_ranges[i].end - g_ranges[i].start) != 0) {
            g_warm_failures++;
        }
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

static void cmd_read(char **a, int argc)
{
    (void)argc;
    uint64_t off;
    if (num(a[1], &off))
        return reply_err(EINVAL, "usage: read ADDR");
    SPAN_CHECK(off, 8, "read");
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

static void cmd_write(char **a, int argc)
{
    (void)argc;
    uint64_t off, v;
    if (num(a[1], &off) || num(a[2], &v))
        return reply_err(EINVAL, "usage: write ADDR VALUE");
    SPAN_CHECK(off, 8, "write");
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

/* A file another process of the run holds open, by its /proc/PID/fd/N link: nothing else. */
static int valid_fd_link(const char *s)
{
    unsigned pid, fd;
    char end;
    return strlen(s) < 64 && sscanf(s, "/proc/%u/fd/%u%c", &pid, &fd, &end) == 2;
}

static void cmd_mmap(char **a, int argc)
{
    uint64_t off, len;
    int prot, flags;
    if (num(a[1], &off) || num(a[2], &len) || parse_prot(a[3], &prot) || parse_map_flags(a[4], &flags) ||
        (argc == 6 && !valid_fd_link(a[5])))
        return reply_err(EINVAL, "usage: mmap ADDR LEN none|r|rw|rx|rwx private|shared[,populate][,noreserve] [/proc/PID/fd/N]");
    SPAN_CHECK(off, len, "mmap");
    int fd = -1;
    if (argc == 6) {
        /* A memfd of the hub, opened again through its link; the mapping keeps the file. */
        fd = open(a[5], O_RDWR | O_CLOEXEC);
        if (fd < 0)
            return reply_err(errno, "open %s", a[5]);
        flags &= ~MAP_ANONYMOUS;
    }
    void *want = (void *)(uintptr_t)(g_base + off);
    void *p = mmap(want, len, prot, flags | MAP_FIXED_NOREPLACE, fd, 0);
    int e = errno;
    if (fd >= 0)
        close(fd);
    if (p == MAP_FAILED)
        return reply_err(e, "mmap 0x%llx 0x%llx", (unsigned long long)off, (unsigned long long)len);
    if (p != want) {
        munmap(p, len);
        return reply_err(EEXIST, "mmap: kernel ignored MAP_FIXED_NOREPLACE");
    }
    reply("ok 0x%llx", (unsigned long long)off);
}

static void cmd_munmap(char **a, int argc)
{
    (void)argc;
    uint64_t off, len;
    if (num(a[1], &off) || num(a[2], &len))
        return reply_err(EINVAL, "usage: munmap ADDR LEN");
    SPAN_CHECK(off, len, "munmap");
    if (munmap((void *)(uintptr_t)(g_base + off), len))
        return reply_err(errno, "munmap");
    reply("ok");
}

static void cmd_mprotect(char **a, int argc)
{
    (void)argc;
    uint64_t off, len;
    int prot;
    if (num(a[1], &off) || num(a[2], &len) || parse_prot(a[3], &prot))
        return reply_err(EINVAL, "usage: mprotect ADDR LEN none|r|rw|rx|rwx");
    SPAN_CHECK(off, len, "mprotect");
    if (mprotect((void *)(uintptr_t)(g_base + off), len, prot))
        return reply_err(errno, "mprotect");
    reply("ok");
}

static void cmd_mremap(char **a, int argc)
{
    uint64_t off, oldlen, newlen, to = 0;
    if (num(a[1], &off) || num(a[2], &oldlen) || num(a[3], &newlen) || (argc == 5 && num(a[4], &to)))
        return reply_err(EINVAL, "usage: mremap ADDR OLDLEN NEWLEN [NEWADDR]");
    SPAN_CHECK(off, oldlen, "mremap");
    if (argc == 5)
        SPAN_CHECK(to, newlen, "mremap to");
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

static void cmd_madvise(char **a, int argc)
{
    (void)argc;
    uint64_t off, len, adv = 0;
    int found = 0;
    for (size_t i = 0; i < sizeof g_advice / sizeof g_advice[0]; i++)
        if (!strcmp(a[3], g_advice[i].name)) {
            adv = (uint64_t)g_advice[i].advice;
            found = 1;
        }
    if (num(a[1], &off) || num(a[2], &len) || (!found && num(a[3], &adv)))
        return reply_err(EINVAL, "usage: madvise ADDR LEN ADVICE");
    if (adv > INT32_MAX)
        return reply_err(ERANGE, "advice %s does not fit", a[3]);
    SPAN_CHECK(off, len, "madvise");
    if (madvise((void *)(uintptr_t)(g_base + off), len, (int)adv))
        return reply_err(errno, "madvise %s", a[3]);
    reply("ok");
}

/* mlock ADDR LEN and munlock ADDR LEN: mlock(2) populates the range as the kernel does. */
static void cmd_mlock(char **a, int argc)
{
    (void)argc;
    uint64_t off, len;
    int lock = !strcmp(a[0], "mlock");
    if (num(a[1], &off) || num(a[2], &len))
        return reply_err(EINVAL, "usage: %s ADDR LEN", a[0]);
    SPAN_CHECK(off, len, a[0]);
    void *at = (void *)(uintptr_t)(g_base + off);
    if (lock ? mlock(at, len) : munlock(at, len))
        return reply_err(errno, "%s", a[0]);
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

static void cmd_vmsplice(char **a, int argc)
{
    (void)argc;
    uint64_t off, len;
    if (num(a[1], &off) || num(a[2], &len) || len == 0)
        return reply_err(EINVAL, "usage: vmsplice ADDR LEN");
    SPAN_CHECK(off, len, "vmsplice");
    if (len > (1ULL << 30) - PAGE)
        return reply_err(E2BIG, "vmsplice of 0x%llx bytes: at most 1G - 4K", (unsigned long long)len);
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
    if ((uint64_t)n < len || off > (uint64_t)n - len) {
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

static void cmd_piperead(char **a, int argc)
{
    (void)argc;
    struct handle *h = handle_get(a[1], H_PIPE);
    uint64_t off;
    if (!h)
        return reply_err(ENOENT, "no pipe %s", a[1]);
    if (num(a[2], &off))
        return reply_err(EINVAL, "usage: piperead ID OFFSET");
    if (h->bytes < 8 || off > h->bytes - 8)
        return reply_err(EINVAL, "offset 0x%llx beyond the 0x%llx bytes in the pipe",
                         (unsigned long long)off, (unsigned long long)h->bytes);
    uint64_t v = 0;
    int e = 0;
    if (pipe_peek(h, off, &v, sizeof v, &e))
        return reply_err(e, "piperead");
    reply("ok 0x%llx", (unsigned long long)v);
}

static void cmd_close(char **a, int argc)
{
    (void)argc;
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

static void cmd_pin(char **a, int argc)
{
    (void)argc;
    uint64_t off, len;
    if (num(a[1], &off) || num(a[2], &len) || len == 0)
        return reply_err(EINVAL, "usage: pin ADDR LEN");
    SPAN_CHECK(off, len, "pin");
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

static void cmd_unpin(char **a, int argc)
{
    (void)argc;
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

static void cmd_pinread(char **a, int argc)
{
    (void)argc;
    struct handle *h = handle_get(a[1], H_PIN);
    uint64_t off, v = 0;
    int e = 0;
    if (!h)
        return reply_err(ENOENT, "no pin %s", a[1]);
    if (num(a[2], &off) || h->len < 8 || off > h->len - 8)
        return reply_err(EINVAL, "usage: pinread ID OFFSET (within the pinned range)");
    int n = ring_io(h, IORING_OP_WRITE_FIXED, off, 8, &e);
    if (n != 8)
        return reply_err(n < 0 ? e : EIO, "IORING_OP_WRITE_FIXED");
    if (pread(h->fd2, &v, 8, 0) != 8)
        return reply_err(errno ? errno : EIO, "pread memfd");
    reply("ok 0x%llx", (unsigned long long)v);
}

static void cmd_pinwrite(char **a, int argc)
{
    (void)argc;
    struct handle *h = handle_get(a[1], H_PIN);
    uint64_t off, v;
    int e = 0;
    if (!h)
        return reply_err(ENOENT, "no pin %s", a[1]);
    if (num(a[2], &off) || num(a[3], &v) || h->len < 8 || off > h->len - 8)
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

static int drain_local(void);

/* fork [CPU]: with CPU, the child runs on that CPU alone from its first instruction, so that its
   faults fill that CPU's LRU-add batch (the simulator gives every process a CPU of its own). */
static void cmd_fork(char **a, int argc)
{
    uint64_t cpu = 0;
    if (argc == 2 && (num(a[1], &cpu) || cpu >= CPU_SETSIZE))
        return reply_err(EINVAL, "usage: fork [CPU]");
    int sync[2];
    if (pipe2(sync, O_CLOEXEC))
        return reply_err(errno, "pipe2");
    /* Fork from the child's CPU: the pages either side copies right after fork() go to that
       CPU's LRU batch, which the child drains, not to the parent's (a batch of 15 before 5.18
       would overflow and drain the pages a script still expects there). */
    cpu_set_t home;
    int moved = 0;
    if (argc == 2 && sched_getaffinity(0, sizeof home, &home) == 0) {
        cpu_set_t there;
        CPU_ZERO(&there);
        CPU_SET((int)cpu, &there);
        moved = sched_setaffinity(0, sizeof there, &there) == 0;
    }
    pid_t pid = fork();
    if (pid != 0 && moved)
        sched_setaffinity(0, sizeof home, &home);
    if (pid < 0) {
        int e = errno;
        close(sync[0]);
        close(sync[1]);
        return reply_err(e, "fork");
    }
    if (pid == 0) {
        if (argc == 2) {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET((int)cpu, &set);
            if (sched_setaffinity(0, sizeof set, &set))
                _exit(127);
            g_touch_warm = 1;
        }
        if (child_setup(sync[1]))
            _exit(127);
        /* A process of its own on a CPU of its own: the batch starts empty, as the simulator's. */
        if (argc == 2 && drain_local())
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
    int touch = g_touch_warm;
    g_touch_warm |= argc == 2;
    warm();
    g_touch_warm = touch;
    if (r != 1)
        return reply_err(ECHILD, "forked agent %d did not start", (int)pid);
    reply("ok %d", (int)pid);
}

static void hello(void)
{
    reply("ok mmdsl-agent %d pid=%d base=0x%llx warm=%s own=%lu", PROTOCOL_VERSION, (int)getpid(),
          (unsigned long long)g_base, g_warm_failures ? "partial" : "ok", g_own_pages);
}

static void cmd_attach(char **a, int argc)
{
    (void)a;
    (void)argc;
    if (g_attached)
        return reply_err(EINVAL, "already attached");
    close(3);
    close(4);
    alarm(0);
    g_attached = 1;
    hello();
}

static void cmd_faults(char **a, int argc)
{
    (void)a;
    (void)argc;
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru))
        return reply_err(errno, "getrusage");
    reply("ok minflt=%ld majflt=%ld", ru.ru_minflt, ru.ru_majflt);
}

static void cmd_sleep(char **a, int argc)
{
    (void)argc;
    uint64_t ms;
    if (num(a[1], &ms))
        return reply_err(EINVAL, "usage: sleep MS");
    if (ms > 3600 * 1000ULL)
        return reply_err(ERANGE, "sleep of %llu ms: at most an hour", (unsigned long long)ms);
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
    reply("ok");
}

/* ---------- the command table ---------- */

static void cmd_exit(char **a, int argc)
{
    (void)a;
    (void)argc;
    reply("ok");
    _exit(0);
}

static void cmd_base(char **a, int argc)
{
    (void)a;
    (void)argc;
    reply("ok 0x%llx", (unsigned long long)g_base);
}

static void cmd_pid(char **a, int argc)
{
    (void)a;
    (void)argc;
    reply("ok %d", (int)getpid());
}

/*
 * lru_add_drain() on this CPU: MADV_COLD begins with it (madvise_cold, 5.4 on). Asked of a page of
 * its own that is never touched nor locked (a locked VMA is refused before the drain), mapped on
 * first use outside the script's span.
 */
static void *g_drain_page;

static int drain_local(void)
{
    if (!g_drain_page) {
        void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return -1;
        if ((uintptr_t)p < g_base + BASE_SPAN && (uintptr_t)p + PAGE > g_base) {
            munmap(p, PAGE);
            errno = ENOMEM;
            return -1;
        }
        g_drain_page = p;
    }
    return madvise(g_drain_page, PAGE, MADV_COLD);
}

/* drain: the LRU-add batch of the CPU this agent runs on goes onto the LRU lists. */
static void cmd_drain(char **a, int argc)
{
    (void)a;
    (void)argc;
    if (drain_local())
        return reply_err(errno, "madvise(MADV_COLD)");
    reply("ok");
}

static int g_is_hub;
static void hub_hello(char **a, int argc);

/* hello: the agent's greeting, or the hub's handshake. */
static void cmd_hello(char **a, int argc)
{
    if (g_is_hub)
        return hub_hello(a, argc);
    hello();
}

/* Hub commands (ID 0), defined with the hub below. */
static void hub_spawn(char **a, int argc);
static void hub_warm(void);
static void hub_kill(char **a, int argc);
static void hub_alive(char **a, int argc);
static void hub_pagemap(char **a, int argc);
static void hub_kpagecount(char **a, int argc);
static void hub_kpageflags(char **a, int argc);
static void hub_pagescan(char **a, int argc);
static void hub_smaps(char **a, int argc);
static void hub_vmstat(char **a, int argc);
static void hub_thpstats(char **a, int argc);
static void hub_readfile(char **a, int argc);
static void hub_writefile(char **a, int argc);
static void hub_exists(char **a, int argc);
static void hub_swapon(char **a, int argc);
static void hub_swapoff(char **a, int argc);
static void hub_memfd(char **a, int argc);
static void hub_fdwrite(char **a, int argc);
static void hub_fdread(char **a, int argc);
static void hub_fdclose(char **a, int argc);

enum { AGENT = 1, HUB = 2 };

/*
 * Every command of the protocol, once: name, how many words the line has (the command included),
 * who answers it (an agent, or the hub for ID 0) and its handler. docs/host-protocol.md lists the
 * same names (a test compares them).
 */
static const struct command {
    const char *name;
    int min, max, where;
    void (*run)(char **a, int argc);
} g_commands[] = {
    {"mmap", 5, 6, AGENT, cmd_mmap},
    {"munmap", 3, 3, AGENT, cmd_munmap},
    {"mprotect", 4, 4, AGENT, cmd_mprotect},
    {"mremap", 4, 5, AGENT, cmd_mremap},
    {"madvise", 4, 4, AGENT, cmd_madvise},
    {"mlock", 3, 3, AGENT, cmd_mlock},
    {"munlock", 3, 3, AGENT, cmd_mlock},
    {"read", 2, 2, AGENT, cmd_read},
    {"write", 3, 3, AGENT, cmd_write},
    {"fork", 1, 2, AGENT, cmd_fork},
    {"attach", 1, 1, AGENT, cmd_attach},
    {"exit", 1, 1, AGENT, cmd_exit},
    {"vmsplice", 3, 3, AGENT, cmd_vmsplice},
    {"piperead", 3, 3, AGENT, cmd_piperead},
    {"close", 2, 2, AGENT, cmd_close},
    {"pin", 3, 3, AGENT, cmd_pin},
    {"unpin", 2, 2, AGENT, cmd_unpin},
    {"pinread", 3, 3, AGENT, cmd_pinread},
    {"pinwrite", 4, 4, AGENT, cmd_pinwrite},
    {"faults", 1, 1, AGENT, cmd_faults},
    {"base", 1, 1, AGENT, cmd_base},
    {"pid", 1, 1, AGENT, cmd_pid},
    {"drain", 1, 1, AGENT, cmd_drain},
    {"hello", 1, 1, AGENT | HUB, cmd_hello},
    {"sleep", 2, 2, AGENT, cmd_sleep},
    {"spawn", 1, 3, HUB, hub_spawn},
    {"kill", 2, 2, HUB, hub_kill},
    {"alive", 2, 2, HUB, hub_alive},
    {"pagemap", 4, 4, HUB, hub_pagemap},
    {"kpagecount", 3, 3, HUB, hub_kpagecount},
    {"kpageflags", 3, 3, HUB, hub_kpageflags},
    {"pagescan", 4, 4, HUB, hub_pagescan},
    {"smaps", 2, 2, HUB, hub_smaps},
    {"vmstat", 1, 1, HUB, hub_vmstat},
    {"thpstats", 1, 1, HUB, hub_thpstats},
    {"readfile", 2, 2, HUB, hub_readfile},
    {"writefile", 3, 3, HUB, hub_writefile},
    {"exists", 2, 2, HUB, hub_exists},
    {"swapon", 2, 2, HUB, hub_swapon},
    {"swapoff", 2, 2, HUB, hub_swapoff},
    {"memfd", 2, 2, HUB, hub_memfd},
    {"fdwrite", 4, 4, HUB, hub_fdwrite},
    {"fdread", 3, 3, HUB, hub_fdread},
    {"fdclose", 2, 2, HUB, hub_fdclose},
};

#define NCOMMANDS (sizeof g_commands / sizeof g_commands[0])

/* The command named C for WHERE, or NULL after answering why not. */
static const struct command *lookup(const char *c, int argc, int where)
{
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const struct command *k = &g_commands[i];
        if (strcmp(c, k->name))
            continue;
        if (!(k->where & where)) {
            reply_err(EINVAL, "'%s' is a %s command", c, k->where & HUB ? "hub" : "agent");
            return NULL;
        }
        if (argc < k->min || argc > k->max) {
            reply_err(EINVAL, "%s takes %d to %d operands", c, k->min - 1, k->max - 1);
            return NULL;
        }
        return k;
    }
    reply_err(EINVAL, "unknown command '%.64s'", c);
    return NULL;
}

static void dispatch(char **a, int argc)
{
    const struct command *k = lookup(a[0], argc, AGENT);
    if (!k)
        return;
    if (!g_attached && strcmp(a[0], "attach"))
        return reply_err(EINVAL, "send attach first");
    k->run(a, argc);
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

/* ---------- hub ---------- */

/*
 * mmdsl-agent --hub: one stream carries every agent of a run. Requests are "ID SEQ command args"
 * and answers "ID SEQ answer"; ID 0 is the hub itself, which spawns agents, forwards their
 * commands and answers observation commands (pagemap, kpage*, smaps, vmstat, sysfs, swap) inside
 * the target. Agents are separate processes (this program, exec'd with --no-supervisor), so their
 * memory is exactly that of a directly started agent. The hub is their child subreaper.
 */

#define HUB_LINE_CAP 65536
#define HUB_WORDS (MAX_ARGS + 2)
#define HUB_MAX_AGENTS 64
#define HUB_MAX_PENDING 16
#define HUB_BIN_MAX (1 << 20) /* bytes of binary data in one answer */
#define HUB_WAIT_MS 10000

enum { P_PLAIN, P_FORK, P_EXIT };

struct agent {
    int used;
    unsigned id;
    pid_t pid;
    int pidfd, to, from;
    char buf[LINE_CAP];
    size_t len;
    int discarding;
    struct { unsigned long long seq; int kind; } pending[HUB_MAX_PENDING];
    int head, count;
};

static struct agent g_agents[HUB_MAX_AGENTS];
static unsigned g_next_agent = 1;
static char g_self[4096];
static char g_hub_in[HUB_LINE_CAP];
static size_t g_hub_len;
static int g_hub_discarding;
static char g_hub_head[64];
static char g_hub_line[HUB_LINE_CAP]; /* the request being handled */
static char g_hub_fwd[LINE_CAP];       /* the command forwarded to an agent */
static unsigned char g_bin[HUB_BIN_MAX];
static char g_big[2 * HUB_BIN_MAX + 256];

static void set_prefix(unsigned long long id, unsigned long long seq)
{
    int n = snprintf(g_prefix, sizeof g_prefix, "%llu %llu ", id, seq);
    g_prefix_len = n > 0 ? (size_t)n : 0;
}

/* "ok " and LEN bytes of DATA as hex, on one line. */
static void reply_hex(const unsigned char *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    size_t n = 0;
    memcpy(g_big, g_prefix, g_prefix_len);
    n += g_prefix_len;
    memcpy(g_big + n, "ok ", 3);
    n += 3;
    for (size_t i = 0; i < len; i++) {
        g_big[n++] = digits[data[i] >> 4];
        g_big[n++] = digits[data[i] & 15];
    }
    if (len == 0)
        g_big[n - 1] = '\n'; /* "ok" alone */
    else
        g_big[n++] = '\n';
    write_all(g_big, n);
}

static int hex_decode(const char *s, unsigned char *out, size_t cap, size_t *len)
{
    size_t n = strlen(s);
    if (n % 2 || n / 2 > cap)
        return -1;
    for (size_t i = 0; i < n; i += 2) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char c = s[i + k];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0)
                return -1;
            v = v * 16 + d;
        }
        out[i / 2] = (unsigned char)v;
    }
    *len = n / 2;
    return 0;
}

static int starts_with(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static int pidfd_of(pid_t pid)
{
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    (void)pid;
    return -1;
#endif
}

/* Waits up to MS for the process to end; 1 if it has. */
static int wait_gone(struct agent *ag, int ms)
{
    if (ag->pidfd >= 0) {
        struct pollfd p = {.fd = ag->pidfd, .events = POLLIN};
        int r;
        do
            r = poll(&p, 1, ms);
        while (r < 0 && errno == EINTR);
        waitpid(ag->pid, NULL, WNOHANG);
        return r > 0;
    }
    for (int i = 0; i < ms; i += 5) {
        waitpid(ag->pid, NULL, WNOHANG);
        if (kill(ag->pid, 0) && errno == ESRCH)
            return 1;
        usleep(5000);
    }
    return 0;
}

static void agent_kill(struct agent *ag)
{
#ifdef SYS_pidfd_send_signal
    if (ag->pidfd >= 0 && syscall(SYS_pidfd_send_signal, ag->pidfd, SIGKILL, NULL, 0) == 0)
        return;
#endif
    if (ag->pidfd < 0 || !wait_gone(ag, 0))
        kill(ag->pid, SIGKILL);
}

static struct agent *agent_find(unsigned long long id)
{
    for (int i = 0; i < HUB_MAX_AGENTS; i++)
        if (g_agents[i].used && g_agents[i].id == id)
            return &g_agents[i];
    return NULL;
}

/* Ends the agent's slot: every pending request gets an error. */
static void agent_drop(struct agent *ag, const char *why)
{
    while (ag->count > 0) {
        set_prefix(ag->id, ag->pending[ag->head].seq);
        reply_err(EPIPE, "agent %u (pid %d) %s", ag->id, (int)ag->pid, why);
        ag->head = (ag->head + 1) % HUB_MAX_PENDING;
        ag->count--;
    }
    if (ag->to >= 0)
        close(ag->to);
    if (ag->from >= 0)
        close(ag->from);
    waitpid(ag->pid, NULL, WNOHANG);
    if (ag->pidfd >= 0)
        close(ag->pidfd);
    memset(ag, 0, sizeof *ag);
}

/* Reads one line (the greeting) from FD within HUB_WAIT_MS into OUT; 0 on success. */
static int read_greeting(int fd, char *out, size_t cap)
{
    size_t n = 0;
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, HUB_WAIT_MS);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        char c;
        ssize_t k = read(fd, &c, 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        if (c == '\n') {
            out[n] = 0;
            return 0;
        }
        if (n + 1 < cap)
            out[n++] = c;
    }
}

/* Registers a started or forked agent whose greeting is GREETING and answers "ok ID greeting". */
static void agent_register(pid_t pid, int to, int from, const char *greeting)
{
    struct agent *ag = NULL;
    for (int i = 0; i < HUB_MAX_AGENTS && !ag; i++)
        if (!g_agents[i].used)
            ag = &g_agents[i];
    if (!ag) {
        kill(pid, SIGKILL);
        close(to);
        close(from);
        return reply_err(EMFILE, "too many agents (%d)", HUB_MAX_AGENTS);
    }
    memset(ag, 0, sizeof *ag);
    ag->used = 1;
    ag->id = g_next_agent++;
    ag->pid = pid;
    ag->pidfd = pidfd_of(pid);
    ag->to = to;
    ag->from = from;
    reply("ok %u %s", ag->id, greeting + 3);
}

static int agent_slots_full(void)
{
    for (int i = 0; i < HUB_MAX_AGENTS; i++)
        if (!g_agents[i].used)
            return 0;
    return 1;
}

static void hub_spawn(char **a, int argc)
{
    uint64_t base = g_base, cpu = 0;
    int pin = argc == 3;
    if ((argc >= 2 && (num(a[1], &base) || base % (2UL << 20))) || (pin && (num(a[2], &cpu) || cpu >= CPU_SETSIZE)))
        return reply_err(EINVAL, "usage: spawn [BASE [CPU]] (BASE 2M aligned)");
    if (agent_slots_full())
        return reply_err(EMFILE, "too many agents (%d)", HUB_MAX_AGENTS);
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC))
        return reply_err(errno, "pipe2");
    if (pipe2(out, O_CLOEXEC)) {
        int e = errno;
        close(in[0]);
        close(in[1]);
        return reply_err(e, "pipe2");
    }
    char basearg[32], cpuarg[32];
    snprintf(basearg, sizeof basearg, "0x%llx", (unsigned long long)base);
    snprintf(cpuarg, sizeof cpuarg, "%llu", (unsigned long long)cpu);
    pid_t hub = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        return reply_err(e, "fork");
    }
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != hub)
            _exit(1);
        if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0)
            _exit(127);
        close_from(3);
        signal(SIGCHLD, SIG_DFL);
        char *args[] = {"mmdsl-agent", "--no-supervisor", "--base", basearg, pin ? "--cpu" : NULL, cpuarg, NULL};
        execv(g_self, args);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    char greeting[LINE_CAP];
    if (read_greeting(out[0], greeting, sizeof greeting) || !starts_with(greeting, "ok ")) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        close(in[1]);
        close(out[0]);
        if (starts_with(greeting, "err "))
            return reply("%s", greeting);
        return reply_err(ECHILD, "agent %d did not start", (int)pid);
    }
    /* The new agent has exec'd: the hub's pages it shared are the hub's alone again but still
       write-protected. Touch them now, so their reuse faults (pgreuse) fall in the spawn and not
       in a later command's counter window. */
    hub_warm();
    agent_register(pid, in[1], out[0], greeting);
}

/* A forked agent answered "ok PID": open its pipes through /proc/PID/fd, attach, register it. */
static void hub_attach(const char *answer)
{
    uint64_t v;
    if (num(answer + 3, &v) || v == 0 || v > INT32_MAX)
        return reply_err(EPROTO, "fork answered '%.64s'", answer);
    pid_t pid = (pid_t)v;
    char path[64], greeting[LINE_CAP];
    snprintf(path, sizeof path, "/proc/%d/fd/3", (int)pid);
    int to = open(path, O_WRONLY | O_CLOEXEC);
    snprintf(path, sizeof path, "/proc/%d/fd/4", (int)pid);
    int from = to < 0 ? -1 : open(path, O_RDONLY | O_CLOEXEC);
    if (from < 0 || agent_slots_full()) {
        int e = agent_slots_full() ? EMFILE : errno;
        kill(pid, SIGKILL);
        if (to >= 0)
            close(to);
        return reply_err(e, "cannot attach forked agent %d", (int)pid);
    }
    static const char attach[] = "attach\n";
    if (write(to, attach, sizeof attach - 1) != (ssize_t)(sizeof attach - 1)
        || read_greeting(from, greeting, sizeof greeting) || !starts_with(greeting, "ok ")) {
        kill(pid, SIGKILL);
        close(to);
        close(from);
        return reply_err(ECHILD, "forked agent %d did not attach", (int)pid);
    }
    agent_register(pid, to, from, greeting);
}

static void hub_kill(char **a, int argc)
{
    (void)argc;
    uint64_t id;
    if (num(a[1], &id))
        return reply_err(EINVAL, "usage: kill ID");
    struct agent *ag = agent_find(id);
    if (!ag)
        return reply("ok"); /* already gone */
    agent_kill(ag);
    if (!wait_gone(ag, HUB_WAIT_MS))
        return reply_err(ETIMEDOUT, "agent %u (pid %d) did not die", ag->id, (int)ag->pid);
    reply("ok");
}

static void hub_alive(char **a, int argc)
{
    (void)argc;
    uint64_t id;
    if (num(a[1], &id))
        return reply_err(EINVAL, "usage: alive ID");
    struct agent *ag = agent_find(id);
    reply("ok %d", ag && !wait_gone(ag, 0) ? 1 : 0);
}

/* pread of COUNT 8-byte words at INDEX of PATH, answered as hex (short at the end of the file). */
static void read_words(const char *path, uint64_t index, uint64_t count)
{
    if (count > HUB_BIN_MAX / 8)
        return reply_err(E2BIG, "at most %d entries at a time", HUB_BIN_MAX / 8);
    if (index > (uint64_t)INT64_MAX / 8 - count)
        return reply_err(ERANGE, "index 0x%llx out of range", (unsigned long long)index);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return reply_err(errno, "%s", path);
    size_t done = 0, want = (size_t)count * 8;
    while (done < want) {
        ssize_t r = pread(fd, g_bin + done, want - done, (off_t)(index * 8 + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            return reply_err(e, "%s", path);
        }
        if (r == 0)
            break;
        done += (size_t)r;
    }
    close(fd);
    reply_hex(g_bin, done - done % 8);
}

static int parse_pid(const char *s, pid_t *pid)
{
    uint64_t v;
    if (num(s, &v) || v == 0 || v > INT32_MAX)
        return -1;
    *pid = (pid_t)v;
    return 0;
}

static void hub_pagemap(char **a, int argc)
{
    (void)argc;
    pid_t pid;
    uint64_t addr, pages;
    char path[64];
    if (parse_pid(a[1], &pid) || num(a[2], &addr) || num(a[3], &pages))
        return reply_err(EINVAL, "usage: pagemap PID ADDR PAGES");
    snprintf(path, sizeof path, "/proc/%d/pagemap", (int)pid);
    read_words(path, addr / PAGE, pages);
}

static void hub_kpagecount(char **a, int argc)
{
    (void)argc;
    uint64_t pfn, count;
    if (num(a[1], &pfn) || num(a[2], &count))
        return reply_err(EINVAL, "usage: kpagecount PFN COUNT");
    read_words("/proc/kpagecount", pfn, count);
}

static void hub_kpageflags(char **a, int argc)
{
    (void)argc;
    uint64_t pfn, count;
    if (num(a[1], &pfn) || num(a[2], &count))
        return reply_err(EINVAL, "usage: kpageflags PFN COUNT");
    read_words("/proc/kpageflags", pfn, count);
}

/* PAGEMAP_SCAN (Linux 6.7+), declared here so that older headers build. */
struct mmdsl_page_region { uint64_t start, end, categories; };
struct mmdsl_pm_scan_arg {
    uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
    uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};
#define MMDSL_PAGEMAP_SCAN _IOWR('f', 16, struct mmdsl_pm_scan_arg)
#define MMDSL_PAGE_IS_PRESENT (1 << 3)
#define MMDSL_PAGE_IS_SWAPPED (1 << 4)
#define MMDSL_PAGE_REPORTED ((1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7))

static void hub_pagescan(char **a, int argc)
{
    (void)argc;
    pid_t pid;
    uint64_t start, end;
    char path[64];
    if (parse_pid(a[1], &pid) || num(a[2], &start) || num(a[3], &end) || end < start)
        return reply_err(EINVAL, "usage: pagescan PID START END");
    snprintf(path, sizeof path, "/proc/%d/pagemap", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return reply_err(errno, "%s", path);
    static struct mmdsl_page_region vec[512];
    size_t n = 0;
    uint64_t at = start;
    while (at < end) {
        struct mmdsl_pm_scan_arg arg = {
            .size = sizeof arg, .start = at, .end = end, .vec = (uint64_t)(uintptr_t)vec, .vec_len = 512,
            .category_anyof_mask = MMDSL_PAGE_IS_PRESENT | MMDSL_PAGE_IS_SWAPPED, .return_mask = MMDSL_PAGE_REPORTED,
        };
        int r = ioctl(fd, MMDSL_PAGEMAP_SCAN, &arg);
        if (r < 0) {
            int e = errno;
            close(fd);
            return reply_err(e, "PAGEMAP_SCAN");
        }
        for (int i = 0; i < r; i++) {
            if (n + 24 > HUB_BIN_MAX) {
                close(fd);
                return reply_err(E2BIG, "more regions than one answer holds");
            }
            memcpy(g_bin + n, &vec[i], 24);
            n += 24;
        }
        if (arg.walk_end <= at)
            break;
        at = arg.walk_end;
    }
    close(fd);
    reply_hex(g_bin, n);
}

/* Reads a whole file into g_bin; its length, or -1 with errno. */
static ssize_t slurp(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t n = 0;
    for (;;) {
        if (n == HUB_BIN_MAX) {
            close(fd);
            errno = EFBIG;
            return -1;
        }
        ssize_t r = read(fd, g_bin + n, HUB_BIN_MAX - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    return (ssize_t)n;
}

static void answer_file(const char *path)
{
    ssize_t n = slurp(path);
    if (n < 0)
        return reply_err(errno, "%s", path);
    reply_hex(g_bin, (size_t)n);
}

static void hub_smaps(char **a, int argc)
{
    (void)argc;
    pid_t pid;
    char path[64];
    if (parse_pid(a[1], &pid))
        return reply_err(EINVAL, "usage: smaps PID");
    snprintf(path, sizeof path, "/proc/%d/smaps", (int)pid);
    answer_file(path);
}

static void hub_vmstat(char **a, int argc)
{
    (void)a;
    (void)argc;
    answer_file("/proc/vmstat");
}

#define THP_ROOT "/sys/kernel/mm/transparent_hugepage"

/* Every hugepages-SIZE/stats/NAME file as lines "hugepages-SIZE/stats/NAME VALUE". */
static void hub_thpstats(char **a, int argc)
{
    (void)a;
    (void)argc;
    static char text[HUB_BIN_MAX];
    size_t n = 0;
    DIR *root = opendir(THP_ROOT);
    if (!root)
        return reply_err(errno, THP_ROOT);
    struct dirent *d;
    while ((d = readdir(root))) {
        if (!starts_with(d->d_name, "hugepages-"))
            continue;
        char dir[512];
        snprintf(dir, sizeof dir, THP_ROOT "/%s/stats", d->d_name);
        DIR *stats = opendir(dir);
        if (!stats)
            continue;
        struct dirent *s;
        while ((s = readdir(stats))) {
            if (s->d_name[0] == '.')
                continue;
            char file[1024], value[64];
            snprintf(file, sizeof file, "%s/%s", dir, s->d_name);
            int fd = open(file, O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                continue;
            ssize_t r = read(fd, value, sizeof value - 1);
            close(fd);
            if (r <= 0)
                continue;
            value[r] = 0;
            value[strcspn(value, "\n")] = 0;
            int k = snprintf(text + n, sizeof text - n, "%s/stats/%s %s\n", d->d_name, s->d_name, value);
            if (k < 0 || (size_t)k >= sizeof text - n) {
                closedir(stats);
                closedir(root);
                return reply_err(E2BIG, "THP stats longer than one answer");
            }
            n += (size_t)k;
        }
        closedir(stats);
    }
    closedir(root);
    reply_hex((const unsigned char *)text, n);
}

static void hub_readfile(char **a, int argc)
{
    (void)argc;
    if (!starts_with(a[1], "/proc/") && !starts_with(a[1], "/sys/"))
        return reply_err(EACCES, "readfile reads /proc and /sys only");
    answer_file(a[1]);
}

static void hub_writefile(char **a, int argc)
{
    (void)argc;
    size_t len;
    if (!starts_with(a[1], "/proc/sys/") && !starts_with(a[1], "/sys/"))
        return reply_err(EACCES, "writefile writes /proc/sys and /sys only");
    if (hex_decode(a[2], g_bin, HUB_BIN_MAX, &len))
        return reply_err(EINVAL, "usage: writefile PATH HEX");
    int fd = open(a[1], O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0)
        return reply_err(errno, "%s", a[1]);
    ssize_t w = write(fd, g_bin, len);
    int e = errno;
    close(fd);
    if (w < 0)
        return reply_err(e, "%s", a[1]);
    if ((size_t)w != len)
        return reply_err(EIO, "%s: short write", a[1]);
    reply("ok");
}

static void hub_exists(char **a, int argc)
{
    (void)argc;
    if (!starts_with(a[1], "/proc/") && !starts_with(a[1], "/sys/") && !starts_with(a[1], "/dev/"))
        return reply_err(EACCES, "exists looks at /proc, /sys and /dev only");
    reply("ok %d", access(a[1], F_OK) == 0 ? 1 : 0);
}

static void hub_swapon(char **a, int argc)
{
    (void)argc;
    if (syscall(SYS_swapon, a[1], 0))
        return reply_err(errno, "swapon %s", a[1]);
    reply("ok");
}

static void hub_swapoff(char **a, int argc)
{
    (void)argc;
    if (syscall(SYS_swapoff, a[1]))
        return reply_err(errno, "swapoff %s", a[1]);
    reply("ok");
}

/* The memfds the hub holds for a script (`memfd NAME SIZE`): agents map them through /proc/HUB/fd/N. */
#define MAX_MEMFDS 64
static int g_memfds[MAX_MEMFDS];
static int g_nmemfds;

/* The index of FD among the hub's memfds, or -1 after answering EBADF. */
static int own_memfd(const char *s)
{
    uint64_t fd;
    if (num(s, &fd) == 0)
        for (int i = 0; i < g_nmemfds; i++)
            if ((uint64_t)g_memfds[i] == fd)
                return i;
    reply_err(EBADF, "%s is not a memfd of this hub", s);
    return -1;
}

static void hub_memfd(char **a, int argc)
{
    (void)argc;
    uint64_t size;
    if (num(a[1], &size) || size > (uint64_t)INT64_MAX)
        return reply_err(EINVAL, "usage: memfd SIZE");
    if (g_nmemfds == MAX_MEMFDS)
        return reply_err(EMFILE, "at most %d memfds", MAX_MEMFDS);
    int fd = (int)syscall(SYS_memfd_create, "mmdsl", MFD_CLOEXEC);
    if (fd < 0)
        return reply_err(errno, "memfd_create");
    if (ftruncate(fd, (off_t)size)) {
        int e = errno;
        close(fd);
        return reply_err(e, "ftruncate 0x%llx", (unsigned long long)size);
    }
    g_memfds[g_nmemfds++] = fd;
    reply("ok %d /proc/%d/fd/%d", fd, (int)getpid(), fd);
}

static void hub_fdwrite(char **a, int argc)
{
    (void)argc;
    int i = own_memfd(a[1]);
    uint64_t off, value;
    if (i < 0)
        return;
    if (num(a[2], &off) || num(a[3], &value) || off > (uint64_t)INT64_MAX - 8 || off % 8)
        return reply_err(EINVAL, "usage: fdwrite FD OFFSET VALUE (OFFSET a multiple of 8)");
    ssize_t n = pwrite(g_memfds[i], &value, 8, (off_t)off);
    if (n != 8)
        return reply_err(n < 0 ? errno : EIO, "pwrite 0x%llx", (unsigned long long)off);
    reply("ok");
}

static void hub_fdread(char **a, int argc)
{
    (void)argc;
    int i = own_memfd(a[1]);
    uint64_t off, value = 0;
    if (i < 0)
        return;
    if (num(a[2], &off) || off > (uint64_t)INT64_MAX - 8 || off % 8)
        return reply_err(EINVAL, "usage: fdread FD OFFSET (a multiple of 8)");
    ssize_t n = pread(g_memfds[i], &value, 8, (off_t)off);
    if (n < 0)
        return reply_err(errno, "pread 0x%llx", (unsigned long long)off);
    if (n == 0)
        return reply("ok eof");
    reply("ok 0x%llx", (unsigned long long)value);
}

static void hub_fdclose(char **a, int argc)
{
    (void)argc;
    int i = own_memfd(a[1]);
    if (i < 0)
        return;
    close(g_memfds[i]);
    g_memfds[i] = g_memfds[--g_nmemfds];
    reply("ok");
}

/* A word for the greeting: spaces would split it. */
static void word_of(char *s)
{
    for (; *s; s++)
        if (*s == ' ' || *s == '\n' || *s == '\t')
            *s = '_';
}

static void hex_into(char *out, size_t cap, const unsigned char *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    size_t n = 0;
    for (size_t i = 0; i < len && n + 3 < cap; i++) {
        out[n++] = digits[data[i] >> 4];
        out[n++] = digits[data[i] & 15];
    }
    out[n] = 0;
}

/*
 * The handshake: protocol version, the kernel (uname release, /proc/version and the command line
 * as hex), page size, the THP sizes sysfs offers (kB), swap total (kB), io_uring (ok or the errno
 * of io_uring_setup), PAGEMAP_SCAN (ok or the errno of the ioctl on the hub's own pagemap).
 */
static void hub_hello(char **a, int argc)
{
    (void)a;
    (void)argc;
    struct utsname u;
    if (uname(&u))
        memset(&u, 0, sizeof u);
    word_of(u.release);
    char sizes[512] = "";
    size_t sn = 0;
    DIR *root = opendir(THP_ROOT);
    if (root) {
        struct dirent *d;
        while ((d = readdir(root))) {
            unsigned long kb;
            if (sscanf(d->d_name, "hugepages-%lukB", &kb) == 1 && sn + 24 < sizeof sizes)
                sn += (size_t)snprintf(sizes + sn, sizeof sizes - sn, "%s%lu", sn ? "," : "", kb);
        }
        closedir(root);
    }
    unsigned long long swap_kb = 0;
    ssize_t n = slurp("/proc/meminfo");
    if (n > 0) {
        g_bin[n < HUB_BIN_MAX ? n : HUB_BIN_MAX - 1] = 0;
        char *at = strstr((char *)g_bin, "SwapTotal:");
        if (at)
            sscanf(at + 10, "%llu", &swap_kb);
    }
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    int ring = sys_io_uring_setup(1, &p);
    const char *uring = "ok";
    char uring_err[16];
    if (ring >= 0) {
        close(ring);
    } else {
        const char *name = errno_name(errno);
        snprintf(uring_err, sizeof uring_err, "E%d", errno);
        uring = name ? name : uring_err;
    }
    const char *scan = "ok";
    char scan_err[16];
    int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    struct mmdsl_pm_scan_arg arg = {.size = sizeof arg, .start = 0, .end = PAGE, .vec = (uint64_t)(uintptr_t)g_bin,
                                    .vec_len = 1, .category_anyof_mask = MMDSL_PAGE_IS_PRESENT,
                                    .return_mask = MMDSL_PAGE_REPORTED};
    if (pm < 0 || ioctl(pm, MMDSL_PAGEMAP_SCAN, &arg) < 0) {
        const char *name = errno_name(errno);
        snprintf(scan_err, sizeof scan_err, "E%d", errno);
        scan = name ? name : scan_err;
    }
    if (pm >= 0)
        close(pm);
    static char version[1024], cmdline[2048];
    n = slurp("/proc/version");
    hex_into(version, sizeof version, g_bin, n > 0 ? (size_t)n : 0);
    n = slurp("/proc/cmdline");
    hex_into(cmdline, sizeof cmdline, g_bin, n > 0 ? (size_t)n : 0);
    /* Built by hand: the answer is longer than reply()'s buffer. */
    int k = snprintf(g_big, sizeof g_big,
                     "%sok mmdsl-hub %d pid=%d uid=%d release=%s page=%ld thp=%s swap=%llu io_uring=%s pagemap_scan=%s version=%s cmdline=%s\n",
                     g_prefix, PROTOCOL_VERSION, (int)getpid(), (int)getuid(), u.release[0] ? u.release : "?", sysconf(_SC_PAGESIZE),
                     sn ? sizes : "-", swap_kb, uring, scan, version[0] ? version : "-", cmdline[0] ? cmdline : "-");
    write_all(g_big, (size_t)k);
}

/* The first two words of a line that was too long, for the error answer. */
static void answer_overlong(void)
{
    uint64_t id = 0, seq = 0;
    char *w[3];
    g_hub_head[sizeof g_hub_head - 1] = 0;
    int n = split(g_hub_head, w);
    if (n < 2 || num(w[0], &id) || num(w[1], &seq))
        id = seq = 0;
    set_prefix(id, seq);
    reply_err(E2BIG, "line longer than %d bytes", HUB_LINE_CAP - 1);
}

static void hub_request(char *line)
{
    char *w[HUB_WORDS + 1];
    uint64_t id, seq;
    int argc = 0;
    char *s = line;
    /* split by hand: one word more than allowed tells "too many" */
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\r')
            *s++ = 0;
        if (!*s)
            break;
        if (argc == HUB_WORDS + 1)
            break;
        w[argc++] = s;
        while (*s && *s != ' ' && *s != '\t' && *s != '\r')
            s++;
    }
    if (argc < 2 || num(w[0], &id) || num(w[1], &seq) || id > UINT32_MAX) {
        set_prefix(0, 0);
        return reply_err(EINVAL, "malformed request: ID SEQ COMMAND [ARGS]");
    }
    set_prefix(id, seq);
    if (argc == 2)
        return reply_err(EINVAL, "empty request");
    if (argc > HUB_WORDS)
        return reply_err(E2BIG, "more than %d words", MAX_ARGS);
    char **a = w + 2;
    argc -= 2;
    if (id == 0) {
        const struct command *k = lookup(a[0], argc, HUB);
        if (k)
            k->run(a, argc);
        return;
    }
    struct agent *ag = agent_find(id);
    if (!ag)
        return reply_err(ENOENT, "no agent %llu", (unsigned long long)id);
    if (!strcmp(a[0], "attach"))
        return reply_err(EINVAL, "the hub attaches forked agents itself");
    if (!lookup(a[0], argc, AGENT))
        return;
    if (ag->count == HUB_MAX_PENDING)
        return reply_err(EBUSY, "agent %u has %d requests pending", ag->id, HUB_MAX_PENDING);
    size_t n = 0;
    for (int i = 0; i < argc; i++) {
        size_t l = strlen(a[i]);
        if (n + l + 2 > LINE_CAP)
            return reply_err(E2BIG, "command longer than %d bytes", LINE_CAP - 1);
        if (i)
            g_hub_fwd[n++] = ' ';
        memcpy(g_hub_fwd + n, a[i], l);
        n += l;
    }
    g_hub_fwd[n++] = '\n';
    const char *p = g_hub_fwd;
    size_t left = n;
    while (left > 0) {
        ssize_t r = write(ag->to, p, left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return reply_err(EPIPE, "agent %u (pid %d) is gone", ag->id, (int)ag->pid);
        p += r;
        left -= (size_t)r;
    }
    int slot = (ag->head + ag->count) % HUB_MAX_PENDING;
    ag->pending[slot].seq = seq;
    ag->pending[slot].kind = !strcmp(a[0], "fork") ? P_FORK : !strcmp(a[0], "exit") ? P_EXIT : P_PLAIN;
    ag->count++;
}

/* One answer line of an agent: the answer to its oldest pending request. */
static void agent_answer(struct agent *ag, char *line)
{
    if (ag->count == 0)
        return; /* nothing asked: not part of the protocol, dropped */
    unsigned long long seq = ag->pending[ag->head].seq;
    int kind = ag->pending[ag->head].kind;
    ag->head = (ag->head + 1) % HUB_MAX_PENDING;
    ag->count--;
    set_prefix(ag->id, seq);
    if (kind == P_FORK && starts_with(line, "ok "))
        return hub_attach(line);
    if (kind == P_EXIT && !strcmp(line, "ok")) {
        if (!wait_gone(ag, HUB_WAIT_MS))
            agent_kill(ag);
        reply("ok");
        return agent_drop(ag, "exited");
    }
    reply("%s", line);
}

static void agent_readable(struct agent *ag)
{
    ssize_t r = read(ag->from, ag->buf + ag->len, sizeof ag->buf - ag->len);
    if (r < 0 && errno == EINTR)
        return;
    if (r <= 0)
        return agent_drop(ag, "died");
    ag->len += (size_t)r;
    for (;;) {
        char *nl = memchr(ag->buf, '\n', ag->len);
        if (!nl) {
            if (ag->len == sizeof ag->buf) {
                ag->len = 0; /* an agent never writes lines this long */
                ag->discarding = 1;
            }
            return;
        }
        *nl = 0;
        size_t used = (size_t)(nl - ag->buf) + 1;
        char line[LINE_CAP];
        memcpy(line, ag->buf, used);
        memmove(ag->buf, nl + 1, ag->len - used);
        ag->len -= used;
        if (ag->discarding) {
            ag->discarding = 0;
            continue;
        }
        unsigned id = ag->id;
        agent_answer(ag, line);
        if (!ag->used || ag->id != id)
            return;
    }
}

static void on_child(int sig) { (void)sig; }

/* Makes the hub's own pages present and writable by touching them (no mlock: before 5.18 it drains every CPU's LRU batch). */
static void hub_warm(void)
{
    int touch = g_touch_warm;
    g_touch_warm = 1;
    warm();
    g_touch_warm = touch;
}

/*
 * Registers the hub with khugepaged for as long as it lives: an untouched 4M of MADV_HUGEPAGE
 * memory. khugepaged sleeps on one of two waits: a timed one (scan_sleep_millisecs, which a run
 * parks at a day) while some mm is registered, and an untimed one while none is, which the first
 * MADV_HUGEPAGE anywhere ends at once with a full pass. In a virtual machine nothing else is
 * registered, so a script's first MADV_HUGEPAGE would wake khugepaged and have it collapse the
 * script's ranges on its own; with the hub registered it stays in the timed sleep.
 */
static void hub_register_khugepaged(void)
{
    size_t len = 4UL << 20;
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p != MAP_FAILED)
        madvise(p, len, MADV_HUGEPAGE);
}

static void hub_main(void)
{
    ssize_t self = readlink("/proc/self/exe", g_self, sizeof g_self - 1);
    if (self <= 0)
        snprintf(g_self, sizeof g_self, "/mmdsl-agent");
    else
        g_self[self] = 0;
    g_is_hub = 1;
    if (record_ranges() == 0)
        hub_warm();
    hub_register_khugepaged();
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_child; /* no SA_RESTART: poll wakes up to reap */
    sigaction(SIGCHLD, &sa, NULL);
    for (;;) {
        struct pollfd fds[HUB_MAX_AGENTS + 1];
        struct agent *who[HUB_MAX_AGENTS + 1];
        int nfds = 0;
        fds[nfds].fd = 0;
        fds[nfds].events = POLLIN;
        who[nfds++] = NULL;
        for (int i = 0; i < HUB_MAX_AGENTS; i++)
            if (g_agents[i].used) {
                fds[nfds].fd = g_agents[i].from;
                fds[nfds].events = POLLIN;
                who[nfds++] = &g_agents[i];
            }
        int r = poll(fds, (nfds_t)nfds, 1000);
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
        if (r <= 0)
            continue;
        for (int i = 1; i < nfds; i++)
            if (fds[i].revents && who[i]->used && who[i]->from == fds[i].fd)
                agent_readable(who[i]);
        if (!fds[0].revents)
            continue;
        ssize_t n = read(0, g_hub_in + g_hub_len, sizeof g_hub_in - g_hub_len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        g_hub_len += (size_t)n;
        for (;;) {
            char *nl = memchr(g_hub_in, '\n', g_hub_len);
            if (!nl) {
                if (g_hub_len == sizeof g_hub_in) {
                    if (!g_hub_discarding)
                        memcpy(g_hub_head, g_hub_in, sizeof g_hub_head);
                    g_hub_discarding = 1;
                    g_hub_len = 0;
                }
                break;
            }
            *nl = 0;
            size_t used = (size_t)(nl - g_hub_in) + 1;
            if (g_hub_discarding) {
                g_hub_discarding = 0;
                answer_overlong();
            } else {
                memcpy(g_hub_line, g_hub_in, used);
                hub_request(g_hub_line);
            }
            memmove(g_hub_in, nl + 1, g_hub_len - used);
            g_hub_len -= used;
        }
    }
    /* stdin closed: nobody drives the run any more; end every agent. */
    for (int i = 0; i < HUB_MAX_AGENTS; i++)
        if (g_agents[i].used)
            agent_kill(&g_agents[i]);
    for (int i = 0; i < HUB_MAX_AGENTS; i++)
        if (g_agents[i].used) {
            wait_gone(&g_agents[i], HUB_WAIT_MS);
            memset(&g_agents[i], 0, sizeof g_agents[i]);
        }
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    _exit(0);
}

static void usage(void)
{
    static const char msg[] = "usage: mmdsl-agent [--base HEX] [--cpu N] [--no-supervisor] | --hub\n";
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
        else if (!strcmp(argv[i], "--cpu") && i + 1 < argc && !num(argv[i + 1], &v) && v < CPU_SETSIZE)
            cpu = (int)v, i++;
        else if (!strcmp(argv[i], "--hub") && argc == 2)
            hub_main();
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
