//go:build purego || !amd64

package lanes

const useAVX2 = false

func mulAVX2(r, a, b *Vec, m *Modulus) { m.mulGeneric(r, a, b) }

func setAVX2(bool) {}
