#ifndef CHAFF_BYTE_RUNS_H
#define CHAFF_BYTE_RUNS_H

// Scans over runs of bytes that the text and HTML readers make on every
// byte of a page: line ends, ASCII, runs of CJK characters, whitespace,
// bytes counted (newlines, a text's scalars), plain text runs, `<style`
// tags, CSS at-rules. Each takes twelve or more bytes a step with SSE2
// (any x86-64) and goes byte by byte elsewhere, and is inlined into its
// Swift caller.

#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// The index of the first CR or LF in `bytes[start ..< count]`, or `count`
/// when there is none. Sixteen bytes a step with SSE2 (two compares and a
/// mask, whose lowest set bit is the terminator), then byte by byte for the
/// last fifteen; byte by byte everywhere without SSE2 (no x86-64). Inlined
/// into the Swift caller, like every function of this target.
static inline size_t chaff_line_end(const uint8_t *bytes, size_t count, size_t start)
{
    size_t index = start;
#if defined(__SSE2__)
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    while (index + 16 <= count) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(bytes + index));
        const unsigned ends = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
        if (ends != 0) return index + (size_t)__builtin_ctz(ends);
        index += 16;
    }
#endif
    while (index < count && bytes[index] != '\n' && bytes[index] != '\r') index++;
    return index;
}

/// The index of the first byte of `bytes[start ..< count]` at or above 0x80,
/// or `count` when there is none. With SSE2, sixty-four bytes a step (four
/// loads or-ed into one mask: markup and most text are ASCII), then sixteen,
/// whose mask's lowest set bit is the byte; byte by byte for the last
/// fifteen, and everywhere without SSE2 (no x86-64). Inlined into the Swift
/// caller, like every function of this target.
static inline size_t chaff_ascii_end(const uint8_t *bytes, size_t count, size_t start)
{
    size_t index = start;
#if defined(__SSE2__)
    while (index + 64 <= count) {
        const __m128i a = _mm_loadu_si128((const __m128i *)(bytes + index));
        const __m128i b = _mm_loadu_si128((const __m128i *)(bytes + index + 16));
        const __m128i c = _mm_loadu_si128((const __m128i *)(bytes + index + 32));
        const __m128i d = _mm_loadu_si128((const __m128i *)(bytes + index + 48));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))) != 0) break;
        index += 64;
    }
    while (index + 16 <= count) {
        const unsigned high = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(bytes + index)));
        if (high != 0) return index + (size_t)__builtin_ctz(high);
        index += 16;
    }
#endif
    while (index < count && bytes[index] < 0x80) index++;
    return index;
}

/// The index of the first byte of `bytes[start ..< count]` that is not HTML
/// whitespace (tab, line feed, form feed, carriage return, space), or `count`.
/// With SSE2 sixteen bytes a step: the indentation between tags is most of
/// a page's whitespace. Byte by byte for the last fifteen, and everywhere
/// without SSE2.
static inline size_t chaff_whitespace_end(const uint8_t *bytes, size_t count, size_t start)
{
    size_t index = start;
#if defined(__SSE2__)
    const __m128i flip = _mm_set1_epi8((char)0x80);
    while (index + 16 <= count) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(bytes + index));
        // 0x09 to 0x0D as one unsigned range (a signed compare with the top
        // bits flipped), without 0x0B; then the space.
        const __m128i controls = _mm_cmplt_epi8(
            _mm_xor_si128(_mm_sub_epi8(v, _mm_set1_epi8(0x09)), flip), _mm_set1_epi8((char)(5 ^ 0x80)));
        const __m128i white = _mm_or_si128(
            _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x0B)), controls), _mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
        const unsigned other = ~(unsigned)_mm_movemask_epi8(white) & 0xFFFFu;
        if (other != 0) return index + (size_t)__builtin_ctz(other);
        index += 16;
    }
#endif
    while (index < count) {
        const uint8_t byte = bytes[index];
        if (byte != ' ' && (byte < 0x09 || byte > 0x0D || byte == 0x0B)) break;
        index++;
    }
    return index;
}

