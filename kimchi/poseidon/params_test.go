package poseidon

import (
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// TestParamsFacts checks each parameter set against proof-systems
// poseidon/src/constants.rs (S-box, rounds, initial ARK), pasta/mod.rs (55
// and 100 rows) and the first and last values of poseidon/src/pasta/*.rs.
func TestParamsFacts(t *testing.T) {
	fpCases := []struct {
		p                   *ParamsFp
		name                string
		sbox, rounds, rows  int
		initialARK          bool
		mds00, rc00, rcLast string
	}{
		{KimchiFp(), "kimchi-fp", 7, 55, 55, false,
			"12035446894107573964500871153637039653510326950134440362813193268448863222019",
			"21155079691556475130150866428468322463125560312786319980770950159250751855431",
			"10888828634279127981352133512429657747610298502219125571406085952954136470354"},
		{LegacyFp(), "legacy-fp", 5, 63, 100, true,
			"5328350144166205084223774245058198666309664348635459768305312917086056785354",
			"1346081094044643970582493287085428191977688221215786919106342366360741041016",
			"7511239878692099209014947248389283109997289411550315391143819429585903287870"},
	}
	for _, tc := range fpCases {
		t.Run(tc.name, func(t *testing.T) {
			checkParams(t, tc.p, tc.name, tc.sbox, tc.rounds, tc.rows, tc.initialARK, tc.mds00, tc.rc00, tc.rcLast)
		})
	}
	fqCases := []struct {
		p                   *ParamsFq
		name                string
		sbox, rounds, rows  int
		initialARK          bool
		mds00, rc00, rcLast string
	}{
		{KimchiFq(), "kimchi-fq", 7, 55, 55, false,
			"28115781186772277486790024060542467295096710153315236019619365740021995624782",
			"2517640872121921965298496967863234221143680281046699148760560696057284005606",
			"4484359679395800410695081358212522306960518636189521201445105538223906998486"},
		{LegacyFq(), "legacy-fq", 5, 63, 100, true,
			"25059545165736646824438510995018528850798284624488112529736697979897721366717",
			"27823288320934189888335104419667051541440213716337979953029039814477122015803",
			"12488798341044520189714771416078903136558391518843419705687775573556817797577"},
	}
	for _, tc := range fqCases {
		t.Run(tc.name, func(t *testing.T) {
			checkParams(t, tc.p, tc.name, tc.sbox, tc.rounds, tc.rows, tc.initialARK, tc.mds00, tc.rc00, tc.rcLast)
		})
	}
}

func checkParams[E any, P FieldPointer[E]](t *testing.T, p *Params[E, P], name string, sbox, rounds, rows int, initialARK bool, mds00, rc00, rcLast string) {
	t.Helper()
	if p.Name() != name || p.SBox() != sbox || p.FullRounds() != rounds || p.InitialARK() != initialARK {
		t.Fatalf("got %s sbox=%d rounds=%d initialARK=%v", p.Name(), p.SBox(), p.FullRounds(), p.InitialARK())
	}
	rc := p.RoundConstants()
	if len(rc) != rows {
		t.Fatalf("%d round-constant rows, want %d", len(rc), rows)
	}
	mds := p.MDS()
	if got := toBig[E, P](mds[0][0]).String(); got != mds00 {
		t.Errorf("mds[0][0] = %s, want %s", got, mds00)
	}
	if got := toBig[E, P](rc[0][0]).String(); got != rc00 {
		t.Errorf("rc[0][0] = %s, want %s", got, rc00)
	}
	if got := toBig[E, P](rc[len(rc)-1][2]).String(); got != rcLast {
		t.Errorf("rc[last][2] = %s, want %s", got, rcLast)
	}
	// The copies must not alias the shared parameters.
	rc[0][0] = mds[0][0]
	P(&mds[0][0]).SetZero()
	if m := p.MDS(); P(&m[0][0]).IsZero() {
		t.Error("MDS() aliases the parameters")
	}
	m := p.MDS()
	if r := p.RoundConstants(); P(&r[0][0]).Equal(&m[0][0]) {
		t.Error("RoundConstants() aliases the parameters")
	}
}

// refPermute is an independent big-integer Poseidon permutation read from
// the string tables, following the round description in permutation.rs.
func refPermute(tab *constantTable, mod *big.Int, sbox int64, rounds int, initialARK bool, st [3]*big.Int) [3]*big.Int {
	num := func(s string) *big.Int { v, _ := new(big.Int).SetString(s, 10); return v }
	off := 0
	if initialARK {
		for i := range 3 {
			st[i] = new(big.Int).Mod(new(big.Int).Add(st[i], num(tab.roundConstants[0][i])), mod)
		}
		off = 1
	}
	for r := range rounds {
		for i := range 3 {
			st[i] = new(big.Int).Exp(st[i], big.NewInt(sbox), mod)
		}
		var next [3]*big.Int
		for i := range 3 {
			acc := num(tab.roundConstants[r+off][i])
			for j := range 3 {
				acc.Add(acc, new(big.Int).Mul(num(tab.mds[i][j]), st[j]))
			}
			next[i] = acc.Mod(acc, mod)
		}
		st = next
	}
	return st
}

// TestPermuteReference compares Permute on all four parameter sets with the
// big-integer reference, on the zero state and a few others.
func TestPermuteReference(t *testing.T) {
	states := [][3]int64{{0, 0, 0}, {1, 2, 3}, {-1, 0, 7}}
	big3 := func(s [3]int64, mod *big.Int) [3]*big.Int {
		var out [3]*big.Int
		for i := range 3 {
			out[i] = new(big.Int).Mod(big.NewInt(s[i]), mod)
		}
		return out
	}
	runFp := func(t *testing.T, p *ParamsFp, tab *constantTable, sbox int64, rounds int, ark bool) {
		for _, s := range states {
			in := big3(s, fp.Modulus())
			var st [3]fp.Element
			for i := range 3 {
				st[i] = fromBig[fp.Element](t, in[i])
			}
			p.Permute(&st)
			want := refPermute(tab, fp.Modulus(), sbox, rounds, ark, in)
			for i := range 3 {
				if toBig[fp.Element](st[i]).Cmp(want[i]) != 0 {
					t.Fatalf("state %v cell %d: %s, want %s", s, i, st[i].String(), want[i])
				}
			}
		}
	}
	runFq := func(t *testing.T, p *ParamsFq, tab *constantTable, sbox int64, rounds int, ark bool) {
		for _, s := range states {
			in := big3(s, fq.Modulus())
			var st [3]fq.Element
			for i := range 3 {
				st[i] = fromBig[fq.Element](t, in[i])
			}
			p.Permute(&st)
			want := refPermute(tab, fq.Modulus(), sbox, rounds, ark, in)
			for i := range 3 {
				if toBig[fq.Element](st[i]).Cmp(want[i]) != 0 {
					t.Fatalf("state %v cell %d: %s, want %s", s, i, st[i].String(), want[i])
				}
			}
		}
	}
	t.Run("kimchi-fp", func(t *testing.T) { runFp(t, KimchiFp(), &fpKimchiTable, 7, 55, false) })
	t.Run("legacy-fp", func(t *testing.T) { runFp(t, LegacyFp(), &fpLegacyTable, 5, 63, true) })
	t.Run("kimchi-fq", func(t *testing.T) { runFq(t, KimchiFq(), &fqKimchiTable, 7, 55, false) })
	t.Run("legacy-fq", func(t *testing.T) { runFq(t, LegacyFq(), &fqLegacyTable, 5, 63, true) })
}

// TestNewParamsErrors checks that malformed tables are reported, not parsed.
func TestNewParamsErrors(t *testing.T) {
	good := fpKimchiTable
	short := constantTable{mds: good.mds, roundConstants: good.roundConstants[:10]}
	badMDS := constantTable{mds: good.mds, roundConstants: good.roundConstants}
	badMDS.mds[1][2] = "12x"
	badRC := constantTable{mds: good.mds, roundConstants: append([][3]string(nil), good.roundConstants...)}
	badRC.roundConstants[4][1] = ""
	tests := []struct {
		name string
		tab  *constantTable
		want string
	}{
		{"too few rows", &short, "10 round-constant rows"},
		{"bad mds", &badMDS, "mds[1][2]"},
		{"bad round constant", &badRC, "round constant [4][1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newParams[fp.Element]("x", tc.tab, 7, 55, false)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

// TestKnownHashes checks the o1js values quoted in the project brief and
// that the empty hash is one permutation of the zero state.
func TestKnownHashes(t *testing.T) {
	tests := []struct {
		name  string
		input []uint64
		want  string
	}{
		{"[1,2,3]", []uint64{1, 2, 3}, "24619730558757750532171846435738270973938732743182802489305079455910969360336"},
		{"[]", nil, "21565680844461314807147611702860246336805372493508489110556896454939225549736"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := make([]fp.Element, len(tc.input))
			for i, v := range tc.input {
				in[i] = fpN(v)
			}
			if got := toBig[fp.Element](Hash(in)).String(); got != tc.want {
				t.Fatalf("Hash = %s, want %s", got, tc.want)
			}
		})
	}
	var zero [3]fp.Element
	KimchiFp().Permute(&zero)
	if h := Hash(nil); !h.Equal(&zero[0]) {
		t.Fatal("Hash([]) is not permute(0)[0]")
	}
}

func TestPrefixToField(t *testing.T) {
	tests := []struct {
		prefix  string
		want    string // little-endian hex of the first bytes, or "" on error
		wantErr string
	}{
		{"", "", ""},
		{"A", "41", ""},
		{"MinaSignatureMainnet", "4d696e615369676e61747572654d61696e6e6574", ""},
		{strings.Repeat("z", 31), strings.Repeat("7a", 31), ""},
		{strings.Repeat("z", 32), "", "longer than 31"},
		{"Mina\u00e9", "", "non-ASCII"},
	}
	for _, tc := range tests {
		t.Run(tc.prefix, func(t *testing.T) {
			got, err := PrefixToField[fp.Element](tc.prefix)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if _, err := HashWithPrefix(tc.prefix, nil); err == nil {
					t.Fatal("HashWithPrefix accepted the prefix")
				}
				if _, err := KimchiFq().Salt(tc.prefix); err == nil {
					t.Fatal("Salt accepted the prefix")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := mustHexFp(t, tc.want+strings.Repeat("00", 32-len(tc.want)/2))
			if !got.Equal(&want) {
				t.Fatalf("PrefixToField = %s, want %s", got.String(), want.String())
			}
		})
	}
}

// TestHashWithPrefixStructure checks hashWithPrefix = update(salt, input)[0]
// with salt = update(0, [prefix]), including the extra permutation on empty
// input.
func TestHashWithPrefixStructure(t *testing.T) {
	p := KimchiFp()
	pf, err := PrefixToField[fp.Element]("MinaSignatureMainnet")
	if err != nil {
		t.Fatal(err)
	}
	salt := [3]fp.Element{pf}
	p.Permute(&salt)
	for _, n := range []int{0, 1, 2, 3} {
		in := make([]fp.Element, n)
		for i := range in {
			in[i] = fpN(uint64(i + 10))
		}
		got, err := HashWithPrefix("MinaSignatureMainnet", in)
		if err != nil {
			t.Fatal(err)
		}
		// Model with a sponge positioned after the salt.
		st := salt
		if n == 0 {
			p.Permute(&st)
		}
		for i := 0; i < n; i += 2 {
			st[0].Add(&st[0], &in[i])
			if i+1 < n {
				st[1].Add(&st[1], &in[i+1])
			}
			p.Permute(&st)
		}
		if !got.Equal(&st[0]) {
			t.Fatalf("%d inputs: HashWithPrefix differs from the model", n)
		}
	}
}

// TestSpecialisedPermute checks the field-specific permutations against
// permuteGeneric, and that permute_fq.go is what go generate makes of
// permute_fp.go.
func TestSpecialisedPermute(t *testing.T) {
	for _, p := range []*ParamsFp{KimchiFp(), LegacyFp()} {
		a := [3]fp.Element{fpN(3), fpN(1), fpN(4)}
		b := a
		p.Permute(&a)
		permuteGeneric(p, &b)
		if a != b {
			t.Errorf("%s: specialised permutation differs", p.Name())
		}
	}
	for _, p := range []*ParamsFq{KimchiFq(), LegacyFq()} {
		a := [3]fq.Element{fqN(2), fqN(7), fqN(1)}
		b := a
		p.Permute(&a)
		permuteGeneric(p, &b)
		if a != b {
			t.Errorf("%s: specialised permutation differs", p.Name())
		}
	}
	src, err := os.ReadFile("permute_fp.go")
	if err != nil {
		t.Fatal(err)
	}
	gen, err := os.ReadFile("permute_fq.go")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	want = append(want, "// Code generated by go generate from permute_fp.go; DO NOT EDIT.", "")
	lines := strings.Split(string(src), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.Contains(line, "go:generate") {
			i++ // the directive and the blank line after it
			continue
		}
		line = strings.ReplaceAll(line, "fp", "fq")
		want = append(want, strings.ReplaceAll(line, "Fp", "Fq"))
	}
	if strings.Join(want, "\n") != string(gen) {
		t.Error("permute_fq.go is stale: run go generate ./kimchi/poseidon/")
	}
}
