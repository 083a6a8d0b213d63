package prefetch

import (
	"testing"
	"unsafe"
)

func TestWriteLeavesMemoryAlone(t *testing.T) {
	// A prefetch is only a hint: the bytes it touches come out unchanged,
	// and nil (nothing mapped there) does not fault.
	buf := make([]byte, 256)
	for i := range buf {
		buf[i] = byte(i)
	}
	for i := range buf {
		Write(unsafe.Pointer(&buf[i]))
	}
	for i := range buf {
		if buf[i] != byte(i) {
			t.Fatalf("byte %d changed to %d", i, buf[i])
		}
	}
	Write(nil)
}
