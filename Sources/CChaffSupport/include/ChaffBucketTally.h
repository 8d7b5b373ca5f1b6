#ifndef CHAFF_BUCKET_TALLY_H
#define CHAFF_BUCKET_TALLY_H

#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// What a line's distinct n-gram keys weigh in a scorer's weight buckets.
typedef struct {
    /// The keys' fixed-point weights, summed (0 for a key the model lacks).
    int64_t fixed_sum;
    /// The keys' occurrences, summed.
    int64_t occurrences;
    /// The occurrences of keys whose flags have the lexicon bit.
    int64_t lexicon_occurrences;
    /// The keys whose flags have the lexicon bit.
    int64_t lexicon_distinct;
} chaff_bucket_tally;

/// The value in the lane of a bucket that `lanes` names (each set bit a
/// lane holding the key), 0 when `lanes` is 0, written to `value`; returns
/// whether the look-up goes on to the next bucket (the key is not here and
/// the bucket overflowed).
static inline int chaff_bucket_lane_value(const uint8_t *base, unsigned lanes, uint32_t *value)
{
    // Lane 7 when no lane holds the key: its value is read and dropped.
    const unsigned lane = (unsigned)__builtin_ctz(lanes | 0x80u);
    const uint32_t stored = ((const uint32_t *)(base + 32))[lane];
    const uint32_t last = ((const uint32_t *)(base + 32))[7];
    // Masks, not a choice: a compiler turns `lanes != 0 ? stored : 0` into a
    // branch on whether the key is found, and does the same with the mask
    // unless it cannot see where the mask came from (the empty `asm`, on
    // compilers that have it).
    uint32_t found = 0u - (uint32_t)(lanes != 0);
#if defined(__GNUC__) || defined(__clang__)
    __asm__("" : "+r"(found));
#endif
    *value = stored & found;
    return (~found & last & 0x80000000u) != 0;
}

/// The running sums of a tally loop, in three registers: the lexicon keys
/// and their occurrences share one word (keys in the high half,
/// occurrences in the low), so that a key adds to it with one multiply and
/// one addition. With four sums, the AVX2 loop kept its end and mask on the
/// stack and read them back every key.
typedef struct {
    int64_t fixed_sum;
    uint64_t occurrences;
    /// Lexicon keys << 32 | their occurrences.
    uint64_t lexicon;
} chaff_bucket_sums;

/// The largest `count` a tally takes: the occurrences of that many keys
/// (at most 65,535 each) stay below 2^32, the low half of
/// ``chaff_bucket_sums``'s lexicon word.
#define CHAFF_TALLY_MAXIMUM_KEYS 65536

/// Adds one key's slot value (0 for a key the model lacks) and its
/// occurrences to `sums`.
static inline void chaff_bucket_sums_add(
    chaff_bucket_sums *sums, uint32_t value, uint64_t occurrences, uint32_t lexicon_flag)
{
    const uint64_t lexicon = (value >> 16) & 0xFFu & lexicon_flag ? 1 : 0;
    sums->fixed_sum += (int16_t)(uint16_t)value;
    sums->occurrences += occurrences;
    sums->lexicon += lexicon * ((UINT64_C(1) << 32) | occurrences);
}

/// The tally of `sums`.
static inline chaff_bucket_tally chaff_bucket_sums_tally(chaff_bucket_sums sums)
{
    chaff_bucket_tally tally = {
        sums.fixed_sum, (int64_t)sums.occurrences, (int64_t)(sums.lexicon & 0xFFFFFFFFu), (int64_t)(sums.lexicon >> 32)};
    return tally;
}

