package prover

import (
	"testing"

	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

// TestFoldBasesAffine checks the batch-affine fold against lo + u·hi by
// plain scalar multiplication, for several challenges and sizes (including
// a partial chunk).
func TestFoldBasesAffine(t *testing.T) {
	s := loadSRS(t)
	endoR := vesta.EndoScalar()
	for _, tc := range []struct {
		name string
		m    int
		pre  uint64
	}{
		{"one point", 1, 12345},
		{"partial chunk", 300, 0xdeadbeefcafebabe},
		{"two chunks", 2 * foldChunk, 1},
		{"zero challenge", 17, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var inner fp.Element
			inner.SetUint64(tc.pre)
			inner.Mul(&inner, &inner) // spread bits over 128
			limbs := inner.Bits()
			pre := poseidon.ScalarChallengeFromLimbs[fp.Element]([2]uint64{limbs[0], limbs[1]})
			u := pre.ToField(endoR)
			lo, hi := s.G[:tc.m], s.G[tc.m:2*tc.m]
			got := foldBases(lo, hi, pre.Inner(), &u, &endoR)
			a, b := endoDecompose(pre.Inner())
			direct, ok := foldBasesAffine(lo, hi, a, b)
			if !ok {
				t.Fatal("batch-affine fold reported an exceptional case")
			}
			for i := range lo {
				var want vesta.Affine
				want.ScalarMul(&hi[i], &u)
				want.Add(&want, &lo[i])
				if !got[i].Equal(&want) || !direct[i].Equal(&want) {
					t.Fatalf("point %d differs", i)
				}
			}
		})
	}
}
