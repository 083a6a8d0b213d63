package pallas

import (
	"math/big"
	"math/rand/v2"
	"testing"

	base "github.com/zkml-mina/zkml/kimchi/field/fp"
	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// bigPoint is an affine point in math/big arithmetic; nil is infinity.
type bigPoint struct{ x, y *big.Int }

var bigP = base.Modulus()

func bigAdd(a, b *bigPoint) *bigPoint {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	var l big.Int
	if a.x.Cmp(b.x) == 0 {
		if new(big.Int).Add(a.y, b.y).Mod(new(big.Int).Add(a.y, b.y), bigP).Sign() == 0 {
			return nil
		}
		num := new(big.Int).Mul(a.x, a.x)
		num.Mul(num, big.NewInt(3))
		den := new(big.Int).Lsh(a.y, 1)
		l.Mul(num, den.ModInverse(den, bigP))
	} else {
		num := new(big.Int).Sub(b.y, a.y)
		den := new(big.Int).Sub(b.x, a.x)
		den.Mod(den, bigP)
		l.Mul(num, den.ModInverse(den, bigP))
	}
	l.Mod(&l, bigP)
	x := new(big.Int).Mul(&l, &l)
	x.Sub(x, a.x).Sub(x, b.x).Mod(x, bigP)
	y := new(big.Int).Sub(a.x, x)
	y.Mul(y, &l).Sub(y, a.y).Mod(y, bigP)
	return &bigPoint{x, y}
}

func bigMul(k *big.Int, p *bigPoint) *bigPoint {
	var r *bigPoint
	for i := k.BitLen() - 1; i >= 0; i-- {
		r = bigAdd(r, r)
		if k.Bit(i) == 1 {
			r = bigAdd(r, p)
		}
	}
	return r
}

func toBig(p *Affine) *bigPoint {
	if p.IsInfinity() {
		return nil
	}
	return &bigPoint{p.X.BigInt(new(big.Int)), p.Y.BigInt(new(big.Int))}
}

func fromBig(p *bigPoint) Affine {
	var a Affine
	if p != nil {
		a.X.SetBigInt(p.x)
		a.Y.SetBigInt(p.y)
	}
	return a
}

func randScalar(rng *rand.Rand) scalar.Element {
	var b [32]byte
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	var s scalar.Element
	s.SetBigInt(new(big.Int).SetBytes(b[:]))
	return s
}

func randPoint(rng *rand.Rand) Affine {
	s := randScalar(rng)
	g := Generator()
	var p Affine
	p.ScalarMul(&g, &s)
	return p
}

func TestGeneratorAndOrder(t *testing.T) {
	g := Generator()
	if !g.IsOnCurve() || g.IsInfinity() {
		t.Fatal("generator is not a finite curve point")
	}
	if g.X.String() != "1" {
		t.Fatalf("generator x = %s, want 1 (proof-systems G_GENERATOR_X)", g.X.String())
	}
	// [r]G = O and [r-1]G = -G.
	if r := bigMul(scalar.Modulus(), toBig(&g)); r != nil {
		t.Fatal("[r]G != infinity")
	}
	var minusOne scalar.Element
	minusOne.SetOne().Neg(&minusOne)
	var got, want Affine
	got.ScalarMul(&g, &minusOne)
	want.Neg(&g)
	if !got.Equal(&want) {
		t.Fatal("[r-1]G != -G")
	}
}

func TestPointOpsAgainstBig(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	g := Generator()
	var negG Affine
	negG.Neg(&g)
	inf := Affine{}
	type pair struct {
		name string
		a, b Affine
	}
	cases := []pair{
		{"inf+inf", inf, inf},
		{"G+inf", g, inf},
		{"inf+G", inf, g},
		{"G+G", g, g},
		{"G+-G", g, negG},
	}
	for i := range 40 {
		a := randPoint(rng)
		b := randPoint(rng)
		cases = append(cases, pair{"random" + string(rune('a'+i%26)), a, b}, pair{"same", a, a})
	}
	for _, tc := range cases {
		want := fromBig(bigAdd(toBig(&tc.a), toBig(&tc.b)))
		// Affine add.
		var got Affine
		got.Add(&tc.a, &tc.b)
		if !got.Equal(&want) {
			t.Fatalf("%s: affine add mismatch", tc.name)
		}
		// Jacobian add, with a non-trivial Z on both sides.
		var ja, jb Jacobian
		ja.FromAffine(&tc.a)
		jb.FromAffine(&tc.b)
		ja.Double(&ja).Add(&jb).Add(&jb)
		ja.Add(new(Jacobian).Neg(new(Jacobian).FromAffine(&tc.a)))
		ja.Add(new(Jacobian).Neg(new(Jacobian).FromAffine(&tc.b))) // = a + b
		if !ja.IsOnCurve() {
			t.Fatalf("%s: jacobian result not on curve", tc.name)
		}
		var jw Jacobian
		jw.FromAffine(&want)
		if !ja.Equal(&jw) {
			t.Fatalf("%s: jacobian add mismatch", tc.name)
		}
		// Mixed add.
		var jm Jacobian
		jm.FromAffine(&tc.a)
		jm.AddMixed(&tc.b)
		if !jm.Equal(&jw) {
			t.Fatalf("%s: mixed add mismatch", tc.name)
		}
		// Double.
		var jd Jacobian
		jd.FromAffine(&tc.a)
		jd.Double(&jd)
		wd := fromBig(bigAdd(toBig(&tc.a), toBig(&tc.a)))
		var jwd Jacobian
		jwd.FromAffine(&wd)
		if !jd.Equal(&jwd) {
			t.Fatalf("%s: double mismatch", tc.name)
		}
	}
}

func TestScalarMulAgainstBig(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	g := Generator()
	r := scalar.Modulus()
	edge := []*big.Int{
		big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(3),
		new(big.Int).Sub(r, big.NewInt(1)),
		new(big.Int).Sub(r, big.NewInt(2)),
		new(big.Int).Lsh(big.NewInt(1), 128),
		new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 254), big.NewInt(1)),
		new(big.Int).Set(&endoLambda),
	}
	for range 25 {
		s := randScalar(rng)
		edge = append(edge, s.BigInt(new(big.Int)))
	}
	points := []Affine{g, randPoint(rng), {}}
	for _, p := range points {
		for _, k := range edge {
			var ks scalar.Element
			ks.SetBigInt(k)
			var got Affine
			got.ScalarMul(&p, &ks)
			want := fromBig(bigMul(k, toBig(&p)))
			if !got.Equal(&want) {
				t.Fatalf("[%v]P mismatch", k)
			}
		}
	}
}