/// The SSE2 form of ``chaff_tally_buckets``, for any x86-64 (and the
/// lane-by-lane form elsewhere).
///
/// Looks `count` keys up in the buckets of Swift's `BucketedWeightTable`
/// (`bucket_mask + 1` buckets of 64 bytes: eight keys, then eight values
/// whose low 16 bits are a signed fixed-point weight and bits 16–23 flags;
/// bit 31 of the last value marks a bucket that overflowed into the next)
/// and tallies them with their occurrences `counts`; `count` is at most
/// `CHAFF_TALLY_MAXIMUM_KEYS`.
///
/// The same sums as the key-at-a-time Swift loop over
/// `BucketedWeightTable.Probe.slot(of:)`, in 13% fewer instructions (session
/// 31): a bucket's keys compared in two SSE2 compares whose masks name the
/// lane, and no branch on whether a key is found, which is a coin toss on
/// real text (only a key missing from an overflowed bucket goes on to the
/// next). Without SSE2 (no x86-64) the lanes are compared one by one.
/// Inlined into the Swift caller, like every function of this target.
static inline chaff_bucket_tally chaff_tally_buckets_sse2(
    const void *buckets, size_t bucket_mask, const uint32_t *keys, const uint16_t *counts, size_t count,
    uint32_t lexicon_flag)
{
    chaff_bucket_sums sums = {0, 0, 0};
    const uint8_t *base_address = (const uint8_t *)buckets;
    for (size_t i = 0; i < count; i++) {
        const uint32_t key = keys[i];
        const uint64_t occurrences = counts[i];
        size_t bucket = key & bucket_mask;
        uint32_t value;
        for (;;) {
            const uint8_t *base = base_address + bucket * 64;
#if defined(__SSE2__)
            const __m128i wanted = _mm_set1_epi32((int)key);
            const unsigned low = (unsigned)_mm_movemask_ps(
                _mm_castsi128_ps(_mm_cmpeq_epi32(_mm_load_si128((const __m128i *)base), wanted)));
            const unsigned high = (unsigned)_mm_movemask_ps(
                _mm_castsi128_ps(_mm_cmpeq_epi32(_mm_load_si128((const __m128i *)(base + 16)), wanted)));
            const unsigned lanes = low | high << 4;
#else
            unsigned lanes = 0;
            for (unsigned lane = 0; lane < 8; lane++) {
                lanes |= (((const uint32_t *)base)[lane] == key ? 1u : 0u) << lane;
            }
#endif
            if (__builtin_expect(!chaff_bucket_lane_value(base, lanes, &value), 1)) break;
            bucket = (bucket + 1) & bucket_mask;
        }
        chaff_bucket_sums_add(&sums, value, occurrences, lexicon_flag);
    }
    return chaff_bucket_sums_tally(sums);
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>

/// Whether this processor and its operating system run AVX2 code: the
/// processor says so (CPUID leaf 7), and the system saves the vector
/// registers' upper halves (XGETBV). Asked once, by the scorer that keeps
/// the answer; there is no global state here.
static inline int chaff_cpu_has_avx2(void)
{
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned osxsave = 1u << 27, avx = 1u << 28;
    if ((ecx & (osxsave | avx)) != (osxsave | avx)) return 0;
    unsigned xcr0_low, xcr0_high;
    __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6u) != 6u) return 0;  // XMM and YMM state
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx & (1u << 5)) != 0;  // AVX2
}

/// ``chaff_tally_buckets_sse2`` with AVX2: a bucket's eight keys compared
/// in one instruction, whose mask names the lane. Compiled for AVX2 alone,
/// so it is called, not inlined; call it only where
/// ``chaff_cpu_has_avx2`` said yes.
__attribute__((target("avx2")))
static chaff_bucket_tally chaff_tally_buckets_avx2(
    const void *buckets, size_t bucket_mask, const uint32_t *keys, const uint16_t *counts, size_t count,
    uint32_t lexicon_flag)
{
    chaff_bucket_sums sums = {0, 0, 0};
    const uint8_t *base_address = (const uint8_t *)buckets;
    // Pointers, not an index: with an index this loop ran short of
    // registers (the SSE2 loop is the other way round).
    const uint32_t *const end = keys + count;
    // Buckets by byte offset, so that no register holds a bucket's number
    // and another its offset.
    const size_t offset_mask = bucket_mask << 6;
    for (; keys < end; keys++, counts++) {
        const uint32_t key = *keys;
        const uint64_t occurrences = *counts;
        size_t offset = ((size_t)key << 6) & offset_mask;
        uint32_t value;
        for (;;) {
            const uint8_t *base = base_address + offset;
            const __m256i equal = _mm256_cmpeq_epi32(
                _mm256_load_si256((const __m256i *)base), _mm256_set1_epi32((int)key));
            const unsigned lanes = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(equal));
            if (__builtin_expect(!chaff_bucket_lane_value(base, lanes, &value), 1)) break;
            offset = (offset + 64) & offset_mask;
        }
        chaff_bucket_sums_add(&sums, value, occurrences, lexicon_flag);
    }
    return chaff_bucket_sums_tally(sums);
}
#else
static inline int chaff_cpu_has_avx2(void) { return 0; }
#endif

/// A line's keys looked up and tallied (``chaff_tally_buckets_sse2``), with
/// AVX2 when `avx2` is set (``chaff_cpu_has_avx2``).
static inline chaff_bucket_tally chaff_tally_buckets(
    const void *buckets, size_t bucket_mask, const uint32_t *keys, const uint16_t *counts, size_t count,
    uint32_t lexicon_flag, int avx2)
{
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    if (avx2) return chaff_tally_buckets_avx2(buckets, bucket_mask, keys, counts, count, lexicon_flag);
#else
    (void)avx2;
#endif
    return chaff_tally_buckets_sse2(buckets, bucket_mask, keys, counts, count, lexicon_flag);
}

#endif
