package groupmap

import (
	"errors"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/blake2b"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// testField adds what the tests need beyond Field.
type testField[E any] interface {
	Field[E]
	SetBytes(e []byte) *E
	SetRandom() (*E, error)
	SqrtTonelliShanks(x *E) *E
	Sqrt(x *E) *E
	Legendre() int
	LexicographicallyLargest() bool
	Bytes() [32]byte
}

// tcase is one curve's map, for table-driven tests.
type tcase[E any, PE testField[E]] struct {
	label string
	m     *Map[E, PE]
}

func cases(t *testing.T) []any {
	t.Helper()
	p, err := NewPallas()
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewVesta()
	if err != nil {
		t.Fatal(err)
	}
	return []any{
		tcase[fp.Element, *fp.Element]{"pallas", p},
		tcase[fq.Element, *fq.Element]{"vesta", v},
	}
}

func forEach(t *testing.T, pallas func(*testing.T, tcase[fp.Element, *fp.Element]), vesta func(*testing.T, tcase[fq.Element, *fq.Element])) {
	for _, c := range cases(t) {
		switch c := c.(type) {
		case tcase[fp.Element, *fp.Element]:
			t.Run(c.label, func(t *testing.T) { pallas(t, c) })
		case tcase[fq.Element, *fq.Element]:
			t.Run(c.label, func(t *testing.T) { vesta(t, c) })
		}
	}
}

func random[E any, PE testField[E]](t *testing.T) E {
	t.Helper()
	var e E
	if _, err := PE(&e).SetRandom(); err != nil {
		t.Fatal(err)
	}
	return e
}

func fromUint[E any, PE testField[E]](v uint64) E {
	var e E
	PE(&e).SetUint64(v)
	return e
}

func onCurve[E any, PE testField[E]](x, y *E) bool {
	var l, r, b E
	PE(&l).Square(y)
	PE(&r).Square(x)
	PE(&r).Mul(&r, x)
	PE(&b).SetUint64(5)
	PE(&r).Add(&r, &b)
	return PE(&l).Equal(&r)
}

func checkSetup[E any, PE testField[E]](t *testing.T, m *Map[E, PE]) {
	one, six, three := fromUint[E, PE](1), fromUint[E, PE](6), fromUint[E, PE](3)
	if u := m.U(); !PE(&u).Equal(&one) {
		t.Errorf("u ≠ 1")
	}
	if !PE(&m.fu).Equal(&six) {
		t.Errorf("f(u) ≠ 6")
	}
	var sq, negThree E
	s := m.SqrtNegThreeUSquared()
	PE(&sq).Square(&s)
	PE(&negThree).Neg(&three)
	if !PE(&sq).Equal(&negThree) {
		t.Errorf("sqrt(-3u²)² ≠ -3")
	}
	var chk E
	PE(&chk).Mul(&m.invThreeUSq, &three)
	if !PE(&chk).Equal(&one) {
		t.Errorf("inv_three_u_squared·3 ≠ 1")
	}
	// 2·((s - u)/2) = s - u
	var two, l, r E
	PE(&two).SetUint64(2)
	PE(&l).Mul(&m.sqrtNegThreeUSquaredMinusUOver2, &two)
	PE(&r).Sub(&s, &one)
	if !PE(&l).Equal(&r) {
		t.Errorf("sqrt_neg_three_u_squared_minus_u_over_2 is wrong")
	}
}

func TestSetup(t *testing.T) {
	forEach(t,
		func(t *testing.T, c tcase[fp.Element, *fp.Element]) { checkSetup(t, c.m) },
		func(t *testing.T, c tcase[fq.Element, *fq.Element]) { checkSetup(t, c.m) })
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name string
		s    uint
	}{
		{"wrong 2-adicity", 31},
		{"zero 2-adicity", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := New[fp.Element](5, fp.Modulus(), tc.s); !errors.Is(err, ErrSetup) {
				t.Errorf("err = %v, want ErrSetup", err)
			}
		})
	}
}

// checkSqrt compares the arkworks Tonelli–Shanks port with gnark-crypto's
// SqrtTonelliShanks (the same algorithm and non-residue) on squares and
// non-squares, and counts how often gnark's default Sqrt picks the other
// root.
func checkSqrt[E any, PE testField[E]](t *testing.T, m *Map[E, PE]) {
	differ := 0
	for range 500 {
		a := random[E, PE](t)
		r, ok := m.Sqrt(&a)
		if ok != (PE(&a).Legendre() >= 0) {
			t.Fatalf("Sqrt ok = %v, Legendre = %d", ok, PE(&a).Legendre())
		}
		var ts E
		tsOK := PE(&ts).SqrtTonelliShanks(&a) != nil
		if ok != tsOK || (ok && !PE(&r).Equal(&ts)) {
			t.Fatalf("Sqrt differs from gnark SqrtTonelliShanks")
		}
		if !ok {
			var zero E
			if !PE(&r).Equal(&zero) {
				t.Errorf("non-square gives non-zero root")
			}
			continue
		}
		var sq E
		PE(&sq).Square(&r)
		if !PE(&sq).Equal(&a) {
			t.Fatalf("Sqrt(a)² ≠ a")
		}
		var sk E
		PE(&sk).Sqrt(&a)
		if !PE(&sk).Equal(&r) {
			differ++
		}
	}
	var zero E
	if r, ok := m.Sqrt(&zero); !ok || !PE(&r).IsZero() {
		t.Errorf("Sqrt(0) = %v, %v", r, ok)
	}
	t.Logf("gnark's default Sqrt returned the other root in %d of 500 cases", differ)
}

