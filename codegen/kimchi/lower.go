package kcircuit

import (
	"errors"
	"fmt"
	"math"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/quant"
)

// maxAccBits bounds |N| for every division: far below log2(p)−1 ≈ 253, so
// that N = y·d + r holds over the integers whenever it holds in the field.
const maxAccBits = 200

// operand returns the elements of st.Inputs[i]: a computed value, a
// constant (circuit constants, or private cells for hashed weights).
func (l *lowering) operand(si int, st *quant.Step, i int) ([]elem, error) {
	if i >= len(st.Inputs) {
		return nil, fmt.Errorf("missing input %d", i)
	}
	op := &st.Inputs[i]
	switch op.Kind {
	case quant.OperandValue:
		es, ok := l.vals[op.Name]
		if !ok {
			return nil, fmt.Errorf("value %q not computed", op.Name)
		}
		if len(es) != op.Shape.Size() {
			return nil, fmt.Errorf("value %q has %d elements, want %d", op.Name, len(es), op.Shape.Size())
		}
		return es, nil
	case quant.OperandConst:
		if op.Const == nil {
			return nil, fmt.Errorf("constant input %d holds no data", i)
		}
		if es, ok := l.wvals[weightRef{si, i}]; ok {
			return es, nil
		}
		es := make([]elem, len(op.Const.Data))
		for j, v := range op.Const.Data {
			es[j] = constElem(v)
		}
		return es, nil
	}
	return nil, fmt.Errorf("input %d (%q) holds no fixed-point data", i, op.Name)
}

func present(st *quant.Step, i int) bool {
	return i < len(st.Inputs) && (st.Inputs[i].Kind == quant.OperandValue || st.Inputs[i].Kind == quant.OperandConst)
}

func (l *lowering) step(si int, st *quant.Step) error {
	var out []elem
	var err error
	switch st.Kind {
	case quant.KindMove:
		out, err = l.move(si, st)
	case quant.KindMatMul:
		out, err = l.matmul(si, st)
	case quant.KindGemm:
		out, err = l.gemm(si, st)
	case quant.KindConv:
		out, err = l.conv(si, st)
	case quant.KindAdd, quant.KindSub:
		out, err = l.addSub(si, st)
	case quant.KindMul:
		out, err = l.mul(si, st)
	case quant.KindDivRound:
		out, err = l.divRound(si, st)
	case quant.KindRelu, quant.KindLeakyRelu, quant.KindClip:
		out, err = l.activation(si, st)
	case quant.KindTable:
		out, err = l.table(si, st)
	case quant.KindSoftmax:
		out, err = l.softmax(si, st)
	case quant.KindMaxPool, quant.KindAvgPool:
		out, err = l.pool(si, st)
	case quant.KindBatchNorm:
		out, err = l.batchNorm(si, st)
	default:
		err = fmt.Errorf("unsupported kernel %v", st.Kind)
	}
	if err != nil {
		return err
	}
	if len(out) != st.OutShape.Size() {
		return fmt.Errorf("lowered %d elements, output shape %v", len(out), st.OutShape)
	}
	l.vals[st.Output] = out
	return nil
}

// accum is a dot-product accumulator: the linear part over cells, the
// products of two cells (hashed weights, computed×computed) as new cells,
// and a running bound Σ|term| (float, only compared with 2^maxAccBits).
type accum struct {
	l     lin
	bound float64
}

func maxAbs(e elem) float64 { return math.Max(math.Abs(float64(e.lo)), math.Abs(float64(e.hi))) }

func (l *lowering) mac(a *accum, x, w elem) {
	a.bound += maxAbs(x) * maxAbs(w)
	var one fp.Element
	one.SetOne()
	switch {
	case w.isConst():
		a.l.addElem(x, w.k)
	case x.isConst():
		a.l.addElem(w, x.k)
	default:
		a.l.addCell(l.c.mulElems(x, w), one)
	}
}

func (a *accum) addElem(e elem, scale int) {
	a.bound += maxAbs(e) * math.Ldexp(1, scale)
	a.l.addElem(e, pow2(scale))
}

