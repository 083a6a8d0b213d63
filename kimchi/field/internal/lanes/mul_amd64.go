//go:build !purego

package lanes

import "golang.org/x/sys/cpu"

//go:generate go run gen_asm.go

// useAVX2 selects the assembly kernel; tests switch it off to run the Go loop.
var useAVX2 = cpu.X86.HasAVX2

//go:noescape
func mulAVX2(r, a, b *Vec, m *Modulus)

func setAVX2(on bool) { useAVX2 = on }
