#ifndef CHAFF_ASCII_RUN_H
#define CHAFF_ASCII_RUN_H

#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Normalises the run of plain ASCII words at the start of the 16 bytes at
/// `bytes`: letters (lower-cased), digits and single spaces between them,
/// which normalise one byte to one scalar with nothing removed or collapsed.
/// A run may start with a space: the caller tries one only after text it
/// has written, with no space pending. Writes 16 scalars to `scalars` and 16
/// one-byte classes to `classes` (the caller has room for them), of which the
/// first `n` stand, and returns `n`, which may be 0:
///
/// - the run stops before the first other byte (punctuation, controls, tabs,
///   bytes of multi-byte scalars) and before two spaces in a row, whose
///   collapse the caller counts;
/// - it never ends with a space, which the caller keeps pending until it
///   knows what follows.
///
/// `latin`, `digit` and `space` are the raw values of Swift's `ScriptClass`
/// cases. Without SSE2 (no x86-64) it returns 0 and the caller reads byte by
/// byte. Inlined into the Swift caller, like every function of this target.
static inline size_t chaff_ascii_word_run(
    const uint8_t *bytes, uint32_t *scalars, void *classes, uint8_t latin, uint8_t digit, uint8_t space)
{
#if defined(__SSE2__)
    const __m128i v = _mm_loadu_si128((const __m128i *)bytes);
    const __m128i flip = _mm_set1_epi8((char)0x80);
    // Unsigned `x < limit` as a signed compare of both sides with their top bit flipped.
    const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    const __m128i letter = _mm_cmplt_epi8(
        _mm_xor_si128(_mm_sub_epi8(lower, _mm_set1_epi8('a')), flip), _mm_set1_epi8((char)(26 ^ 0x80)));
    const __m128i number = _mm_cmplt_epi8(
        _mm_xor_si128(_mm_sub_epi8(v, _mm_set1_epi8('0')), flip), _mm_set1_epi8((char)(10 ^ 0x80)));
    const __m128i blank = _mm_cmpeq_epi8(v, _mm_set1_epi8(' '));

    const unsigned plain = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, number), blank));
    const unsigned spaces = (unsigned)_mm_movemask_epi8(blank);
    // The run: up to the first byte that is not plain, and up to the first of two spaces.
    unsigned run = (unsigned)__builtin_ctz(~plain | 0x10000u);
    const unsigned doubled = spaces & (spaces >> 1);
    const unsigned before_double = (unsigned)__builtin_ctz(doubled | 0x10000u);
    if (before_double < run) run = before_double;
    // Without its trailing spaces: up to its last word byte.
    const unsigned words = ~spaces & ((1u << run) - 1u);
    if (words == 0) return 0;
    run = 32u - (unsigned)__builtin_clz(words);

    const __m128i folded = _mm_or_si128(v, _mm_and_si128(letter, _mm_set1_epi8(0x20)));
    const __m128i kind = _mm_or_si128(
        _mm_or_si128(_mm_and_si128(letter, _mm_set1_epi8((char)latin)), _mm_and_si128(number, _mm_set1_epi8((char)digit))),
        _mm_and_si128(blank, _mm_set1_epi8((char)space)));
    _mm_storeu_si128((__m128i *)classes, kind);
    const __m128i zero = _mm_setzero_si128();
    const __m128i low = _mm_unpacklo_epi8(folded, zero);
    const __m128i high = _mm_unpackhi_epi8(folded, zero);
    _mm_storeu_si128((__m128i *)scalars, _mm_unpacklo_epi16(low, zero));
    _mm_storeu_si128((__m128i *)(scalars + 4), _mm_unpackhi_epi16(low, zero));
    _mm_storeu_si128((__m128i *)(scalars + 8), _mm_unpacklo_epi16(high, zero));
    _mm_storeu_si128((__m128i *)(scalars + 12), _mm_unpackhi_epi16(high, zero));
    return run;
#else
    (void)bytes; (void)scalars; (void)classes; (void)latin; (void)digit; (void)space;
    return 0;
#endif
}

#endif
