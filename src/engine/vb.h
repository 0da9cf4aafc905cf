/* vb.h: variable-length records (RECFM=VB) in the SORT program (vb.c): which statements
 * work on them, short records against keys, conditions and reformatting (VLSHRT, VLSCMP,
 * VLFILL), the RDW after reformatting, and OUTFIL's FTOV, VTOF and VLTRIM. Private to
 * src/engine. */
#ifndef KIROKU_ENGINE_VB_H
#define KIROKU_ENGINE_VB_H

#include "sortjob.h"

/* Refuses what kiroku does not do with variable-length records (JOINKEYS, a partitioned
 * sort), checks the LRECL; sets j->vb. Called once the input is known. */
bool vb_setup(sortjob *j);

/* The input stage's checks, set up by vb_stage_init from the stage's statements. */
void vb_stage_init(stage *s);
/* Before INCLUDE/OMIT: 1 evaluate the condition, 0 the record is short for it and VLSHRT
 * makes the condition false, -1 stop (KRK2456E recorded). */
int vb_stage_cond(stage *s, const unsigned char *rec);
/* Before INREC (rec as read) and, after it, for the keys: false stops the step (KRK2456E). */
bool vb_stage_inrec(stage *s, const unsigned char *rec);
bool vb_stage_key(stage *s, const unsigned char *rec);
/* INREC and OUTREC on variable-length records: a BUILD starts with the RDW (KRK2459E). */
bool vb_check_rebuild(sortjob *j, const kr_rebuild *rb, const kr_reformat *rf, const char *what);
/* After INREC, OUTREC or an OUTFIL made out (reclen bytes) of in: a BUILD's record gets its
 * length in the RDW (with a variable part `p` at its end, only what in has from p on). */
void vb_after_rebuild(const kr_rebuild *rb, const unsigned char *in, unsigned char *out, size_t reclen);

/* One OUTFIL's (or SORTOUT's) handling of variable-length records, NULL when it has none. */
typedef struct vbout vbout;
/* Decides it from the OUTFIL's operands (of may be NULL) and its BUILD (rb may be NULL);
 * *lrecl and *term are the writer's, changed for FTOV (RDW) and VTOF (fixed). */
bool vb_output_open(sortjob *j, const kr_outfil *of, const kr_rebuild *rb, const char *ddname, size_t *lrecl,
                    kr_terminator *term, vbout **out);
void vb_output_free(vbout *v);
/* The record OUTFIL's BUILD reads: rec itself, or a copy with what a short record lacks
 * filled with VLFILL's byte; NULL when rec is short and there is no VLFILL (KRK2460E). */
const unsigned char *vb_output_source(vbout *v, const unsigned char *rec, uint64_t recno);
/* After an OUTFIL's BUILD made out of in: its RDW, when the output is variable-length. */
void vb_output_built(vbout *v, const kr_rebuild *rb, const unsigned char *in, unsigned char *out, size_t reclen);
/* The record to write for line (reclen bytes): with its RDW set after a BUILD, after FTOV
 * an RDW before it, VLTRIM's bytes trimmed. */
const unsigned char *vb_output_line(vbout *v, const unsigned char *line, size_t reclen);
/* OUTREC on variable-length records: false (KRK2460E) when rec is short for its fields. */
bool vb_rebuild_source(sortjob *j, const kr_rebuild *outrec, const unsigned char *rec, uint64_t recno);
/* OUTFIL INCLUDE/OMIT on a short record: as vb_stage_cond. */
int vb_output_cond(sortjob *j, const kr_pred *p, const unsigned char *rec, uint64_t recno);

#endif
