/* ctl.h: DFSORT control statements (SORT, MERGE, OPTION, INCLUDE/OMIT, INREC/OUTREC, SUM,
 * OUTFIL, JOINKEYS, JOIN, REFORMAT) parsed into a syntax tree. Fields are written as
 * positions (p,m,f) or as names from layouts; names are bound to layouts later (see
 * engine.h), so the parser needs no layout. Every error carries file:line:column. */
#ifndef KIROKU_CTL_H
#define KIROKU_CTL_H

#include "kiroku/core.h"

typedef struct kr_pos {
    int line, col;
} kr_pos;

typedef enum kr_fmt {
    KR_FMT_NONE, /* not written: positional CH for keys, or the layout field's own type */
    KR_FMT_CH,   /* bytes */
    KR_FMT_ZD,   /* zoned decimal */
    KR_FMT_PD,   /* packed decimal */
    KR_FMT_BI,   /* unsigned binary */
    KR_FMT_FI,   /* signed binary */
    KR_FMT_SS,   /* substring search (conditions only) */
    KR_FMT_TEXT, /* text by character, the same for CP932 and UTF-8 (extension) */
    KR_FMT_KANA, /* kana reading order, 50音 (extension) */
    KR_FMT_YDATE, /* a date in a Y2/Y4 format (Y2T, Y4W, Y2U, ...: kr_ref.ydate) */
    KR_FMT_UFF,   /* unsigned free form: the digits wherever they are (12,345 is 12345) */
    KR_FMT_SFF,   /* signed free form: the same, negative with a '-' or ')' anywhere */
    KR_FMT_CSF,   /* FS/CSF: leading blanks, an optional sign, digits (  -123) */
    KR_FMT_STAMP  /* SMF and TOD dates and times, DT1..DT3, DC1..DC3, TM1..TM4, TC1..TC4 (kr_ref.ydate) */
} kr_fmt;

/* A field as written: `p,m[,f]`, `name[,f]`, `F1:name`, `type.name`. */
typedef struct kr_ref {
    kr_pos pos;
    char *name;      /* NULL when positional */
    char *qual;      /* "F1", "F2" or a record type name, or NULL */
    size_t start;    /* 1-based start when positional */
    size_t length;   /* bytes when positional */
    unsigned start_bit, length_bits; /* p.b,m.b (BI keys of SORT/MERGE/JOINKEYS FIELDS=): bit 0-7 of
                                      * byte start where the field begins, bits past length bytes */
    kr_fmt fmt;
    char ydate[4];   /* KR_FMT_YDATE: "Y2T", "Y4W", ...; KR_FMT_STAMP: "DT1", "TC4", ... */
    int parsed;      /* %nn with a format of its own (%01,SFF): nn + 1; 0 otherwise */
    bool aq;         /* written AQ: CH compared through the ALTSEQ table */
    /* The sign formats, read as ZD with their sign: 'l' a separate leading sign (CSL, LS,
     * ASL), 't' a separate trailing one (CST, TS, AST), 'L' overpunched on the first digit
     * (CLO, OL); 0 for ZD (and CTO, OT: overpunched on the last). */
    char zsign;
    /* PD0 (fmt KR_FMT_PD): packed decimal whose first digit and sign are ignored, the digits
     * between them read as an unsigned number (DFSORT's PD0, 2-8 bytes). */
    bool pd0;
} kr_ref;

typedef struct kr_key {
    kr_ref ref;
    bool descending;
} kr_key;

/* A constant in a condition or a reformat. */
typedef enum kr_const_kind {
    KR_CONST_CHAR,  /* C'...' (UTF-8 as written; converted to the file's encoding) */
    KR_CONST_HEX,   /* X'...' */
    KR_CONST_NUM,   /* +123, -4.5 */
    KR_CONST_DATE,  /* DATE1, DATE1-30, DATE1+1Y, FYEND-40Y+1D, D'2024-04-01' (extension), Y'DATE1' */
    KR_CONST_BITS   /* B'01..1...': len 2m bytes, the bits that must be 1, then those that must be 0 */
} kr_const_kind;

#define KR_DATE_OFFSETS 3

