package verifier

import "testing"

// BenchmarkVerify measures Verify per fixture (index preparation excluded).
func BenchmarkVerify(b *testing.B) {
	for _, fx := range loadFixtures(b) {
		ix, err := newIndexFor(b, fx)
		if err != nil {
			b.Fatalf("%s: %v", fx.name, err)
		}
		b.Run(fx.name, func(b *testing.B) {
			for b.Loop() {
				if err := Verify(ix, fx.f.Proof, fx.f.PublicInputs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNewIndex measures verifier-index preparation.
func BenchmarkNewIndex(b *testing.B) {
	fx := loadFixture(b, "verify_range_check_valid_proof1")
	loadSRS(b)
	for b.Loop() {
		if _, err := newIndexFor(b, fx); err != nil {
			b.Fatal(err)
		}
	}
}
