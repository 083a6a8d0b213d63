package pallas

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// naiveMSM is the reference Σ [k_i] P_i via double-and-add per term.
func naiveMSM(points []Affine, scalars []scalar.Element) Jacobian {
	var acc Jacobian
	acc.SetInfinity()
	for i := range points {
		var t Jacobian
		t.FromAffine(&points[i])
		t.ScalarMul(&t, &scalars[i])
		acc.Add(&t)
	}
	return acc
}

func TestMultiExpMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	// A pool of distinct points, reused to build larger inputs cheaply.
	pool := make([]Affine, 64)
	for i := range pool {
		pool[i] = randPoint(rng)
	}
	var minusOne scalar.Element
	minusOne.SetOne().Neg(&minusOne)
	for _, n := range []int{0, 1, 2, 3, 17, 100, 1000, 3000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			points := make([]Affine, n)
			scalars := make([]scalar.Element, n)
			for i := range n {
				points[i] = pool[rng.IntN(len(pool))]
				switch i % 11 {
				case 0:
					points[i] = Affine{} // infinity
					scalars[i] = randScalar(rng)
				case 1:
					// zero scalar
				case 2:
					scalars[i] = minusOne
				case 3:
					scalars[i].SetUint64(1)
				case 4:
					// same point twice with the same digit pattern: exercises
					// bucket doubling; and its negation: bucket cancellation.
					points[i] = pool[0]
					scalars[i].SetUint64(7)
				case 5:
					points[i].Neg(&pool[0])
					scalars[i].SetUint64(7)
				default:
					scalars[i] = randScalar(rng)
				}
			}
			got, err := MultiExp(points, scalars)
			if err != nil {
				t.Fatal(err)
			}
			want := naiveMSM(points, scalars)
			if !got.Equal(&want) {
				t.Fatalf("MultiExp(n=%d) differs from the naive sum", n)
			}
			if !got.IsOnCurve() {
				t.Fatalf("result not on curve")
			}
		})
	}
}

func TestMultiExpWindowSizes(t *testing.T) {
	// Every digit width, including ones dividing 256 where the top window
	// must absorb the final carry, on scalars close to the modulus.
	rng := rand.New(rand.NewPCG(23, 24))
	const n = 40
	points := make([]Affine, n)
	scalars := make([]scalar.Element, n)
	for i := range n {
		points[i] = randPoint(rng)
		scalars[i].SetUint64(uint64(i))
		scalars[i].Neg(&scalars[i]) // r - i: top bits set
		if i%2 == 0 {
			scalars[i] = randScalar(rng)
		}
	}
	want := naiveMSM(points, scalars)
	for c := 2; c <= 16; c++ {
		nbWindows := (scalar.Bits + 1 + c - 1) / c
		digits := signedDigits(scalars, c, nbWindows)
		var res Jacobian
		res.SetInfinity()
		buckets := make([]xyzz, 1<<(c-1))
		for w := nbWindows - 1; w >= 0; w-- {
			for range c {
				res.Double(&res)
			}
			win := processWindow(points, digits[w*n:(w+1)*n], buckets)
			res.Add(&win)
		}
		if !res.Equal(&want) {
			t.Fatalf("c=%d: bucket method differs from the naive sum", c)
		}
	}
}

func TestMultiExpLengthMismatch(t *testing.T) {
	_, err := MultiExp(make([]Affine, 2), make([]scalar.Element, 3))
	if !errors.Is(err, ErrMSMLength) {
		t.Fatalf("err = %v, want ErrMSMLength", err)
	}
}

func TestMultiExpBatchAffine(t *testing.T) {
	// Force the batch-affine window on inputs full of bucket collisions:
	// repeated points (doubling), opposite points (cancellation), infinity.
	rng := rand.New(rand.NewPCG(25, 26))
	const n = 3000
	pool := []Affine{randPoint(rng), randPoint(rng), randPoint(rng)}
	points := make([]Affine, n)
	scalars := make([]scalar.Element, n)
	for i := range n {
		points[i] = pool[i%len(pool)]
		switch i % 7 {
		case 0:
			points[i].Neg(&points[i])
		case 1:
			points[i] = Affine{}
		}
		if i%5 == 0 {
			scalars[i].SetUint64(uint64(i % 3))
		} else {
			scalars[i] = randScalar(rng)
		}
	}
	want := naiveMSM(points, scalars)
	for _, c := range []int{4, 8, 11} {
		nbWindows := (scalar.Bits + 1 + c - 1) / c
		digits := signedDigits(scalars, c, nbWindows)
		aw := newAffineWindow(1 << (c - 1))
		var res Jacobian
		res.SetInfinity()
		for w := nbWindows - 1; w >= 0; w-- {
			for range c {
				res.Double(&res)
			}
			win := aw.process(points, digits[w*n:(w+1)*n])
			res.Add(&win)
		}
		if !res.Equal(&want) {
			t.Fatalf("c=%d: batch-affine bucket method differs from the naive sum", c)
		}
	}
}