typedef struct kr_const {
    kr_pos pos;
    kr_const_kind kind;
    unsigned char *bytes; /* CHAR and HEX */
    size_t len;
    kr_i128 num;          /* NUM: value with `scale` decimals */
    unsigned scale;
    /* DATE: a fixed date (ymd != 0) or one relative to the run date (ymd == 0), plus up to
     * KR_DATE_OFFSETS offsets applied left to right. */
    int ymd;
    int yy;               /* Y'yy': a two-digit year + 1 (0: none), its century from Y2PAST */
    int date_form;        /* kr_now_form: 0 a date literal, else the run's date or time */
    int n_offsets;
    long offset[KR_DATE_OFFSETS];   /* days, months or years to add */
    char offset_unit[KR_DATE_OFFSETS]; /* 'D', 'M', 'Y' */
    /* DATE1(c), DATE2(c), DATE3(c), TIME1(c), TIME2(c): the separator, or 0. */
    char now_sep;
    /* DATE1P, DATE2P, DATE3P, TIME1P, TIME2P, TIME3P: a decimal number (+yyyymmdd), packed
     * when it is put into a record. */
    bool now_packed;
} kr_const;

/* The run's date and time as DFSORT names them (kr_const.date_form). DATE1, DATE2 and DATE3
 * with offsets, FYSTART and FYEND are dates; DATE4, DATE5 and TIMEn are stamps of the run. */
typedef enum kr_now_form {
    KR_NOW_NONE = 0,
    KR_NOW_DATE1 = 1,   /* yyyymmdd */
    KR_NOW_DATE2 = 2,   /* yyyymm: compares year and month only; +n/-n are months */
    KR_NOW_FYSTART = 3, /* the first day of the run date's fiscal year (April 1) */
    KR_NOW_FYEND = 4,   /* its last day (March 31) */
    KR_NOW_DATE3 = 5,   /* yyyyddd (day of the year) */
    KR_NOW_DATE4 = 6,   /* yyyy-mm-dd-hh.mm.ss */
    KR_NOW_DATE5 = 7,   /* yyyy-mm-dd-hh.mm.ss.nnnnnn */
    KR_NOW_TIME1 = 8,   /* hhmmss */
    KR_NOW_TIME2 = 9,   /* hhmm */
    KR_NOW_TIME3 = 10   /* hh */
} kr_now_form;

typedef enum kr_cmp {
    KR_EQ, KR_NE, KR_GT, KR_GE, KR_LT, KR_LE,
    /* Bit operators against a mask X'..': the mask's bits all on (ALL, BO), all off (NONE, BZ),
     * some on and some off (SOME, BM), and their negations (NOTALL/BNO, NOTNONE/BNZ,
     * NOTSOME/BNM). */
    KR_BIT_ALL, KR_BIT_NONE, KR_BIT_SOME, KR_BIT_NOTALL, KR_BIT_NOTNONE, KR_BIT_NOTSOME
} kr_cmp;

typedef enum kr_cond_kind { KR_COND_AND, KR_COND_OR, KR_COND_CMP } kr_cond_kind;

typedef struct kr_cond {
    kr_cond_kind kind;
    kr_pos pos;
    struct kr_cond *a, *b; /* AND / OR */
    kr_ref left;           /* CMP */
    kr_cmp op;
    bool right_is_field;
    kr_ref right;
    /* A date field on the right may carry offsets (F1:tekiyo_shuryo_ymd+1D, extension):
     * right_offset is a KR_CONST_DATE of date_form 0 and ymd 0 whose offsets apply to the
     * field's date; n_offsets == 0 when none were written. */
    kr_const right_offset;
    kr_const *values;      /* one constant, or several for the EQ list form L(...) */
    size_t n_values;
    /* F1:shimei,EQ,F2:shimei,FOLD=names (extension): two text fields compared after the
     * folding profile; NULL when not written. */
    char *fold;
    kr_pos fold_pos;
} kr_cond;

