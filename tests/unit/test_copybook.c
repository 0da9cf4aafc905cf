/* test_copybook.c: copybooks from layouts and layouts from copybooks: the round trip gives
 * the same model for every test layout, the copybook keeps COBOL's rules (columns, unique and
 * unreserved names), a hand-written copybook imports as COBOL means it, and every
 * unsupported clause is an error at its line and column. */
#include "unit.h"

#include <glob.h>

#include "kiroku/copybook.h"
#include "../../src/copybook/copybook_private.h"

static const char *TEST_LAYOUTS[] = {"tests/layouts/gen_all_cp932.layout",
                                     "tests/layouts/gen_all_utf8.layout",
                                     "tests/layouts/gen_plain.layout"};

/* The test layouts and every shipped layout (the .layout files of layouts/). */
static size_t all_layouts(glob_t *g)
{
    int rc = glob("tests/layouts/gen_*.layout", 0, NULL, g);
    rc = glob("layouts/*.layout", rc == 0 ? GLOB_APPEND : 0, NULL, g);
    (void)rc;
    assert_true(g->gl_pathc >= 3);
    return g->gl_pathc;
}

static kr_layout *load(const char *path)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_layout *l = kr_layout_load(path, &d);
    kr_diags_free(&d);
    if (!l)
        fail_msg("cannot load %s", path);
    return l;
}

/* Imports copybook text that must import; returns the layout parsed from the result. */
static kr_layout *import_ok(const char *cpy, const kr_import_opts *o, char **text_out)
{
    kr_buf out;
    kr_buf_init(&out);
    kr_diags d;
    kr_diags_init(&d);
    kr_import_opts none = {NULL, NULL, 0, NULL};
    bool ok = kr_copybook_import(cpy, strlen(cpy), "test.cpy", o ? o : &none, &out, &d);
    for (size_t i = 0; i < d.n; i++)
        print_error("%s\n", d.items[i]);
    kr_diags_free(&d);
    if (!ok)
        fail_msg("import failed:\n%s", cpy);
    kr_layout *l = unit_layout(out.data);
    if (text_out)
        *text_out = kr_buf_take(&out);
    kr_buf_free(&out);
    return l;
}

static char *import_errors(const char *cpy)
{
    kr_buf out;
    kr_buf_init(&out);
    kr_diags d;
    kr_diags_init(&d);
    kr_import_opts none = {NULL, NULL, 0, NULL};
    bool ok = kr_copybook_import(cpy, strlen(cpy), "test.cpy", &none, &out, &d);
    kr_buf msgs;
    kr_buf_init(&msgs);
    for (size_t i = 0; i < d.n; i++)
        kr_buf_adds(&msgs, d.items[i]), kr_buf_addc(&msgs, '\n');
    kr_diags_free(&d);
    kr_buf_free(&out);
    if (ok)
        fail_msg("imported but should not have:\n%s", cpy);
    return kr_buf_take(&msgs);
}

static void same_bytes_list(const kr_bytes *a, size_t na, const kr_bytes *b, size_t nb, const char *what)
{
    if (na != nb)
        fail_msg("%s: %zu values against %zu", what, na, nb);
    for (size_t i = 0; i < na; i++)
        if (a[i].len != b[i].len || memcmp(a[i].data, b[i].data, a[i].len) != 0)
            fail_msg("%s: value %zu differs", what, i + 1);
}

static void same_string(const char *a, const char *b, const char *what)
{
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
        fail_msg("%s: \"%s\" against \"%s\"", what, a ? a : "(none)", b ? b : "(none)");
}

