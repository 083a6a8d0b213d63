package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/urfave/cli/v2"
)

// progress shows the stage of a long operation with a spinner and elapsed
// times on stderr. It is active only when stdout is a terminal and --json is
// not given; otherwise every method does nothing.
type progress struct {
	w       io.Writer
	mu      sync.Mutex
	stage   string
	started time.Time
	stop    chan struct{}
	done    chan struct{}
}

// newProgress returns a progress display for the command, inactive under
// --json or when stdout is not a terminal.
func newProgress(c *cli.Context) *progress {
	if c.Bool("json") || !isTerminal(c.App.Writer) {
		return &progress{}
	}
	p := &progress{w: c.App.ErrWriter, stop: make(chan struct{}), done: make(chan struct{})}
	go p.spin()
	return p
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Stage ends the current stage (printing its time) and starts the next.
func (p *progress) Stage(name string) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finishLocked()
	p.stage, p.started = name, time.Now()
	p.drawLocked()
}

// Done ends the current stage and stops the spinner.
func (p *progress) Done() {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	p.finishLocked()
	p.stage = ""
	p.mu.Unlock()
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	<-p.done
}

func (p *progress) finishLocked() {
	if p.stage != "" {
		fmt.Fprintf(p.w, "\r\033[K  ✓ %s  %s\n", p.stage, fmtDuration(time.Since(p.started)))
	}
}

const spinnerFrames = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"

func (p *progress) drawLocked() {
	if p.stage == "" {
		return
	}
	frames := []rune(spinnerFrames)
	frame := string(frames[int(time.Since(p.started)/(100*time.Millisecond))%len(frames)])
	fmt.Fprintf(p.w, "\r\033[K  %s %s… %s", frame, p.stage, fmtDuration(time.Since(p.started)))
}

func (p *progress) spin() {
	defer close(p.done)
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.drawLocked()
			p.mu.Unlock()
		}
	}
}

func fmtDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}
