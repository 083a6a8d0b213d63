package srs

import (
	"fmt"
	"testing"
)

func BenchmarkCreate(b *testing.B) {
	const depth = 1 << 16
	b.Run("pallas/2^16", func(b *testing.B) {
		for b.Loop() {
			if _, err := CreatePallas(depth); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("vesta/2^16", func(b *testing.B) {
		for b.Loop() {
			if _, err := CreateVesta(depth); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkLagrangeBasis(b *testing.B) {
	s, err := CreatePallas(1 << 16)
	if err != nil {
		b.Fatal(err)
	}
	for _, logN := range []int{12, 16} {
		b.Run(fmt.Sprintf("pallas/2^%d", logN), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.LagrangeBasis(1 << logN); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