/* Everything of the model a layout states. */
static void same_model(const kr_layout *a, const kr_layout *b)
{
    same_string(a->name, b->name, "layout name");
    same_string(a->label, b->label, "layout label");
    assert_int_equal(a->encoding, b->encoding);
    assert_int_equal(a->length, b->length);
    assert_int_equal(a->terminator, b->terminator);
    assert_int_equal(a->overpunch_ebcdic, b->overpunch_ebcdic);
    assert_int_equal(a->n_eras, b->n_eras);
    for (size_t i = 0; i < a->n_eras; i++) {
        assert_int_equal(a->eras[i].code, b->eras[i].code);
        assert_int_equal(a->eras[i].start, b->eras[i].start);
        same_string(a->eras[i].name, b->eras[i].name, "era");
    }
    assert_int_equal(a->n_types, b->n_types);
    for (size_t t = 0; t < a->n_types; t++) {
        const kr_rectype *x = &a->types[t], *y = &b->types[t];
        same_string(x->name, y->name, "record name");
        same_string(x->label, y->label, "record label");
        assert_int_equal(x->role, y->role);
        assert_int_equal(x->disc_field, y->disc_field);
        same_bytes_list(x->disc_values, x->n_disc, y->disc_values, y->n_disc, x->name);
        assert_int_equal(x->n_groups, y->n_groups);
        for (size_t g = 0; g < x->n_groups; g++) {
            same_string(x->groups[g].name, y->groups[g].name, "group");
            assert_int_equal(x->groups[g].occurs, y->groups[g].occurs);
            assert_int_equal(x->groups[g].length, y->groups[g].length);
        }
        if (x->n_fields != y->n_fields)
            fail_msg("record %s: %zu fields against %zu", x->name, x->n_fields, y->n_fields);
        for (size_t i = 0; i < x->n_fields; i++) {
            const kr_field *f = &x->fields[i], *h = &y->fields[i];
            char what[160];
            snprintf(what, sizeof what, "%s.%s", x->name, f->name);
            same_string(f->name, h->name, what);
            same_string(f->label, h->label, what);
            if (f->type != h->type || f->offset != h->offset || f->length != h->length ||
                f->digits != h->digits || f->scale != h->scale || f->sign != h->sign || f->chars != h->chars ||
                f->binary_signed != h->binary_signed || f->little_endian != h->little_endian ||
                f->datefmt != h->datefmt || f->window != h->window || f->is_key != h->is_key ||
                f->sensitive != h->sensitive || f->is_filler != h->is_filler || f->total != h->total ||
                f->total_type != h->total_type || f->total_field != h->total_field ||
                f->total_where != h->total_where || f->group != h->group || f->occurrence != h->occurrence)
                fail_msg("%s differs (type %d/%d offset %zu/%zu length %zu/%zu)", what, f->type, h->type,
                         f->offset, h->offset, f->length, h->length);
            same_string(f->sample, h->sample, what);
            same_bytes_list(f->none_values, f->n_none, h->none_values, h->n_none, what);
            same_bytes_list(f->open_values, f->n_open, h->open_values, h->n_open, what);
            assert_int_equal(f->n_codes, h->n_codes);
            for (size_t c = 0; c < f->n_codes; c++) {
                same_bytes_list(&f->codes[c].value, 1, &h->codes[c].value, 1, what);
                same_string(f->codes[c].label, h->codes[c].label, what);
            }
        }
    }
}

static void test_round_trip(void **state)
{
    (void)state;
    glob_t g;
    size_t n = all_layouts(&g);
    for (size_t i = 0; i < n; i++) {
        kr_layout *l = load(g.gl_pathv[i]);
        kr_buf cpy;
        kr_buf_init(&cpy);
        kr_copybook_write(l, &cpy);
        kr_layout *back = import_ok(cpy.data, NULL, NULL);
        same_model(l, back);
        kr_layout_free(back);
        kr_buf_free(&cpy);
        kr_layout_free(l);
    }
    globfree(&g);
}

/* Fixed format: nothing past column 72, code from column 8, names unique and unreserved. */
static void test_copybook_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof TEST_LAYOUTS / sizeof *TEST_LAYOUTS; i++) {
        kr_layout *l = load(TEST_LAYOUTS[i]);
        kr_buf cpy;
        kr_buf_init(&cpy);
        kr_copybook_write(l, &cpy);
        char *names[512];
        size_t n_names = 0;
        for (char *line = cpy.data, *e; *line; line = e + 1) {
            e = strchr(line, '\n');
            assert_non_null(e);
            size_t len = (size_t)(e - line);
            if (len > 72)
                fail_msg("line longer than 72 bytes: %.*s", (int)len, line);
            if (len == 0)
                continue;
            assert_true(len >= 8);
            assert_memory_equal(line, "      ", 6);
            if (line[6] == '*')
                continue;
            assert_int_equal(line[6], ' ');
            char level[8], name[64];
            if (sscanf(line, "%7s %63s", level, name) == 2 && level[0] >= '0' && level[0] <= '9') {
                size_t nl = strlen(name);
                if (name[nl - 1] == '.')
                    name[nl - 1] = 0;
                if (strcmp(name, "FILLER") == 0)
                    continue;
                assert_true(strlen(name) <= 30);
                if (cb_is_reserved(name))
                    fail_msg("%s is a reserved word", name);
                for (size_t k = 0; k < n_names; k++)
                    if (strcmp(names[k], name) == 0)
                        fail_msg("%s named twice", name);
                assert_true(n_names < 512);
                names[n_names++] = strdup(name);
            }
        }
        for (size_t k = 0; k < n_names; k++)
            free(names[k]);
        assert_true(n_names > 5);
        kr_buf_free(&cpy);
        kr_layout_free(l);
    }
    assert_true(cb_is_reserved("DATA") && cb_is_reserved("END") && cb_is_reserved("COUNT"));
    assert_false(cb_is_reserved("KUBUN"));
}

