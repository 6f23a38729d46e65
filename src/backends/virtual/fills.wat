;; The inner loops of the virtual camera's row fills (fills.ts, wall.ts) in WebAssembly: each
;; writes `n` packed RGBA pixels to `dst`, one palette colour per pixel, the palette index being
;; the fill's value plus the frame's noise. Byte for byte what the JavaScript loops write.
;;
;; Every pointer is a byte address in this module's memory, laid out by kernels.ts:
;;   $pal   the palette entry of index 0 (signed noise and overshoot read either side of it);
;;   $noise the noise value (i16) of the run's first pixel;
;;   $row   the first texel (u8) of the texture row, $row2 the next row (bilinear).
;; Texture coordinates are 16.16 fixed point over a 1024-texel period, as in wall.ts.
(module
  (memory (export "memory") 1)

  ;; One colour: dst[i] = pal[noise[i]].
  (func (export "flat") (param $dst i32) (param $n i32) (param $pal i32) (param $noise i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (loop $px
        (i32.store
          (local.get $dst)
          (i32.load
            (i32.add (local.get $pal) (i32.shl (i32.load16_s (local.get $noise)) (i32.const 2)))))
        (local.set $noise (i32.add (local.get $noise) (i32.const 2)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br_if $px (i32.lt_u (local.get $dst) (local.get $end))))))

  ;; The wall, nearest texel: dst[i] = pal[row[u >> 16] + noise[i]], u += du (mod 1024 texels).
  ;; Two pixels a turn, then the odd one.
  (func (export "wall") (param $dst i32) (param $n i32) (param $pal i32) (param $noise i32)
    (param $row i32) (param $u i32) (param $du i32)
    (local $end i32) (local $pairs i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $pairs (i32.add (local.get $dst) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $dst) (local.get $pairs)))
      (loop $px
        (i32.store
          (local.get $dst)
          (i32.load
            (i32.add
              (local.get $pal)
              (i32.shl
                (i32.add
                  (i32.load8_u (i32.add (local.get $row) (i32.shr_u (local.get $u) (i32.const 16))))
                  (i32.load16_s (local.get $noise)))
                (i32.const 2)))))
        (local.set $u (i32.and (i32.add (local.get $u) (local.get $du)) (i32.const 0x3ffffff)))
        (i32.store offset=4
          (local.get $dst)
          (i32.load
            (i32.add
              (local.get $pal)
              (i32.shl
                (i32.add
                  (i32.load8_u (i32.add (local.get $row) (i32.shr_u (local.get $u) (i32.const 16))))
                  (i32.load16_s offset=2 (local.get $noise)))
                (i32.const 2)))))
        (local.set $u (i32.and (i32.add (local.get $u) (local.get $du)) (i32.const 0x3ffffff)))
        (local.set $noise (i32.add (local.get $noise) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (br_if $px (i32.lt_u (local.get $dst) (local.get $pairs)))))
    (if (i32.lt_u (local.get $dst) (local.get $end))
      (then
        (i32.store
          (local.get $dst)
          (i32.load
            (i32.add
              (local.get $pal)
              (i32.shl
                (i32.add
                  (i32.load8_u (i32.add (local.get $row) (i32.shr_u (local.get $u) (i32.const 16))))
                  (i32.load16_s (local.get $noise)))
                (i32.const 2))))))))

  ;; The wall, bilinear between rows $row and $row2 ($fy in 1/256) and texels u >> 16 and the
  ;; next one ((u >> 8) & 255 in 1/256), arithmetic shifts as in wall.ts.
  (func (export "wallBilinear") (param $dst i32) (param $n i32) (param $pal i32) (param $noise i32)
    (param $row i32) (param $u i32) (param $du i32) (param $row2 i32) (param $fy i32)
    (local $end i32) (local $ui i32) (local $un i32) (local $fx i32)
    (local $a0 i32) (local $b0 i32) (local $a i32) (local $b i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (loop $px
        (local.set $ui (i32.shr_u (local.get $u) (i32.const 16)))
        (local.set $un (i32.and (i32.add (local.get $ui) (i32.const 1)) (i32.const 1023)))
        (local.set $fx (i32.and (i32.shr_u (local.get $u) (i32.const 8)) (i32.const 255)))
        (local.set $a0 (i32.load8_u (i32.add (local.get $row) (local.get $ui))))
        (local.set $b0 (i32.load8_u (i32.add (local.get $row2) (local.get $ui))))
        (local.set $a
          (i32.add (local.get $a0)
            (i32.shr_s
              (i32.mul
                (i32.sub (i32.load8_u (i32.add (local.get $row) (local.get $un))) (local.get $a0))
                (local.get $fx))
              (i32.const 8))))
        (local.set $b
          (i32.add (local.get $b0)
            (i32.shr_s
              (i32.mul
                (i32.sub (i32.load8_u (i32.add (local.get $row2) (local.get $un))) (local.get $b0))
                (local.get $fx))
              (i32.const 8))))
        (i32.store
          (local.get $dst)
          (i32.load
            (i32.add
              (local.get $pal)
              (i32.shl
                (i32.add
                  (i32.add
                    (local.get $a)
                    (i32.shr_s (i32.mul (i32.sub (local.get $b) (local.get $a)) (local.get $fy)) (i32.const 8)))
                  (i32.load16_s (local.get $noise)))
                (i32.const 2)))))
        (local.set $u (i32.and (i32.add (local.get $u) (local.get $du)) (i32.const 0x3ffffff)))
        (local.set $noise (i32.add (local.get $noise) (i32.const 2)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br_if $px (i32.lt_u (local.get $dst) (local.get $end))))))

  ;; A checkerboard row: dst[i] = pal[((wave[(u >> 10) & 1023] * sy) >> 7) + noise[i]], the
  ;; phase u in 1/2^20 of a period, u += du (mod 2^20); $wave holds 1024 i16 values.
  (func (export "checker") (param $dst i32) (param $n i32) (param $pal i32) (param $noise i32)
    (param $wave i32) (param $u i32) (param $du i32) (param $sy i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (loop $px
        (i32.store
          (local.get $dst)
          (i32.load
            (i32.add
              (local.get $pal)
              (i32.shl
                (i32.add
                  (i32.shr_s
                    (i32.mul
                      (i32.load16_s
                        (i32.add
                          (local.get $wave)
                          (i32.shl
                            (i32.and (i32.shr_u (local.get $u) (i32.const 10)) (i32.const 1023))
                            (i32.const 1))))
                      (local.get $sy))
                    (i32.const 7))
                  (i32.load16_s (local.get $noise)))
                (i32.const 2)))))
        (local.set $u (i32.and (i32.add (local.get $u) (local.get $du)) (i32.const 0xfffff)))
        (local.set $noise (i32.add (local.get $noise) (i32.const 2)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br_if $px (i32.lt_u (local.get $dst) (local.get $end))))))
)
