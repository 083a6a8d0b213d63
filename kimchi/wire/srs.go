package wire

import "fmt"

// SRS is poly-commitment's IPA SRS<G> as serialized (poly-commitment/src/ipa.rs):
// the commitment bases g and the blinding base h. The Lagrange-basis cache
// is #[serde(skip)] and not on the wire.
type SRS struct {
	G []Point
	H Point
}

// DecodeSRS decodes rmp_serde bytes of an SRS.
func DecodeSRS(b []byte) (*SRS, error) {
	d := &decoder{b: b}
	srs, err := d.srs()
	if err == nil {
		err = d.done()
	}
	if err != nil {
		return nil, fmt.Errorf("decode srs: %w", err)
	}
	return srs, nil
}

func (d *decoder) srs() (*SRS, error) {
	if err := d.array(2, "srs"); err != nil {
		return nil, err
	}
	n, err := d.arrayLen(2 + PointSize)
	if err != nil {
		return nil, fmt.Errorf("g: %w", err)
	}
	s := &SRS{G: make([]Point, n)}
	for i := range s.G {
		if s.G[i], err = d.point(fmt.Sprintf("g[%d]", i)); err != nil {
			return nil, err
		}
	}
	if s.H, err = d.point("h"); err != nil {
		return nil, err
	}
	return s, nil
}

// Encode serializes the SRS exactly as rmp_serde does.
func (s *SRS) Encode() []byte {
	e := &encoder{b: make([]byte, 0, 16+(len(s.G)+1)*(2+PointSize))}
	e.array(2)
	e.array(len(s.G))
	for i := range s.G {
		e.bin(s.G[i][:])
	}
	e.bin(s.H[:])
	return e.b
}