/* Names that collide or are reserved get a suffix, and a tag restores them. */
static void test_names_and_reserved_words(void **state)
{
    (void)state;
    kr_layout *l = unit_layout("layout t\n  encoding cp932\n  length 20\n  terminator none\n"
                               "record data when type = \"D\"\n  type X(1)\n  count 9(3)\n  date date(yyyymmdd)\n"
                               "  a_very_long_field_name_that_goes_on_and_on X(2)\n  filler X(*)\n"
                               "record end when type = \"E\"\n  type X(1)\n  count 9(3)\n  filler X(*)\n");
    kr_buf cpy;
    kr_buf_init(&cpy);
    kr_copybook_write(l, &cpy);
    assert_contains(cpy.data, "10  TYPE-2 ");
    assert_contains(cpy.data, "*>kiroku name type\n");
    assert_contains(cpy.data, "10  COUNT-2 ");
    assert_contains(cpy.data, "05  T-DATA.");
    assert_contains(cpy.data, "05  T-END");
    assert_contains(cpy.data, " REDEFINES T-DATA.\n");
    assert_contains(cpy.data, "A-VERY-LONG-FIELD-NAME-THAT-GO ");
    kr_layout *back = import_ok(cpy.data, NULL, NULL);
    same_model(l, back);
    kr_layout_free(back);
    kr_buf_free(&cpy);
    kr_layout_free(l);
}

/* Long labels and tag values go on over several comment lines and come back unchanged,
 * whatever characters and spaces fall at the cuts. */
static void test_long_comments_and_tags(void **state)
{
    (void)state;
    kr_buf text;
    kr_buf_init(&text);
    kr_buf_adds(&text, "layout t\n  encoding cp932\n  length 60\n  terminator lf\nrecord data\n  note M(60) sample(pick");
    for (int i = 0; i < 6; i++)
        kr_buf_adds(&text, " \"東京都 千代田区  霞が関１丁目 ２番２号  \"");
    kr_buf_adds(&text, ") \"");
    for (int i = 0; i < 12; i++)
        kr_buf_adds(&text, "ながい ラベル ");
    kr_buf_adds(&text, "おわり\"\n");
    kr_layout *l = unit_layout(text.data);
    kr_buf cpy;
    kr_buf_init(&cpy);
    kr_copybook_write(l, &cpy);
    assert_contains(cpy.data, "*>kiroku +");
    kr_layout *back = import_ok(cpy.data, NULL, NULL);
    same_model(l, back);
    kr_layout_free(back);
    kr_layout_free(l);
    kr_buf_free(&cpy);
    kr_buf_free(&text);
}

/* A copybook as people write them: no tags, nested groups, OCCURS, REDEFINES record types
 * with 88-levels, VALUE clauses, free comments, a continued literal. */
