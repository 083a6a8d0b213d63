// Package prefetch asks the CPU to bring a cache line in ahead of a write,
// for loops whose stores land at scattered addresses the hardware prefetcher
// cannot predict (the MSM's bucket sort). On amd64 it is one PREFETCHW;
// elsewhere, and under the purego tag, it does nothing.
package prefetch
