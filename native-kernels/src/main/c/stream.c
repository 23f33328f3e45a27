/*
 * Elementwise float32 kernels that write their output with streaming (non-temporal) stores.
 *
 * An ordinary store to a line that is not in the cache first reads the line from memory (write-allocate),
 * so an out-of-place add of large tensors moves four bytes of memory traffic for every three it needs. A
 * streaming store writes whole lines without reading them. Worth it only for outputs larger than the cache
 * (the caller decides): the output is then not in the cache for the next op either way.
 *
 * SSE2 only (every x86-64 processor has it): the loops are bound by memory, not by vector width. Results are
 * those of the same IEEE single-precision operation per element as the Java kernels, bit for bit.
 */
#include <emmintrin.h>
#include <stdint.h>

#define TS_STREAM_KERNEL(name, vop, sop)                                                    \
    void name(const float *a, const float *b, float *o, int64_t n) {                        \
        int64_t i = 0;                                                                      \
        for (; i < n && ((uintptr_t) (o + i) & 15) != 0; i++) o[i] = a[i] sop b[i];         \
        for (; i + 16 <= n; i += 16) { /* one 64-byte line per iteration, written in order */ \
            __m128 r0 = vop(_mm_loadu_ps(a + i), _mm_loadu_ps(b + i));                       \
            __m128 r1 = vop(_mm_loadu_ps(a + i + 4), _mm_loadu_ps(b + i + 4));               \
            __m128 r2 = vop(_mm_loadu_ps(a + i + 8), _mm_loadu_ps(b + i + 8));               \
            __m128 r3 = vop(_mm_loadu_ps(a + i + 12), _mm_loadu_ps(b + i + 12));             \
            _mm_stream_ps(o + i, r0);                                                       \
            _mm_stream_ps(o + i + 4, r1);                                                   \
            _mm_stream_ps(o + i + 8, r2);                                                   \
            _mm_stream_ps(o + i + 12, r3);                                                  \
        }                                                                                   \
        for (; i < n; i++) o[i] = a[i] sop b[i];                                            \
        _mm_sfence(); /* streaming stores are weakly ordered: make them visible before returning */ \
    }

TS_STREAM_KERNEL(ts_stream_add_f32, _mm_add_ps, +)
TS_STREAM_KERNEL(ts_stream_sub_f32, _mm_sub_ps, -)
TS_STREAM_KERNEL(ts_stream_mul_f32, _mm_mul_ps, *)
TS_STREAM_KERNEL(ts_stream_div_f32, _mm_div_ps, /)
