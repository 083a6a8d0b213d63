package verifier

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/kimchi/srs"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// srsCache loads each SRS file once per test binary (decompressing 2^16
// points takes a while).
var srsCache struct {
	once sync.Once
	s    *SRS
	err  error
}

func loadSRS(t testing.TB) *SRS {
	t.Helper()
	dir := filepath.Join(oracle.SharedDir(t), "kimchi-vectors", "srs")
	srsCache.once.Do(func() {
		v, err := srs.LoadVesta(filepath.Join(dir, "vesta.srs"))
		if err != nil {
			srsCache.err = err
			return
		}
		p, err := srs.LoadPallas(filepath.Join(dir, "pallas.srs"))
		if err != nil {
			srsCache.err = err
			return
		}
		srsCache.s = &SRS{Vesta: v, Pallas: p}
	})
	if srsCache.err != nil {
		t.Fatalf("load SRS: %v", srsCache.err)
	}
	return srsCache.s
}

type fixture struct {
	name string
	raw  []byte
	f    *wire.Fixture
}

func fixtureDir(t testing.TB) string {
	return filepath.Join(oracle.SharedDir(t), "kimchi-vectors", "fixtures")
}

func loadFixtures(t testing.TB) []fixture {
	t.Helper()
	dir := fixtureDir(t)
	names, err := filepath.Glob(filepath.Join(dir, "*.bin"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixtures in %s: %v", dir, err)
	}
	sort.Strings(names)
	out := make([]fixture, 0, len(names))
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		f, err := wire.DecodeFixture(b)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		out = append(out, fixture{strings.TrimSuffix(filepath.Base(n), ".bin"), b, f})
	}
	return out
}

func loadFixture(t testing.TB, name string) fixture {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir(t), name+".bin"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := wire.DecodeFixture(b)
	if err != nil {
		t.Fatal(err)
	}
	return fixture{name, b, f}
}

func newIndexFor(t testing.TB, fx fixture) (*Index, error) {
	return NewIndex(fx.f.VerifierIndex, &fx.f.FeatureFlags, fx.f.Endo, loadSRS(t))
}
