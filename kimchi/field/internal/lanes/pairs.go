package lanes

import "math/bits"

// The batch-affine chord additions R = P + Q of kimchi/field's
// AddAffinePairs, four pairs at a time: points are consecutive (x, y) pairs
// of Elements in pts (point k is (pts[2k], pts[2k+1])); pair i adds point
// src[i] and the point after it and writes R to point dst[i]. Pair i is
// lane i mod 4 of group i/4. The caller checks the indices (the kernels
// do not) and does the one scalar inversion between the two passes.

// PairDens is the first pass: den[g] = 32·(Q.x - P.x) lane by lane (1 for
// a lane past the last pair), pref[g] = 32·acc, acc = acc·den[g]; acc
// starts as the caller sets it (one, Montgomery's 1, in every lane), so it
// ends as each lane's product of its denominators. den and pref need
// ⌈len(src)/4⌉ Vecs.
func (m *Modulus) PairDens(pts [][4]uint64, src []int32, den, pref []Vec, acc *Vec, one *[4]uint64) {
	n := len(src)
	if n == 0 {
		return
	}
	if useAVX2 {
		pairDensAVX2(&pts[0], &src[0], uint64(n), &den[0], &pref[0], acc, m, one)
		return
	}
	var w [4][4]uint64
	for g := range (n + 3) / 4 {
		for l := range 4 {
			w[l] = *one
			if i := 4*g + l; i < n {
				p := pts[2*int(src[i]):]
				m.subMod(&w[l], &p[2], &p[0])
			}
		}
		m.Pack4(&den[g], &w, 5)
		m.Shift(&pref[g], acc)
		m.Mul(acc, acc, &den[g])
	}
}

// PairChords is the last pass: with inv[g] = 1/(Q.x - P.x) lane by lane
// (Invs' result), λ = (Q.y - P.y)·inv, R.x = λ² - P.x - Q.x and R.y =
// λ·(P.x - R.x) - P.y, written to point dst[i]. Every pair reads its
// operands before it writes R, so R may be its own P or Q.
func (m *Modulus) PairChords(pts [][4]uint64, src, dst []int32, inv []Vec) {
	n := len(src)
	if n == 0 {
		return
	}
	if useAVX2 {
		pairChordsAVX2(&pts[0], &src[0], &dst[0], uint64(n), &inv[0], m)
		return
	}
	var w, xr [4][4]uint64
	var dy, lam, lam32, prod Vec
	for g := range (n + 3) / 4 {
		base := 4 * g
		k := min(4, n-base)
		for l := range 4 {
			w[l] = [4]uint64{}
			if l < k {
				p := pts[2*int(src[base+l]):]
				m.subMod(&w[l], &p[3], &p[1])
			}
		}
		m.Pack4(&dy, &w, 5)
		m.Mul(&lam, &dy, &inv[g])
		m.Shift(&lam32, &lam)
		m.Mul(&prod, &lam32, &lam)
		m.Words4(&w, &prod)
		for l := range 4 {
			if l >= k {
				w[l] = [4]uint64{}
				continue
			}
			p := pts[2*int(src[base+l]):]
			m.subMod(&xr[l], &w[l], &p[0])
			m.subMod(&xr[l], &xr[l], &p[2])
			m.subMod(&w[l], &p[0], &xr[l])
		}
		m.Pack4(&dy, &w, 0)
		m.Mul(&prod, &lam32, &dy)
		m.Words4(&w, &prod)
		for l := range k {
			i := base + l
			p := pts[2*int(src[i]):]
			var y [4]uint64
			m.subMod(&y, &w[l], &p[1])
			r := pts[2*int(dst[i]):]
			r[0], r[1] = xr[l], y
		}
	}
}

// subMod sets z = x - y mod p for x, y < p.
func (m *Modulus) subMod(z, x, y *[4]uint64) {
	var b, c uint64
	var d [4]uint64
	d[0], b = bits.Sub64(x[0], y[0], 0)
	d[1], b = bits.Sub64(x[1], y[1], b)
	d[2], b = bits.Sub64(x[2], y[2], b)
	d[3], b = bits.Sub64(x[3], y[3], b)
	mask := -b
	z[0], c = bits.Add64(d[0], m.words[0]&mask, 0)
	z[1], c = bits.Add64(d[1], m.words[1]&mask, c)
	z[2], c = bits.Add64(d[2], m.words[2]&mask, c)
	z[3], _ = bits.Add64(d[3], m.words[3]&mask, c)
}