/// How many bytes of `bytes[start ..< end]` equal `value` once and-ed with
/// `mask`: a byte value itself with a mask of 0xFF (newlines), UTF-8
/// continuation bytes with 0xC0 and 0x80. With SSE2 thirty-two bytes a
/// step: each compare subtracts -1 from the lanes that match, and the lanes
/// are summed (`psadbw`) every 127 steps, before one could overflow; byte by
/// byte for the last bytes, and everywhere without SSE2.
static inline size_t chaff_count_matching(
    const uint8_t *bytes, size_t start, size_t end, uint8_t mask, uint8_t value)
{
    size_t count = 0;
    size_t index = start;
#if defined(__SSE2__)
    const __m128i masks = _mm_set1_epi8((char)mask);
    const __m128i target = _mm_set1_epi8((char)value);
    const __m128i zero = _mm_setzero_si128();
    while (index + 32 <= end) {
        __m128i lanes = zero;
        const size_t steps = (end - index) / 32 < 127 ? (end - index) / 32 : 127;
        for (size_t step = 0; step < steps; step++) {
            const __m128i a = _mm_and_si128(_mm_loadu_si128((const __m128i *)(bytes + index)), masks);
            const __m128i b = _mm_and_si128(_mm_loadu_si128((const __m128i *)(bytes + index + 16)), masks);
            lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(a, target));
            lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(b, target));
            index += 32;
        }
        const __m128i sums = _mm_sad_epu8(lanes, zero);
        count += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
    }
#endif
    for (; index < end; index++) count += (bytes[index] & mask) == value;
    return count;
}

/// Whether the sixteen bytes at `bytes` certainly continue a run of HTML
/// text (Swift's `TextRun`): none below 0x20, none `&` or 0xC2, no two
/// spaces in a row and no space last, so that each space is followed by an
/// ordinary byte. 0 without SSE2, where the caller goes on eight bytes at a
/// time.
static inline int chaff_plain_text_16(const uint8_t *bytes)
{
#if defined(__SSE2__)
    const __m128i v = _mm_loadu_si128((const __m128i *)bytes);
    // Unsigned `v < 0x20` as a signed compare of both sides with their top bit flipped.
    const __m128i controls = _mm_cmplt_epi8(
        _mm_xor_si128(v, _mm_set1_epi8((char)0x80)), _mm_set1_epi8((char)(0x20 ^ 0x80)));
    const __m128i special = _mm_or_si128(
        controls, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')), _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2))));
    if (_mm_movemask_epi8(special) != 0) return 0;
    const unsigned spaces = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
    return (spaces & (spaces >> 1)) == 0 && (spaces & 0x8000u) == 0;
#else
    (void)bytes;
    return 0;
#endif
}

/// The index of the first `<` in `bytes[start ..< count]` followed by `sty`
/// in any case (the start of a `<style` tag, which the caller confirms), or
/// `count` when there is none. With SSE2 sixteen starts a step: two loads
/// three bytes apart, compared with `<` and with `y` (with 0x20 set, which
/// folds only `Y` onto it), whose and-ed mask names the few starts worth
/// a look at their `st`. A page's other tags pass without a branch each;
/// byte by byte for the last starts, and everywhere without SSE2.
static inline size_t chaff_style_tag_start(const uint8_t *bytes, size_t count, size_t start)
{
    size_t index = start;
#if defined(__SSE2__)
    while (index + 19 <= count) {
        const __m128i first = _mm_loadu_si128((const __m128i *)(bytes + index));
        const __m128i fourth = _mm_or_si128(_mm_loadu_si128((const __m128i *)(bytes + index + 3)), _mm_set1_epi8(0x20));
        unsigned candidates = (unsigned)_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpeq_epi8(first, _mm_set1_epi8('<')), _mm_cmpeq_epi8(fourth, _mm_set1_epi8('y'))));
        while (candidates != 0) {
            const size_t at = index + (size_t)__builtin_ctz(candidates);
            if ((bytes[at + 1] | 0x20) == 's' && (bytes[at + 2] | 0x20) == 't') return at;
            candidates &= candidates - 1;
        }
        index += 16;
    }
