package srs

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	fpfft "github.com/zkml-mina/zkml/kimchi/field/fp/fft"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
	fqfft "github.com/zkml-mina/zkml/kimchi/field/fq/fft"
)

// interpolate returns the coefficients c of the polynomial with c(ω^i) =
// evals[i], by the naive O(n²) inverse DFT (independent of the group FFT).
func interpolate[S any, PS interface {
	scalarField[S]
	Add(x, y *S) *S
	SetZero() *S
}](evals []S, omega *S) []S {
	n := len(evals)
	var omegaInv, nInv S
	PS(&omegaInv).Inverse(omega)
	PS(&nInv).SetUint64(uint64(n))
	PS(&nInv).Inverse(&nInv)
	coeffs := make([]S, n)
	var wj S // ω^(-j)
	PS(&wj).SetOne()
	for j := range coeffs {
		var acc, pow, term S
		PS(&acc).SetZero()
		PS(&pow).SetOne() // ω^(-ij)
		for i := range evals {
			PS(&term).Mul(&evals[i], &pow)
			PS(&acc).Add(&acc, &term)
			PS(&pow).Mul(&pow, &wj)
		}
		PS(&coeffs[j]).Mul(&acc, &nInv)
		PS(&wj).Mul(&wj, &omegaInv)
	}
	return coeffs
}

// TestLagrangeBasisDefiningProperty checks, for every chunk c, that
// MSM(L[c], evals) = MSM(G, coeffs of chunk c) where coeffs interpolates
// evals on the domain: the Lagrange commitments commit to the polynomial with
// those evaluations. depth < n exercises proof-systems' chunking.
func TestLagrangeBasisDefiningProperty(t *testing.T) {
	ps, err := CreatePallas(1 << 10)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := CreateVesta(1 << 10)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		depth, n int
	}{
		{"n=2", 1 << 10, 2},
		{"n=2^4", 1 << 10, 1 << 4},
		{"n=2^10", 1 << 10, 1 << 10},
		{"n=2^4,depth=2^4", 1 << 4, 1 << 4},
		{"chunked n=2^4,depth=8", 8, 1 << 4},
		{"chunked n=2^4,depth=5", 5, 1 << 4},
		{"chunked n=2^3,depth=1", 1, 1 << 3},
	}
	for _, tc := range tests {
		t.Run("pallas/"+tc.name, func(t *testing.T) {
			s := &Pallas{G: ps.G[:tc.depth], H: ps.H}
			basis, err := s.LagrangeBasis(tc.n)
			if err != nil {
				t.Fatal(err)
			}
			omega := rootOfUnity[fq.Element](tc.n, fq.Modulus())
			checkBasis(t, s.G, basis, tc.n, &omega, pallas.MultiExp)
		})
		t.Run("vesta/"+tc.name, func(t *testing.T) {
			s := &Vesta{G: vs.G[:tc.depth], H: vs.H}
			basis, err := s.LagrangeBasis(tc.n)
			if err != nil {
				t.Fatal(err)
			}
			omega := rootOfUnity[fp.Element](tc.n, fp.Modulus())
			checkBasis(t, s.G, basis, tc.n, &omega, vesta.MultiExp)
		})
	}
}

func checkBasis[A, J, S any, PS interface {
	scalarField[S]
	Add(x, y *S) *S
	SetZero() *S
	SetRandom() (*S, error)
}, PJ interface {
	*J
	Equal(q *J) bool
}](t *testing.T, g []A, basis [][]A, n int, omega *S, msm func([]A, []S) (J, error)) {
	t.Helper()
	wantChunks := (n + len(g) - 1) / len(g)
	if len(basis) != wantChunks {
		t.Fatalf("%d chunks, want %d", len(basis), wantChunks)
	}
	evals := make([]S, n)
	for i := range evals {
		if _, err := PS(&evals[i]).SetRandom(); err != nil {
			t.Fatal(err)
		}
	}
	coeffs := interpolate[S, PS](evals, omega)
	for c := range basis {
		if len(basis[c]) != n {
			t.Fatalf("chunk %d has %d points, want %d", c, len(basis[c]), n)
		}
		got, err := msm(basis[c], evals)
		if err != nil {
			t.Fatal(err)
		}
		start := c * len(g)
		terms := min(start+len(g), n) - start
		want, err := msm(g[:terms], coeffs[start:start+terms])
		if err != nil {
			t.Fatal(err)
		}
		if !PJ(&got).Equal(&want) {
			t.Errorf("chunk %d: MSM(L, evals) ≠ MSM(G, coeffs)", c)
		}
	}
}

// TestLagrangeBasisUnitVectors checks the first and a random Lagrange
// commitment directly: L_0 = (1/n)·ΣG_j and L_i·n = Σ_j ω^(-ij)·G_j.
func TestLagrangeBasisUnitVectors(t *testing.T) {
	const n = 1 << 5
	s, err := CreatePallas(n)
	if err != nil {
		t.Fatal(err)
	}
	basis, err := s.LagrangeBasis(n)
	if err != nil {
		t.Fatal(err)
	}
	omega := rootOfUnity[fq.Element](n, fq.Modulus())
	var omegaInv fq.Element
	omegaInv.Inverse(&omega)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, i := range []int{0, 1, n - 1, rng.IntN(n)} {
		var want, term pallas.Jacobian
		want.SetInfinity()
		var wi, pow fq.Element
		wi.Exp(omegaInv, big.NewInt(int64(i)))
		pow.SetOne()
		for j := range n {
			term.FromAffine(&s.G[j])
			term.ScalarMul(&term, &pow)
			want.Add(&term)
			pow.Mul(&pow, &wi)
		}
		var got pallas.Jacobian
		got.FromAffine(&basis[0][i])
		var nEl fq.Element
		nEl.SetUint64(n)
		got.ScalarMul(&got, &nEl)
		if !got.Equal(&want) {
			t.Errorf("n·L_%d ≠ Σ_j ω^(-%d·j)·G_j", i, i)
		}
	}
}

// TestRootOfUnityMatchesFFTDomain checks that arkworks' group_gen (5^((p-1)/n))
// is the generator the field FFT packages use.
func TestRootOfUnityMatchesFFTDomain(t *testing.T) {
	for _, logN := range []int{0, 1, 4, 10, 16, 32} {
		n := 1 << logN
		wq := rootOfUnity[fq.Element](n, fq.Modulus())
		dq := fqfft.NewDomain(uint64(n), fqfft.WithoutPrecompute())
		if !wq.Equal(&dq.Generator) {
			t.Errorf("fq: n=2^%d: ω = %s, fft domain has %s", logN, wq.String(), dq.Generator.String())
		}
		wp := rootOfUnity[fp.Element](n, fp.Modulus())
		dp := fpfft.NewDomain(uint64(n), fpfft.WithoutPrecompute())
		if !wp.Equal(&dp.Generator) {
			t.Errorf("fp: n=2^%d: ω = %s, fft domain has %s", logN, wp.String(), dp.Generator.String())
		}
		var chk fq.Element
		chk.Exp(wq, big.NewInt(int64(n)))
		if !chk.IsOne() {
			t.Errorf("fq: ω^n ≠ 1 for n=2^%d", logN)
		}
	}
}

func TestLagrangeBasisRejects(t *testing.T) {
	s, err := CreateVesta(4)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		srs  *Vesta
		n    int
		want error
	}{
		{"zero", s, 0, ErrDomain},
		{"negative", s, -4, ErrDomain},
		{"not a power of two", s, 12, ErrDomain},
		{"empty srs", &Vesta{}, 4, ErrDepth},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.srs.LagrangeBasis(tc.n); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}
