//go:build !linux

package pallas

import "testing"

// loopWithCPU runs f b.N times (CPU time is only reported on Linux).
func loopWithCPU(b *testing.B, f func()) {
	for b.Loop() {
		f()
	}
}
