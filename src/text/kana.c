/* kana.c: facts about kana for folding and the 50音 collation: each kana's base letter,
 * voicing, size and script; half-width to full-width; voiced and large forms. */
#include "internal.h"

/* Hiragana U+3041-U+3096, in code order: the base letter's offset from U+3041 and the
 * voicing and size. Katakana U+30A1-U+30F6 are the same letters 0x60 higher. */
#define H(base) (uint16_t)(0x3041 + (base))
typedef struct row {
    uint16_t base;
    uint8_t voicing, small;
} row;

static const row HIRA[0x3096 - 0x3041 + 1] = {
    /* ぁあぃいぅうぇえぉお */
    {H(1), 0, 1}, {H(1), 0, 0}, {H(3), 0, 1}, {H(3), 0, 0}, {H(5), 0, 1}, {H(5), 0, 0},
    {H(7), 0, 1}, {H(7), 0, 0}, {H(9), 0, 1}, {H(9), 0, 0},
    /* かがきぎくぐけげこご */
    {H(10), 0, 0}, {H(10), 1, 0}, {H(12), 0, 0}, {H(12), 1, 0}, {H(14), 0, 0}, {H(14), 1, 0},
    {H(16), 0, 0}, {H(16), 1, 0}, {H(18), 0, 0}, {H(18), 1, 0},
    /* さざしじすずせぜそぞ */
    {H(20), 0, 0}, {H(20), 1, 0}, {H(22), 0, 0}, {H(22), 1, 0}, {H(24), 0, 0}, {H(24), 1, 0},
    {H(26), 0, 0}, {H(26), 1, 0}, {H(28), 0, 0}, {H(28), 1, 0},
    /* ただちぢっつづてでとど */
    {H(30), 0, 0}, {H(30), 1, 0}, {H(32), 0, 0}, {H(32), 1, 0}, {H(35), 0, 1}, {H(35), 0, 0},
    {H(35), 1, 0}, {H(37), 0, 0}, {H(37), 1, 0}, {H(39), 0, 0}, {H(39), 1, 0},
    /* なにぬねの */
    {H(41), 0, 0}, {H(42), 0, 0}, {H(43), 0, 0}, {H(44), 0, 0}, {H(45), 0, 0},
    /* はばぱひびぴふぶぷへべぺほぼぽ */
    {H(46), 0, 0}, {H(46), 1, 0}, {H(46), 2, 0}, {H(49), 0, 0}, {H(49), 1, 0}, {H(49), 2, 0},
    {H(52), 0, 0}, {H(52), 1, 0}, {H(52), 2, 0}, {H(55), 0, 0}, {H(55), 1, 0}, {H(55), 2, 0},
    {H(58), 0, 0}, {H(58), 1, 0}, {H(58), 2, 0},
    /* まみむめも */
    {H(61), 0, 0}, {H(62), 0, 0}, {H(63), 0, 0}, {H(64), 0, 0}, {H(65), 0, 0},
    /* ゃやゅゆょよ */
    {H(67), 0, 1}, {H(67), 0, 0}, {H(69), 0, 1}, {H(69), 0, 0}, {H(71), 0, 1}, {H(71), 0, 0},
    /* らりるれろ */
    {H(72), 0, 0}, {H(73), 0, 0}, {H(74), 0, 0}, {H(75), 0, 0}, {H(76), 0, 0},
    /* ゎわゐゑをん */
    {H(78), 0, 1}, {H(78), 0, 0}, {H(79), 0, 0}, {H(80), 0, 0}, {H(81), 0, 0}, {H(82), 0, 0},
    /* ゔゕゖ */
    {H(5), 1, 0}, {H(10), 0, 1}, {H(16), 0, 1},
};

/* Half-width U+FF61-U+FF9F as full-width characters. */
static const uint16_t HALF_TO_FULL[0xFF9F - 0xFF61 + 1] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
    0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB,
    0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1,
    0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5,
    0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,
    0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x309B, 0x309C,
};

static void fact_of(uint32_t hira, uint8_t script, kr_kana *k)
{
    k->script = script;
    k->voicing = 0;
    k->small = 0;
    if (hira >= 0x3041 && hira <= 0x3096) {
        const row *r = &HIRA[hira - 0x3041];
        k->base = r->base;
        k->voicing = r->voicing;
        k->small = r->small;
    } else { /* ヷヸヹヺ: わゐゑを voiced */
        static const uint16_t base[] = {0x308F, 0x3090, 0x3091, 0x3092};
        k->base = base[hira - 0x30F7];
        k->voicing = 1;
    }
}

