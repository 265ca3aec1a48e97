//! `F2`: two `f64` lanes operated on together, for [`crate::batch`].
//!
//! Natively this is `[f64; 2]` with per-lane loops, which LLVM turns into SSE2 packed
//! instructions. On `wasm32` with `simd128` it is a `v128` operated on by the `f64x2`
//! instructions directly: LLVM's cost model for WebAssembly leaves the same per-lane loops
//! scalar, which made the WASM likelihood ~1.7× slower than native. Every operation is exact
//! IEEE arithmetic on each lane, so both forms give the same bits as the scalar filter.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::{
        f64x2, f64x2_abs, f64x2_add, f64x2_div, f64x2_extract_lane, f64x2_mul, f64x2_pmin,
        f64x2_splat, f64x2_sub, v128,
    };

    /// Two `f64` lanes (a `v128`).
    #[derive(Debug, Clone, Copy)]
    pub(crate) struct F2(v128);

    impl F2 {
        #[inline(always)]
        pub(crate) fn new(a: f64, b: f64) -> F2 {
            F2(f64x2(a, b))
        }
        #[inline(always)]
        pub(crate) fn splat(a: f64) -> F2 {
            F2(f64x2_splat(a))
        }
        #[inline(always)]
        pub(crate) fn lanes(self) -> [f64; 2] {
            [
                f64x2_extract_lane::<0>(self.0),
                f64x2_extract_lane::<1>(self.0),
            ]
        }
        #[inline(always)]
        pub(crate) fn add(self, o: F2) -> F2 {
            F2(f64x2_add(self.0, o.0))
        }
        #[inline(always)]
        pub(crate) fn sub(self, o: F2) -> F2 {
            F2(f64x2_sub(self.0, o.0))
        }
        #[inline(always)]
        pub(crate) fn mul(self, o: F2) -> F2 {
            F2(f64x2_mul(self.0, o.0))
        }
        #[inline(always)]
        pub(crate) fn div(self, o: F2) -> F2 {
            F2(f64x2_div(self.0, o.0))
        }
        #[inline(always)]
        pub(crate) fn abs(self) -> F2 {
            F2(f64x2_abs(self.0))
        }
        /// Per lane `if o < self { o } else { self }` (NaN in `o` keeps `self`).
        #[inline(always)]
        pub(crate) fn min_keep(self, o: F2) -> F2 {
            F2(f64x2_pmin(self.0, o.0))
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    /// Two `f64` lanes.
    #[derive(Debug, Clone, Copy)]
    pub(crate) struct F2([f64; 2]);

    #[inline(always)]
    fn zip(a: [f64; 2], b: [f64; 2], f: impl Fn(f64, f64) -> f64) -> [f64; 2] {
        [f(a[0], b[0]), f(a[1], b[1])]
    }

    impl F2 {
        #[inline(always)]
        pub(crate) fn new(a: f64, b: f64) -> F2 {
            F2([a, b])
        }
        #[inline(always)]
        pub(crate) fn splat(a: f64) -> F2 {
            F2([a, a])
        }
        #[inline(always)]
        pub(crate) fn lanes(self) -> [f64; 2] {
            self.0
        }
        #[inline(always)]
        pub(crate) fn add(self, o: F2) -> F2 {
            F2(zip(self.0, o.0, |a, b| a + b))
        }
        #[inline(always)]
        pub(crate) fn sub(self, o: F2) -> F2 {
            F2(zip(self.0, o.0, |a, b| a - b))
        }
        #[inline(always)]
        pub(crate) fn mul(self, o: F2) -> F2 {
            F2(zip(self.0, o.0, |a, b| a * b))
        }
        #[inline(always)]
        pub(crate) fn div(self, o: F2) -> F2 {
            F2(zip(self.0, o.0, |a, b| a / b))
        }
        #[inline(always)]
        pub(crate) fn abs(self) -> F2 {
            F2([self.0[0].abs(), self.0[1].abs()])
        }
        /// Per lane `if o < self { o } else { self }` (NaN in `o` keeps `self`).
        #[inline(always)]
        pub(crate) fn min_keep(self, o: F2) -> F2 {
            F2(zip(self.0, o.0, |s, o| if o < s { o } else { s }))
        }
    }
}

pub(crate) use imp::F2;

impl Default for F2 {
    fn default() -> Self {
        F2::splat(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::F2;

    #[test]
    fn lane_arithmetic_is_exact() {
        let a = F2::new(1.5, -2.25);
        let b = F2::new(0.1, 3.0);
        assert_eq!(a.add(b).lanes(), [1.5 + 0.1, -2.25 + 3.0]);
        assert_eq!(a.sub(b).lanes(), [1.5 - 0.1, -2.25 - 3.0]);
        assert_eq!(a.mul(b).lanes(), [1.5 * 0.1, -2.25 * 3.0]);
        assert_eq!(a.div(b).lanes(), [1.5 / 0.1, -2.25 / 3.0]);
        assert_eq!(a.abs().lanes(), [1.5, 2.25]);
        assert_eq!(a.min_keep(b).lanes(), [0.1, -2.25]);
        let nan = F2::new(f64::NAN, 0.0);
        assert_eq!(F2::new(1.0, 1.0).min_keep(nan).lanes(), [1.0, 0.0]);
    }
}
