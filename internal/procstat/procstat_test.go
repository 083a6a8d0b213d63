package procstat

import (
	"runtime/debug"
	"testing"
	"time"
)

func TestCPUTimeAdvancesAndRSSIsSeen(t *testing.T) {
	// Spin until the CPU clock has moved 10 ms. On a loaded machine the
	// process may get only a share of a core, so the bound is on wall time
	// generous enough never to be reached when the clock works (CI runs many
	// test binaries at once on 2 cores).
	before := CPUTime()
	x := uint64(1)
	deadline := time.Now().Add(30 * time.Second)
	for CPUTime()-before < 10*time.Millisecond && time.Now().Before(deadline) {
		for range 1000 {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
	if moved := CPUTime() - before; moved < 10*time.Millisecond {
		t.Fatalf("CPU time moved only %v over 30 s of busy looping (x=%d)", moved, x)
	}
	buf := make([]byte, 64<<20)
	for i := range buf {
		buf[i] = byte(i)
	}
	if rss := MaxRSSMB(); rss < 64 {
		t.Fatalf("peak RSS %.1f MiB after touching 64 MiB (%d)", rss, buf[len(buf)-1])
	}
}

func TestResetPeakRSS(t *testing.T) {
	buf := make([]byte, 96<<20)
	for i := range buf {
		buf[i] = byte(i)
	}
	peak := MaxRSSMB()
	last := buf[len(buf)-1]
	buf = nil
	debug.FreeOSMemory()
	if err := ResetPeakRSS(); err != nil {
		t.Skipf("no clear_refs here: %v", err)
	}
	after := MaxRSSMB()
	if after <= 0 || after > peak-48 {
		t.Fatalf("peak RSS %.1f MiB after reset, %.1f MiB before (96 MiB freed, %d)", after, peak, last)
	}
}
