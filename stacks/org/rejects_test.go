package org

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rejectCase changes one thing of the example organization; its
// validation must fail with a line containing want.
type rejectCase struct {
	name   string
	mutate func(o *Organization)
	want   string
}

// rejects runs the cases: each problem is one line, prefixed with the
// source, containing the case's field and message.
func rejects(t *testing.T, cases []rejectCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			o := Example()
			tt.mutate(o)
			err := o.Validate("org.yaml")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "org.yaml: "+tt.want)
			for _, line := range strings.Split(err.Error(), "\n") {
				assert.True(t, strings.HasPrefix(line, "org.yaml: "), "every line names the source: %q", line)
			}
		})
	}
}
