/*
 * mmdsl-init: the /init of the initramfs that MmDsl boots a kernel with (--vm KERNEL).
 *
 * Built statically (cc -static -O2, libc only). It mounts proc, sysfs, devtmpfs and debugfs, loads
 * the modules listed in /modules/order (in that order, with finit_module), sets THP to madvise,
 * parks khugepaged, brings up zram swap when the kernel command line asks for it (mmdsl.swap=SIZE),
 * puts the protocol serial port (/dev/ttyS1; the kernel console stays on ttyS0) into raw mode and
 * prints one line on it:
 *
 *     mmdsl-init: ready release=R swap=BYTES version=V
 *
 * then execs "/mmdsl-agent --hub" with fds 0 and 1 on the protocol port and 2 on the console. With
 * two CPUs or more, the hub runs on the last CPU alone: MmDsl spreads the agents over the others,
 * one CPU each, so that the hub's own page faults and frees never touch an agent's LRU-add batch.
 * When anything asked for fails it prints "mmdsl-init: error WHAT: REASON" on the protocol port
 * (and the console) and powers the machine off. It never returns: init exiting panics the kernel.
 *
 * Kernel command line options (all optional):
 *   mmdsl.swap=SIZE   zram swap of SIZE bytes (suffix K, M or G), 0 or absent: none
 *   mmdsl.exec=echo   instead of the agent, echo each line read on the protocol port back,
 *                     prefixed "echo " (a transport test); "poweroff" powers off
 *   mmdsl.port=DEV    the protocol port (default /dev/ttyS1)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MODULES_DIR "/modules"
#define AGENT_PATH "/mmdsl-agent"

static int g_port = -1;
static char g_cmdline[4096];

static void console(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof buf)
        n = sizeof buf - 1;
    if (write(2, buf, (size_t)n) < 0) { /* nothing to do */ }
}

static void write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        buf += n;
        len -= (size_t)n;
    }
}

static void port_line(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof buf - 1)
        n = sizeof buf - 2;
    buf[n++] = '\n';
    if (g_port >= 0)
        write_all(g_port, buf, (size_t)n);
    write_all(2, buf, (size_t)n);
}

static __attribute__((noreturn)) void power_off(void)
{
    sync();
    reboot(RB_POWER_OFF);
    for (;;)
        pause();
}

static __attribute__((noreturn)) void fail(const char *what, int err)
{
    port_line("mmdsl-init: error %s: %s", what, strerror(err));
    power_off();
}

static int write_file(const char *path, const char *value)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    ssize_t n = write(fd, value, strlen(value));
    int err = n < 0 ? errno : 0;
    close(fd);
    return n < 0 ? -err : 0;
}

static int read_file(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    size_t len = 0;
    while (len + 1 < cap) {
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int err = errno;
            close(fd);
            return -err;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    buf[len] = 0;
    close(fd);
    return (int)len;
}

/* The value of "key=" on the kernel command line, copied into out; 0 if absent. */
static int cmdline_option(const char *key, char *out, size_t cap)
{
    size_t klen = strlen(key);
    const char *p = g_cmdline;
    while (*p) {
        while (*p == ' ' || *p == '\n')
            p++;
        const char *word = p;
        while (*p && *p != ' ' && *p != '\n')
            p++;
        if ((size_t)(p - word) > klen && strncmp(word, key, klen) == 0 && word[klen] == '=') {
            size_t vlen = (size_t)(p - word) - klen - 1;
            if (vlen >= cap)
                vlen = cap - 1;
            memcpy(out, word + klen + 1, vlen);
            out[vlen] = 0;
            return 1;
        }
    }
    return 0;
}

/* SIZE with an optional K/M/G suffix; -1 when it is not a size. */
static long long parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    unsigned shift = 0;
    switch (*end) {
    case 0: break;
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: return -1;
    }
    if (*end || v > (~0ULL >> 2) >> shift)
        return -1;
    return (long long)(v << shift);
}

static void mount_filesystems(void)
{
    static const struct { const char *src, *dir, *type; int required; } mounts[] = {
        { "proc", "/proc", "proc", 1 },
        { "sysfs", "/sys", "sysfs", 1 },
        { "devtmpfs", "/dev", "devtmpfs", 1 },
        { "debugfs", "/sys/kernel/debug", "debugfs", 0 },
        { "tmpfs", "/tmp", "tmpfs", 0 },
    };
    for (size_t i = 0; i < sizeof mounts / sizeof mounts[0]; i++) {
        mkdir(mounts[i].dir, 0755);
        if (mount(mounts[i].src, mounts[i].dir, mounts[i].type, 0, NULL) < 0 && errno != EBUSY) {
            if (mounts[i].required)
                fail(mounts[i].dir, errno);
            console("mmdsl-init: %s not mounted: %s\n", mounts[i].dir, strerror(errno));
        }
    }
}