bool kr_kana_of(uint32_t c, kr_kana *out)
{
    if (c >= 0x3041 && c <= 0x3096)
        fact_of(c, 0, out);
    else if (c >= 0x30A1 && c <= 0x30F6)
        fact_of(c - 0x60, 1, out);
    else if (c >= 0x30F7 && c <= 0x30FA)
        fact_of(c, 1, out);
    else if (c >= 0xFF66 && c <= 0xFF9D && c != 0xFF70)
        fact_of(HALF_TO_FULL[c - 0xFF61] - 0x60, 2, out);
    else
        return false;
    return true;
}

uint32_t kr_kana_vowel(uint32_t base)
{
    /* Each base letter (large, unvoiced) and the vowel it ends in. */
    static const uint16_t vowel_of_base[][2] = {
        {0x3042, 0x3042}, {0x3044, 0x3044}, {0x3046, 0x3046}, {0x3048, 0x3048}, {0x304A, 0x304A},
        {0x304B, 0x3042}, {0x304D, 0x3044}, {0x304F, 0x3046}, {0x3051, 0x3048}, {0x3053, 0x304A},
        {0x3055, 0x3042}, {0x3057, 0x3044}, {0x3059, 0x3046}, {0x305B, 0x3048}, {0x305D, 0x304A},
        {0x305F, 0x3042}, {0x3061, 0x3044}, {0x3064, 0x3046}, {0x3066, 0x3048}, {0x3068, 0x304A},
        {0x306A, 0x3042}, {0x306B, 0x3044}, {0x306C, 0x3046}, {0x306D, 0x3048}, {0x306E, 0x304A},
        {0x306F, 0x3042}, {0x3072, 0x3044}, {0x3075, 0x3046}, {0x3078, 0x3048}, {0x307B, 0x304A},
        {0x307E, 0x3042}, {0x307F, 0x3044}, {0x3080, 0x3046}, {0x3081, 0x3048}, {0x3082, 0x304A},
        {0x3084, 0x3042}, {0x3086, 0x3046}, {0x3088, 0x304A}, {0x3089, 0x3042}, {0x308A, 0x3044},
        {0x308B, 0x3046}, {0x308C, 0x3048}, {0x308D, 0x304A}, {0x308F, 0x3042}, {0x3090, 0x3044},
        {0x3091, 0x3048}, {0x3092, 0x304A}, {0x3093, 0x3093},
    };
    for (size_t i = 0; i < sizeof vowel_of_base / sizeof vowel_of_base[0]; i++)
        if (vowel_of_base[i][0] == base)
            return vowel_of_base[i][1];
    return 0;
}

uint32_t kr_kana_full(uint32_t c)
{
    return c >= 0xFF61 && c <= 0xFF9F ? HALF_TO_FULL[c - 0xFF61] : 0;
}

uint32_t kr_kana_voiced(uint32_t c, int mark)
{
    uint32_t off = 0;
    uint32_t h = c;
    if (c >= 0x30A1 && c <= 0x30F6)
        h = c - 0x60, off = 0x60;
    if (c == 0x30EF || c == 0x30F0 || c == 0x30F1 || c == 0x30F2) /* ワヰヱヲ -> ヷヸヹヺ */
        return mark == 1 ? c + 8 : 0;
    if (c == 0x30A6 || c == 0x3046) /* ウ う -> ヴ ゔ */
        return mark == 1 ? c + 0x4E : 0;
    if (h < 0x3041 || h > 0x3096)
        return 0;
    const row *r = &HIRA[h - 0x3041];
    if (r->voicing || r->small)
        return 0;
    /* The voiced forms follow their letter: か が, は ば ぱ. */
    uint32_t v = h + (uint32_t)mark;
    if (v > 0x3096 || HIRA[v - 0x3041].base != r->base || HIRA[v - 0x3041].voicing != mark)
        return 0;
    return v + off;
}

uint32_t kr_kana_large(uint32_t c)
{
    /* Half-width small kana ｧｨｩｪｫｬｭｮｯ (U+FF67-U+FF6F) -> ｱｲｳｴｵﾔﾕﾖﾂ, staying half-width. */
    static const uint16_t HALF_LARGE[9] = {0xFF71, 0xFF72, 0xFF73, 0xFF74, 0xFF75, 0xFF94, 0xFF95, 0xFF96, 0xFF82};
    if (c >= 0xFF67 && c <= 0xFF6F)
        return HALF_LARGE[c - 0xFF67];
    uint32_t off = 0, h = c;
    if (c >= 0x30A1 && c <= 0x30F6)
        h = c - 0x60, off = 0x60;
    if (h < 0x3041 || h > 0x3096 || !HIRA[h - 0x3041].small)
        return 0;
    if (h == 0x3063) /* っ -> つ */
        return 0x3064 + off;
    if (h == 0x3095 || h == 0x3096) /* ゕ ゖ -> か け */
        return HIRA[h - 0x3041].base + off;
    return h + 1 + off;
}
