;; I420 -> RGBA with 128-bit SIMD in 16-bit lanes, byte for byte the same as i420ToRgbaJs in
;; yuv.ts, which computes the same integers through tables.
;;
;; Each sample's contribution is a fixed-point number with 6 fractional bits, made by the
;; rounding Q15 multiply i16x8.q15mulr_sat_s (x * c + 0x4000) >> 15:
;;
;;   luma  x = (Y - 16) << 7    c =  19077   1.164383 * 64 * 256
;;   red   x = (V - 128) << 8   c =  13075   1.596027 * 64 * 128
;;   green x = (U - 128) << 8   c =  -3209  -0.391762 * 64 * 128
;;   green x = (V - 128) << 8   c =  -6660  -0.812968 * 64 * 128
;;   blue  x = (U - 128) << 8   c =  16525   2.017232 * 64 * 128
;;
;; A channel is (luma + 32 + chroma) >> 6, saturated to 0-255. The sums are added with signed
;; saturation: only a blue above 511 can reach it, and that is 255 either way.
;;
;; Layout: the luma rows are at $yPlane (stride $w), the chroma rows at $uPlane and $vPlane
;; (stride ceil($w / 2)), the output rows at $dst (stride 4 * $w); row 0 of each is the first row
;; of a chroma row, and each area is followed by 64 bytes the module may read (or, after the
;; output, write). Columns go 16 at a time, the last block running past the row's end: it reads
;; bytes of the next row or of the slack (harmless) and writes pixels past the end of the row.
;; Blocks are done from the right, so what the top row of a pair writes past its end (the start
;; of the bottom row) is overwritten when the bottom row's first block is done; what the bottom
;; row writes past its end lands on the next pair, done later, or on rows outside y0..y1 that
;; the caller does not copy.
(module
  (memory (export "memory") 1)

  ;; Converts rows $y0 .. $y1 (exclusive) of $w-wide I420 planes into RGBA at $dst.
  (func (export "i420ToRgba")
    (param $yPlane i32) (param $uPlane i32) (param $vPlane i32) (param $w i32) (param $dst i32)
    (param $y0 i32) (param $y1 i32)
    (local $cw i32) (local $y i32) (local $x i32)
    (local $last i32) (local $c i32) (local $row i32) (local $yp i32) (local $dp i32)
    (local $u v128) (local $v v128) (local $t v128) (local $r v128) (local $g v128) (local $b v128)
    (local $rl v128) (local $rh v128) (local $gl v128) (local $gh v128) (local $bl v128) (local $bh v128)
    (local $kl v128) (local $kh v128) (local $rr v128) (local $gg v128) (local $bb v128)
    (local $lo v128) (local $hi v128) (local $p v128) (local $q v128)

    (local.set $cw (i32.shr_u (i32.add (local.get $w) (i32.const 1)) (i32.const 1)))
    ;; Start of the rightmost block of 16 columns.
    (local.set $last (i32.and (i32.sub (local.get $w) (i32.const 1)) (i32.const -16)))
    (local.set $y (i32.and (local.get $y0) (i32.const -2)))

    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $y) (local.get $y1)))
        (local.set $x (local.get $last))
        (loop $blocks
          ;; Eight chroma samples for sixteen columns of both rows, as (sample - 128) << 8.
          (local.set $c (i32.add (i32.mul (i32.shr_u (local.get $y) (i32.const 1)) (local.get $cw))
                                 (i32.shr_u (local.get $x) (i32.const 1))))
          (local.set $u (i16x8.shl (i16x8.sub
            (i16x8.extend_low_i8x16_u (v128.load64_zero (i32.add (local.get $uPlane) (local.get $c))))
            (v128.const i16x8 128 128 128 128 128 128 128 128)) (i32.const 8)))
          (local.set $v (i16x8.shl (i16x8.sub
            (i16x8.extend_low_i8x16_u (v128.load64_zero (i32.add (local.get $vPlane) (local.get $c))))
            (v128.const i16x8 128 128 128 128 128 128 128 128)) (i32.const 8)))
          (local.set $r (i16x8.q15mulr_sat_s (local.get $v) (v128.const i16x8 13075 13075 13075 13075 13075 13075 13075 13075)))
          (local.set $g (i16x8.add
            (i16x8.q15mulr_sat_s (local.get $u) (v128.const i16x8 -3209 -3209 -3209 -3209 -3209 -3209 -3209 -3209))
            (i16x8.q15mulr_sat_s (local.get $v) (v128.const i16x8 -6660 -6660 -6660 -6660 -6660 -6660 -6660 -6660))))
          (local.set $b (i16x8.q15mulr_sat_s (local.get $u) (v128.const i16x8 16525 16525 16525 16525 16525 16525 16525 16525)))
          ;; Each chroma sample serves two columns: [a b c d e f g h] -> [a a b b c c d d], [e e f f g g h h].
          (local.set $rl (i8x16.shuffle 0 1 0 1 2 3 2 3 4 5 4 5 6 7 6 7 (local.get $r) (local.get $r)))
          (local.set $rh (i8x16.shuffle 8 9 8 9 10 11 10 11 12 13 12 13 14 15 14 15 (local.get $r) (local.get $r)))
          (local.set $gl (i8x16.shuffle 0 1 0 1 2 3 2 3 4 5 4 5 6 7 6 7 (local.get $g) (local.get $g)))
          (local.set $gh (i8x16.shuffle 8 9 8 9 10 11 10 11 12 13 12 13 14 15 14 15 (local.get $g) (local.get $g)))
          (local.set $bl (i8x16.shuffle 0 1 0 1 2 3 2 3 4 5 4 5 6 7 6 7 (local.get $b) (local.get $b)))
          (local.set $bh (i8x16.shuffle 8 9 8 9 10 11 10 11 12 13 12 13 14 15 14 15 (local.get $b) (local.get $b)))

          ;; The two rows of the pair, each only when inside y0 .. y1.
          (local.set $row (local.get $y))
          (block $pairDone
            (loop $pair
              (br_if $pairDone (i32.ge_s (local.get $row) (local.get $y1)))
              (if (i32.ge_s (local.get $row) (local.get $y0))
                (then
                  (local.set $yp (i32.add (local.get $yPlane)
                    (i32.add (i32.mul (local.get $row) (local.get $w)) (local.get $x))))
                  (local.set $dp (i32.add (local.get $dst) (i32.shl
                    (i32.add (i32.mul (local.get $row) (local.get $w)) (local.get $x)) (i32.const 2))))
                  ;; Luma of 16 pixels, plus 32 for the rounding of the final >> 6.
                  (local.set $t (v128.load (local.get $yp)))
                  (local.set $kl (i16x8.add (i16x8.q15mulr_sat_s
                    (i16x8.shl (i16x8.sub (i16x8.extend_low_i8x16_u (local.get $t))
                      (v128.const i16x8 16 16 16 16 16 16 16 16)) (i32.const 7))
                    (v128.const i16x8 19077 19077 19077 19077 19077 19077 19077 19077))
                    (v128.const i16x8 32 32 32 32 32 32 32 32)))
                  (local.set $kh (i16x8.add (i16x8.q15mulr_sat_s
                    (i16x8.shl (i16x8.sub (i16x8.extend_high_i8x16_u (local.get $t))
                      (v128.const i16x8 16 16 16 16 16 16 16 16)) (i32.const 7))
                    (v128.const i16x8 19077 19077 19077 19077 19077 19077 19077 19077))
                    (v128.const i16x8 32 32 32 32 32 32 32 32)))
                  ;; Channels: (luma + chroma) >> 6, saturated to 0-255 while narrowing to bytes.
                  (local.set $rr (i8x16.narrow_i16x8_u
                    (i16x8.shr_s (i16x8.add_sat_s (local.get $kl) (local.get $rl)) (i32.const 6))
                    (i16x8.shr_s (i16x8.add_sat_s (local.get $kh) (local.get $rh)) (i32.const 6))))
                  (local.set $gg (i8x16.narrow_i16x8_u
                    (i16x8.shr_s (i16x8.add_sat_s (local.get $kl) (local.get $gl)) (i32.const 6))
                    (i16x8.shr_s (i16x8.add_sat_s (local.get $kh) (local.get $gh)) (i32.const 6))))
                  (local.set $bb (i8x16.narrow_i16x8_u
                    (i16x8.shr_s (i16x8.add_sat_s (local.get $kl) (local.get $bl)) (i32.const 6))
                    (i16x8.shr_s (i16x8.add_sat_s (local.get $kh) (local.get $bh)) (i32.const 6))))
                  ;; Interleave: RG and B(alpha 255) byte pairs, then RGBA quads.
                  (local.set $lo (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $rr) (local.get $gg)))
                  (local.set $hi (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $rr) (local.get $gg)))
                  (local.set $t (v128.const i32x4 -1 -1 -1 -1))
                  (local.set $p (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $bb) (local.get $t)))
                  (local.set $q (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $bb) (local.get $t)))
                  (v128.store (local.get $dp)
                    (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $lo) (local.get $p)))
                  (v128.store offset=16 (local.get $dp)
                    (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $lo) (local.get $p)))
                  (v128.store offset=32 (local.get $dp)
                    (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $hi) (local.get $q)))
                  (v128.store offset=48 (local.get $dp)
                    (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $hi) (local.get $q)))))
              (local.set $row (i32.add (local.get $row) (i32.const 1)))
              (br_if $pair (i32.lt_s (local.get $row) (i32.add (local.get $y) (i32.const 2))))))

          (local.set $x (i32.sub (local.get $x) (i32.const 16)))
          (br_if $blocks (i32.ge_s (local.get $x) (i32.const 0))))
        (local.set $y (i32.add (local.get $y) (i32.const 2)))
        (br $rows)))))
