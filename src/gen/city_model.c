/* city_model.c: the synthetic prefecture as a model in memory: households of residents with
 * names and readings (a few old glyph forms and 外字), birth dates over every era and
 * residence dates after them; NHI households (擬制世帯主 among them) and their eligibility;
 * the day's changes (births, deaths, moves out of, into, within and between the cities, name
 * and household changes) with the NHI transactions they make; and the truth, every
 * exception the streams must find. All draws come from one kr_rng in a fixed order. */
#include "city_private.h"
#include "kiroku/codec.h"

#include <stdlib.h>
#include <string.h>

const char city_pref[] = "千葉県", city_pref_kana[] = "チバケン";

const city_place city_places[KR_CITY_MAX] = {
    {"千葉市", "チバシ", "260", "043", 121001},       {"船橋市", "フナバシシ", "273", "047", 121019},
    {"松戸市", "マツドシ", "271", "047", 121027},     {"市川市", "イチカワシ", "272", "047", 121035},
    {"柏市", "カシワシ", "277", "04", 121043},        {"市原市", "イチハラシ", "290", "0436", 121050},
    {"八千代市", "ヤチヨシ", "276", "047", 121068},   {"習志野市", "ナラシノシ", "275", "047", 121076},
    {"浦安市", "ウラヤスシ", "279", "047", 121084},   {"佐倉市", "サクラシ", "285", "043", 121092},
    {"流山市", "ナガレヤマシ", "270", "04", 121100},  {"我孫子市", "アビコシ", "270", "04", 121118},
    {"成田市", "ナリタシ", "286", "0476", 121126},    {"木更津市", "キサラヅシ", "292", "0438", 121134},
    {"野田市", "ノダシ", "278", "04", 121142},        {"鎌ケ谷市", "カマガヤシ", "273", "047", 121159},
    /* the other 38 of Chiba's 54 municipalities (37 cities, 16 towns, 1 village) */
    {"銚子市", "チョウシシ", "288", "0479", 121167},
    {"館山市", "タテヤマシ", "294", "0470", 121175},
    {"茂原市", "モバラシ", "297", "0475", 121183},
    {"東金市", "トウガネシ", "283", "0475", 121191},
    {"旭市", "アサヒシ", "289", "0479", 121209},
    {"勝浦市", "カツウラシ", "299", "0470", 121217},
    {"鴨川市", "カモガワシ", "296", "04", 121225},
    {"君津市", "キミツシ", "299", "0439", 121233},
    {"富津市", "フッツシ", "293", "0439", 121241},
    {"四街道市", "ヨツカイドウシ", "284", "043", 121258},
    {"袖ケ浦市", "ソデガウラシ", "299", "0438", 121266},
    {"八街市", "ヤチマタシ", "289", "043", 121274},
    {"印西市", "インザイシ", "270", "0476", 121282},
    {"白井市", "シロイシ", "270", "047", 121290},
    {"富里市", "トミサトシ", "286", "0476", 121308},
    {"南房総市", "ミナミボウソウシ", "299", "0470", 121316},
    {"匝瑳市", "ソウサシ", "289", "0479", 121324},
    {"香取市", "カトリシ", "287", "0478", 121332},
    {"山武市", "サンムシ", "289", "0475", 121340},
    {"いすみ市", "イスミシ", "298", "0470", 121357},
    {"大網白里市", "オオアミシラサトシ", "299", "0475", 121365},
    {"酒々井町", "シスイマチ", "285", "043", 121373},
    {"栄町", "サカエマチ", "270", "0476", 121381},
    {"神崎町", "コウザキマチ", "289", "0478", 121399},
    {"多古町", "タコマチ", "289", "0479", 121407},
    {"東庄町", "トウノショウマチ", "289", "0478", 121415},
    {"九十九里町", "クジュウクリマチ", "283", "0475", 121423},
    {"芝山町", "シバヤママチ", "289", "0479", 121431},
    {"横芝光町", "ヨコシバヒカリマチ", "289", "0479", 121449},
    {"一宮町", "イチノミヤマチ", "299", "0475", 121456},
    {"睦沢町", "ムツザワマチ", "299", "0475", 121464},
    {"長生村", "チョウセイムラ", "299", "0475", 121472},
    {"白子町", "シラコマチ", "299", "0475", 121480},
    {"長柄町", "ナガラマチ", "297", "0475", 121498},
    {"長南町", "チョウナンマチ", "297", "0475", 121506},
    {"大多喜町", "オオタキマチ", "298", "0470", 121514},
    {"御宿町", "オンジュクマチ", "299", "0470", 121522},
    {"鋸南町", "キョナンマチ", "299", "0470", 121530},
};

