/* The driver benchmarks' shared harness (bench_common.h). */
#include "bench_common.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint64_t bench_xorshift(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

uint64_t bench_touch_value(const struct sqlx_value *v)
{
    switch (v->type) {
    case SQLX_V_INT:
        return (uint64_t)v->i;
    case SQLX_V_FLOAT:
        return (uint64_t)(int64_t)v->f;
    case SQLX_V_BOOL:
        return v->b;
    case SQLX_V_TEXT:
    case SQLX_V_BLOB:
        return v->n + (v->n ? (unsigned char)v->s[0] : 0);
    case SQLX_V_NULL:
        return 1;
    }
    return 0;
}

int bench_child_fail(const char *what, const char *msg)
{
    printf("fail %s: %.*s\n", what, (int)strcspn(msg, "\n"), msg);
    return 1;
}

int bench_vm_fail(const char *what, const struct sqlx_err *err)
{
    return bench_child_fail(what, err->message);
}

bool bench_engine_missing(const struct sqlx_err *err)
{
    return err->code == SQLX_EUNSUPPORTED ||
           (err->code == SQLX_ENOTFOUND && strstr(err->message, "no wire pack for URL scheme"));
}

char (*bench_make_names(long n))[16]
{
    char(*names)[16] = sqlx_malloc(sizeof *names * (size_t)n);
    for (long i = 0; i < n; i++)
        snprintf(names[i], sizeof names[i], "name-%ld", i % 1000000000L);
    return names;
}

void bench_pin_to(int cpu, const char *prog)
{
    cpu_set_t set;
    if (cpu < 0)
        return;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        fprintf(stderr, "%s: cannot pin to CPU %d: %s\n", prog, cpu, strerror(errno));
}

struct bench_result bench_run_child(char **argv, int cpu, const char *client,
                                    const char *workload)
{
    struct bench_result res = { .ok = false };
    int fd[2];
    char *args[64];
    int n = 0;
    args[n++] = argv[0];
    args[n++] = (char *)"--child";
    args[n++] = (char *)client;
    args[n++] = (char *)workload;
    for (int i = 1; argv[i] && n < 63; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    if (pipe(fd) != 0) {
        snprintf(res.msg, sizeof res.msg, "pipe: %s", strerror(errno));
        return res;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        bench_pin_to(cpu, argv[0]);
        close(fd[0]);
        dup2(fd[1], STDOUT_FILENO);
        close(fd[1]);
        execv("/proc/self/exe", args);
        _exit(127);
    }
    close(fd[1]);
    char line[512];
    size_t len = 0;
    ssize_t got;
    while (len < sizeof line - 1 && (got = read(fd[0], line + len, sizeof line - 1 - len)) > 0)
        len += (size_t)got;
    line[len] = '\0';
    close(fd[0]);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
        snprintf(res.msg, sizeof res.msg, "cannot run the child: %s", strerror(errno));
        return res;
    }
    res.rss_kb = ru.ru_maxrss;
    line[strcspn(line, "\n")] = '\0';
    if (strncmp(line, "ok ", 3) == 0 && sscanf(line + 3, "%lf %lf", &res.ops, &res.secs) == 2 &&
        WIFEXITED(status) && WEXITSTATUS(status) == 0 && res.secs > 0) {
        res.ok = true;
    } else if (strncmp(line, "na ", 3) == 0) {
        res.na = true;
        snprintf(res.msg, sizeof res.msg, "%s", line + 3);
    } else {
        snprintf(res.msg, sizeof res.msg, "%s (exit status %d)", line[0] ? line : "no result",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    return res;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct bench_summary bench_summarize(const struct bench_result *runs, int n)
{
    double rate[BENCH_MAX_ROUNDS], rss[BENCH_MAX_ROUNDS];
    struct bench_summary s = { 0 };
    for (int i = 0; i < n && i < BENCH_MAX_ROUNDS; i++) {
        if (!runs[i].ok)
            continue;
        rate[s.n] = runs[i].ops / runs[i].secs;
        rss[s.n] = (double)runs[i].rss_kb;
        s.n++;
    }
    if (s.n == 0)
        return s;
    qsort(rate, (size_t)s.n, sizeof rate[0], cmp_double);
    qsort(rss, (size_t)s.n, sizeof rss[0], cmp_double);
    s.median = s.n % 2 ? rate[s.n / 2] : (rate[s.n / 2 - 1] + rate[s.n / 2]) / 2;
    s.rss = s.n % 2 ? rss[s.n / 2] : (rss[s.n / 2 - 1] + rss[s.n / 2]) / 2;
    s.min = rate[0];
    s.max = rate[s.n - 1];
    return s;
}
