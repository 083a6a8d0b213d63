package field_test

import (
	"fmt"
	"math/bits"
	"testing"

	bnfr "github.com/consensys/gnark-crypto/ecc/bn254/fr"
	bnfft "github.com/consensys/gnark-crypto/ecc/bn254/fr/fft"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	fpfft "github.com/zkml-mina/zkml/kimchi/field/fp/fft"
)

// BenchmarkFFT compares the generated Fp FFT with gnark-crypto's bn254 fr FFT
// at 2^16 (DIF, bit-reversed output, all cores), and the Fp FFT at 2^14.
func BenchmarkFFT(b *testing.B) {
	const n = 1 << 16
	for _, m := range []uint64{1 << 14, n} {
		b.Run(fmt.Sprintf("pasta-fp/2^%d", bits.TrailingZeros64(m)), func(b *testing.B) {
			domain := fpfft.NewDomain(m)
			a := make(fp.Vector, m)
			a.MustSetRandom()
			for b.Loop() {
				domain.FFT(a, fpfft.DIF)
			}
		})
	}
	b.Run("gnark-bn254-fr/2^16", func(b *testing.B) {
		domain := bnfft.NewDomain(n)
		a := make(bnfr.Vector, n)
		a.MustSetRandom()
		for b.Loop() {
			domain.FFT(a, bnfft.DIF)
		}
	})
}