typedef struct builder {
    city_model *m;
    kr_rng rng;
    uint64_t people;
} builder;

static uint64_t below(builder *b, uint64_t n)
{
    return kr_rng_below(&b->rng, n);
}

static int add_days(int ymd, long d)
{
    return kr_ymd_from_days(kr_days_from_ymd(ymd) + d);
}

static long days_between(int a, int b)
{
    return kr_days_from_ymd(b) - kr_days_from_ymd(a);
}

/* A day uniform in [lo, hi] (yyyymmdd; hi >= lo). */
static int day_in(builder *b, int lo, int hi)
{
    return add_days(lo, (long)below(b, (uint64_t)days_between(lo, hi) + 1));
}

/* The birth date of someone aged `age` on the day (babies: born at least 15 days before). */
static int born_aged(builder *b, int age)
{
    long lo, hi;
    gen_birth_range(b->m->day, age, age, &lo, &hi);
    if (age == 0)
        hi -= 15;
    return kr_ymd_from_days(lo + (long)below(b, (uint64_t)(hi - lo) + 1));
}

static int age_on(int birth, int day)
{
    int a = day / 10000 - birth / 10000;
    return day % 10000 < birth % 10000 ? a - 1 : a;
}

static city_person *new_person(city_town *t)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->v = kr_xrealloc(t->v, t->cap * sizeof *t->v);
    }
    city_person *p = &t->v[t->n++];
    memset(p, 0, sizeof *p);
    p->atena = t->next_atena++;
    p->from_city = p->to_city = -1;
    return p;
}

static void draw_addr(builder *b, city_addr *a)
{
    a->town = (uint16_t)below(b, gen_n_towns);
    a->chome = (uint8_t)(1 + below(b, 5));
    a->ban = (uint8_t)(1 + below(b, 30));
    a->go = (uint8_t)(1 + below(b, 20));
    a->post4 = (uint16_t)below(b, 10000);
}

static uint16_t given_of_sex(builder *b, int sex)
{
    for (;;) {
        uint16_t g = (uint16_t)below(b, gen_n_givens);
        if (gen_givens[g].sex == sex)
            return g;
    }
}

static uint64_t kojin_base(builder *b)
{
    return below(b, UINT64_C(100000000000));
}

static void add_exception(city_model *m, const city_exc *e)
{
    if (m->n_exc == m->cap_exc) {
        m->cap_exc = m->cap_exc ? m->cap_exc * 2 : 256;
        m->exc = kr_xrealloc(m->exc, m->cap_exc * sizeof *m->exc);
    }
    m->exc[m->n_exc++] = *e;
}

/* NHI eligibility of an insured resident the day before: acquired on moving in, at birth,
 * or on leaving employees' insurance; a few came from another city of the prefecture,
 * whose period the federation keeps (met exactly). */
