//go:build purego || !amd64

package lanes

import "unsafe"

const useAVX2 = false

func mulAVX2(r, a, b *Vec, m *Modulus) { m.mulGeneric(r, a, b) }

func setAVX2(bool) {}

func invsAVX2(pref, den, acc *Vec, groups uint64, m *Modulus) {
	m.invsGeneric(unsafe.Slice(pref, groups), unsafe.Slice(den, groups), acc)
}

func shiftAVX2(r, a *Vec, _ *Modulus) { shiftGeneric(r, a) }

func pack4AVX2(v *Vec, x *[4][4]uint64, s uint64, _ *Modulus) { pack4Generic(v, x, uint(s)) }

func words4AVX2(x *[4][4]uint64, v *Vec, m *Modulus) { m.words4Generic(x, v) }

func pairDensAVX2(pts *[4]uint64, src *int32, n uint64, den, pref, acc *Vec, m *Modulus, one *[4]uint64) {
	panic("lanes: no AVX2 kernels in this build")
}

func pairChordsAVX2(pts *[4]uint64, src, dst *int32, n uint64, inv *Vec, m *Modulus) {
	panic("lanes: no AVX2 kernels in this build")
}