func TestEndomorphism(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	beta := EndoBase()
	// β is a primitive cube root of unity, as is λ.
	var b3 base.Element
	b3.Square(&beta).Mul(&b3, &beta)
	if !b3.IsOne() || beta.IsOne() {
		t.Fatal("β is not a primitive cube root of unity")
	}
	lambda := EndoScalar()
	var l3 scalar.Element
	l3.Square(&lambda).Mul(&l3, &lambda)
	if !l3.IsOne() || lambda.IsOne() {
		t.Fatal("λ is not a primitive cube root of unity")
	}
	// proof-systems: endo_q = 5^((p-1)/3); endo_r = 5^((r-1)/3) or its square.
	pm1 := new(big.Int).Sub(base.Modulus(), big.NewInt(1))
	wantBeta := new(big.Int).Exp(big.NewInt(5), pm1.Div(pm1, big.NewInt(3)), base.Modulus())
	if beta.BigInt(new(big.Int)).Cmp(wantBeta) != 0 {
		t.Fatal("β != 5^((p-1)/3)")
	}
	rm1 := new(big.Int).Sub(scalar.Modulus(), big.NewInt(1))
	cand := new(big.Int).Exp(big.NewInt(5), rm1.Div(rm1, big.NewInt(3)), scalar.Modulus())
	lb := lambda.BigInt(new(big.Int))
	candSq := new(big.Int).Mul(cand, cand)
	candSq.Mod(candSq, scalar.Modulus())
	if lb.Cmp(cand) != 0 && lb.Cmp(candSq) != 0 {
		t.Fatal("λ is neither endo_coefficient nor its square")
	}
	for _, p := range []Affine{Generator(), randPoint(rng), randPoint(rng), {}} {
		var phi, lp Affine
		phi.Endo(&p)
		lp.ScalarMul(&p, &lambda)
		want := fromBig(bigMul(lb, toBig(&p)))
		if !phi.Equal(&lp) || !phi.Equal(&want) || !phi.IsOnCurve() {
			t.Fatal("φ(P) != [λ]P")
		}
	}
}

func TestBatchJacobianToAffine(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for _, n := range []int{0, 1, 2, 5, 33} {
		pts := make([]Jacobian, n)
		for i := range pts {
			if i%4 == 1 {
				pts[i].SetInfinity()
				continue
			}
			a := randPoint(rng)
			pts[i].FromAffine(&a)
			pts[i].Double(&pts[i]) // Z != 1
		}
		got := BatchJacobianToAffine(pts)
		if len(got) != n {
			t.Fatalf("n=%d: got %d points", n, len(got))
		}
		for i := range pts {
			var want Affine
			want.FromJacobian(&pts[i])
			if !got[i].Equal(&want) || !got[i].IsOnCurve() {
				t.Fatalf("n=%d: point %d mismatch", n, i)
			}
		}
	}
}

func TestIsOnCurveRejects(t *testing.T) {
	g := Generator()
	bad := g
	bad.Y.Add(&bad.Y, new(base.Element).SetOne())
	tests := []struct {
		name string
		p    Affine
		want bool
	}{
		{"generator", g, true},
		{"infinity", Affine{}, true},
		{"perturbed y", bad, false},
	}
	for _, tc := range tests {
		if got := tc.p.IsOnCurve(); got != tc.want {
			t.Errorf("%s: IsOnCurve = %v, want %v", tc.name, got, tc.want)
		}
		var j Jacobian
		j.FromAffine(&tc.p)
		if got := j.IsOnCurve(); got != tc.want {
			t.Errorf("%s: Jacobian IsOnCurve = %v, want %v", tc.name, got, tc.want)
		}
	}
}