static void insure(builder *b, unsigned city, city_person *p)
{
    city_model *m = b->m;
    p->nhi0 = p->nhi1 = 1;
    p->hid = m->next_hid++;
    p->ledger_blank = below(b, 100) < 1;
    int floor = p->jumin_ymd > 20000401 ? p->jumin_ymd : 20000401;
    if (floor < p->birth)
        floor = p->birth;
    if (p->jumin_jiyu == 11 && p->birth >= 20000401) {
        p->shutoku = p->birth;
        p->shutoku_jiyu = 3;
    } else if (below(b, 2) == 0 || floor >= add_days(m->yesterday, -1)) {
        p->shutoku = floor;
        p->shutoku_jiyu = floor == p->jumin_ymd ? 1 : 9;
    } else {
        p->shutoku = day_in(b, floor, add_days(m->yesterday, -1));
        p->shutoku_jiyu = 2;
    }
    p->kaishi = p->shutoku;
    if (m->n_cities > 1 && p->shutoku_jiyu == 1 && p->jumin_ymd > p->birth && below(b, 100) < 8) {
        /* Came from another city of the prefecture, insured there since earlier. */
        unsigned from = (unsigned)below(b, m->n_cities - 1);
        if (from >= city)
            from++;
        city_town *ft = &m->town[from];
        if (ft->n_former == ft->cap_former) {
            ft->cap_former = ft->cap_former ? ft->cap_former * 2 : 256;
            ft->former = kr_xrealloc(ft->former, ft->cap_former * sizeof *ft->former);
        }
        int earliest = p->birth > 20000401 ? p->birth : 20000401;
        if (earliest < p->kaishi) {
            city_former *f = &ft->former[ft->n_former++];
            f->atena = ft->next_former++;
            f->hid = p->hid;
            f->surname = p->day[0].surname;
            f->given = p->given;
            f->birth = p->birth;
            f->sex = p->sex;
            f->shutoku = day_in(b, earliest, add_days(p->kaishi, -1));
            f->kaishi = f->shutoku;
            f->shuryo = add_days(p->kaishi, -1);
            f->to_city = (int8_t)city;
            p->shutoku = f->shutoku;
            p->from_city = (int8_t)from;
            p->from_atena = f->atena;
            p->from_end = f->shuryo;
            p->prev_pref = 'c';
            p->prev_city = (uint8_t)from;
        }
    }
}

/* One household the day before. */
static void household(builder *b, unsigned city, unsigned size)
{
    city_model *m = b->m;
    city_town *t = &m->town[city];
    uint64_t setai = t->next_setai++;
    uint16_t surname = (uint16_t)below(b, gen_n_surnames);
    city_addr addr;
    draw_addr(b, &addr);
    int head_age;
    if (size == 1)
        head_age = below(b, 100) < 3 ? 98 + (int)below(b, 18) : 18 + (int)below(b, 78);
    else
        head_age = 25 + (int)below(b, 61);
    int head_birth = born_aged(b, head_age);
    /* The household came to live here on one day, after its head came of age. */
    int of_age = add_days(head_birth, 18 * 365 + 5), last = add_days(m->yesterday, -2);
    int arrived = day_in(b, of_age < last ? of_age : last, last);
    bool nhi = below(b, 100) < 27;
    bool gisei = nhi && (head_age >= 75 || below(b, 100) < 8);
    uint64_t head_atena = t->next_atena;
    size_t first = t->n;
    bool spouse = size >= 2 && below(b, 4) != 0;
    for (unsigned i = 0; i < size; i++) {
        city_person *p = new_person(t);
        p->kojin = kojin_base(b);
        p->day[0].setai = setai;
        p->day[0].head_atena = head_atena;
        p->day[0].addr = addr;
        p->day[0].surname = surname;
        p->head = i == 0;
        if (i == 0) {
            p->birth = head_birth;
            p->sex = (uint8_t)(1 + below(b, 2));
            p->day[0].zokugara = 1;
        } else if (i == 1 && spouse) {
            p->sex = (uint8_t)(3 - t->v[first].sex);
            int age = head_age - 5 + (int)below(b, 11);
            p->birth = born_aged(b, age < 18 ? 18 : age);
            p->day[0].zokugara = p->sex == 2 ? 2 : 3;
        } else {
            p->sex = (uint8_t)(1 + below(b, 2));
            int span = head_age - 18 < 40 ? head_age - 18 : 40;
            p->birth = born_aged(b, (int)below(b, (uint64_t)span + 1));
            p->day[0].zokugara = 4;
        }
        p->given = given_of_sex(b, p->sex);
        p->gaiji = below(b, 1000) < 3 ? (uint8_t)(1 + below(b, 8)) : 0;
        if (p->birth >= arrived) {
            p->jumin_ymd = p->birth;
            p->jumin_jiyu = 11;
        } else {
            p->jumin_ymd = arrived;
            p->jumin_jiyu = 10;
            p->prev_pref = 'o';
        }
        p->day[0].jutei_ymd = p->jumin_ymd;
        p->day[0].jutei_jiyu = p->jumin_jiyu;
        if (below(b, 5) == 0 && p->jumin_ymd < add_days(m->yesterday, -30)) {
            p->day[0].jutei_ymd = day_in(b, add_days(p->jumin_ymd, 1), add_days(m->yesterday, -1));
            p->day[0].jutei_jiyu = 30;
        }
        p->day[0].ido_ymd = p->day[0].jutei_ymd;
        p->present = 1;
        p->gisei = gisei;
        if (nhi && age_on(p->birth, m->yesterday) < 75 && !(gisei && i == 0))
            insure(b, city, p);
    }
}

