package ipa

import (
	"math/big"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

func TestShiftScalar(t *testing.T) {
	var x fp.Element
	x.SetUint64(12345)
	// Vesta: Fp < Fq, so (x - 2^255 - 1)/2; doubling and adding back
	// must give x.
	got := ShiftScalar[fp.Element, *fp.Element, fq.Element](x)
	var two, back, pow fp.Element
	two.SetUint64(2)
	back.Mul(&got, &two)
	pow.SetBigInt(new(big.Int).Lsh(big.NewInt(1), 255))
	back.Add(&back, &pow)
	var one fp.Element
	one.SetOne()
	back.Add(&back, &one)
	if !back.Equal(&x) {
		t.Error("vesta shift_scalar")
	}
	// Pallas: Fq > Fp, so x - 2^255.
	var y fq.Element
	y.SetUint64(777)
	gy := ShiftScalar[fq.Element, *fq.Element, fp.Element](y)
	var p2 fq.Element
	p2.SetBigInt(new(big.Int).Lsh(big.NewInt(1), 255))
	gy.Add(&gy, &p2)
	if !gy.Equal(&y) {
		t.Error("pallas shift_scalar")
	}
}

func TestCombinedInnerProduct(t *testing.T) {
	f := func(v uint64) fp.Element { var e fp.Element; e.SetUint64(v); return e }
	// Two polynomials, two points, one chunk each, plus one empty entry:
	// (1 + 2u) + v·(3 + 4u) with u = 10, v = 100.
	polys := [][][]fp.Element{{{f(1)}, {f(2)}}, {{}, {}}, {{f(3)}, {f(4)}}}
	got := CombinedInnerProduct[fp.Element](f(100), f(10), polys)
	want := f(21 + 100*43)
	if !got.Equal(&want) {
		t.Errorf("got %v want %v", got.String(), want.String())
	}
}

func TestBatchInvert(t *testing.T) {
	xs := []fp.Element{{}, {}, {}}
	xs[0].SetUint64(3)
	xs[2].SetUint64(9)
	BatchInvert[fp.Element](xs)
	var p fp.Element
	p.SetUint64(3)
	p.Mul(&p, &xs[0])
	if !p.IsOne() || !xs[1].IsZero() {
		t.Error("batch invert")
	}
}
