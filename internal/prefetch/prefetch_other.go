//go:build !amd64 || purego

package prefetch

import "unsafe"

// Write hints that the 64-byte line holding p will be written soon; here it
// does nothing.
func Write(p unsafe.Pointer) {}