/* ---- the day's changes ------------------------------------------------------------------ */

/* A resident present the day before and not yet changed today, or NULL after some tries. */
static city_person *pick(builder *b, city_town *t, size_t n_old, bool insured)
{
    for (int tries = 0; tries < 64; tries++) {
        city_person *p = &t->v[below(b, n_old)];
        if (p->present != 3 || p->tx || p->day[1].ido_ymd != p->day[0].ido_ymd)
            continue;
        if (insured && !p->nhi0)
            continue;
        return p;
    }
    return NULL;
}

static void tx_kojin(builder *b, city_person *p)
{
    unsigned r = (unsigned)below(b, 100);
    p->kojin_tx = p->kojin;
    p->tx_kojin = TXK_SAME;
    if (r < 4) {
        p->tx_kojin = TXK_BLANK;
    } else if (r < 8) {
        p->tx_kojin = TXK_OTHER;
        do
            p->kojin_tx = kojin_base(b);
        while (p->kojin_tx == p->kojin);
    }
}

static void lose(builder *b, city_person *p, int soshitsu, uint8_t jiyu)
{
    p->soshitsu = soshitsu;
    p->soshitsu_jiyu = jiyu;
    p->shuryo = add_days(soshitsu, -1);
    p->tx = 2;
    tx_kojin(b, p);
}

static city_person *arrive(builder *b, unsigned city, const city_person *from, int moved)
{
    city_model *m = b->m;
    city_town *t = &m->town[city];
    city_person *p = new_person(t);
    if (from) {
        uint64_t atena = p->atena;
        *p = *from;
        p->atena = atena;
        p->tx = 0;
        p->from_city = p->to_city = -1;
        p->soshitsu = p->shuryo = 0;
    } else {
        p->sex = (uint8_t)(1 + below(b, 2));
        p->given = given_of_sex(b, p->sex);
        p->birth = born_aged(b, 18 + (int)below(b, 60));
        p->kojin = kojin_base(b);
        p->day[0].surname = (uint16_t)below(b, gen_n_surnames);
        p->gaiji = 0;
    }
    p->present = 2;
    p->nhi0 = 0;
    p->jumin_ymd = moved;
    p->jumin_jiyu = 10;
    p->day[1] = p->day[0];
    p->day[1].setai = t->next_setai++;
    p->day[1].head_atena = p->atena;
    p->day[1].zokugara = 1;
    draw_addr(b, &p->day[1].addr);
    p->day[1].jutei_ymd = p->day[1].ido_ymd = moved;
    p->day[1].jutei_jiyu = 10;
    p->head = 1;
    p->gisei = 0;
    return p;
}

/* A move from one city of the prefecture to another: the old city ends its period, the new
 * one starts its own on the day of the move; the two meet, overlap or leave a gap. */