// rescaleAcc turns an accumulator into the step's output element:
// rescale(acc, shift) = floor((acc + 2^(shift−1)) / 2^shift) for shift > 0,
// acc·2^(−shift) otherwise, proving the 32-bit output range.
func (l *lowering) rescaleAcc(a *accum, shift int) (elem, error) {
	if a.bound >= math.Ldexp(1, maxAccBits-2) {
		return elem{}, fmt.Errorf("accumulator bound 2^%.0f too large", math.Log2(a.bound))
	}
	if shift > 0 {
		if shift > 62 {
			return elem{}, fmt.Errorf("rescale by 2^%d", shift)
		}
		a.l.addConst(pow2(shift - 1))
		return l.c.divConst(a.l, int64(1)<<shift, 32)
	}
	if shift < 0 {
		f := pow2(-shift)
		for i := range a.l.terms {
			a.l.terms[i].coef.Mul(&a.l.terms[i].coef, &f)
		}
		a.l.k.Mul(&a.l.k, &f)
	}
	return l.c.ensure32(a.l, -(1 << 40), 1<<40) // force the range check
}

func (l *lowering) matmul(si int, st *quant.Step) ([]elem, error) {
	g := st.MatMul
	if g == nil {
		return nil, errors.New("no MatMul geometry")
	}
	A, err := l.operand(si, st, 0)
	if err != nil {
		return nil, err
	}
	B, err := l.operand(si, st, 1)
	if err != nil {
		return nil, err
	}
	out := make([]elem, 0, st.OutShape.Size())
	for bi := range g.AOffsets {
		ao, bo := g.AOffsets[bi], g.BOffsets[bi]
		for m := range g.M {
			for n := range g.N {
				var acc accum
				for k := range g.K {
					l.mac(&acc, A[ao+m*g.K+k], B[bo+k*g.N+n])
				}
				y, err := l.rescaleAcc(&acc, st.Shift)
				if err != nil {
					return nil, fmt.Errorf("element %d: %w", len(out), err)
				}
				out = append(out, y)
			}
		}
	}
	return out, nil
}

func (l *lowering) gemm(si int, st *quant.Step) ([]elem, error) {
	g := st.Gemm
	if g == nil {
		return nil, errors.New("no Gemm geometry")
	}
	A, err := l.operand(si, st, 0)
	if err != nil {
		return nil, err
	}
	B, err := l.operand(si, st, 1)
	if err != nil {
		return nil, err
	}
	amS, akS := g.K, 1
	if g.TransA {
		amS, akS = 1, g.M
	}
	bkS, bnS := g.N, 1
	if g.TransB {
		bkS, bnS = 1, g.K
	}
	var C []elem
	biasShift := 0
	if present(st, 2) {
		if C, err = l.operand(si, st, 2); err != nil {
			return nil, err
		}
		biasShift = st.AccScale - st.Inputs[2].Scale
		if g.COffsets == nil {
			return nil, errors.New("bias without offsets")
		}
	}
	out := make([]elem, g.M*g.N)
	for m := range g.M {
		for n := range g.N {
			idx := m*g.N + n
			var acc accum
			if C != nil {
				acc.addElem(C[g.COffsets[idx]], biasShift)
			}
			ai, bj := m*amS, n*bnS
			for k := range g.K {
				l.mac(&acc, A[ai+k*akS], B[bj+k*bkS])
			}
			y, err := l.rescaleAcc(&acc, st.Shift)
			if err != nil {
				return nil, fmt.Errorf("element %d: %w", idx, err)
			}
			out[idx] = y
		}
	}
	return out, nil
}

