package onnx

import "fmt"

// Window2D is the sliding-window geometry shared by Conv and the pooling
// ops, for one or two spatial dimensions; a 1-D window has H = KH = OH = 1.
// Output row o reads input rows o*SH - PadTop + k*DH for k in [0, KH), and
// likewise for columns; positions outside the input are padding.
type Window2D struct {
	H, W                                 int // input spatial size
	KH, KW                               int // kernel size
	SH, SW                               int // strides
	DH, DW                               int // dilations
	PadTop, PadLeft, PadBottom, PadRight int
	OH, OW                               int // output spatial size
}

// newWindow reads strides, dilations, pads and auto_pad for the given input
// spatial size and kernel (1 or 2 dimensions) and computes the output size,
// rounding up when ceil is set.
func newWindow(n *Node, spatial Shape, kernel []int, ceil bool) (Window2D, error) {
	r := len(spatial)
	if len(kernel) != r {
		return Window2D{}, invalidf("kernel_shape %v does not match %d spatial dimensions", kernel, r)
	}
	ones := make([]int, r)
	for i := range ones {
		ones[i] = 1
	}
	strides, err := n.Attrs.Ints("strides", ones)
	if err != nil {
		return Window2D{}, err
	}
	dil, err := n.Attrs.Ints("dilations", ones)
	if err != nil {
		return Window2D{}, err
	}
	pads, err := n.Attrs.Ints("pads", make([]int, 2*r))
	if err != nil {
		return Window2D{}, err
	}
	autoPad, err := n.Attrs.String("auto_pad", "NOTSET")
	if err != nil {
		return Window2D{}, err
	}
	for _, c := range []struct {
		name   string
		v      []int
		n, min int
	}{{"kernel_shape", kernel, r, 1}, {"strides", strides, r, 1}, {"dilations", dil, r, 1}, {"pads", pads, 2 * r, 0}} {
		if len(c.v) != c.n {
			return Window2D{}, invalidf("%s has %d values, want %d", c.name, len(c.v), c.n)
		}
		if err := checkRange(c.name, c.v, c.min, maxAttrValue); err != nil {
			return Window2D{}, err
		}
	}
	begin, end, out := make([]int, r), make([]int, r), make([]int, r)
	for i := 0; i < r; i++ {
		in, ext, s := spatial[i], (kernel[i]-1)*dil[i]+1, strides[i]
		switch autoPad {
		case "NOTSET", "":
			begin[i], end[i] = pads[i], pads[i+r]
			span := in + begin[i] + end[i] - ext
			if span < 0 {
				return Window2D{}, invalidf("kernel extent %d exceeds padded input %d on spatial axis %d", ext, in+begin[i]+end[i], i)
			}
			out[i] = span/s + 1
			if ceil {
				out[i] = ceilDiv(span, s) + 1
				if (out[i]-1)*s >= in+begin[i] { // the last window would start in the end padding
					out[i]--
				}
			}
		case "VALID":
			if in < ext {
				return Window2D{}, invalidf("kernel extent %d exceeds input %d on spatial axis %d", ext, in, i)
			}
			out[i] = (in-ext)/s + 1
		case "SAME_UPPER", "SAME_LOWER":
			out[i] = ceilDiv(in, s)
			total := max(0, (out[i]-1)*s+ext-in)
			begin[i] = total / 2
			if autoPad == "SAME_LOWER" {
				begin[i] = total - total/2
			}
			end[i] = total - begin[i]
		default:
			return Window2D{}, &UnsupportedError{What: fmt.Sprintf("auto_pad %q", autoPad)}
		}
	}
	if err := checkShape(Shape(out)); err != nil {
		return Window2D{}, err
	}
	w := Window2D{H: 1, KH: 1, SH: 1, DH: 1, OH: 1}
	last := r - 1
	w.W, w.KW, w.SW, w.DW, w.PadLeft, w.PadRight, w.OW = spatial[last], kernel[last], strides[last], dil[last], begin[last], end[last], out[last]
	if r == 2 {
		w.H, w.KH, w.SH, w.DH, w.PadTop, w.PadBottom, w.OH = spatial[0], kernel[0], strides[0], dil[0], begin[0], end[0], out[0]
	}
	return w, nil
}

// ceilDiv is ⌈a/b⌉ for b > 0 and any sign of a.
func ceilDiv(a, b int) int {
	if a <= 0 {
		return -(-a / b)
	}
	return (a + b - 1) / b
}

// ValidRange returns the output indices [lo, hi) whose kernel tap k reads
// inside an input of length in, for a window with the given leading pad,
// stride and dilation and out outputs.
func ValidRange(k, pad, stride, dil, in, out int) (lo, hi int) {
	lo = max(0, ceilDiv(pad-k*dil, stride))
	hi = min(out, ceilDiv(in+pad-k*dil, stride))
	if hi < lo {
		hi = lo
	}
	return lo, hi
}

// RowRange is ValidRange for kernel row kh.
func (w *Window2D) RowRange(kh int) (lo, hi int) {
	return ValidRange(kh, w.PadTop, w.SH, w.DH, w.H, w.OH)
}

// ColRange is ValidRange for kernel column kw.
func (w *Window2D) ColRange(kw int) (lo, hi int) {
	return ValidRange(kw, w.PadLeft, w.SW, w.DW, w.W, w.OW)
}

// Taps calls f, in row-major kernel order, for each tap (kh, kw) of output
// (oh, ow)'s window that reads inside the input, at input row ih and column
// iw; taps in the padding, or past it under ceil_mode, are skipped.
func (w *Window2D) Taps(oh, ow int, f func(ih, iw, kh, kw int)) {
	for kh := range w.KH {
		ih := oh*w.SH - w.PadTop + kh*w.DH
		if ih < 0 || ih >= w.H {
			continue
		}
		for kw := range w.KW {
			iw := ow*w.SW - w.PadLeft + kw*w.DW
			if iw < 0 || iw >= w.W {
				continue
			}
			f(ih, iw, kh, kw)
		}
	}
}

// checkCoverage rejects windows that lie entirely in the padding, where a
// pool would have nothing to reduce.
func (w *Window2D) checkCoverage() error {
	for _, ax := range []struct {
		name                  string
		k, pad, s, d, in, out int
	}{{"row", w.KH, w.PadTop, w.SH, w.DH, w.H, w.OH}, {"column", w.KW, w.PadLeft, w.SW, w.DW, w.W, w.OW}} {
		for o := 0; o < ax.out; o++ {
			start := o*ax.s - ax.pad // taps read start + k*d, k in [0, K)
			lo := max(0, ceilDiv(-start, ax.d))
			hi := min(ax.k-1, floorDiv(ax.in-1-start, ax.d))
			if lo > hi {
				return invalidf("the window of output %s %d lies entirely in the padding", ax.name, o)
			}
		}
	}
	return nil
}

// floorDiv is ⌊a/b⌋ for b > 0 and any sign of a.
func floorDiv(a, b int) int {
	if a >= 0 {
		return a / b
	}
	return -((-a + b - 1) / b)
}
