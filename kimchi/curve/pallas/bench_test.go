package pallas

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

func bn254Points(n int) []bn254.G1Affine {
	gJac, _, g, _ := bn254.Generators()
	var start bn254.G1Jac
	start.ScalarMultiplication(&gJac, bigFromUint(12345))
	jac := make([]bn254.G1Jac, n)
	jac[0] = start
	for i := 1; i < n; i++ {
		jac[i] = jac[i-1]
		jac[i].AddMixed(&g)
	}
	return bn254.BatchJacobianToAffineG1(jac)
}

// BenchmarkMultiExp compares MultiExp ("new") with the implementation it
// replaced ("old", msm_ref_test.go) in the same run, per scalar kind.
func BenchmarkMultiExp(b *testing.B) {
	const maxLog = 16
	rng := rand.New(rand.NewPCG(43, 44))
	pts := benchPoints(1 << maxLog)
	for _, kind := range benchKinds {
		scs := benchScalars(rng, kind, 1<<maxLog)
		for _, logN := range []int{12, 14, 16} {
			n := 1 << logN
			for _, impl := range []struct {
				name string
				f    func([]Affine, []scalar.Element) (Jacobian, error)
			}{{"new", MultiExp}, {"old", refMultiExp}} {
				b.Run(fmt.Sprintf("%s/2^%d/%s", kind, logN, impl.name), func(b *testing.B) {
					b.ReportAllocs()
					loopWithCPU(b, func() {
						if _, err := impl.f(pts[:n], scs[:n]); err != nil {
							b.Fatal(err)
						}
					})
				})
			}
		}
	}
}

// BenchmarkMultiExpGnark compares MultiExp with gnark-crypto's bn254 G1
// MultiExp (same size, random full-width scalars, all cores).
func BenchmarkMultiExpGnark(b *testing.B) {
	const maxLog = 16
	rng := rand.New(rand.NewPCG(43, 44))
	pts := benchPoints(1 << maxLog)
	scs := benchScalars(rng, "random", 1<<maxLog)
	bnPts := bn254Points(1 << maxLog)
	bnScs := make([]fr.Element, 1<<maxLog)
	for i := range bnScs {
		bnScs[i].MustSetRandom()
	}
	for _, logN := range []int{12, 14, 16} {
		n := 1 << logN
		b.Run(fmt.Sprintf("pallas/2^%d", logN), func(b *testing.B) {
			for b.Loop() {
				if _, err := MultiExp(pts[:n], scs[:n]); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("gnark-bn254/2^%d", logN), func(b *testing.B) {
			var r bn254.G1Jac
			for b.Loop() {
				if _, err := r.MultiExp(bnPts[:n], bnScs[:n], ecc.MultiExpConfig{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func bigFromUint(v uint64) *big.Int { return new(big.Int).SetUint64(v) }