static void load_modules(void)
{
    char list[8192];
    int n = read_file(MODULES_DIR "/order", list, sizeof list);
    if (n < 0)
        return; /* no modules given */
    char *save = NULL;
    for (char *name = strtok_r(list, "\n", &save); name; name = strtok_r(NULL, "\n", &save)) {
        if (!*name)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", MODULES_DIR, name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            fail(path, errno);
        long r = syscall(SYS_finit_module, fd, "", 0);
        int err = errno;
        close(fd);
        if (r < 0 && err != EEXIST) {
            char what[600];
            snprintf(what, sizeof what, "module %s", name);
            fail(what, err);
        }
    }
}

static void set_thp(void)
{
    int r = write_file("/sys/kernel/mm/transparent_hugepage/enabled", "madvise");
    if (r < 0)
        console("mmdsl-init: THP not set to madvise: %s\n", strerror(-r));
    /* khugepaged parked: a day between scans and between allocation attempts. */
    write_file("/sys/kernel/mm/transparent_hugepage/khugepaged/scan_sleep_millisecs", "86400000");
    write_file("/sys/kernel/mm/transparent_hugepage/khugepaged/alloc_sleep_millisecs", "86400000");
}

/* Opens a device node that devtmpfs creates asynchronously: waits up to 2 s for it. */
static int open_device(const char *path, int flags)
{
    for (int i = 0; i < 200; i++) {
        int fd = open(path, flags | O_CLOEXEC);
        if (fd >= 0 || errno != ENOENT)
            return fd;
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    return open(path, flags | O_CLOEXEC);
}

/* Writes the header of a version-1 swap area (what mkswap writes) into its first page. */
static int write_swap_header(int fd, long long bytes)
{
    long page = sysconf(_SC_PAGESIZE);
    static unsigned char header[65536];
    if (page <= 0 || (size_t)page > sizeof header)
        return -EINVAL;
    memset(header, 0, (size_t)page);
    uint32_t version = 1;
    uint32_t last_page = (uint32_t)(bytes / page - 1);
    /* union swap_header: 1024 bytes of boot bits, then version, last_page, nr_badpages, uuid, label. */
    memcpy(header + 1024, &version, 4);
    memcpy(header + 1028, &last_page, 4);
    memcpy(header + (size_t)page - 10, "SWAPSPACE2", 10);
    if (pwrite(fd, header, (size_t)page, 0) != page)
        return -errno;
    if (fsync(fd) < 0)
        return -errno;
    return 0;
}

static long long start_swap(long long bytes)
{
    if (bytes <= 0)
        return 0;
    long page = sysconf(_SC_PAGESIZE);
    bytes -= bytes % page;
    if (bytes < 16 * page)
        fail("swap: smaller than 16 pages", EINVAL);
    if (access("/sys/block/zram0", F_OK) < 0) {
        /* zram built in or loaded without a device: ask for one (zram hot_add). */
        char id[32];
        if (read_file("/sys/class/zram-control/hot_add", id, sizeof id) < 0)
            fail("swap: no /sys/block/zram0 (is zram in the modules?)", ENODEV);
    }
    /* lzo-rle, the default of most kernels, set explicitly: a kernel whose default compressor was
     * not given as a module falls back to it rather than failing disksize. */
    if (write_file("/sys/block/zram0/comp_algorithm", "lzo-rle") < 0)
        write_file("/sys/block/zram0/comp_algorithm", "lzo");
    char value[32];
    snprintf(value, sizeof value, "%lld", bytes);
    int r = write_file("/sys/block/zram0/disksize", value);
    if (r < 0)
        fail("swap: zram0 disksize", -r);
    int fd = open_device("/dev/zram0", O_RDWR);
    if (fd < 0)
        fail("swap: /dev/zram0", errno);
    r = write_swap_header(fd, bytes);
    close(fd);
    if (r < 0)
        fail("swap: header", -r);
    if (swapon("/dev/zram0", 0) < 0)
        fail("swap: swapon /dev/zram0", errno);
    if (read_file("/sys/block/zram0/disksize", value, sizeof value) > 0)
        return strtoll(value, NULL, 10);
    return bytes;
}

/* The distribution's package version from /proc/version ("... Debian 5.10.223-1 (...)"), or the release. */
static void distribution_version(const char *release, char *out, size_t cap)
{
    char text[1024];
    snprintf(out, cap, "%s", release);
    if (read_file("/proc/version", text, sizeof text) <= 0)
        return;
    static const char *const markers[] = { " Debian ", " Ubuntu " };
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++) {
        const char *p = strstr(text, markers[i]);
        if (!p)
            continue;
        p += strlen(markers[i]);
        size_t n = strcspn(p, " \n()");
        if (n == 0 || n >= cap)
            continue;
        memcpy(out, p, n);
        out[n] = 0;
        return;
    }
}

