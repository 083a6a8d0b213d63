//go:build !purego

package lanes

import "golang.org/x/sys/cpu"

//go:generate go run gen_asm.go

// useAVX2 selects the assembly kernel; tests switch it off to run the Go loop.
var useAVX2 = cpu.X86.HasAVX2

//go:noescape
func mulAVX2(r, a, b *Vec, m *Modulus)

func setAVX2(on bool) { useAVX2 = on }

//go:noescape
func invsAVX2(pref, den, acc *Vec, groups uint64, m *Modulus)

//go:noescape
func shiftAVX2(r, a *Vec, m *Modulus)

//go:noescape
func pack4AVX2(v *Vec, x *[4][4]uint64, s uint64, m *Modulus)

//go:noescape
func words4AVX2(x *[4][4]uint64, v *Vec, m *Modulus)

//go:noescape
func pairDensAVX2(pts *[4]uint64, src *int32, n uint64, den, pref, acc *Vec, m *Modulus, one *[4]uint64)

//go:noescape
func pairChordsAVX2(pts *[4]uint64, src, dst *int32, n uint64, inv *Vec, m *Modulus)