/* Edited output of a number: M0..M26 masks or EDIT=(pattern). */
typedef struct kr_edit {
    int mask;              /* -1 when a pattern is given */
    char *pattern;         /* EDIT=(IIIT.TT) */
    char *signs;           /* SIGNS=(lead+,lead-,trail+,trail-) as 4 chars, NUL for none */
    size_t length;         /* LENGTH=n, 0 = natural */
} kr_edit;

typedef enum kr_item_kind {
    KR_ITEM_FIELD,   /* p,m / name, optionally converted (TO=) or edited */
    KR_ITEM_CONST,   /* C'..', X'..', nX, nZ, nC'..' */
    KR_ITEM_SEQNUM,  /* SEQNUM,n,f[,START=s][,INCR=i][,RESTART=(p,m)] */
    KR_ITEM_COUNT,   /* COUNT, SUBCOUNT (OUTFIL trailers) */
    KR_ITEM_TOT,     /* TOT/TOTAL, MIN, MAX, AVG and their SUB forms =(p,m,f,...) (trailers) */
    KR_ITEM_NEWLINE, /* / or n/ in a report line: ends the line, then n-1 blank lines */
    KR_ITEM_PAGE,    /* &PAGE, PAGE[=(edit)]: the page number */
    KR_ITEM_DATE,    /* &DATE, DATE[=(abcd)], DATENS=(abc): the run date */
    KR_ITEM_TIME,    /* &TIME, TIME[=(hhc)], TIMENS=(hh): the time of the run */
    KR_ITEM_ARITH,   /* an arithmetic expression of fields and +n constants (ADD, SUB, ...) */
    KR_ITEM_DATEFN,  /* p,m,Y4T,ADDDAYS,+n,TOGREG=Y4T(-) ...: a date function (datefn) */
    KR_ITEM_PARSED   /* %nn: a field PARSE= cut from the record (parsed) */
} kr_item_kind;

/* One step of an arithmetic expression in postfix order: push a field or a constant, or
 * apply an operator to the two values on top. Postfix keeps parsing, evaluating and freeing
 * free of recursion however long the expression. */
typedef enum kr_arith_kind {
    KR_AR_FIELD, KR_AR_CONST, KR_AR_ADD, KR_AR_SUB, KR_AR_MUL, KR_AR_DIV, KR_AR_MOD, KR_AR_MIN, KR_AR_MAX
} kr_arith_kind;

typedef struct kr_arith {
    kr_arith_kind kind;
    kr_pos pos;
    kr_ref ref;        /* FIELD */
    kr_i128 value;     /* CONST */
} kr_arith;

/* DFSORT's date arithmetic and conversions on a date field: p,m,Yxx (Y2T, Y2W, Y2U, Y2V,
 * Y2X, Y2Y, Y4T, Y4U, Y4V, Y4W, Y4X, Y4Y) or a date field of a layout by name (和暦 too). */
typedef enum kr_datefn_op {
    KR_DF_NONE, KR_DF_ADDDAYS, KR_DF_ADDMONS, KR_DF_ADDYEARS, KR_DF_DATEDIFF,
    KR_DF_LASTDAYW, KR_DF_LASTDAYM, KR_DF_LASTDAYQ, KR_DF_LASTDAYY, KR_DF_NEXTD, KR_DF_PREVD
} kr_datefn_op;

typedef enum kr_datefn_out {
    KR_DF_SAME,      /* the input's format */
    KR_DF_TOJUL,     /* TOJUL=Yxx[(c)] */
    KR_DF_TOGREG,    /* TOGREG=Yxx[(c)] */
    KR_DF_WEEKDAY,   /* WEEKDAY=CHAR3|CHAR9|DIGIT1 */
    KR_DF_TODATE,    /* TODATE=name (extension): the format of a layout's date field, 和暦 too */
    KR_DF_DT,        /* DT=(abcd), DTNS=(abc): month, day, year in the order abc (dt_form) */
    KR_DF_WEEKNUM,   /* WEEKNUM=USA|ISO: the week of the year, C'nn' */
    KR_DF_AGE        /* AGE=YMD|YM|YD: years, months, days from the date to the run date */
} kr_datefn_out;

