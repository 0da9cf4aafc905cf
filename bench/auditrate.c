/* auditrate.c: appends N entries to an audit log through kr_audit_append (each fsynced) and
 * prints the rate; used by bench/seal.sh. usage: auditrate DIR N */
#include "kiroku/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    long n = atol(argv[2]);
    kr_err err;
    kr_audit *log = kr_audit_open(argv[1], "BENCH", &err);
    if (!log) {
        fprintf(stderr, "%s\n", err.text);
        return 1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < n; i++) {
        char step[32];
        snprintf(step, sizeof step, "S%ld", i);
        kr_audit_field f[] = {{"program", "SORT"}, {"step", step}, {"records", "100000"}};
        if (!kr_audit_append(log, "step-end", f, 3, &err)) {
            fprintf(stderr, "%s\n", err.text);
            return 1;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%ld %.3f %.0f\n", n, s, (double)n / s);
    kr_audit_close(log);
    return 0;
}
