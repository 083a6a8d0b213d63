package poseidon

import (
	"fmt"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

func BenchmarkPermute(b *testing.B) {
	b.Run("kimchi-fp", func(b *testing.B) {
		p := KimchiFp()
		st := [3]fp.Element{fpN(1), fpN(2), fpN(3)}
		for b.Loop() {
			p.Permute(&st)
		}
	})
	b.Run("kimchi-fq", func(b *testing.B) {
		p := KimchiFq()
		st := [3]fq.Element{fqN(1), fqN(2), fqN(3)}
		for b.Loop() {
			p.Permute(&st)
		}
	})
	b.Run("legacy-fp", func(b *testing.B) {
		p := LegacyFp()
		st := [3]fp.Element{fpN(1), fpN(2), fpN(3)}
		for b.Loop() {
			p.Permute(&st)
		}
	})
}

func BenchmarkHash(b *testing.B) {
	for _, n := range []int{2, 16} {
		in := make([]fp.Element, n)
		for i := range in {
			in[i] = fpN(uint64(i + 1))
		}
		b.Run(fmt.Sprintf("kimchi-%d", n), func(b *testing.B) {
			for b.Loop() {
				_ = Hash(in)
			}
		})
		b.Run(fmt.Sprintf("legacy-%d", n), func(b *testing.B) {
			for b.Loop() {
				_ = HashLegacy(in)
			}
		})
	}
}

func BenchmarkFqSpongeChallenge(b *testing.B) {
	s := NewVestaFqSponge()
	x := fqN(5)
	for b.Loop() {
		s.AbsorbPoint(x, x)
		_ = s.Challenge()
	}
}