func TestSqrt(t *testing.T) {
	forEach(t,
		func(t *testing.T, c tcase[fp.Element, *fp.Element]) { checkSqrt(t, c.m) },
		func(t *testing.T, c tcase[fq.Element, *fq.Element]) { checkSqrt(t, c.m) })
}

// checkMap checks hand-derived properties of the SvdW candidates and that
// ToGroup lands on the curve.
func checkMap[E any, PE testField[E]](t *testing.T, m *Map[E, PE]) {
	ts := []E{fromUint[E, PE](0), fromUint[E, PE](1), fromUint[E, PE](2)}
	for range 200 {
		ts = append(ts, random[E, PE](t))
	}
	// t² = -f(u) makes α's denominator vanish too, when -6 is a square.
	var negFu E
	PE(&negFu).Neg(&m.fu)
	if r, ok := m.Sqrt(&negFu); ok {
		ts = append(ts, r)
	}
	batch := m.BatchPotentialXs(ts)
	one := fromUint[E, PE](1)
	for i := range ts {
		xs := m.PotentialXs(&ts[i])
		for k := range xs {
			if !PE(&xs[k]).Equal(&batch[i][k]) {
				t.Errorf("t[%d]: BatchPotentialXs ≠ PotentialXs", i)
			}
		}
		// x1 + x2 = -u
		var sum, negU E
		PE(&sum).Add(&xs[0], &xs[1])
		PE(&negU).Neg(&one)
		if !PE(&sum).Equal(&negU) {
			t.Errorf("t[%d]: x1 + x2 ≠ -u", i)
		}
		x, y, err := m.ToGroup(&ts[i])
		if err != nil {
			if i < 3 || i >= 203 { // degenerate t may have no square candidate
				continue
			}
			t.Fatalf("t[%d]: %v", i, err)
		}
		if !onCurve[E, PE](&x, &y) {
			t.Errorf("t[%d]: (x, y) not on y² = x³ + 5", i)
		}
		// The first candidate with a square f(x) wins.
		for k := range xs {
			if _, ok := m.GetY(&xs[k]); ok {
				if !PE(&xs[k]).Equal(&x) {
					t.Errorf("t[%d]: ToGroup did not take the first valid candidate", i)
				}
				break
			}
		}
		// SvdW: f(x1)·f(x2)·f(x3) is a square when α ≠ 0.
		var prod, fx E
		PE(&prod).SetOne()
		for k := range xs {
			m.curveEqn(&fx, &xs[k])
			PE(&prod).Mul(&prod, &fx)
		}
		if i >= 3 && i < 203 && PE(&prod).Legendre() < 0 {
			t.Errorf("t[%d]: f(x1)f(x2)f(x3) is not a square", i)
		}
	}
}

func TestToGroup(t *testing.T) {
	forEach(t,
		func(t *testing.T, c tcase[fp.Element, *fp.Element]) { checkMap(t, c.m) },
		func(t *testing.T, c tcase[fq.Element, *fq.Element]) { checkMap(t, c.m) })
}

// seedToField packs Blake2b output as point_of_random_bytes does: bit j of
// byte i is bit 247-(8i+j) of t.
func seedToField[E any, PE testField[E]](h [64]byte) E {
	var be [32]byte
	for i := range 31 {
		be[1+i] = bits.Reverse8(h[i])
	}
	var t E
	PE(&t).SetBytes(be[:])
	return t
}

// checkAgainstSRS maps the first n SRS seeds and compares x and the sign of
// y with proof-systems' file; both signs occur, so the exact arkworks root
// is what makes them agree.
func checkAgainstSRS[E any, PE testField[E]](t *testing.T, m *Map[E, PE], file string, n int) {
	b, err := os.ReadFile(filepath.Join(oracle.SharedDir(t), "kimchi-vectors", "srs", file))
	if err != nil {
		t.Fatal(err)
	}
	w, err := wire.DecodeSRS(b)
	if err != nil {
		t.Fatal(err)
	}
	signs := map[bool]int{}
	for i := range n {
		h := blake2b.Sum512([]byte{byte(i >> 24), byte(i >> 16), byte(i >> 8), byte(i)})
		tt := seedToField[E, PE](h)
		x, y, err := m.ToGroup(&tt)
		if err != nil {
			t.Fatalf("G[%d]: %v", i, err)
		}
		xb := PE(&x).Bytes() // big-endian
		var le [32]byte
		for k := range 32 {
			le[k] = xb[31-k]
		}
		want := w.G[i]
		if le != want.X() {
			t.Fatalf("G[%d]: x differs", i)
		}
		neg := PE(&y).LexicographicallyLargest()
		signs[neg]++
		if neg != want.YNegative() {
			t.Fatalf("G[%d]: y has the other sign", i)
		}
	}
	if signs[true] == 0 || signs[false] == 0 {
		t.Errorf("expected both y signs among %d points, got %v", n, signs)
	}
}

func TestAgainstSRSFiles(t *testing.T) {
	const n = 2048
	forEach(t,
		func(t *testing.T, c tcase[fp.Element, *fp.Element]) { checkAgainstSRS(t, c.m, "pallas.srs", n) },
		func(t *testing.T, c tcase[fq.Element, *fq.Element]) { checkAgainstSRS(t, c.m, "vesta.srs", n) })
}

func BenchmarkToGroup(b *testing.B) {
	m, err := NewPallas()
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var t fp.Element
	t.SetUint64(rng.Uint64())
	for b.Loop() {
		if _, _, err := m.ToGroup(&t); err != nil {
			b.Fatal(err)
		}
		t.Add(&t, &t)
	}
}
