package procstat

import (
	"runtime/debug"
	"testing"
	"time"
)

func TestCPUTimeAdvancesAndRSSIsSeen(t *testing.T) {
	before := CPUTime()
	// Spin for at least 20 ms of wall time; the CPU clock must move too.
	x := uint64(1)
	for deadline := time.Now().Add(20 * time.Millisecond); time.Now().Before(deadline); {
		for range 1000 {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
	if after := CPUTime(); after-before < 10*time.Millisecond {
		t.Fatalf("CPU time moved %v over a 20 ms busy loop (x=%d)", after-before, x)
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