#endif
    for (; index + 3 < count; index++) {
        if (bytes[index] == '<' && (bytes[index + 1] | 0x20) == 's' && (bytes[index + 2] | 0x20) == 't'
            && (bytes[index + 3] | 0x20) == 'y') {
            return index;
        }
    }
    return count;
}

/// The end of the run of well-formed three-byte UTF-8 sequences with a lead
/// byte from 0xE1 to 0xEF other than 0xED (most of Chinese, Japanese and
/// Korean text, and its punctuation) that starts at `start`, taken four
/// sequences (twelve bytes) a step: the index after the last whole step, or
/// `start` when the run is shorter than four. With SSE2, each step is one
/// sixteen-byte load whose masks must show lead bytes at 0, 3, 6 and 9 and
/// continuation bytes (0x80 to 0xBF) between them; `start` without SSE2.
/// The caller goes on byte by byte from the index returned.
static inline size_t chaff_three_byte_run_end(const uint8_t *bytes, size_t count, size_t start)
{
    size_t index = start;
#if defined(__SSE2__)
    while (index + 16 <= count) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(bytes + index));
        const unsigned continuation = (unsigned)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xC0)), _mm_set1_epi8((char)0x80)));
        // 0xE1 to 0xEF as a signed range of the bytes with their top bit flipped.
        const __m128i flipped = _mm_xor_si128(v, _mm_set1_epi8((char)0x80));
        const __m128i inRange = _mm_and_si128(
            _mm_cmpgt_epi8(flipped, _mm_set1_epi8(0xE0 ^ 0x80)), _mm_cmplt_epi8(flipped, _mm_set1_epi8(0xF0 ^ 0x80)));
        const unsigned leads = (unsigned)_mm_movemask_epi8(
            _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED)), inRange));
        if ((continuation & 0xDB6u) != 0xDB6u || (leads & 0x249u) != 0x249u) break;
        index += 12;
    }
#else
    (void)bytes;
    (void)count;
#endif
    return index;
}

/// The index just past the CSS at-rule that starts at `start` (its `@`):
/// past its first `;` when that comes before any `{`, else past the `}`
/// that balances its braces (a `}` with none open ends it too); `count`
/// when the text ends first. An `@media` block can be most of a style
/// sheet, and its declarations put a `;` or a brace in nearly every sixteen
/// bytes: with SSE2 a step takes sixteen bytes' masks of braces (and of
/// semicolons before the first `{`) and goes through their set bits, not
/// through the bytes. Byte by byte for the last fifteen, and everywhere
/// without SSE2.
static inline size_t chaff_at_rule_end(const uint8_t *bytes, size_t count, size_t start)
{
    size_t index = start;
    long depth = 0;
#if defined(__SSE2__)
    while (index + 16 <= count) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(bytes + index));
        const unsigned opens = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('{')));
        const unsigned closes = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('}')));
        unsigned semicolons = depth == 0 ? (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(';'))) : 0u;
        unsigned events = opens | closes | semicolons;
        while (events != 0) {
            const unsigned bit = (unsigned)__builtin_ctz(events);
            const unsigned lane = 1u << bit;
            if (semicolons & lane) return index + bit + 1;  // depth is 0 here
            if (opens & lane) {
                depth += 1;
                // Only the braces count once a block is open: depth never
                // comes back to 0 without ending the rule.
                events &= ~semicolons;
                semicolons = 0;
            } else {
                depth -= 1;
                if (depth <= 0) return index + bit + 1;
            }
            events &= events - 1;
        }
        index += 16;
    }
#endif
    for (; index < count; index++) {
        const uint8_t byte = bytes[index];
        if (byte == ';' && depth == 0) return index + 1;
        if (byte == '{') {
            depth += 1;
        } else if (byte == '}') {
            depth -= 1;
            if (depth <= 0) return index + 1;
        }
    }
    return count;
}

#endif
