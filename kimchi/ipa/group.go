package ipa

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// Group is the affine-point arithmetic the verifier needs on a commitment
// curve with scalar field F, base field B and affine points G. The point at
// infinity is the zero value of G's coordinates, (0, 0).
type Group[F, B, G any] interface {
	// MSM returns Σ scalars[i]·points[i].
	MSM(points []G, scalars []F) (G, error)
	Add(a, b *G) G
	Neg(a *G) G
	ScalarMul(a *G, k *F) G
	IsZero(a *G) bool
	// Coords returns (x, y), (0, 0) for the point at infinity, as the
	// sponge absorbs it.
	Coords(a *G) (x, y B)
	// FromCoords builds a point, checking it is on the curve.
	FromCoords(x, y B) (G, error)
	// Decompress decodes arkworks' compressed encoding.
	Decompress(p *wire.Point) (G, error)
}

// Vesta implements Group for Vesta (scalars fp, coordinates fq).
type Vesta struct{}

// MSM implements Group.
func (Vesta) MSM(points []vesta.Affine, scalars []fp.Element) (vesta.Affine, error) {
	j, err := vesta.MultiExp(points, scalars)
	if err != nil {
		return vesta.Affine{}, err
	}
	var a vesta.Affine
	a.FromJacobian(&j)
	return a, nil
}

// Add implements Group.
func (Vesta) Add(a, b *vesta.Affine) vesta.Affine { var r vesta.Affine; r.Add(a, b); return r }

// Neg implements Group.
func (Vesta) Neg(a *vesta.Affine) vesta.Affine { var r vesta.Affine; r.Neg(a); return r }

// ScalarMul implements Group.
func (Vesta) ScalarMul(a *vesta.Affine, k *fp.Element) vesta.Affine {
	var r vesta.Affine
	r.ScalarMul(a, k)
	return r
}

// IsZero implements Group.
func (Vesta) IsZero(a *vesta.Affine) bool { return a.IsInfinity() }

// Coords implements Group.
func (Vesta) Coords(a *vesta.Affine) (fq.Element, fq.Element) { return a.X, a.Y }

// FromCoords implements Group.
func (Vesta) FromCoords(x, y fq.Element) (vesta.Affine, error) {
	p := vesta.Affine{X: x, Y: y}
	if !p.IsOnCurve() {
		return p, fmt.Errorf("vesta: point not on curve")
	}
	return p, nil
}

// Decompress implements Group.
func (Vesta) Decompress(p *wire.Point) (vesta.Affine, error) { return vesta.Decompress(p[:]) }

// Pallas implements Group for Pallas (scalars fq, coordinates fp).
type Pallas struct{}

// MSM implements Group.
func (Pallas) MSM(points []pallas.Affine, scalars []fq.Element) (pallas.Affine, error) {
	j, err := pallas.MultiExp(points, scalars)
	if err != nil {
		return pallas.Affine{}, err
	}
	var a pallas.Affine
	a.FromJacobian(&j)
	return a, nil
}

// Add implements Group.
func (Pallas) Add(a, b *pallas.Affine) pallas.Affine { var r pallas.Affine; r.Add(a, b); return r }

// Neg implements Group.
func (Pallas) Neg(a *pallas.Affine) pallas.Affine { var r pallas.Affine; r.Neg(a); return r }

// ScalarMul implements Group.
func (Pallas) ScalarMul(a *pallas.Affine, k *fq.Element) pallas.Affine {
	var r pallas.Affine
	r.ScalarMul(a, k)
	return r
}

// IsZero implements Group.
func (Pallas) IsZero(a *pallas.Affine) bool { return a.IsInfinity() }

// Coords implements Group.
func (Pallas) Coords(a *pallas.Affine) (fp.Element, fp.Element) { return a.X, a.Y }

// FromCoords implements Group.
func (Pallas) FromCoords(x, y fp.Element) (pallas.Affine, error) {
	p := pallas.Affine{X: x, Y: y}
	if !p.IsOnCurve() {
		return p, fmt.Errorf("pallas: point not on curve")
	}
	return p, nil
}

// Decompress implements Group.
func (Pallas) Decompress(p *wire.Point) (pallas.Affine, error) { return pallas.Decompress(p[:]) }