func (l *lowering) conv(si int, st *quant.Step) ([]elem, error) {
	g := st.Conv
	if g == nil {
		return nil, errors.New("no Conv geometry")
	}
	X, err := l.operand(si, st, 0)
	if err != nil {
		return nil, err
	}
	Wt, err := l.operand(si, st, 1)
	if err != nil {
		return nil, err
	}
	var bias []elem
	if present(st, 2) {
		if bias, err = l.operand(si, st, 2); err != nil {
			return nil, err
		}
	}
	Cg, Mg := g.C/g.Group, g.M/g.Group
	H, W, KH, KW := g.H, g.W, g.KH, g.KW
	out := make([]elem, 0, st.OutShape.Size())
	for n := range g.N {
		for m := range g.M {
			grp := m / Mg
			for oh := range g.OH {
				for ow := range g.OW {
					var acc accum
					if bias != nil {
						acc.addElem(bias[m], 0)
					}
					for ch := range Cg {
						xb := (n*g.C + grp*Cg + ch) * H * W
						wb := (m*Cg + ch) * KH * KW
						for kh := range KH {
							ih := oh*g.SH - g.PadTop + kh*g.DH
							if ih < 0 || ih >= H {
								continue
							}
							for kw := range KW {
								iw := ow*g.SW - g.PadLeft + kw*g.DW
								if iw < 0 || iw >= W {
									continue
								}
								l.mac(&acc, X[xb+ih*W+iw], Wt[wb+kh*KW+kw])
							}
						}
					}
					y, err := l.rescaleAcc(&acc, st.Shift)
					if err != nil {
						return nil, fmt.Errorf("element %d: %w", len(out), err)
					}
					out = append(out, y)
				}
			}
		}
	}
	return out, nil
}

func (l *lowering) batchNorm(si int, st *quant.Step) ([]elem, error) {
	X, err := l.operand(si, st, 0)
	if err != nil {
		return nil, err
	}
	A, err := l.operand(si, st, 1)
	if err != nil {
		return nil, err
	}
	Bv, err := l.operand(si, st, 2)
	if err != nil {
		return nil, err
	}
	xs := st.Inputs[0].Shape
	if len(xs) < 2 {
		return nil, fmt.Errorf("input shape %v", xs)
	}
	C, inner := xs[1], onnx.Shape(xs[2:]).Size()
	out := make([]elem, len(X))
	for i, q := range X {
		ch := (i / inner) % C
		var acc accum
		acc.addElem(Bv[ch], 0)
		l.mac(&acc, q, A[ch])
		if out[i], err = l.rescaleAcc(&acc, st.Shift); err != nil {
			return nil, fmt.Errorf("element %d: %w", i, err)
		}
	}
	return out, nil
}

// bcast returns the broadcast offsets of input i into the output.
func bcast(st *quant.Step, i int) []int {
	return onnx.BroadcastOffsets(st.Inputs[i].Shape, st.OutShape)
}

func (l *lowering) addSub(si int, st *quant.Step) ([]elem, error) {
	A, err := l.operand(si, st, 0)
	if err != nil {
		return nil, err
	}
	B, err := l.operand(si, st, 1)
	if err != nil {
		return nil, err
	}
	da, db := st.OutScale-st.Inputs[0].Scale, st.OutScale-st.Inputs[1].Scale
	if da < 0 || db < 0 || da > 62 || db > 62 {
		return nil, fmt.Errorf("alignment shifts %d, %d", da, db)
	}
	ia, ib := bcast(st, 0), bcast(st, 1)
	sign := int64(1)
	if st.Kind == quant.KindSub {
		sign = -1
	}
	out := make([]elem, st.OutShape.Size())
	for i := range out {
		a := A[ia[i]].scaled(int64(1) << da)
		bb := B[ib[i]].scaled(sign << db)
		var ln lin
		var one fp.Element
		one.SetOne()
		ln.addElem(a, one)
		ln.addElem(bb, one)
		if out[i], err = l.c.ensure32(ln, satAdd(a.lo, bb.lo), satAdd(a.hi, bb.hi)); err != nil {
			return nil, fmt.Errorf("element %d: %w", i, err)
		}
	}
	return out, nil
}

func (l *lowering) mul(si int, st *quant.Step) ([]elem, error) {
	A, err := l.operand(si, st, 0)
	if err != nil {
		return nil, err
	}
	B, err := l.operand(si, st, 1)
	if err != nil {
		return nil, err
	}
	ia, ib := bcast(st, 0), bcast(st, 1)
	out := make([]elem, st.OutShape.Size())
	for i := range out {
		var acc accum
		l.mac(&acc, A[ia[i]], B[ib[i]])
		if out[i], err = l.rescaleAcc(&acc, st.Shift); err != nil {
			return nil, fmt.Errorf("element %d: %w", i, err)
		}
	}
	return out, nil
}