static void open_port(void)
{
    char dev[256] = "/dev/ttyS1";
    cmdline_option("mmdsl.port", dev, sizeof dev);
    g_port = open_device(dev, O_RDWR | O_NOCTTY);
    if (g_port < 0)
        fail(dev, errno); /* on the console only: there is no port */
    struct termios t;
    if (tcgetattr(g_port, &t) == 0) {
        cfmakeraw(&t);
        t.c_cflag |= CLOCAL | CREAD;
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        cfsetispeed(&t, B115200);
        cfsetospeed(&t, B115200);
        if (tcsetattr(g_port, TCSANOW, &t) < 0)
            fail("port: tcsetattr", errno);
    }
    /* The port must not be closed by exec. */
    fcntl(g_port, F_SETFD, 0);
}

static __attribute__((noreturn)) void echo_loop(void)
{
    static char line[65536];
    size_t len = 0;
    for (;;) {
        char c;
        ssize_t n = read(g_port, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            power_off();
        if (c == '\r')
            continue;
        if (c != '\n') {
            if (len < sizeof line)
                line[len++] = c;
            continue;
        }
        if (len == 8 && memcmp(line, "poweroff", 8) == 0)
            power_off();
        write_all(g_port, "echo ", 5);
        write_all(g_port, line, len);
        write_all(g_port, "\n", 1);
        len = 0;
    }
}

int main(void)
{
    /* fds 0-2 are /dev/console when the kernel could open it; make sure 2 exists. */
    if (fcntl(2, F_GETFD) < 0) {
        int fd = open("/dev/console", O_RDWR | O_NOCTTY);
        if (fd >= 0 && fd != 2) {
            dup2(fd, 2);
            close(fd);
        }
    }
    mount_filesystems();
    if (read_file("/proc/cmdline", g_cmdline, sizeof g_cmdline) < 0)
        g_cmdline[0] = 0;
    open_port();
    load_modules();
    set_thp();

    long long swap = 0;
    char value[64];
    if (cmdline_option("mmdsl.swap", value, sizeof value)) {
        long long bytes = parse_size(value);
        if (bytes < 0)
            fail("mmdsl.swap: not a size", EINVAL);
        swap = start_swap(bytes);
    }

    struct utsname u;
    if (uname(&u) < 0)
        fail("uname", errno);
    char version[128];
    distribution_version(u.release, version, sizeof version);

    char mode[32] = "";
    cmdline_option("mmdsl.exec", mode, sizeof mode);
    if (mode[0] && strcmp(mode, "echo") != 0 && strcmp(mode, "agent") != 0)
        fail("mmdsl.exec: unknown mode (echo or agent)", EINVAL);
    if (strcmp(mode, "echo") != 0 && access(AGENT_PATH, X_OK) < 0)
        fail(AGENT_PATH, errno);

    port_line("mmdsl-init: ready release=%s swap=%lld version=%s", u.release, swap, version);

    if (strcmp(mode, "echo") == 0)
        echo_loop();

    if (dup2(g_port, 0) < 0 || dup2(g_port, 1) < 0)
        fail("dup2", errno);
    if (g_port > 2)
        close(g_port);
    g_port = 1;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus >= 2 && cpus <= CPU_SETSIZE) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET((int)cpus - 1, &set);
        if (sched_setaffinity(0, sizeof set, &set) < 0)
            fail("sched_setaffinity", errno);
    }
    char *const argv[] = { (char *)AGENT_PATH, (char *)"--hub", NULL };
    char *const envp[] = { (char *)"PATH=/", (char *)"HOME=/", NULL };
    execve(AGENT_PATH, argv, envp);
    fail("exec " AGENT_PATH, errno);
}
