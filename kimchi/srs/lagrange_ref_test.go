package srs

import (
	"fmt"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// This file keeps the original Lagrange-basis implementation (a Jacobian
// group FFT with one full ScalarMul per butterfly) as the reference the
// batch-affine implementation is tested and benchmarked against.

// refLagrangeBasisPallas is the reference (*Pallas).LagrangeBasis.
func refLagrangeBasisPallas(s *Pallas, n int) ([][]pallas.Affine, error) {
	return refLagrangeBasis[pallas.Jacobian, fq.Element](s.G, n, fq.Modulus(),
		func(a *pallas.Affine) (j pallas.Jacobian) { j.FromAffine(a); return j },
		pallas.BatchJacobianToAffine)
}

// refLagrangeBasisVesta is the reference (*Vesta).LagrangeBasis.
func refLagrangeBasisVesta(s *Vesta, n int) ([][]vesta.Affine, error) {
	return refLagrangeBasis[vesta.Jacobian, fp.Element](s.G, n, fp.Modulus(),
		func(a *vesta.Affine) (j vesta.Jacobian) { j.FromAffine(a); return j },
		vesta.BatchJacobianToAffine)
}

// jacobian is what the reference group FFT needs from a projective point
// type J whose scalars are S.
type jacobian[J, S any] interface {
	*J
	SetInfinity() *J
	Add(q *J) *J
	Neg(q *J) *J
	ScalarMul(q *J, k *S) *J
}

// refLagrangeBasis follows SRS::lagrange_basis chunk by chunk with
// refGroupIFFT.
func refLagrangeBasis[J, S any, PJ jacobian[J, S], PS scalarField[S], A any](g []A, n int, modulus *big.Int,
	toJac func(*A) J, toAffine func([]J) []A) ([][]A, error) {
	if n <= 0 || n&(n-1) != 0 {
		return nil, fmt.Errorf("%w: %d is not a power of two", ErrDomain, n)
	}
	if len(g) == 0 {
		return nil, fmt.Errorf("%w: empty SRS", ErrDepth)
	}
	omega := rootOfUnity[S, PS](n, modulus)
	var omegaInv, nInv S
	PS(&omegaInv).Inverse(&omega)
	PS(&nInv).SetUint64(uint64(n))
	PS(&nInv).Inverse(&nInv)

	chunks := (n + len(g) - 1) / len(g)
	res := make([][]A, chunks)
	u := make([]J, n)
	for c := range chunks {
		start := c * len(g)
		terms := min(start+len(g), n) - start
		for i := range u {
			if i >= start && i < start+terms {
				u[i] = toJac(&g[i-start])
			} else {
				PJ(&u[i]).SetInfinity()
			}
		}
		refGroupIFFT[J, S, PJ, PS](u, &omegaInv, &nInv)
		res[c] = toAffine(u)
	}
	return res, nil
}

// refGroupIFFT replaces u by nInv·Σ_j omegaInv^(ij)·u_j with an in-place
// radix-2 decimation-in-time FFT and one Jacobian ScalarMul per butterfly.
func refGroupIFFT[J, S any, PJ jacobian[J, S], PS scalarField[S]](u []J, omegaInv, nInv *S) {
	n := len(u)
	if n <= 1 {
		return
	}
	logN := bits.TrailingZeros(uint(n))
	for i := range n {
		if j := int(bits.Reverse(uint(i)) >> (bits.UintSize - logN)); i < j {
			u[i], u[j] = u[j], u[i]
		}
	}
	tw := make([]S, n/2)
	PS(&tw[0]).SetOne()
	for k := 1; k < n/2; k++ {
		PS(&tw[k]).Mul(&tw[k-1], omegaInv)
	}
	for half := 1; half < n; half *= 2 {
		stride := n / (2 * half)
		parallel(n/2, func(lo, hi int) {
			var t J
			for b := lo; b < hi; b++ {
				k := b % half
				i := (b/half)*2*half + k
				j := i + half
				if k == 0 {
					t = u[j]
				} else {
					PJ(&t).ScalarMul(&u[j], &tw[k*stride])
				}
				u[j] = u[i]
				PJ(&t).Neg(&t)
				PJ(&u[j]).Add(&t)
				PJ(&t).Neg(&t)
				PJ(&u[i]).Add(&t)
			}
		})
	}
	parallel(n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			PJ(&u[i]).ScalarMul(&u[i], nInv)
		}
	})
}

// TestLagrangeBasisMatchesReference checks that LagrangeBasis returns the
// reference implementation's points, chunk for chunk, on both curves: for
// every n = 2^1 … 2^10 with one chunk, and for random SRS depths that make
// proof-systems chunk the basis (depth < n) or use a prefix (depth > n).
func TestLagrangeBasisMatchesReference(t *testing.T) {
	ps, err := CreatePallas(1 << 10)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := CreateVesta(1 << 10)
	if err != nil {
		t.Fatal(err)
	}
	type size struct{ depth, n int }
	var sizes []size
	for logN := 1; logN <= 10; logN++ {
		sizes = append(sizes, size{1 << 10, 1 << logN})
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 6 {
		n := 1 << (1 + rng.IntN(8))
		sizes = append(sizes, size{1 + rng.IntN(2*n), n})
	}
	sizes = append(sizes, size{1, 8}, size{3, 4}, size{1000, 512})
	for _, sz := range sizes {
		name := fmt.Sprintf("depth=%d/n=%d", sz.depth, sz.n)
		t.Run("pallas/"+name, func(t *testing.T) {
			s := &Pallas{G: ps.G[:sz.depth], H: ps.H}
			got, err := s.LagrangeBasis(sz.n)
			if err != nil {
				t.Fatal(err)
			}
			want, err := refLagrangeBasisPallas(s, sz.n)
			if err != nil {
				t.Fatal(err)
			}
			if !equalBases(got, want) {
				t.Error("differs from the reference")
			}
		})
		t.Run("vesta/"+name, func(t *testing.T) {
			s := &Vesta{G: vs.G[:sz.depth], H: vs.H}
			got, err := s.LagrangeBasis(sz.n)
			if err != nil {
				t.Fatal(err)
			}
			want, err := refLagrangeBasisVesta(s, sz.n)
			if err != nil {
				t.Fatal(err)
			}
			eq := slices.EqualFunc(got, want, func(x, y []vesta.Affine) bool {
				return slices.EqualFunc(x, y, func(p, q vesta.Affine) bool { return p.Equal(&q) })
			})
			if !eq {
				t.Error("differs from the reference")
			}
		})
	}
}