func (l *lowering) divRound(si int, st *quant.Step) ([]elem, error) {
	A, err := l.operand(si, st, 0)
	if err != nil {
		return nil, err
	}
	op := &st.Inputs[1]
	if op.Kind != quant.OperandConst || op.Const == nil {
		return nil, errors.New("divisor is not a constant")
	}
	D := op.Const.Data
	ia, ib := bcast(st, 0), bcast(st, 1)
	out := make([]elem, st.OutShape.Size())
	for i := range out {
		q, d := A[ia[i]], D[ib[i]]
		sg := int64(1)
		if d < 0 {
			sg, d = -1, -d
		}
		if d == 0 || d > quant.MaxDivisor {
			return nil, fmt.Errorf("divisor %d", D[ib[i]])
		}
		// 2·q·sgn(d) + |d| = y·2|d| + r, 0 ≤ r < 2|d|
		var ln lin
		ln.addElem(q, fe(2*sg))
		ln.addConst(fe(d))
		if out[i], err = l.c.divConst(ln, 2*d, 32); err != nil {
			return nil, fmt.Errorf("element %d: %w", i, err)
		}
	}
	return out, nil
}

func (l *lowering) activation(si int, st *quant.Step) ([]elem, error) {
	X, err := l.operand(si, st, 0)
	if err != nil {
		return nil, err
	}
	out := make([]elem, len(X))
	for i, q := range X {
		var y elem
		switch st.Kind {
		case quant.KindRelu:
			y, err = l.c.relu(q)
		case quant.KindLeakyRelu:
			y, err = l.leaky(st, q)
		case quant.KindClip:
			y, err = l.clamp(q, st.Lo, st.Hi)
		}
		if err != nil {
			return nil, fmt.Errorf("element %d: %w", i, err)
		}
		out[i] = y
	}
	return out, nil
}

// clamp returns min(max(q, lo), hi) = hi − relu(hi − (lo + relu(q − lo))),
// skipping the comparisons the bounds decide.
func (l *lowering) clamp(q elem, lo, hi int64) (elem, error) {
	if lo > hi {
		return elem{}, fmt.Errorf("clamp bounds %d > %d", lo, hi)
	}
	y := q
	if y.lo < lo {
		r, err := l.c.relu(y.plus(-lo))
		if err != nil {
			return elem{}, err
		}
		y = r.plus(lo)
	}
	if y.hi > hi {
		r, err := l.c.relu(y.scaled(-1).plus(hi))
		if err != nil {
			return elem{}, err
		}
		y = r.scaled(-1).plus(hi)
	}
	y.lo, y.hi = max(y.lo, lo), min(y.hi, hi)
	return y, nil
}

// leaky is LeakyRelu: y = q if q ≥ 0 else z = rescale(q·M, Shift), as
// y = z + s·(q − z).
func (l *lowering) leaky(st *quant.Step, q elem) (elem, error) {
	if q.lo >= 0 {
		return q, nil
	}
	if st.Shift <= 0 {
		return elem{}, fmt.Errorf("LeakyRelu shift %d", st.Shift)
	}
	// z may leave 32 bits when |M| > 2^Shift and q ≥ 0 (then it is unused):
	// widen its range so that the honest witness always exists.
	wz := 32 + max(0, bitLen(abs64(st.Multiplier))-st.Shift+1)
	if wz > 40 {
		return elem{}, fmt.Errorf("LeakyRelu multiplier %d too large", st.Multiplier)
	}
	var acc accum
	l.mac(&acc, q, constElem(st.Multiplier))
	acc.l.addConst(pow2(st.Shift - 1))
	z, err := l.c.divConst(acc.l, int64(1)<<st.Shift, wz)
	if err != nil {
		return elem{}, err
	}
	if wz == 32 && q.hi < 0 {
		return z, nil
	}
	var y elem
	if q.hi < 0 {
		y = z
	} else {
		s, _, _, err := l.c.sign(q)
		if err != nil {
			return elem{}, err
		}
		var one, neg fp.Element
		one.SetOne()
		neg.Neg(&one)
		var ld lin
		ld.addElem(q, one)
		ld.addElem(z, neg)
		d, err := l.c.sumCell(ld)
		if err != nil {
			return elem{}, err
		}
		p := l.c.mulElems(cellElem(s, 0, 1), cellElem(d, 0, 0))
		var ly lin
		ly.addElem(z, one)
		ly.addCell(p, one)
		yc, err := l.c.sumCell(ly)
		if err != nil {
			return elem{}, err
		}
		y = cellElem(yc, min(q.lo, z.lo), max(q.hi, z.hi))
	}
	if y.in32() {
		return y, nil
	}
	var one fp.Element
	one.SetOne()
	var ln lin
	ln.addElem(y, one)
	return l.c.ensure32(ln, y.lo, y.hi)
}