static const char *HAND =
    "000100*----------------------------------------------------------------\n"
    "000200* 受診結果ファイル\n"
    "000300*----------------------------------------------------------------\n"
    "       01  JUSHIN-REC.\n"
    "      * ヘッダ\n"
    "           05  JR-HEADER.\n"
    "               10  HD-KUBUN        PIC X      VALUE 'H'.\n"
    "                   88  HD-IS-HEADER           VALUE 'H'.\n"
    "               10  HD-DATE         PIC 9(8).\n"
    "               10  FILLER          PIC X(71).\n"
    "           05  JR-DETAIL REDEFINES JR-HEADER.\n"
    "               10  DT-KUBUN        PIC X.\n"
    "                   88  DT-IS-DETAIL           VALUE 'D' 'E'.\n"
    "      * 宛名番号\n"
    "               10  DT-ATENA-NO     PIC 9(10).\n"
    "               10  DT-NAME.\n"
    "                   15  DT-KANA     PIC X(10).\n"
    "                   15  DT-KANJI    PIC N(5).\n"
    "               10  DT-SEX          PIC 9.\n"
    "      *            男\n"
    "                   88  DT-MALE     VALUE 1.\n"
    "      *            女\n"
    "                   88  DT-FEMALE   VALUE 2.\n"
    "               10  DT-AMOUNT       PIC S9(7)V99 COMP-3.\n"
    "               10  DT-COUNT        PIC 9(4) COMP.\n"
    "               10  DT-ADJ          PIC S9(5)\n"
    "                   SIGN IS LEADING SEPARATE CHARACTER.\n"
    "               10  DT-RESULT OCCURS 2 TIMES.\n"
    "                   15  DT-ITEM     PIC XX.\n"
    "                   15  DT-VALUE    PIC S999V9 USAGE IS DISPLAY.\n"
    "               10  DT-FLAG         PIC X OCCURS 3.\n"
    "               10  DT-NOTE         PIC X(12) VALUE 'ABCDEFGHIJKL\n"
    "      -    'MNOP'.\n"
    "               10  FILLER          PIC X(3).\n"
    "           05  JR-TRAILER REDEFINES JR-HEADER.\n"
    "               10  TR-KUBUN        PIC X.\n"
    "                   88  TR-IS-TRAILER          VALUE 'T'.\n"
    "               10  TR-COUNT        PIC 9(6).\n";

static void test_import_hand_written(void **state)
{
    (void)state;
    kr_import_opts o = {"jushin", NULL, 0, "crlf"};
    char *text = NULL;
    kr_layout *l = import_ok(HAND, &o, &text);
    assert_string_equal(l->name, "jushin");
    assert_int_equal(l->terminator, KR_TERM_CRLF);
    assert_int_equal(l->length, 80);
    assert_int_equal(l->n_types, 3);
    assert_string_equal(l->label, "受診結果ファイル");
    const kr_rectype *h = &l->types[0], *d = &l->types[1], *t = &l->types[2];
    assert_string_equal(h->name, "jr_header");
    assert_string_equal(d->name, "jr_detail");
    assert_string_equal(h->label, "ヘッダ");
    assert_int_equal(h->disc_field, 0);
    assert_int_equal(d->n_disc, 2);
    assert_memory_equal(d->disc_values[1].data, "E", 1);
    assert_memory_equal(t->disc_values[0].data, "T", 1);
    int type = -1;
    const kr_field *f = kr_layout_field(l, "jr_detail", "dt_atena_no", &type);
    assert_non_null(f);
    assert_string_equal(f->label, "宛名番号");
    assert_int_equal(f->offset, 1);
    f = kr_layout_field(l, "jr_detail", "dt_kanji", NULL);
    assert_int_equal(f->type, KR_F_N);
    assert_int_equal(f->offset, 21);
    assert_int_equal(f->length, 10);
    f = kr_layout_field(l, "jr_detail", "dt_sex", NULL);
    assert_int_equal(f->n_codes, 2);
    assert_string_equal(f->codes[1].label, "女");
    f = kr_layout_field(l, "jr_detail", "dt_amount", NULL);
    assert_int_equal(f->type, KR_F_PD);
    assert_int_equal(f->length, 5);
    assert_int_equal(f->scale, 2);
    f = kr_layout_field(l, "jr_detail", "dt_count", NULL);
    assert_int_equal(f->type, KR_F_BI);
    assert_int_equal(f->length, 2);
    assert_false(f->binary_signed);
    f = kr_layout_field(l, "jr_detail", "dt_adj", NULL);
    assert_int_equal(f->sign, KR_SIGN_LEADING_SEP);
    assert_int_equal(f->length, 6);
    f = kr_layout_field(l, "jr_detail", "dt_value(2)", NULL);
    assert_non_null(f);
    assert_int_equal(f->offset, 45 + 6 + 2); /* second occurrence: 6 bytes each, after DT-ITEM */
    assert_int_equal(f->scale, 1);
    f = kr_layout_field(l, "jr_detail", "dt_flag(3)", NULL);
    assert_int_equal(f->offset, 59);
    f = kr_layout_field(l, "jr_detail", "dt_note", NULL);
    assert_int_equal(f->offset, 60);
    /* The shorter trailer is padded to the record length. */
    assert_int_equal(t->fields[t->n_fields - 1].length, 73);
    free(text);
    kr_layout_free(l);
}