typedef struct kr_datefn {
    char in[4];          /* "Y4T", ...; "" for a date field of a layout */
    kr_datefn_op op;
    long amount;         /* ADDxxx (SUBxxx negated): n; NEXTD/PREVD: the weekday, 0 Sunday */
    kr_ref other;        /* DATEDIFF's second date */
    char other_in[4];
    kr_datefn_out out;
    char out_fmt[4];     /* TOJUL=/TOGREG= */
    char out_sep;        /* (c) of TOJUL=/TOGREG=, or of p,m,Y2x(c); or 0 */
    bool y2_packed;      /* p,m,Y2xP: the date with its century, packed (P'ccyymmdd', P'ccyy') */
    int weekday;         /* WEEKDAY=: 3 (CHAR3), 9 (CHAR9), 1 (DIGIT1) */
    kr_ref todate;       /* TODATE=name */
    char dt_form[5];     /* DT=: "MD4/" (as DATE=(abcd)); DTNS=: "MD4" */
    char weeknum;        /* WEEKNUM=: 'U' (USA) or 'I' (ISO) */
    char age[4];         /* AGE=: "YMD", "YM" or "YD" */
} kr_datefn;

/* What a TOT item shows of the values it has seen. */
typedef enum kr_stat { KR_STAT_TOT, KR_STAT_MIN, KR_STAT_MAX, KR_STAT_AVG } kr_stat;

typedef struct kr_item {
    kr_item_kind kind;
    kr_pos pos;
    size_t column;     /* c: sets the output column (1-based), 0 = next */
    unsigned align;    /* p,m,H|F|D: the field starts at a multiple of 2, 4 or 8 bytes from the
                        * record's start, binary zeros before it (BUILD); 0 = none */
    bool has_target;   /* NAME:C'..' puts a constant at a field, padded as it pads */
    kr_ref target;
    kr_ref ref;        /* FIELD, TOT, SEQNUM RESTART */
    bool to_end;       /* p alone: from p to the end of the record */
    kr_const value;    /* CONST */
    size_t repeat;     /* CONST: nX, nC'..' */
    kr_fmt to;         /* FIELD/TOT/COUNT: TO=ZD|PD|BI|FI|CH, KR_FMT_NONE = as is */
    size_t to_length;  /* LENGTH=n */
    bool edited;
    kr_edit edit;
    size_t seq_len;    /* SEQNUM length */
    kr_fmt seq_fmt;
    kr_i128 seq_start, seq_incr;
    bool seq_restart;
    kr_stat stat;      /* TOT: total, minimum, maximum or average */
    bool sub;          /* COUNT/TOT: SUBCOUNT, SUBTOT...: running over the report so far */
    long count_add;    /* COUNT+n= (n), COUNT-n= (-n): added to the count shown */
    char form[5];      /* DATE: "MD2/" (month, day, 2- or 4-digit year in order, separator
                        * or NUL); TIME: "24:" or "12:" (separator or NUL) */
    /* FIELD: CHANGE=(v,find,set,...) looks the field up (v bytes out); NOMATCH=(set or p,m)
     * is what a field found nowhere gives; TRAN=LTOU|UTOL changes letters' case. */
    size_t change_len;
    kr_const *change;  /* find, set, find, set, ... */
    kr_ref *change_refs; /* parallel to change: a set that is a field (p,m or a name), else zeroed */
    size_t n_change;
    bool has_nomatch, nomatch_is_field;
    kr_const nomatch;
    kr_ref nomatch_ref;
    char tran;         /* 0, 'U' (LTOU), 'L' (UTOL), 'H' (HANZEN), 'Z' (ZENHAN), 'A' (ALTSEQ), 'E' (ETOA),
                        * 'F' (ATOE: from ASCII), 'X' (HEX), 'x' (UNHEX), 'B' (BIT), 'b' (UNBIT) */
    unsigned char *tran_table; /* ETOA/ATOE: each byte's translation (256 bytes, ebcdic.c) */
    /* FIELD: JFY=(SHIFT=LEFT|RIGHT,LEAD=,TRAIL=,LENGTH=) justifies the text, SQZ=(...,MID=)
     * also squeezes the blanks inside it. */
    char justify;      /* 0, 'J' (JFY) or 'S' (SQZ) */
    bool shift_right;
    kr_const lead, trail, mid;
    size_t justify_len; /* LENGTH=n, 0 = the field's */
    char pair;         /* SQZ's PAIR=QUOTE ('"') or PAIR=APOST ('\''): blanks between a pair kept; 0 none */
    /* ARITH: the expression in postfix order (arith.c), edited or converted like a field. */
    kr_arith *arith;
    size_t n_arith;
    kr_datefn *datefn;  /* DATEFN (ref is its date field) */
    int parsed;         /* PARSED: nn of %nn */
} kr_item;

