;; I420 -> RGBA with 128-bit SIMD, byte for byte the same as i420ToRgbaJs in yuv.ts.
;;
;; The JavaScript converter adds per-sample contributions read from tables; each table entry is
;; Math.round(coefficient * 256 * (sample - offset)). Here each entry is computed instead, as
;; (C * sample + K) >> s in 32-bit lanes, with C, K and s chosen so that all 256 entries are the
;; same integers as the table's (test/backends/ffmpeg/yuv-simd.test.ts checks every one):
;;
;;   luma  (Y)  C =   305236  s = 10   entry + 128 (rounding of the final >> 8) folded into K
;;   red   (V)  C =   418389  s = 10
;;   green (U)  C =  -821585  s = 13
;;   green (V)  C = -3409835  s = 14
;;   blue  (U)  C =  2115221  s = 12
;;
;; A channel is then (luma + chroma) >> 8, saturated to 0-255 by the two narrowing steps.
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
    (local $u v128) (local $v v128) (local $t v128)
    (local $rl v128) (local $rh v128) (local $gl v128) (local $gh v128) (local $bl v128) (local $bh v128)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $g0 v128) (local $g1 v128) (local $g2 v128) (local $g3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128)
    (local $rr v128) (local $gg v128) (local $bb v128) (local $lo v128) (local $hi v128)

    (local.set $cw (i32.shr_u (i32.add (local.get $w) (i32.const 1)) (i32.const 1)))
    ;; Start of the rightmost block of 16 columns.
    (local.set $last (i32.and (i32.sub (local.get $w) (i32.const 1)) (i32.const -16)))
    (local.set $y (i32.and (local.get $y0) (i32.const -2)))

    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $y) (local.get $y1)))
        (local.set $x (local.get $last))
        (loop $blocks
          ;; Eight chroma samples for sixteen columns of both rows.
          (local.set $c (i32.add (i32.mul (i32.shr_u (local.get $y) (i32.const 1)) (local.get $cw))
                                 (i32.shr_u (local.get $x) (i32.const 1))))
          (local.set $u (v128.load64_zero (i32.add (local.get $uPlane) (local.get $c))))
          (local.set $v (v128.load64_zero (i32.add (local.get $vPlane) (local.get $c))))
          (local.set $u (i16x8.extend_low_i8x16_u (local.get $u)))
          (local.set $v (i16x8.extend_low_i8x16_u (local.get $v)))

          ;; red: (418389 * V + 512 - 128 * 418389) >> 10
          (local.set $rl (i32x4.shr_s (i32x4.add (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $v))
            (v128.const i32x4 418389 418389 418389 418389))
            (v128.const i32x4 -53553280 -53553280 -53553280 -53553280)) (i32.const 10)))
          (local.set $rh (i32x4.shr_s (i32x4.add (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $v))
            (v128.const i32x4 418389 418389 418389 418389))
            (v128.const i32x4 -53553280 -53553280 -53553280 -53553280)) (i32.const 10)))
          ;; green: ((-821585 * U + 4096 + 128 * 821585) >> 13) + ((-3409835 * V + 8192 + 128 * 3409835) >> 14)
          (local.set $gl (i32x4.add
            (i32x4.shr_s (i32x4.add (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $u))
              (v128.const i32x4 -821585 -821585 -821585 -821585))
              (v128.const i32x4 105166976 105166976 105166976 105166976)) (i32.const 13))
            (i32x4.shr_s (i32x4.add (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $v))
              (v128.const i32x4 -3409835 -3409835 -3409835 -3409835))
              (v128.const i32x4 436467072 436467072 436467072 436467072)) (i32.const 14))))
          (local.set $gh (i32x4.add
            (i32x4.shr_s (i32x4.add (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $u))
              (v128.const i32x4 -821585 -821585 -821585 -821585))
              (v128.const i32x4 105166976 105166976 105166976 105166976)) (i32.const 13))
            (i32x4.shr_s (i32x4.add (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $v))
              (v128.const i32x4 -3409835 -3409835 -3409835 -3409835))
              (v128.const i32x4 436467072 436467072 436467072 436467072)) (i32.const 14))))
          ;; blue: (2115221 * U + 2048 - 128 * 2115221) >> 12
          (local.set $bl (i32x4.shr_s (i32x4.add (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $u))
            (v128.const i32x4 2115221 2115221 2115221 2115221))
            (v128.const i32x4 -270746240 -270746240 -270746240 -270746240)) (i32.const 12)))
          (local.set $bh (i32x4.shr_s (i32x4.add (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $u))
            (v128.const i32x4 2115221 2115221 2115221 2115221))
            (v128.const i32x4 -270746240 -270746240 -270746240 -270746240)) (i32.const 12)))

          ;; Each chroma sample serves two columns: [a b c d] -> [a a b b], [c c d d].
          (local.set $r0 (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $rl) (local.get $rl)))
          (local.set $r1 (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $rl) (local.get $rl)))
          (local.set $r2 (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $rh) (local.get $rh)))
          (local.set $r3 (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $rh) (local.get $rh)))
          (local.set $g0 (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $gl) (local.get $gl)))
          (local.set $g1 (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $gl) (local.get $gl)))
          (local.set $g2 (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $gh) (local.get $gh)))
          (local.set $g3 (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $gh) (local.get $gh)))
          (local.set $b0 (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $bl) (local.get $bl)))
          (local.set $b1 (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $bl) (local.get $bl)))
          (local.set $b2 (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $bh) (local.get $bh)))
          (local.set $b3 (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15 (local.get $bh) (local.get $bh)))

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
                  ;; Luma entries of 16 pixels: (305236 * Y + 512 - 16 * 305236 + 128 * 1024) >> 10
                  (local.set $t (v128.load (local.get $yp)))
                  (local.set $lo (i16x8.extend_low_i8x16_u (local.get $t)))
                  (local.set $hi (i16x8.extend_high_i8x16_u (local.get $t)))
                  (local.set $k0 (i32x4.shr_s (i32x4.add (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $lo))
                    (v128.const i32x4 305236 305236 305236 305236))
                    (v128.const i32x4 -4752192 -4752192 -4752192 -4752192)) (i32.const 10)))
                  (local.set $k1 (i32x4.shr_s (i32x4.add (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $lo))
                    (v128.const i32x4 305236 305236 305236 305236))
                    (v128.const i32x4 -4752192 -4752192 -4752192 -4752192)) (i32.const 10)))
                  (local.set $k2 (i32x4.shr_s (i32x4.add (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $hi))
                    (v128.const i32x4 305236 305236 305236 305236))
                    (v128.const i32x4 -4752192 -4752192 -4752192 -4752192)) (i32.const 10)))
                  (local.set $k3 (i32x4.shr_s (i32x4.add (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $hi))
                    (v128.const i32x4 305236 305236 305236 305236))
                    (v128.const i32x4 -4752192 -4752192 -4752192 -4752192)) (i32.const 10)))
                  ;; Channels: (luma + chroma) >> 8, saturated to 0-255 while narrowing to bytes.
                  (local.set $rr (i8x16.narrow_i16x8_u
                    (i16x8.narrow_i32x4_s
                      (i32x4.shr_s (i32x4.add (local.get $k0) (local.get $r0)) (i32.const 8))
                      (i32x4.shr_s (i32x4.add (local.get $k1) (local.get $r1)) (i32.const 8)))
                    (i16x8.narrow_i32x4_s
                      (i32x4.shr_s (i32x4.add (local.get $k2) (local.get $r2)) (i32.const 8))
                      (i32x4.shr_s (i32x4.add (local.get $k3) (local.get $r3)) (i32.const 8)))))
                  (local.set $gg (i8x16.narrow_i16x8_u
                    (i16x8.narrow_i32x4_s
                      (i32x4.shr_s (i32x4.add (local.get $k0) (local.get $g0)) (i32.const 8))
                      (i32x4.shr_s (i32x4.add (local.get $k1) (local.get $g1)) (i32.const 8)))
                    (i16x8.narrow_i32x4_s
                      (i32x4.shr_s (i32x4.add (local.get $k2) (local.get $g2)) (i32.const 8))
                      (i32x4.shr_s (i32x4.add (local.get $k3) (local.get $g3)) (i32.const 8)))))
                  (local.set $bb (i8x16.narrow_i16x8_u
                    (i16x8.narrow_i32x4_s
                      (i32x4.shr_s (i32x4.add (local.get $k0) (local.get $b0)) (i32.const 8))
                      (i32x4.shr_s (i32x4.add (local.get $k1) (local.get $b1)) (i32.const 8)))
                    (i16x8.narrow_i32x4_s
                      (i32x4.shr_s (i32x4.add (local.get $k2) (local.get $b2)) (i32.const 8))
                      (i32x4.shr_s (i32x4.add (local.get $k3) (local.get $b3)) (i32.const 8)))))
                  ;; Interleave: RG and B(alpha 255) byte pairs, then RGBA quads.
                  (local.set $lo (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $rr) (local.get $gg)))
                  (local.set $hi (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $rr) (local.get $gg)))
                  (local.set $t (v128.const i32x4 -1 -1 -1 -1))
                  (local.set $k0 (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $bb) (local.get $t)))
                  (local.set $k1 (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $bb) (local.get $t)))
                  (v128.store (local.get $dp)
                    (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $lo) (local.get $k0)))
                  (v128.store offset=16 (local.get $dp)
                    (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $lo) (local.get $k0)))
                  (v128.store offset=32 (local.get $dp)
                    (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $hi) (local.get $k1)))
                  (v128.store offset=48 (local.get $dp)
                    (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $hi) (local.get $k1)))))
              (local.set $row (i32.add (local.get $row) (i32.const 1)))
              (br_if $pair (i32.lt_s (local.get $row) (i32.add (local.get $y) (i32.const 2))))))

          (local.set $x (i32.sub (local.get $x) (i32.const 16)))
          (br_if $blocks (i32.ge_s (local.get $x) (i32.const 0))))
        (local.set $y (i32.add (local.get $y) (i32.const 2)))
        (br $rows)))))
