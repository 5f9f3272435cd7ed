/* Pointer tables for the RELR tests: 150 consecutive pointers (several RELR bitmap words) and an
 * array of structures where only every other word is a pointer (bitmaps with gaps). */
#ifndef RELR_TEST_H
#define RELR_TEST_H

#define P10(t, b) &t[b], &t[b + 1], &t[b + 2], &t[b + 3], &t[b + 4], &t[b + 5], &t[b + 6], &t[b + 7], &t[b + 8], &t[b + 9]
#define P50(t, b) P10(t, b), P10(t, b + 10), P10(t, b + 20), P10(t, b + 30), P10(t, b + 40)
#define S10(t, b) {&t[b], b}, {&t[b + 1], b + 1}, {&t[b + 2], b + 2}, {&t[b + 3], b + 3}, {&t[b + 4], b + 4}, \
    {&t[b + 5], b + 5}, {&t[b + 6], b + 6}, {&t[b + 7], b + 7}, {&t[b + 8], b + 8}, {&t[b + 9], b + 9}

struct relr_item { const int *target; long index; };

/* Counts the entries that point where they should: 220 when all are right. */
#define RELR_CHECK(targets, pointers, items, result)                                              \
    do {                                                                                          \
        int ok_ = 0;                                                                              \
        for (int i_ = 0; i_ < 150; i_++) ok_ += pointers[i_] == &targets[i_];                     \
        for (int i_ = 0; i_ < 70; i_++) ok_ += items[i_].target == &targets[i_] && items[i_].index == i_; \
        result = ok_;                                                                             \
    } while (0)

#endif