typedef struct kr_items {
    kr_item *v;
    size_t n, cap;
} kr_items;

/* BUILD or OVERLAY, or IFTHEN clauses. */
typedef enum kr_reformat_kind { KR_RF_NONE, KR_RF_BUILD, KR_RF_OVERLAY, KR_RF_IFTHEN, KR_RF_FINDREP } kr_reformat_kind;

/* FINDREP=(IN=..,OUT=.. | INOUT=(in,out,...), STARTPOS=, ENDPOS=, DO=, MAXLEN=, OVERRUN=,
 * SHIFT=): find constants replaced in the whole record (findrep.c). */
typedef struct kr_findrep {
    kr_pos pos;
    kr_const *in;          /* what to find, in the order they are tried at each position */
    size_t n_in;
    kr_const *out;         /* one for every find, or a single one for all */
    size_t n_out;
    size_t startpos, endpos; /* 1-based; 0 = the record's start, end */
    uint64_t do_max;       /* DO=n: at most n replacements, 0 = all */
    size_t maxlen;         /* MAXLEN=n: the output record's length, 0 = the input's */
    bool overrun_trunc;    /* OVERRUN=TRUNC: cut what passes MAXLEN (default ERROR) */
    bool shift_no;         /* SHIFT=NO: replace in place, the rest of the record not moved */
} kr_findrep;

typedef enum kr_when { KR_WHEN_INIT, KR_WHEN_COND, KR_WHEN_NONE, KR_WHEN_GROUP } kr_when;

/* An item of WHEN=GROUP's PUSH=(...): c:p,m (from the group's first record), c:ID=n (the
 * group's number), c:SEQ=n (the record's number in its group). */
typedef enum kr_push_kind { KR_PUSH_FIELD, KR_PUSH_ID, KR_PUSH_SEQ } kr_push_kind;

typedef struct kr_push {
    kr_push_kind kind;
    kr_pos pos;
    size_t column;     /* c: (1-based), 0 = after the item before */
    kr_ref ref;        /* FIELD */
    size_t digits;     /* ID, SEQ */
} kr_push;

typedef struct kr_ifthen {
    kr_pos pos;
    kr_when when;
    kr_cond *cond;
    bool build;        /* BUILD (true) or OVERLAY (false) */
    kr_items items;
    kr_findrep *findrep; /* FINDREP=(...) instead of BUILD or OVERLAY (not on WHEN=GROUP) */
    bool hit_next;
    /* WHEN=GROUP: where groups begin and end, and what is pushed to their records. */
    kr_cond *begin, *end;
    uint64_t records;  /* RECORDS=n, 0 = none */
    bool has_keybegin;
    kr_ref keybegin;   /* KEYBEGIN=(p,m): a group at each change of the field */
    kr_push *push;
    size_t n_push;
} kr_ifthen;

/* PARSE=(%nn=(...),...): a field cut from the record by position and delimiters into a
 * fixed field of FIXLEN bytes, as DFSORT's PARSE does; %=(...) moves past a field unused. */
