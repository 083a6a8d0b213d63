// Package procstat reads this process's resource use (getrusage): the CPU
// time of all its threads, which benchmarks report beside wall time because
// wall time on a shared machine is noisy, and its peak resident set size.
package procstat

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

// CPUTime is the user plus system CPU time the process has used so far, all
// threads together (0 if unavailable).
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// MaxRSSMB is the process's peak resident set size in MiB so far (Linux's
// ru_maxrss, in kilobytes, equal to VmHWM; 0 if unavailable).
func MaxRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024
}

// ResetPeakRSS restarts the peak resident set size from the current one, so
// that MaxRSSMB measures a later phase alone (Linux: writing 5 to
// /proc/self/clear_refs resets the mm's high-water mark, which ru_maxrss
// reports for a live process).
func ResetPeakRSS() error {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return fmt.Errorf("reset peak RSS: %w", err)
	}
	return nil
}
