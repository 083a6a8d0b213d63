package srs

import (
	"fmt"
	"math/big"
	"math/bits"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// LagrangeBasis returns the commitments to the Lagrange polynomials of the
// domain of size n (a power of two) as proof-systems' SRS::lagrange_basis
// computes them: res[c][i] is chunk c of the commitment to L_i. With
// n ≤ len(G) there is one chunk and res[0][i] = (1/n)·Σ_j ω^(-ij)·G_j.
func (s *Pallas) LagrangeBasis(n int) ([][]pallas.Affine, error) {
	res, err := lagrangeBasis[pallas.Jacobian, fq.Element](s.G, n, fq.Modulus(),
		func(a *pallas.Affine) (j pallas.Jacobian) { j.FromAffine(a); return j },
		pallas.BatchJacobianToAffine)
	if err != nil {
		return nil, fmt.Errorf("srs: pallas: %w", err)
	}
	return res, nil
}

// LagrangeBasis returns the commitments to the Lagrange polynomials of the
// domain of size n (a power of two); see (*Pallas).LagrangeBasis.
func (s *Vesta) LagrangeBasis(n int) ([][]vesta.Affine, error) {
	res, err := lagrangeBasis[vesta.Jacobian, fp.Element](s.G, n, fp.Modulus(),
		func(a *vesta.Affine) (j vesta.Jacobian) { j.FromAffine(a); return j },
		vesta.BatchJacobianToAffine)
	if err != nil {
		return nil, fmt.Errorf("srs: vesta: %w", err)
	}
	return res, nil
}

// jacobian is what the group FFT needs from a projective point type J whose
// scalars are S.
type jacobian[J, S any] interface {
	*J
	SetInfinity() *J
	Add(q *J) *J
	Neg(q *J) *J
	ScalarMul(q *J, k *S) *J
}

// scalarField is what the group FFT needs from the scalar field.
type scalarField[S any] interface {
	*S
	SetOne() *S
	SetUint64(v uint64) *S
	Mul(x, y *S) *S
	Inverse(x *S) *S
	Exp(x S, k *big.Int) *S
}

// rootOfUnity returns arkworks' Radix2EvaluationDomain::new(n).group_gen for
// a power of two n: TWO_ADIC_ROOT_OF_UNITY^(2^(32 - log n)) with
// TWO_ADIC_ROOT_OF_UNITY = 5^T, i.e. 5^((p-1)/n).
func rootOfUnity[S any, PS scalarField[S]](n int, modulus *big.Int) S {
	var e big.Int
	e.Sub(modulus, big.NewInt(1))
	e.Rsh(&e, uint(bits.TrailingZeros(uint(n))))
	var g, w S
	PS(&g).SetUint64(5)
	PS(&w).Exp(g, &e)
	return w
}

// lagrangeBasis follows SRS::lagrange_basis (poly-commitment/src/ipa.rs): for
// each chunk c of ceil(n/len(g)) it sets u_{c·len(g)+j} = G_j for the
// len(g) (or fewer, in the last chunk) slots of that chunk, zero elsewhere,
// and applies the domain's IFFT to u.
func lagrangeBasis[J, S any, PJ jacobian[J, S], PS scalarField[S], A any](g []A, n int, modulus *big.Int,
	toJac func(*A) J, toAffine func([]J) []A) ([][]A, error) {
	if n <= 0 || n&(n-1) != 0 {
		return nil, fmt.Errorf("%w: %d is not a power of two", ErrDomain, n)
	}
	if bits.TrailingZeros(uint(n)) > 32 {
		return nil, fmt.Errorf("%w: %d exceeds the 2-adicity 2^32", ErrDomain, n)
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
		groupIFFT[J, S, PJ, PS](u, &omegaInv, &nInv)
		res[c] = toAffine(u)
	}
	return res, nil
}

// groupIFFT replaces u by its inverse DFT over the group: u'_i =
// nInv·Σ_j omegaInv^(ij)·u_j, with an in-place radix-2 decimation-in-time
// FFT (bit-reversal permutation, then log n butterfly stages, each stage's
// butterflies spread over all cores). Twiddles equal to 1 cost nothing, so a
// size-n transform does about (n/2)·(log n - 2) + n scalar multiplications.
func groupIFFT[J, S any, PJ jacobian[J, S], PS scalarField[S]](u []J, omegaInv, nInv *S) {
	n := len(u)
	if n <= 1 {
		return // nInv = 1
	}
	logN := bits.TrailingZeros(uint(n))
	for i := range n {
		if j := int(bits.Reverse(uint(i)) >> (bits.UintSize - logN)); i < j {
			u[i], u[j] = u[j], u[i]
		}
	}
	// tw[k] = omegaInv^k for k < n/2.
	tw := make([]S, n/2)
	PS(&tw[0]).SetOne()
	for k := 1; k < n/2; k++ {
		PS(&tw[k]).Mul(&tw[k-1], omegaInv)
	}
	for half := 1; half < n; half *= 2 {
		stride := n / (2 * half) // twiddle for k in this stage is tw[k·stride]
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