typedef struct kr_parsedef {
    kr_pos pos;
    int id;                /* nn (0-99), or -1 for % */
    bool has_abspos;
    size_t abspos;         /* ABSPOS=p: start looking at p */
    long addpos;           /* ADDPOS=n (+), SUBPOS=n (-): move before looking */
    char start;            /* 0, 'A' (STARTAFT=), 'T' (STARTAT=) */
    kr_const start_str;    /* the string; TAB is X'09' */
    char start_class;      /* instead of a string: 'B' BLANKS (one or more), 'N' NONBLANK (STARTAT) */
    bool end_blanks;       /* ENDBEFR=BLANKS / ENDAT=BLANKS: a run of blanks also ends the field */
    kr_const *ends;        /* ENDBEFR= (or ENDAT=) strings: the field ends at the first one */
    size_t n_ends;
    bool end_at;           /* ENDAT: the string belongs to the field */
    size_t fixlen;         /* FIXLEN=n: the parsed field's length (blank padded) */
    bool has_pair;
    unsigned char pair;    /* PAIR=C'"': delimiters between two of these do not count */
    uint64_t repeat;       /* REPEAT=v as written (the parser has already made the v copies) */
} kr_parsedef;

typedef struct kr_reformat {
    kr_parsedef *parse;    /* PARSE= definitions, in order */
    size_t n_parse;
    kr_reformat_kind kind;
    kr_pos pos;
    kr_items items;    /* BUILD / OVERLAY */
    kr_ifthen *clauses;
    size_t n_clauses;
    size_t ifoutlen;   /* IFOUTLEN=n, 0 = none */
    kr_findrep *findrep; /* FINDREP */
} kr_reformat;

/* SECTIONS=(p,m,SKIP=nL|P,HEADER3=(..),TRAILER3=(..), ...): one level of breaks. */
typedef struct kr_section {
    kr_ref ref;
    unsigned skip_lines;   /* SKIP=nL: blank lines before the next section */
    bool skip_page;        /* SKIP=P: each section on a new page */
    kr_items header3, trailer3;
    bool has_header3, has_trailer3;
} kr_section;

typedef struct kr_outfil {
    kr_pos pos;
    char **fnames;
    size_t n_fnames;
    kr_cond *include;  /* INCLUDE= or OMIT= (omit set) */
    bool omit;
    bool save;
    kr_reformat rec;   /* BUILD/OUTREC/OVERLAY/IFTHEN of this output */
    kr_items header1, trailer1, header2, trailer2;
    bool has_header1, has_trailer1, has_header2, has_trailer2;
    kr_section *sections;
    size_t n_sections;
    uint64_t lines;    /* LINES=n, 0 = the default (60) */
    bool nodetail;
    bool remove_cc;
    uint64_t startrec, endrec; /* 0 = none */
    /* SPLIT (1 record to each data set in turn), SPLITBY=n (n to each in turn), SPLIT1R=n
     * (n to each, the last one the rest): split_by 0 = every record to every data set. */
    uint64_t split_by;
    bool split_1r;
    uint64_t sample_every, sample_take; /* SAMPLE=n or SAMPLE=(n,m): m of every n; 0 = none */
    uint64_t accept;   /* ACCEPT=n: at most n records, 0 = no limit */
    uint64_t repeat;   /* REPEAT=n: each record n times, 0 = once */
    /* Variable-length records (vbops.c): FTOV writes each (fixed) record after an RDW, VTOF
     * (CONVERT) writes variable records as fixed ones; VLFILL= is the byte for the bytes a
     * short record lacks, VLTRIM= the byte FTOV trims off each record's end. */
    enum kr_recfm_conv { KR_RECFM_SAME = 0, KR_RECFM_FTOV, KR_RECFM_VTOF } recfm_conv;
    bool has_vlfill, has_vltrim;
    unsigned char vlfill, vltrim;
    /* IFTRAIL=(HD=YES,TRLID=(cond),TRLUPD=(c:COUNT..,c:TOT=(..),...)): the records OUTFIL
     * receives hold their own header (the first, with HD=YES) and trailer (the first record
     * TRLID picks); both pass OUTFIL's processing by, and the trailer is written last with
     * TRLUPD's counts and totals of the data records this output holds (iftrail.c). */
    bool has_iftrail, iftrail_hd;
    kr_pos iftrail_pos;
    kr_cond *trlid;
    kr_items trlupd;
} kr_outfil;

typedef enum kr_join_unpaired { KR_JOIN_INNER = 0, KR_JOIN_F1 = 1, KR_JOIN_F2 = 2 } kr_join_unpaired;