// lookup returns Table(clamp(u)) with the table's saturation: the index is
// clamped to [Min, Min+len−1] by comparisons, then (index, entry) is looked
// up in the step's fixed table.
func (l *lowering) lookup(t *quant.Table, u elem) (elem, error) {
	id, ok := l.tables[t]
	if !ok {
		return elem{}, fmt.Errorf("table %s not registered", t.Name)
	}
	n := int64(len(t.Entries))
	idx, err := l.clamp(u, t.Min, t.Min+n-1)
	if err != nil {
		return elem{}, err
	}
	iv := l.c.v(idx)
	y := l.c.hintV(func(in, out []fp.Element) error {
		v, err := signed64(&in[0])
		if err != nil {
			return err
		}
		out[0] = fe(t.Lookup(v))
		l.c.adjust("lookup", int64(id), in, out)
		return nil
	}, 1, iv)[0]
	l.c.b.Lookup(id, iv, l.c.cells[y])
	l.c.lookups++
	lo, hi := t.Entries[0], t.Entries[0]
	for _, e := range t.Entries {
		lo, hi = min(lo, e), max(hi, e)
	}
	return cellElem(y, lo, hi), nil
}

// shiftDown is rescale(q, shift) of one element (shift ≥ 0).
func (l *lowering) shiftDown(q elem, shift int) (elem, error) {
	if shift == 0 {
		return q, nil
	}
	var acc accum
	var one fp.Element
	one.SetOne()
	acc.l.addElem(q, one)
	acc.bound = maxAbs(q)
	return l.rescaleAcc(&acc, shift)
}

func (l *lowering) table(si int, st *quant.Step) ([]elem, error) {
	if st.Table == nil {
		return nil, errors.New("no table")
	}
	X, err := l.operand(si, st, 0)
	if err != nil {
		return nil, err
	}
	out := make([]elem, len(X))
	for i, q := range X {
		u, err := l.shiftDown(q, st.Shift)
		if err != nil {
			return nil, fmt.Errorf("element %d: %w", i, err)
		}
		if out[i], err = l.lookup(st.Table, u); err != nil {
			return nil, fmt.Errorf("element %d: %w", i, err)
		}
	}
	return out, nil
}