static void move_between(builder *b, unsigned from_city, city_person *p, int moved)
{
    city_model *m = b->m;
    unsigned to = (unsigned)below(b, m->n_cities - 1);
    if (to >= from_city)
        to++;
    p->present = 1;
    city_person old = *p;
    city_person *q = arrive(b, to, &old, moved);
    p = NULL; /* the town may have grown: only q and the old town's copy are valid now */
    q->prev_pref = 'c';
    q->prev_city = (uint8_t)from_city;
    city_person *o = &m->town[from_city].v[old.atena - CITY_FIRST_ATENA];
    m->moves++;
    if (!old.nhi0)
        return;
    unsigned r = (unsigned)below(b, 100);
    int outcome = r < 60 ? MOVE_MEET : r < 80 ? MOVE_OVERLAP : MOVE_GAP;
    int end = add_days(moved, -1);
    if (outcome == MOVE_OVERLAP)
        end = below(b, 10) == 0 ? 0 : day_in(b, moved, m->day); /* 0: not yet ended there */
    else if (outcome == MOVE_GAP)
        end = add_days(moved, -2 - (long)below(b, 20));
    /* The old city: its period ends (or, not yet recorded there, stays open). */
    if (end) {
        o->to_city = (int8_t)to;
        o->shuryo = end;
        o->soshitsu = add_days(end, 1);
        o->soshitsu_jiyu = 1;
        o->tx = 2;
        tx_kojin(b, o);
    }
    /* The new city: the period starts on the day of the move; the acquisition carries over. */
    q->nhi1 = 1;
    q->kaishi = moved;
    q->shutoku_jiyu = 1;
    q->from_city = (int8_t)from_city;
    q->from_atena = o->atena;
    q->from_end = end;
    q->outcome = o->outcome = (uint8_t)(outcome + 1);
    q->ledger_blank = 0;
    q->tx = 1;
    tx_kojin(b, q);
    if (q->tx_kojin == TXK_OTHER) {
        /* He arrives with a 個人番号 not his own (the city has no ledger number to compare it
         * with): the federation, whose index is by 個人番号, cannot know him, gives him a new
         * 被保険者ID and takes the old city's end for a loss. A blank number never reaches it:
         * the city holds the transaction (理由 4) until his own number is entered. */
        q->hid = 0;
        q->from_city = o->to_city = -1;
        q->from_atena = 0;
        q->from_end = 0;
        q->outcome = o->outcome = 0;
        return;
    }
    if (outcome != MOVE_MEET) {
        city_exc e = {0};
        e.riyu = outcome == MOVE_OVERLAP ? 1 : 2;
        e.hid = q->hid;
        e.shuryo = end ? end : -1;
        e.kaishi = moved;
        e.city = (uint8_t)to, e.gawa = 1, e.atena = q->atena;
        e.aite_city = (int8_t)from_city, e.aite_atena = o->atena;
        add_exception(m, &e);
        e.city = (uint8_t)from_city, e.gawa = 2, e.atena = o->atena;
        e.aite_city = (int8_t)to, e.aite_atena = q->atena;
        add_exception(m, &e);
    }
}

/* Changes of a kind per day: per_million of the residents, and at least 3 so that a small
 * city of the tests has some of each. */
static uint64_t rate(uint64_t n, unsigned per_million)
{
    uint64_t k = n * per_million / 1000000;
    return k < 3 ? 3 : k;
}

/* `count` residents leave the registry up to days_back - 1 days before the day; an insured
 * one loses NHI the day after (soshitsu_jiyu). */
static void leave(builder *b, city_town *t, size_t n_old, uint64_t count, unsigned days_back, uint8_t jiyu)
{
    while (count--) {
        city_person *p = pick(b, t, n_old, false);
        if (!p)
            continue;
        int left = add_days(b->m->day, -(long)below(b, days_back));
        p->present = 1;
        if (p->nhi0)
            lose(b, p, add_days(left, 1), jiyu);
    }
}

/* p joins NHI on `from` (acquisition and application start): a 追加 transaction. */
static void join_nhi(builder *b, city_person *p, int from, uint8_t jiyu)
{
    p->nhi1 = 1;
    p->hid = 0; /* new_ids gives it, as the federation does */
    p->shutoku = p->kaishi = from;
    p->shutoku_jiyu = jiyu;
    p->tx = 1;
    tx_kojin(b, p);
}

