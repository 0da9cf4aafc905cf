/* protect.h: role checks and audit entries for the subcommands (private to src/cmd). */
#ifndef KIROKU_CMD_PROTECT_H
#define KIROKU_CMD_PROTECT_H

#include "kiroku/audit.h"
#include "kiroku/secure.h"

/* The configured audit log, or NULL when none is (then *rc is 0) or it cannot be opened
 * (then the message is printed and *rc set). */
kr_audit *cmd_audit_open(int *rc);
/* Appends an entry when log is not NULL; returns rc, raised when the append fails. */
int cmd_audit_note(kr_audit *log, const char *event, const kr_audit_field *fields, size_t n, int rc);
/* True when the roles file grants perm; else prints the denial, audits it, sets *rc. */
bool cmd_permitted(kr_audit *log, const char *program, const char *perm, int *rc);

#endif
