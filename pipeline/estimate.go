package pipeline

import "math"

// Estimate is the expected cost of one proof on a 2-core machine.
type Estimate struct {
	ProveSeconds float64 `json:"proveSeconds"`
	MemoryMB     float64 `json:"memoryMB"`
	// Basis says how the numbers were obtained.
	Basis string `json:"basis"`
}

// Calibration of EstimateProve: fitted by hand to `zkml bench` runs on the
// project's idle 2-core machine (pipeline/PROGRESS.md, session 2: EZKL's
// network at 2^7 with the 2^16 SRS 0.74 s, digits_mlp 2^11 1.5 s,
// mnist28_mlp 2^15 5.5 s / 415 MB, lenet5 2^18 with a 2^18 SRS 40 s /
// 3.4 GB). Time is a fixed part proportional to the SRS size (the IPA
// opening folds and commits over every SRS point) plus a part per domain row
// (quotient FFTs over the 8n coset, witness and quotient MSMs); memory is
// dominated by the coset evaluations, about 13 KB per domain row.
const (
	estSecPerSRS16 = 0.7    // seconds per 2^16 SRS points
	estSecPerRow   = 1.5e-4 // seconds per domain row
	estMBPerSRS16  = 40.0   // MB per 2^16 SRS points
	estMBPerRow    = 0.0128 // MB per domain row
	estimateBasis  = "fitted to measured proves at domains 2^7, 2^11, 2^15 and 2^18 (pipeline/PROGRESS.md): " +
		"seconds ≈ 0.7·SRS/2^16 + 1.5e-4·domain, MB ≈ 40·SRS/2^16 + 0.0128·domain, on an idle 2-core x86-64; " +
		"other load on the machine slows it proportionally"
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