func (l *lowering) softmax(si int, st *quant.Step) ([]elem, error) {
	sp := st.Softmax
	if sp == nil || st.Table == nil {
		return nil, errors.New("no softmax layout or table")
	}
	X, err := l.operand(si, st, 0)
	if err != nil {
		return nil, err
	}
	if sp.Outer*sp.Len*sp.Inner != len(X) || sp.Len < 1 {
		return nil, fmt.Errorf("layout %+v for %d elements", *sp, len(X))
	}
	S := st.OutScale
	c := l.c
	var one, neg fp.Element
	one.SetOne()
	neg.Neg(&one)
	out := make([]elem, len(X))
	row := make([]elem, sp.Len)
	for o := range sp.Outer {
		for in := range sp.Inner {
			base := o*sp.Len*sp.Inner + in
			for j := range row {
				row[j] = X[base+j*sp.Inner]
			}
			m, err := c.maxOf(row)
			if err != nil {
				return nil, err
			}
			// e_j = exp(rescale(x_j − m)); x_j − m ≤ 0 is proven by maxOf.
			es := make([]elem, sp.Len)
			var zl lin
			zhi := int64(0)
			for j, x := range row {
				var d accum
				d.l.addElem(x, one)
				d.l.addElem(m, neg)
				d.bound = maxAbs(x) + maxAbs(m)
				u, err := l.rescaleAcc(&d, st.Shift)
				if err != nil {
					return nil, err
				}
				u.hi = min(u.hi, 0)
				if es[j], err = l.lookup(st.Table, u); err != nil {
					return nil, err
				}
				zl.addElem(es[j], one)
				zhi = satAdd(zhi, es[j].hi)
			}
			// Z = Σ e_j = 2h + z0; y_j·Z + r_j = e_j·2^S + h, 0 ≤ r_j < Z.
			Z, err := c.sumCell(zl)
			if err != nil {
				return nil, err
			}
			hz := c.hint(func(in, out []fp.Element) error {
				v, err := signed64(&in[0])
				if err != nil || v < 0 {
					return fmt.Errorf("softmax sum %s", in[0].String())
				}
				out[0] = fe(v / 2)
				out[1] = fe(v % 2)
				return nil
			}, 2, Z)
			h, z0 := hz[0], hz[1]
			c.b.AssertBool(c.cells[z0])
			var two fp.Element
			two = fe(-2)
			var lz lin
			lz.addCell(Z, one)
			lz.addCell(h, two)
			lz.addCell(z0, neg)
			if err := c.assertLin(lz); err != nil {
				return nil, err
			}
			zBits := bitLen(zhi)
			yBits := S + 1
			for j := range row {
				scaleS := pow2(S)
				yr := c.hint(func(in, out []fp.Element) error {
					e, err1 := signed64(&in[0])
					hv, err2 := signed64(&in[1])
					z, err3 := signed64(&in[2])
					if err := errors.Join(err1, err2, err3); err != nil {
						return err
					}
					if z <= 0 {
						return fmt.Errorf("softmax sum %d", z)
					}
					num := e<<S + hv
					out[0] = fe(num / z)
					out[1] = fe(num % z)
					c.adjust("softmax", z, in, out)
					return nil
				}, 2, es[j].cellOrNew(c), h, Z)
				y, r := yr[0], yr[1]
				p := c.mulElems(cellElem(y, 0, 0), cellElem(Z, 0, 0))
				var lc lin
				lc.addElem(es[j], scaleS)
				lc.addCell(h, one)
				lc.addCell(p, neg)
				lc.addCell(r, neg)
				if err := c.assertLin(lc); err != nil {
					return nil, err
				}
				if err := c.rangeLoose(y, yBits); err != nil {
					return nil, err
				}
				if err := c.rangeLoose(r, zBits); err != nil {
					return nil, err
				}
				var lr lin
				lr.addCell(Z, one)
				lr.addCell(r, neg)
				lr.addConst(neg)
				rr, err := c.sumCell(lr)
				if err != nil {
					return nil, err
				}
				if err := c.rangeLoose(rr, zBits); err != nil {
					return nil, err
				}
				out[base+j*sp.Inner] = cellElem(y, 0, int64(1)<<yBits-1)
			}
		}
	}
	return out, nil
}

// cellOrNew returns e's cell when e is a bare cell (the lookup outputs are).
func (e elem) cellOrNew(c *compiler) int32 {
	if e.cell >= 0 && e.a.IsOne() && e.k.IsZero() {
		return e.cell
	}
	z, err := c.elemCell(e)
	if err != nil {
		return e.cell
	}
	return z
}

func (l *lowering) pool(si int, st *quant.Step) ([]elem, error) {
	g := st.Pool
	if g == nil {
		return nil, errors.New("no pool geometry")
	}
	X, err := l.operand(si, st, 0)
	if err != nil {
		return nil, err
	}
	H, W := g.H, g.W
	if len(X) != g.N*g.C*H*W {
		return nil, fmt.Errorf("pool input has %d elements", len(X))
	}
	var one fp.Element
	one.SetOne()
	out := make([]elem, 0, g.N*g.C*g.OH*g.OW)
	for p := range g.N * g.C {
		plane := X[p*H*W : (p+1)*H*W]
		for oh := range g.OH {
			for ow := range g.OW {
				var taps []elem
				g.Taps(oh, ow, func(ih, iw, _, _ int) {
					taps = append(taps, plane[ih*W+iw])
				})
				count := int64(g.Divisor(oh, ow))
				if len(taps) == 0 || count == 0 {
					return nil, fmt.Errorf("window (%d,%d) holds no tap", oh, ow)
				}
				var y elem
				if st.Kind == quant.KindMaxPool {
					y, err = l.c.maxOf(taps)
				} else {
					// 2·sum + n = y·2n + r, 0 ≤ r < 2n
					var ln lin
					for _, t := range taps {
						ln.addElem(t, fe(2))
					}
					ln.addConst(fe(count))
					y, err = l.c.divConst(ln, 2*count, 32)
				}
				if err != nil {
					return nil, fmt.Errorf("window (%d,%d): %w", oh, ow, err)
				}
				out = append(out, y)
			}
		}
	}
	return out, nil
}

