package wire

import "fmt"

// Sizes of the arkworks 0.5 compressed encodings of Pasta elements.
const (
	// ScalarSize is the size of a field element: 32 bytes little-endian.
	ScalarSize = 32
	// PointSize is the size of a compressed affine point: the 32-byte
	// little-endian x coordinate followed by one flags byte, because the
	// 255-bit modulus plus 2 flag bits needs 257 bits.
	PointSize = 33
)

// Flag bits of a point's last byte (ark-ec's SWFlags).
const (
	// FlagInfinity marks the point at infinity (x is then all zeros).
	FlagInfinity = 1 << 6
	// FlagYNegative marks y > -y (y is the larger of the two roots, as
	// canonical integers); without it y <= -y.
	FlagYNegative = 1 << 7
)

// Scalar is a Pasta field element as arkworks serializes it: 32 bytes,
// little-endian, canonical (not Montgomery) form.
type Scalar [ScalarSize]byte

// Point is a compressed short-Weierstrass affine point as arkworks 0.5
// serializes it: x (32 bytes little-endian) then a byte holding only flags.
type Point [PointSize]byte

// X returns the little-endian x coordinate (zero for the point at infinity).
func (p Point) X() [32]byte { return [32]byte(p[:32]) }

// IsInfinity reports whether p is the point at infinity.
func (p Point) IsInfinity() bool { return p[32]&FlagInfinity != 0 }

// YNegative reports whether the y coordinate is the "negative" root.
func (p Point) YNegative() bool { return p[32]&FlagYNegative != 0 }

// check enforces the structural rules arkworks applies when deserializing:
// a 255-bit x, a flags byte of 0x00, 0x40 or 0x80, and x = 0 at infinity.
func (p Point) check() error {
	switch p[32] {
	case 0, FlagYNegative:
	case FlagInfinity:
		if p.X() != [32]byte{} {
			return fmt.Errorf("point at infinity with non-zero x")
		}
	default:
		return fmt.Errorf("invalid point flags byte %#x", p[32])
	}
	if p[31]&0x80 != 0 {
		return fmt.Errorf("point x coordinate exceeds 255 bits")
	}
	return nil
}

func (d *decoder) scalar(what string) (Scalar, error) {
	var s Scalar
	if err := d.binN(s[:], what); err != nil {
		return s, err
	}
	if s[31]&0x80 != 0 {
		return s, fmt.Errorf("%s: at offset %d: scalar exceeds 255 bits", what, d.off)
	}
	return s, nil
}

func (d *decoder) point(what string) (Point, error) {
	var p Point
	if err := d.binN(p[:], what); err != nil {
		return p, err
	}
	if err := p.check(); err != nil {
		return p, fmt.Errorf("%s: at offset %d: %w", what, d.off, err)
	}
	return p, nil
}

// scalars reads a Vec<F> through serde_with: an array of bin(32).
func (d *decoder) scalars(what string) ([]Scalar, error) {
	n, err := d.arrayLen(2 + ScalarSize)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out := make([]Scalar, n)
	for i := range out {
		if out[i], err = d.scalar(what); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (e *encoder) scalars(s []Scalar) {
	e.array(len(s))
	for i := range s {
		e.bin(s[i][:])
	}
}

// PolyComm is poly-commitment's PolyComm<G>: one commitment per chunk of a
// polynomial (more than one when its degree exceeds the SRS size).
type PolyComm struct {
	Chunks []Point
}

func (d *decoder) polyComm(what string) (PolyComm, error) {
	if err := d.array(1, what); err != nil {
		return PolyComm{}, err
	}
	n, err := d.arrayLen(2 + PointSize)
	if err != nil {
		return PolyComm{}, fmt.Errorf("%s: chunks: %w", what, err)
	}
	pc := PolyComm{Chunks: make([]Point, n)}
	for i := range pc.Chunks {
		if pc.Chunks[i], err = d.point(what); err != nil {
			return PolyComm{}, err
		}
	}
	return pc, nil
}

func (d *decoder) optPolyComm(what string) (*PolyComm, error) {
	if d.optNil() {
		return nil, nil
	}
	pc, err := d.polyComm(what)
	if err != nil {
		return nil, err
	}
	return &pc, nil
}

func (d *decoder) polyComms(what string) ([]PolyComm, error) {
	n, err := d.arrayLen(2)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out := make([]PolyComm, n)
	for i := range out {
		if out[i], err = d.polyComm(fmt.Sprintf("%s[%d]", what, i)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (e *encoder) polyComm(pc PolyComm) {
	e.array(1)
	e.array(len(pc.Chunks))
	for i := range pc.Chunks {
		e.bin(pc.Chunks[i][:])
	}
}

func (e *encoder) optPolyComm(pc *PolyComm) {
	if pc == nil {
		e.writeNil()
		return
	}
	e.polyComm(*pc)
}

func (e *encoder) polyComms(pcs []PolyComm) {
	e.array(len(pcs))
	for _, pc := range pcs {
		e.polyComm(pc)
	}
}
