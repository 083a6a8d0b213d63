//go:build purego || !amd64

package lanes

const useAVX2 = false

func setAVX2(bool) {}

// The kernels below are never called: every caller checks useAVX2 first.
// They exist so that the package builds.

func mulAVX2(r, a, b *Vec, m *Modulus) { noKernels() }

func invsAVX2(pref, den, acc *Vec, groups uint64, m *Modulus) { noKernels() }

func shiftAVX2(r, a *Vec, m *Modulus) { noKernels() }

func pack4AVX2(v *Vec, x *[4][4]uint64, s uint64, m *Modulus) { noKernels() }

func words4AVX2(x *[4][4]uint64, v *Vec, m *Modulus) { noKernels() }

func pairDensAVX2(pts *[4]uint64, src *int32, n uint64, den, pref, acc *Vec, m *Modulus, one *[4]uint64) {
	noKernels()
}

func pairChordsAVX2(pts *[4]uint64, src, dst *int32, n uint64, inv *Vec, m *Modulus) { noKernels() }

func noKernels() { panic("lanes: no AVX2 kernels in this build") }