static void day_changes(builder *b, unsigned city, size_t n_old)
{
    city_model *m = b->m;
    city_town *t = &m->town[city];
    int today = m->day;
    uint64_t n = b->people;
    leave(b, t, n_old, rate(n, 30), 4, 3); /* deaths, NHI lost the day after (03 死亡) */
    leave(b, t, n_old, rate(n, 40), 7, 1); /* moves out of the prefecture (01 転出) */
    /* moves within the city: the whole household */
    for (uint64_t k = rate(n, 60); k--;) {
        city_person *p = pick(b, t, n_old, false);
        if (!p)
            continue;
        uint64_t setai = p->day[0].setai;
        city_addr a;
        draw_addr(b, &a);
        int moved = add_days(today, -(long)below(b, 7));
        for (size_t i = 0; i < n_old; i++) {
            city_person *q = &t->v[i];
            if (q->present == 3 && q->day[1].setai == setai && q->day[1].ido_ymd == q->day[0].ido_ymd) {
                q->day[1].addr = a;
                q->day[1].jutei_ymd = q->day[1].ido_ymd = moved;
                q->day[1].jutei_jiyu = 30;
            }
        }
    }
    /* name changes (marriage) */
    for (uint64_t k = rate(n, 15); k--;) {
        city_person *p = pick(b, t, n_old, false);
        if (!p)
            continue;
        uint16_t s;
        do
            s = (uint16_t)below(b, gen_n_surnames);
        while (s == p->day[0].surname);
        p->day[1].surname = s;
        p->day[1].ido_ymd = today;
        if (p->nhi0) {
            p->tx = 2;
            tx_kojin(b, p);
        }
    }
    /* household changes: a member sets up a household of his own at the same address */
    for (uint64_t k = rate(n, 15); k--;) {
        city_person *p = pick(b, t, n_old, false);
        if (!p || p->head)
            continue;
        p->day[1].setai = t->next_setai++;
        p->day[1].head_atena = p->atena;
        p->day[1].zokugara = 1;
        p->day[1].ido_ymd = today;
        p->head = 1;
        p->gisei = 0;
        if (p->nhi0) {
            p->tx = 2;
            tx_kojin(b, p);
        }
    }
    /* births into households of the day before */
    for (uint64_t k = rate(n, 25); k--;) {
        const city_person *mother = pick(b, t, n_old, false);
        if (!mother)
            continue;
        city_day home = mother->day[1];
        bool nhi = mother->nhi0 || mother->gisei;
        city_person *p = new_person(t);
        p->kojin = kojin_base(b);
        p->sex = (uint8_t)(1 + below(b, 2));
        p->given = given_of_sex(b, p->sex);
        p->birth = add_days(today, -1 - (long)below(b, 14));
        p->jumin_ymd = p->birth;
        p->jumin_jiyu = 11;
        p->day[0] = p->day[1] = home;
        p->day[1].zokugara = 4;
        p->day[1].jutei_ymd = p->day[1].ido_ymd = p->birth;
        p->day[1].jutei_jiyu = 11;
        p->present = 2;
        p->gisei = mother->gisei;
        p->from_city = p->to_city = -1;
        if (nhi)
            join_nhi(b, p, p->birth, 3);
    }
    /* leaving employees' insurance for NHI (社保離脱), and the other way (社保加入): the
     * bulk of a city's daily NHI changes */
    for (uint64_t k = rate(n, 150); k--;) {
        city_person *p = pick(b, t, n_old, false);
        if (!p || p->nhi0 || age_on(p->birth, today) >= 75)
            continue;
        join_nhi(b, p, add_days(today, -(long)below(b, 7)), 2);
    }
    for (uint64_t k = rate(n, 150); k--;) {
        city_person *p = pick(b, t, n_old, true);
        if (p)
            lose(b, p, add_days(today, -(long)below(b, 7)), 2);
    }
    /* arrivals from outside the prefecture */
    for (uint64_t k = rate(n, 40); k--;) {
        int moved = add_days(today, -(long)below(b, 7));
        city_person *p = arrive(b, city, NULL, moved);
        p->prev_pref = 'o';
        if (below(b, 4) == 0 && age_on(p->birth, today) < 75)
            join_nhi(b, p, moved, 1);
    }
}

/* The 被保険者ID of every member new to the federation today, as its daily stream gives it
 * (jcl/rengo_daily.jcl, step ADDS: 新規付番): the run date and an 8-digit sequence number, in
 * 保険者番号, 宛名番号 order over the prefecture. A member who moved from another city with
 * his own 個人番号 keeps his id (hid already set). */
