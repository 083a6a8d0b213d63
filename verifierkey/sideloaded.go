package verifierkey

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

// The side-loaded verification key that o1js's VerificationKey.data holds
// (base64) is the OCaml bin_prot encoding of Pickles'
// Side_loaded_verification_key.Stable:
//
//	max_proofs_verified       1 byte, variant N0 | N1 | N2 (0, 1, 2)
//	actual_wrap_domain_size   1 byte, same variant
//	wrap_index                Plonk_verification_key_evals:
//	  sigma_comm              7 points, then one 0x00 byte
//	  coefficients_comm       15 points, then one 0x00 byte
//	  generic, psm, complete_add, mul, emul, endomul_scalar  6 points
//
// A point is its affine x and y, each 32 bytes little-endian (bin_prot of a
// Pasta field element). The two 0x00 bytes close the two vectors; their
// value has been 0 in every key seen (o1js's dummy key and generated keys)
// and any other value is rejected. Total: 2 + 28·64 + 2 = 1796 bytes.
const (
	NumSigma        = 7
	NumCoefficients = 15
	NumPoints       = NumSigma + NumCoefficients + 6
	pointSize       = 64
	// EncodedSize is the length of a decoded side-loaded key.
	EncodedSize = 2 + NumPoints*pointSize + 2
	// HashPrefix is the Poseidon domain prefix of the key's hash.
	HashPrefix = "MinaSideLoadedVk****"
)

// SideLoaded is a decoded Pickles side-loaded verification key.
type SideLoaded struct {
	MaxProofsVerified    int // 0, 1 or 2
	ActualWrapDomainSize int // 0, 1 or 2 (Proofs_verified variant of the wrap domain)
	// Points are sigma (7), coefficients (15), then generic, psm,
	// complete_add, mul, emul, endomul_scalar.
	Points [NumPoints]pallas.Affine
}

// Error is a key that does not decode or does not check out.
type Error struct{ Msg string }

func (e *Error) Error() string { return "verification key: " + e.Msg }

func errorf(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// DecodeData decodes VerificationKey.data (base64).
func DecodeData(data string) (*SideLoaded, error) {
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return nil, errorf("data is not base64: %v", err)
	}
	return Decode(raw)
}

// Decode decodes the bin_prot bytes of a side-loaded key and checks that
// every point lies on Pallas.
func Decode(b []byte) (*SideLoaded, error) {
	if len(b) != EncodedSize {
		return nil, errorf("decoded data is %d bytes, want %d", len(b), EncodedSize)
	}
	k := &SideLoaded{MaxProofsVerified: int(b[0]), ActualWrapDomainSize: int(b[1])}
	if k.MaxProofsVerified > 2 {
		return nil, errorf("max_proofs_verified tag %d (want 0, 1 or 2)", b[0])
	}
	if k.ActualWrapDomainSize > 2 {
		return nil, errorf("actual_wrap_domain_size tag %d (want 0, 1 or 2)", b[1])
	}
	off := 2
	for i := 0; i < NumPoints; i++ {
		if i == NumSigma || i == NumSigma+NumCoefficients {
			if b[off] != 0 {
				return nil, errorf("byte %d after point %d is 0x%02x, want 0x00", off, i-1, b[off])
			}
			off++
		}
		p := &k.Points[i]
		if err := p.X.SetBytesCanonical(reverse(b[off : off+32])); err != nil {
			return nil, errorf("point %d: x is not a canonical field element", i)
		}
		if err := p.Y.SetBytesCanonical(reverse(b[off+32 : off+64])); err != nil {
			return nil, errorf("point %d: y is not a canonical field element", i)
		}
		if !p.IsOnCurve() {
			return nil, errorf("point %d (%s) is not on Pallas", i, pointName(i))
		}
		off += pointSize
	}
	return k, nil
}

func pointName(i int) string {
	switch {
	case i < NumSigma:
		return fmt.Sprintf("sigma_comm[%d]", i)
	case i < NumSigma+NumCoefficients:
		return fmt.Sprintf("coefficients_comm[%d]", i-NumSigma)
	}
	return [...]string{"generic_comm", "psm_comm", "complete_add_comm", "mul_comm", "emul_comm", "endomul_scalar_comm"}[i-NumSigma-NumCoefficients]
}

// reverse returns a big-endian copy of little-endian bytes.
func reverse(le []byte) []byte {
	be := make([]byte, len(le))
	for i, c := range le {
		be[len(le)-1-i] = c
	}
	return be
}

// Input is the key's Poseidon input (Random_oracle_input.Chunked.pack_to_fields
// of Side_loaded_verification_key.to_input): the 56 point coordinates, then
// one field packing the one-hot bits of max_proofs_verified and of
// actual_wrap_domain_size (3 bits each, first bit most significant:
// acc = acc·2 + bit over [mpv0, mpv1, mpv2, dom0, dom1, dom2]).
func (k *SideLoaded) Input() []fp.Element {
	in := make([]fp.Element, 0, 2*NumPoints+1)
	for i := range k.Points {
		in = append(in, k.Points[i].X, k.Points[i].Y)
	}
	var packed uint64
	for _, v := range []int{k.MaxProofsVerified, k.ActualWrapDomainSize} {
		for idx := 0; idx < 3; idx++ {
			packed <<= 1
			if idx == v {
				packed |= 1
			}
		}
	}
	var f fp.Element
	f.SetUint64(packed)
	return append(in, f)
}

// Hash is o1js's VerificationKey.hash of this key.
func (k *SideLoaded) Hash() (fp.Element, error) {
	return poseidon.HashWithPrefix(HashPrefix, k.Input())
}

// Key is o1js's VerificationKey {data, hash} as JSON ({data, hash} with the
// hash in decimal).
type Key struct {
	Data string `json:"data"`
	Hash string `json:"hash"`
}

// Check decodes the key, checks its points, recomputes its hash and compares
// it with the stated one.
func (k *Key) Check() (*SideLoaded, error) {
	sl, err := DecodeData(k.Data)
	if err != nil {
		return nil, err
	}
	want, ok := new(big.Int).SetString(k.Hash, 10)
	if !ok {
		return nil, errorf("hash %q is not a decimal number", k.Hash)
	}
	got, err := sl.Hash()
	if err != nil {
		return nil, err
	}
	var g big.Int
	got.BigInt(&g)
	if g.Cmp(want) != 0 {
		return nil, errorf("hash mismatch: the key hashes to %s, the file says %s", g.String(), k.Hash)
	}
	return sl, nil
}

// File is verification-key.json as `zkml vk` writes it: the contract's key
// at the top level and each chunk program's key.
type File struct {
	Key
	Chunks []Key `json:"chunks,omitempty"`
}

// ReadFile reads verification-key.json.
func ReadFile(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, errorf("%s: %v", path, err)
	}
	if f.Data == "" {
		return nil, errors.New("verification key: no data")
	}
	return &f, nil
}

// DummyData and DummyHash are o1js 2.15.0's VerificationKey.dummy().
const DummyHash = "3392518251768960475377392625298437850623664973002200885669375116181514017494"
