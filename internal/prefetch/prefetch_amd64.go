//go:build !purego

package prefetch

import "unsafe"

// Write hints that the 64-byte line holding p will be written soon. It never
// faults, whatever p is.
//
//go:noescape
func Write(p unsafe.Pointer)