static void new_ids(city_model *m)
{
    uint64_t seq = 0, base = (uint64_t)m->day * UINT64_C(100000000);
    for (unsigned c = 0; c < m->n_cities; c++) {
        city_town *t = &m->town[c];
        for (size_t i = 0; i < t->n; i++)
            if (t->v[i].tx == 1 && !t->v[i].hid)
                t->v[i].hid = base + ++seq;
    }
}

/* The 個人番号 exceptions of a city's transactions: blank, or different from the one the
 * ledger holds for the 宛名番号. */
static void kojin_exceptions(city_model *m, unsigned city)
{
    const city_town *t = &m->town[city];
    for (size_t i = 0; i < t->n; i++) {
        const city_person *p = &t->v[i];
        if (!p->tx)
            continue;
        city_exc e = {0};
        e.city = (uint8_t)city;
        e.atena = p->atena;
        e.aite_city = -1;
        e.hid = p->hid;
        if (p->tx_kojin == TXK_BLANK)
            e.riyu = 4;
        else if (p->tx_kojin == TXK_OTHER && p->nhi0 && !p->ledger_blank)
            e.riyu = 3, e.masked = 1;
        else
            continue;
        add_exception(m, &e);
    }
}

static int exc_cmp(const void *a, const void *b)
{
    const city_exc *x = a, *y = b;
    unsigned hx = city_places[x->city].hokensha_no, hy = city_places[y->city].hokensha_no;
    if (hx != hy)
        return hx < hy ? -1 : 1;
    if (x->atena != y->atena)
        return x->atena < y->atena ? -1 : 1;
    if (x->riyu != y->riyu)
        return x->riyu < y->riyu ? -1 : 1;
    return (x->gawa > y->gawa) - (x->gawa < y->gawa);
}

void city_model_build(city_model *m, const kr_city_opts *o)
{
    memset(m, 0, sizeof *m);
    builder b = {m, {{0}}, o->people};
    kr_rng_seed(&b.rng, o->seed);
    m->n_cities = o->cities;
    m->day = o->ref_ymd;
    m->yesterday = add_days(o->ref_ymd, -1);
    m->next_hid = UINT64_C(1200000000000001);
    for (unsigned c = 0; c < m->n_cities; c++) {
        m->town[c].next_atena = CITY_FIRST_ATENA;
        m->town[c].next_setai = 500000001;
        m->town[c].next_former = 900000001;
    }
    static const unsigned sizes[] = {1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5};
    for (unsigned c = 0; c < m->n_cities; c++) {
        city_town *t = &m->town[c];
        while (t->n < o->people) {
            unsigned size = sizes[below(&b, sizeof sizes / sizeof *sizes)];
            if (size > o->people - t->n)
                size = (unsigned)(o->people - t->n);
            household(&b, c, size);
        }
        for (size_t i = 0; i < t->n; i++) {
            t->v[i].day[1] = t->v[i].day[0];
            t->v[i].present = 3;
        }
    }
    size_t n_old[KR_CITY_MAX];
    for (unsigned c = 0; c < m->n_cities; c++)
        n_old[c] = m->town[c].n;
    for (unsigned c = 0; c < m->n_cities; c++) {
        day_changes(&b, c, n_old[c]);
        if (m->n_cities > 1)
            for (uint64_t k = rate(o->people, 50) + 2; k--;) {
                city_person *p = pick(&b, &m->town[c], n_old[c], below(&b, 2) == 0);
                if (p)
                    move_between(&b, c, p, add_days(m->day, -(long)below(&b, 7)));
            }
    }
    new_ids(m);
    for (unsigned c = 0; c < m->n_cities; c++)
        kojin_exceptions(m, c);
    if (m->n_exc)
        qsort(m->exc, m->n_exc, sizeof *m->exc, exc_cmp);
}

void city_model_free(city_model *m)
{
    for (unsigned c = 0; c < m->n_cities; c++) {
        free(m->town[c].v);
        free(m->town[c].former);
    }
    free(m->exc);
}
