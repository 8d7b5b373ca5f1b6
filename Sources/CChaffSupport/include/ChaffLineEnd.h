#ifndef CHAFF_LINE_END_H
#define CHAFF_LINE_END_H

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

#endif
