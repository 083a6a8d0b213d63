package pipeline

import "math"

// Estimate is the expected cost of one proof on a 2-core machine.
type Estimate struct {
	ProveSeconds float64 `json:"proveSeconds"`
	MemoryMB     float64 `json:"memoryMB"`
	// Basis says how the numbers were obtained.
	Basis string `json:"basis"`
}

// Calibration of EstimateProve: fitted by hand to the prove times and peak
// Go heap measured with this package (pipeline/PROGRESS.md: 2^13, 2^15 and
// 2^18 domains) on the project's shared 2-core machine under a load average
// of about 8. Time is a fixed part proportional to the SRS size (the IPA
// opening folds and commits over every SRS point) plus a part per domain row
// (quotient FFTs over the 8n coset, witness and quotient MSMs); memory is
// dominated by the coset evaluations, about 18 KB per domain row.
const (
	estSecPerSRS16 = 4.0   // seconds per 2^16 SRS points
	estSecPerRow   = 5e-4  // seconds per domain row
	estMBPerSRS16  = 20.0  // MB per 2^16 SRS points
	estMBPerRow    = 0.018 // MB per domain row
	estimateBasis  = "fitted to measured proves at domains 2^13, 2^15 and 2^18 (pipeline/PROGRESS.md): " +
		"seconds ≈ 4·SRS/2^16 + 5e-4·domain, MB ≈ 20·SRS/2^16 + 0.018·domain, on a loaded 2-core x86-64; " +
		"an idle machine of that size proves about twice as fast"
)

// EstimateProve predicts the prove time and peak memory of a circuit from its
// domain size and SRS depth (rows only matter through the domain, which the
// prover pads to).
func EstimateProve(rows, domain, srsDepth int) Estimate {
	_ = rows
	n := float64(domain)
	srsScale := math.Ldexp(1, srsDepth-MinSRSDepth)
	return Estimate{
		ProveSeconds: round2(estSecPerSRS16*srsScale + estSecPerRow*n),
		MemoryMB:     math.Round(estMBPerSRS16*srsScale + estMBPerRow*n),
		Basis:        estimateBasis,
	}
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
