package verifier

import (
	"testing"

	"github.com/zkml-mina/zkml/kimchi/wire"
)

// FuzzVerify feeds mutated fixture files through the decoder, index
// preparation and the verifier: anything may be rejected, nothing may
// panic, and a mutated fixture that still verifies must carry the original
// proof, index and public inputs.
func FuzzVerify(f *testing.F) {
	seeds := []string{"test_generic_gate_pub", "test_recursion", "lookup_gate_proving_works", "prove_and_verify_1"}
	origs := map[string]bool{}
	for _, s := range seeds {
		fx := loadFixture(f, s)
		f.Add(fx.raw)
		origs[string(fx.f.Proof.Encode())+string(fx.f.VerifierIndex.Encode())+string(wire.MarshalScalars(fx.f.PublicInputs))] = true
	}
	s := loadSRS(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fx, err := wire.DecodeFixture(data)
		if err != nil {
			return
		}
		ix, err := NewIndex(fx.VerifierIndex, &fx.FeatureFlags, fx.Endo, s)
		if err != nil {
			return
		}
		if err := Verify(ix, fx.Proof, fx.PublicInputs); err == nil {
			key := string(fx.Proof.Encode()) + string(fx.VerifierIndex.Encode()) + string(wire.MarshalScalars(fx.PublicInputs))
			if !origs[key] {
				t.Fatal("a modified fixture verified")
			}
		}
	})
}
