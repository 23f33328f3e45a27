/*
 * Float32 softmax and log_softmax over contiguous rows, with AVX2 and FMA where the processor has them.
 *
 * The Java kernel's time goes to exp: the JDK's vector exp is accurate to the last bit and costs several times
 * what softmax needs. Here exp(r) for r = x - max(row) <= 0 is computed the usual way: n = round(r / ln 2),
 * f = r - n ln 2 (ln 2 split in two so f is exact to about 2^-32), e^f by its degree-7 Taylor polynomial
 * on |f| <= ln 2 / 2 (truncation error under 6e-9), then scaled by 2^n; the result is within 1e-7 relative
 * of the exact value, subnormal results included. r is clamped at -104, below which exp rounds to zero in
 * float32, so exp(-inf) = 0 (a masked entry adds nothing); NaN stays NaN, so a row holding a NaN becomes all
 * NaN, as in PyTorch. Rows too long for the scratch are computed in the output and scaled there.
 */
#include <immintrin.h>
#include <math.h>
#include <stdint.h>

#define TS_SCRATCH 4096

int ts_softmax_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/* exp(r) for r <= 0 (or NaN), 8 lanes */
__attribute__((target("avx2,fma"))) static inline __m256 exp_nonpositive(__m256 r) {
    r = _mm256_max_ps(_mm256_set1_ps(-104.0f), r); /* max(c, NaN) is NaN: the second operand wins */
    __m256 n = _mm256_round_ps(_mm256_mul_ps(r, _mm256_set1_ps(1.44269504088896341f)),
                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 f = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), r); /* ln 2 = 0.693359375 - 2.12194440e-4 */
    f = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), f);
    __m256 p = _mm256_set1_ps(1.0f / 5040);
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f / 720));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f / 120));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f / 24));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f));
    /* 2^n for n in [-150, 0] as 2^h * 2^(n-h), h = floor(n/2): both factors are normal floats, the first
       product is exact and the second rounds once, so subnormal results are correctly scaled */
    __m256i ni = _mm256_cvtps_epi32(n);
    __m256i h = _mm256_srai_epi32(ni, 1);
    __m256i bias = _mm256_set1_epi32(127);
    __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(h, bias), 23));
    __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_sub_epi32(ni, h), bias), 23));
    return _mm256_mul_ps(_mm256_mul_ps(p, s1), s2);
}

/* lanes [0, k) of x, the rest -inf (for the tail of a row) */
__attribute__((target("avx2,fma"))) static inline __m256 load_tail(const float *x, int64_t k) {
    float t[8];
    for (int i = 0; i < 8; i++) t[i] = i < k ? x[i] : -INFINITY;
    return _mm256_loadu_ps(t);
}

__attribute__((target("avx2,fma"))) static inline void store_tail(float *y, __m256 v, int64_t k) {
    float t[8];
    _mm256_storeu_ps(t, v);
    for (int i = 0; i < k; i++) y[i] = t[i];
}

/*
 * y[r, :] = softmax(x[r, :]) (or log_softmax when take_log != 0) for rows [0, rows) of cols floats each. Each row is
 * read fully before its output is written. The caller checks ts_softmax_supported() first.
 */
__attribute__((target("avx2,fma"))) void ts_softmax_f32(const float *x, float *y, int64_t rows, int64_t cols,
                                                         int32_t take_log) {
    float scratch[TS_SCRATCH] __attribute__((aligned(32)));
    int64_t vec = cols / 8 * 8, tail = cols - vec;
    for (int64_t row = 0; row < rows; row++) {
        const float *a = x + row * cols;
        float *o = y + row * cols;
        float *e = cols <= TS_SCRATCH ? scratch : o; /* where exp(x - max) goes before scaling */
        __m256 m0 = _mm256_set1_ps(-INFINITY), m1 = m0;
        int64_t i = 0;
        for (; i + 16 <= vec; i += 16) {
            m0 = _mm256_max_ps(m0, _mm256_loadu_ps(a + i));
            m1 = _mm256_max_ps(m1, _mm256_loadu_ps(a + i + 8));
        }
        for (; i < vec; i += 8) m0 = _mm256_max_ps(m0, _mm256_loadu_ps(a + i));
        if (tail) m1 = _mm256_max_ps(m1, load_tail(a + vec, tail));
        m0 = _mm256_max_ps(m0, m1);
        __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(m0), _mm256_extractf128_ps(m0, 1));
        m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        m4 = _mm_max_ss(m4, _mm_shuffle_ps(m4, m4, 1));
        __m256 vm = _mm256_broadcastss_ps(m4);
        __m256 s0 = _mm256_setzero_ps(), s1 = s0;
        for (i = 0; i + 16 <= vec; i += 16) {
            __m256 e0 = exp_nonpositive(_mm256_sub_ps(_mm256_loadu_ps(a + i), vm));
            __m256 e1 = exp_nonpositive(_mm256_sub_ps(_mm256_loadu_ps(a + i + 8), vm));
            s0 = _mm256_add_ps(s0, e0);
            s1 = _mm256_add_ps(s1, e1);
            if (!take_log) {
                _mm256_storeu_ps(e + i, e0);
                _mm256_storeu_ps(e + i + 8, e1);
            }
        }
        for (; i < vec; i += 8) {
            __m256 e0 = exp_nonpositive(_mm256_sub_ps(_mm256_loadu_ps(a + i), vm));
            s0 = _mm256_add_ps(s0, e0);
            if (!take_log) _mm256_storeu_ps(e + i, e0);
        }
        if (tail) {
            __m256 e0 = exp_nonpositive(_mm256_sub_ps(load_tail(a + vec, tail), vm));
            s1 = _mm256_add_ps(s1, e0);
            if (!take_log) store_tail(e + vec, e0, tail);
        }
        s0 = _mm256_add_ps(s0, s1);
        __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(s0), _mm256_extractf128_ps(s0, 1));
        s4 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
        s4 = _mm_add_ss(s4, _mm_shuffle_ps(s4, s4, 1));
        float sum = _mm_cvtss_f32(s4);
        if (take_log) {
            __m256 ls = _mm256_set1_ps((float) log((double) sum));
            for (i = 0; i < vec; i += 8) _mm256_storeu_ps(o + i, _mm256_sub_ps(_mm256_sub_ps(_mm256_loadu_ps(a + i), vm), ls));
            if (tail) store_tail(o + vec, _mm256_sub_ps(_mm256_sub_ps(load_tail(a + vec, tail), vm), ls), tail);
        } else {
            __m256 scale = _mm256_set1_ps(1.0f / sum);
            for (i = 0; i < vec; i += 8) _mm256_storeu_ps(o + i, _mm256_mul_ps(_mm256_loadu_ps(e + i), scale));
            for (i = vec; i < cols; i++) o[i] = e[i] * (1.0f / sum);
        }
    }
}
