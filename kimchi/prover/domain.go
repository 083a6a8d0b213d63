package prover

import (
	"fmt"
	"math/big"
	"math/bits"
	"runtime"
	"sync"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fp/fft"
)

// domain is a radix-2 evaluation domain {ω^i} of size n with FFT helpers.
// The generator is arkworks' group_gen: 5^((p-1)/2^32) squared down to
// order n (ark-poly Radix2EvaluationDomain; checked against the domain
// serialized in o1js's verification keys by TestDomainMatchesO1js).
type domain struct {
	n     int
	log   uint
	fft   *fft.Domain
	omega fp.Element
	nInv  fp.Element
}

func newDomain(n int) (*domain, error) {
	if n < 2 || n&(n-1) != 0 || n > 1<<32 {
		return nil, fmt.Errorf("prover: domain size %d is not a power of two in 2..2^32", n)
	}
	d := &domain{n: n, fft: fft.NewDomain(uint64(n))}
	for 1<<d.log < n {
		d.log++
	}
	d.omega = rootOfUnity(d.log)
	if !d.omega.Equal(&d.fft.Generator) {
		return nil, fmt.Errorf("prover: FFT generator of 2^%d differs from arkworks' root of unity", d.log)
	}
	d.nInv.SetUint64(uint64(n))
	d.nInv.Inverse(&d.nInv)
	return d, nil
}

// rootOfUnity is arkworks' 2^log-th root of unity: TWO_ADIC_ROOT_OF_UNITY
// = 5^((p-1)/2^32) (GENERATOR = 5, curves/src/pasta/fields/fp.rs), squared
// 32-log times.
func rootOfUnity(log uint) fp.Element {
	t := new(big.Int).Sub(fp.Modulus(), big.NewInt(1))
	t.Rsh(t, 32)
	var five, r fp.Element
	five.SetUint64(5)
	r.Exp(five, t)
	for range 32 - log {
		r.Square(&r)
	}
	return r
}

// interpolate returns the coefficients of the polynomial of degree < n
// taking the values evals on the domain (evals is not modified).
func (d *domain) interpolate(evals []fp.Element) []fp.Element {
	a := make([]fp.Element, d.n)
	copy(a, evals)
	d.fft.FFTInverse(a, fft.DIF)
	fft.BitReverse(a)
	return a
}

// interpolateBitRev is interpolate with the coefficients left in
// bit-reversed order (the inverse FFT's natural output), for
// cosetEvaluateBitRev.
func (d *domain) interpolateBitRev(evals []fp.Element) []fp.Element {
	a := make([]fp.Element, d.n)
	copy(a, evals)
	d.fft.FFTInverse(a, fft.DIF)
	return a
}

// cosetEvaluateBitRev is cosetEvaluatePowers for n coefficients in
// bit-reversed order (interpolateBitRev) and the shift's powers in the
// same order: the FFT then takes its input bit-reversed and returns the
// values in natural order, with no reordering pass on either side.
func (d *domain) cosetEvaluateBitRev(dst, coeffsBR, pwBR []fp.Element) {
	parallelFor(d.n, func(lo, hi int) {
		v := fp.Vector(dst[lo:hi])
		v.Mul(fp.Vector(coeffsBR[lo:hi]), fp.Vector(pwBR[lo:hi]))
	})
	d.fft.FFT(dst, fft.DIT)
}

// cosetEvaluatePowers writes p(shift·ω^i) for i < n into dst (len(dst) =
// n) for p with at most n coefficients, given the shift's powers pw[i] =
// shift^i (len(pw) ≥ len(coeffs)): callers evaluating many polynomials on
// one coset compute them once, and the scaling becomes one independent
// multiplication per coefficient.
func (d *domain) cosetEvaluatePowers(dst, coeffs, pw []fp.Element) {
	m := len(coeffs)
	parallelFor(m, func(lo, hi int) {
		v := fp.Vector(dst[lo:hi])
		v.Mul(fp.Vector(coeffs[lo:hi]), fp.Vector(pw[lo:hi]))
	})
	clear(dst[m:])
	d.fft.FFT(dst, fft.DIF)
	fft.BitReverse(dst)
}

// scalePowers sets a[i] *= s^i, in parallel.
func scalePowers(a []fp.Element, s fp.Element) {
	parallelFor(len(a), func(lo, hi int) {
		var p fp.Element
		p.Exp(s, big.NewInt(int64(lo)))
		for i := lo; i < hi; i++ {
			a[i].Mul(&a[i], &p)
			p.Mul(&p, &s)
		}
	})
}

// bitRev returns the reversal of i's low logN bits.
func bitRev(i int, logN uint) int {
	return int(bits.Reverse64(uint64(i)) >> (64 - logN))
}

// bitReverseInto sets dst[bitRev(i)] = src[i] for len(src) = len(dst) a
// power of two, in parallel: fft.BitReverse in place is a sequential pass.
func bitReverseInto(dst, src []fp.Element) {
	logN := uint(bits.TrailingZeros(uint(len(src))))
	parallelFor(len(src), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			dst[bitRev(i, logN)] = src[i]
		}
	})
}

// powers returns 1, x, ..., x^(n-1).
func powers(x fp.Element, n int) []fp.Element {
	out := make([]fp.Element, n)
	powersInto(out, x)
	return out
}

// powersInto sets out[i] = x^i.
func powersInto(out []fp.Element, x fp.Element) {
	parallelFor(len(out), func(lo, hi int) {
		var p fp.Element
		p.Exp(x, big.NewInt(int64(lo)))
		for i := lo; i < hi; i++ {
			out[i] = p
			p.Mul(&p, &x)
		}
	})
}

// evalPoly is Horner's rule.
func evalPoly(coeffs []fp.Element, x *fp.Element) fp.Element {
	var r fp.Element
	for i := len(coeffs) - 1; i >= 0; i-- {
		r.Mul(&r, x)
		r.Add(&r, &coeffs[i])
	}
	return r
}

func pow(x fp.Element, e uint64) fp.Element {
	var r fp.Element
	r.Exp(x, new(big.Int).SetUint64(e))
	return r
}

// parallelFor splits [0, n) into contiguous ranges over the available cores.
func parallelFor(n int, f func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < 1024 || workers == 1 {
		f(0, n)
		return
	}
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(lo, hi)
		}()
	}
	wg.Wait()
}

// parallelTasks runs f(i) for i < n on the available cores.
func parallelTasks(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	wg.Wait()
}
