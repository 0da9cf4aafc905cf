/* cmd.h: the subcommands of the `kiroku` command and what they share (private to src/cmd
 * and main.c). Each subcommand parses its own options and returns its return code. */
#ifndef KIROKU_CMD_H
#define KIROKU_CMD_H

#include "kiroku/core.h"
#include "kiroku/layout.h"
#include "kiroku/program.h"
#include "kiroku/text.h"

#include <signal.h>

/* Set by SIGINT/SIGTERM (main.c): long-running programs stop cleanly, leaving no output. */
extern volatile sig_atomic_t kr_main_cancel;

typedef struct kr_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} kr_command;

/* The table of subcommands, terminated by a NULL name (commands.c). */
extern const kr_command kr_commands[];

/* Loads a layout; on failure prints every diagnostic to stderr and returns NULL. */
kr_layout *cmd_load_layout(const char *name);
/* Loads a 外字 table (layouts/gaiji/NAME.gaiji or a path); on failure prints every
 * diagnostic to stderr and returns NULL. */
kr_gaiji *cmd_load_gaiji(const char *name);
/* Prints "kiroku CMD: text" plus a pointer to --help on stderr; returns KR_RC_ENV. */
int cmd_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses a non-negative decimal option value; false when it is not one. */
bool cmd_parse_count(const char *s, uint64_t *out);
/* A memory size: bytes, or with K, M, G (and an optional B); at least 64K. */
bool cmd_parse_size(const char *s, size_t *out);
/* Writes text to stdout in one go; reports a write error (a closed pipe, a full disk). */
int cmd_write_stdout(const char *data, size_t n);

/* A step for a program run from the command line: named after the program, listing on
 * standard output, messages on standard error, today's run date, stopped by SIGINT/SIGTERM. */
void cmd_step_init(kr_step *s, const char *program);
/* Adds KEY or KEY=VALUE (value NULL: a bare keyword) to the step's PARM, quoted as needed. */
void cmd_step_parm(kr_step *s, const char *key, const char *value);
void cmd_step_parm_count(kr_step *s, const char *key, uint64_t n);
/* Adds DD ddname holding the arguments argv[first..argc) as lines of text (control
 * statements given on the command line), named "(arguments)" in messages. */
kr_dd_bind *cmd_step_args_dd(kr_step *s, const char *ddname, int argc, char **argv, int first);
/* Today as yyyymmdd (local time). */
int cmd_today(void);

/* The fields of one record as `kiroku view` shows them (name, label, value; sensitive
 * fields masked unless reveal), appended to out (cmd_view.c). */
void cmd_view_fields(const kr_layout *l, const kr_gaiji *g, bool reveal, int type, const unsigned char *rec,
                     kr_buf *out);

int cmd_layout(int argc, char **argv);
int cmd_view(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_icetool(int argc, char **argv);
int cmd_sort(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_text(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_city(int argc, char **argv);
int cmd_exec_step(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_jcl(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_schedule(int argc, char **argv);
int cmd_idcams(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_runs(int argc, char **argv);

/* The data root: given (--root), else $KIROKU_ROOT; NULL after a usage message (cmd_catalog.c). */
const char *cmd_data_root(const char *given, const char *cmd);
/* Opens the catalog of root; NULL after printing the error (cmd_catalog.c). */
struct kr_catalog *cmd_open_catalog(const char *root, bool wait);
int cmd_seal(int argc, char **argv);
int cmd_unseal(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_purge(int argc, char **argv);

#endif
