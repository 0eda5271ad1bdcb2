package tierspec

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckInstanceType(t *testing.T) {
	for in, ok := range map[string]bool{
		"t3.medium": true, "m5.large": true, "t3.micro": true, "c7i.48xlarge": true,
		"m5.medium": false, "t3.9xlarge": false, "t4g.micro": false, "m5": false, "": false, "x9.large": false,
	} {
		err := CheckInstanceType(in)
		assert.Equal(t, ok, err == nil, "%q: %v", in, err)
	}
}

func TestCapacity(t *testing.T) {
	tests := []struct {
		c  Capacity
		ok bool
	}{
		{Capacity{1, 1, 2}, true},
		{Capacity{2, 3, 6}, true},
		{Capacity{0, 0, 1}, true},
		{Capacity{2, 1, 3}, false},
		{Capacity{1, 4, 3}, false},
		{Capacity{-1, 0, 1}, false},
		{Capacity{0, 0, 0}, false},
	}
	for _, tt := range tests {
		err := tt.c.Check()
		assert.Equal(t, tt.ok, err == nil, "%+v: %v", tt.c, err)
	}
}