typedef struct kr_joinkeys {
    kr_pos pos;
    bool present;
    char *ddname;          /* F1=ddname / F2=ddname, or NULL for SORTJNF1 / SORTJNF2 */
    kr_key *keys;
    size_t n_keys;
    bool sorted, noseqck;
    kr_cond *include;
    bool omit;
    uint64_t stopaft;
} kr_joinkeys;

typedef struct kr_reformat_item {
    kr_pos pos;
    int file;          /* 1 or 2; 0 for the ? indicator */
    kr_ref ref;
    bool to_end;
} kr_reformat_item;

typedef struct kr_ctl {
    char *path;
    /* Operation. */
    enum { KR_OP_NONE, KR_OP_SORT, KR_OP_MERGE, KR_OP_COPY } op;
    kr_pos op_pos;
    kr_key *keys;
    size_t n_keys;
    /* OPTION. */
    bool equals;       /* default true */
    /* VLSHRT: a variable-length record too short for a key or condition field goes on (keys
     * compare as if padded with binary zeros; a condition on a short field is false);
     * VLSCMP: a short field of INCLUDE/OMIT compares as if padded with binary zeros. The
     * defaults, NOVLSHRT and NOVLSCMP, stop the step on such a record. */
    bool vlshrt, vlscmp;
    uint64_t skiprec, stopaft;
    bool has_skiprec, has_stopaft;
    /* OVFLO=: what a SUM overflow does. RC0 (DFSORT's default): a message, return code 0;
     * RC4: a warning, return code 4; RC16: the step stops with return code 16. */
    enum { KR_OVFLO_RC0, KR_OVFLO_RC4, KR_OVFLO_RC16 } ovflo;
    /* MERGE FILES=n: the number of inputs the merge expects (0 when not written). */
    /* OPTION Y2PAST=s (a window from s years before the run date's year) or =f (a fixed
     * window of the years f..f+99): the century of two-digit years. */
    unsigned y2past;
    bool has_y2past;
    uint64_t merge_files;
    kr_pos merge_files_pos;
    /* ALTSEQ CODE=(ffpp,...): 256 bytes, each byte's place in the collating sequence (and
     * what TRAN=ALTSEQ makes of it); NULL when there is no ALTSEQ statement. OPTION CHALT:
     * CH fields collate through it too, not only AQ fields. */
    unsigned char *altseq;
    bool chalt;
    /* INCLUDE / OMIT (main task). */
    kr_cond *include;
    bool omit;
    kr_pos include_pos;
    kr_reformat inrec, outrec;
    /* SUM. */
    bool has_sum, sum_none, xsum;
    kr_pos sum_pos;
    kr_ref *sum_fields;
    size_t n_sum;
    kr_outfil *outfils;
    size_t n_outfils;
    /* Join. */
    kr_joinkeys join[2]; /* F1, F2 */
    unsigned join_unpaired; /* KR_JOIN_F1 | KR_JOIN_F2 bits */
    bool join_only;
    bool has_join;
    kr_pos join_pos;
    bool has_reformat;
    kr_reformat_item *reformat;
    size_t n_reformat;
    kr_pos reformat_pos;
    unsigned char fill;
    /* The statements as written, for the listing. */
    char **echo;
    size_t n_echo;
    /* Statements accepted but without effect here (DFSORT tuning options). */
    char **ignored;
    size_t n_ignored;
} kr_ctl;

/* Parses control statements. path names the source in messages (or "(inline)"). Returns
 * NULL with every error in diags (message ids KRK05xx, rc 16). */
struct kr_diags;
kr_ctl *kr_ctl_parse(const char *text, size_t len, const char *path, struct kr_diags *diags);
/* The statements of a join side (JNF1CNTL, JNF2CNTL): the same language, without the need
 * for a SORT, MERGE or COPY operation. */
kr_ctl *kr_ctl_parse_side(const char *text, size_t len, const char *path, struct kr_diags *diags);
void kr_ctl_free(kr_ctl *c);
void kr_cond_free(kr_cond *c);
const char *kr_fmt_name(kr_fmt f);

#endif
