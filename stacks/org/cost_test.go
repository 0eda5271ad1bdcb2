package org

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestCostAssumptionsParseAndValidate(t *testing.T) {
	o := Example()
	o.CostAssumptions = map[string]float64{"nat_gateway_gb": 250, "log_ingest_gb": 1.5}
	out, err := yaml.Marshal(o)
	require.NoError(t, err)
	require.Contains(t, string(out), "cost_assumptions:\n    log_ingest_gb: 1.5\n    nat_gateway_gb: 250\n")
	back, err := Parse("org.yaml", out)
	require.NoError(t, err)
	assert.Equal(t, o.CostAssumptions, back.CostAssumptions)

	tests := []struct {
		name string
		a    map[string]float64
		want []string
	}{
		{"unknown key", map[string]float64{"nat_gb": 1}, []string{`org.yaml: cost_assumptions.nat_gb 1: unknown key; known keys: `}},
		{"negative", map[string]float64{"s3_storage_gb": -5}, []string{`org.yaml: cost_assumptions.s3_storage_gb -5: must not be negative`}},
		{"above AWS's bound, every problem at once", map[string]float64{"kms_rotations": 3, "s3_storage_gb": -1}, []string{
			`org.yaml: cost_assumptions.kms_rotations 3: at most 2`,
			`org.yaml: cost_assumptions.s3_storage_gb -1: must not be negative`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Example()
			o.CostAssumptions = tt.a
			err := o.Validate("org.yaml")
			require.Error(t, err)
			lines := strings.Split(err.Error(), "\n")
			require.Len(t, lines, len(tt.want))
			for i, w := range tt.want {
				assert.True(t, strings.HasPrefix(lines[i], w), "line %q, want prefix %q", lines[i], w)
			}
		})
	}
}