/* Several 01s are record types too; without REDEFINES one 01 is one record type. */
static void test_import_several_01(void **state)
{
    (void)state;
    const char *cpy = "       01  REC-A.\n           05 A-KIND PIC X. 88 A-A VALUE 'A'.\n           05 A-X PIC X(4).\n"
                      "       01  REC-B.\n           05 B-KIND PIC X. 88 B-B VALUE 'B'.\n           05 B-N PIC 9(2).\n";
    kr_layout *l = import_ok(cpy, NULL, NULL);
    assert_int_equal(l->n_types, 2);
    assert_int_equal(l->length, 5);
    assert_string_equal(l->types[1].name, "rec_b");
    assert_int_equal(l->types[1].disc_field, 0);
    kr_layout_free(l);
}

static void expect_import_error(const char *body, const char *fragment)
{
    char *cpy = kr_xasprintf("       01  R.\n%s", body);
    char *msgs = import_errors(cpy);
    assert_contains(msgs, fragment);
    free(msgs);
    free(cpy);
}

static void test_import_errors(void **state)
{
    (void)state;
    expect_import_error("           05  A PIC X(3).\n       66  B RENAMES A.\n",
                        "KRK0902E test.cpy:3:8: RENAMES (level 66) is not supported");
    expect_import_error("           05  N PIC 9.\n           05  A PIC X OCCURS 1 TO 5 DEPENDING ON N.\n",
                        "KRK0902E test.cpy:3:24: OCCURS ... DEPENDING ON");
    expect_import_error("           05  P USAGE POINTER.\n", "KRK0902E test.cpy:2:24: USAGE POINTER");
    expect_import_error("           05  P PIC S9(4) COMP SYNC.\n", "KRK0902E test.cpy:2:33: SYNCHRONIZED");
    expect_import_error("           05  P COMP-1.\n", "KRK0902E test.cpy:2:18: USAGE COMP-1");
    expect_import_error("           05  E PIC ZZ9.99.\n", "KRK0903E test.cpy:2:22: ZZ9.99 is an edited picture");
    expect_import_error("           05  E PIC 9(3)PP.\n", "KRK0903E test.cpy:2:22: P (decimal scaling)");
    expect_import_error("           05  B PIC S9(3)V9 COMP.\n", "KRK0903E test.cpy:2:22: B: a binary field with decimal");
    expect_import_error("           05  G OCCURS 2.\n               10 H OCCURS 3 PIC X.\n",
                        "KRK0904E test.cpy:3:16: H OCCURS inside an OCCURS group");
    expect_import_error("           05  A PIC X(4).\n           05  B REDEFINES A PIC 9(4).\n           05  C PIC X.\n",
                        "KRK0904E test.cpy:4:12: C does not REDEFINES the record before it");
    expect_import_error("           05  A.\n             10 B PIC X.\n             10 C REDEFINES B PIC 9.\n",
                        "KRK0904E test.cpy:4:14: C REDEFINES B inside a record");
    expect_import_error("           05  A PIC X(3)\n", "KRK0901E test.cpy:2:22: the entry has no closing period");
    expect_import_error("           05  A PIC X(3)\n           05  B PIC X.\n",
                        "KRK0901E test.cpy:2:22: the entry has no closing period");
    expect_import_error("           05  A PIC X. 88 V VALUE 'A' THRU 'C'.\n", "KRK0902E test.cpy:2:40: VALUE ... THRU");
    expect_import_error("           COPY OTHER.\n", "KRK0902E test.cpy:2:12: COPY inside a copybook");
    expect_import_error("           05  A PIC X(3) BOGUS.\n", "KRK0902E test.cpy:2:27: the clause 'BOGUS'");
    expect_import_error("      *>kiroku type date(yyyymmdd)\n           05  D PIC 9(6).\n",
                        "KRK0905E test.cpy:3:12: D: *>kiroku type date(yyyymmdd) is 8 bytes but the PIC gives 6");
    expect_import_error("      *>kiroku colour red\n           05  D PIC 9(6).\n", "KRK0905E test.cpy:2:8: unknown *>kiroku line 'colour'");
    expect_import_error("           05  A PIC X.\n      x    05  B PIC X.\n", "KRK0901E test.cpy:3:7: 'x' in the indicator column");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_copybook_rules),
        cmocka_unit_test(test_names_and_reserved_words),
        cmocka_unit_test(test_long_comments_and_tags),
        cmocka_unit_test(test_import_hand_written),
        cmocka_unit_test(test_import_several_01),
        cmocka_unit_test(test_import_errors),
    };
    return cmocka_run_group_tests_name("copybook", tests, NULL, NULL);
}