// idBase encodes the elements of data inputs as distinct float64 ids for
// the reference kernel: constants and values get disjoint id ranges; any
// other number in the kernel's output is Pad's constant.
const idBase = 1 << 40

// move rewires elements: the reference kernel runs on element ids, so the
// output says which input element (or Pad's constant) lands where. No
// constraint is added unless an alignment shift leaves the 32-bit range.
func (l *lowering) move(si int, st *quant.Step) ([]elem, error) {
	switch st.Node.Op {
	case "Identity", "Dropout", "Cast":
		return l.aligned(si, st, 0)
	}
	var pool []elem
	in := make([]*onnx.Tensor, len(st.Inputs))
	for i := range st.Inputs {
		op := &st.Inputs[i]
		switch op.Kind {
		case quant.OperandAbsent:
			continue
		case quant.OperandParam:
			in[i] = op.Raw
			continue
		}
		if !quant.MoveData(st.Node.Op, i) {
			return nil, fmt.Errorf("computed %s input %d %q (data-dependent indices are not supported in circuits)", st.Node.Op, i, op.Name)
		}
		t := &onnx.Tensor{DType: l.prog.Graph.Types[op.Name], Shape: op.Shape.Clone()}
		if op.Kind == quant.OperandConst {
			t.DType = onnx.Float
		}
		if st.Node.Op == "Pad" && i == 2 && op.Kind == quant.OperandConst {
			t.Data = make([]float64, op.Shape.Size())
			for j := range t.Data {
				t.Data[j] = -1
			}
			in[i] = t
			continue
		}
		es, err := l.aligned(si, st, i)
		if err != nil {
			return nil, err
		}
		t.Data = make([]float64, len(es))
		for j := range es {
			t.Data[j] = float64(idBase + len(pool) + j)
		}
		pool = append(pool, es...)
		in[i] = t
	}
	res, err := onnx.EvalNode(st.Node, in, l.prog.Graph.Opset)
	if err != nil {
		return nil, fmt.Errorf("reference kernel on ids: %w", err)
	}
	if len(res) == 0 || res[0] == nil || len(res[0].Data) != st.OutShape.Size() {
		return nil, fmt.Errorf("reference kernel returned no output of shape %v", st.OutShape)
	}
	out := make([]elem, len(res[0].Data))
	for i, v := range res[0].Data {
		id := v - idBase
		if id >= 0 && id < float64(len(pool)) && id == math.Trunc(id) {
			out[i] = pool[int(id)]
			continue
		}
		if st.Node.Op != "Pad" {
			return nil, fmt.Errorf("reference kernel produced %v, not an element id", v)
		}
		out[i] = constElem(st.PadValue)
	}
	return out, nil
}

// aligned returns input i's elements aligned to the output scale by exact
// multiplication, range-checked only when the bounds leave 32 bits.
func (l *lowering) aligned(si int, st *quant.Step, i int) ([]elem, error) {
	es, err := l.operand(si, st, i)
	if err != nil {
		return nil, err
	}
	op := &st.Inputs[i]
	shift := 0
	if op.Kind == quant.OperandValue {
		shift = st.OutScale - op.Scale
	}
	if shift == 0 {
		return es, nil
	}
	if shift < 0 || shift > 62 {
		return nil, fmt.Errorf("alignment shift %d", shift)
	}
	out := make([]elem, len(es))
	var one fp.Element
	one.SetOne()
	for j, e := range es {
		y := e.scaled(int64(1) << shift)
		if !y.in32() {
			var ln lin
			ln.addElem(y, one)
			if y, err = l.c.ensure32(ln, y.lo, y.hi); err != nil {
				return nil, err
			}
		}
		out[j] = y
	}
	return out, nil
}
