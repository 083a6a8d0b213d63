//go:build linux

package pallas

import (
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// processCPU returns the CPU time used so far by this process, all threads
// (CLOCK_PROCESS_CPUTIME_ID).
func processCPU() time.Duration {
	var ts syscall.Timespec
	const clockProcessCPUTime = 2
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockProcessCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}

// loopWithCPU runs f b.N times and reports, besides ns/op, the process CPU
// time per operation: on a machine shared with other jobs it moves less
// than wall time.
func loopWithCPU(b *testing.B, f func()) {
	start := processCPU()
	for b.Loop() {
		f()
	}
	b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
}
