/* test_sortplan.c: the choice between sorting whole in memory and sorting on work files
 * (src/engine/sortplan.c): the whole sort's ceiling in bytes whatever the budget, the budget
 * with the entries counted, and the chunks' sizes: the first as large as may be sorted whole,
 * the later ones a work file's chunk, the floor of 1024 records and the entries' 32-bit
 * index. */
#include "unit.h"

#include "../../src/engine/sortplan.h"

enum { PER = 32 }; /* two 16-byte entries a record */
#define GIB ((size_t)1 << 30)

static void test_whole_within_ceiling_and_budget(void **state)
{
    (void)state;
    double recs = 30e6, bytes = recs * 200; /* 5.6 GiB: sorted whole with the default budget */
    assert_true(sort_whole(bytes, recs, PER, 12 * GIB));
    assert_false(sort_whole(bytes, recs, PER, 6 * GIB)); /* the entries do not fit beside it */
    assert_true(sort_whole(bytes, recs, PER, (size_t)(bytes + recs * PER)));
    assert_false(sort_whole(bytes, recs, PER, (size_t)(bytes + recs * PER) - 1));
    assert_true(sort_whole((double)SORT_WHOLE_MAX, 1000, PER, 100 * GIB));
    assert_false(sort_whole((double)SORT_WHOLE_MAX + 1, 1000, PER, 100 * GIB)); /* whatever the budget */
    assert_false(sort_whole(50e6 * 200, 50e6, PER, 100 * GIB));
    assert_true(sort_whole(0, 0, PER, 0));
}

static void test_first_chunk_holds_what_sorts_whole(void **state)
{
    (void)state;
    assert_int_equal(sort_chunk_records(200, PER, 100 * GIB, true), SORT_WHOLE_MAX / 200);
    assert_int_equal(sort_chunk_records(200, PER, 4 * GIB, true), 4 * GIB / 232);
    assert_int_equal(sort_chunk_records(40, PER, 1 << 20, true), (1 << 20) / 72);
    /* Every record the first chunk holds can be sorted whole within the budget. */
    size_t n = sort_chunk_records(200, PER, 12 * GIB, true);
    assert_true(sort_whole((double)n * 200, (double)n, PER, 12 * GIB));
    assert_false(sort_whole((double)(n + 1) * 200, (double)(n + 1), PER, 12 * GIB));
}

static void test_later_chunks_are_work_file_chunks(void **state)
{
    (void)state;
    assert_int_equal(sort_chunk_records(200, PER, 100 * GIB, false), SORT_CHUNK_MEMORY / 232);
    assert_int_equal(sort_chunk_records(200, PER, 12 * GIB, false), SORT_CHUNK_MEMORY / 232);
    assert_int_equal(sort_chunk_records(200, PER, 256u << 20, false), (256u << 20) / 232); /* a smaller budget */
    assert_true(sort_chunk_records(200, PER, 12 * GIB, false) < sort_chunk_records(200, PER, 12 * GIB, true));
}

static void test_chunk_bounds(void **state)
{
    (void)state;
    assert_int_equal(sort_chunk_records(200, PER, 4096, true), 1024);
    assert_int_equal(sort_chunk_records(200, PER, 0, false), 1024);
    assert_int_equal(sort_chunk_records(1, 0, (size_t)1 << 40, true), UINT32_MAX - 1);
    assert_int_equal(sort_chunk_records(0, 0, (size_t)1 << 40, true), UINT32_MAX - 1);
    assert_int_equal(sort_chunk_records(0, 0, (size_t)1 << 40, false), SORT_CHUNK_MEMORY); /* no division by 0 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_within_ceiling_and_budget),
        cmocka_unit_test(test_first_chunk_holds_what_sorts_whole),
        cmocka_unit_test(test_later_chunks_are_work_file_chunks),
        cmocka_unit_test(test_chunk_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
