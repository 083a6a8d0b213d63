package o1js

import (
	"fmt"
	"sort"
)

// chunk cuts the steps, in order, into runs whose predicted rows (steps plus
// plumbing) stay within budget, and records which values each chunk receives
// and passes on. A single step above the budget gets a chunk of its own and
// fails when it exceeds MaxRows.
func (b *builder) chunk(budget int) error {
	m := b.m
	// lastUse[id] is the last step reading value id; the output is used "after" the end.
	lastUse := make([]int, len(m.Sizes))
	for i := range lastUse {
		lastUse[i] = -1
	}
	for i, s := range m.Steps {
		lastUse[s.X] = i
	}
	lastUse[m.Output.ID] = len(m.Steps)
	var chunks [][]int
	var cur []int
	rows := 0
	for i, s := range m.Steps {
		if len(cur) > 0 && rows+s.Rows > budget {
			chunks = append(chunks, cur)
			cur, rows = nil, 0
		}
		cur = append(cur, i)
		rows += s.Rows
	}
	if len(cur) > 0 {
		chunks = append(chunks, cur)
	}
	if len(chunks) == 0 {
		return fmt.Errorf("o1js generator: the model has no steps")
	}
	m.Chunks = nil
	for ci, steps := range chunks {
		first, last := steps[0], steps[len(steps)-1]
		ch := Chunk{Steps: steps}
		// live in: values defined before this chunk and read in or after it.
		for id := range m.Sizes {
			def := definedBy(m, id)
			if def < first && lastUse[id] >= first {
				ch.LiveIn = append(ch.LiveIn, id)
			}
			if def >= first && def <= last && lastUse[id] > last {
				ch.LiveOut = append(ch.LiveOut, id)
			}
		}
		if ci == len(chunks)-1 {
			ch.LiveOut = []int{m.Output.ID}
		} else {
			// values defined earlier and still needed later pass through
			for _, id := range ch.LiveIn {
				if lastUse[id] > last {
					ch.LiveOut = append(ch.LiveOut, id)
				}
			}
		}
		sort.Ints(ch.LiveIn)
		sort.Ints(ch.LiveOut)
		for _, si := range steps {
			ch.Rows += m.Steps[si].Rows
		}
		ch.Rows += chunkOverhead(m, &ch, ci == 0, ci == len(chunks)-1)
		if ch.Rows > MaxRows {
			return fmt.Errorf("o1js generator: chunk %d needs about %d rows, more than one circuit holds (%d); splitting a step across chunks is not implemented", ci, ch.Rows, MaxRows)
		}
		m.Chunks = append(m.Chunks, ch)
	}
	return nil
}

// definedBy returns the step index defining value id (−1 for the input).
func definedBy(m *Model, id int) int {
	for i, s := range m.Steps {
		if s.Y == id {
			return i
		}
	}
	return -1
}
